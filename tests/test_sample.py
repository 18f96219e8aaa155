"""The sample article yields what an analyst reads in it, and nothing invented."""

from __future__ import annotations

import json

import pytest
from conftest import GOLD, SAMPLE_TEXT

from kg.ontology import relation

pytestmark = pytest.mark.model


def _normal(source, rel, target):
    if target is not None and relation(rel).symmetric:
        source, target = sorted((source, target))
    return (source, rel, target)


def test_sample_article_matches_its_gold(read):
    gold = json.loads((GOLD / "troika-calls-for-calm.jsonl").read_text(encoding="utf-8"))
    expected = {_normal(r["source"], r["relation"], r["target"]) for r in gold["relations"]}
    extraction = read(SAMPLE_TEXT, full=True)
    found = {
        _normal(e.source.label, e.relation, e.target.label if e.target else None)
        for e in extraction.events
        if not e.negated
    }
    assert found - expected == set(), "relations the text does not state"
    assert expected - found == set(), "relations the text states that were missed"


def test_every_sample_event_keeps_its_sentence(read):
    text = SAMPLE_TEXT
    extraction = read(text, full=True)
    for event in extraction.events:
        assert text[event.evidence.start : event.evidence.end] == event.evidence.text
        assert event.trigger.split()[0] in event.evidence.text


def test_sample_actor_structure(read):
    extraction = read(SAMPLE_TEXT, full=True)
    actors = {a.label: a for a in extraction.actors}
    assert actors["Special Forces of Afghanistan"].part_of == "armed-forces-of-afghanistan"
    assert actors["Armed Forces of Afghanistan"].part_of == "afghanistan"
    assert actors["Taliban"].cls == "ArmedGroup" and actors["Taliban"].country == "AFG"
    assert actors["Troika"].cls == "Coalition"
    assert actors["United States"].wikidata == "Q30"
