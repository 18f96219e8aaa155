"""Coreference by rule: pronouns, definite descriptions, surnames and acronyms.

English refers back to an actor already named: by a pronoun ("it", "they", "he"), by a
definite description ("the bloc", "the ministry"), by a person's surname after the full name,
and by an acronym defined in brackets after the full name ("the Rapid Support Forces (RSF)
... the RSF"). The antecedent is the nearest earlier mention that fits, within a short window.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from kg.extract.actors.context import DocContext
from kg.extract.actors.mentions import ActorMention
from kg.knowledge import ACTOR_CLASSES
from kg.model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: How many sentences back an antecedent may be.
WINDOW = 2
#: Classes a pronoun for a thing ("it") or a plural ("they") can refer to: not a person.
NON_PERSON = ACTOR_CLASSES - {"Person"}
#: "They" is rarely a state or an organisation in the singular sense, but news uses it for
#: groups, forces and collectives: those come first.
PLURAL_FIRST = frozenset({"ArmedGroup", "ArmedForces", "SocialGroup", "EthnicGroup", "Actor"})


def _window_start(ctx: DocContext, token: Token) -> int:
    starts = ctx.sentence_starts
    index = bisect_right(starts, token.i) - 1
    return starts[max(0, index - WINDOW)]


def _earlier(ctx: DocContext, token: Token) -> list[ActorMention]:
    """Mentions before ``token`` within the window, nearest first."""
    start = _window_start(ctx, token)
    found = [m for m in ctx.index.mentions if start <= m.head < token.i and m.kind != "pronoun"]
    return sorted(found, key=lambda m: -m.head)


def pronoun_antecedent(ctx: DocContext, token: Token) -> Actor | None:
    """The actor a third-person pronoun refers to."""
    kind = ctx.kb.words.pronouns.get(token.lower_)
    if kind is None:
        return None
    # nearest first, but a subject of the sentence before is the likelier antecedent than an
    # object or a modifier there ("Kenya signed a pact with Somalia. It ..." is Kenya)
    earlier = _earlier(ctx, token)
    sentence_of = {m.head: bisect_right(ctx.sentence_starts, m.head) for m in earlier}
    here = bisect_right(ctx.sentence_starts, token.i)
    candidates = sorted(
        (m for m in earlier if len(m.actors) == 1),
        key=lambda m: (
            here - sentence_of[m.head],
            sentence_of[m.head] < here and ctx.doc[m.head].dep_ not in ("nsubj", "nsubjpass"),
            -m.head,
        ),
    )
    if kind == "person":
        fits = [m for m in candidates if m.actors[0].cls == "Person"]
    else:
        fits = [m for m in candidates if m.actors[0].cls in NON_PERSON]
        if kind == "plural":
            fits.sort(key=lambda m: m.actors[0].cls not in PLURAL_FIRST)
        else:
            fits.sort(key=lambda m: m.actors[0].cls in ("SocialGroup", "Actor"))
    return fits[0].actors[0] if fits else None


def description_antecedent(ctx: DocContext, token: Token, classes: frozenset[str]) -> Actor | None:
    """The actor a definite description ("the bloc", "the country") refers back to."""
    for m in _earlier(ctx, token):
        if len(m.actors) == 1 and m.actors[0].cls in classes:
            return m.actors[0]
    return None


def same_head_antecedent(ctx: DocContext, token: Token) -> Actor | None:
    """The actor of the nearest earlier phrase with the same head noun ("the Defence Ministry"
    ... "the ministry"), for a definite phrase that repeats it without its owner."""
    lemma = token.lemma_.lower()
    for m in _earlier(ctx, token):
        if len(m.actors) == 1 and ctx.doc[m.head].lemma_.lower() == lemma and m.kind != "group":
            return m.actors[0]
    return None


def recent_country(ctx: DocContext, token: Token) -> str | None:
    """The state the text speaks of just before ``token``: the nearest earlier mention with a
    country, for bodies named without one ("the government", "government forces")."""
    for m in _earlier(ctx, token):
        for actor in m.actors:
            if actor.country and actor.cls != "EthnicGroup":
                return actor.country
    return None


#: Kinds of names that place a sentence in a country.
_COUNTRY_KINDS = frozenset({"state", "capital", "seat", "adjective", "demonym", "place", "region"})


def sentence_country(ctx: DocContext, token: Token) -> str | None:
    """The one country a sentence speaks of, if it names only one (by a state, a capital, an
    adjective or a place): a generic group with no owner is of that country ("gunmen stormed
    a hotel in Mogadishu" are Somali gunmen). None when it names several, or none."""
    index = bisect_right(ctx.sentence_starts, token.i) - 1
    if index in ctx.sentence_countries:
        return ctx.sentence_countries[index]
    start = ctx.sentence_starts[index]
    end = ctx.sentence_starts[index + 1] if index + 1 < len(ctx.sentence_starts) else len(ctx.doc)
    found: set[str] = set()
    for ent in ctx.ents_in(start, end):
        if not ent.ent_id_:
            continue
        for ref in ctx.kb.refs(ent.ent_id_):
            if ref.kind in ("place", "region"):
                country = ctx.kb.places[ref.key].country
            elif ref.kind in _COUNTRY_KINDS:
                country = ref.key
            else:
                continue
            if country:
                found.add(ctx.state(country))
            break
    ctx.sentence_countries[index] = found.pop() if len(found) == 1 else None
    return ctx.sentence_countries[index]


def learn_acronyms(ctx: DocContext, sent: Span) -> None:
    """Record "Full Name (ACRONYM)" definitions of this sentence for the rest of the document."""
    doc = ctx.doc
    for token in sent:
        if token.text != "(" or token.i + 2 >= sent.end or doc[token.i + 2].text != ")":
            continue
        acronym = doc[token.i + 1].text
        if not (acronym.isupper() and 2 <= len(acronym) <= 8):
            continue
        before = ctx.index.at(token.i - 1)
        if before is not None and len(before.actors) == 1:
            ctx.acronyms.setdefault(acronym, before.actors[0])
