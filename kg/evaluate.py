"""Measuring the extractor: precision, recall and F1 of its relations against gold relations.

Two scores, both micro-averaged over every document of a gold file:

- **actor pair**: which pairs of actors a document relates, whatever the relation, in either
  order (an unordered pair; an event with no target is the pair of its source and "no target").
- **pair + CAMEO root**: the pair and the two-digit CAMEO root of the relation (``calledOn`` and
  ``urged`` are both 02; ``memberOf`` and ``partOf`` are their own). The order of the actors
  counts when both the gold relation and the predicted one are directed; a symmetric relation
  (``metWith``, ``clashedWith``) or a gold relation marked undirected matches either order.

Items are counted once per document: two sentences stating "Russia urged the Taliban" are one
fact. A gold item is *found* when some prediction matches it, and a prediction is *correct* when
it matches some gold item (precision = correct / predicted, recall = found / gold). Several
names of one actor in the gold (ISIL, Daesh) are thus all found by one prediction, and a
prediction at two levels of one actor (the US and its armed forces, see roll-up) is right twice.

A predicted actor *is* a gold actor when the gold label, compared without case, article or
possessive, is the actor's canonical label, a surface form the extractor read for it in that
document, or a name the dictionary gives it; or when the gold label adds pre-modifiers to one of
those (a title, adjectives: "Defense Secretary Ash Carter", "senior Iraqi officials", but not
"the government of Iraq" for Iraq) that name no other actor ("Pakistani officials" are not an
Afghan body); or, for a person, gives the surname alone ("Carter").

With roll-up (on by default, ``rollup=False`` to disable) a predicted actor also matches the
bodies it is part of through ``dkg:partOf``: "Armed Forces of the United States" matches a gold
"United States", but not the other way round. Negated events assert nothing and are left out,
and so are relations the gold's scheme has no label for (``GoldSet.out_of_scope``, and events
with no target when the scheme cannot state them).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from kg.dictionary import Dictionary, load_dictionary
from kg.gold import GoldDocument, GoldRelation, GoldSet, normal_label, relation_root, root_label
from kg.model import Actor, Event, Extraction
from kg.ontology import relation

EXACT, ROLLUP = "exact", "rollup"


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
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.gold + other.gold,
            self.predicted + other.predicted,
            self.found + other.found,
            self.correct + other.correct,
        )

    def as_dict(self) -> dict:
        def rounded(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "found": self.found,
            "correct": self.correct,
            "precision": rounded(self.precision),
            "recall": rounded(self.recall),
            "f1": rounded(self.f1),
        }


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold relation no prediction matches."""

    document: str
    source: str
    type: str
    target: str | None
    sentence: str | None
    #: the actor pair was found, with another relation or direction
    pair_found: bool


@dataclass(frozen=True, slots=True)
class FalseAlarm:
    """A predicted relation that matches no gold relation."""

    document: str
    source: str
    relation: str
    target: str | None
    sentence: str
    rule: str
    #: the actor pair is in the gold, with another relation or direction
    pair_correct: bool


@dataclass
class TypeScores:
    """Figures for one relation type: gold rows by the gold's type, predictions by relation."""

    pair: Score = field(default_factory=Score)
    relation: Score = field(default_factory=Score)


@dataclass
class Evaluation:
    """What :func:`kg.api.evaluate_gold` measured."""

    gold: str
    kind: str
    documents: int
    rollup: bool
    extractor: str
    date: str
    pair: Score
    relation: Score
    by_type: dict[str, TypeScores]
    rollup_matches: int
    misses: list[Miss]
    false_alarms: list[FalseAlarm]
    dropped: Counter[str]
    negated: int
    out_of_scope: int

    def as_dict(self) -> dict:
        return {
            "gold": self.gold,
            "kind": self.kind,
            "documents": self.documents,
            "rollup": self.rollup,
            "extractor": self.extractor,
            "date": self.date,
            "pair": self.pair.as_dict(),
            "relation": self.relation.as_dict(),
            "by_type": {
                name: {"pair": s.pair.as_dict(), "relation": s.relation.as_dict()}
                for name, s in sorted(self.by_type.items())
            },
            "rollup_matches": self.rollup_matches,
            "negated_predictions": self.negated,
            "out_of_scope_predictions": self.out_of_scope,
            "dropped_gold": dict(sorted(self.dropped.items())),
            "misses": [_record(m) for m in self.misses],
            "false_alarms": [_record(f) for f in self.false_alarms],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False)


