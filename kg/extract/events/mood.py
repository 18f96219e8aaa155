"""Mood and speech: whether a clause states that an event happened, and on whose word.

* Negation: "did not attack", "never met", and a refusal above it ("refused to meet") mark the
  event as not having happened (negated).
* Modality: a modal on the trigger or a governing verb of intent makes the event intended
  ("will visit", "plans to visit"); a hypothetical modal or a condition makes it hypothetical
  ("could strike").
* Speech: under a reporting verb the event is reported by the verb's subject ("the army said
  jets struck ..."); under an accusation it is claimed ("accused Iran of arming Hamas"); under a
  denial it is denied ("Egypt denied supplying weapons"): stated by nobody.

The event model reads all of this as evidence; the event keeps it as ``negated``, ``modality``
and ``attributed_to``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.events.arguments import VERBS, kids
from kg.extract.events.lexicon import EventLexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Links along which a clause hangs under the verb that governs or reports it.
CLAUSE_LINKS = frozenset(
    {"ccomp", "xcomp", "conj", "advcl", "pcomp", "dobj", "prep", "pobj", "acl"}
)
#: Modalities, strongest first: a claim under an intent is still a claim.
ORDER = ("denied", "claimed", "hypothetical", "intended", "reported", "asserted")
#: Conditional subordinators: "if", "unless" make their clause hypothetical.
CONDITIONS = frozenset({"if", "unless", "whether"})


@dataclass(frozen=True, slots=True)
class Mood:
    """What a clause says about its event."""

    negated: bool = False
    modality: str = "asserted"
    #: lemma of the verb that governs the clause as a to-infinitive or gerund, and its kind
    governor: str | None = None
    governor_kind: str | None = None
    modal: str | None = None
    #: lemma of the reporting, claim or denial verb above, and its subjects' head tokens
    speech: str | None = None
    speakers: tuple[int, ...] = ()


def _stronger(a: str, b: str) -> str:
    return a if ORDER.index(a) <= ORDER.index(b) else b


def read_mood(trigger: Token, lex: EventLexicon) -> Mood:
    """The mood of the clause ``trigger`` heads."""
    negated = False
    modality = "asserted"
    governor = governor_kind = modal = None
    t = trigger
    for depth in range(10):
        for c in kids(t):
            if c.dep_ == "neg" and (depth == 0 or governor_kind == "negating"):
                negated = True
            if c.dep_ == "aux" and c.lower_ in lex.hypothetical_modals:
                modality = _stronger("hypothetical", modality)
                modal = modal or c.lower_
            elif c.dep_ == "aux" and c.lower_ in lex.intent_modals:
                modality = _stronger("intended", modality)
                modal = modal or c.lower_
            if c.dep_ == "mark" and c.lower_ in CONDITIONS:
                modality = _stronger("hypothetical", modality)
        if t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
            continue
        above = _governing(t)
        if above is None:
            break
        lemma = above.lemma_.lower()
        kind = lex.governors.get(lemma, "other")
        if governor is None:
            governor, governor_kind = lemma, kind
        if kind == "negating":
            negated = True
            if any(c.dep_ == "neg" for c in kids(above)):
                negated = False  # "did not refuse to meet"
        elif kind == "intent":
            modality = _stronger("intended", modality)
        elif kind not in ("realis", "ongoing"):
            break
        t = above
    speech, speakers, attributed = _speech(trigger, lex)
    return Mood(
        negated=negated,
        modality=_stronger(attributed, modality) if attributed != "asserted" else modality,
        governor=governor,
        governor_kind=governor_kind,
        modal=modal,
        speech=speech,
        speakers=speakers,
    )


def _governing(t: Token) -> Token | None:
    """The verb that takes ``t`` as a to-infinitive or gerund complement ("plans to visit",
    "refused to meet", "accused Iran of arming")."""
    if t.dep_ == "xcomp" and t.head.pos_ in VERBS:
        return t.head
    if (
        t.dep_ in ("advcl", "ccomp")
        and t.head.pos_ in VERBS
        and any(c.dep_ == "mark" and c.lower_ == "for" for c in kids(t))
    ):
        return t.head  # "called for Britain to stay": a for-to infinitive
    if t.dep_ == "xcomp" and t.head.pos_ == "ADJ" and t.head.dep_ in ("acomp", "oprd"):
        # a predicative adjective governs its to-infinitive as a verb would: "is willing to
        # send" is an intent like "plans to send" (ontology/patterns.yaml, governors)
        return t.head
    if t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.head.pos_ in VERBS:
        return t.head.head
    return None


def _speech(trigger: Token, lex: EventLexicon) -> tuple[str | None, tuple[int, ...], str]:
    """The reporting, claim or denial verb the clause hangs under, its speakers' heads and the
    modality it gives ("reported", "claimed", "denied", or "asserted" when none)."""
    t = trigger
    for _ in range(10):
        for c in kids(t):  # "according to X"
            if c.dep_ == "prep" and c.lower_ == "according":
                heads = tuple(o.i for to in kids(c) for o in kids(to) if o.dep_ == "pobj")
                return "according", heads, "reported"
        if t.head.i == t.i or t.dep_ not in CLAUSE_LINKS:
            return None, (), "asserted"
        parent = t.head
        if t.dep_ == "pobj" and parent.dep_ == "prep":
            parent = parent.head
        if parent.pos_ in VERBS:
            lemma = parent.lemma_.lower()
            kind = None
            if lemma in lex.denial_verbs:
                kind = "denied"
            elif lemma in lex.claim_verbs:
                kind = "claimed"
            elif lemma in lex.reporting_verbs:
                kind = "reported"
            if kind is not None:
                heads = tuple(c.i for c in kids(parent) if c.dep_ in ("nsubj", "nsubjpass"))
                return lemma, heads, kind
        t = parent
    return None, (), "asserted"
