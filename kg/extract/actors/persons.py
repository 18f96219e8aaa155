"""Persons and titles: "US President Joe Biden", "Putin", "the Iranian foreign minister".

A person named in the knowledge base is the person in the post held in the document's year
("Bush" in 1991 and in 2003 are two men). A person it lacks takes the post and body their title
and its modifiers give ("Foreign Minister Ayman Safadi of Jordan"). A title with no name ("the
Iranian president") is the holder of that post: the knowledge base's holder in the document's
year when it knows one, else a person named by the post ("President of Iran").
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from kg.extract.actors.context import DocContext
from kg.iri import slugify
from kg.knowledge.records import Person, Post, Title
from kg.model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: Longest title, in words ("chief of the general staff").
MAX_TITLE_WORDS = 5


def find_title(tokens: list[Token], ctx: DocContext) -> tuple[Title, list[Token]] | None:
    """The longest title among contiguous ``tokens`` (the words before a name)."""
    titles = ctx.kb.lexicon.titles
    best: tuple[Title, list[Token]] | None = None
    for i in range(len(tokens)):
        for n in range(min(MAX_TITLE_WORDS, len(tokens) - i), 0, -1):
            run = tokens[i : i + n]
            if any(b.i - a.i != 1 for a, b in itertools.pairwise(run)):
                continue
            key = tuple(t.lower_ for t in run)
            if key in titles and (best is None or n > len(best[1])):
                best = (titles[key], run)
    return best


def kb_person(ctx: DocContext, surface: str, title: Title | None = None) -> Actor | None:
    """The knowledge base's person named ``surface``, in the document's year.

    When several persons share the name ("Bush", "Kim"), the one whose post covers the year
    wins, then the one listed first.
    """
    keys = [r.key for r in ctx.kb.refs(surface) if r.kind == "person"]
    if not keys:
        return None
    chosen = keys[0]
    if ctx.year is not None:
        for key in keys:
            if ctx.kb.persons[key].post_in(ctx.year) is not None:
                chosen = key
                break
    return ctx.kb.person_actor(chosen, ctx.year, title.post if title else None)


def _similar_kb_person(ctx: DocContext, name: str, title: Title | None) -> Actor | None:
    """A knowledge-base person named differently ("Sergey Lavrov" for "Sergei Lavrov"): same
    surname, and a given name spelt alike - the same first three letters, or seven letters in
    ten in common ("Anna Blinken" is not Antony Blinken), or an initial ("J. Biden")."""
    from difflib import SequenceMatcher

    words = name.split()
    if len(words) < 2:
        return None
    given = words[0].rstrip(".").lower()
    for ref in ctx.kb.refs(words[-1]):
        if ref.kind != "person":
            continue
        person: Person = ctx.kb.persons[ref.key]
        known = person.name.split()[0].lower()
        if known[:1] != given[:1]:
            continue
        alike = given[:3] == known[:3] or SequenceMatcher(None, given, known).ratio() >= 0.7
        if len(given) == 1 or alike:
            return ctx.kb.person_actor(person.key, ctx.year, title.post if title else None)
    return None


def named_person(
    ctx: DocContext,
    ent: Span,
    title: Title | None,
    owner: Actor | None,
    *,
    name: str | None = None,
) -> Actor:
    """The person a PERSON name denotes, remembered for the rest of the document. ``name`` is
    the full name when given names stand before the entity ("Maria" before "Lavrov")."""
    name = name or ent.text.strip()
    actor = (
        ctx.persons.get(name) or kb_person(ctx, name, title) or _similar_kb_person(ctx, name, title)
    )
    if actor is None:
        actor = unknown_person(ctx, name, title, owner)
    elif actor.post is None and (title or owner):
        actor = unknown_person(ctx, actor.label, title, owner)
    remember(ctx, name, actor)
    return actor


def remember(ctx: DocContext, name: str, actor: Actor) -> None:
    """Later mentions by the full name or the surname alone are this person."""
    ctx.persons.setdefault(name, actor)
    words = name.split()
    if len(words) > 1:
        ctx.persons.setdefault(words[-1], actor)


def unknown_person(ctx: DocContext, name: str, title: Title | None, owner: Actor | None) -> Actor:
    """A person the knowledge base lacks: post and body from the title and its owner."""
    body = _body_for(ctx, title, owner)
    known = body or owner
    return Actor(
        key=slugify(name),
        label=name,
        cls="Person",
        country=known.country if known is not None else None,
        sector=_sector(title, owner),
        part_of=body.key if body else None,
        post=title.post if title else None,
        from_dictionary=False,
    )


def _sector(title: Title | None, owner: Actor | None) -> str | None:
    """A person's sector: the title's in a state ("the Iranian foreign minister": GOV), the
    organisation's in an organisation ("a Taliban spokesman": INS, "the UN envoy": IGO)."""
    if owner is not None and owner.cls != "State" and owner.sector:
        return owner.sector
    if title is not None:
        return title.sector
    return owner.sector if owner is not None else None


