"""Frozen records that flow between the stages: text -> parse -> actors -> events -> graph.

No spaCy objects cross this boundary: the extractors turn tokens into these records, so the
RDF, store, analysis and drawing stages never depend on the language model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Source:
    """A document to extract: its text and what is known about it."""

    identifier: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    path: str | None = None
    #: who issued the document (a ministry, a command): "we" outside quotations is the publisher
    publisher: str | None = None

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the UTF-8 text: how an unchanged document is recognised."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor: one per real-world entity, whatever the surface form.

    ``key`` is the slug that names the actor's IRI; ``part_of`` and ``member_of`` hold keys of
    other actors (the dictionary or the sector templates define them).
    """

    key: str
    label: str
    cls: str
    country: str | None = None
    sector: str | None = None
    part_of: str | None = None
    member_of: tuple[str, ...] = ()
    wikidata: str | None = None
    from_dictionary: bool = True
    #: a person's post in the body ``part_of`` names ("president", "foreign minister")
    post: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence a fact was read from, with its character offsets in the document text."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened, as named in the text."""

    label: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class When:
    """A resolved date: ``value`` in ISO form and its XSD type (date, gYearMonth or gYear)."""

    value: str
    datatype: str = "date"


@dataclass(frozen=True, slots=True)
class Event:
    """One statement of a relation between actors in one sentence."""

    relation: str
    source: Actor
    target: Actor | None
    evidence: Evidence
    trigger: str
    rule: str
    confidence: float
    negated: bool = False
    content: str | None = None
    place: Place | None = None
    date: When | None = None
    date_text: str | None = None
    #: "asserted", "reported" (a source says so) or "claimed" (an accusation: not asserted)
    modality: str = "asserted"
    attributed_to: tuple[Actor, ...] = ()
    killed: int | None = None
    wounded: int | None = None


@dataclass(frozen=True, slots=True)
class MentionSpan:
    """Characters ``start``..``end`` of the document text that name ``actor_keys``."""

    start: int
    end: int
    actor_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document."""

    source: Source
    events: tuple[Event, ...]
    actors: tuple[Actor, ...]
    aliases: dict[str, frozenset[str]] = field(default_factory=dict)
    sentence_count: int = 0
    #: every actor mention found, by character offsets (for evaluation and auditing)
    mentions: tuple[MentionSpan, ...] = ()
    #: every actor those mentions name, also those in no event (for evaluation and auditing)
    mentioned: tuple[Actor, ...] = ()
