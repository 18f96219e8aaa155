"""The actor dictionary and sector lexicon, loaded from ontology/actors.yaml and sectors.yaml.

Knowledge of the world lives in those files; this module only indexes it. It answers three
questions the extractors ask: which actor does this name mean, which body of a state does a
country plus a head noun mean ("Afghan" + "government" -> Government of Afghanistan), and which
words are sector heads, representatives, members, titles and collective parties.

It also checks the files, because a mistake in them silently changes what every document yields:
ISO codes, Wikidata identifiers and sector codes must be well formed, every surface form must
belong to one actor, and every membership and part-of must name a known actor. A file that fails
raises :class:`~kg.errors.DataError` with the entry at fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from kg.errors import DataError
from kg.iri import slugify
from kg.model import Actor
from kg.resources import ontology_file

#: ISO 3166-1 alpha-3 codes and CAMEO agent codes are three capital letters.
CODE = re.compile(r"^[A-Z]{3}$")
#: A Wikidata entity identifier.
QID = re.compile(r"^Q[1-9][0-9]*$")
#: Longest multi-word head, in tokens, that the mention rules look for (kg.extract.mentions).
MAX_PHRASE_TOKENS = 4
#: spaCy entity labels for names in the dictionary that are not actors (``places`` in actors.yaml).
NON_ACTOR_LABELS = {"places": "LOC", "organizations": "ORG"}

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
    quantities: frozenset[str] = frozenset()
    civilian_nouns: frozenset[str] = frozenset()
    #: noun lemma -> actor classes a definite description with that head can refer back to
    descriptions: dict[str, frozenset[str]] = field(default_factory=dict)
    #: names that contain an actor's name but are no actor ("Latin America") -> spaCy label
    places: dict[str, str] = field(default_factory=dict)
    #: head nouns and phrases for generic non-state fighters ("militants", "armed group")
    rebel_heads: frozenset[str] = frozenset()
    rebel_phrases: frozenset[str] = frozenset()
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


def _texts(entry: dict, field_name: str, where: Path) -> list[str]:
    """A list field of an entry, checked to hold non-empty strings ("names: [UN, U.N.]")."""
    values = entry.get(field_name) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        label = entry.get("name") or entry.get("key")
        raise DataError(f"{where}: {label}: `{field_name}` must be a list of names, got {values!r}")
    return values


def _check(pattern: re.Pattern[str], value: object, what: str, label: str, where: Path) -> None:
    if value is not None and not (isinstance(value, str) and pattern.match(value)):
        raise DataError(f"{where}: {label}: {what} {value!r} is malformed")


@cache
def load_dictionary(
    actors_path: Path | None = None, sectors_path: Path | None = None
) -> Dictionary:
    """Load, check and index the actor dictionary and the sector lexicon (cached per process)."""
    actors_path = actors_path or ontology_file("actors.yaml")
    sectors_path = sectors_path or ontology_file("sectors.yaml")
    raw = _read_yaml(actors_path)
    d = Dictionary()
    for entry in raw.get("states") or []:
        try:
            code, name = entry["code"], entry["name"]
        except (KeyError, TypeError):
            raise DataError(f"{actors_path}: a state needs `code` and `name`: {entry!r}") from None
        _check(CODE, code, "ISO 3166-1 alpha-3 code", name, actors_path)
        _check(QID, entry.get("wikidata"), "Wikidata identifier", name, actors_path)
        if code in d.states:
            raise DataError(f"{actors_path}: {name}: code {code} is already {d.states[code]}")
        key = slugify(name)
        if key in d.actors:
            raise DataError(f"{actors_path}: {name}: key {key!r} is used twice")
        d.actors[key] = Actor(
            key=key,
            label=name,
            cls="State",
            country=code,
            wikidata=entry.get("wikidata"),
        )
        d.states[code] = key
        d.the_names[key] = f"the {name}" if entry.get("the") else name
        for surface in [name, *_texts(entry, "names", actors_path)]:
            _add_name(d, surface, key, actors_path)
        modifiers = _texts(entry, "adjectives", actors_path) + _texts(
            entry, "demonyms", actors_path
        )
        for surface in modifiers:
            if surface not in d.names:
                d.modifiers.add(surface)
            _add_name(d, surface, key, actors_path)
        for surface in _texts(entry, "capitals", actors_path):
            d.capitals.add(surface)
            _add_name(d, surface, key, actors_path)
    groups = raw.get("groups") or []
    for entry in groups:
        try:
            name, cls = entry["name"], entry["class"]
        except (KeyError, TypeError):
            raise DataError(f"{actors_path}: a group needs `name` and `class`: {entry!r}") from None
        if cls not in ACTOR_CLASSES:
            raise DataError(f"{actors_path}: {name}: unknown class {cls!r}")
        _check(CODE, entry.get("sector"), "CAMEO sector code", name, actors_path)
        _check(QID, entry.get("wikidata"), "Wikidata identifier", name, actors_path)
        country = entry.get("country")
        if country is not None and country not in d.states:
            raise DataError(f"{actors_path}: {name}: country {country!r} is not a listed state")
        key = entry.get("key") or slugify(name)
        if key in d.actors:
            raise DataError(f"{actors_path}: {name}: key {key!r} is used twice")
        d.actors[key] = Actor(
            key=key,
            label=name,
            cls=cls,
            country=country,
            sector=entry.get("sector"),
            part_of=entry.get("part_of"),
            wikidata=entry.get("wikidata"),
        )
        for surface in [name, *_texts(entry, "names", actors_path)]:
            _add_name(d, surface, key, actors_path)
    # part-of and memberships may name actors further down the file, or states by ISO code:
    # resolve them once every actor is known
    for entry in groups:
        key = entry.get("key") or slugify(entry["name"])
        part_of = entry.get("part_of")
        if part_of is not None and part_of not in d.actors:
            raise DataError(f"{actors_path}: {entry['name']}: unknown part_of {part_of!r}")
        for member in entry.get("members") or []:
            member_key = d.states.get(member, member)
            if member_key not in d.actors or member_key == key:
                raise DataError(f"{actors_path}: {entry['name']}: unknown member {member!r}")
            m = d.actors[member_key]
            if key in m.member_of:
                raise DataError(f"{actors_path}: {entry['name']}: member {member!r} listed twice")
            d.actors[member_key] = Actor(**{**_fields(m), "member_of": (*m.member_of, key)})
    places = raw.get("places") or {}
    for kind, label in NON_ACTOR_LABELS.items():
        for surface in _texts(places, kind, actors_path):
            if surface in d.names:
                raise DataError(
                    f"{actors_path}: {surface!r} is listed among {kind} and as a name of "
                    f"{d.names[surface]}"
                )
            d.places[surface] = label
    _load_sectors(d, sectors_path)
    return d


def _fields(actor: Actor) -> dict:
    return {name: getattr(actor, name) for name in Actor.__slots__}


def _load_sectors(d: Dictionary, path: Path) -> None:
    raw = _read_yaml(path)

    def phrase(text: str, where: str) -> str:
        if not isinstance(text, str) or not 0 < len(text.split()) <= MAX_PHRASE_TOKENS:
            raise DataError(f"{path}: {where}: {text!r} must be 1 to {MAX_PHRASE_TOKENS} words")
        return text

    for code, spec in (raw.get("sectors") or {}).items():
        _check(CODE, code, "sector code", code, path)
        try:
            cls, label = spec["class"], spec["label"]
        except (KeyError, TypeError):
            raise DataError(f"{path}: sector {code} needs `class` and `label`") from None
        if cls not in ACTOR_CLASSES or "{country}" not in label:
            raise DataError(f"{path}: sector {code}: bad class {cls!r} or label {label!r}")
        d.sector_templates[code] = (cls, label)
        for head in spec.get("heads") or []:
            if " " in phrase(head, code):
                d.sector_phrases[head] = code
            else:
                d.sector_heads[head] = code
        for text in spec.get("phrases") or []:
            d.sector_phrases[phrase(text, code)] = code
    for spec in raw.get("units") or []:
        try:
            unit = Unit(spec["label"], spec["class"], spec["sector"], spec["parent"])
        except (KeyError, TypeError):
            raise DataError(
                f"{path}: a unit needs label, class, sector, parent: {spec!r}"
            ) from None
        _check(CODE, unit.sector, "sector code", unit.label, path)
        if unit.cls not in ACTOR_CLASSES or unit.parent not in d.sector_templates:
            raise DataError(f"{path}: {unit.label}: bad class or parent sector")
        for text in spec.get("phrases") or []:
            if phrase(text, unit.label) in d.units:
                raise DataError(f"{path}: unit phrase {text!r} is listed twice")
            d.units[text] = unit
    d.representatives = frozenset(raw.get("representatives") or [])
    d.members = frozenset(raw.get("members") or [])
    d.titles = dict(raw.get("titles") or {})
    for title, code in d.titles.items():
        _check(CODE, code, "sector code", f"title {title!r}", path)
    parties = raw.get("parties") or {}
    d.party_heads = frozenset(parties.get("heads") or [])
    d.party_determiners = frozenset(parties.get("determiners") or [])
    rebels = raw.get("rebels") or {}
    d.rebel_heads = frozenset(phrase(h, "rebels") for h in rebels.get("heads") or [])
    d.rebel_phrases = frozenset(phrase(p, "rebels") for p in rebels.get("phrases") or [])
    # members of an armed group the text does not name ("militants attacked") are a generic
    # armed group of their document
    d.armed_group_nouns = d.rebel_heads
    d.possessions = frozenset(raw.get("possessions") or [])
    d.not_actors = frozenset(raw.get("not_actors") or [])
    d.quantities = frozenset(raw.get("quantities") or [])
    d.civilian_nouns = frozenset(raw.get("civilian_nouns") or [])
    for noun, classes in (raw.get("descriptions") or {}).items():
        unknown = set(classes) - ACTOR_CLASSES
        if unknown:
            raise DataError(f"{path}: description {noun!r}: unknown classes {sorted(unknown)}")
        d.descriptions[noun] = frozenset(classes)
