"""The knowledge base: every file of ontology/ that says who the world's actors are, loaded once,
checked, indexed by surface form, and never changed afterwards.

It is frozen on purpose: a run that extracted other documents first must give the same actors
for the same text (the old dictionary grew while it extracted, so ``--workers 2`` and a second
run could store different graphs). Anything a document adds (an unknown person, a generic group)
is built fresh for that document by :mod:`kg.extract.actors` and dropped with it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from kg.errors import DataError
from kg.iri import slugify
from kg.knowledge.groups import load_groups
from kg.knowledge.organisations import load_organisations, name_index
from kg.knowledge.persons import load_persons
from kg.knowledge.places import load_places, load_regions
from kg.knowledge.records import Group, Organisation, Person, Place, Post, Ref, State, Unit
from kg.knowledge.sectors import SectorLexicon, load_sectors
from kg.knowledge.states import load_states
from kg.knowledge.words import Words, load_words
from kg.model import Actor
from kg.resources import ontology_dir

#: The ontology's actor classes (ontology/diplomatic.ttl declares each).
ACTOR_CLASSES = frozenset(
    {
        "Actor",
        "State",
        "Government",
        "ArmedForces",
        "ArmedGroup",
        "Coalition",
        "InternationalOrganization",
        "NonGovernmentalOrganization",
        "PoliticalParty",
        "Company",
        "MediaOrganization",
        "SocialGroup",
        "EthnicGroup",
        "Person",
    }
)

#: When one surface form names entries of several kinds, the first kind here is read first.
PRECEDENCE = (
    "state",
    "capital",
    "seat",
    "org",
    "adjective",
    "demonym",
    "group",
    "group-adjective",
    "person",
    "region",
    "place",
)
_RANK = {kind: i for i, kind in enumerate(PRECEDENCE)}

#: spaCy entity label for each kind: the entity ruler labels dictionary names as the
#: statistical recogniser would, so that it labels what is left around them consistently.
ENTITY_LABELS = MappingProxyType(
    {
        "state": "GPE",
        "capital": "GPE",
        "seat": "ORG",
        "org": "ORG",
        "adjective": "NORP",
        "demonym": "NORP",
        "group": "NORP",
        "group-adjective": "NORP",
        "person": "PERSON",
        "region": "LOC",
        "place": "GPE",
    }
)


@dataclass(frozen=True)
class KnowledgeBase:
    """Who the actors are, how English names them, and the actors they make.

    >>> kb = load_knowledge()                              # doctest: +SKIP
    >>> kb.state_actor("EGY").label, kb.body("EGY", "COP").label   # doctest: +SKIP
    ('Egypt', 'Police of Egypt')
    """

    states: Mapping[str, State]
    organisations: Mapping[str, Organisation]
    persons: Mapping[str, Person]
    groups: Mapping[str, Group]
    places: Mapping[str, Place]
    lexicon: SectorLexicon
    words: Words
    #: surface form -> what it names, in reading order
    surfaces: Mapping[str, tuple[Ref, ...]]
    #: state key or organisation key -> keys of the organisations it is a member of
    memberships: Mapping[str, tuple[str, ...]]
    #: state key -> code
    state_keys: Mapping[str, str]
    #: key of every state body the base can make -> (state code, sector code or unit)
    bodies: Mapping[str, tuple[str, str | Unit]]
    #: current state -> the historic state it continues under another name (same_state)
    predecessors: Mapping[str, str]
    #: post ("president") -> keys of the persons who held it at some time, in the order of
    #: ``persons``: who held a post named without a name is looked for among these only, not
    #: among every person of the base for each such phrase
    post_holders: Mapping[str, tuple[str, ...]]

    # -- actors ------------------------------------------------------------------------

    def state_in(self, code: str, year: int | None) -> str:
        """The state a current state's names meant in ``year``: "Moscow" in 1985 is the Soviet
        Union, "Kinshasa" in 1990 Zaire ("same_state" in states.yaml)."""
        if year is None:
            return code
        for _ in range(4):
            earlier = self.predecessors.get(code)
            if earlier is None:
                return code
            state = self.states[earlier]
            if (
                state.start is not None
                and state.end is not None
                and state.start <= year <= state.end
            ):
                return earlier
            if state.start is not None and year < state.start:
                code = earlier  # a predecessor of the predecessor may cover the year
                continue
            return code
        return code

    def state_actor(self, code: str) -> Actor:
        """The state with ISO code ``code``."""
        s = self.states[code]
        return Actor(
            key=s.key,
            label=s.name,
            cls="State",
            country=s.code,
            member_of=self.memberships.get(s.key, ()),
            wikidata=s.wikidata,
        )

    def body(self, code: str, sector: str) -> Actor | None:
        """The body of a state for a sector with a label ("GOV" -> "Government of Egypt")."""
        spec = self.lexicon.sectors.get(sector)
        if spec is None or spec.label is None or code not in self.states:
            return None
        parent = self.body(code, spec.parent) if spec.parent else None
        return self._derived(code, spec.label, spec.cls, sector, parent)

    def unit(self, code: str, unit: Unit) -> Actor:
        """A sub-body of a state with a label of its own ("Air Force of Egypt")."""
        parent = self.body(code, unit.parent)
        return self._derived(code, unit.label, unit.cls, unit.sector, parent)

    def _derived(
        self, code: str, template: str, cls: str, sector: str, parent: Actor | None
    ) -> Actor:
        state = self.states[code]
        label = template.format(country=state.the_name)
        return Actor(
            key=slugify(label),
            label=label,
            cls=cls,
            country=code,
            sector=sector,
            part_of=(parent.key if parent else state.key),
        )

    def org_actor(self, key: str) -> Actor:
        """A named organisation. One named as a body the sectors build ("Ministry of Interior
        of the United Kingdom", listed for its news name "Home Office") is that body, part of
        its government, so that both spellings give one actor."""
        if key in self.bodies:
            code, spec = self.bodies[key]
            return self.unit(code, spec) if isinstance(spec, Unit) else self.body(code, spec)  # type: ignore[return-value]
        o = self.organisations[key]
        return Actor(
            key=o.key,
            label=o.name,
            cls=o.cls,
            country=o.country,
            sector=o.sector,
            part_of=o.part_of,
            member_of=self.memberships.get(o.key, ()),
            wikidata=o.wikidata,
        )

    def group_actor(self, key: str) -> Actor:
        """An ethnic or religious group."""
        g = self.groups[key]
        return Actor(key=g.key, label=g.name, cls="EthnicGroup", country=g.country)

    def post_body(self, post: Post) -> Actor | None:
        """The body a post is held in: a state's body of the post's sector, or the organisation."""
        if post.org is not None:
            return self.org_actor(post.org)
        if post.country is None:
            return None
        return self.body(post.country, post.sector) or self.state_actor(post.country)

    def person_actor(self, key: str, year: int | None, title: str | None = None) -> Actor:
        """A person of the knowledge base, in the post held in ``year`` (the latest if None),
        the one ``title`` names when they held several."""
        p = self.persons[key]
        post = p.post_in(year, title)
        body = self.post_body(post) if post else None
        return Actor(
            key=p.key,
            label=p.name,
            cls="Person",
            country=body.country if body else None,
            sector=post.sector if post else None,
            part_of=body.key if body else None,
            post=post.post if post else None,
        )

    def ancestors(self, actor: Actor) -> Iterator[Actor]:
        """The bodies an actor is part of, nearest first (a ministry's government, its state)."""
        seen = {actor.key}
        current = actor
        while current.part_of and current.part_of not in seen:
            parent = self.actor_by_key(current.part_of)
            if parent is None:
                return
            seen.add(parent.key)
            yield parent
            current = parent

    def actor_by_key(self, key: str) -> Actor | None:
        """The actor a key names, when it is a state, a state's body or an organisation."""
        if key in self.state_keys:
            return self.state_actor(self.state_keys[key])
        if key in self.organisations:
            return self.org_actor(key)
        found = self.bodies.get(key)
        if found is None:
            return None
        code, spec = found
        return self.unit(code, spec) if isinstance(spec, Unit) else self.body(code, spec)

    # -- names -------------------------------------------------------------------------

    def lookup(self, surface: str, year: int | None = None) -> Actor | None:
        """The actor a name stands for on its own ("the US", "Kremlin", "Putin"), if any.

        >>> load_knowledge().lookup("Taliban").label          # doctest: +SKIP
        'Taliban'
        """
        for ref in self.refs(surface):
            if ref.kind == "state":
                return self.state_actor(self.state_in(ref.key, year))
            if ref.kind in ("capital", "seat"):
                return self.body(self.state_in(ref.key, year), ref.sector or "GOV")
            if ref.kind == "org":
                return self.org_actor(ref.key)
            if ref.kind == "group":
                return self.group_actor(ref.key)
            if ref.kind == "person":
                return self.person_actor(ref.key, year)
        return None

    def refs(self, surface: str) -> tuple[Ref, ...]:
        """What a surface form names, in reading order (empty when the base lacks it)."""
        return self.surfaces.get(surface, ())

    def entity_label(self, surface: str) -> str:
        """The spaCy entity label the ruler gives a surface form."""
        return ENTITY_LABELS[self.surfaces[surface][0].kind]


def _index(
    states: Mapping[str, State],
    orgs: Mapping[str, Organisation],
    persons: Mapping[str, Person],
    groups: Mapping[str, Group],
    places: Mapping[str, Place],
    regions: Mapping[str, Place],
) -> dict[str, tuple[Ref, ...]]:
    found: dict[str, list[Ref]] = {}

    def add(surface: str, ref: Ref) -> None:
        refs = found.setdefault(surface, [])
        if ref not in refs:
            refs.append(ref)

    for s in states.values():
        for name in (s.name, *s.names):
            add(name, Ref("state", s.code))
        for name in s.adjectives:
            add(name, Ref("adjective", s.code))
        for name in s.demonyms:
            add(name, Ref("demonym", s.code))
        for name in s.capitals:
            add(name, Ref("capital", s.code))
        for name, sector in s.seats:
            add(name, Ref("seat", s.code, sector))
    for o in orgs.values():
        for name in (o.name, *o.names):
            add(name, Ref("org", o.key))
    for g in groups.values():
        for name in (g.name, *g.names):
            add(name, Ref("group", g.key))
        for name in g.adjectives:
            add(name, Ref("group-adjective", g.key))
    for p in persons.values():
        for name in (p.name, *p.names):
            add(name, Ref("person", p.key))
    for name, _place in regions.items():
        add(name, Ref("region", name))
    for name in places:
        # a city or subdivision that shares a name with any other entry is not read as the place
        if name not in found:
            add(name, Ref("place", name))
    return {
        surface: tuple(sorted(refs, key=lambda r: _RANK[r.kind])) for surface, refs in found.items()
    }


def _check_names(surfaces: Mapping[str, tuple[Ref, ...]]) -> None:
    """Two entries of the same kind may share a surface form only where the data means it:
    persons (shared family names, resolved by year). Anything else is a data error."""
    for surface, refs in surfaces.items():
        kinds = [r.kind for r in refs if r.kind != "person"]
        kinds = [k for k in kinds if k not in {"region", "place"}]
        if len(kinds) != len(set(kinds)):
            raise DataError(f"the name {surface!r} is given to several entries: {refs}")


@cache
def load_knowledge(folder: Path | None = None) -> KnowledgeBase:
    """Load, check and index every knowledge file of ``folder`` (default: ontology/).

    Cached per process: the result is immutable, so every caller shares one copy safely.
    """
    folder = folder or ontology_dir()
    lexicon = load_sectors(folder / "sectors.yaml", ACTOR_CLASSES)
    codes = frozenset(lexicon.sectors)
    states = load_states(folder / "states.yaml")
    orgs = load_organisations(folder / "organisations.yaml", states, codes)
    persons = load_persons(folder / "persons", states, name_index(orgs), lexicon.posts, codes)
    groups = load_groups(folder / "groups.yaml", states)
    places = load_places(folder / "places.tsv", states)
    regions = load_regions(folder / "regions.yaml", states)
    words = load_words(folder / "words.yaml")
    surfaces = _index(states, orgs, persons, groups, places, regions)
    _check_names(surfaces)
    memberships: dict[str, list[str]] = {}
    for org in orgs.values():
        for member in org.members:
            memberships.setdefault(member, []).append(org.key)
    all_places = {**places, **regions}
    post_holders: dict[str, list[str]] = {}
    for person in persons.values():
        for post in dict.fromkeys(p.post for p in person.posts):
            post_holders.setdefault(post, []).append(person.key)
    units = sorted({u for u in lexicon.phrases.values() if isinstance(u, Unit)}, key=str)
    bodies: dict[str, tuple[str, str | Unit]] = {}
    for code, state in states.items():
        for sector in lexicon.sectors.values():
            if sector.label:
                bodies[slugify(sector.label.format(country=state.the_name))] = (code, sector.code)
        for unit in units:
            bodies[slugify(unit.label.format(country=state.the_name))] = (code, unit)
    return KnowledgeBase(
        states=MappingProxyType(states),
        organisations=MappingProxyType(orgs),
        persons=MappingProxyType(persons),
        groups=MappingProxyType(groups),
        places=MappingProxyType(all_places),
        lexicon=lexicon,
        words=words,
        surfaces=MappingProxyType(surfaces),
        memberships=MappingProxyType({k: tuple(sorted(v)) for k, v in memberships.items()}),
        state_keys=MappingProxyType({s.key: code for code, s in states.items()}),
        bodies=MappingProxyType(bodies),
        predecessors=MappingProxyType(
            {s.successor: code for code, s in states.items() if s.same_state and s.successor}
        ),
        post_holders=MappingProxyType({k: tuple(v) for k, v in post_holders.items()}),
    )
