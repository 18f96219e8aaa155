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
    members = {(s, r, t, n) for s, r, t, n in found if r == "memberOf"}
    assert members == {(m, "memberOf", "Troika", False) for m in ("Russia", "China", US)}


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
    # an airstrike is the specific "struck from the air" (CAMEO 195) below "fought"
    extraction = read(
        "The US military carried out an airstrike in Kandahar on Saturday.",
        date=dt.date(2021, 5, 3),
        full=True,
    )
    (event,) = extraction.events
    assert event.relation == "struckFromTheAir" and event.target is None
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


# -- statements, reported speech and claims ----------------------------------------------------


def _events(read, text, **kwargs):
    return read(text, full=True, **kwargs).events


def test_statement_without_target_keeps_its_content(read):
    (event,) = _events(read, "Iran said it would not negotiate.")
    assert (event.source.label, event.relation, event.target) == (
        "Iran",
        "madeStatementAbout",
        None,
    )
    assert event.content == "it would not negotiate"


def test_reported_event_keeps_who_reported_it(read):
    events = {
        e.relation: e for e in _events(read, "Iraqi officials said Islamic State attacked Syria.")
    }
    attack = events["attacked"]
    assert (attack.source.label, attack.target.label) == ("Islamic State", "Syria")
    assert attack.modality == "reported"
    assert [a.label for a in attack.attributed_to] == ["Government of Iraq"]


def test_according_to_attributes_the_event(read):
    (event,) = _events(read, "According to Afghan officials, the Taliban attacked Kunduz.")
    assert event.modality == "reported"
    assert [a.label for a in event.attributed_to] == ["Government of Afghanistan"]


def test_accusation_gives_a_claim_not_a_fact(read):
    events = _events(read, "Syria accused Israel of bombing a military airport near Damascus.")
    by = {e.relation: e for e in events}
    assert (by["accused"].source.label, by["accused"].target.label) == ("Syria", "Israel")
    claim = by["attacked"]
    assert claim.source.label == "Israel"  # object control: Israel is the one said to bomb
    assert claim.modality == "claimed" and [a.label for a in claim.attributed_to] == ["Syria"]


def test_claimed_responsibility_is_a_statement(read):
    (event,) = _events(read, "Hamas claimed responsibility for the attack.")
    assert (event.relation, event.content) == ("claimedResponsibilityFor", "the attack")


# -- mood: intent, refusal, hypothesis ----------------------------------------------------------


def test_planned_cooperation_is_an_intent_not_the_event(read):
    (event,) = _events(read, "China plans to visit Russia.")
    assert (event.relation, event.target.label, event.content) == (
        "expressedIntentToCooperateWith",
        "Russia",
        "visit Russia",
    )


def test_planned_attack_is_a_threat(read):
    assert read("Iran plans to attack Israel.") == {("Iran", "threatened", "Israel", False)}
    assert read("Turkey threatened to attack Hamas.") == {("Turkey", "threatened", "Hamas", False)}


def test_will_is_an_intent(read):
    (event,) = _events(read, "Russia will meet Ukraine next week.")
    assert event.relation == "expressedIntentToCooperateWith"
    assert event.content == "meet Ukraine next week"


def test_could_is_no_event(read):
    assert read("Russia could attack Ukraine.") == set()


def test_refusal_negates_the_event(read):
    assert read("Iran refused to sign an agreement with the US.") == {
        ("Iran", "signedAgreementWith", "United States", True)
    }


def test_adjunct_participle_is_controlled_by_the_subject(read):
    found = read("Russia called on all parties to talk, urging the Taliban to stop fighting.")
    assert ("Russia", "urged", "Taliban", False) in found
    assert not any(s.startswith("all parties") for s, *_ in found)


# -- coreference and ownership -------------------------------------------------------------------


def test_pronoun_refers_back(read):
    found = read("The US began the withdrawal of its troops. It also attacked the Taliban.")
    assert ("United States", "attacked", "Taliban", False) in found


def test_possessive_pronoun_with_a_body_noun(read):
    (event,) = _events(read, "The US said its troops attacked the Taliban.")[-1:]
    assert event.source.label == "Armed Forces of the United States"


def test_definite_description_refers_to_the_last_coalition(read):
    found = read("The Troika met in Doha. The bloc later urged the Taliban to negotiate.")
    assert ("Troika", "urged", "Taliban", False) in found


