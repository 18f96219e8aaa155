"""The evaluator's matching and scoring on hand-built records (no model), and the gold readers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.dictionary import load_dictionary
from kg.errors import InputError
from kg.evaluate import Evaluator, Score
from kg.gold import (
    GoldDocument,
    GoldSet,
    load_gold,
    load_re3d,
    load_re3d_mapping,
    normal_label,
    parse_gold_relation,
    relation_root,
)
from kg.model import Actor, Event, Evidence, Extraction, Source

D = load_dictionary()
US = D.lookup("United States")
TALIBAN = D.lookup("Taliban")
RUSSIA = D.lookup("Russia")
AFGHANISTAN = D.lookup("Afghanistan")
US_FORCES = D.state_body(US, "MIL")
CARTER = Actor("ash-carter", "Ash Carter", "Person", from_dictionary=False)
SENTENCE = Evidence(0, 0, 10, "A sentence.")


def event(source: Actor, relation: str, target: Actor | None, *, negated: bool = False) -> Event:
    return Event(relation, source, target, SENTENCE, "trigger", "test-rule", 1.0, negated=negated)


def extraction(*events: Event, aliases: dict[str, frozenset[str]] | None = None) -> Extraction:
    actors: dict[str, Actor] = {}
    for e in events:
        for a in (e.source, e.target):
            if a is not None:
                for x in (a, *D.ancestors(a)):
                    actors.setdefault(x.key, x)
    return Extraction(Source("doc", "text"), events, tuple(actors.values()), aliases or {})


def score(
    gold: list[dict],
    *events: Event,
    rollup: bool = True,
    gold_set: GoldSet | None = None,
    aliases: dict[str, frozenset[str]] | None = None,
):
    relations = tuple(parse_gold_relation(r) for r in gold)
    gold_set = gold_set or GoldSet(Path("gold.jsonl"), "gold", 1, len(relations))
    evaluator = Evaluator(gold_set, rollup=rollup)
    evaluator.add(
        GoldDocument(Source("doc", "text"), relations), extraction(*events, aliases=aliases)
    )
    return evaluator.result()


def rel(source: str, relation: str | list | None, target: str | None, **more) -> dict:
    return {"source": source, "relation": relation, "target": target, **more}


def figures(s: Score) -> tuple:
    return (s.gold, s.predicted, s.found, s.correct)


# -- scores ------------------------------------------------------------------------------------


def test_exact_match_scores_one():
    result = score([rel("Russia", "urged", "Taliban")], event(RUSSIA, "urged", TALIBAN))
    assert figures(result.pair) == figures(result.relation) == (1, 1, 1, 1)
    assert result.pair.f1 == 1.0 and not result.misses and not result.false_alarms


def test_score_without_predictions_has_no_precision():
    s = Score(gold=3, predicted=0, found=0, correct=0)
    assert s.precision is None and s.recall == 0.0 and s.f1 is None


def test_direction_counts_only_for_directed_relations():
    reversed_urge = score([rel("Russia", "urged", "Taliban")], event(TALIBAN, "urged", RUSSIA))
    assert figures(reversed_urge.pair) == (1, 1, 1, 1)  # the pair is unordered
    assert figures(reversed_urge.relation) == (1, 1, 0, 0)
    assert reversed_urge.misses[0].pair_found and reversed_urge.false_alarms[0].pair_correct
    reversed_meeting = score(
        [rel("Russia", "metWith", "Taliban")], event(TALIBAN, "metWith", RUSSIA)
    )
    assert figures(reversed_meeting.relation) == (1, 1, 1, 1)


def test_relations_are_compared_by_cameo_root():
    result = score(
        [rel("Russia", "calledOn", "Taliban"), rel("United States", "19", "Taliban")],
        event(RUSSIA, "urged", TALIBAN),
        event(US, "clashedWith", TALIBAN),
    )
    assert figures(result.relation) == (2, 2, 2, 2)
    wrong_root = score([rel("Russia", "warned", "Taliban")], event(RUSSIA, "urged", TALIBAN))
    assert figures(wrong_root.pair) == (1, 1, 1, 1)
    assert figures(wrong_root.relation) == (1, 1, 0, 0)


def test_a_list_of_relations_accepts_any():
    result = score([rel("Russia", ["13", "calledOn"], "Taliban")], event(RUSSIA, "warned", TALIBAN))
    assert figures(result.relation) == (1, 1, 1, 1)


def test_null_relation_scores_the_pair_only():
    result = score([rel("Russia", None, "Taliban")], event(RUSSIA, "accused", TALIBAN))
    assert figures(result.pair) == (1, 1, 1, 1)
    assert figures(result.relation) == (0, 1, 0, 0)


def test_rollup_through_part_of_is_one_way_and_can_be_turned_off():
    gold = [rel("United States", "attacked", "Taliban")]
    forces = event(US_FORCES, "attacked", TALIBAN)
    on = score(gold, forces)
    assert figures(on.relation) == (1, 1, 1, 1) and on.rollup_matches == 1
    off = score(gold, forces, rollup=False)
    assert figures(off.relation) == (1, 1, 0, 0)
    down = score(
        [rel("Armed Forces of the United States", "attacked", "Taliban")],
        event(US, "attacked", TALIBAN),
    )
    assert figures(down.pair) == (1, 1, 0, 0)


def test_negated_events_assert_nothing():
    result = score(
        [rel("Russia", "urged", "Taliban")], event(RUSSIA, "urged", TALIBAN, negated=True)
    )
    assert figures(result.pair) == (1, 0, 0, 0) and result.negated == 1


def test_untargeted_events_match_only_untargeted_gold():
    gold = [rel("Armed Forces of the United States", "attacked", None)]
    assert figures(score(gold, event(US_FORCES, "attacked", None)).relation) == (1, 1, 1, 1)
    targeted = score(gold, event(US_FORCES, "attacked", TALIBAN))
    assert figures(targeted.pair) == (1, 1, 0, 0)


def test_each_fact_counts_once_per_document():
    result = score(
        [rel("Russia", "urged", "Taliban"), rel("Russia", "urged", "the Taliban")],
        event(RUSSIA, "urged", TALIBAN),
        event(RUSSIA, "urged", TALIBAN),
    )
    assert figures(result.relation) == (1, 1, 1, 1)


def test_gold_labels_match_dictionary_names_and_surfaces_read():
    result = score(
        [rel("the U.S.", "urged", "Taliban"), rel("Defense Secretary Ash Carter", "04", "Russia")],
        event(US, "urged", TALIBAN),
        event(CARTER, "metWith", RUSSIA),
    )
    assert figures(result.relation) == (2, 2, 2, 2)
    surname = score([rel("Carter", "04", "Russia")], event(CARTER, "metWith", RUSSIA))
    assert figures(surname.relation) == (1, 1, 1, 1)
    seen = score(
        [rel("senior Afghan officials", "04", "Russia")],
        event(D.state_body(AFGHANISTAN, "GOV"), "metWith", RUSSIA),
        aliases={"government-of-afghanistan": frozenset({"Afghan officials"})},
    )
    assert figures(seen.relation) == (1, 1, 1, 1)


def test_pre_modifiers_must_not_name_another_actor():
    government = D.state_body(AFGHANISTAN, "GOV")
    aliases = {government.key: frozenset({"officials"})}

    def found(label: str) -> int:
        result = score(
            [rel(label, "04", "Russia")], event(government, "metWith", RUSSIA), aliases=aliases
        )
        return result.pair.found

    assert found("senior officials") == 1
    assert found("Afghan officials") == 1  # Afghanistan: the body it is part of
    assert found("Pakistani officials") == 0
    person = score(
        [rel("Iraqi Defense Secretary Ash Carter", "04", "Russia")],
        event(CARTER, "metWith", RUSSIA),
    )
    assert person.pair.found == 1  # a person's name decides, whatever the titles say


def test_a_post_modified_label_is_not_its_modifier():
    result = score(
        [rel("the government of Afghanistan", "04", "Russia")],
        event(AFGHANISTAN, "metWith", RUSSIA),
    )
    assert figures(result.pair) == (1, 1, 0, 0)
    conjunct = score(
        [rel("Pakistan and Afghanistan", "04", "Russia")], event(AFGHANISTAN, "metWith", RUSSIA)
    )
    assert figures(conjunct.pair) == (1, 1, 0, 0)


def test_per_type_rows_and_listings():
    result = score(
        [rel("Russia", "urged", "Taliban"), rel("United States", "warned", "Taliban")],
        event(RUSSIA, "urged", TALIBAN),
        event(US, "attacked", RUSSIA),
    )
    assert figures(result.by_type["urged"].relation) == (1, 1, 1, 1)
    assert figures(result.by_type["warned"].relation) == (1, 0, 0, 0)
    assert figures(result.by_type["attacked"].relation) == (0, 1, 0, 0)
    assert [(m.source, m.type, m.target) for m in result.misses] == [
        ("United States", "warned", "Taliban")
    ]
    assert [(f.source, f.relation, f.target) for f in result.false_alarms] == [
        ("United States", "attacked", "Russia")
    ]
    data = json.loads(result.to_json())
    assert data["relation"]["precision"] == 0.5 and data["misses"][0]["type"] == "warned"


def test_out_of_scope_predictions_are_left_out():
    gold_set = GoldSet(
        Path("g"), "re3d", 1, 1, out_of_scope=frozenset({"08", "memberOf"}), untargeted=False
    )
    result = score(
        [rel("Russia", ["19"], "Taliban")],
        event(RUSSIA, "withdrewFrom", AFGHANISTAN),
        event(RUSSIA, "memberOf", D.lookup("Troika")),
        event(RUSSIA, "attacked", None),
        gold_set=gold_set,
    )
    assert result.out_of_scope == 3 and result.pair.predicted == 0


# -- gold files --------------------------------------------------------------------------------


def test_normal_label_and_roots():
    assert normal_label("The  Taliban’s") == "taliban"
    assert normal_label("Prime Minister\u200e Haider al-Abadi") == "prime minister haider al-abadi"
    assert relation_root("urged") == "02" and relation_root("withdrewFrom") == "08"
    assert relation_root("partOf") == "partOf" and relation_root("20") == "20"


def write_lines(path: Path, *records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_load_gold_reads_and_counts(tmp_path):
    path = write_lines(
        tmp_path / "g.jsonl",
        {
            "id": "a",
            "text": "Russia urged the Taliban.",
            "relations": [rel("Russia", "urged", "Taliban")],
        },
        {"id": "b", "text": "Nothing here.", "relations": []},
    )
    gold = load_gold(path)
    assert (gold.count, gold.relations) == (2, 1)
    first = next(gold.documents())
    assert first.relations[0].roots == frozenset({"02"}) and first.relations[0].directed
    assert not parse_gold_relation(rel("A", "metWith", "B")).directed


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"id": "a", "text": "t", "relations": [rel("A", "befriended", "B")]}, "unknown relation"),
        ({"id": "a", "text": "t", "relations": [rel("A", "21", "B")]}, "unknown relation"),
        ({"id": "a", "text": "t", "relations": [{"relation": "urged", "target": "B"}]}, "source"),
        (
            {"id": "a", "text": "t", "relations": [rel("A", "urged", "B", directed="yes")]},
            "directed",
        ),
        ({"id": "a", "text": "t"}, "relations"),
        ({"text": "t", "relations": []}, "id"),
        ({"id": "a", "text": "", "relations": []}, "text"),
    ],
)
def test_bad_gold_is_refused_with_its_line(tmp_path, record, message):
    path = write_lines(tmp_path / "g.jsonl", record)
    with pytest.raises(InputError, match=message) as e:
        load_gold(path)
    assert "g.jsonl:1" in str(e.value)


def test_duplicate_ids_and_bad_files_are_refused(tmp_path):
    doc = {"id": "a", "text": "t", "relations": []}
    with pytest.raises(InputError, match="twice"):
        load_gold(write_lines(tmp_path / "g.jsonl", doc, doc))
    (tmp_path / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        load_gold(tmp_path / "bad.jsonl")
    with pytest.raises(InputError, match="no such file"):
        load_gold(tmp_path / "missing.jsonl")


def re3d_relation(
    label: str,
    source: str,
    target: str,
    *,
    types=("Organisation", "Organisation"),
    confidence: float = 1,
    at: tuple[int, int] = (0, 20),
) -> dict:
    return {
        "type": label,
        "source": source,
        "source_start": at[0],
        "source_end": at[0] + len(source),
        "source_entity_type": types[0],
        "target": target,
        "target_start": at[1],
        "target_end": at[1] + len(target),
        "target_entity_type": types[1],
        "confidence": confidence,
        "sentence_index": 0,
    }


def test_re3d_keeps_actor_relations_and_counts_what_it_drops(tmp_path):
    text = "The SDF fought ISIL. We condemn ISIL."
    pronoun_without_offsets = re3d_relation("Dislikes", "We", "ISIL", at=(21, 32))
    del pronoun_without_offsets["source_start"], pronoun_without_offsets["source_end"]
    path = write_lines(
        tmp_path / "documents.jsonl",
        {
            "id": "re3d:1",
            "text": text,
            "doc_title": "A release",
            "doc_source": "CENTCOM",
            "sentence_starts": {"0": 0, "1": 21},
            "relations": [
                re3d_relation("FightingAgainst", "The SDF", "ISIL", at=(0, 15)),
                re3d_relation("FightingAgainst", "ISIL", "The SDF", confidence=0.3),
                re3d_relation("Dislikes", "We", "ISIL", at=(21, 32)),
                pronoun_without_offsets,
                re3d_relation("CoLocated", "The SDF", "Raqqa", types=("Organisation", "Location")),
                re3d_relation(
                    "FightingAgainst", "strikes", "ISIL", types=("Weapon", "Organisation")
                ),
            ],
        },
    )
    gold = load_re3d(path)
    # a pronoun is scored through the actor the extractor's coreference finds at its offsets
    assert (gold.count, gold.relations) == (1, 2)
    assert gold.dropped == {
        "confidence below 0.5": 1,
        "Dislikes: source is a pronoun with no offsets to resolve it at": 1,
        "not a relation between actors: CoLocated": 1,
        "FightingAgainst: source is a Weapon": 1,
    }
    document = next(gold.documents())
    assert document.source.publisher == "CENTCOM"  # the press office speaks as "we"
    kept, pronoun = document.relations
    assert (kept.source, kept.type, kept.target, kept.directed) == (
        "The SDF",
        "FightingAgainst",
        "ISIL",
        False,
    )
    assert kept.roots >= {"18", "19", "20"} and kept.sentence == "The SDF fought ISIL."
    assert (kept.source_span, kept.target_span) == ((0, 7), (15, 19))
    assert (pronoun.source, pronoun.source_span) == ("We", (21, 23))
    assert gold.out_of_scope >= {"08", "memberOf"} and not gold.untargeted


def test_re3d_mapping_covers_every_re3d_label():
    mapping = load_re3d_mapping()
    labels = {
        "CoLocated",
        "FightingAgainst",
        "HasAttrOf",
        "BelongsTo",
        "InChargeOf",
        "IsSynonymOf",
        "CommWith",
        "Likes",
        "AlliesOf",
        "Dislikes",
        "Apart",
    }
    assert set(mapping.labels) | mapping.not_scored == labels
    assert not set(mapping.labels) & mapping.not_scored
    for label in mapping.labels.values():
        assert label.roots and not label.roots & mapping.out_of_scope


def test_a_gold_mention_is_matched_through_the_actor_found_at_its_offsets():
    from kg.model import MentionSpan

    relations = (parse_gold_relation(rel("We", "attacked", "Taliban", source_span=[0, 2])),)
    gold_set = GoldSet(Path("gold.jsonl"), "gold", 1, 1)
    found = extraction(event(US_FORCES, "attacked", TALIBAN))
    # the extractor's coreference resolved "We" (characters 0-2) to the US forces
    found = Extraction(
        found.source,
        found.events,
        found.actors,
        {},
        mentions=(MentionSpan(0, 2, (US_FORCES.key,)),),
    )
    evaluator = Evaluator(gold_set)
    evaluator.add(GoldDocument(Source("doc", "We attacked the Taliban."), relations), found)
    assert figures(evaluator.result().pair) == (1, 1, 1, 1)
    # without the mention, the pronoun names no one
    evaluator = Evaluator(gold_set)
    evaluator.add(
        GoldDocument(Source("doc", "We attacked the Taliban."), relations),
        extraction(event(US_FORCES, "attacked", TALIBAN)),
    )
    assert figures(evaluator.result().pair) == (1, 1, 0, 0)


def test_gold_spans_are_checked():
    with pytest.raises(InputError, match="span"):
        parse_gold_relation(rel("We", None, "Taliban", source_span=[5, 2]))
