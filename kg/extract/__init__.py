"""Extraction: text -> parse -> actor mentions -> candidate pairs -> events -> Extraction.

The stages run in one direction and live in their own packages: :mod:`kg.nlp` parses,
:mod:`kg.extract.actors` reads who each phrase names (with the knowledge base of
:mod:`kg.knowledge`), :mod:`kg.extract.events` decides which pairs of actors the sentence
states an event between. Nothing after this package sees a spaCy object, and nothing here keeps
state between documents: the same document gives the same record whatever ran before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

import yaml

from kg.errors import DataError
from kg.extract.actors import find_mentions
from kg.extract.actors.mentions import SURFACE_KINDS, ActorMention, MentionIndex
from kg.extract.events.lexicon import EventLexicon, load_lexicon
from kg.extract.events.model import EventModel, load_model
from kg.extract.events.reader import SentenceReader
from kg.knowledge import KnowledgeBase, load_knowledge
from kg.model import Actor, Event, Evidence, Extraction, MentionSpan, Source
from kg.nlp import parsable
from kg.resources import ontology_file

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["extract_doc", "extract_source", "extract_sources", "pipeline_parts"]


@cache
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    """Sentences that are page furniture (ontology/boilerplate.yaml)."""
    path = ontology_file("boilerplate.yaml")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return tuple(re.compile(p, re.IGNORECASE) for p in raw.get("skip_sentences", []))
    except (OSError, yaml.YAMLError, re.error) as e:
        raise DataError(f"{path}: {e}") from None


def _is_boilerplate(text: str) -> bool:
    stripped = text.strip().lstrip("\"'“‘")
    return any(p.search(stripped) for p in boilerplate_patterns())


@cache
def pipeline_parts() -> tuple[Language, KnowledgeBase, EventLexicon]:
    """The loaded parser, knowledge base and event lexicon (each loaded once per process).

    Once they are loaded, the objects alive are moved out of the garbage collector's sight
    (``gc.freeze``): the knowledge base alone is some 270,000 objects that live as long as
    the process, and each full collection would walk them all again for nothing - a tenth of
    the time of ``kg extract`` (1.2 of 11.8 CPU seconds on 240 news documents, 14 full
    collections). Frozen objects are still freed by reference counting; only cycles among
    objects alive at this moment stay for the life of the process. Forked workers inherit
    the frozen objects untouched, so their pages stay shared with the parent.
    """
    import gc

    from kg.extract.dates import load_date_parser
    from kg.nlp import load_nlp

    parts = load_nlp(), load_knowledge(), load_lexicon()
    load_model()
    load_date_parser()
    gc.collect()
    gc.freeze()
    return parts


def publisher_actor(name: str, kb: KnowledgeBase) -> Actor | None:
    """The actor a publisher's name denotes ("US State Department" -> Ministry of Foreign
    Affairs of the United States), read by the same rules as any text."""
    from kg.nlp import load_nlp

    index = find_mentions(load_nlp()(parsable(name)), kb, scope="publisher")
    found = [m.actors[0] for m in index.mentions if len(m.actors) == 1]
    return found[-1] if found else None


def extract_doc(
    doc: Doc,
    source: Source,
    *,
    kb: KnowledgeBase | None = None,
    lex: EventLexicon | None = None,
    model: EventModel | None = None,
    use_rules: bool = True,
    use_model: bool = True,
) -> Extraction:
    """Extract the events of an already parsed document.

    ``use_rules`` and ``use_model`` switch off the precise rules or the model, for the
    ablation figures (bench/ablation.py); extraction always uses both.
    """
    kb = kb or load_knowledge()
    lex = lex or load_lexicon()
    model = model or load_model()
    publisher = publisher_actor(source.publisher, kb) if source.publisher else None
    year = source.date.year if source.date else None
    index = find_mentions(doc, kb, scope=source.identifier, year=year, publisher=publisher)
    reader = SentenceReader(
        doc, index, source, kb, lex, model, use_rules=use_rules, use_model=use_model
    )
    text = source.text
    events: list[Event] = []
    sentences = list(doc.sents)
    for number, sent in enumerate(sentences):
        sentence_text = text[sent.start_char : sent.end_char]
        if _is_boilerplate(sentence_text):
            continue
        evidence = Evidence(number, sent.start_char, sent.end_char, sentence_text)
        events.extend(reader.events(sent, evidence))
    actors: dict[str, Actor] = {}
    for event in events:
        for actor in (event.source, event.target, *event.attributed_to):
            if actor is None or actor.key in actors:
                continue
            actors[actor.key] = actor
            for parent in kb.ancestors(actor):
                actors.setdefault(parent.key, parent)
    surfaces = _surfaces(doc, index)
    places = _place_states(index, kb)
    for event in events:
        target, place = event.target, event.place
        # a place that stands for its state as a target ("shelled Donetsk") names it here
        if (
            target is not None
            and place is not None
            and target.cls == "State"
            and place.country == target.country
            and place.label != target.label
        ):
            surfaces.setdefault(target.key, set()).add(place.label)
    aliases = {
        key: frozenset(s for s in surfaces.get(key, ()) if s != actors[key].label) for key in actors
    }
    return Extraction(
        source=source,
        events=tuple(events),
        actors=tuple(actors.values()),
        aliases=aliases,
        sentence_count=len(sentences),
        mentions=_mention_spans(doc, index, places),
        mentioned=tuple({a.key: a for a in (*mentioned_actors(index), *places.values())}.values()),
    )


def _surfaces(doc: Doc, index: MentionIndex) -> dict[str, set[str]]:
    """The words each actor is named by in the document (its skos:altLabel values)."""
    found: dict[str, set[str]] = {}
    for m in index.mentions:
        if m.kind not in SURFACE_KINDS:
            continue
        text = doc[m.start : m.end].text.strip()
        for prefix in ("the ", "The "):
            text = text.removeprefix(prefix)
        if text:
            for actor in m.actors:
                found.setdefault(actor.key, set()).add(text)
    return found


def _place_states(index: MentionIndex, kb: KnowledgeBase) -> dict[int, Actor]:
    """The state of each place mention with a known country ("Tehran": Iran): where a text
    names a place, it names a state's territory (mention offsets and evaluation only)."""
    found = {}
    for n, m in enumerate(index.places):
        if m.place is not None and m.place.country is not None and m.place.country in kb.states:
            found[n] = kb.state_actor(m.place.country)
    return found