def test_things_an_actor_owns_stand_for_it(read):
    assert read("US forces struck Islamic State targets near Raqqa.") == {
        ("Armed Forces of the United States", "attacked", "Islamic State", False)
    }


def test_criticising_an_actors_action_targets_the_actor(read):
    found = read("France condemned Russia's invasion.")
    assert ("France", "criticized", "Russia", False) in found


# -- more relations and slots ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The EU imposed sanctions on Russia.", ("European Union", "imposedSanctionsOn", "Russia")),
        ("Egypt severed ties with Qatar.", ("Egypt", "severedTiesWith", "Qatar")),
        (
            "Russia massed troops along the border with Ukraine.",
            ("Russia", "mobilizedAgainst", "Ukraine"),
        ),
        ("The US gave weapons to Ukraine.", (US, "providedMilitaryAidTo", "Ukraine")),
        ("Russia vetoed the US resolution.", ("Russia", "vetoed", US)),
        (
            "Israel warned Hezbollah against escalating the conflict.",
            ("Israel", "warned", "Hezbollah"),
        ),
        ("Pakistan and India agreed to a ceasefire.", ("Pakistan", "agreedCeasefireWith", "India")),
        (
            "Iran arrested a British diplomat.",
            ("Iran", "arrested", "Government of the United Kingdom"),
        ),
    ],
)
def test_relations_across_cameo_roots(read, text, expected):
    assert {(s, r, t) for s, r, t, _ in read(text)} >= {expected}


def test_mediating_between_targets_each_party(read):
    assert {(s, r, t) for s, r, t, _ in read("Qatar mediated between the US and the Taliban.")} == {
        ("Qatar", "mediatedFor", US),
        ("Qatar", "mediatedFor", "Taliban"),
    }


def test_untargeted_appeal(read):
    (event,) = _events(read, "The UN called for an immediate ceasefire.")
    assert (event.relation, event.target, event.content) == (
        "appealedTo",
        None,
        "an immediate ceasefire",
    )


# -- casualties ---------------------------------------------------------------------------------


def test_killing_participle_counts_on_the_strike(read):
    events = _events(read, "The US military carried out an airstrike, killing 12 Taliban fighters.")
    by = {e.relation: e for e in events}
    assert by["struckFromTheAir"].target is None
    # killing the Taliban's fighters is an attack on the Taliban, and it counts the dead
    assert (by["attacked"].target.label, by["attacked"].killed) == ("Taliban", 12)


def test_leaving_dead_counts_on_the_clash(read):
    (event,) = _events(
        read, "Afghan forces and the Taliban clashed in Kunduz, leaving 30 people dead."
    )
    assert event.relation == "clashedWith" and event.killed == 30


# -- unnamed groups and event coreference -------------------------------------------------------


def test_unnamed_militants_are_a_generic_group_of_the_document(read):
    (event,) = _events(read, "Militants attacked Iraqi troops.")
    assert (event.source.label, event.source.cls, event.source.sector) == (
        "militants",
        "ArmedGroup",
        "REB",
    )
    assert not event.source.from_dictionary and event.source.key.startswith("test--")


def test_coalition_forces_without_a_named_coalition(read):
    (event,) = _events(read, "Coalition forces conducted strikes against Islamic State.")
    assert (event.source.label, event.source.cls, event.target.label) == (
        "Coalition",
        "Coalition",
        "Islamic State",
    )


def test_coalition_forces_refer_to_the_named_coalition(read):
    found = read("NATO met in Brussels. Coalition forces later attacked Islamic State.")
    assert ("NATO", "attacked", "Islamic State", False) not in found  # NATO is not a coalition
    found = read("The Troika met in Doha. Coalition forces later attacked Islamic State.")
    assert ("Troika", "attacked", "Islamic State", False) in found


def test_agentless_event_noun_takes_the_agent_named_before(read):
    text = (
        "US forces conducted 27 strikes against Islamic State. "
        "Near Raqqa, 15 strikes engaged Islamic State units."
    )
    extraction = read(text, full=True)
    later = [e for e in extraction.events if e.evidence.index == 1 and e.target is not None]
    assert {(e.source.label, e.target.label) for e in later} == {
        ("Armed Forces of the United States", "Islamic State")
    }
    assert all(e.confidence <= 0.5 for e in later)


def test_destroying_what_an_actor_owns(read):
    assert read("Iraqi forces destroyed Islamic State vehicles.") == {
        ("Armed Forces of Iraq", "attacked", "Islamic State", False)
    }


# -- first person, posts, people ----------------------------------------------------------------


