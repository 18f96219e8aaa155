"""The precise rules: constructions of English that state an event between two actors outright.

They are kept as strong evidence beside the model (an event a rule finds is kept even when the
model is unsure), because each is a fact of English grammar applied to a trigger patterns.yaml
lists:

* a verb's source is its subject, the subject of the verb that controls it ("Russia called on
  ..., urging the Taliban": Russia urged), the noun a relative clause hangs on ("forces that
  were trained by X": the forces are trained), or its by-agent when passive, wherever the parser
  attached the by-phrase inside the clause; its target fills one of the pattern's slots;
* an event noun's source is its possessor, its from/by phrase or an actor modifying it ("a
  warning from the Taliban", "Israel's attack", "a Taliban attack"), or the subject of the light
  verb that carries it ("X held talks with Y"); its target is the object of one of its
  prepositions, or the subject of its that-clause ("a warning from X that Y had violated ...");
* "between X and Y" states a symmetric event between the two.

Each rule returns the pair's direction and the pattern's relation; mood and speech are read by
:mod:`.mood` as for any event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.events.arguments import (
    NOUNS,
    VERBS,
    ancestors,
    conjunct_top,
    direct_objects,
    has_particle,
    is_passive,
    kids,
)
from kg.extract.events.candidates import Candidate, Item
from kg.extract.events.lexicon import EventLexicon, NounPattern, VerbPattern
from kg.ontology import relation as relation_info

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Links by which a verb with no subject of its own takes the subject of the verb above it.
CONTROL_LINKS = frozenset({"xcomp", "advcl", "conj", "pcomp"})
#: Links that stay inside a noun phrase: an actor reached through them is part of the phrase.
PHRASE_LINKS = frozenset({"compound", "amod", "nmod", "poss", "appos", "conj", "det"})


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """A rule's reading of a candidate: who acts, on whom, by which word and relation."""

    source: Item
    target: Item
    trigger: Token
    relation: str
    rule: str


def _phrase_top(token: Token) -> Token:
    """The head of the phrase ``token`` belongs to, out of coordination and modifiers."""
    t = conjunct_top(token)
    while t.dep_ in PHRASE_LINKS and t.head.i != t.i and t.head.pos_ in NOUNS:
        t = conjunct_top(t.head)
    return t


def _subjects(verb: Token, lex: EventLexicon) -> list[Token]:
    """Who does what ``verb`` says: its subject, or the noun its relative clause hangs on, or
    the object of the verb that controls it when that verb passes control to its object
    ("helped Iraq retake Mosul": Iraq retakes), else that verb's subject."""
    own = [c for c in kids(verb) if c.dep_ in ("nsubj", "csubj")]
    if own:
        relative = [c for c in own if c.tag_ in ("WDT", "WP")]
        return [verb.head] if relative and verb.dep_ == "relcl" else own
    if verb.dep_ == "relcl" and not is_passive(verb):
        return [verb.head]
    head = verb.head
    if verb.dep_ == "xcomp" and head.pos_ in VERBS and head.lemma_.lower() in lex.object_control:
        objects = [c for c in kids(head) if c.dep_ == "dobj"]
        if objects:
            return objects
    if verb.dep_ in CONTROL_LINKS and verb.head.pos_ in VERBS:
        return _subjects(verb.head, lex)
    if verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ" and verb.head.dep_ == "acomp":
        # "Canada is willing to send ...": the subject of the copula does what the adjective's
        # infinitive says
        return _subjects(verb.head.head, lex)
    return []


def _agent(verb: Token) -> list[Token]:
    """The by-agent of a passive verb, wherever the parser attached "by" inside its clause
    ("trained in counter-terrorism operations by the US military")."""
    found: list[Token] = []
    for t in verb.subtree:
        if t.lower_ == "by" and t.dep_ in ("agent", "prep"):
            clause = next((a for a in ancestors(t)[1:] if a.pos_ in VERBS), None)
            if clause is not None and clause.i == verb.i:
                found.extend(c for c in kids(t) if c.dep_ == "pobj")
    return found


def _patients(verb: Token) -> list[Token]:
    """The subject of a passive verb, or the noun its passive relative clause hangs on ("forces
    that were trained")."""
    if verb.dep_ == "relcl":
        return [verb.head]
    return [c for c in kids(verb) if c.dep_ == "nsubjpass"]


