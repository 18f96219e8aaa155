"""Membership stated in passing: "the Troika [Pakistan, the US, Russia and China]", "NATO
member Turkey", "Poland, a member of NATO". Each listed actor is a member of the group."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.extract.actors.mentions import MentionIndex
from kg.extract.events.arguments import kids
from kg.model import Actor, Event, Evidence

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

GROUP_CLASSES = frozenset({"Coalition", "InternationalOrganization"})
CONFIDENCE = 0.8


def _actors_under(index: MentionIndex, token: Token) -> list[Actor]:
    """Actors of the mentions inside ``token``'s subtree."""
    found: list[Actor] = []
    for t in token.subtree:
        for m in index.headed_by(t.i):
            found.extend(a for a in m.actors if a not in found)
    return found


def memberships(sent: Span, index: MentionIndex, evidence: Evidence) -> Iterator[Event]:
    """Every membership the sentence states."""
    doc = sent.doc
    for m in index.in_range(sent.start, sent.end):
        if len(m.actors) != 1 or m.actors[0].cls not in GROUP_CLASSES:
            continue
        group = m.actors[0]
        head = doc[m.head]
        for appos in (c for c in kids(head) if c.dep_ == "appos"):
            end = appos.right_edge.i + 1
            if end < len(doc) and doc[end].text in ")]":
                end += 1
            trigger = doc[head.i : end].text
            for member in _actors_under(index, appos):
                if member.key != group.key and member.cls not in GROUP_CLASSES:
                    yield _membership(member, group, evidence, trigger, "apposition-membership")
    for noun in sent:
        if noun.lemma_.lower() != "member" or noun.dep_ not in ("compound", "appos"):
            continue
        groups = [
            a
            for c in kids(noun)
            if c.dep_ in ("compound", "nmod", "poss")
            for m in index.headed_by(c.i)
            for a in m.actors
        ] + [
            a
            for prep in kids(noun)
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for o in kids(prep)
            if o.dep_ == "pobj"
            for m in index.headed_by(o.i)
            for a in m.actors
        ]
        groups = [g for g in groups if g.cls in GROUP_CLASSES]
        members = [
            a for m in index.headed_by(noun.head.i) for a in m.actors if a.cls not in GROUP_CLASSES
        ]
        trigger = doc[noun.left_edge.i : noun.right_edge.i + 1].text
        for group in groups:
            for member in members:
                yield _membership(member, group, evidence, trigger, "member-noun")


def _membership(member: Actor, group: Actor, evidence: Evidence, trigger: str, rule: str) -> Event:
    return Event(
        relation="memberOf",
        source=member,
        target=group,
        evidence=evidence,
        trigger=trigger,
        rule=rule,
        confidence=CONFIDENCE,
    )