def test_we_in_a_quotation_is_the_speakers_organisation(read):
    text = '"We will strike Islamic State," said NATO spokesman Tom Smith.'
    found = read(text)
    assert ("NATO", "threatened", "Islamic State", False) in found


def test_appositive_post_gives_the_speakers_body(read):
    extraction = read(
        'Joseph Votel, commander of the Taliban, said: "We attacked Iraq."', full=True
    )
    votel = (
        next(a for a in extraction.actors if a.label == "Joseph Votel")
        if any(a.label == "Joseph Votel" for a in extraction.actors)
        else None
    )
    found = {
        (e.source.label, e.relation, e.target.label if e.target else None)
        for e in extraction.events
    }
    assert ("Taliban", "attacked", "Iraq") in found
    assert votel is None or votel.part_of == "taliban"


def test_we_outside_quotations_is_the_publisher(nlp):
    from kg.extract import extract_doc
    from kg.model import Source

    text = "We condemn the attack by Hamas."
    extraction = extract_doc(nlp(text), Source("pr", text, publisher="Egypt"))
    assert ("Egypt", "criticized", "Hamas") in {
        (e.source.label, e.relation, e.target.label if e.target else None)
        for e in extraction.events
    }


def test_civilians_of_a_country(read):
    assert read("Islamic State attacked Syrian civilians.") == {
        ("Islamic State", "attacked", "People of Syria", False)
    }


def test_plural_demonym_names_the_state(read):
    assert read("The Iraqis attacked Islamic State.") == {
        ("Iraq", "attacked", "Islamic State", False)
    }


def test_a_campaigns_purpose_is_pursued(read):
    found = read("Iraq continued its campaign to defeat Islamic State.")
    assert ("Iraq", "fought", "Islamic State", False) in found


def test_standing_with_is_support(read):
    assert read("The United States stands with Ukraine.") == {(US, "supported", "Ukraine", False)}


# -- where the target hides ----------------------------------------------------------------------


def test_receiving_fire_makes_the_subject_the_target(read):
    assert read("Iraqi forces received heavy fire from Islamic State fighters.") == {
        ("Islamic State", "attacked", "Armed Forces of Iraq", False)
    }


def test_target_phrase_attached_low_in_the_light_verbs_clause(read):
    found = read(
        "Coalition forces conducted 11 strikes using attack aircraft against Islamic State targets."
    )
    assert ("Coalition", "attacked", "Islamic State", False) in found


def test_event_noun_subject_takes_targets_from_its_verb(read):
    found = read("Russia's airstrikes delivered 24 munitions against Islamic State targets.")
    assert ("Russia", "struckFromTheAir", "Islamic State", False) in found


def test_delivering_a_defeat(read):
    assert read("Iraq delivered Islamic State a lasting defeat.") == {
        ("Iraq", "fought", "Islamic State", False)
    }


def test_an_attempt_is_an_act(read):
    found = read("Iraqi forces attempted to seize the hospital from Islamic State fighters.")
    assert ("Armed Forces of Iraq", "seizedPropertyOf", "Islamic State", False) in found


def test_commitment_to_support_is_an_intent(read):
    (event,) = _events(read, "The US reaffirmed its commitment to support the government of Iraq.")
    assert (event.relation, event.target.label) == (
        "expressedIntentToCooperateWith",
        "Government of Iraq",
    )


def test_relative_pronoun_after_an_event_noun(read):
    found = read("Russia condemned Hamas's attacks, which targeted Israeli civilians.")
    assert ("Hamas", "attacked", "People of Israel", False) in found


def test_a_named_actor_survives_other_modifiers(read):
    (event,) = _events(read, "The US supports Turkey's democratically elected government.")
    assert event.target.label == "Government of Turkey"


def test_pronouns_and_descriptions_are_no_alternative_names(read):
    extraction = read("The US began the withdrawal of its troops. The country said so.", full=True)
    aliases = {alias for names in extraction.aliases.values() for alias in names}
    assert "its" not in aliases and "country" not in aliases


@pytest.mark.parametrize(
    "text",
    [
        "NATO member Turkey attacked Syria.",
        "Turkey, a NATO member, attacked Syria.",
        "Turkey, a member of NATO, attacked Syria.",
    ],
)
def test_member_nouns_state_membership(read, text):
    assert ("Turkey", "memberOf", "NATO", False) in read(text)


