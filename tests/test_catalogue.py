from wijkkaart.catalogue import LABEL_CLASSES, catalogue, label_score
from wijkkaart.messages import set_language


def test_every_indicator_is_complete_and_weights_exist():
    cat = catalogue()
    assert len(cat) > 60
    for ind in cat:
        assert ind.nl and ind.en and ind.definition_nl and ind.definition_en and ind.source
        if ind.aggregation == "weighted_mean":
            assert ind.weight in cat, ind.id
            assert cat[ind.weight].aggregation == "sum", f"{ind.id} weighted by a non-count"


def test_weights_follow_the_unit_of_the_percentage():
    cat = catalogue()
    assert cat["percentage_koopwoningen"].weight == "woningvoorraad"
    assert cat["perc_huurwoningen_in_bezit_woningcorporaties"].weight == "woningvoorraad"
    assert cat["percentage_personen_65_jaar_en_ouder"].weight == "aantal_inwoners"
    assert cat["gemiddelde_huishoudsgrootte"].weight == "aantal_huishoudens"
    assert cat["aantal_inwoners"].aggregation == "sum"
    assert cat["percentage_energielabel_e_tot_g"].weight == "aantal_energielabels"


def test_aliases_across_vintages_map_to_one_id():
    cat = catalogue()
    for column in (
        "percentage_koopwoningen",
        "P_KOOPWON",
        "p_koopw",
        "Koopwoningen_40",
        "Koopwoningen_47",
        "koopwoning_percentage",
    ):
        assert cat.match_column(column)[0] == "percentage_koopwoningen", column
    for column in (
        "perc_huurwoningen_in_bezit_woningcorporaties",
        "P_HUURCORP",
        "P_WCORPW",
        "p_wcorpw",
        "InBezitWoningcorporatie_49",
    ):
        assert cat.match_column(column)[0] == "perc_huurwoningen_in_bezit_woningcorporaties"
    assert cat.match_column("aant_inw")[0] == "aantal_inwoners"
    assert cat.match_column("no_such_column") is None
    # A long name with digits at the end is not a StatLine key.
    assert (
        cat.match_column("percentage_personen_0_tot_15_jaar")[0]
        == "percentage_personen_0_tot_15_jaar"
    )


def test_derived_indicators_present():
    cat = catalogue()
    assert cat["perc_huurwoningen_in_bezit_overige_verhuurders"].derived
    assert cat["huur_koop_verhouding"].aggregation == "ratio"


def test_migration_background_is_marked_sensitive():
    cat = catalogue()
    sensitive = {ind.id for ind in cat if ind.sensitive}
    assert "percentage_niet_westerse_migratieachtergrond" in sensitive
    assert "percentage_koopwoningen" not in sensitive
    assert all("migratie" in i or "uit_" in i or "herkomst" in i for i in sensitive)
    assert "perc_geb_buiten_nl_met_herkomstlnd_buiten_europa" in sensitive


def test_labels_follow_language():
    ind = catalogue()["percentage_koopwoningen"]
    assert ind.label == "Koopwoningen"
    set_language("en")
    assert ind.label == "Owner-occupied dwellings"


def test_label_scores():
    assert label_score("G") == 1 and label_score("A") == 7 and label_score("A++++") == 11
    assert len(LABEL_CLASSES) == 11
