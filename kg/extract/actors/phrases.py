"""Noun phrases: which words of a phrase say who the actor is.

English names an actor by a head noun and what modifies it. The head gives the kind of actor
(a sector: "police" is COP, "rebels" REB, "students" EDU); the modifiers, a possessive or an
of/from/in phrase give whose it is:

* a state or its adjective: "Egyptian police", "Iraq's interior ministry", "the government of
  Chad" -> that state's body (Police of Egypt) or its group ("Syrian rebels");
* a place: "rebels in Darfur", "police in Cairo" -> the state the place lies in;
* an organisation: "Taliban fighters", "UN peacekeepers", "officials from the Afghan
  government" -> the organisation or body itself (its members act as it);
* an ethnic group: "Kurdish fighters" -> an armed group of that people, not a state.

Functions here read tokens and return what they found; :mod:`kg.extract.actors.reader` decides
which actor a phrase names and records the mention.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.knowledge import KnowledgeBase
from kg.knowledge.records import Title, Unit

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Dependencies of the words before a head that belong to its phrase.
PREMODIFIERS = frozenset(
    {"det", "amod", "compound", "nmod", "poss", "nummod", "quantmod", "predet", "case", "npadvmod"}
)
#: Prepositions whose object says whose the head is ("the government of Chad", "officials
#: from Kabul", "rebels in Darfur", "the ambassador to Iraq" is not: "to" names a target).
OWNER_PREPOSITIONS = frozenset({"of", "from", "in", "for", "at", "inside", "within"})
#: Nominal parts of speech.
NOMINAL = frozenset({"NOUN", "PROPN"})
#: Parts of speech a quantity head can have ("Dozens of students": NUM).
QUANTITY_POS = frozenset({"NOUN", "PROPN", "NUM", "PRON", "ADJ"})


@dataclass(frozen=True, slots=True)
class Head:
    """What a phrase's head noun (and the words just before it) names.

    ``kind`` is "sector" (a sector code in ``sector``), "unit", "title", "member",
    "collective", "quantity", "possession", "description" or "" for none. ``start`` is the
    first token of a multi-word head ("security forces").
    """

    kind: str
    start: int
    sector: str | None = None
    unit: Unit | None = None
    title: Title | None = None
    #: last token of a head that runs on after the noun ("Ministry of Defence"), if any
    end: int | None = None


NO_HEAD = Head("", -1)


def premodifiers(head: Token) -> list[Token]:
    """The words before ``head`` that belong to its phrase, with their own modifiers and
    coordinated words ("Hungarian and Romanian"), in text order."""
    found: list[Token] = []

    def walk(token: Token) -> None:
        for child in token.children:
            if child.i < head.i and (child.dep_ in PREMODIFIERS or child.dep_ in ("conj", "cc")):
                if child.dep_ in ("conj", "cc") and token.i == head.i:
                    continue  # coordination of the head itself: another phrase
                found.append(child)
                walk(child)

    walk(head)
    return sorted(found, key=lambda t: t.i)


def words_before(head: Token, limit: int) -> list[Token]:
    """Up to ``limit`` contiguous words ending at ``head`` inside its phrase."""
    tokens = [head]
    mods = {t.i for t in premodifiers(head)}
    i = head.i - 1
    while len(tokens) < limit and i in mods:
        tokens.insert(0, head.doc[i])
        i -= 1
    return tokens


def words_after(head: Token, limit: int) -> list[Token]:
    """The head and the words of its of-phrase, contiguous ("Ministry of Defence", "chief of
    the general staff"), up to ``limit`` words."""
    tokens = [head]
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == head.i + 1:
            run = [t for t in child.subtree]
            if all(b.i - a.i == 1 for a, b in itertools.pairwise(run)):
                tokens += run[: limit - 1]
    return tokens


def read_head(head: Token, kb: KnowledgeBase) -> Head:
    """What the head noun names, trying multi-word heads and titles first (longest first)."""
    lex = kb.lexicon
    words = kb.words
    after = words_after(head, 5)
    for n in range(len(after), 2, -1):
        span = after[:n]
        key = (_lemma(head), *(t.lower_ for t in span[1:]))
        end = span[-1].i
        if key in lex.titles:
            title = lex.titles[key]
            return Head("title", head.i, title=title, sector=title.sector, end=end)
        found = lex.phrases.get(key)
        if isinstance(found, Unit):
            return Head("unit", head.i, sector=found.sector, unit=found, end=end)
        if found is not None:
            return Head("sector", head.i, sector=found, end=end)
    before = words_before(head, 5)
    for n in range(len(before), 1, -1):
        span = before[-n:]
        lemmas = (*tuple(t.lower_ for t in span[:-1]), _lemma(head))
        texts = tuple(t.lower_ for t in span)
        for key in (lemmas, texts):
            if key in lex.titles:
                return Head(
                    "title", span[0].i, title=lex.titles[key], sector=lex.titles[key].sector
                )
            found = lex.phrases.get(key)
            if isinstance(found, Unit):
                return Head("unit", span[0].i, sector=found.sector, unit=found)
            if found is not None:
                return Head("sector", span[0].i, sector=found)
    lemma = _lemma(head)
    lower = head.lower_
    if lemma in words.collective_heads and any(
        c.lower_ in words.collective_determiners for c in head.children
    ):
        return Head("collective", head.i)
    for word in (lemma, lower):
        if (word,) in lex.titles and not _plural(head):
            title = lex.titles[(word,)]
            return Head("title", head.i, title=title, sector=title.sector)
    singular = lower[:-1] if lower.endswith("s") else lower
    for word in (lemma, lower, singular):
        found = lex.phrases.get((word,))
        if isinstance(found, Unit):
            return Head("unit", head.i, sector=found.sector, unit=found)
        found = lex.heads.get(word)
        if isinstance(found, Unit):
            return Head("unit", head.i, sector=found.sector, unit=found)
        if found is not None:
            return Head("sector", head.i, sector=found)
    if lemma in lex.members or lower in lex.members:
        return Head("member", head.i)
    if (lemma,) in lex.titles or (lower,) in lex.titles:  # plural titles: "the ministers"
        return Head("member", head.i)
    if lemma in words.collective_heads:
        return Head("collective", head.i)
    if lemma in words.quantities or lower in words.quantities:
        return Head("quantity", head.i)
    if lemma in words.possessions:
        return Head("possession", head.i)
    if lemma in words.place_nouns or lower in words.place_nouns:
        return Head("place", head.i)
    if lemma in words.descriptions:
        return Head("description", head.i)
    return NO_HEAD


def _lemma(token: Token) -> str:
    """The lower-case lemma; capitalised plurals keep their "s" in spaCy's lemma ("Rebels" at
    the start of a headline), so a plural proper-cased noun is singularised here."""
    lemma = token.lemma_.lower()
    if lemma == token.lower_ and token.tag_ in ("NNS", "NNPS") and lemma.endswith("s"):
        return lemma[:-2] if lemma.endswith(("ches", "shes", "sses")) else lemma[:-1]
    return lemma


def _plural(token: Token) -> bool:
    return token.tag_ in ("NNS", "NNPS")


def owner_phrases(head: Token) -> list[Token]:
    """Heads of the of/from/in phrases of ``head`` that may say whose it is, nearest first."""
    found: list[Token] = []
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in OWNER_PREPOSITIONS:
            found.extend(t for t in child.children if t.dep_ == "pobj")
    return found


def possessor(head: Token) -> Token | None:
    """The possessive modifier of ``head`` ("Iraq's", "its")."""
    for child in head.children:
        if child.dep_ == "poss":
            return child
    return None


def appositions(head: Token) -> list[Token]:
    """Heads of appositions to ``head`` ("Mahmoud Abbas, the Palestinian president")."""
    return [c for c in head.children if c.dep_ == "appos"]


#: Nouns that name a group in the singular ("the Ugandan opposition", not "oppositions").
MASS_NOUNS = frozenset(
    {
        "people",
        "police",
        "media",
        "press",
        "public",
        "opposition",
        "clergy",
        "staff",
        "workforce",
        "leadership",
        "diaspora",
        "military",
        "infantry",
        "artillery",
        "gendarmerie",
        "constabulary",
        "crew",
        "youth",
        "elite",
        "mafia",
    }
)


def plural_noun(token: Token) -> str:
    """The plural of a head noun as the text writes it, for group labels ("protesters")."""
    if _plural(token) or token.lower_ in MASS_NOUNS:
        return token.lower_
    if token.lower_.endswith("s") and _lemma(token) == token.lower_:
        return token.lower_  # a capitalised plural the tagger took for a name ("Rebels")
    lemma = token.lemma_.lower()
    if lemma.endswith("man"):
        return lemma[:-3] + "men"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ies"
    if lemma.endswith(("s", "x", "ch", "sh")):
        return lemma + "es"
    return lemma + "s"


def conjuncts(token: Token) -> list[Token]:
    """``token`` and the words coordinated with it, recursively ("Russia, the US and China")."""
    found = [token]
    for child in token.children:
        if child.dep_ == "conj":
            found.extend(conjuncts(child))
    return found
