"""The sample article as an analyst reads it, written by hand as the records the extractor emits.

The drawing, network, export and query-command tests check what those commands do with a graph
whose content is known; run on the extractor's output, they would test the extractor's recall
instead, and break whenever the event model is retrained. So they read this store: every event
below is stated by ``seeds/troika-calls-for-calm.jsonl`` (the gold file
``tests/gold/troika-calls-for-calm.jsonl`` lists the same relations, one per pair), with the
sentence it is read from, its trigger, and the date, place, content and casualties the sentence
gives (publication date 3 May 2021, a Monday: "on Saturday" is 1 May). Actors are the knowledge
base's, as the extractor would name them. What the extractor itself finds in the article is
tested in test_sample.py.

Counts an analyst reads here, and that the tests use: 28 events; 24 relations between two
actors (3 clashes, one of them stated from the Taliban's side; 4 calls, 4 urgings, 4
memberships, 2 meetings, 2 trainings, a hand-over, a withdrawal, an agreement, a warning and
the Afghan officials' statement about the foreign troops); 14 actors in a relation; 3
statements and 1 attack with no target.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from conftest import SAMPLE_RECORD, SAMPLE_TEXT

from kg.iri import slugify
from kg.model import Actor, Event, Evidence, Extraction, Place, Source, When

DOCUMENT = SAMPLE_RECORD["id"]
PUBLISHED = dt.date(2021, 5, 3)


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the article's sentences: its lines, and a line's sentences where a
    full stop is followed by a capital."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for stop in re.finditer(r"(?<=[.“”])\s+(?=[A-Z])", line.group()):
            spans.append((start, line.start() + stop.start()))
            start = line.start() + stop.end()
        spans.append((start, line.end()))
    return spans


SENTENCES = sentences(SAMPLE_TEXT)


def evidence(words: str) -> Evidence:
    """The sentence holding ``words`` (which must occur once in the article)."""
    at = SAMPLE_TEXT.index(words)
    assert SAMPLE_TEXT.count(words) == 1, words
    for index, (start, end) in enumerate(SENTENCES):
        if start <= at < end:
            return Evidence(index, start, end, SAMPLE_TEXT[start:end])
    raise AssertionError(words)


@dataclass(frozen=True)
class Cast:
    """The actors of the article, from the knowledge base."""

    usa: Actor
    afghanistan: Actor
    russia: Actor
    china: Actor
    pakistan: Actor
    afghan_forces: Actor
    afghan_government: Actor
    afghan_defence_ministry: Actor
    afghan_special_forces: Actor
    us_military: Actor
    taliban: Actor
    troika: Actor
    nato: Actor
    biden: Actor
    parties: Actor
    foreign_troops: Actor


def cast() -> Cast:
    from kg.knowledge import load_knowledge

    kb = load_knowledge()
    units = {
        u.label: u
        for u in (*kb.lexicon.heads.values(), *kb.lexicon.phrases.values())
        if not isinstance(u, str)
    }
    label = "all parties involved in the Afghan conflict"

    def generic(label: str, cls: str, sector: str | None) -> Actor:
        """An actor of this document only, keyed as the extractor keys one."""
        return Actor(
            key=f"{slugify(label)}--{slugify(DOCUMENT)}",
            label=label,
            cls=cls,
            sector=sector,
            from_dictionary=False,
        )

    return Cast(
        usa=kb.state_actor("USA"),
        afghanistan=kb.state_actor("AFG"),
        russia=kb.state_actor("RUS"),
        china=kb.state_actor("CHN"),
        pakistan=kb.state_actor("PAK"),
        afghan_forces=kb.body("AFG", "MIL"),
        afghan_government=kb.body("AFG", "GOV"),
        afghan_defence_ministry=kb.unit("AFG", units["Ministry of Defence of {country}"]),
        afghan_special_forces=kb.unit("AFG", units["Special Forces of {country}"]),
        us_military=kb.body("USA", "MIL"),
        taliban=kb.org_actor("taliban"),
        troika=kb.org_actor("troika"),
        nato=kb.org_actor("nato"),
        biden=kb.person_actor("joe-biden", PUBLISHED.year),
        parties=generic(label, "Actor", None),
        foreign_troops=generic("foreign troops", "ArmedForces", "MIL"),
    )


def _event(relation, source, target, words, trigger, **kw) -> Event:
    return Event(
        relation=relation,
        source=source,
        target=target,
        evidence=evidence(words),
        trigger=trigger,
        rule="analyst",
        confidence=1.0,
        **kw,
    )


def events(c: Cast) -> tuple[Event, ...]:
    saturday = When("2021-05-01")
    kandahar = Place("Kandahar", "AFG")
    qatar = Place("Qatar", "QAT")
    calls = (c.russia, c.usa, c.china, c.pakistan)
    found = [
        # the headline and the first sentence: the clashes, and 100 insurgents dead
        _event(
            "clashedWith",
            c.afghan_forces,
            c.taliban,
            "Clashes between Afghan government forces and the Taliban has left 100",
            "Clashes",
            killed=100,
        ),
        _event(
            "clashedWith",
            c.afghan_forces,
            c.taliban,
            "Clashes that erupted between",
            "Clashes",
            killed=100,
        ),
        _event(
            "handedOverTo",
            c.usa,
            c.afghan_forces,
            "the US handed over Camp Antonik",
            "handed over",
            content="Camp Antonik",
            place=Place("Helmand", "AFG"),
        ),
        _event(
            "withdrewFrom",
            c.usa,
            c.afghanistan,
            "officially began the withdrawal",
            "began the withdrawal",
            date=saturday,
            date_text="on May 1",
        ),
        # the ministry reports clashes "between the Taliban and government forces"
        _event(
            "madeStatementAbout",
            c.afghan_defence_ministry,
            None,
            "Ministry of Defence has reported",
            "reported",
        ),
        _event(
            "clashedWith",
            c.taliban,
            c.afghan_forces,
            "has reported clashes between the Taliban",
            "clashes",
            modality="reported",
            attributed_to=(c.afghan_defence_ministry,),
        ),
        _event(
            "attacked",
            c.us_military,
            None,
            "carried out a “precision strike”",
            "carried out a “precision strike”",
            place=kandahar,
            date=saturday,
            date_text="on Saturday",
        ),
        *(
            _event(
                "calledOn",
                state,
                c.parties,
                "have called on all parties",
                "called on",
                content="reduce the level of violence in Kabul",
            )
            for state in calls
        ),
        *(
            _event(
                "urged",
                state,
                c.taliban,
                "urging the Taliban",
                "urging",
                content="fulfil its counterterrorism commitments",
            )
            for state in calls
        ),
        # "the latest Troika [Pakistan, the US, Russia and China] meeting in Qatar on Saturday"
        *(
            _event("memberOf", state, c.troika, "Troika [Pakistan", "Troika [", place=qatar)
            for state in calls
        ),
        _event(
            "madeStatementAbout",
            c.troika,
            None,
            "the bloc released a 14-point joint statement",
            "released a 14-point joint statement",
            content="the ongoing Afghan peace process",
            place=qatar,
            date=saturday,
            date_text="on Saturday",
        ),
        *(
            _event(
                "metWith",
                c.troika,
                other,
                "held meetings with officials",
                "held meetings",
                place=qatar,
            )
            for other in (c.afghan_government, c.taliban)
        ),
        # a statement about the foreign troops (the gold's reading)
        _event(
            "madeStatementAbout",
            c.afghan_government,
            c.foreign_troops,
            "Afghan officials said",
            "said",
            content="all foreign troops were being taken to Bagram",
        ),
        *(
            _event(
                "trained",
                trainer,
                c.afghan_special_forces,
                "have been trained in counter-terrorism",
                "trained",
                content="counter-terrorism operations",
            )
            for trainer in (c.us_military, c.nato)
        ),
        _event(
            "madeStatementAbout",
            c.biden,
            None,
            "Joe Biden’s announcement",
            "announcement",
            content="pull out all American and NATO forces by September 11th",
        ),
        _event(
            "signedAgreementWith",
            c.usa,
            c.taliban,
            "a February agreement signed with the Taliban in Doha",
            "agreement signed",
            place=Place("Doha", "QAT"),
            date=When("2020-02", "gYearMonth"),
            date_text="February ... last year",
        ),
        _event("warned", c.taliban, c.us_military, "a warning from the Taliban", "warning"),
    ]
    return tuple(found)


#: Other names the article gives its actors (their skos:altLabel values).
ALIASES = {
    "united-states": {"US"},
    "armed-forces-of-afghanistan": {"Afghan government forces", "Afghan forces"},
    "armed-forces-of-the-united-states": {"US military"},
    "government-of-afghanistan": {"Afghan government", "Afghan officials"},
    "special-forces-of-afghanistan": {"Afghanistan’s special forces"},
    "ministry-of-defence-of-afghanistan": {"Afghanistan’s Ministry of Defence"},
    "troika": {"bloc"},
    "foreign-troops--troika-calls-for-calm": {"all foreign troops"},
}


def sample_extraction() -> Extraction:
    """The whole reading as one document's extraction, ready for ``Store.put``."""
    from kg.knowledge import load_knowledge

    kb = load_knowledge()
    found = events(cast())
    actors: dict[str, Actor] = {}
    for event in found:
        for actor in (event.source, event.target, *event.attributed_to):
            if actor is not None and actor.key not in actors:
                actors[actor.key] = actor
                for parent in kb.ancestors(actor):
                    actors.setdefault(parent.key, parent)
    source = Source(
        DOCUMENT,
        SAMPLE_TEXT,
        title=SAMPLE_RECORD["title"],
        date=PUBLISHED,
    )
    return Extraction(
        source=source,
        events=found,
        actors=tuple(actors.values()),
        aliases={k: frozenset(v) for k, v in ALIASES.items() if k in actors},
        sentence_count=len(SENTENCES),
    )
