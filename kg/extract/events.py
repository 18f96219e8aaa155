"""Events: rules over the dependency parse that read who did what to whom.

Each rule is a fact of English grammar, applied to the triggers listed in
ontology/patterns.yaml:

* a verb's source is its subject, or its by-agent when passive ("was attacked by X"); a
  relative pronoun stands for the noun the clause modifies ("forces that were trained by X");
* a verb without a subject takes the subject of the clause that controls it ("X called on Y,
  urging Z" - X urged Z); further up the tree the agent is only inferred, so it is generalised
  to the outermost body it belongs to and given a low confidence ("an agreement signed with
  the Taliban" in a sentence about a US President's announcement -> the United States);
* an event noun takes its source from a possessor, a from/by phrase or the subject of the light
  verb that carries it ("X held talks with Y", "X began the withdrawal of troops from Y");
* "between X and Y" states a symmetric relation between every pair; so does a symmetric verb
  whose coordinated subjects have no object ("Russia and China met");
* coordination distributes on both sides ("X and Y urged Z and W" gives four events);
* a negated verb gives a negated event, which asserts no actor-to-actor triple;
* a coalition followed by a bracketed or appositive list names its members.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.dictionary import Dictionary
from kg.extract.dates import resolve_date
from kg.extract.mentions import MentionIndex
from kg.extract.patterns import NounPattern, Patterns, VerbPattern
from kg.model import Actor, Event, Evidence, Place, Source
from kg.ontology import relation as relation_info

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

VERBS = frozenset({"VERB", "AUX"})
NOUNS = frozenset({"NOUN", "PROPN"})
#: Links along which a subjectless verb shares the subject of the verb above it.
CONTROL_LINKS = frozenset({"xcomp", "advcl", "conj"})
RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom"})
#: Dependencies that stay inside a noun phrase (used to collect the members of "X and Y").
NP_INTERNAL = frozenset(
    {
        "det",
        "amod",
        "compound",
        "nmod",
        "poss",
        "conj",
        "cc",
        "appos",
        "punct",
        "nummod",
        "case",
        "predet",
        "quantmod",
    }
)
PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside"})
DATE_PREPS = frozenset({"on", "in", "at", "during"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
FUTURE_AUX = frozenset({"will", "shall", "'ll"})
GROUP_CLASSES = frozenset({"Coalition", "InternationalOrganization"})
_QUOTES = " \t\n\"'“”‘’,.;:"
#: Quotation marks, but not an apostrophe inside a word ("Afghanistan’s").
_QUOTE_MARKS = re.compile(r"[\"“”]|(?<![A-Za-z])[‘’']|[‘’'](?![A-Za-z])")

# confidence of each way of finding the source
CONF_SUBJECT = 0.9
CONF_PASSIVE = 0.85
CONF_NOMINAL = 0.75
CONF_CONTROLLED = 0.75
CONF_INFERRED = 0.5
CONF_MEMBERSHIP = 0.8


@dataclass(frozen=True, slots=True)
class _Agents:
    actors: list[Actor]
    confidence: float
    how: str


_NONE = _Agents([], 0.0, "none")


class EventReader:
    """Reads the events of one parsed document."""

    def __init__(
        self,
        index: MentionIndex,
        d: Dictionary,
        patterns: Patterns,
        source: Source,
    ) -> None:
        self.doc = index.doc
        self.index = index
        self.d = d
        self.patterns = patterns
        self.source = source

    # -- driver ---------------------------------------------------------------------------

    def events(self, sentences: Iterable[tuple[int, Span]]) -> Iterator[Event]:
        """Every event in the given (index, sentence) pairs, de-duplicated per sentence."""
        for number, sent in sentences:
            evidence = Evidence(number, sent.start_char, sent.end_char, sent.text)
            best: dict[tuple, Event] = {}
            for event in self._sentence_events(sent, evidence):
                key = self._key(event)
                if key not in best or event.confidence > best[key].confidence:
                    best[key] = event
            yield from best.values()

    @staticmethod
    def _key(event: Event) -> tuple:
        ends = (event.source.key, event.target.key if event.target else "")
        if event.target is not None and relation_info(event.relation).symmetric:
            ends = tuple(sorted(ends))
        return (event.relation, *ends, event.negated)

    def _sentence_events(self, sent: Span, evidence: Evidence) -> Iterator[Event]:
        for token in sent:
            lemma = token.lemma_.lower()
            if token.pos_ in VERBS and lemma in self.patterns.verbs:
                for pattern in self.patterns.verbs[lemma]:
                    if pattern.particle is None or self._has_particle(token, pattern.particle):
                        yield from self._verb_events(token, pattern, evidence)
                        break
            elif token.pos_ in NOUNS and lemma in self.patterns.nouns:
                yield from self._noun_events(token, self.patterns.nouns[lemma], evidence)
        yield from self._memberships(sent, evidence)

    # -- verbs ----------------------------------------------------------------------------

    def _irrealis(self, token: Token) -> bool:
        """Whether a trigger sits under a to-infinitive that only wishes or demands it
        ("urged Iran to resume talks"), rather than one that says it happened ("began to")."""
        t = token
        while t.dep_ in ("xcomp", "conj") and t.head is not t:
            if t.dep_ == "xcomp" and t.head.lemma_.lower() not in self.patterns.realis_governors:
                return True
            t = t.head
        # "an announcement to pull out forces"
        return t.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)

    def _verb_events(
        self, verb: Token, pattern: VerbPattern, evidence: Evidence
    ) -> Iterator[Event]:
        if self._irrealis(verb):
            return
        agents = self._agents(verb)
        if not agents.actors:
            return
        carriers = [verb, *self._children(verb, "dobj")]
        targets = self._targets(verb, pattern.target, carriers, passive=self._is_passive(verb))
        negated = self._negated(verb)
        common = dict(
            trigger=self._trigger_text(verb),
            evidence=evidence,
            negated=negated,
            content=self._content(verb, pattern.content, carriers),
            clause=verb,
        )
        yield from self._emit(
            pattern.relation,
            agents,
            targets,
            pattern.untargeted,
            carriers,
            rule=f"verb-{agents.how}",
            **common,
        )

    def _has_particle(self, verb: Token, particle: str) -> bool:
        return any(c.dep_ in ("prt", "prep") and c.lower_ == particle for c in verb.children)

    def _is_passive(self, verb: Token) -> bool:
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return True
        return verb.tag_ == "VBN" and verb.dep_ == "acl"  # "an agreement signed with X"

    def _antecedent(self, token: Token, verb: Token) -> Token:
        """A relative pronoun stands for the noun its clause modifies."""
        if token.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head
        return token

    def _agents(self, verb: Token) -> _Agents:
        """Who acts: subject, by-agent, the noun a participle modifies, or the controller."""
        if self._is_passive(verb):
            found = self._by_agent(verb)
            if found:
                return _Agents(found, CONF_PASSIVE, "passive")
        else:
            for c in verb.children:
                if c.dep_ == "nsubj":
                    found = self.index.actors_of(self._antecedent(c, verb))
                    return _Agents(found, CONF_SUBJECT, "subject") if found else _NONE
            if verb.dep_ == "acl" and verb.tag_ == "VBG":  # "forces fighting the Taliban"
                found = self.index.actors_of(verb.head)
                if found:
                    return _Agents(found, CONF_SUBJECT, "participle")
        return self._implicit_agents(verb)

    def _by_agent(self, verb: Token) -> list[Actor]:
        """Objects of "by" in the verb's own clause, wherever the parser attached them."""
        for t in verb.subtree:
            if t.lower_ == "by" and t.dep_ in ("agent", "prep") and self._clause(t) == verb:
                found = [
                    a for obj in t.children if obj.dep_ == "pobj" for a in self.index.actors_of(obj)
                ]
                if found:
                    return found
        return []

    def _clause(self, token: Token) -> Token | None:
        """The verb whose clause a token belongs to."""
        for a in token.ancestors:
            if a.pos_ in VERBS:
                return a
        return None

    def _implicit_agents(self, verb: Token) -> _Agents:
        """The controller's subject (near), or an agent further up the tree (inferred)."""
        near = True
        t = verb
        for _ in range(15):
            if t.dep_ == "ROOT" or t.head is t:
                break
            link, t = t.dep_, t.head
            near = near and link in CONTROL_LINKS
            if t.pos_ in VERBS:
                subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
                if subject is not None:
                    found = self.index.actors_of(self._antecedent(subject, t))
                    if not found:
                        return _NONE
                    return self._inferred(found, near)
                if self._is_passive(t):
                    found = self._by_agent(t)
                    if found:
                        return self._inferred(found, near)
            elif t.pos_ in NOUNS:
                for c in t.children:
                    if c.dep_ == "poss":
                        found = self.index.actors_of(c)
                        if found:
                            return self._inferred(found, False)
        return _NONE

    def _inferred(self, actors: list[Actor], near: bool) -> _Agents:
        if near:
            return _Agents(actors, CONF_CONTROLLED, "controlled")
        tops = {a.key: a for a in (self.d.top(a) for a in actors)}
        return _Agents(list(tops.values()), CONF_INFERRED, "inferred")

    # -- nouns ----------------------------------------------------------------------------

    def _noun_events(
        self, noun: Token, pattern: NounPattern, evidence: Evidence
    ) -> Iterator[Event]:
        light = self._light_verb(noun, pattern)
        if light is not None and self._irrealis(light):
            return
        agents = self._noun_agents(noun, pattern)
        carriers = [noun]
        clause = light
        if light is not None:
            carriers.append(light)
            if not agents.actors:
                agents = self._agents(light)
                agents = _Agents(
                    agents.actors,
                    min(agents.confidence, CONF_NOMINAL + 0.05),
                    f"light-verb-{agents.how}",
                )
        # "clashes that erupted between X and Y", "talks held with Y"
        carriers += [c for c in noun.children if c.dep_ in ("acl", "relcl") and c.pos_ in VERBS]
        pairs = self._between(carriers) if "between" in pattern.target else []
        if pairs:
            for a, b in pairs:
                yield from self._emit(
                    pattern.relation,
                    _Agents([a], CONF_NOMINAL, "between"),
                    [b],
                    False,
                    carriers,
                    rule="noun-between",
                    trigger=self._trigger_text(noun),
                    evidence=evidence,
                    negated=self._negated_noun(noun, light),
                    content=None,
                    clause=clause,
                )
            return
        if not agents.actors:
            return
        slots = tuple(s for s in pattern.target if s != "between")
        targets = self._targets(noun, slots, carriers, passive=False)
        yield from self._emit(
            pattern.relation,
            agents,
            targets,
            pattern.untargeted,
            carriers,
            rule=f"noun-{agents.how}",
            trigger=self._trigger_text(noun, light),
            evidence=evidence,
            negated=self._negated_noun(noun, light),
            content=self._content(noun, pattern.content, carriers),
            clause=clause,
        )

    def _light_verb(self, noun: Token, pattern: NounPattern) -> Token | None:
        verbs = self.patterns.light_verbs | pattern.light_verbs
        head = noun.head
        if noun.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in verbs:
            return head  # "held talks", "talks were held"
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in verbs:
            return head.head  # "engaged in talks"
        return None

    def _noun_agents(self, noun: Token, pattern: NounPattern) -> _Agents:
        """ "X's call", "a warning from X", "an attack by X", "a Taliban attack"."""
        agent_preps = {"by", "from"} - set(pattern.target)
        for c in noun.children:
            if c.dep_ == "poss":
                found = self.index.actors_of(c)
                if found:
                    return _Agents(found, CONF_NOMINAL, "possessor")
            if c.dep_ == "prep" and c.lower_ in agent_preps:
                found = [a for o in c.children if o.dep_ == "pobj" for a in self.index.actors_of(o)]
                if found:
                    return _Agents(found, CONF_NOMINAL, f"{c.lower_}-phrase")
            if c.dep_ in ("compound", "nmod") and c.ent_type_ not in ("DATE", "TIME"):
                mention = self.index.at(c)
                if mention is not None and mention.kind == "name":
                    return _Agents(list(mention.actors), CONF_NOMINAL, "modifier")
        return _NONE

    def _negated_noun(self, noun: Token, light: Token | None) -> bool:
        if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
            return True
        return light is not None and self._negated(light)

    # -- arguments ------------------------------------------------------------------------

    def _children(self, token: Token, dep: str) -> list[Token]:
        return [c for c in token.children if c.dep_ == dep]

    def _targets(
        self, trigger: Token, slots: tuple[str, ...], carriers: list[Token], *, passive: bool
    ) -> list[Actor]:
        found: list[Actor] = []
        for slot in slots:
            if slot == "dobj":
                found += self._patients(trigger, passive)
            elif slot == "that":
                for c in carriers:
                    for clause in c.children:
                        if clause.dep_ in ("acl", "ccomp", "relcl") and any(
                            m.dep_ == "mark" and m.lower_ == "that" for m in clause.children
                        ):
                            for s in clause.children:
                                if s.dep_ in ("nsubj", "nsubjpass"):
                                    found += self.index.actors_of(s)
            elif slot != "between":
                for obj in self._prep_objects(carriers, slot):
                    found += self.index.actors_of(obj)
        unique: dict[str, Actor] = {}
        for a in found:
            unique.setdefault(a.key, a)
        return list(unique.values())

    def _patients(self, verb: Token, passive: bool) -> list[Actor]:
        if passive:
            for c in verb.children:
                if c.dep_ == "nsubjpass":
                    return self.index.actors_of(self._antecedent(c, verb))
            if verb.dep_ == "acl":  # "forces trained by X": the noun is the patient
                return self.index.actors_of(verb.head)
            return []
        return [
            a
            for c in verb.children
            if c.dep_ in ("dobj", "dative")
            for a in self.index.actors_of(c)
        ]

    def _prep_objects(self, carriers: list[Token], word: str) -> Iterator[Token]:
        for carrier in carriers:
            for prep in carrier.children:
                if prep.dep_ in ("prep", "prt", "agent", "dative") and prep.lower_ == word:
                    objs = [o for o in prep.children if o.dep_ == "pobj"]
                    if not objs and prep.dep_ == "prt":  # "called on all parties" as particle
                        objs = [o for o in carrier.children if o.dep_ == "dobj"]
                    yield from objs

    def _between(self, carriers: list[Token]) -> list[tuple[Actor, Actor]]:
        for obj in self._prep_objects(carriers, "between"):
            tokens = [obj, *self._np_tokens(obj)]
            actors = self.index.actors_in(sorted(tokens, key=lambda t: t.i))
            if len(actors) >= 2:
                return [(a, b) for i, a in enumerate(actors) for b in actors[i + 1 :]]
        return []

    def _np_tokens(self, token: Token) -> Iterator[Token]:
        for c in token.children:
            if c.dep_ in NP_INTERNAL:
                yield c
                yield from self._np_tokens(c)

    # -- what, where, when ----------------------------------------------------------------

    def _negated(self, verb: Token) -> bool:
        return any(c.dep_ == "neg" for c in verb.children)

    def _content(self, trigger: Token, slots: tuple[str, ...], carriers: list[Token]) -> str | None:
        for slot in slots:
            for carrier in carriers:
                for c in carrier.children:
                    if slot in ("xcomp", "ccomp", "pcomp") and c.dep_ == slot:
                        return self._content_text(c, keep_head=True)
                    if slot == "dobj" and c.dep_ in ("dobj", "nsubjpass") and carrier is trigger:
                        return self._content_text(c, keep_head=True)
                    if (
                        slot == "that"
                        and c.dep_ in ("acl", "ccomp", "relcl")
                        and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                    ):
                        return self._content_text(c, keep_head=True)
                    if c.dep_ == "prep" and c.lower_ == slot:
                        return self._content_text(c, keep_head=False)
            if slot == "dobj" and trigger.dep_ == "acl" and self._is_passive(trigger):
                noun = trigger.head  # "a February agreement signed with the Taliban"
                skip = {t.i for t in trigger.subtree}
                return self._text(t for t in noun.subtree if t.i not in skip)
        return None

    def _content_text(self, head: Token, *, keep_head: bool) -> str | None:
        """What was called for, agreed or handed over: the clause or phrase, without the
        adverbial clauses hung on it, the by-phrase naming the agent, or a leading
        complementiser ("that", "to")."""
        drop: set[int] = set() if keep_head else {head.i}
        for t in head.subtree:
            if t.dep_ == "advcl" or (
                t.lower_ == "by"
                and t.dep_ in ("prep", "agent")
                and any(self.index.at(o) for o in t.children if o.dep_ == "pobj")
            ):
                drop |= {x.i for x in t.subtree}
            if t.head == head and t.dep_ in ("mark", "aux") and t.lower_ in ("that", "to"):
                drop.add(t.i)
            if t.head == head and t.dep_ == "prep" and self._names_argument(t):
                drop |= {x.i for x in t.subtree}  # "an agreement [with Israel] [in Sochi]"
        return self._text(t for t in head.subtree if t.i not in drop)

    def _names_argument(self, prep: Token) -> bool:
        """A prepositional phrase that names an actor, a place or a date, not content."""
        for obj in prep.children:
            if obj.dep_ == "pobj" and (
                self.index.at(obj) is not None or obj.ent_type_ in PLACE_LABELS | {"DATE", "TIME"}
            ):
                return True
        return False

    def _text(self, tokens: Iterable[Token]) -> str | None:
        tokens = sorted(tokens, key=lambda t: t.i)
        if not tokens:
            return None
        text = self.doc[tokens[0].i : tokens[-1].i + 1].text
        text = _QUOTE_MARKS.sub("", text).strip(_QUOTES)
        return " ".join(text.split()) or None

    def _trigger_text(self, trigger: Token, light: Token | None = None) -> str:
        words = [trigger]
        if trigger.pos_ in VERBS:
            words += [c for c in trigger.children if c.dep_ == "prt"]
        if light is not None:
            words += [light, *(c for c in light.children if c.dep_ == "prt")]
        return " ".join(t.text for t in sorted(words, key=lambda t: t.i))

    def _place(self, carriers: list[Token], clause: Token | None) -> Place | None:
        for carrier in carriers:
            # "in Kandahar where the US military carried out a strike"
            if carrier.dep_ == "relcl" and any(c.lower_ == "where" for c in carrier.children):
                place = self._place_of(carrier.head)
                if place is not None:
                    return place
        roots = [c for c in carriers if c.pos_ in VERBS] or carriers[:1]
        for root in roots:
            for t in root.subtree:
                if t.dep_ != "prep" or t.lower_ not in PLACE_PREPS:
                    continue
                owner = self._clause(t)
                if root.pos_ in VERBS and owner != root:
                    continue
                for obj in t.children:
                    if obj.dep_ == "pobj":
                        place = self._place_of(obj)
                        if place is not None:
                            return place
        return None

    def _place_of(self, token: Token) -> Place | None:
        for t in (token, *self._np_tokens(token)):
            if t.ent_type_ in PLACE_LABELS:
                ent = next(e for e in self.doc.ents if e.start <= t.i < e.end)
                actor = self.d.actors.get(ent.ent_id_) if ent.ent_id_ else None
                if actor is not None and actor.cls == "State":
                    label = (
                        actor.label
                        if ent.text in self.d.names and ent.text not in self.d.capitals
                        else ent.text
                    )
                    return Place(label=label, country=actor.country)
                return Place(label=ent.text.removeprefix("the ").strip())
        return None

    def _dates(self, carriers: list[Token]) -> tuple[list[str], bool]:
        parts: list[tuple[int, str]] = []
        future = False
        for carrier in carriers:
            for c in carrier.children:
                if c.dep_ == "aux" and c.lower_ in FUTURE_AUX:
                    future = True
                targets = []
                if c.dep_ == "prep" and c.lower_ in DATE_PREPS:
                    targets = [o for o in c.children if o.dep_ == "pobj"]
                elif c.dep_ in ("npadvmod", "tmod", "compound", "nmod", "amod"):
                    targets = [c]
                for t in targets:
                    if t.ent_type_ == "DATE":
                        ent = next(e for e in self.doc.ents if e.start <= t.i < e.end)
                        if (ent.start, ent.text) not in parts:
                            parts.append((ent.start, ent.text))
        parts.sort()
        return [text for _, text in parts], future

    # -- memberships ----------------------------------------------------------------------

    def _memberships(self, sent: Span, evidence: Evidence) -> Iterator[Event]:
        """ "the Troika [Pakistan, the US, Russia and China]": each listed actor is a member."""
        for token in sent:
            mention = self.index.at(token)
            if mention is None or mention.head != token.i or len(mention.actors) != 1:
                continue
            group = mention.actors[0]
            if group.cls not in GROUP_CLASSES:
                continue
            for appos in (c for c in token.children if c.dep_ == "appos"):
                members = [a for a in self.index.actors_of(appos) if a.key != group.key]
                span = self.doc[appos.left_edge.i : appos.right_edge.i + 1]
                for member in members:
                    yield Event(
                        relation="memberOf",
                        source=member,
                        target=group,
                        evidence=evidence,
                        trigger=f"{token.text} {span.text}",
                        rule="apposition-membership",
                        confidence=CONF_MEMBERSHIP,
                    )

    # -- output ---------------------------------------------------------------------------

    def _emit(
        self,
        relation: str,
        agents: _Agents,
        targets: list[Actor],
        untargeted: bool,
        carriers: list[Token],
        *,
        rule: str,
        trigger: str,
        evidence: Evidence,
        negated: bool,
        content: str | None,
        clause: Token | None,
    ) -> Iterator[Event]:
        symmetric = relation_info(relation).symmetric
        pairs: list[tuple[Actor, Actor | None]]
        if targets:
            pairs = [(s, t) for s in agents.actors for t in targets if s.key != t.key]
        elif symmetric and len(agents.actors) >= 2:
            # reciprocal: "Russia and China met" - every pair of the coordinated subjects
            pairs = [(a, b) for i, a in enumerate(agents.actors) for b in agents.actors[i + 1 :]]
        elif untargeted:
            pairs = [(s, None) for s in agents.actors]
        else:
            return
        if not pairs:
            return
        place = self._place(carriers, clause)
        date_carriers = carriers + [c.head for c in carriers if c.dep_ == "acl"]
        date_parts, future = self._dates(date_carriers)
        when = resolve_date(date_parts, self.source.date, future=future) if date_parts else None
        for source, target in pairs:
            yield Event(
                relation=relation,
                source=source,
                target=target,
                evidence=evidence,
                trigger=trigger,
                rule=rule,
                confidence=round(agents.confidence, 2),
                negated=negated,
                content=content,
                place=place,
                date=when,
                date_text=" ".join(date_parts) or None,
            )
