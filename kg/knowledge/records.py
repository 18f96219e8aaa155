"""The knowledge base's entries: frozen records, one kind per file of ontology/.

They say who an actor is (a state, an organisation, a person with posts and years, a group of
people, a place) and how English names it; :mod:`kg.knowledge.actors` turns them into the
:class:`~kg.model.Actor` records that flow to the graph.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class State:
    """A state, territory or historic state, with the names English gives it."""

    code: str
    key: str
    name: str
    the: bool = False
    names: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    #: buildings that stand for a body of the state ("Kremlin" -> GOV, "Pentagon" -> MIL)
    seats: tuple[tuple[str, str], ...] = ()
    kind: str = "state"
    start: int | None = None
    end: int | None = None
    successor: str | None = None
    #: the successor is this same state under another name or regime (see states.yaml)
    same_state: bool = False
    wikidata: str | None = None

    @property
    def the_name(self) -> str:
        """The name as it reads inside a phrase: "the United States", "Afghanistan"."""
        return f"the {self.name}" if self.the else self.name


@dataclass(frozen=True, slots=True)
class Organisation:
    """A named organisation: an IGO, NGO, armed group, party, named state body, company."""

    key: str
    name: str
    cls: str
    sector: str | None = None
    names: tuple[str, ...] = ()
    country: str | None = None
    members: tuple[str, ...] = ()
    part_of: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True, slots=True)
class Post:
    """A post a person held: in a state (``country``) or an organisation (``org``, a key)."""

    post: str
    sector: str
    country: str | None = None
    org: str | None = None
    start: int | None = None
    end: int | None = None

    def covers(self, year: int) -> bool:
        """Whether the post was held in ``year`` (a post held until 2008 covers 2008)."""
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


#: Which of several posts held at once a person acts in, first to last (CAMEO sectors).
POST_RANK = {
    code: rank
    for rank, code in enumerate(
        [
            "GOV",
            "IGO",
            "MIL",
            "SPY",
            "COP",
            "JUD",
            "LEG",
            "REB",
            "INS",
            "SEP",
            "IMG",
            "UAF",
            "REL",
            "NGO",
            "PTY",
            "OPP",
        ]
    )
}


@dataclass(frozen=True, slots=True)
class Person:
    """A person with the posts they held, in the order the data gives them."""

    key: str
    name: str
    names: tuple[str, ...] = ()
    posts: tuple[Post, ...] = ()

    def post_in(self, year: int | None, title: str | None = None) -> Post | None:
        """The post held in ``year`` (with no year, in the latest year of any post: what
        undated news most often means). Of several posts held at once, the one the text's
        title names, else the highest: a state's government before its forces, legislature or
        courts, and those before a party or the opposition (a chancellor who leads her party
        acts as chancellor)."""
        if not self.posts:
            return None
        if year is None:
            year = max(max(p.start or 0, p.end or 0) for p in self.posts) or None
            if year is None:
                return self.posts[-1]
        held = [p for p in self.posts if p.covers(year)]
        if not held:
            return None
        if title is not None:
            named = [p for p in held if p.post == title]
            if named:
                return named[0]
        return min(held, key=lambda p: POST_RANK.get(p.sector, len(POST_RANK)))


@dataclass(frozen=True, slots=True)
class Group:
    """An ethnic or religious group: an actor of its own, never its kin state."""

    key: str
    name: str
    kind: str
    names: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A city, subdivision or region, with the state it lies in (None when unknown or shared)."""

    name: str
    country: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class Sector:
    """A CAMEO agent type and the head nouns that name it."""

    code: str
    name: str
    cls: str
    label: str | None = None
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    """A sub-body of a state with a label of its own ("Air Force of {country}")."""

    label: str
    cls: str
    sector: str
    parent: str


@dataclass(frozen=True, slots=True)
class Title:
    """A title a person carries, with the post and sector it gives."""

    post: str
    sector: str


@dataclass(frozen=True, slots=True)
class Ref:
    """What a surface form names: ``kind`` of entry and its key.

    Kinds: ``state`` (its name), ``adjective`` and ``demonym`` (a state as modifier or people),
    ``capital``, ``seat`` (``sector`` says which body), ``org``, ``person``, ``group``,
    ``group-adjective``, ``place``, ``region`` and ``nonactor`` (a name that contains an actor's
    name but is no actor: "Latin America").
    """

    kind: str
    key: str
    sector: str | None = None