def _record(item: Miss | FalseAlarm) -> dict:
    return {name: getattr(item, name) for name in item.__slots__}


# -- matching actors ---------------------------------------------------------------------------


class _Actors:
    """Which predicted actors of one document a gold label denotes."""

    def __init__(
        self,
        extraction: Extraction,
        d: Dictionary,
        names: dict[str, set[str]],
        keys: dict[str, str],
    ) -> None:
        self._by_key = {a.key: a for a in extraction.actors}
        self._aliases = extraction.aliases
        self._mentions = extraction.mentions
        self._d = d
        self._dictionary_names = names  # actor key -> its names in the dictionary
        self._dictionary_keys = keys  # a name in the dictionary -> actor key
        self._names: dict[str, frozenset[str]] = {}

    def names(self, actor: Actor) -> frozenset[str]:
        found = self._names.get(actor.key)
        if found is None:
            raw = {actor.label, *self._aliases.get(actor.key, ())}
            found = frozenset(
                {normal_label(n) for n in raw} | self._dictionary_names.get(actor.key, set())
            )
            self._names[actor.key] = found
        return found

    def denotes(self, label: str, actor: Actor) -> bool:
        names = self.names(actor)
        if label in names:
            return True
        for name in names:
            extra = _premodifiers(label, name)
            # a person's name says who it is; a body's head noun needs its modifiers to agree
            if extra and (actor.cls == "Person" or self._belong_to(extra, actor)):
                return True
        return actor.cls == "Person" and any(_surname(label, name) for name in names)

    def _belong_to(self, words: list[str], actor: Actor) -> bool:
        """No pre-modifier names another actor: "Afghan officials" can be the Government of
        Afghanistan's officials, "Pakistani officials" cannot."""
        allowed = {actor.key, *(a.key for a in self.ancestors(actor))}
        for size in (1, 2, 3):
            for i in range(len(words) - size + 1):
                key = self._dictionary_keys.get(" ".join(words[i : i + size]))
                if key is not None and key not in allowed:
                    return False
        return True

    def ancestors(self, actor: Actor) -> list[Actor]:
        chain, seen = [], {actor.key}
        current = actor
        while current.part_of and current.part_of not in seen:
            parent = self._by_key.get(current.part_of)
            if parent is None:
                try:
                    parent = self._d.actor(current.part_of)
                except KeyError:
                    break
            seen.add(parent.key)
            chain.append(parent)
            current = parent
        return chain

    def at(self, span: tuple[int, int] | None) -> frozenset[str]:
        """Keys of the actors the extractor found in a mention overlapping ``span``."""
        if span is None:
            return frozenset()
        start, end = span
        return frozenset(
            key for m in self._mentions if m.start < end and m.end > start for key in m.actor_keys
        )

    def match(
        self, actor: Actor, label: str, rollup: bool, span: tuple[int, int] | None = None
    ) -> str | None:
        """EXACT when the label (or the mention at the gold's offsets) denotes the actor, ROLLUP
        when it denotes a body the actor is part of."""
        found_here = self.at(span)
        if self.denotes(label, actor) or actor.key in found_here:
            return EXACT
        if rollup and any(
            self.denotes(label, a) or a.key in found_here for a in self.ancestors(actor)
        ):
            return ROLLUP
        return None


#: Words that end a noun's pre-modifiers: after them the name is a post-modifier or a conjunct
#: ("the government of Iraq", "Russia and China"), not the head of the label.
_NOT_PREMODIFIERS = frozenset(
    {"of", "from", "in", "for", "with", "by", "at", "on", "to", "against", "between", "among"}
)
_CONJUNCTIONS = frozenset({"and", "or", "nor", "&"})


def _premodifiers(label: str, name: str) -> list[str]:
    """The words a label puts before a name that it modifies: a title before a person ("defense
    secretary ash carter"), adjectives before a body ("senior iraqi officials"); none when the
    label does not end with the name or the name is not its head."""
    if not label.endswith(" " + name):
        return []
    extra = label[: -len(name) - 1].split()
    if (
        not extra
        or _NOT_PREMODIFIERS.intersection(extra)
        or extra[-1] in _CONJUNCTIONS
        or extra[-1].endswith(",")
    ):
        return []
    return extra


