"""ontology/organisations.yaml: IGOs, NGOs, armed and separatist groups, parties, legislatures,
named state bodies and companies (see docs/knowledge-base.md)."""

from __future__ import annotations

from pathlib import Path

from kg.errors import DataError
from kg.iri import slugify
from kg.knowledge.records import Organisation, State
from kg.knowledge.schema import (
    CODE_FIELD,
    QID_FIELD,
    TEXT,
    TEXTS,
    Field,
    fail,
    one_of,
    read_yaml,
    records,
    required,
    sections,
)

#: The ontology's classes an organisation can have.
CLASSES = (
    "InternationalOrganization",
    "NonGovernmentalOrganization",
    "ArmedGroup",
    "PoliticalParty",
    "Coalition",
    "Government",
    "ArmedForces",
    "Company",
    "MediaOrganization",
)

FIELDS = {
    "name": required(TEXT),
    "key": TEXT,
    "names": TEXTS,
    "class": required(Field(one_of(*CLASSES), f"one of {', '.join(CLASSES)}")),
    "sector": CODE_FIELD,
    "country": CODE_FIELD,
    "members": TEXTS,
    "part_of": TEXT,
    "wikidata": QID_FIELD,
    "note": TEXT,
}


def load_organisations(
    path: Path, states: dict[str, State], sectors: frozenset[str]
) -> dict[str, Organisation]:
    """Every organisation of ``path`` by key; countries, sectors, parents and members checked.

    ``part_of`` and ``members`` name other organisations by name (or key) and states by code;
    they are resolved to keys once the whole file is read.
    """
    raw = read_yaml(path)
    sections(path, raw, "organisations")
    items = list(records(path, raw, "organisations", FIELDS))
    by_name: dict[str, str] = {}
    orgs: dict[str, Organisation] = {}
    for item in items:
        key = item.get("key") or slugify(item["name"])
        if key in orgs:
            raise fail(path, item, f"key {key!r} is used twice")
        country = item.get("country")
        if country is not None and country not in states:
            raise fail(path, item, f"unknown country {country!r}")
        sector = item.get("sector")
        if sector is not None and sector not in sectors:
            raise fail(path, item, f"unknown sector {sector!r} (see sectors.yaml)")
        orgs[key] = Organisation(
            key=key,
            name=item["name"],
            cls=item["class"],
            sector=sector,
            names=tuple(item.get("names") or ()),
            country=country,
            wikidata=item.get("wikidata"),
        )
        by_name[item["name"]] = key
        by_name[key] = key
    for item in items:
        key = item.get("key") or slugify(item["name"])
        part_of = item.get("part_of")
        if part_of is not None and part_of not in by_name and part_of not in states:
            raise fail(path, item, f"unknown part_of {part_of!r} (an organisation or a state code)")
        members = []
        for member in item.get("members") or []:
            if member in states:
                members.append(states[member].key)
            elif member in by_name and by_name[member] != key:
                members.append(by_name[member])
            else:
                raise fail(path, item, f"unknown member {member!r}")
        org = orgs[key]
        orgs[key] = Organisation(
            **{
                **{f: getattr(org, f) for f in Organisation.__slots__},
                "part_of": (
                    states[part_of].key if part_of in states else by_name.get(part_of or "")
                ),
                "members": tuple(members),
            }
        )
    if not orgs:
        raise DataError(f"{path}: no organisations")
    return orgs


def name_index(orgs: dict[str, Organisation]) -> dict[str, str]:
    """Organisation name (and key) -> key, for the persons' posts."""
    index = {org.name: key for key, org in orgs.items()}
    index.update({key: key for key in orgs})
    return index
