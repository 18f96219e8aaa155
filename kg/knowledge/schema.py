"""Reading the knowledge files: YAML with line numbers, checked field by field.

A mistake in a data file silently changes what every document yields, so the loaders refuse a
file at the first unknown key, misspelt field, missing field or wrong type, and say where:
``ontology/persons/europe.yaml:212: Angela Merkel: unknown field 'postss' (expected one of:
name, names, posts, note)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.errors import DataError

#: ISO 3166-1 alpha-3, ISO 3166-3 and the few user-assigned codes: three capital letters.
CODE = re.compile(r"^[A-Z]{3}$")
#: A Wikidata entity identifier.
QID = re.compile(r"^Q[1-9][0-9]*$")


class Located(dict):
    """A mapping read from YAML that remembers the line it starts on (1-based)."""

    line: int = 0


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader whose mappings are :class:`Located` (libyaml's speed where installed)."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Located:
    mapping = Located(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Located:
    """The top-level mapping of a YAML file, every mapping in it carrying its line."""
    try:
        with path.open(encoding="utf-8") as f:
            data = yaml.load(f, Loader=_LineLoader)
    except FileNotFoundError:
        raise DataError(f"{path}: missing data file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(f"{path}: cannot read ({e})") from None
    except yaml.YAMLError as e:
        raise DataError(f"{path}: invalid YAML ({e})") from None
    if not isinstance(data, Located):
        raise DataError(f"{path}: expected a mapping at the top level")
    return data


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record: its type check, whether it is required, and what it holds."""

    check: Callable[[Any], bool]
    expected: str
    required: bool = False


def text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def texts(value: Any) -> bool:
    return isinstance(value, list) and all(text(v) for v in value)


def code(value: Any) -> bool:
    return isinstance(value, str) and bool(CODE.match(value))


def qid(value: Any) -> bool:
    return isinstance(value, str) and bool(QID.match(value))


def year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1800 <= value <= 2100


def flag(value: Any) -> bool:
    return isinstance(value, bool)


def mapping_of(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    def check_mapping(value: Any) -> bool:
        return isinstance(value, dict) and all(text(k) and check(v) for k, v in value.items())

    return check_mapping


def one_of(*choices: str) -> Callable[[Any], bool]:
    allowed = frozenset(choices)
    return lambda value: value in allowed


TEXT = Field(text, "text")
TEXTS = Field(texts, "a list of texts")
CODE_FIELD = Field(code, "a three-letter code")
QID_FIELD = Field(qid, "a Wikidata id (Q123)")
YEAR = Field(year, "a four-digit year")
FLAG = Field(flag, "true or false")


def required(f: Field) -> Field:
    return Field(f.check, f.expected, required=True)


def sections(path: Path, raw: Located, *allowed: str) -> None:
    """Refuse a file whose top level holds another key than ``allowed``, or none of them (a
    misspelt section would otherwise load as an empty file)."""
    for key in raw:
        if key not in allowed:
            raise DataError(
                f"{path}:{raw.line}: unknown top-level key {key!r} (expected: {', '.join(allowed)})"
            )
    if not any(key in raw for key in allowed):
        raise DataError(f"{path}:{raw.line}: missing `{allowed[0]}`")


def records(path: Path, raw: Located, section: str, fields: dict[str, Field]) -> Iterator[Located]:
    """Each record of a list section, checked against ``fields``."""
    items = raw.get(section)
    if items is None:
        return
    if not isinstance(items, list):
        raise DataError(f"{path}:{raw.line}: `{section}` must be a list")
    for item in items:
        yield check_record(path, item, fields)


def check_record(path: Path, item: Any, fields: dict[str, Field]) -> Located:
    """``item`` if it is a mapping with known keys of the right types, else a DataError."""
    if not isinstance(item, Located):
        raise DataError(f"{path}: expected a mapping, got {item!r}")
    label = item.get("name") or item.get("code") or item.get("post") or "entry"
    where = f"{path}:{item.line}: {label}"
    for key in item:
        if key not in fields:
            raise DataError(
                f"{where}: unknown field {key!r} (expected one of: {', '.join(fields)})"
            )
    for key, spec in fields.items():
        if key not in item:
            if spec.required:
                raise DataError(f"{where}: missing field {key!r} ({spec.expected})")
            continue
        if not spec.check(item[key]):
            raise DataError(f"{where}: {key} must be {spec.expected}, got {item[key]!r}")
    return item


def fail(path: Path, item: Located, message: str) -> DataError:
    """A DataError pointing at ``item``'s line."""
    label = item.get("name") or item.get("code") or item.get("post") or "entry"
    return DataError(f"{path}:{item.line}: {label}: {message}")