def _slot_fillers(verb: Token, slot: str, passive: bool) -> list[Token]:
    if slot == "dobj":
        return _patients(verb) if passive else [c for c in kids(verb) if c.dep_ == "dobj"]
    if slot == "dative":
        return [c for c in kids(verb) if c.dep_ == "dative"]
    if slot == "for-to":
        # "called for Britain to stay": the subject of a for-to infinitive under the verb
        return [
            s
            for c in kids(verb)
            if c.dep_ in ("advcl", "ccomp", "xcomp")
            and any(m.dep_ == "mark" and m.lower_ == "for" for m in kids(c))
            for s in kids(c)
            if s.dep_ == "nsubj"
        ]
    found: list[Token] = []
    objects = [c for c in kids(verb) if c.dep_ == "dobj"]
    # "lifted the sanctions imposed on Iran": a participle on the object carries its slot
    participles = [p for o in objects for p in kids(o) if p.dep_ == "acl" and p.tag_ == "VBN"]
    carriers = [verb, *objects, *participles]
    for carrier in carriers:
        for c in kids(carrier):
            if c.dep_ in ("prep", "prt", "dative") and c.lower_ == slot:
                found.extend(g for g in kids(c) if g.dep_ == "pobj")
    return found


def _fits(verb: Token, pattern: VerbPattern) -> bool:
    if pattern.particle and not has_particle(verb, pattern.particle):
        return False
    if pattern.object:
        objects = direct_objects(verb)
        words = {o.lemma_.lower() for o in objects} | {
            c.lemma_.lower() for o in objects for c in kids(o) if c.dep_ in ("compound", "amod")
        }
        if not words & pattern.object:
            return False
    if pattern.object_words:
        text = {t.lower_ for o in direct_objects(verb) for t in o.subtree}
        if not text & pattern.object_words:
            return False
    return True


def _names(item: Item, tokens: list[Token]) -> bool:
    """Whether an item is named by one of ``tokens`` (heads of phrases) or their conjuncts:
    the token lies in the item's phrase, or heads the phrase the item's head belongs to."""
    for token in tokens:
        for t in _with_conjuncts(token):
            if item.mention.start <= t.i < item.mention.end or _phrase_top(t).i == item.head:
                return True
    return False


def _with_conjuncts(token: Token) -> list[Token]:
    found = [token]
    for c in kids(token):
        if c.dep_ in ("conj", "appos"):
            found.extend(_with_conjuncts(c))
    return found


def verb_rule(doc: Doc, cand: Candidate, lex: EventLexicon) -> RuleMatch | None:
    """A verb pattern whose source and target are the candidate's two actors."""
    a, b = cand.first, cand.second
    for verb in _verbs_between(doc, a, b):
        if _asked_for(verb, lex):
            continue
        for pattern in lex.verbs.get(verb.lemma_.lower(), ()):
            if not _fits(verb, pattern):
                continue
            passive = is_passive(verb)
            sources = _agent(verb) if passive else _subjects(verb, lex)
            targets = [t for slot in pattern.target for t in _slot_fillers(verb, slot, passive)]
            if sources and not targets and relation_info(pattern.relation).symmetric:
                # "Russia and China met", "Chinese and Indian troops clashed": a symmetric act
                # with no object links the coordinated subjects
                # ("exchanged fire": an object the pattern requires is part of the act)
                if (
                    _names(a, sources)
                    and _names(b, sources)
                    and (pattern.object or not direct_objects(verb))
                ):
                    return RuleMatch(a, b, verb, pattern.relation, "coordinated-subjects")
                break
            if not sources or not targets:
                break
            for src, tgt in ((a, b), (b, a)):
                if _names(src, sources) and _names(tgt, targets):
                    return RuleMatch(src, tgt, verb, pattern.relation, "verb-pattern")
            break
    return None


def _asked_for(verb: Token, lex: EventLexicon) -> bool:
    """Whether ``verb`` says what an appeal asks for ("urged Serbia to arrest the suspects",
    "called for Britain to stay"): the appeal's content, not an event of its own."""
    return (
        verb.dep_ in ("xcomp", "advcl", "ccomp")
        and verb.head.i != verb.i
        and lex.governors.get(verb.head.lemma_.lower()) == "appeal"
    )