def mentioned_actors(index: MentionIndex) -> list[Actor]:
    return [a for m in index.mentions for a in m.actors]


def _mention_spans(
    doc: Doc, index: MentionIndex, places: dict[int, Actor]
) -> tuple[MentionSpan, ...]:
    def offsets(m: ActorMention) -> tuple[int, int]:
        return doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)

    spans = {(*offsets(m), tuple(a.key for a in m.actors)) for m in index.mentions}
    spans |= {(*offsets(index.places[n]), (actor.key,)) for n, actor in places.items()}
    return tuple(MentionSpan(s, e, keys) for s, e, keys in sorted(spans))


def extract_source(source: Source) -> Extraction:
    """Parse and extract one document."""
    from kg.nlp import parse

    return extract_doc(parse(source.text), source)


#: Documents per nlp.pipe batch (and per message to a worker process).
BATCH_SIZE = 16


def extract_sources(sources: Iterable[Source], *, workers: int = 1) -> Iterator[Extraction]:
    """Parse and extract a stream of documents lazily, in order.

    The sources are pulled as the parser needs them, a few batches ahead, so a corpus is never
    held in memory. With ``workers`` > 1, that many processes parse and extract batches of
    documents (:mod:`kg.extract.parallel`); the records come back to this process in order.
    """
    if workers > 1:
        from kg.extract.parallel import extract_in_workers

        yield from extract_in_workers(sources, workers, batch_size=BATCH_SIZE)
        return
    nlp, kb, lex = pipeline_parts()
    model = load_model()
    pairs = ((parsable(s.text), s) for s in sources)
    for doc, source in nlp.pipe(pairs, as_tuples=True, batch_size=BATCH_SIZE):
        yield extract_doc(doc, source, kb=kb, lex=lex, model=model)
