"""A typology's rules read back in the planner's words, also from a project saved without them."""

from wijkkaart.analysis.typology import (
    DEFAULT_HEAT_RULES,
    DEFAULT_HOUSING_RULES,
    parse_rules,
    rules_from_dicts,
    rules_text,
)


def test_rules_round_trip_as_typed():
    for typed in (DEFAULT_HOUSING_RULES, DEFAULT_HEAT_RULES):
        saved = [r.to_dict() for r in parse_rules(typed)]
        assert rules_text(rules_from_dicts(saved)) == typed


def test_rules_saved_without_words_show_labels_that_read_back():
    saved = [r.to_dict() for r in parse_rules(DEFAULT_HOUSING_RULES)]
    for rule in saved:  # a project written before the words were kept
        for condition in rule["conditions"]:
            del condition["words"]
    shown = rules_text(rules_from_dicts(saved))
    assert "perc_huurwoningen_in_bezit_woningcorporaties" not in shown
    assert "Corporatiebezit >= 60" in shown and "Koopwoningen >= 70" in shown
    # a label with " en " in it ("Meergezinswoningen (hoogbouw en flats)") would split the line:
    # that one keeps its id, and the text parses back to the same rules
    assert "percentage_meergezinswoning >= 60" in shown
    again = [r.to_dict() for r in parse_rules(shown)]
    for rule in again:
        for condition in rule["conditions"]:
            del condition["words"]
    assert again == saved
