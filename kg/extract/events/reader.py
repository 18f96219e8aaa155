"""Reading a parsed document's events: every candidate pair decided by the model.

For each sentence: the candidate pairs of its actors (:mod:`.candidates`), their features
(:mod:`.features`), the pair model's decision and direction and the root model's CAMEO root
(:mod:`.model`); the specific relation where a pattern of patterns.yaml names one; mood and
speech (:mod:`.mood`); place, date and casualties (:mod:`.circumstances`); memberships stated in
passing (:mod:`.membership`). CAMEO conventions applied on the way:

* an intended or hypothetical cooperative act is an intent to cooperate (03), a hostile one a
  threat (13): "plans to visit Y" is 03 towards Y, "could strike Y" 13;
* a refusal is a rejection (12) and the refused act is kept, negated: "refused to meet Y";
* a speaker with no actor spoken about makes a statement with no target ("X said ...").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kg.extract.actors.mentions import MentionIndex
from kg.extract.events.arguments import VERBS, ancestors, has_particle, kids, role
from kg.extract.events.candidates import Candidate, Item, candidates, sentence_items
from kg.extract.events.circumstances import (
    casualties,
    event_content,
    event_date,
    event_place,
)
from kg.extract.events.features import Trigger, find_trigger, pair_features, root_features
from kg.extract.events.lexicon import EventLexicon
from kg.extract.events.membership import memberships
from kg.extract.events.model import EventModel
from kg.extract.events.mood import Mood, read_mood
from kg.extract.events.rules import rule_match
from kg.knowledge import KnowledgeBase
from kg.model import Actor, Event, Evidence, Place, Source
from kg.ontology import relation as relation_info

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Roots of cooperative acts that become an intent to cooperate when only intended.
COOPERATIVE_ROOTS = frozenset({"04", "05", "06", "07", "08"})
#: Roots of hostile acts that become a threat when only intended.
HOSTILE_ROOTS = frozenset({"09", "10", "11", "12", "14", "15", "16", "17", "18", "19", "20"})
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
#: The confidence of an event a precise rule reads, when the model is less sure: the rules'
#: own precision, measured strictly on conflibert-dev with the rules alone (bench/ablation.py).
RULE_CONFIDENCE = 0.65
#: Governors whose refusal is itself a rejection (CAMEO 12).
REFUSALS = frozenset({"refuse", "decline", "reject"})


@dataclass(frozen=True, slots=True)
class Decision:
    """The reading of one candidate: direction, probability, root, and the rule that read it
    (with its relation) when one did."""

    source: Item
    target: Item
    probability: float
    root: str
    rule: str = "model"
    relation: str | None = None
    rule_trigger: Token | None = None


def intent_root(root: str, modality: str) -> str:
    """CAMEO's code for an act that is only intended or hypothetical."""
    if modality not in ("intended", "hypothetical"):
        return root
    if root in COOPERATIVE_ROOTS:
        return "03"
    if root in HOSTILE_ROOTS:
        return "13"
    return root


def accepted(
    probabilities: list[float],
    threshold: float,
    first_threshold: float,
    patterned: list[bool] | None = None,
) -> list[bool]:
    """Which candidates of one sentence are events: the likeliest, and any a pattern of
    patterns.yaml fits in full (the precise rules, kept as strong evidence), at
    ``first_threshold``; the others at ``threshold``. Ties are broken by text order, so the
    result is deterministic."""
    if not probabilities:
        return []
    patterned = patterned or [False] * len(probabilities)
    best = max(range(len(probabilities)), key=lambda i: (probabilities[i], -i))
    return [
        p >= (first_threshold if i == best or patterned[i] else threshold)
        for i, p in enumerate(probabilities)
    ]


#: Prepositions of time and cause: a phrase under them says when or why, not what was done to
#: whom ("since Joe Biden's announcement", "after the army's withdrawal", "amid US sanctions").
BACKGROUND_PREPOSITIONS = frozenset(
    {"since", "after", "before", "amid", "following", "despite", "until", "during", "ahead"}
)


