"""The precise rules on the parse (kg/extract/events/rules.py) and the event's place, each on a
sentence of its own written for this file.

A rule names the candidate pair's source and target and the relation its pattern gives; the
decision model weighs it as evidence and accepts what it reads (``Event.rule`` says which rule).
"""

from __future__ import annotations

import pytest

model = pytest.mark.model


@pytest.fixture(scope="module")
def read(nlp):
    """``read(text)``: (source, relation, target, rule, place) of every event of the text."""
    from kg.extract import extract_doc
    from kg.model import Source

    def _read(text: str) -> set[tuple[str, str, str | None, str, str | None]]:
        events = extract_doc(nlp(text), Source("test", text)).events
        return {
            (
                e.source.label,
                e.relation,
                e.target.label if e.target else None,
                e.rule,
                e.place.label if e.place else None,
            )
            for e in events
        }

    return _read


def _by_rule(found, rule: str) -> set[tuple[str, str, str | None]]:
    return {(s, r, t) for s, r, t, by, _ in found if by == rule}


@model
def test_a_verb_pattern_reads_subject_and_object(read):
    found = read("Kenya expelled Somalia's ambassador.")
    assert _by_rule(found, "verb-pattern") == {("Kenya", "expelled", "Ambassador of Somalia")}


@model
def test_a_passive_verb_takes_its_by_agent_as_source(read):
    found = read("The border post was attacked by Boko Haram.")
    assert not any(s == "border post" for s, *_ in found)
    found = read("Nigerian soldiers were attacked by Boko Haram.")
    assert ("Boko Haram", "attacked", "Armed Forces of Nigeria") in _by_rule(found, "verb-pattern")


@model
def test_coordinated_subjects_of_a_symmetric_verb_act_with_each_other(read):
    found = read("Chile and Peru met in Lima.")
    assert _by_rule(found, "coordinated-subjects") == {("Chile", "metWith", "Peru")}


@model
def test_an_object_the_pattern_requires_is_part_of_the_act(read):
    # "exchanged fire": the object names the act, so the subjects still act on each other
    found = read("Armenia and Azerbaijan exchanged fire overnight.")
    assert _by_rule(found, "coordinated-subjects") == {("Armenia", "clashedWith", "Azerbaijan")}


@model
def test_exchanging_fire_with_someone_is_a_clash(read):
    found = read("Colombian troops exchanged fire with ELN guerrillas.")
    assert any(r == "clashedWith" and by == "verb-pattern" for _, r, _, by, _ in found)


@model
def test_coordinated_subjects_of_a_light_verb_and_a_symmetric_noun(read):
    found = read("Serbia and Kosovo held talks in Brussels.")
    assert _by_rule(found, "coordinated-subjects") == {("Serbia", "metWith", "Kosovo")}
    found = read("Sudan and South Sudan signed a border agreement.")
    assert _by_rule(found, "coordinated-subjects") == {
        ("Sudan", "signedAgreementWith", "South Sudan")
    }


@model
def test_a_noun_with_its_partner_named_is_no_coordinated_act(read):
    # the partner is Chad: the two subjects each meet Chad, not each other
    found = read("Niger and Mali held talks with Chad.")
    assert _by_rule(found, "coordinated-subjects") == set()
    assert {(s, t) for s, r, t, by, _ in found if by == "noun-pattern"} == {
        ("Niger", "Chad"),
        ("Mali", "Chad"),
    }


@model
def test_a_light_verb_carries_its_event_noun(read):
    found = read("Norway held meetings with Colombia in Oslo.")
    assert ("Norway", "metWith", "Colombia") in _by_rule(found, "noun-pattern")


@model
def test_a_between_phrase_links_its_two_actors(read):
    found = read("Clashes between Houthi fighters and Saudi troops left ten dead.")
    assert {(r, by) for _, r, _, by, _ in found} >= {("clashedWith", "between")}


@model
def test_a_place_inside_a_longer_phrase_is_the_events_place(read):
    # "in Cuba" hangs on the last actor of a long phrase; it still places the meeting
    found = read(
        "Envoys from the European Union held meetings with officials from the Colombian "
        "government and the FARC in Cuba."
    )
    assert {(t, place) for _, r, t, _, place in found if r == "metWith"} == {
        ("Government of Colombia", "Cuba"),
        ("FARC", "Cuba"),
    }


@model
def test_the_subject_of_a_predicative_adjective_does_what_its_infinitive_says(read):
    found = read("Kenya is ready to send food to Haiti.")
    assert ("Kenya", "expressedIntentToCooperateWith", "Haiti") in _by_rule(found, "verb-pattern")


@model
@pytest.mark.parametrize("verb", ["lifted", "removed", "dropped", "eased"])
def test_taking_sanctions_away_eases_them(read, verb):
    found = read(f"Canada {verb} sanctions on Belarus.")
    assert ("Canada", "easedSanctionsOn", "Belarus") in _by_rule(found, "verb-pattern")


@model
def test_a_cyberattack_is_an_attack_on_its_target(read):
    found = read("Iran launched cyberattacks on Albanian ministries.")
    assert any(s == "Iran" and r == "attacked" for s, r, _t in _by_rule(found, "noun-pattern"))


@model
def test_easing_a_curfew_in_a_place_eases_it_there(read):
    found = read("Kenya eased the curfew in Somalia's border towns.")
    assert ("Kenya", "easedSanctionsOn", "Somalia") in _by_rule(found, "verb-pattern")


@model
def test_a_participle_on_the_object_carries_the_target(read):
    found = read("Canada lifted the embargo imposed on Belarus.")
    assert ("Canada", "easedSanctionsOn", "Belarus") in _by_rule(found, "verb-pattern")


@model
def test_what_an_appeal_asks_for_is_no_event(read):
    found = read("Norway urged Kenya to release the detained journalists.")
    assert ("Norway", "urged", "Kenya") in _by_rule(found, "verb-pattern")
    assert not any(r == "released" for _s, r, *_ in found)


@model
def test_the_subject_of_a_for_to_infinitive_is_called_on(read):
    found = read("Ghana called on Tuesday for Togo to free the opposition leaders.")
    assert _by_rule(found, "verb-pattern") == {("Ghana", "calledOn", "Togo")}


@model
def test_a_verb_passing_control_to_its_object_makes_the_object_act(read):
    found = read("France helped Mali to retake Timbuktu from the jihadists.")
    assert not any(s == "France" and r == "fought" for s, r, _t in _by_rule(found, "verb-pattern"))
    assert any(s == "Mali" for s, _r, _t in _by_rule(found, "verb-pattern"))
