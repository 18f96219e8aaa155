"""Events: rules over the dependency parse that read who did what to whom.

Each rule is a fact of English grammar, applied to the triggers listed in
ontology/patterns.yaml:

* a verb's source is its subject, or its by-agent when passive ("was attacked by X"); a
  relative pronoun stands for the noun the clause modifies ("forces that were trained by X");
* a verb without a subject takes the subject of the clause that controls it ("X called on Y,
  urging Z" - X urged Z), or its object after verbs of object control ("accused Israel of
  bombing" - Israel bombed); further up the tree the agent is only inferred, so it is
  generalised to the outermost body it belongs to and given a low confidence;
* an event noun takes its source from a possessor, a from/by phrase, an actor modifying it or
  the subject of the light verb that carries it ("X held talks with Y");
* "between X and Y" states a symmetric relation between every pair; so does a symmetric verb
  whose coordinated subjects have no object ("Russia and China met");
* coordination distributes on both sides ("X and Y urged Z and W" gives four events);
* mood: what an appeal asks for is its content, not an event ("urged Iran to resume talks");
  an intended cooperative event is an intent to cooperate and an intended hostile one a threat
  ("plans to visit", "threatened to attack"); "refused to sign" is a negated signing; a
  hypothetical modal ("could meet") gives no event;
* reported speech: an event under "said", "reported" keeps who reported it; under "accused X
  of", "claimed" it is a claim, kept with its attribution and not asserted as fact;
* casualties stated with a fight or assault ("left 100 insurgents dead", "killing 12") are
  counted on it;
* a coalition followed by a bracketed or appositive list names its members.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
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
CONTROL_LINKS = frozenset({"xcomp", "advcl", "conj", "pcomp"})
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
GROUP_CLASSES = frozenset({"Coalition", "InternationalOrganization"})
#: Prepositions that name a target unambiguously wherever the parser attaches them.
LOW_TARGET_PREPS = frozenset({"against"})
#: CAMEO roots of fights and assaults, on which casualties are counted.
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
COOPERATIVE_QUADS = frozenset({"VerbalCooperation", "MaterialCooperation"})
CASUALTY_VERBS = {"kill": "killed", "wound": "wounded", "injure": "wounded"}
CASUALTY_STATES = {"dead": "killed", "killed": "killed", "wounded": "wounded", "injured": "wounded"}
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "dozens": 24,
    "hundreds": 200,
}
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


@dataclass(frozen=True, slots=True)
class _Mood:
    """How the text presents an event: "realis", "intent", "negated" or "none" (no event)."""

    kind: str
    governor: Token | None = None


@dataclass(frozen=True, slots=True)
class _Attribution:
    modality: str = "asserted"
    actors: tuple[Actor, ...] = ()


_NONE = _Agents([], 0.0, "none")
_REALIS = _Mood("realis")
_ASSERTED = _Attribution()


class EventReader:
    """Reads the events of one parsed document."""

    def __init__(
        self, index: MentionIndex, d: Dictionary, patterns: Patterns, source: Source
    ) -> None:
        self.doc = index.doc
        self.index = index
        self.d = d
        self.patterns = patterns
        self.source = source
        #: event noun lemma -> who did it the last time the document named its agent
        self._noun_agents_seen: dict[str, _Agents] = {}

    # -- driver ---------------------------------------------------------------------------

    def events(self, sentences: Iterable[tuple[int, Span]]) -> Iterator[Event]:
        """Every event in the given (index, sentence) pairs, de-duplicated per sentence."""
        for number, sent in sentences:
            text = self.source.text[sent.start_char : sent.end_char]
            evidence = Evidence(number, sent.start_char, sent.end_char, text)
            found = list(self._sentence_events(sent, evidence))
            found = self._casualties(sent, found)
            best: dict[tuple, Event] = {}
            for event, _ in found:
                key = self._key(event)
                if key not in best or _richness(event) > _richness(best[key]):
                    best[key] = event
            yield from best.values()

    @staticmethod
    def _key(event: Event) -> tuple:
        ends = (event.source.key, event.target.key if event.target else "")
        if event.target is not None and relation_info(event.relation).symmetric:
            ends = tuple(sorted(ends))
        return (event.relation, *ends, event.negated)

    def _sentence_events(self, sent: Span, evidence: Evidence) -> Iterator[tuple[Event, int]]:
        for token in self.index.tokens[sent.start : sent.end]:
            lemma = token.lemma_.lower()
            if token.pos_ in VERBS and lemma in self.patterns.verbs:
                pattern = self._verb_pattern(token)
                if pattern is not None:
                    for event in self._verb_events(token, pattern, evidence):
                        yield event, token.i
            elif token.pos_ in NOUNS and lemma in self.patterns.nouns:
                for event in self._noun_events(token, self.patterns.nouns[lemma], evidence):
                    yield event, token.i
        for event in self._memberships(sent, evidence):
            yield event, -1

    # -- mood and attribution -------------------------------------------------------------

    def _mood(self, anchor: Token) -> _Mood:
        """Whether the clause of ``anchor`` states an event, an intent, a refusal, or nothing.

        Walks up through to-infinitives and gerund complements to the verb that governs them;
        modals on the way count too ("will meet" is an intent, "could meet" nothing)."""
        t = anchor
        for _ in range(12):
            for c in t.children:
                if c.dep_ == "aux" and c.lower_ in self.patterns.hypothetical_modals:
                    return _Mood("none")
                if c.dep_ == "aux" and c.lower_ in self.patterns.intent_modals:
                    return _Mood("intent", c)
            if t.dep_ == "conj":
                t = t.head
                continue
            governor = self._governor(t)
            if governor is None:
                if t.dep_ == "acl" and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in t.children
                ):
                    noun_mood = self.patterns.governors.get(t.head.lemma_.lower())
                    if noun_mood == "realis":
                        t = t.head  # "the campaign to defeat ISIL": its purpose, pursued
                        continue
                    if noun_mood == "intent":
                        return _Mood("intent", t.head)  # "its commitment to support Iraq"
                    return _Mood("none")  # "an announcement to pull out forces"
                return _REALIS
            kind = self.patterns.governors.get(governor.lemma_.lower())
            if governor.lemma_.lower() in self.patterns.claim_verbs:
                kind = "realis"  # "accused Israel of bombing": a claim, marked by attribution
            if kind == "ongoing":
                return _REALIS
            if kind == "realis":
                t = governor
                continue
            if kind in ("intent", "negating"):
                return _Mood("intent" if kind == "intent" else "negated", governor)
            return _Mood("none")  # an appeal's content, or a governor we cannot code
        return _REALIS

    def _governor(self, t: Token) -> Token | None:
        """The verb that takes ``t`` as a to-infinitive or gerund complement, if any."""
        if t.dep_ == "xcomp" and t.head.pos_ in VERBS:
            return t.head
        if t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.head.pos_ in VERBS:
            return t.head.head
        return None

    def _attribution(self, anchor: Token) -> _Attribution:
        """Who reports the event, if the text gives it as someone's statement or claim."""
        t = anchor
        for _ in range(12):
            for c in t.children:  # "according to X"
                if c.dep_ == "prep" and c.lower_ == "according":
                    for to in c.children:
                        for obj in to.children:
                            found = self.index.actors_of(obj)
                            if found:
                                return _Attribution("reported", tuple(found))
            if t.dep_ == "ROOT" or t.head is t:
                return _ASSERTED
            link, parent = t.dep_, t.head
            if link == "pcomp" and parent.dep_ == "prep":
                link, parent = "pcomp", parent.head
            if link in ("ccomp", "dobj", "pcomp", "xcomp") and parent.pos_ in VERBS:
                lemma = parent.lemma_.lower()
                kind = (
                    "claimed"
                    if lemma in self.patterns.claim_verbs
                    else "reported"
                    if lemma in self.patterns.reporting_verbs
                    else None
                )
                if kind is not None:
                    speakers = self._agents(parent).actors
                    return _Attribution(kind, tuple(speakers)) if speakers else _ASSERTED
            if link not in ("ccomp", "conj", "xcomp", "advcl", "pcomp", "dobj", "prep", "pobj"):
                return _ASSERTED
            t = parent
        return _ASSERTED

    # -- verbs ----------------------------------------------------------------------------

    def _verb_pattern(self, verb: Token) -> VerbPattern | None:
        """The first pattern for this verb whose particle and object requirements it meets."""
        for pattern in self.patterns.verbs[verb.lemma_.lower()]:
            if pattern.particle is not None and not self._has_particle(verb, pattern.particle):
                continue
            if pattern.object or pattern.object_words:
                objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
                if not any(self._object_fits(o, pattern) for o in objects):
                    continue
            return pattern
        return None

    def _object_fits(self, obj: Token, pattern: VerbPattern) -> bool:
        words = {t.lower_ for t in obj.subtree}
        if pattern.object_words and not words & pattern.object_words:
            return False
        if not pattern.object:
            return True
        lemmas = {obj.lemma_.lower()} | {
            c.lemma_.lower() for c in obj.children if c.dep_ in ("compound", "amod")
        }
        return bool(lemmas & pattern.object)

    def _verb_events(
        self, verb: Token, pattern: VerbPattern, evidence: Evidence
    ) -> Iterator[Event]:
        mood = self._mood(verb)
        if mood.kind == "none":
            return
        agents = self._agents(verb)
        if not agents.actors:
            return
        carriers = [verb, *self._children(verb, "dobj")]
        targets = self._targets(verb, pattern.target, carriers, passive=self._is_passive(verb))
        yield from self._emit(
            pattern.relation,
            agents,
            targets,
            pattern.untargeted,
            carriers,
            mood=mood,
            anchor=verb,
            rule=f"verb-{agents.how}",
            trigger=self._trigger_text(verb),
            evidence=evidence,
            negated=self._negated(verb) or self._negative_subject(verb),
            content=self._content(verb, pattern.content, carriers),
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
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            for c in subjects:
                found = self.index.actors_of(self._antecedent(c, verb))
                if found:
                    return _Agents(found, CONF_SUBJECT, "subject")
            for c in subjects:
                agents = self._event_subject(self._antecedent(c, verb))
                if agents.actors:
                    return agents
            if subjects:
                return _NONE
            if verb.dep_ == "acl" and verb.tag_ == "VBG":  # "forces fighting the Taliban"
                found = self.index.actors_of(verb.head)
                if found:
                    return _Agents(found, CONF_SUBJECT, "participle")
        return self._implicit_agents(verb)

    def _event_subject(self, subject: Token) -> _Agents:
        """An event noun as subject ("15 strikes engaged ISIL units"): its agent acts. A
        quantity stands for what it counts ("a series of US airstrikes killed ...")."""
        if subject.lemma_.lower() in self.d.quantities:
            counted = [
                o
                for p in subject.children
                if p.dep_ == "prep" and p.lower_ == "of"
                for o in p.children
                if o.dep_ == "pobj"
            ]
            if counted:
                subject = counted[0]
        lemma = subject.lemma_.lower()
        pattern = self.patterns.nouns.get(lemma)
        if pattern is None or subject.pos_ not in NOUNS:
            return _NONE
        agents = self._noun_agents(subject, pattern)
        if agents.actors:
            return agents
        seen = self._noun_agents_seen.get(lemma)
        return _Agents(seen.actors, CONF_INFERRED, "event-coreference") if seen else _NONE

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

    def _within_clause(self, token: Token, verb: Token) -> bool:
        """Whether ``token`` belongs to ``verb``'s clause, counting subjectless participles
        hung on it ("conducted strikes using aircraft against X") as part of it."""
        clause = self._clause(token)
        while clause is not None and clause != verb:
            if clause.dep_ not in ("advcl", "xcomp", "acl") or any(
                c.dep_ in ("nsubj", "nsubjpass") for c in clause.children
            ):
                return False
            clause = self._clause(clause)
        return clause == verb

    def _clause(self, token: Token) -> Token | None:
        """The verb whose clause a token belongs to."""
        for a in token.ancestors:
            if a.pos_ in VERBS:
                return a
        return None

    def _controller_objects(self, governor: Token) -> list[Actor]:
        """The object that controls a complement of "urge", "accuse", "call on" ..."""
        if governor.lemma_.lower() not in self.patterns.object_control:
            return []
        for c in governor.children:
            if c.dep_ in ("dobj", "dative"):
                found = self.index.actors_of(c)
                if found:
                    return found
            if c.dep_ in ("prt", "prep") and c.lower_ in ("on", "upon"):
                for obj in c.children:
                    found = self.index.actors_of(obj)
                    if found:
                        return found
        return []

    def _implicit_agents(self, verb: Token) -> _Agents:
        """The controller (near), or an agent further up the tree (inferred).

        A complement ("urged Iran to talk") is controlled by its governor's object when the
        governor is a verb of object control; an adjunct ("..., urging Z") by the subject of the
        clause it modifies, so once the walk has passed an adjunct, objects no longer control."""
        near = True
        adjunct = False
        t = verb
        for _ in range(15):
            if t.dep_ == "ROOT" or t.head is t:
                break
            link, parent = t.dep_, t.head
            if link == "pcomp" and parent.dep_ == "prep" and parent.head.pos_ in VERBS:
                parent = parent.head  # "accused Israel of bombing": skip the preposition
            adjunct = adjunct or link == "advcl"
            if link in ("xcomp", "pcomp") and parent.pos_ in VERBS and not adjunct:
                objects = self._controller_objects(parent)
                if objects:
                    return self._inferred(objects, near)
            near = near and link in CONTROL_LINKS
            t = parent
            if t.pos_ in VERBS:
                subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
                if subject is not None:
                    found = self.index.actors_of(self._antecedent(subject, t))
                    return self._inferred(found, near) if found else _NONE
                if self._is_passive(t):
                    found = self._by_agent(t)
                    if found:
                        return self._inferred(found, near)
            elif t.pos_ in NOUNS:
                for c in t.children:
                    modifier = link == "acl" and c.dep_ in ("compound", "nmod")
                    if c.dep_ == "poss" or modifier:
                        found = self.index.actors_of(c)
                        if found:
                            # "its campaign to defeat X", "Coalition efforts to support X":
                            # the possessor (or the actor modifying it) controls the purpose
                            return self._inferred(found, link == "acl")
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
        anchor = light if light is not None else self._clause(noun)
        mood = self._mood(anchor) if anchor is not None else _REALIS
        if mood.kind == "none":
            return
        if mood.kind == "intent" and light is None and self._presupposed(noun):
            mood = _REALIS  # "seeking to join the SDF's fight": the fight exists already
        if any(c.dep_ == "det" and c.lower_ in ("any", "every", "either") for c in noun.children):
            return  # "warned against any attack": no particular event
        agents = self._noun_agents(noun, pattern)
        carriers = [noun]
        suffered = self._suffering_verb(noun)
        if suffered is not None:
            # "Iraqi forces received fire from ISIL fighters": the subject is the target
            if not agents.actors:
                agents = self._noun_agents(suffered, pattern)
            if not agents.actors:
                return
            targets = [
                a
                for c in suffered.children
                if c.dep_ in ("nsubj", "nsubjpass")
                for a in self.index.actors_of(c)
            ]
            yield from self._emit(
                pattern.relation,
                agents,
                targets,
                False,
                [noun, suffered],
                mood=mood,
                anchor=suffered,
                rule=f"suffered-{agents.how}",
                trigger=self._trigger_text(noun, suffered),
                evidence=evidence,
                negated=self._negated(suffered),
                content=None,
            )
            return
        if light is None and noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ in VERBS:
            # "the coalition's airstrikes delivered munitions against ISIL targets"
            carriers.append(noun.head)
        if light is not None:
            carriers.append(light)
            if not agents.actors:
                agents = self._agents(light)
                agents = _Agents(
                    agents.actors,
                    min(agents.confidence, CONF_NOMINAL + 0.05),
                    f"light-verb-{agents.how}",
                )
        if (
            not agents.actors
            and noun.dep_ == "pobj"
            and light is None
            and noun.head.dep_ == "prep"
            and noun.head.lower_ == "in"
        ):
            holder = noun.head.head
            if holder.pos_ in VERBS:
                # "X conducted strikes in support of Y": the phrase modifies X's clause
                agents = self._agents(holder)
            elif holder.pos_ in NOUNS and holder.lemma_.lower() in self.patterns.nouns:
                # "X's strikes in support of Y": the phrase modifies X's event
                agents = self._event_subject(holder)
        lemma = noun.lemma_.lower()
        if agents.actors and agents.confidence > CONF_INFERRED:
            self._noun_agents_seen[lemma] = agents
        elif not agents.actors and lemma in self._noun_agents_seen:
            # "Coalition forces conducted 27 strikes ... Near Raqqa, 15 strikes engaged ...":
            # the later, agentless strikes are among those the document named an agent for
            seen = self._noun_agents_seen[lemma]
            agents = _Agents(seen.actors, CONF_INFERRED, "event-coreference")
        # "clashes that erupted between X and Y", "talks held with Y"
        carriers += [c for c in noun.children if c.dep_ in ("acl", "relcl") and c.pos_ in VERBS]
        negated = self._negated_noun(noun, light)
        if "between" in pattern.target:
            pairs = self._between(carriers)
            if pairs:
                for a, b in pairs:
                    yield from self._emit(
                        pattern.relation,
                        _Agents([a], CONF_NOMINAL, "between"),
                        [b],
                        False,
                        carriers,
                        mood=mood,
                        anchor=light or noun,
                        rule="noun-between",
                        trigger=self._trigger_text(noun),
                        evidence=evidence,
                        negated=negated,
                        content=None,
                    )
                return
        if not agents.actors:
            return
        slots = tuple(s for s in pattern.target if s != "between")
        targets = self._targets(noun, slots, carriers, passive=False)
        if not targets:
            # "conducted strikes ... using aircraft against ISIL targets": the target phrase
            # attached low, somewhere in the clause of the verb that carries the noun
            low = tuple(s for s in slots if s in LOW_TARGET_PREPS)
            for verb in (c for c in carriers[1:] if c.pos_ in VERBS):
                targets = targets or self._low_targets(verb, low)
        yield from self._emit(
            pattern.relation,
            agents,
            targets,
            pattern.untargeted,
            carriers,
            mood=mood,
            anchor=light or noun,
            rule=f"noun-{agents.how}",
            trigger=self._trigger_text(noun, light),
            evidence=evidence,
            negated=negated,
            content=self._content(noun, pattern.content, carriers),
        )

    def _suffering_verb(self, noun: Token) -> Token | None:
        """ "received fire from X", "came under attack by X", "suffered an attack"."""
        head = noun.head
        if noun.dep_ == "dobj" and head.lemma_.lower() in self.patterns.suffering_verbs:
            return head
        if (
            noun.dep_ == "pobj"
            and head.lower_ == "under"
            and head.head.lemma_.lower() in self.patterns.suffering_verbs
        ):
            return head.head
        return None

    def _low_targets(self, verb: Token, slots: tuple[str, ...]) -> list[Actor]:
        found: list[Actor] = []
        for t in verb.subtree:
            if t.dep_ == "prep" and t.lower_ in slots and self._within_clause(t, verb):
                for obj in t.children:
                    if obj.dep_ == "pobj":
                        found += self.index.actors_of(obj) or self._owner(obj)
        return list({a.key: a for a in found}.values())

    def _presupposed(self, noun: Token) -> bool:
        """A possessed or definite event noun names an event that exists ("the SDF's fight")."""
        return any(
            c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that"))
            for c in noun.children
        )

    def _light_verb(self, noun: Token, pattern: NounPattern) -> Token | None:
        verbs = self.patterns.light_verbs | pattern.light_verbs
        head = noun.head
        if noun.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in verbs:
            return head  # "held talks", "talks were held"
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in verbs:
            return head.head  # "engaged in talks", "agreed to a ceasefire"
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
                if mention is not None and mention.proxy is None and mention.actors:
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
            elif slot == "dative":
                found += [
                    a
                    for c in carriers
                    for d in c.children
                    if d.dep_ == "dative"
                    for a in self.index.actors_of(d)
                ]
            elif slot == "that":
                for c in carriers:
                    for clause in c.children:
                        if clause.dep_ in ("acl", "ccomp", "relcl") and any(
                            m.dep_ == "mark" and m.lower_ == "that" for m in clause.children
                        ):
                            for s in clause.children:
                                if s.dep_ in ("nsubj", "nsubjpass"):
                                    found += self.index.actors_of(s)
            elif slot == "border":
                found += self._border(carriers)
            elif slot == "between":  # "mediated between X and Y": each party is a target
                for obj in self._prep_objects(carriers, "between"):
                    found += self.index.actors_in(
                        sorted([obj, *self._np_tokens(obj)], key=lambda t: t.i)
                    )
            else:
                for obj in self._prep_objects(carriers, slot):
                    found += self.index.actors_of(obj) or self._owner(obj)
        unique: dict[str, Actor] = {}
        for a in found:
            unique.setdefault(a.key, a)
        return list(unique.values())

    def _patients(self, verb: Token, passive: bool) -> list[Actor]:
        if passive:
            for c in verb.children:
                if c.dep_ == "nsubjpass":
                    return self.index.actors_of(self._antecedent(c, verb)) or self._owner(c)
            if verb.dep_ == "acl":  # "forces trained by X": the noun is the patient
                return self.index.actors_of(verb.head)
            return []
        found: list[Actor] = []
        for c in verb.children:
            if c.dep_ in ("dobj", "dative"):
                found += self.index.actors_of(c) or self._owner(c)
        return found

    def _owner(self, thing: Token) -> list[Actor]:
        """The actor behind an act or an event named as object: "Russia's invasion", "the US
        resolution", "the attack by Hamas" (not the owner of just anything: "our partners")."""
        lemma = thing.lemma_.lower()
        if lemma not in self.patterns.acts and lemma not in self.patterns.nouns:
            return []
        for c in thing.children:
            if c.dep_ == "poss" or (c.dep_ in ("compound", "nmod") and self._is_name(c)):
                found = self.index.actors_of(c)
                if found:
                    return found
            if c.dep_ == "prep" and c.lower_ == "by":
                found = [a for o in c.children if o.dep_ == "pobj" for a in self.index.actors_of(o)]
                if found:
                    return found
        return []

    def _is_name(self, token: Token) -> bool:
        mention = self.index.at(token)
        return mention is not None and mention.kind == "name"

    def _prep_objects(self, carriers: list[Token], word: str) -> Iterator[Token]:
        for carrier in carriers:
            for prep in carrier.children:
                if prep.dep_ in ("prep", "prt", "agent", "dative") and prep.lower_ == word:
                    objs = [o for o in prep.children if o.dep_ == "pobj"]
                    if not objs and prep.dep_ == "prt":  # "called on all parties" as particle
                        objs = [o for o in carrier.children if o.dep_ == "dobj"]
                    yield from objs

    def _border(self, carriers: list[Token]) -> list[Actor]:
        """ "along the border with Ukraine", "near the border of Iraq"."""
        for carrier in carriers:
            for t in carrier.subtree:
                if t.lemma_.lower() in ("border", "frontier", "boundary"):
                    for prep in t.children:
                        if prep.dep_ == "prep" and prep.lower_ in ("with", "of"):
                            for obj in prep.children:
                                found = self.index.actors_of(obj)
                                if found:
                                    return found
        return []

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

    def _negative_subject(self, verb: Token) -> bool:
        """ "no details were disclosed", "no one attacked": a subject under "no"."""
        return any(
            c.dep_ in ("nsubj", "nsubjpass")
            and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
            for c in verb.children
        )

    def _content(self, trigger: Token, slots: tuple[str, ...], carriers: list[Token]) -> str | None:
        for slot in slots:
            for carrier in carriers:
                for c in carrier.children:
                    if slot in ("xcomp", "ccomp", "pcomp", "acl") and c.dep_ == slot:
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

    def _content_text(self, head: Token, *, keep_head: bool, clause: bool = False) -> str | None:
        """What was called for, agreed or handed over: the clause or phrase, without the
        adverbial clauses hung on it, the phrases naming the target, place or date, or a
        leading complementiser ("that", "to")."""
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
            if clause and t.head == head and t.dep_ in ("nsubj", "aux", "auxpass", "neg"):
                drop |= {x.i for x in t.subtree}  # "will meet Ukraine" -> "meet Ukraine"
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

    def _same_body(self, a: Actor, b: Actor) -> bool:
        if a.key == b.key:
            return True
        return any(x.key == b.key for x in self.d.ancestors(a)) or any(
            x.key == a.key for x in self.d.ancestors(b)
        )

    def _trigger_text(self, trigger: Token, light: Token | None = None) -> str:
        words = [trigger]
        if trigger.pos_ in VERBS:
            words += [c for c in trigger.children if c.dep_ == "prt"]
        if light is not None:
            words += [light, *(c for c in light.children if c.dep_ == "prt")]
        return " ".join(t.text for t in sorted(words, key=lambda t: t.i))

    def _place(self, carriers: list[Token]) -> Place | None:
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
                if root.pos_ in VERBS and self._clause(t) != root:
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
                ent = self.index.ent_at(t.i)
                actor = self.d.actors.get(ent.ent_id_) if ent.ent_id_ else None
                if actor is not None and actor.cls == "State":
                    named_as_state = ent.text in self.d.names and ent.text not in self.d.capitals
                    return Place(actor.label if named_as_state else ent.text, actor.country)
                return Place(label=ent.text.removeprefix("the ").strip())
        return None

    def _dates(self, carriers: list[Token]) -> tuple[list[str], bool]:
        parts: list[tuple[int, str]] = []
        future = False
        for carrier in carriers:
            for c in carrier.children:
                if c.dep_ == "aux" and c.lower_ in self.patterns.intent_modals:
                    future = True
                targets = []
                if c.dep_ == "prep" and c.lower_ in DATE_PREPS:
                    targets = [o for o in c.children if o.dep_ == "pobj"]
                elif c.dep_ in ("npadvmod", "tmod", "compound", "nmod", "amod"):
                    targets = [c]
                for t in targets:
                    if t.ent_type_ == "DATE":
                        ent = self.index.ent_at(t.i)
                        if (ent.start, ent.text) not in parts:
                            parts.append((ent.start, ent.text))
        parts.sort()
        return [text for _, text in parts], future

    # -- casualties -----------------------------------------------------------------------

    def _casualties(self, sent: Span, found: list[tuple[Event, int]]) -> list[tuple[Event, int]]:
        """Count the dead and wounded a sentence states on its fight or assault events."""
        violent = [
            (e, i)
            for e, i in found
            if i >= 0 and (relation_info(e.relation).cameo or "")[:2] in VIOLENT_ROOTS
        ]
        if not violent:
            return found
        counts: list[tuple[str, int, int]] = []  # (kind, number, position)
        for token in self.index.tokens[sent.start : sent.end]:
            lemma = token.lemma_.lower()
            if token.pos_ in VERBS and lemma in CASUALTY_VERBS:
                kind = CASUALTY_VERBS[lemma]
                victims = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
                for victim in victims:
                    number = _number(victim)
                    if number is not None:
                        counts.append((kind, number, token.i))
            if token.pos_ in VERBS and lemma == "leave":  # "left 100 insurgents dead"
                state = next(
                    (
                        c
                        for c in token.children
                        if c.dep_ in ("oprd", "acomp", "xcomp") and c.lower_ in CASUALTY_STATES
                    ),
                    None,
                )
                victim = next((c for c in token.children if c.dep_ == "dobj"), None)
                if state is not None and victim is not None:
                    number = _number(victim)
                    if number is not None:
                        counts.append((CASUALTY_STATES[state.lower_], number, token.i))
        if not counts:
            return found
        updated = list(found)
        for kind, number, position in counts:
            nearest = min(violent, key=lambda pair: abs(pair[1] - position))[1]
            for n, (event, i) in enumerate(updated):
                if i == nearest:
                    updated[n] = (replace(event, **{kind: number}), i)
        return updated

    # -- memberships ----------------------------------------------------------------------

    def _memberships(self, sent: Span, evidence: Evidence) -> Iterator[Event]:
        """The Troika [Pakistan, the US, Russia and China]: each listed actor is a member;
        so is X in "NATO member X", "X, a NATO member" and "X, a member of NATO"."""
        yield from self._member_nouns(sent, evidence)
        for token in self.index.tokens[sent.start : sent.end]:
            mention = self.index.at(token)
            if mention is None or mention.head != token.i or len(mention.actors) != 1:
                continue
            group = mention.actors[0]
            if group.cls not in GROUP_CLASSES:
                continue
            for appos in (c for c in token.children if c.dep_ == "appos"):
                members = [a for a in self.index.actors_of(appos) if a.key != group.key]
                end = appos.right_edge.i + 1
                if end < len(self.doc) and self.doc[end].text in ")]":
                    end += 1
                trigger = self.doc[token.i : end].text
                for member in members:
                    yield _membership(member, group, evidence, trigger, "apposition-membership")

    def _member_nouns(self, sent: Span, evidence: Evidence) -> Iterator[Event]:
        for noun in self.index.tokens[sent.start : sent.end]:
            if noun.lemma_.lower() != "member" or noun.dep_ not in ("compound", "appos"):
                continue
            groups = [
                a
                for c in noun.children
                if c.dep_ in ("compound", "nmod", "poss")
                for a in self.index.actors_of(c)
            ] + [
                a
                for prep in noun.children
                if prep.dep_ == "prep" and prep.lower_ == "of"
                for o in prep.children
                if o.dep_ == "pobj"
                for a in self.index.actors_of(o)
            ]
            groups = [g for g in groups if g.cls in GROUP_CLASSES]
            members = [a for a in self.index.actors_of(noun.head) if a.cls not in GROUP_CLASSES]
            trigger = self.doc[noun.left_edge.i : noun.right_edge.i + 1].text
            for group in groups:
                for member in members:
                    yield _membership(member, group, evidence, trigger, "member-noun")

    # -- output ---------------------------------------------------------------------------

    def _emit(
        self,
        relation: str,
        agents: _Agents,
        targets: list[Actor],
        untargeted: bool,
        carriers: list[Token],
        *,
        mood: _Mood,
        anchor: Token,
        rule: str,
        trigger: str,
        evidence: Evidence,
        negated: bool,
        content: str | None,
    ) -> Iterator[Event]:
        info = relation_info(relation)
        if agents.how.endswith("inferred") and info.quad not in COOPERATIVE_QUADS:
            return  # who did a violent or hostile act the text leaves unsaid is never guessed
        if mood.kind == "intent":
            # "plans to visit Y" is an intent to cooperate with Y; "threatened to attack Y" a
            # threat against Y. What was intended becomes the content.
            if not targets or mood.governor is None:
                return
            relation = (
                "expressedIntentToCooperateWith" if info.quad in COOPERATIVE_QUADS else "threatened"
            )
            info = relation_info(relation)
            content = self._content_text(anchor, keep_head=True, clause=True)
            trigger = f"{mood.governor.text} {trigger}"
            rule = f"intent-{rule}"
        elif mood.kind == "negated":
            negated = True
            rule = f"refusal-{rule}"
        pairs: list[tuple[Actor, Actor | None]]
        if targets:
            # a body acting on itself or on its own parts is no relation between actors
            pairs = [(s, t) for s in agents.actors for t in targets if not self._same_body(s, t)]
        elif info.symmetric and len(agents.actors) >= 2:
            # reciprocal: "Russia and China met" - every pair of the coordinated subjects
            pairs = [(a, b) for i, a in enumerate(agents.actors) for b in agents.actors[i + 1 :]]
        elif untargeted:
            pairs = [(s, None) for s in agents.actors]
        else:
            return
        if not pairs:
            return
        attribution = self._attribution(anchor)
        speakers = {a.key for a in attribution.actors}
        place = self._place(carriers)
        date_carriers = carriers + [c.head for c in carriers if c.dep_ == "acl"]
        date_parts, future = self._dates(date_carriers)
        when = resolve_date(date_parts, self.source.date, future=future) if date_parts else None
        for source, target in pairs:
            if (
                relation == "madeStatementAbout"
                and target is None
                and attribution.modality != "asserted"
                and source.key in speakers
            ):
                continue  # "X said it would ..." is X's own statement, not a report of one
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
                modality=attribution.modality,
                attributed_to=attribution.actors,
            )


def _membership(member: Actor, group: Actor, evidence: Evidence, trigger: str, rule: str) -> Event:
    return Event(
        relation="memberOf",
        source=member,
        target=group,
        evidence=evidence,
        trigger=trigger,
        rule=rule,
        confidence=CONF_MEMBERSHIP,
    )


def _richness(event: Event) -> tuple:
    """Which of two readings of one event to keep: the surer, then the more informative."""
    return (
        event.confidence,
        event.content is not None,
        event.place is not None,
        event.date_text is not None,
        event.rule.startswith("verb"),
    )


def _number(token: Token) -> int | None:
    """The number of people a noun phrase counts ("100 insurgents", "more than 100", "twelve")."""
    for c in (token, *token.children):
        if c.dep_ == "nummod" or (c is token and c.like_num):
            text = c.text.lower().replace(",", "")
            if text.isdigit():
                return int(text)
            if text in NUMBER_WORDS:
                return NUMBER_WORDS[text]
    return None
