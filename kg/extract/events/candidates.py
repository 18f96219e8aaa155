"""Candidate pairs: every two actors a sentence names are a candidate event.

The model decides which candidates the sentence states as an event, in which direction. A
candidate is two mentions (each naming one actor; a mention of two coordinated actors gives one
candidate per actor) that are not the same actor and do not overlap in the text. A place can be
the second member where CAMEO codes it as a target ("arrived in Amman": Jordan).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.actors.mentions import ActorMention, MentionIndex
from kg.knowledge import KnowledgeBase
from kg.model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Span

#: At most this many mentions of a sentence are paired (the first ones): a sentence listing
#: thirty states would otherwise give 435 candidates, none of them an event.
MAX_MENTIONS = 12


@dataclass(frozen=True, slots=True)
class Item:
    """One actor of one mention: a possible source or target."""

    mention: ActorMention
    actor: Actor
    is_place: bool = False

    @property
    def head(self) -> int:
        return self.mention.head


@dataclass(frozen=True, slots=True)
class Candidate:
    """Two items of one sentence, ``first`` before ``second`` in the text."""

    first: Item
    second: Item


def sentence_items(index: MentionIndex, sent: Span, kb: KnowledgeBase) -> list[Item]:
    """The items of a sentence in text order: each actor of each mention, then places whose
    state is known (as possible targets)."""
    items: list[Item] = []
    for mention in list(index.in_range(sent.start, sent.end))[:MAX_MENTIONS]:
        for actor in mention.actors:
            items.append(Item(mention, actor))
    for mention in index.places_in(sent.start, sent.end):
        place = mention.place
        if (
            place is not None
            and place.country is not None
            and place.country in kb.states
            and not _covered(mention, items)
        ):
            items.append(Item(mention, kb.state_actor(place.country), is_place=True))
    return sorted(items, key=lambda it: (it.mention.start, it.head, it.actor.key))


def _covered(place: ActorMention, items: list[Item]) -> bool:
    """A place inside an actor's phrase ("police in Cairo") is part of that phrase."""
    return any(it.mention.start <= place.start and place.end <= it.mention.end for it in items)


def candidates(items: list[Item]) -> Iterator[Candidate]:
    """Every pair of items naming different actors in mentions that do not overlap."""
    for n, a in enumerate(items):
        for b in items[n + 1 :]:
            if a.actor.key == b.actor.key or (a.is_place and b.is_place):
                continue
            if a.mention is not b.mention and (
                a.mention.start < b.mention.end and b.mention.start < a.mention.end
            ):
                continue
            yield Candidate(a, b)
