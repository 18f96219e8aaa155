"""The actor dictionary and sector lexicon, loaded from ontology/actors.yaml and sectors.yaml.

Knowledge of the world lives in those files; this module only indexes it. It answers three
questions the extractors ask: which actor does this name mean, which body of a state does a
country plus a head noun mean ("Afghan" + "government" -> Government of Afghanistan), and which
words are sector heads, representatives, members, titles and collective parties.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from kg.errors import DataError
from kg.model import Actor
from kg.resources import ontology_file

ACTOR_CLASSES = frozenset(
    {
        "State",
        "Government",
        "ArmedForces",
        "ArmedGroup",
        "Coalition",
        "InternationalOrganization",
        "Person",
        "Actor",
    }
)


def slugify(text: str) -> str:
    """Lower-case ASCII slug for IRIs: "Government of Iraq" -> "government-of-iraq"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "x"


@dataclass(frozen=True, slots=True)
class Unit:
    """A sub-body of a state named by a multi-word head ("special forces")."""

    label: str
    cls: str
    sector: str
    parent: str


@dataclass(slots=True)
class Dictionary:
    """Index over the actor dictionary and the sector lexicon."""

    actors: dict[str, Actor] = field(default_factory=dict)
    #: surface form -> actor key, for names, adjectives, demonyms and capitals
    names: dict[str, str] = field(default_factory=dict)
    #: surface forms that are adjectives/demonyms (modifiers, never actors alone)
    modifiers: set[str] = field(default_factory=set)
    #: surface forms that are capitals (places unless they act)
    capitals: set[str] = field(default_factory=set)
    #: ISO-3 -> state key
    states: dict[str, str] = field(default_factory=dict)
    #: state key -> "the United States" style name for templates
    the_names: dict[str, str] = field(default_factory=dict)
    sector_heads: dict[str, str] = field(default_factory=dict)
    sector_phrases: dict[str, str] = field(default_factory=dict)
    sector_templates: dict[str, tuple[str, str]] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    representatives: frozenset[str] = frozenset()
    members: frozenset[str] = frozenset()
    titles: dict[str, str] = field(default_factory=dict)
    party_heads: frozenset[str] = frozenset()
    party_determiners: frozenset[str] = frozenset()
    possessions: frozenset[str] = frozenset()
    armed_group_nouns: frozenset[str] = frozenset()
    not_actors: frozenset[str] = frozenset()
    #: noun lemma -> actor classes a definite description with that head can refer back to
    descriptions: dict[str, frozenset[str]] = field(default_factory=dict)
    _derived: dict[str, Actor] = field(default_factory=dict)

    # -- lookups -------------------------------------------------------------------------

    def actor(self, key: str) -> Actor:
        """The actor with this key (dictionary or derived)."""
        if key in self.actors:
            return self.actors[key]
        return self._derived[key]

    def lookup(self, surface: str) -> Actor | None:
        """The actor a name, adjective, demonym or capital denotes, if the dictionary has it."""
        key = self.names.get(surface)
        return self.actors[key] if key else None

    def ancestors(self, actor: Actor) -> list[Actor]:
        """The chain of bodies an actor is part of, nearest first."""
        chain: list[Actor] = []
        seen = {actor.key}
        current = actor
        while current.part_of and current.part_of not in seen:
            current = self.actor(current.part_of)
            seen.add(current.key)
            chain.append(current)
        return chain

    def top(self, actor: Actor) -> Actor:
        """The outermost body an actor belongs to: a ministry's state, a unit's group."""
        chain = self.ancestors(actor)
        return chain[-1] if chain else actor

    def state_body(self, state: Actor, sector: str) -> Actor | None:
        """The body of ``state`` for a sector code (GOV, MIL) or unit phrase, created on demand.

        >>> d = load_dictionary()
        >>> d.state_body(d.lookup("Afghanistan"), "GOV").label
        'Government of Afghanistan'
        """
        if state.cls != "State":
            return None
        if sector in self.sector_templates:
            cls, template = self.sector_templates[sector]
            return self._derive(state, template, cls, sector, parent=state.key)
        unit = self.units.get(sector)
        if unit is None:
            return None
        parent = (
            self.state_body(state, unit.parent) if unit.parent in self.sector_templates else None
        )
        return self._derive(state, unit.label, unit.cls, unit.sector, parent=(parent or state).key)

    def person(self, name: str, body: Actor | None) -> Actor:
        """A named person, part of the body they hold a post in (if known)."""
        key = slugify(name)
        actor = self._derived.get(key)
        if actor is None or (body is not None and actor.part_of is None):
            actor = Actor(
                key=key,
                label=name,
                cls="Person",
                country=body.country if body else None,
                sector=body.sector if body else None,
                part_of=body.key if body else None,
                from_dictionary=False,
            )
            self._derived[key] = actor
        return actor

    def unknown(self, label: str, cls: str = "Actor", sector: str | None = None) -> Actor:
        """An actor the dictionary lacks, named by its surface form and marked as such."""
        key = slugify(label)
        if key in self.actors:
            return self.actors[key]
        actor = self._derived.get(key)
        if actor is None:
            actor = Actor(key=key, label=label, cls=cls, sector=sector, from_dictionary=False)
            self._derived[key] = actor
        return actor

    def _derive(self, state: Actor, template: str, cls: str, sector: str, parent: str) -> Actor:
        label = template.format(country=self.the_names.get(state.key, state.label))
        key = slugify(label)
        actor = self._derived.get(key)
        if actor is None:
            actor = Actor(
                key=key,
                label=label,
                cls=cls,
                country=state.country,
                sector=sector,
                part_of=parent,
                from_dictionary=True,
            )
            self._derived[key] = actor
        return actor