def _body_for(ctx: DocContext, title: Title | None, owner: Actor | None) -> Actor | None:
    """The body a title puts its holder in: the owner state's body of the title's sector, or the
    owner itself when it is an organisation or a body."""
    if owner is None:
        return None
    if owner.cls == "State" and owner.country:
        sector = title.sector if title else "GOV"
        return ctx.kb.body(owner.country, sector) or ctx.kb.body(owner.country, "GOV") or owner
    return owner


def post_holder(ctx: DocContext, title: Title, owner: Actor | None) -> Actor | None:
    """The holder of a post named without a name ("the Iranian president")."""
    if owner is None:
        return None
    held = _kb_holder(ctx, title, owner)
    if held is not None:
        return held
    body = _body_for(ctx, title, owner)
    if body is None:
        return None
    where = (
        ctx.kb.states[owner.country].the_name
        if owner.cls == "State" and owner.country
        else owner.label
    )
    label = f"{_title_case(title.post)} of {where}"
    return Actor(
        key=slugify(label),
        label=label,
        cls="Person",
        country=body.country,
        sector=_sector(title, owner),
        part_of=body.key,
        post=title.post,
        from_dictionary=False,
    )


def _kb_holder(ctx: DocContext, title: Title, owner: Actor) -> Actor | None:
    """The one knowledge-base person who held this post in this body in the document's year."""
    if ctx.year is None or title.post in ("minister", "official", "leader", "envoy", "commander"):
        return None
    found = []
    for key in ctx.kb.post_holders.get(title.post, ()):
        post = ctx.kb.persons[key].post_in(ctx.year)
        if post is not None and post.post == title.post and _same_body(post, owner):
            found.append(key)
    if len(found) != 1:
        return None
    return ctx.kb.person_actor(found[0], ctx.year)


def _same_body(post: Post, owner: Actor) -> bool:
    if owner.cls == "State":
        return post.country == owner.country
    return post.org == owner.key


def _title_case(post: str) -> str:
    """ "foreign minister" -> "Foreign Minister", "secretary-general" -> "Secretary-General"."""
    return " ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in post.split())


def former(ctx: DocContext, actor: Actor, owner: Actor | None) -> Actor:
    """A person who no longer holds the post the text names ("former president Jimmy
    Carter"): an elite (CAMEO's ELI) of the state they served, part of no body."""
    country = owner.country if owner is not None else actor.country
    person = ctx.kb.persons.get(actor.key)
    if country is None and person is not None:
        served = [p for p in person.posts if p.country]
        if served:
            country = max(served, key=lambda p: p.end or 9999).country
    return Actor(
        key=actor.key,
        label=actor.label,
        cls="Person",
        country=country,
        sector="ELI",
        from_dictionary=actor.from_dictionary,
    )
