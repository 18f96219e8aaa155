"""One test per extraction rule, each on a sentence of its own (real pinned model)."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.model

US, AF_AFG = "United States", "Armed Forces of Afghanistan"


def test_coordinated_subjects_each_act(read):
    found = read("Russia, the US, China and Pakistan urged the Taliban to reduce violence.")
    assert {(s, r, t) for s, r, t, _ in found} == {
        (s, "urged", "Taliban") for s in ("Russia", US, "China", "Pakistan")
    }


def test_coordination_distributes_on_both_sides(read):
    found = read("Russia and China urged Iran and Iraq to resume talks.")
    assert {(s, t) for s, r, t, _ in found if r == "urged"} == {
        ("Russia", "Iran"),
        ("Russia", "Iraq"),
        ("China", "Iran"),
        ("China", "Iraq"),
    }


def test_what_an_appeal_asks_for_is_not_an_event(read):
    # "to resume talks" is what was urged, not talks that happened
    found = read("Russia and China urged Iran and Iraq to resume talks.")
    assert not any(r == "metWith" for _, r, _, _ in found)


def test_passive_by_agent_is_the_source(read):
    assert read("Syria was attacked by Israel.") == {("Israel", "attacked", "Syria", False)}


def test_relative_clause_passive_with_low_by_phrase(read):
    found = read("Iraqi troops that have been trained in urban warfare by NATO returned to Mosul.")
    assert ("NATO", "trained", "Armed Forces of Iraq", False) in found


def test_subjectless_participle_takes_the_controlling_subject(read):
    found = read("Russia called on all parties to stop fighting, urging the Taliban to talk.")
    assert ("Russia", "urged", "Taliban", False) in found


def test_agreement_signed_with_infers_the_acting_state(read):
    extraction = read(
        "US President Joe Biden defended the agreement signed with the Taliban in Doha.",
        full=True,
    )
    (event,) = extraction.events
    assert (event.source.label, event.relation, event.target.label) == (
        US,
        "signedAgreementWith",
        "Taliban",
    )
    assert event.confidence <= 0.5 and event.rule == "verb-inferred"
    assert event.place.label == "Doha" and event.place.country == "QAT"


def test_held_meetings_with_and_representatives_from(read):
    found = read(
        "Representatives from NATO held meetings with officials from the Iraqi government "
        "and the Turkish government in Ankara."
    )
    assert found == {
        ("NATO", "metWith", "Government of Iraq", False),
        ("NATO", "metWith", "Government of Turkey", False),
    }


def test_nominal_clashes_between(read):
    found = read("Clashes between Syrian government forces and Islamic State fighters continued.")
    assert {frozenset((s, t)) for s, r, t, _ in found if r == "clashedWith"} == {
        frozenset(("Armed Forces of Syria", "Islamic State"))
    }


def test_negated_verb_gives_a_negated_event(read):
    assert read("Iran did not meet the Saudi delegation.") == {
        ("Iran", "metWith", "Government of Saudi Arabia", True)
    }


def test_warning_from_x_that_y(read):
    extraction = read(
        "The warning from Russia that Ukraine had violated the ceasefire came late.", full=True
    )
    (event,) = extraction.events
    assert (event.source.label, event.relation, event.target.label) == (
        "Russia",
        "warned",
        "Ukraine",
    )
    assert event.content == "Ukraine had violated the ceasefire"


def test_bracketed_list_after_a_coalition_names_its_members(read):
    found = read("The Troika (Russia, China and the US) released a statement.")
    assert found == {(m, "memberOf", "Troika", False) for m in ("Russia", "China", US)}


def test_capitals_that_act_stand_for_the_government(read):
    assert read("Washington warned Tehran.") == {
        ("Government of the United States", "warned", "Government of Iran", False)
    }


def test_definite_description_refers_back(read):
    found = read("Iraqi forces clashed with Hamas. Government forces later attacked Hamas.")
    assert ("Armed Forces of Iraq", "attacked", "Hamas", False) in found


def test_reciprocal_verb_pairs_its_subjects(read):
    extraction = read("Russia and China met in Moscow.", full=True)
    (event,) = extraction.events
    assert {event.source.label, event.target.label} == {"Russia", "China"}
    assert event.place.label == "Moscow"


def test_light_verb_with_event_noun_and_no_target(read):
    extraction = read(
        "The US military carried out an airstrike in Kandahar on Saturday.",
        date=dt.date(2021, 5, 3),
        full=True,
    )
    (event,) = extraction.events
    assert event.relation == "attacked" and event.target is None
    assert event.source.label == "Armed Forces of the United States"
    assert event.place.label == "Kandahar"
    assert (event.date.value, event.date_text) == ("2021-05-01", "Saturday")


def test_withdrawal_from(read):
    assert read("The US began the withdrawal of its troops from Afghanistan.") == {
        (US, "withdrewFrom", "Afghanistan", False)
    }


def test_handed_over_to_keeps_what_was_handed_over(read):
    extraction = read("The US handed over the base to Afghan forces.", full=True)
    (event,) = extraction.events
    assert (event.source.label, event.relation, event.target.label) == (US, "handedOverTo", AF_AFG)
    assert event.content == "the base"


def test_quantified_parties_are_a_generic_actor(read):
    extraction = read("China called on both sides to show restraint.", full=True)
    (event,) = extraction.events
    assert (event.relation, event.target.label, event.content) == (
        "calledOn",
        "both sides",
        "show restraint",
    )
    assert not event.target.from_dictionary


def test_title_makes_a_person_part_of_a_government(read):
    extraction = read(
        "Russian Foreign Minister Sergei Lavrov met with Iranian officials.", full=True
    )
    (event,) = extraction.events
    assert event.source.label == "Sergei Lavrov" and event.source.cls == "Person"
    assert event.source.part_of == "government-of-russia"
    assert event.target.label == "Government of Iran"


def test_country_possessive_and_unit(read):
    extraction = read("Afghanistan's special forces were trained by France.", full=True)
    (event,) = extraction.events
    assert event.target.label == "Special Forces of Afghanistan"
    assert event.target.part_of == "armed-forces-of-afghanistan"


def test_group_members_act_as_the_group(read):
    assert read("Hamas fighters attacked Israeli troops.") == {
        ("Hamas", "attacked", "Armed Forces of Israel", False)
    }


def test_content_leaves_out_target_place_and_date(read):
    extraction = read("Turkey signed an agreement with Russia in Sochi.", full=True)
    (event,) = extraction.events
    assert event.content == "an agreement"


def test_boilerplate_lines_are_skipped(read):
    assert read("Read also: Russia urges the Taliban to talk\nFollow us on Twitter") == set()


def test_line_breaks_end_sentences(read):
    extraction = read("Russia warns Iran\nChina urged Pakistan to act.", full=True)
    assert {e.evidence.index for e in extraction.events} == {0, 1}