def _surname(label: str, name: str) -> bool:
    """A person's surname alone, as later mentions give it ("carter", "abadi")."""
    if " " in label or len(label) < 3 or not name.endswith(label) or name == label:
        return False
    return name[-len(label) - 1] in " -"


def _both(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return None
    return EXACT if a == b == EXACT else ROLLUP


def _best(*kinds: str | None) -> str | None:
    if EXACT in kinds:
        return EXACT
    return ROLLUP if ROLLUP in kinds else None


# -- the items that are counted ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Predicted:
    event: Event
    root: str
    symmetric: bool


class Evaluator:
    """Scores extractions against gold documents, one document at a time.

    >>> evaluator = Evaluator(gold_set)                  # doctest: +SKIP
    >>> evaluator.add(gold_document, extraction)
    >>> evaluator.result().pair.recall
    1.0
    """

    def __init__(self, gold: GoldSet, *, rollup: bool = True, d: Dictionary | None = None) -> None:
        self.gold = gold
        self.rollup = rollup
        self.d = d or load_dictionary()
        self._documents = 0
        self._pair = Score()
        self._relation = Score()
        self._by_type: dict[str, TypeScores] = {}
        self._rollup_matches = 0
        self._misses: list[Miss] = []
        self._false_alarms: list[FalseAlarm] = []
        self._negated = 0
        self._out_of_scope = 0

    @cached_property
    def _dictionary_names(self) -> dict[str, set[str]]:
        names: dict[str, set[str]] = {}
        for surface, key in self.d.names.items():
            names.setdefault(key, set()).add(normal_label(surface))
        return names

    @cached_property
    def _dictionary_keys(self) -> dict[str, str]:
        return {normal_label(surface): key for surface, key in self.d.names.items()}

    def _type(self, name: str) -> TypeScores:
        return self._by_type.setdefault(name, TypeScores())

    def add(self, gold: GoldDocument, extraction: Extraction) -> None:
        """Score one document's extraction against its gold relations."""
        self._documents += 1
        actors = _Actors(extraction, self.d, self._dictionary_names, self._dictionary_keys)
        gold_pairs, gold_relations = _gold_items(gold)
        predicted = self._predicted_items(extraction)
        predicted_pairs: dict[tuple, _Predicted] = {}
        for p in predicted.values():
            predicted_pairs.setdefault(_pair_key_of_event(p.event), p)

        # actor pairs: which gold pairs are found, which predicted pairs are correct (and how)
        pairs_found: set[tuple] = set()
        pairs_correct: dict[tuple, str] = {}
        for gkey, (g, _) in gold_pairs.items():
            for pkey, p in predicted_pairs.items():
                kind = self._pair_match(actors, p.event, g)
                if kind:
                    pairs_found.add(gkey)
                    pairs_correct[pkey] = _best(pairs_correct.get(pkey), kind) or kind
        self._rollup_matches += sum(1 for k in pairs_correct.values() if k == ROLLUP)
        self._pair += Score(
            len(gold_pairs), len(predicted_pairs), len(pairs_found), len(pairs_correct)
        )

        # pair + root; predictions count once per pair and root, whatever the relation name
        relations_found: set[tuple] = set()
        relations_correct: set[tuple] = set()
        for gkey, g in gold_relations.items():
            for pkey, p in predicted.items():
                if self._relation_match(actors, p, g):
                    relations_found.add(gkey)
                    relations_correct.add(pkey)
        by_root = {(k[0], p.root) for k, p in predicted.items()}
        by_root_correct = {(k[0], p.root) for k, p in predicted.items() if k in relations_correct}
        self._relation += Score(
            len(gold_relations), len(by_root), len(relations_found), len(by_root_correct)
        )

        # per type: gold rows by the gold's type, prediction rows by relation name
        for gkey, (_, types) in gold_pairs.items():
            for name in types:
                self._type(name).pair += Score(gold=1, found=int(gkey in pairs_found))
        for gkey, g in gold_relations.items():
            self._type(g.type).relation += Score(gold=1, found=int(gkey in relations_found))
        for pkey, p in predicted.items():
            row = self._type(p.event.relation)
            row.pair += Score(
                predicted=1, correct=int(_pair_key_of_event(p.event) in pairs_correct)
            )
            row.relation += Score(predicted=1, correct=int(pkey in relations_correct))

        # misses (a pair-only gold relation is missed when its pair is) and false alarms
        doc = gold.source.identifier
        for gkey, g in gold_relations.items():
            if gkey not in relations_found:
                found = _pair_key_of(g) in pairs_found
                self._misses.append(Miss(doc, g.source, g.type, g.target, g.sentence, found))
        typed = {_pair_key_of(g) for g in gold_relations.values()}
        for gkey, (g, types) in gold_pairs.items():
            if gkey not in pairs_found and gkey not in typed:
                kind = "|".join(sorted(types))
                self._misses.append(Miss(doc, g.source, kind, g.target, g.sentence, False))
        for pkey, p in predicted.items():
            if pkey not in relations_correct:
                e = p.event
                self._false_alarms.append(
                    FalseAlarm(
                        doc,
                        e.source.label,
                        e.relation,
                        e.target.label if e.target is not None else None,
                        e.evidence.text.strip(),
                        e.rule,
                        _pair_key_of_event(e) in pairs_correct,
                    )
                )

    def _predicted_items(self, extraction: Extraction) -> dict[tuple, _Predicted]:
        """One item per pair (ordered unless symmetric) and relation name, in text order;
        negated events and relations the gold cannot judge are counted and left out."""
        predicted: dict[tuple, _Predicted] = {}
        for event in extraction.events:
            if event.negated:
                self._negated += 1
                continue
            root = relation_root(event.relation)
            if (
                root in self.gold.out_of_scope
                or event.relation in self.gold.out_of_scope
                or (event.target is None and not self.gold.untargeted)
            ):
                self._out_of_scope += 1
                continue
            symmetric = relation(event.relation).symmetric
            a = event.source.key
            b = event.target.key if event.target is not None else None
            ordered = (a, b) if not symmetric or b is None else tuple(sorted((a, b)))
            predicted.setdefault((ordered, event.relation), _Predicted(event, root, symmetric))
        return predicted

    def _pair_match(self, actors: _Actors, e: Event, g: GoldRelation) -> str | None:
        s, t = normal_label(g.source), normal_label(g.target) if g.target else None
        if (e.target is None) != (t is None):
            return None
        ss, ts = g.source_span, g.target_span
        if e.target is None:
            return actors.match(e.source, s, self.rollup, ss)
        straight = _both(
            actors.match(e.source, s, self.rollup, ss), actors.match(e.target, t, self.rollup, ts)
        )
        crossed = _both(
            actors.match(e.source, t, self.rollup, ts), actors.match(e.target, s, self.rollup, ss)
        )
        return _best(straight, crossed)

    def _relation_match(self, actors: _Actors, p: _Predicted, g: GoldRelation) -> bool:
        if p.root not in g.roots:
            return False
        e = p.event
        s, t = normal_label(g.source), normal_label(g.target) if g.target else None
        if (e.target is None) != (t is None):
            return False
        ss, ts = g.source_span, g.target_span
        if e.target is None:
            return actors.match(e.source, s, self.rollup, ss) is not None
        straight = _both(
            actors.match(e.source, s, self.rollup, ss), actors.match(e.target, t, self.rollup, ts)
        )
        if straight or (g.directed and not p.symmetric):
            return straight is not None
        crossed = _both(
            actors.match(e.source, t, self.rollup, ts), actors.match(e.target, s, self.rollup, ss)
        )
        return crossed is not None

    def result(self) -> Evaluation:
        """Everything measured so far."""
        from kg.rdf import extractor_description

        return Evaluation(
            gold=str(self.gold.path),
            kind=self.gold.kind,
            documents=self._documents,
            rollup=self.rollup,
            extractor=extractor_description(),
            date=dt.date.today().isoformat(),
            pair=self._pair,
            relation=self._relation,
            by_type=dict(self._by_type),
            rollup_matches=self._rollup_matches,
            misses=self._misses,
            false_alarms=self._false_alarms,
            dropped=Counter(self.gold.dropped),
            negated=self._negated,
            out_of_scope=self._out_of_scope,
        )


def _pair_key(a: str, b: str | None) -> tuple:
    """An unordered pair; an event with no target pairs its source with None."""
    if b is None:
        return (a, None)
    return tuple(sorted((a, b)))


def _pair_key_of(r: GoldRelation) -> tuple:
    return _pair_key(normal_label(r.source), normal_label(r.target) if r.target else None)


def _pair_key_of_event(e: Event) -> tuple:
    return _pair_key(e.source.key, e.target.key if e.target is not None else None)


def _gold_items(
    gold: GoldDocument,
) -> tuple[dict[tuple, tuple[GoldRelation, set[str]]], dict[tuple, GoldRelation]]:
    """The document's gold pairs (with the types stated for each) and gold relations, each
    once: a relation by its labels (ordered when directed), roots and type."""
    pairs: dict[tuple, tuple[GoldRelation, set[str]]] = {}
    relations: dict[tuple, GoldRelation] = {}
    for r in gold.relations:
        s = normal_label(r.source)
        t = normal_label(r.target) if r.target is not None else None
        pairs.setdefault(_pair_key(s, t), (r, set()))[1].add(r.type)
        if r.roots:
            ordered = (s, t) if r.directed or t is None else tuple(sorted((s, t)))
            relations.setdefault((ordered, r.roots, r.directed, r.type), r)
    return pairs, relations


# -- the report ---------------------------------------------------------------------------------


def _figure(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def format_table(result: Evaluation, show: int = 20) -> str:
    """The report for people: scores, per type, then the misses and false alarms."""
    lines = [
        f"Gold: {result.gold} ({result.documents} document{'s' if result.documents != 1 else ''})",
        f"Extractor: {result.extractor}; measured {result.date}",
        f"Roll-up through partOf: {'on' if result.rollup else 'off'}"
        + (f" ({result.rollup_matches} correct pairs needed it)" if result.rollup else ""),
    ]
    if result.negated or result.out_of_scope:
        lines.append(
            f"Left out: {result.negated} negated predictions, {result.out_of_scope} predictions "
            "of relations the gold's scheme has no label for"
        )
    if result.dropped:
        total = sum(result.dropped.values())
        lines.append(f"Gold relations dropped by the mapping ({total}):")
        for reason, n in sorted(result.dropped.items(), key=lambda x: (-x[1], x[0])):
            lines.append(f"  {n:5}  {reason}")
    lines += [
        "",
        f"{'score':20} {'gold':>6} {'pred':>6} {'found':>6} {'right':>6} "
        f"{'P':>6} {'R':>6} {'F1':>6}",
    ]
    for name, s in (("actor pair", result.pair), ("pair + CAMEO root", result.relation)):
        lines.append(
            f"{name:20} {s.gold:6} {s.predicted:6} {s.found:6} {s.correct:6} "
            f"{_figure(s.precision):>6} {_figure(s.recall):>6} {_figure(s.f1):>6}"
        )
    lines += [
        "",
        "By type (gold rows by the gold's type, predictions by our relation):",
        f"{'type':24} {'gold':>5} {'pred':>5}  {'pair P':>6} {'pair R':>6}  "
        f"{'root P':>6} {'root R':>6}",
    ]
    for name, s in sorted(result.by_type.items()):
        gold = max(s.pair.gold, s.relation.gold)
        lines.append(
            f"{root_label(name):24} {gold:5} {s.pair.predicted:5}  {_figure(s.pair.precision):>6} "
            f"{_figure(s.pair.recall):>6}  {_figure(s.relation.precision):>6} "
            f"{_figure(s.relation.recall):>6}"
        )
    lines += _listing(
        "Misses",
        result.misses,
        show,
        lambda m: (m.source, m.type, m.target, m.sentence, m.pair_found, "pair found"),
    )
    lines += _listing(
        "False alarms",
        result.false_alarms,
        show,
        lambda f: (f.source, f.relation, f.target, f.sentence, f.pair_correct, "pair right"),
    )
    return "\n".join(lines) + "\n"


def _listing(title: str, items: list, show: int, parts) -> list[str]:
    lines = ["", f"{title} ({len(items)}{f', first {show}' if len(items) > show else ''}):"]
    for item in items[:show]:
        source, rel, target, sentence, flag, flag_text = parts(item)
        note = f"  [{flag_text}]" if flag else ""
        lines.append(f"  {item.document}: {source} {rel} {target or '(no target)'}{note}")
        if sentence:
            text = sentence if len(sentence) <= 200 else sentence[:197] + "..."
            lines.append(f"      {text}")
    return lines


__all__ = ["Evaluation", "Evaluator", "FalseAlarm", "Miss", "Score", "format_table", "root_label"]