def test_in_support_of_takes_the_clauses_subject(read):
    found = read("Coalition forces conducted strikes in support of the government of Iraq.")
    assert ("Coalition", "supported", "Government of Iraq", False) in found


def test_a_possessed_event_noun_is_presupposed(read):
    found = read("Many Syrians are seeking to join Hamas's fight against Israel.")
    assert ("Hamas", "fought", "Israel", False) in found


def test_capitalised_description_mid_sentence_refers(read):
    found = read("The Troika met. It praised Coalition efforts to support Afghan forces.")
    assert ("Troika", "supported", "Armed Forces of Afghanistan", False) in found


def test_no_relation_between_a_body_and_its_parts(read):
    # a ministry is part of its government: praising it is internal, not a relation
    assert read("The Afghan government praised Afghanistan's Ministry of Defence.") == set()
    # sibling bodies of one state do relate (a government and its army can clash)
    assert read("The Afghan government praised Afghan forces.") == {
        ("Government of Afghanistan", "praised", "Armed Forces of Afghanistan", False)
    }


def test_publisher_names_are_read_by_the_same_rules(nlp):
    from kg.dictionary import load_dictionary
    from kg.extract import publisher_actor

    d = load_dictionary()
    assert publisher_actor("US State Department", d).label == (
        "Ministry of Foreign Affairs of the United States"
    )
    assert publisher_actor("CENTCOM", d).label == "U.S. Central Command"
    assert not publisher_actor("Zorgan News Agency", d).from_dictionary


def test_will_continue_to_is_ongoing_not_intended(read):
    assert read("Russia will continue to strike Islamic State targets.") == {
        ("Russia", "attacked", "Islamic State", False)
    }


def test_discussing_a_topic_names_no_partner(read):
    # the topic's own event stands; Egypt did not consult Qatar
    assert read("Egypt discussed Qatar's support for Hamas.") == {
        ("Qatar", "supported", "Hamas", False)
    }


def test_quantities_stand_for_what_they_count(read):
    found = read("Islamic State's attacks killed scores of Syrian civilians.")
    assert ("Islamic State", "attacked", "People of Syria", False) in found
    found = read("A series of US airstrikes killed more than 20 militants.")
    assert ("United States", "attacked", "militants", False) in found


def test_unnamed_civilians_are_generic_victims(read):
    (event,) = _events(read, "Hamas killed 60 civilians.")
    assert (event.target.label, event.target.sector, event.killed) == ("civilians", "CVL", 60)


def test_the_group_a_noun_names_owns_the_forces(read):
    found = read("Syrian opposition forces liberated the town from Islamic State control.")
    assert found == {("opposition", "fought", "Islamic State", False)}


def test_a_government_named_by_its_leader(read):
    assert read("The Biden administration imposed sanctions on Iran.") == {
        ("Biden administration", "imposedSanctionsOn", "Iran", False)
    }


def test_describing_nouns_refer_back(read):
    found = read("Islamic State attacked Mosul. Enemy fighters fired on Iraqi forces.")
    assert ("Islamic State", "attacked", "Armed Forces of Iraq", False) in found
    found = read("The Troika met in Doha. Russia praised coalition operations against Hamas.")
    assert ("Troika", "fought", "Hamas", False) in found


def test_a_phrase_on_an_event_noun_takes_its_agent(read):
    found = read("Coalition forces conducted 11 strikes, all in support of the government of Iraq.")
    assert ("Coalition", "supported", "Government of Iraq", False) in found


def test_defenses_against(read):
    assert ("Islamic State", "fought", "Iraq", False) in read(
        "Islamic State tried to improve its defenses against Iraq."
    )


def test_any_event_is_no_particular_event(read):
    assert read("Iran warned Israel against any attack on its nuclear facilities.") == {
        ("Iran", "warned", "Israel", False)
    }


def test_invisible_marks_do_not_split_a_title_from_its_name():
    from kg.extract import extract_source
    from kg.model import Source

    text = "Iraqi Prime Minister\u200e Haider al-Abadi met Russia's foreign minister."
    extraction = extract_source(Source("t", text))
    (event,) = extraction.events
    assert event.source.label == "Haider al-Abadi"
    assert event.source.part_of == "government-of-iraq"
    assert text[event.evidence.start : event.evidence.end] == event.evidence.text


def test_a_surname_is_the_person_named_before(read):
    found = read("Russian Foreign Minister Sergei Lavrov arrived. Lavrov met Iranian officials.")
    assert ("Sergei Lavrov", "metWith", "Government of Iran", False) in found
