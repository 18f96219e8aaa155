"""Scoring extracted events against gold events, strictly by default.

Strict means what the reference scorer of the development sets means:

* a gold event is **found** when the extractor states, in that document (and, when the gold
  gives offsets, in the sentence that holds them), an event whose source actor is named in the
  gold source and whose target actor is named in the gold target, **in that direction**;
* every prediction counts in the precision denominator: each non-negated event with a target
  is one prediction, and it is **correct** when it matches some gold event;
* **typed** scores also ask for the relation's CAMEO root (or its band of roots) to agree;
* an actor is "named in" a gold phrase (sentence sets, re3d) when one of its names - its label
  or a surface form the extractor read for it in that document - lies in the phrase, or the
  phrase in it, or they share a capitalised content word of four letters or more; for our own
  gold format, which names actors by label, when a name equals the gold label;
* no roll-up to the bodies an actor is part of, no matching through the extractor's own mention
  offsets, negated events and structural relations (membership) left out of sentence sets.

Each leniency is a named option, reported beside the strict figure: ``either_direction``,
``rollup`` (a body matches the actor it is part of), ``via_mentions`` (an actor the extractor
read at the gold phrase's offsets is named in it, for pronouns and descriptions).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kg.evaluation.gold import GoldDocument, GoldRelation, GoldSet, normal_label, relation_root
from kg.model import Actor, Event, Extraction
from kg.ontology import relation

STRUCTURAL = frozenset({"memberOf", "partOf"})
_CAPITALISED = re.compile(r"[A-Z][\w'-]{3,}")


@dataclass(frozen=True, slots=True)
class Leniency:
    """The named leniencies; all off is the strict score."""

    either_direction: bool = False
    rollup: bool = False
    via_mentions: bool = False

    @property
    def names(self) -> list[str]:
        return [n for n in ("either_direction", "rollup", "via_mentions") if getattr(self, n)]


@dataclass(frozen=True, slots=True)
class Score:
    """Counts behind precision, recall and F1."""

    gold: int = 0
    predicted: int = 0
    found: int = 0
    correct: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if not p or not r:
            return 0.0 if (p is not None and r is not None) else None
        return 2 * p * r / (p + r)

    def __add__(self, other: Score) -> Score:
        return Score(
            self.gold + other.gold,
            self.predicted + other.predicted,
            self.found + other.found,
            self.correct + other.correct,
        )

    def as_dict(self) -> dict:
        def r(x: float | None) -> float | None:
            return round(x, 4) if x is not None else None

        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "found": self.found,
            "correct": self.correct,
            "precision": r(self.precision),
            "recall": r(self.recall),
            "f1": r(self.f1),
        }


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold event the extractor did not state, and why."""

    document: str
    source: str
    target: str | None
    type: str
    cause: str
    sentence: str | None


@dataclass(frozen=True, slots=True)
class FalseAlarm:
    """A stated event no gold event matches, and why."""

    document: str
    source: str
    target: str | None
    relation: str
    cause: str
    sentence: str


@dataclass
class Evaluation:
    """Everything one run of the scorer found."""

    gold_path: str
    kind: str
    leniency: list[str]
    documents: int = 0
    pair: Score = field(default_factory=Score)
    typed: Score = field(default_factory=Score)
    by_type: dict[str, Score] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    false_alarms: list[FalseAlarm] = field(default_factory=list)
    miss_causes: Counter[str] = field(default_factory=Counter)
    false_alarm_causes: Counter[str] = field(default_factory=Counter)
    #: gold phrases (sources and targets) in which the extractor read an actor of known identity
    phrases: int = 0
    phrases_identified: int = 0
    dropped: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict:
        return {
            "gold": self.gold_path,
            "kind": self.kind,
            "leniency": self.leniency or "strict",
            "documents": self.documents,
            "pair": self.pair.as_dict(),
            "typed": self.typed.as_dict(),
            "by_type": {k: v.as_dict() for k, v in sorted(self.by_type.items())},
            "actor_phrases": {
                "phrases": self.phrases,
                "identified": self.phrases_identified,
                "share": round(self.phrases_identified / self.phrases, 4) if self.phrases else None,
            },
            "miss_causes": dict(self.miss_causes.most_common()),
            "false_alarm_causes": dict(self.false_alarm_causes.most_common()),
            "misses": [_asdict(m) for m in self.misses],
            "false_alarms": [_asdict(f) for f in self.false_alarms],
            "dropped_from_gold": dict(self.dropped),
        }