def _read_yaml(path: Path) -> dict:
    try:
        with path.open(encoding="utf-8") as f:
            data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError:
        raise DataError(f"{path}: missing data file") from None
    except yaml.YAMLError as e:
        raise DataError(f"{path}: invalid YAML ({e})") from None
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a mapping at the top level")
    return data


def _add_name(d: Dictionary, surface: str, key: str, where: Path) -> None:
    previous = d.names.get(surface)
    if previous is not None and previous != key:
        raise DataError(f"{where}: the name {surface!r} is given to both {previous} and {key}")
    d.names[surface] = key


@cache
def load_dictionary(
    actors_path: Path | None = None, sectors_path: Path | None = None
) -> Dictionary:
    """Load and index the actor dictionary and the sector lexicon (cached per process)."""
    actors_path = actors_path or ontology_file("actors.yaml")
    sectors_path = sectors_path or ontology_file("sectors.yaml")
    raw = _read_yaml(actors_path)
    d = Dictionary()
    for entry in raw.get("states", []):
        try:
            code, name = entry["code"], entry["name"]
        except (KeyError, TypeError):
            raise DataError(f"{actors_path}: a state needs `code` and `name`: {entry!r}") from None
        key = slugify(name)
        d.actors[key] = Actor(
            key=key,
            label=name,
            cls="State",
            country=code,
            wikidata=entry.get("wikidata"),
        )
        d.states[code] = key
        d.the_names[key] = f"the {name}" if entry.get("the") else name
        for surface in [name, *entry.get("names", [])]:
            _add_name(d, surface, key, actors_path)
        for surface in [*entry.get("adjectives", []), *entry.get("demonyms", [])]:
            if surface not in d.names:
                d.modifiers.add(surface)
            _add_name(d, surface, key, actors_path)
        for surface in entry.get("capitals", []):
            d.capitals.add(surface)
            _add_name(d, surface, key, actors_path)
    for entry in raw.get("groups", []):
        try:
            name, cls = entry["name"], entry["class"]
        except (KeyError, TypeError):
            raise DataError(f"{actors_path}: a group needs `name` and `class`: {entry!r}") from None
        if cls not in ACTOR_CLASSES:
            raise DataError(f"{actors_path}: {name}: unknown class {cls!r}")
        key = entry.get("key") or slugify(name)
        d.actors[key] = Actor(
            key=key,
            label=name,
            cls=cls,
            country=entry.get("country"),
            sector=entry.get("sector"),
            part_of=entry.get("part_of"),
            wikidata=entry.get("wikidata"),
        )
        for surface in [name, *entry.get("names", [])]:
            _add_name(d, surface, key, actors_path)
    # memberships may name states by ISO code: resolve once every actor is known
    for entry in raw.get("groups", []):
        key = entry.get("key") or slugify(entry["name"])
        for member in entry.get("members", []):
            member_key = d.states.get(member, member)
            if member_key not in d.actors:
                raise DataError(f"{actors_path}: {entry['name']}: unknown member {member!r}")
            m = d.actors[member_key]
            d.actors[member_key] = Actor(**{**_fields(m), "member_of": (*m.member_of, key)})
    _load_sectors(d, sectors_path)
    return d


def _fields(actor: Actor) -> dict:
    return {name: getattr(actor, name) for name in Actor.__slots__}


def _load_sectors(d: Dictionary, path: Path) -> None:
    raw = _read_yaml(path)
    for code, spec in raw.get("sectors", {}).items():
        d.sector_templates[code] = (spec["class"], spec["label"])
        for head in spec.get("heads", []):
            if " " in head:
                d.sector_phrases[head] = code
            else:
                d.sector_heads[head] = code
        for phrase in spec.get("phrases", []):
            d.sector_phrases[phrase] = code
    for spec in raw.get("units", []):
        unit = Unit(spec["label"], spec["class"], spec["sector"], spec["parent"])
        for phrase in spec["phrases"]:
            d.units[phrase] = unit
    d.representatives = frozenset(raw.get("representatives", []))
    d.members = frozenset(raw.get("members", []))
    d.titles = dict(raw.get("titles", {}))
    parties = raw.get("parties", {})
    d.party_heads = frozenset(parties.get("heads", []))
    d.party_determiners = frozenset(parties.get("determiners", []))
    d.possessions = frozenset(raw.get("possessions", []))
    d.armed_group_nouns = frozenset(raw.get("armed_group_nouns", []))
    d.not_actors = frozenset(raw.get("not_actors", []))
    for noun, classes in (raw.get("descriptions") or {}).items():
        unknown = set(classes) - ACTOR_CLASSES
        if unknown:
            raise DataError(f"{path}: description {noun!r}: unknown classes {sorted(unknown)}")
        d.descriptions[noun] = frozenset(classes)
