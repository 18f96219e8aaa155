"""Extraction: text -> parse -> actor mentions -> events -> :class:`~kg.model.Extraction`.

The stages run in one direction and each lives in its own module: :mod:`kg.nlp` parses,
:mod:`kg.extract.mentions` finds actors, :mod:`kg.extract.events` reads relations. Nothing
after this package sees a spaCy object.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

import yaml

from kg.dictionary import Dictionary, load_dictionary
from kg.errors import DataError
from kg.extract.events import EventReader
from kg.extract.mentions import find_mentions
from kg.extract.patterns import load_patterns
from kg.model import Actor, Extraction, MentionSpan, Source
from kg.nlp import parsable
from kg.resources import ontology_file

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["extract_doc", "extract_source", "extract_sources"]


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


_PUBLISHERS: dict[str, Actor] = {}


def publisher_actor(name: str, d: Dictionary) -> Actor:
    """The actor a publisher's name denotes, read by the same rules as any text ("US State
    Department" -> Ministry of Foreign Affairs of the United States); else one named by it."""
    actor = _PUBLISHERS.get(name)
    if actor is None:
        from kg.nlp import load_nlp

        index = find_mentions(load_nlp()(name), d, scope="publisher")
        found = [m.actors[0] for m in index.mentions if len(m.actors) == 1 and m.kind != "party"]
        actor = found[-1] if found else d.lookup(name) or d.unknown(name.strip())
        _PUBLISHERS[name] = actor
    return actor


def extract_doc(doc: Doc, source: Source, d: Dictionary | None = None) -> Extraction:
    """Extract the events of an already parsed document."""
    d = d or load_dictionary()
    publisher = publisher_actor(source.publisher, d) if source.publisher else None
    index = find_mentions(doc, d, scope=source.identifier, publisher=publisher, text=source.text)
    reader = EventReader(index, d, load_patterns(), source)
    text = source.text
    sentences = [
        (i, sent)
        for i, sent in enumerate(index.sents)
        if not _is_boilerplate(text[sent.start_char : sent.end_char])
    ]
    events = tuple(reader.events(sentences))
    actors: dict[str, Actor] = {}
    for event in events:
        for actor in (event.source, event.target, *event.attributed_to):
            if actor is None or actor.key in actors:
                continue
            for a in (actor, *d.ancestors(actor)):
                actors.setdefault(a.key, a)
    seen = index.surfaces()
    aliases = {
        key: frozenset(s for s in seen.get(key, ()) if s and s != actors[key].label)
        for key in actors
    }
    return Extraction(
        source=source,
        events=events,
        actors=tuple(actors.values()),
        aliases=aliases,
        sentence_count=len(index.sents),
        mentions=tuple(MentionSpan(s, e, keys) for s, e, keys in index.spans()),
    )


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
    from kg.nlp import load_nlp

    nlp = load_nlp()
    d = load_dictionary()
    pairs = ((parsable(s.text), s) for s in sources)
    for doc, source in nlp.pipe(pairs, as_tuples=True, batch_size=BATCH_SIZE):
        yield extract_doc(doc, source, d)