def _asdict(item: Miss | FalseAlarm) -> dict:
    return {name: getattr(item, name) for name in item.__slots__}


def _words(text: str) -> set[str]:
    return {w.lower() for w in _CAPITALISED.findall(text)}


def phrase_names(names: list[str], phrase: str) -> bool:
    """Whether one of an actor's names is named in a gold phrase (the reference scorer's rule)."""
    span = phrase.lower()
    for name in names:
        n = name.lower().removeprefix("the ")
        if len(n) >= 2 and (
            re.search(r"\b" + re.escape(n) + r"\b", span) or (len(span) >= 3 and span in n)
        ):
            return True
    words = _words(phrase)
    return any(_words(n) & words for n in names)


def label_names(names: list[str], label: str) -> bool:
    """Whether one of an actor's names is the gold label (case, article, possessive aside)."""
    target = normal_label(label)
    return any(normal_label(n) == target for n in names)


@dataclass(frozen=True, slots=True)
class _Prediction:
    event: Event
    source_names: list[str]
    target_names: list[str]
    root: str
    source_keys: frozenset[str]
    target_keys: frozenset[str]


class Evaluator:
    """Accumulates documents; :meth:`result` gives the scores."""

    def __init__(self, gold: GoldSet, leniency: Leniency | None = None) -> None:
        self.gold = gold
        self.leniency = leniency or Leniency()
        self.result_ = Evaluation(str(gold.path), gold.kind, self.leniency.names)
        self.result_.dropped = gold.dropped
        self._pending: list[tuple[GoldDocument, Extraction]] = []
        self._all_names: dict[str, set[str]] = {}

    # -- names ---------------------------------------------------------------------------

    def _names(self, actor: Actor, extraction: Extraction, actors: dict[str, Actor]) -> list[str]:
        known = self._all_names.get(actor.key, set()) if self.gold.matching == "phrase" else set()
        names = [actor.label, *sorted(set(extraction.aliases.get(actor.key, ())) | known)]
        if self.leniency.rollup:
            seen = {actor.key}
            current = actor
            while current.part_of and current.part_of in actors and current.part_of not in seen:
                current = actors[current.part_of]
                seen.add(current.key)
                names += [current.label, *sorted(extraction.aliases.get(current.key, ()))]
        return names

    def _keys_at(self, extraction: Extraction, span: tuple[int, int] | None) -> frozenset[str]:
        if span is None:
            return frozenset()
        start, end = span
        return frozenset(
            k for m in extraction.mentions if m.start < end and start < m.end for k in m.actor_keys
        )

    def _named(
        self, names: list[str], keys: frozenset[str], text: str, span_keys: frozenset[str]
    ) -> bool:
        match = phrase_names if self.gold.matching == "phrase" else label_names
        if match(names, text):
            return True
        return self.leniency.via_mentions and bool(keys & span_keys)

    # -- scoring -------------------------------------------------------------------------

    def add(self, document: GoldDocument, extraction: Extraction) -> None:
        """Take one document; it is scored by :meth:`result`, once every document's names
        are known (an actor's names are every surface form read for it in the evaluated
        documents, as in a store that holds them all, which is what the reference scorer of
        the development sets reads)."""
        self._pending.append((document, extraction))
        for actor in (*extraction.actors, *extraction.mentioned):
            names = self._all_names.setdefault(actor.key, set())
            names.add(actor.label)
            names.update(extraction.aliases.get(actor.key, ()))

    def _score(self, document: GoldDocument, extraction: Extraction) -> None:
        res = self.result_
        res.documents += 1
        actors = {a.key: a for a in (*extraction.actors, *extraction.mentioned)}
        preds = [
            self._prediction(e, extraction, actors) for e in extraction.events if self._scored(e)
        ]
        golds = [g for g in document.relations if g.target is not None or self.gold.untargeted]
        text = extraction.source.text
        matched_pred: set[int] = set()
        matched_typed: set[int] = set()
        for g in golds:
            src_keys = self._keys_at(extraction, g.source_span)
            tgt_keys = self._keys_at(extraction, g.target_span)
            hits = [i for i, p in enumerate(preds) if self._matches(p, g, src_keys, tgt_keys, text)]
            typed = [i for i in hits if not g.roots or preds[i].root in g.roots]
            kind = res.by_type.setdefault(g.type, Score())
            res.by_type[g.type] = kind + Score(gold=1, found=int(bool(hits)))
            res.pair += Score(gold=1, found=int(bool(hits)))
            res.typed += Score(gold=1, found=int(bool(typed)))
            matched_pred.update(hits)
            matched_typed.update(typed)
            if not typed:
                cause = self._miss_cause(g, preds, hits, extraction, src_keys, tgt_keys, text)
                res.miss_causes[cause] += 1
                res.misses.append(
                    Miss(document.source.identifier, g.source, g.target, g.type, cause, g.sentence)
                )
            self._coverage(g, extraction, actors)
        for i, p in enumerate(preds):
            res.pair += Score(predicted=1, correct=int(i in matched_pred))
            res.typed += Score(predicted=1, correct=int(i in matched_typed))
            if i not in matched_pred:
                cause = self._false_alarm_cause(p, golds, extraction, text)
                res.false_alarm_causes[cause] += 1
                res.false_alarms.append(
                    FalseAlarm(
                        document.source.identifier,
                        p.event.source.label,
                        p.event.target.label if p.event.target else None,
                        p.event.relation,
                        cause,
                        p.event.evidence.text,
                    )
                )

    def _scored(self, e: Event) -> bool:
        if e.negated:
            return False
        if e.target is None and not self.gold.untargeted:
            return False
        if relation_root(e.relation) in self.gold.out_of_scope:
            return False  # the gold's scheme has no label for it: it cannot say right or wrong
        return not (e.relation in STRUCTURAL and self.gold.kind != "gold")

    def _prediction(
        self, e: Event, extraction: Extraction, actors: dict[str, Actor]
    ) -> _Prediction:
        target_names = self._names(e.target, extraction, actors) if e.target else []
        return _Prediction(
            event=e,
            source_names=self._names(e.source, extraction, actors),
            target_names=target_names,
            root=relation_root(e.relation),
            source_keys=frozenset({e.source.key}),
            target_keys=frozenset({e.target.key}) if e.target else frozenset(),
        )

    def _in_sentence(self, p: _Prediction, g: GoldRelation) -> bool:
        """With offsets, the gold event must be stated in the prediction's sentence."""
        if g.source_span is None:
            return True
        ev = p.event.evidence
        return ev.start <= g.source_span[0] < ev.end

    def _ends(
        self,
        p: _Prediction,
        g: GoldRelation,
        src_keys: frozenset[str],
        tgt_keys: frozenset[str],
        reverse: bool,
    ) -> bool:
        s_names, s_keys, t_names, t_keys = (
            (p.target_names, p.target_keys, p.source_names, p.source_keys)
            if reverse
            else (p.source_names, p.source_keys, p.target_names, p.target_keys)
        )
        if not self._named(s_names, s_keys, g.source, src_keys):
            return False
        if g.target is None:
            return p.event.target is None
        return bool(t_names) and self._named(t_names, t_keys, g.target, tgt_keys)

    def _matches(
        self,
        p: _Prediction,
        g: GoldRelation,
        src_keys: frozenset[str],
        tgt_keys: frozenset[str],
        text: str,
    ) -> bool:
        if not self._in_sentence(p, g):
            return False
        if self._ends(p, g, src_keys, tgt_keys, reverse=False):
            return True
        either = self.leniency.either_direction or (self.gold.kind == "gold" and not g.directed)
        return either and g.target is not None and self._ends(p, g, src_keys, tgt_keys, True)

    # -- causes --------------------------------------------------------------------------

    def _identified_at(self, extraction: Extraction, span: tuple[int, int] | None) -> bool:
        return bool(self._keys_at(extraction, span))

    def _miss_cause(
        self,
        g: GoldRelation,
        preds: list[_Prediction],
        hits: list[int],
        extraction: Extraction,
        src_keys: frozenset[str],
        tgt_keys: frozenset[str],
        text: str,
    ) -> str:
        if hits:
            return "event stated with a root of another class"
        if any(
            self._in_sentence(p, g)
            and g.target is not None
            and self._ends(p, g, src_keys, tgt_keys, True)
            for p in preds
        ):
            return "event stated in the other direction"
        if g.source_span is not None and g.target_span is not None:
            src, tgt = bool(src_keys), bool(tgt_keys)
            if not src and not tgt:
                return "no actor read in either phrase"
            if not src:
                return "no actor read in the source phrase"
            if not tgt:
                return "no actor read in the target phrase"
        sources = [
            p for p in preds if self._named(p.source_names, p.source_keys, g.source, src_keys)
        ]
        if sources:
            return "source acts, but not on this target"
        return "actors read, no event between them"

    def _false_alarm_cause(
        self, p: _Prediction, golds: list[GoldRelation], extraction: Extraction, text: str
    ) -> str:
        here = [g for g in golds if self._in_sentence(p, g)]
        if not here:
            return "no gold event in the sentence"
        for g in here:
            src_keys = self._keys_at(extraction, g.source_span)
            tgt_keys = self._keys_at(extraction, g.target_span)
            if g.target is not None and self._ends(p, g, src_keys, tgt_keys, reverse=True):
                return "a gold event, reversed"
        src_ok = any(
            self._named(p.source_names, p.source_keys, g.source, frozenset()) for g in here
        )
        tgt_ok = any(
            g.target
            and p.target_names
            and self._named(p.target_names, p.target_keys, g.target, frozenset())
            for g in here
        )
        if src_ok and not tgt_ok:
            return "gold source, another target"
        if tgt_ok and not src_ok:
            return "gold target, another source"
        if src_ok and tgt_ok:
            return "ends of two different gold events"
        return "neither end is a gold actor (a secondary event)"

    def _coverage(self, g: GoldRelation, extraction: Extraction, actors: dict[str, Actor]) -> None:
        """Count gold phrases in which an actor of known identity was read."""
        if self.gold.matching != "phrase":
            return
        for span in (g.source_span, g.target_span):
            if span is None:
                continue
            self.result_.phrases += 1
            keys = self._keys_at(extraction, span)
            if any(_identified(actors.get(k)) for k in keys):
                self.result_.phrases_identified += 1

    def result(self) -> Evaluation:
        """Score every document taken, and return the figures."""
        pending, self._pending = self._pending, []
        for document, extraction in pending:
            self._score(document, extraction)
        return self.result_


def _identified(actor: Actor | None) -> bool:
    """An actor of known identity: it has a country, or it is a named organisation, person or
    group of the knowledge base."""
    if actor is None:
        return False
    return actor.country is not None or (actor.from_dictionary and actor.cls != "SocialGroup")


def relation_quad(name: str) -> str | None:
    return relation(name).quad
