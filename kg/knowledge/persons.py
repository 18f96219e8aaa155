"""ontology/persons/*.yaml: persons with the posts they held and the years they held them.

The posts' years are what lets "President Bush" in a story of 1991 and one of 2003 resolve to
different people, and "Putin" in 2010 be the prime minister (see docs/knowledge-base.md).
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import DataError
from kg.iri import slugify
from kg.knowledge.records import Person, Post, State
from kg.knowledge.schema import (
    CODE_FIELD,
    TEXT,
    TEXTS,
    YEAR,
    Field,
    Located,
    check_record,
    fail,
    read_yaml,
    records,
    required,
    sections,
)

FIELDS = {
    "name": required(TEXT),
    "names": TEXTS,
    "posts": required(Field(lambda v: isinstance(v, list) and bool(v), "a list of posts")),
    "note": TEXT,
}
POST_FIELDS = {
    "post": required(TEXT),
    "country": CODE_FIELD,
    "org": TEXT,
    "sector": required(CODE_FIELD),
    "start": YEAR,
    "end": YEAR,
    "note": TEXT,
}


def load_persons(
    folder: Path,
    states: dict[str, State],
    orgs: dict[str, str],
    posts: frozenset[str],
    sectors: frozenset[str],
) -> dict[str, Person]:
    """Every person of every ``*.yaml`` in ``folder`` (in file-name order), checked.

    ``orgs`` maps organisation names to keys; ``posts`` is the post vocabulary (the titles of
    sectors.yaml) and ``sectors`` the sector codes.
    """
    persons: dict[str, Person] = {}
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise DataError(f"{folder}: no persons files")
    for path in files:
        raw = read_yaml(path)
        sections(path, raw, "persons")
        for item in records(path, raw, "persons", FIELDS):
            key = slugify(item["name"])
            if key in persons:
                raise fail(path, item, f"listed twice (key {key!r})")
            persons[key] = Person(
                key=key,
                name=item["name"],
                names=tuple(item.get("names") or ()),
                posts=tuple(_post(path, p, states, orgs, posts, sectors) for p in item["posts"]),
            )
    return persons


def _post(
    path: Path,
    raw: object,
    states: dict[str, State],
    orgs: dict[str, str],
    posts: frozenset[str],
    sectors: frozenset[str],
) -> Post:
    item: Located = check_record(path, raw, POST_FIELDS)
    if item["post"] not in posts:
        raise fail(path, item, f"unknown post {item['post']!r} (the posts of sectors.yaml)")
    if item["sector"] not in sectors:
        raise fail(path, item, f"unknown sector {item['sector']!r}")
    country, org = item.get("country"), item.get("org")
    if (country is None) == (org is None):
        raise fail(path, item, "a post names either `country` or `org`")
    if country is not None and country not in states:
        raise fail(path, item, f"unknown country {country!r}")
    if org is not None and org not in orgs:
        raise fail(path, item, f"unknown organisation {org!r} (a name in organisations.yaml)")
    start, end = item.get("start"), item.get("end")
    if start is not None and end is not None and end < start:
        raise fail(path, item, f"ends ({end}) before it starts ({start})")
    return Post(
        post=item["post"],
        sector=item["sector"],
        country=country,
        org=orgs[org] if org is not None else None,
        start=start,
        end=end,
    )
