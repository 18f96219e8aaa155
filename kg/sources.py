"""Input documents: text and Markdown files, folders of them, and JSON Lines corpora.

A plain-text file is one document named by its file name without extension; its first line is
its title when the file has more than one line and the first is short (the headline convention
of news text). A JSON Lines file holds one document per line, ``{"id", "text", "title"?,
"date"?, "url"?}``, named by ``id``.

Inputs are checked in full (:func:`check_inputs`) before anything is extracted, so that a bad
file among many stops the run before the store is touched. Documents are then read one at a
time (:func:`iter_sources`): a corpus is streamed, never held in memory.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.model import Source
from kg.textio import MAX_DOCUMENT_BYTES, check_text_bytes, read_text_file

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_TITLE_MAX = 300


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named by the arguments; folders are searched recursively, in name order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise InputError(f"{path}: folder holds no .txt, .md or .jsonl files")
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in TEXT_SUFFIXES | JSONL_SUFFIXES:
                raise InputError(
                    f"{path}: unsupported file type {path.suffix or '(none)'}; "
                    "give .txt, .md or .jsonl files"
                )
            files.append(path)
        elif not path.exists():
            raise InputError(f"{path}: no such file or folder")
        else:
            raise InputError(f"{path}: not a regular file")
    return files


def parse_date(value: object, where: str) -> dt.date | None:
    """A publication date from ISO text ("2021-05-03" or a full timestamp)."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: date must be ISO text such as 2021-05-03, not {value!r}")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"{where}: date {value!r} is not an ISO date such as 2021-05-03") from None


def _text_source(path: Path, date: dt.date | None) -> Source:
    text = read_text_file(path)
    lines = text.strip().splitlines()
    title = None
    if len(lines) > 1 and len(lines[0].strip()) <= _TITLE_MAX:
        title = lines[0].strip().lstrip("# ").strip() or None
    return Source(identifier=path.stem, text=text, title=title, date=date, path=str(path))


def jsonl_records(path: Path, *, what: str = "document") -> Iterator[tuple[str, dict]]:
    """(where, object) for each non-blank line of a JSON Lines file, checked: not binary, UTF-8,
    valid JSON, an object per line, not empty (``what`` names the file's kind in the error)."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    with handle:
        if b"\x00" in handle.read(8192):
            raise InputError(f"{path}: looks like a binary file, not JSON Lines")
        handle.seek(0)
        any_line = False
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            any_line = True
            where = f"{path}:{number}"
            line = check_text_bytes(raw, where, max_bytes=MAX_DOCUMENT_BYTES * 2)
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{where}: not valid JSON ({e.msg})") from None
            if not isinstance(record, dict):
                raise InputError(f"{where}: each line must be a JSON object")
            yield where, record
    if not any_line:
        raise InputError(f"{path}: empty {what}")


def source_from_record(
    record: dict,
    where: str,
    *,
    path: Path | None = None,
    title_key: str = "title",
    url_key: str = "url",
    publisher_key: str = "publisher",
) -> Source:
    """A document from one JSON object: ``id`` and ``text`` required, the rest optional."""
    identifier, text = record.get("id"), record.get("text")
    if not isinstance(identifier, str | int) or str(identifier).strip() == "":
        raise InputError(f'{where}: missing "id"')
    if not isinstance(text, str):
        raise InputError(f'{where}: missing "text"')
    if not text.strip():
        raise InputError(f'{where} (id {identifier}): empty document: "text" is blank')
    check_text_bytes(text.encode("utf-8"), f"{where} (id {identifier})")
    return Source(
        identifier=str(identifier),
        text=text,
        title=_text_or_none(record.get(title_key)),
        date=parse_date(record.get("date"), where),
        url=_text_or_none(record.get(url_key)),
        path=str(path) if path is not None else None,
        publisher=_text_or_none(record.get(publisher_key)),
    )


def _text_or_none(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _jsonl_sources(path: Path) -> Iterator[Source]:
    for where, record in jsonl_records(path):
        yield source_from_record(record, where, path=path)


def iter_sources(paths: Iterable[str | Path], *, date: dt.date | None = None) -> Iterator[Source]:
    """Every document in the inputs, one at a time.

    ``date`` is the publication date of plain-text files (JSON Lines carry their own).
    """
    for path in expand_paths(paths):
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _jsonl_sources(path)
        else:
            yield _text_source(path, date)


def check_inputs(paths: Iterable[str | Path]) -> int:
    """Read every input once and raise InputError on the first bad one; return the count.

    Identifiers must be unique across the inputs: two documents with one identifier would
    overwrite each other's graph.
    """
    seen: dict[str, str] = {}
    count = 0
    for source in iter_sources(paths):
        where = source.path or source.identifier
        if source.identifier in seen:
            raise InputError(
                f"{where}: document id {source.identifier!r} is also used by "
                f"{seen[source.identifier]}; ids must be unique"
            )
        seen[source.identifier] = where
        count += 1
    return count
