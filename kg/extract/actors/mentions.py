"""The records the actor readers produce: which tokens name which actor or place.

They hold token offsets into one parsed document, so they live only while that document is
being read; what leaves the extractor is :class:`~kg.model.Actor` and character offsets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kg.knowledge.records import Place
from kg.model import Actor

#: How a mention names its actor. Names and bodies are other names for the actor (its
#: skos:altLabel); pronouns and descriptions ("the bloc") are not.
SURFACE_KINDS = frozenset({"name", "body", "person", "title", "group", "place"})


@dataclass(frozen=True, slots=True)
class ActorMention:
    """Tokens ``start``..``end`` (exclusive) of a document name ``actors``.

    ``head`` is the token the phrase hangs on in the parse (its syntactic head): the event
    reader starts its paths there. Coordinated modifiers give one mention with several actors
    ("Hungarian and Romanian officials").
    """

    start: int
    end: int
    head: int
    actors: tuple[Actor, ...]
    kind: str
    #: the place a place-named mention stands for ("arrived in Amman": Amman, Jordan)
    place: Place | None = None


@dataclass(slots=True)
class MentionIndex:
    """The mentions of one document, by token; built by one reader and read by the events."""

    mentions: list[ActorMention] = field(default_factory=list)
    places: list[ActorMention] = field(default_factory=list)
    _by_token: dict[int, ActorMention] = field(default_factory=dict)
    _by_head: dict[int, list[ActorMention]] = field(default_factory=dict)

    def add(self, mention: ActorMention) -> None:
        """Record a mention; the first mention of a token wins the token."""
        target = self.places if mention.kind == "place" else self.mentions
        target.append(mention)
        for i in range(mention.start, mention.end):
            self._by_token.setdefault(i, mention)
        self._by_head.setdefault(mention.head, []).append(mention)

    def covered(self, i: int) -> bool:
        """Whether token ``i`` belongs to a mention already."""
        return i in self._by_token

    def at(self, i: int) -> ActorMention | None:
        """The mention token ``i`` belongs to."""
        return self._by_token.get(i)

    def headed_by(self, i: int) -> list[ActorMention]:
        """The mentions whose head is token ``i``."""
        return self._by_head.get(i, [])

    def in_range(self, start: int, end: int) -> Iterator[ActorMention]:
        """Actor mentions whose head lies in tokens ``start``..``end``, in text order."""
        for m in sorted(self.mentions, key=lambda m: (m.start, m.head)):
            if start <= m.head < end:
                yield m

    def places_in(self, start: int, end: int) -> Iterator[ActorMention]:
        """Place mentions whose head lies in ``start``..``end``, in text order."""
        for m in sorted(self.places, key=lambda m: (m.start, m.head)):
            if start <= m.head < end:
                yield m


def unique(actors: Iterable[Actor]) -> tuple[Actor, ...]:
    """Actors in first-seen order, each once."""
    seen: dict[str, Actor] = {}
    for a in actors:
        seen.setdefault(a.key, a)
    return tuple(seen.values())