def _verbs_between(doc: Doc, a: Item, b: Item) -> list[Token]:
    """The verbs that govern either actor within its clause (and those clauses' controllers)."""
    found: list[Token] = []
    for item in (a, b):
        for t in ancestors(doc[item.head])[1:]:
            if t.pos_ in VERBS and t not in found:
                found.append(t)
                if t.dep_ not in CONTROL_LINKS | {"relcl", "ccomp", "acl"}:
                    break
    return found


def noun_rule(doc: Doc, cand: Candidate, lex: EventLexicon) -> RuleMatch | None:
    """An event noun whose source and target are the candidate's two actors."""
    a, b = cand.first, cand.second
    ta, tb = _phrase_top(doc[a.head]), _phrase_top(doc[b.head])
    # "clashes between X and Y": both under one between-phrase
    if ta.i == tb.i or conjunct_top(doc[a.head]).i == conjunct_top(doc[b.head]).i:
        top = conjunct_top(doc[a.head])
        if top.dep_ == "pobj" and top.head.lower_ == "between":
            governor = top.head.head
            pattern = lex.nouns.get(governor.lemma_.lower())
            if pattern is not None and "between" in pattern.target:
                return RuleMatch(a, b, governor, pattern.relation, "between")
        return None
    for noun in _nouns_over(doc, a, b):
        pattern = lex.nouns.get(noun.lemma_.lower())
        if pattern is None:
            continue
        sources = _noun_sources(noun, pattern, lex)
        targets = _noun_targets(noun, pattern)
        for src, tgt in ((a, b), (b, a)):
            if _names(src, sources) and _names(tgt, targets):
                return RuleMatch(src, tgt, noun, pattern.relation, "noun-pattern")
    return None


def coordinated_noun_rule(doc: Doc, cand: Candidate, lex: EventLexicon) -> RuleMatch | None:
    """Coordinated subjects of a light verb whose object is a symmetric event with no partner
    named ("Russia and Iran held talks", "Ethiopia and Eritrea signed a peace deal"): the
    subjects do it with each other."""
    a, b = cand.first, cand.second
    for verb in _verbs_between(doc, a, b):
        sources = _subjects(verb, lex) if not is_passive(verb) else []
        if not (sources and _names(a, sources) and _names(b, sources)):
            continue
        for noun in direct_objects(verb):
            pattern = lex.nouns.get(noun.lemma_.lower())
            if pattern is None or not relation_info(pattern.relation).symmetric:
                continue
            if verb.lemma_.lower() in pattern.light_verbs | lex.light_verbs and not (
                _noun_targets(noun, pattern)
            ):
                return RuleMatch(a, b, noun, pattern.relation, "coordinated-subjects")
    return None


def _nouns_over(doc: Doc, a: Item, b: Item) -> list[Token]:
    found: list[Token] = []
    for item in (a, b):
        for t in ancestors(doc[item.head])[1:4]:
            if t.pos_ in NOUNS and t not in found:
                found.append(t)
    return found


def _noun_sources(noun: Token, pattern: NounPattern, lex: EventLexicon) -> list[Token]:
    found = []
    for c in kids(noun):
        if c.dep_ in ("poss", "compound", "amod", "nmod"):
            found.append(c)
        if c.dep_ == "prep" and c.lower_ in ("from", "by"):
            found.extend(g for g in kids(c) if g.dep_ == "pobj")
    verb = noun.head
    light = pattern.light_verbs | lex.light_verbs
    if noun.dep_ == "dobj" and verb.lemma_.lower() in light:
        found.extend(_subjects(verb, lex))
    return found


def _noun_targets(noun: Token, pattern: NounPattern) -> list[Token]:
    found: list[Token] = []
    carriers = [noun]
    if noun.dep_ == "dobj":
        carriers.append(noun.head)  # "held talks with Y": the preposition may hang on the verb
    for carrier in carriers:
        for c in kids(carrier):
            if c.dep_ == "prep" and c.lower_ in pattern.target:
                found.extend(g for g in kids(c) if g.dep_ == "pobj")
    if "that" in pattern.target:
        for c in kids(noun):
            if c.dep_ in ("acl", "ccomp") and c.pos_ in VERBS:
                found.extend(g for g in kids(c) if g.dep_ in ("nsubj", "nsubjpass"))
    return found


def rule_match(doc: Doc, cand: Candidate, lex: EventLexicon) -> RuleMatch | None:
    """The first precise rule that reads the candidate as an event, if any."""
    return (
        verb_rule(doc, cand, lex)
        or noun_rule(doc, cand, lex)
        or coordinated_noun_rule(doc, cand, lex)
    )
