"""Circumstances of an event: where it happened, when, and how many were killed or wounded.

* Place: a place named by a locative phrase of the trigger's clause ("clashed in Kandahar"), or
  the place a "where" clause hangs on ("in Kandahar where the US military carried out a strike").
* Date: the date expressions of the clause, resolved against the publication date
  (:mod:`kg.extract.dates`).
* Casualties: numbers of killed and wounded stated with a fight or an assault ("killing 12",
  "left 100 insurgents dead").
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kg.extract.actors.mentions import MentionIndex
from kg.extract.dates import resolve_date
from kg.extract.events.arguments import VERBS, kids
from kg.knowledge import KnowledgeBase
from kg.model import Place, When

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "around"})
DATE_PREPS = frozenset({"on", "in", "at", "during", "since", "by"})
CASUALTY_VERBS = {"kill": "killed", "wound": "wounded", "injure": "wounded"}
CASUALTY_STATES = {"dead": "killed", "killed": "killed", "wounded": "wounded", "injured": "wounded"}


def event_place(trigger: Token, index: MentionIndex, kb: KnowledgeBase) -> Place | None:
    """The place of the clause ``trigger`` heads, if a locative phrase names one."""
    if trigger.dep_ == "relcl" and any(c.lower_ == "where" for c in kids(trigger)):
        found = _place_at(trigger.head, index, kb)
        if found is not None:
            return found
    clause = trigger if trigger.pos_ in VERBS else trigger.head
    for t in clause.subtree:
        if t.dep_ == "prep" and t.lower_ in PLACE_PREPS and _clause_of(t) == clause:
            for obj in kids(t):
                if obj.dep_ == "pobj":
                    found = _place_at(obj, index, kb)
                    if found is not None:
                        return found
    return None


def _clause_of(token: Token) -> Token:
    t = token.head
    while t.pos_ not in VERBS and t.head.i != t.i:
        t = t.head
    return t


def _place_at(token: Token, index: MentionIndex, kb: KnowledgeBase) -> Place | None:
    for t in token.subtree:
        for m in index.places_in(t.i, t.i + 1):
            if m.place is not None:
                return Place(label=m.place.name, country=m.place.country)
        # the state a name heads, not a longer phrase around it ("officials from the
        # government and the rebels in Ethiopia" is one mention that holds Ethiopia's)
        for at in index.headed_by(t.i):
            if len(at.actors) == 1 and at.actors[0].cls == "State":
                return Place(label=at.actors[0].label, country=at.actors[0].country)
    return None


def event_date(
    trigger: Token, doc_ents: dict[int, Span], published: dt.date | None, future: bool
) -> tuple[When | None, str | None]:
    """The resolved date of the clause ``trigger`` heads, and the words that gave it."""
    clause = trigger if trigger.pos_ in VERBS else trigger.head
    carriers = [clause, *(c for c in kids(clause) if c.dep_ == "dobj")]
    parts: list[tuple[int, str]] = []
    for carrier in carriers:
        for c in kids(carrier):
            targets = []
            if c.dep_ == "prep" and c.lower_ in DATE_PREPS:
                targets = [o for o in kids(c) if o.dep_ == "pobj"]
            elif c.dep_ in ("npadvmod", "tmod", "compound", "nmod", "amod"):
                targets = [c]
            for t in targets:
                ent = doc_ents.get(t.i)
                if ent is not None and ent.label_ == "DATE" and (ent.start, ent.text) not in parts:
                    parts.append((ent.start, ent.text))
    if not parts:
        return None, None
    parts.sort()
    texts = [text for _, text in parts]
    return resolve_date(texts, published, future=future), " ".join(texts)


def casualties(sent: Span, numbers: dict[str, int]) -> list[tuple[str, int, int]]:
    """(kind, number, token position) of every casualty count the sentence states."""
    counts: list[tuple[str, int, int]] = []
    for token in sent:
        lemma = token.lemma_.lower()
        if token.pos_ in VERBS and lemma in CASUALTY_VERBS:
            for victim in (c for c in kids(token) if c.dep_ in ("dobj", "nsubjpass")):
                n = _number(victim, numbers)
                if n is not None:
                    counts.append((CASUALTY_VERBS[lemma], n, token.i))
        if token.pos_ in VERBS and lemma == "leave":  # "left 100 insurgents dead"
            state: Token | None = next(
                (
                    c
                    for c in kids(token)
                    if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and c.lower_ in CASUALTY_STATES
                ),
                None,
            )
            left = next((c for c in kids(token) if c.dep_ == "dobj"), None)
            if state is None and left is not None:
                state = next((c for c in kids(left) if c.lower_ in CASUALTY_STATES), None)
            if state is not None and left is not None:
                n = _number(left, numbers)
                if n is not None:
                    counts.append((CASUALTY_STATES[state.lower_], n, token.i))
    return counts


def _number(token: Token, numbers: dict[str, int]) -> int | None:
    """The number of people a noun phrase counts ("100 insurgents", "more than 100")."""
    for c in (token, *kids(token)):
        if c.dep_ == "nummod" or (c is token and c.like_num):
            text = c.text.lower().replace(",", "")
            if text.isdigit():
                return int(text)
            if text in numbers:
                return numbers[text]
    return None


#: Links to what an act is about: its clause complement ("urged the Taliban *to fulfil its
#: commitments*", "said *that ...*") or a for/on/over/about phrase ("called for calm").
CONTENT_LINKS = frozenset({"xcomp", "ccomp"})
CONTENT_PREPOSITIONS = frozenset({"for", "about", "over", "on", "regarding", "concerning"})
#: Longest content kept, in characters.
MAX_CONTENT = 200


def event_content(trigger: Token, actors: set[int]) -> str | None:
    """What an act is about, as the text says it, when the text says it in a clause or phrase
    of its own (not a phrase that names one of the event's actors)."""
    for c in kids(trigger):
        if c.dep_ in CONTENT_LINKS:
            return _text(c)
    for c in kids(trigger):
        if c.dep_ == "prep" and c.lower_ in CONTENT_PREPOSITIONS:
            objects = [g for g in kids(c) if g.dep_ in ("pobj", "pcomp")]
            if objects and not any(t.i in actors for t in objects[0].subtree):
                return _text(objects[0])
    return None


def _text(token: Token) -> str | None:
    doc = token.doc
    text = doc[token.left_edge.i : token.right_edge.i + 1].text.strip(" ,.;:\"'“”‘’")
    if not text:
        return None
    return text if len(text) <= MAX_CONTENT else text[: MAX_CONTENT - 1].rstrip() + "…"
