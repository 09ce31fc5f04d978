"""Which indicators make up a "Kenmerken" card of an area, in which groups (Qt-free)."""

from __future__ import annotations

from wijkkaart.io.dataset import AreaData

# (UI text key of the group, indicators in reading order)
CARD: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "card_people",
        (
            "aantal_inwoners",
            "aantal_huishoudens",
            "woningvoorraad",
            "percentage_meergezinswoning",
            "percentage_bouwjaarklasse_vanaf_2000",
            "gemiddelde_woningwaarde",
        ),
    ),
    (
        "card_tenure",
        (
            "percentage_koopwoningen",
            "perc_huurwoningen_in_bezit_woningcorporaties",
            "perc_huurwoningen_in_bezit_overige_verhuurders",
        ),
    ),
    (
        "card_energy",
        (
            "percentage_geen_energielabel",
            "percentage_energielabel_e_tot_g",
            "gemiddelde_labelscore",
            "gemiddeld_gasverbruik_totaal",
            "percentage_woningen_met_stadsverwarming",
        ),
    ),
    ("card_heat", ("warmtestrategie", "jaar_aardgasvrij")),
    (
        "card_liveability",
        (
            "leefbaarometer_score",
            "leefbaarometer_overlast_en_onveiligheid",
            "sociaaleconomische_score",
            "waterdiepte_aandeel_boven_drempel",
            "geluid_wegverkeer",
        ),
    ),
)


def card_indicators(data: AreaData) -> list[str]:
    present = set(data.frame.columns)
    return [i for _, ids in CARD for i in ids if i in present]