def in_background(doc: Doc, cand: Candidate) -> bool:
    """Whether one of the pair sits inside a time or cause phrase of the clause the other acts
    in ("Afghanistan has been witnessing violence since US President Joe Biden's
    announcement"): such a phrase dates the news, it states no act between the two."""
    for inner, outer in ((cand.second, cand.first), (cand.first, cand.second)):
        chain = ancestors(doc[inner.head])
        for t in chain[1:]:
            if t.pos_ in VERBS:
                break
            if t.dep_ == "pobj" and t.head.lower_ in BACKGROUND_PREPOSITIONS:
                return not any(o.i == outer.head for o in t.subtree)
    return False


def fits_pattern(features: list[str]) -> bool:
    """Whether a pattern fits a pair in full: its trigger, the source as subject (or agent)
    and the target in one of the pattern's slots."""
    return any(f.startswith(("pat>=", "pat<=", "b_low_pat=", "npat_tb=")) for f in features)


def decide(
    doc: Doc,
    cands: list[Candidate],
    lex: EventLexicon,
    model: EventModel,
    *,
    use_rules: bool = True,
    use_model: bool = True,
) -> list[Decision]:
    """The events among one sentence's candidates: which way each goes and its CAMEO root.

    The model weighs every candidate; a candidate a precise rule reads (:mod:`.rules`) is an
    event whatever the model says, in the rule's direction and with its relation. The two
    switches exist for the ablation figures of docs/evaluation.md (rules only, model only).
    """
    readings = []
    patterned = []
    matches = []
    for cand in cands:
        features = pair_features(doc, cand, lex)
        probs = model.pair.probabilities(features)
        forward, backward = probs.get("forward", 0.0), probs.get("backward", 0.0)
        first_acts = forward >= backward
        source, target = (cand.first, cand.second) if first_acts else (cand.second, cand.first)
        readings.append((source, target, max(forward, backward)))
        patterned.append(model.patterns_count and fits_pattern(features))
        matches.append(rule_match(doc, cand, lex) if use_rules else None)
    keep = accepted([r[2] for r in readings], model.threshold, model.first_threshold, patterned)
    keep = [ok and not in_background(doc, cand) for ok, cand in zip(keep, cands, strict=True)]
    if not use_model:
        keep = [False] * len(readings)
    decisions = []
    for (source, target, p), ok, match in zip(readings, keep, matches, strict=True):
        if match is not None and not match.source.is_place:
            source, target = match.source, match.target
            root = (relation_info(match.relation).cameo or "01")[:2]
            decisions.append(
                Decision(source, target, p, root, match.rule, match.relation, match.trigger)
            )
            continue
        if not ok or source.is_place:
            continue  # a place acts only by metonymy, read as its government already
        roots = model.root.probabilities(root_features(doc, source, target, lex))
        root = max(model.root.labels, key=lambda r: (roots[r], -model.root.labels.index(r)))
        decisions.append(Decision(source, target, p, root))
    return decisions


def specific_relation(trig: Trigger, root: str, target_role: str, lex: EventLexicon) -> str | None:
    """The specific relation a pattern of the trigger names, when its root agrees."""
    verb = trig.verb
    for pattern in lex.verbs.get(verb.lemma_.lower(), ()):
        if pattern.root != root:
            continue
        if pattern.particle and not has_particle(verb, pattern.particle):
            continue
        if pattern.object and not any(
            o.lemma_.lower() in pattern.object for o in kids(verb) if o.dep_ == "dobj"
        ):
            continue
        return pattern.relation
    if trig.noun is not None:
        noun_pattern = lex.nouns.get(trig.noun.lemma_.lower())
        if noun_pattern is not None and noun_pattern.root == root:
            return noun_pattern.relation
    return None


