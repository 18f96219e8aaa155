"""Where two actors stand in a sentence's parse: the path between them and the word it turns on.

English puts an event's arguments at fixed places around its trigger: the subject of the verb
acts ("Troops attacked ..."), its object undergoes ("... attacked the village"), a preposition
names a partner or a target ("met with", "fired on"), a by-phrase names the agent of a passive,
and a light verb carries an event noun ("held talks with"). The path through the parse from one
actor to the other, and the verb or noun at its top, are the evidence the event model weighs.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

VERBS = frozenset({"VERB", "AUX"})
NOUNS = frozenset({"NOUN", "PROPN"})
#: Links that stay inside a noun phrase: an actor reached through them is part of the phrase.
PHRASE_LINKS = frozenset(
    {"compound", "amod", "nmod", "poss", "det", "nummod", "quantmod", "case", "appos"}
)


@dataclass(frozen=True, slots=True)
class Path:
    """The shortest path through the parse between two tokens.

    ``up`` are the tokens from the first up to (not including) the common ancestor ``top``,
    ``down`` those from the second; each side is nearest-first.
    """

    up: tuple[Token, ...]
    top: Token
    down: tuple[Token, ...]

    @property
    def length(self) -> int:
        return len(self.up) + len(self.down)


def sentence_start(token: Token) -> int:
    """Index of the first token of ``token``'s sentence (the starts are found once per
    document: spaCy's ``token.sent`` scans for them on every call)."""
    starts = token.doc.user_data.get("kg.sentence_starts")
    if starts is None:
        starts = token.doc.user_data["kg.sentence_starts"] = [s.start for s in token.doc.sents]
    return starts[bisect_right(starts, token.i) - 1]


def tokens(doc: Doc) -> list[Token]:
    """The document's tokens as a list (kept in its memo: ``doc[i]`` and ``doc[i:j]`` build
    new token objects on every call, and the features slice the words between two actors for
    every candidate pair)."""
    found = doc.user_data.get("kg.tokens")
    if found is None:
        found = doc.user_data["kg.tokens"] = list(doc)
    return found


def kids(token: Token) -> list[Token]:
    """The children of ``token`` (kept in the document's memo: spaCy builds them anew on
    every access, and the readers ask for them many times a sentence)."""
    memo = token.doc.user_data.setdefault("kg.children", {})
    found = memo.get(token.i)
    if found is None:
        found = memo[token.i] = list(token.children)
    return found


def ancestors(token: Token) -> list[Token]:
    """``token`` and every token above it, up to the root of its sentence.

    Every candidate pair of a sentence walks these chains, so they are kept in the document's
    own ``user_data`` (a memo that lives and dies with the document; nothing is shared).
    """
    memo = token.doc.user_data.setdefault("kg.ancestors", {})
    found = memo.get(token.i)
    if found is None:
        found = [token]
        while found[-1].head.i != found[-1].i and len(found) < 64:
            found.append(found[-1].head)
        memo[token.i] = found
    return found


def path_between(a: Token, b: Token) -> Path:
    """The path from ``a`` to ``b`` through their lowest common ancestor."""
    up_a = ancestors(a)
    up_b = ancestors(b)
    positions = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in positions:
            return Path(tuple(up_a[:n]), t, tuple(up_b[: positions[t.i]]))
    # different sentences (the parser split one): no path; the top is a's root
    return Path(tuple(up_a[:-1]), up_a[-1], tuple(up_b))


def step(token: Token) -> str:
    """How ``token`` hangs on its head, with the preposition for prepositional objects
    ("pobj:with") and the agent of passives ("agent")."""
    if token.dep_ == "pobj" and token.head.dep_ in ("prep", "agent", "dative", "prt"):
        if token.head.dep_ == "agent":
            return "agent"
        return f"pobj:{token.head.lower_}"
    if token.dep_ in ("prep", "agent") or (
        token.dep_ == "prt" and any(c.dep_ == "pobj" for c in kids(token))
    ):
        return ""  # the preposition is read with its object
    return token.dep_


def steps(tokens: tuple[Token, ...]) -> list[str]:
    """The steps of one side of a path, nearest first, without empty ones."""
    return [s for s in (step(t) for t in tokens) if s]


def clause_head(token: Token) -> Token:
    """The verb of the clause ``token`` belongs to (itself when it is a verb)."""
    for t in ancestors(token):
        if t.pos_ in VERBS:
            return t
    return ancestors(token)[-1]


def role(token: Token, verb: Token) -> str:
    """The role of the phrase headed by ``token`` for ``verb``: its first step below the verb
    ("nsubj", "dobj", "pobj:with", "agent"), after climbing out of its own phrase. The noun a
    relative clause hangs on plays the relative pronoun's role ("forces that were trained by
    X": nsubjpass of "trained")."""
    if verb.dep_ == "relcl" and verb.head.i == token.i:
        for c in kids(verb):
            if c.tag_ in ("WDT", "WP", "WP$") or c.lower_ in ("that", "which", "who", "whom"):
                return c.dep_
        return "relcl"
    if token.dep_ == "conj" and verb.dep_ != "conj":
        token = conjunct_top(token)
    chain = ancestors(token)
    if all(t.i != verb.i for t in chain):
        # the verb is a clause below the one the actor belongs to ("Russia called on ...,
        # urging the Taliban": Russia is the subject of "call", which controls "urge")
        above = next((t for t in ancestors(verb)[1:] if any(c.i == t.i for c in chain)), None)
        return f"ctl_{role(token, above)}" if above is not None else "none"
    below: Token | None = None
    for t in chain:
        if t.i == verb.i:
            break
        below = t
    if below is None:
        return "self"
    if below.dep_ in ("prep", "agent", "dative", "prt"):
        for t in chain:
            if t.head.i == below.i:
                return step(t) or below.dep_
    return step(below) or below.dep_


def conjunct_top(token: Token) -> Token:
    """The first of coordinated words ("Russia" for "China" in "Russia, the US and China"):
    the one whose place in the clause they all share (kept in the document's memo)."""
    memo = token.doc.user_data.setdefault("kg.conjunct_top", {})
    found = memo.get(token.i)
    if found is None:
        found = memo[token.i] = _conjunct_top(token)
    return found


def _conjunct_top(token: Token) -> Token:
    t = token
    while (
        t.dep_ in ("conj", "appos") and t.head.i != t.i and t.head.pos_ in ("NOUN", "PROPN", "PRON")
    ):
        t = t.head
    return t


def is_passive(verb: Token) -> bool:
    """Whether ``verb`` is passive ("was attacked by")."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in kids(verb))


def conjuncts(token: Token) -> set[int]:
    """Indices of ``token`` and every word coordinated with it ("Russia, the US and China")."""
    top = token
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    found: set[int] = set()
    stack = [top]
    while stack:
        t = stack.pop()
        found.add(t.i)
        stack.extend(c for c in kids(t) if c.dep_ in ("conj", "appos"))
    return found


def has_particle(verb: Token, particle: str) -> bool:
    """Whether ``verb`` has this particle or preposition ("call on", "hand over"); a
    preposition that only says when ("called on Monday for ...") is none."""
    return any(
        c.dep_ == "prt"
        or (c.dep_ == "prep" and not any(o.ent_type_ in ("DATE", "TIME") for o in kids(c)))
        for c in kids(verb)
        if c.lower_ == particle
    )


def direct_objects(verb: Token) -> list[Token]:
    """The objects of ``verb`` (the passive subject of a passive verb)."""
    return [c for c in kids(verb) if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
