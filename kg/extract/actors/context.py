"""What the actor readers know while they read one document, and nothing beyond it.

Everything a document teaches (a person named in full, then by surname; an acronym defined in
brackets; the generic "protesters" of this story) lives here and is dropped with the document,
so that the same text always gives the same actors whatever was read before it.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract.actors.mentions import MentionIndex
from kg.iri import slugify
from kg.knowledge import KnowledgeBase
from kg.model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

#: Entity labels that name actors or places.
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})


@dataclass
class DocContext:
    """One document being read: its parse, the knowledge base, and what it has taught."""

    doc: Doc
    kb: KnowledgeBase
    scope: str
    year: int | None = None
    publisher: Actor | None = None
    index: MentionIndex = field(default_factory=MentionIndex)
    #: token index -> the entity span it belongs to
    entity_at: dict[int, Span] = field(default_factory=dict)
    #: names and surnames of persons named in this document -> the person
    persons: dict[str, Actor] = field(default_factory=dict)
    #: acronyms defined in this document ("the Rapid Support Forces (RSF)") -> the actor
    acronyms: dict[str, Actor] = field(default_factory=dict)
    #: head token -> the actors its phrase names (memo, so a phrase is read once)
    resolved: dict[int, tuple[Actor, ...]] = field(default_factory=dict)
    #: tokens read as part of another phrase (an owner modifier, a title)
    consumed: set[int] = field(default_factory=set)
    #: index of the first token of each sentence, in order
    sentence_starts: list[int] = field(default_factory=list)
    #: sentence number -> the one country it speaks of (memo of coreference.sentence_country)
    sentence_countries: dict[int, str | None] = field(default_factory=dict)
    #: the document's entities in order (``doc.ents`` builds every span anew on each call)
    ents: tuple[Span, ...] = ()
    #: index of the first token of each entity, in order
    ent_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sentence_starts = [sent.start for sent in self.doc.sents] or [0]
        self.ents = tuple(self.doc.ents)
        self.ent_starts = [ent.start for ent in self.ents]
        for ent in self.ents:
            if not ent.ent_id_ and ent.label_ not in NAME_LABELS:
                continue  # dates, numbers, money: not names of actors or places
            for token in ent:
                self.entity_at[token.i] = ent

    def ents_in(self, start: int, end: int) -> tuple[Span, ...]:
        """The entities inside tokens ``start`` to ``end`` (a sentence's entities, as
        ``Span.ents`` gives them)."""
        first, last = bisect_left(self.ent_starts, start), bisect_left(self.ent_starts, end)
        return tuple(ent for ent in self.ents[first:last] if ent.end <= end)

    def state(self, code: str) -> str:
        """The state a current state's names meant in this document's year (Moscow in 1985:
        the Soviet Union)."""
        return self.kb.state_in(code, self.year)

    def generic(
        self, label: str, cls: str, sector: str | None, country: str | None = None
    ) -> Actor:
        """An actor this document names without saying who it is ("the protesters"): kept
        apart from other documents' actors of the same label, so that two stories' "both
        sides" never merge."""
        return Actor(
            key=f"{slugify(label)}--{slugify(self.scope)}",
            label=label,
            cls=cls,
            country=country,
            sector=sector,
            from_dictionary=False,
        )