class SentenceReader:
    """Reads the events of the sentences of one document."""

    def __init__(
        self,
        doc: Doc,
        index: MentionIndex,
        source: Source,
        kb: KnowledgeBase,
        lex: EventLexicon,
        model: EventModel,
        *,
        use_rules: bool = True,
        use_model: bool = True,
    ) -> None:
        self.use_rules = use_rules
        self.use_model = use_model
        self.doc = doc
        self.index = index
        self.source = source
        self.kb = kb
        self.lex = lex
        self.model = model
        self.dates = {t.i: ent for ent in doc.ents for t in ent}

    def events(self, sent: Span, evidence: Evidence) -> list[Event]:
        """The events of one sentence, one per pair of actors and relation."""
        doc, lex = self.doc, self.lex
        found: list[tuple[Event, int]] = []
        cands = list(candidates(sentence_items(self.index, sent, self.kb)))
        for decision in decide(
            doc, cands, lex, self.model, use_rules=self.use_rules, use_model=self.use_model
        ):
            found.extend(self._emit(decision, evidence))
        found.extend(self._statements(sent, evidence, found))
        found = self._count_casualties(sent, found)
        best: dict[tuple, Event] = {}
        for event, _ in found:
            key = _key(event)
            if key not in best or event.confidence > best[key].confidence:
                best[key] = event
        events = list(best.values())
        events.extend(memberships(sent, self.index, evidence))
        return events

    def _emit(self, d: Decision, evidence: Evidence) -> Iterator[tuple[Event, int]]:
        doc, lex = self.doc, self.lex
        first, second = (
            (d.source, d.target) if d.source.head <= d.target.head else (d.target, d.source)
        )
        trig = find_trigger(doc, first, second, lex)
        if d.relation is not None:
            # a rule's trigger and relation
            trig = (
                Trigger(token=d.rule_trigger, verb=d.rule_trigger)
                if d.rule_trigger is not None
                else trig
            )
        mood = read_mood(trig.token, lex)
        root = intent_root(d.root, mood.modality)
        target_role = role(doc[d.target.head], trig.verb)
        if d.relation is not None and root == d.root:
            relation = d.relation
        else:
            relation = (
                specific_relation(trig, root, target_role, lex) if root == d.root else None
            ) or lex.root_relations[root]
        if root == "13" and d.root != "13":
            relation = "threatened"
        base = self._event(d, relation, trig, mood, evidence)
        refused = mood.negated and mood.governor in REFUSALS and mood.governor_kind == "negating"
        if refused:
            # "refused to meet Y": a rejection of Y, and the meeting, negated
            yield (
                replace(base, relation="rejected", negated=False, trigger=mood.governor or ""),
                trig.verb.i,
            )
        yield base, trig.verb.i

    def _event(
        self, d: Decision, relation: str, trig: Trigger, mood: Mood, evidence: Evidence
    ) -> Event:
        speakers = self._speakers(mood)
        modality = mood.modality
        if modality in ("reported", "claimed", "denied") and not speakers:
            modality = "reported" if modality == "reported" else modality
        future = mood.modality == "intended"
        when, when_text = event_date(trig.token, self.dates, self.source.date, future)
        place = event_place(trig.token, self.index, self.kb)
        if d.target.is_place and d.target.mention.place is not None:
            # "arrived in Amman": a visit to Jordan, in Amman
            place = Place(label=d.target.mention.place.name, country=d.target.actor.country)
        return Event(
            relation=relation,
            source=d.source.actor,
            target=d.target.actor,
            evidence=evidence,
            trigger=_trigger_text(trig),
            rule=d.rule,
            confidence=round(
                max(d.probability, RULE_CONFIDENCE) if d.relation else d.probability, 3
            ),
            negated=mood.negated,
            content=event_content(
                trig.token,
                set(range(d.source.mention.start, d.source.mention.end))
                | set(range(d.target.mention.start, d.target.mention.end)),
            ),
            place=place,
            date=when,
            date_text=when_text,
            modality=modality,
            attributed_to=tuple(a for a in speakers if a.key not in (d.source.actor.key,)),
        )

    def _speakers(self, mood: Mood) -> tuple[Actor, ...]:
        found: list[Actor] = []
        for i in mood.speakers:
            for m in self.index.headed_by(i):
                found.extend(a for a in m.actors if a not in found)
        return tuple(found)

    def _statements(
        self, sent: Span, evidence: Evidence, found: list[tuple[Event, int]]
    ) -> list[tuple[Event, int]]:
        """Acts that name no second actor: a speaker's statement ("X said ..."), and what a
        pattern marked `untargeted` states alone ("the US military carried out a strike", "the
        bloc released a statement"): the actor acts, on nobody the text names."""
        sources = {e.source.key for e, _ in found}
        out: list[tuple[Event, int]] = []
        for verb in sent:
            if verb.pos_ not in VERBS:
                continue
            relation = self._untargeted_relation(verb)
            if relation is None:
                continue
            for subj in (c for c in kids(verb) if c.dep_ == "nsubj"):
                for m in self.index.headed_by(subj.i):
                    for actor in m.actors:
                        if actor.key in sources:
                            continue
                        mood = read_mood(verb, self.lex)
                        out.append(
                            (
                                Event(
                                    relation=relation,
                                    source=actor,
                                    target=None,
                                    evidence=evidence,
                                    trigger=verb.text,
                                    rule="untargeted",
                                    confidence=0.7,
                                    negated=mood.negated,
                                    modality=mood.modality,
                                ),
                                verb.i,
                            )
                        )
                        sources.add(actor.key)
        return out

    def _untargeted_relation(self, verb: Token) -> str | None:
        """The relation a verb states with no target: reporting verbs state a statement; a
        verb (or the event noun a light verb carries) whose pattern says `untargeted`, its
        pattern's relation."""
        lex = self.lex
        lemma = verb.lemma_.lower()
        if lemma in lex.reporting_verbs:
            return "madeStatementAbout"
        for pattern in lex.verbs.get(lemma, ()):
            if pattern.untargeted and (
                not pattern.object
                or any(o.lemma_.lower() in pattern.object for o in kids(verb) if o.dep_ == "dobj")
            ):
                return pattern.relation
        for obj in (c for c in kids(verb) if c.dep_ == "dobj"):
            noun = lex.nouns.get(obj.lemma_.lower())
            light = lemma in lex.light_verbs or (noun is not None and lemma in noun.light_verbs)
            if noun is not None and noun.untargeted and light:
                return noun.relation
        return None

    def _count_casualties(
        self, sent: Span, found: list[tuple[Event, int]]
    ) -> list[tuple[Event, int]]:
        violent = [
            (n, i)
            for n, (e, i) in enumerate(found)
            if (relation_info(e.relation).cameo or "")[:2] in VIOLENT_ROOTS
        ]
        if not violent:
            return found
        updated = list(found)
        for kind, number, position in casualties(sent, dict(self.kb.words.numbers)):
            n, _ = min(violent, key=lambda pair: abs(pair[1] - position))
            event, i = updated[n]
            counted = (
                replace(event, killed=number)
                if kind == "killed"
                else replace(event, wounded=number)
            )
            updated[n] = (counted, i)
        return updated


def _trigger_text(trig: Trigger) -> str:
    if trig.noun is not None and trig.noun.i != trig.verb.i:
        first, last = sorted((trig.verb.i, trig.noun.i))
        if last - first <= 3:
            return trig.verb.doc[first : last + 1].text
        return f"{trig.verb.text} {trig.noun.text}"
    return trig.verb.text


def _key(event: Event) -> tuple:
    ends: tuple[str, ...] = (event.source.key, event.target.key if event.target else "")
    if event.target is not None and relation_info(event.relation).symmetric:
        ends = tuple(sorted(ends))
    return (event.relation, *ends, event.negated)


def published_year(date: dt.date | None) -> int | None:
    return date.year if date else None
