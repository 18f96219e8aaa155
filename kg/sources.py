"""Input documents: text and Markdown files, folders of them, and JSON Lines corpora.

A plain-text file is one document named by its file name without extension; its first line is
its title when the file has more than one line and the first is short (the headline convention
of news text). A JSON Lines file holds one document per line, ``{"id", "text", "title"?,
"date"?, "url"?, "publisher"?}``, named by ``id``.

Inputs are checked in full (:func:`survey_inputs`) before anything is extracted, so that a bad
file among many stops the run before the store is touched - and every bad document is named,
not only the first, so that one look at the report fixes a corpus. ``skip_invalid`` stores the
good documents instead and lists the others. Documents are then read one at a time
(:func:`iter_sources`): a corpus is streamed, never held in memory.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, KgWarning
from kg.model import Source
from kg.textio import MAX_DOCUMENT_BYTES, check_text_bytes, check_unicode, read_text_file

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_TITLE_MAX = 300
#: Longest document identifier, in characters: it names an IRI and a file in exports.
MAX_ID_CHARS = 1_000
#: Problems listed in one error (the count of the rest follows).
MAX_LISTED = 1_000


@dataclass
class InputSurvey:
    """What reading every input found: documents that can be extracted, and what cannot."""

    #: documents that passed every check
    count: int = 0
    #: "where: why" for each document, line or file that cannot be extracted
    problems: list[str] = field(default_factory=list)
    #: folders that could not be searched, with the reason
    unreadable: list[str] = field(default_factory=list)

    def error(self) -> InputError:
        """The problems as one error: one line for one problem, else a line each."""
        hint = "; nothing was stored"
        if self.count:
            hint += f" (--skip-invalid stores the other {self.count:,})"
        if len(self.problems) == 1:
            return InputError(f"{self.problems[0]}{hint}")
        listed = self.problems[:MAX_LISTED]
        more = len(self.problems) - len(listed)
        lines = [f"{len(self.problems):,} inputs cannot be extracted{hint}:"]
        lines += [f"  {p}" for p in listed]
        if more:
            lines.append(f"  ... and {more:,} more")
        return InputError("\n".join(lines))


def _walk(folder: Path, unreadable: list[str]) -> list[Path]:
    """Files under ``folder`` with a document suffix, in name order; hidden entries skipped
    and folders that cannot be read recorded in ``unreadable`` (rglob skips them silently)."""

    def failed(e: OSError) -> None:
        unreadable.append(f"{e.filename}: cannot read the folder ({e.strerror})")

    found = []
    for root, dirs, files in os.walk(folder, onerror=failed):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            path = Path(root) / name
            if name.startswith(".") or path.suffix.lower() not in TEXT_SUFFIXES | JSONL_SUFFIXES:
                continue
            if path.is_file():
                found.append(path)
    return sorted(found)


def expand_paths(
    paths: Iterable[str | Path],
    *,
    problems: list[str] | None = None,
    unreadable: list[str] | None = None,
) -> list[Path]:
    """Files named by the arguments; folders are searched recursively, in name order.

    A bad argument raises :class:`InputError`, or is added to ``problems`` when a list is
    given; folders that cannot be read go to ``unreadable`` (else a warning each).
    """
    files: list[Path] = []
    folders_unread: list[str] = [] if unreadable is None else unreadable
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                found = _walk(path, folders_unread)
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
        except InputError as e:
            if problems is None:
                raise
            problems.append(str(e))
    if unreadable is None:
        for message in folders_unread:
            warnings.warn(f"{message}; its files are left out", KgWarning, stacklevel=2)
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
        shown = value[:40].encode("utf-8", "backslashreplace").decode("ascii", "replace")
        raise InputError(f"{where}: date {shown!r} is not an ISO date such as 2021-05-03") from None


def _text_source(path: Path, date: dt.date | None) -> Source:
    text = read_text_file(path)
    lines = text.strip().splitlines()
    title = None
    if len(lines) > 1 and len(lines[0].strip()) <= _TITLE_MAX:
        title = lines[0].strip().lstrip("# ").strip() or None
    return Source(identifier=path.stem, text=text, title=title, date=date, path=str(path))


def _int_or_text(digits: str) -> int | str:
    """JSON integers as Python ints, except those too long for one (over 4,300 digits raise
    ValueError in the middle of json.loads): kept as their digits, refused later as an id."""
    return int(digits) if len(digits) <= 4_000 else digits


def _jsonl_lines(path: Path, what: str) -> Iterator[tuple[str, dict | InputError]]:
    """(where, object) for each non-blank line of a JSON Lines file, or (where, the error)
    for a line that is not a JSON object; a file that cannot be read at all raises."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    with handle:
        try:
            head = handle.read(8192)
            if b"\x00" in head:
                raise InputError(f"{path}: looks like a binary file, not JSON Lines")
            handle.seek(0)
            any_line = False
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                any_line = True
                where = f"{path}:{number}"
                try:
                    line = check_text_bytes(raw, where, max_bytes=MAX_DOCUMENT_BYTES * 2)
                    yield where, _json_object(line, where)
                except InputError as e:
                    yield where, e
        except OSError as e:
            raise InputError(f"{path}: cannot read ({e.strerror})") from None
    if not any_line:
        raise InputError(f"{path}: empty {what}")


def _json_object(line: str, where: str) -> dict:
    try:
        record = json.loads(line, parse_int=_int_or_text)
    except json.JSONDecodeError as e:
        raise InputError(f"{where}: not valid JSON ({e.msg})") from None
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply to be a document") from None
    except ValueError as e:  # a number Python cannot hold
        raise InputError(f"{where}: not valid JSON ({e})") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: each line must be a JSON object")
    return record


def jsonl_records(path: Path, *, what: str = "document") -> Iterator[tuple[str, dict]]:
    """(where, object) for each non-blank line of a JSON Lines file, checked: not binary, UTF-8,
    valid JSON, an object per line, not empty (``what`` names the file's kind in the error).
    The first bad line raises :class:`InputError`."""
    for where, record in _jsonl_lines(path, what):
        if isinstance(record, InputError):
            raise record
        yield where, record


def source_from_record(
    record: dict,
    where: str,
    *,
    path: Path | None = None,
    title_key: str = "title",
    url_key: str = "url",
    publisher_key: str = "publisher",
) -> Source:
    """A document from one JSON object: ``id`` and ``text`` required, the rest optional.

    Every string is checked to be Unicode text: JSON's ``\\u`` escapes can write a lone
    surrogate (``"\\ud800"``), which no store or file can hold.
    """
    identifier, text = record.get("id"), record.get("text")
    if isinstance(identifier, bool) or not isinstance(identifier, str | int):
        raise InputError(f'{where}: missing "id" (a string or an integer)')
    identifier = str(identifier)
    if not identifier.strip():
        raise InputError(f'{where}: missing "id"')
    if len(identifier) > MAX_ID_CHARS:
        raise InputError(
            f'{where}: "id" is {len(identifier):,} characters long; ids take at most '
            f"{MAX_ID_CHARS:,}"
        )
    check_unicode(identifier, f'{where}: "id"')
    shown = identifier if len(identifier) <= 80 else identifier[:77] + "..."
    if not isinstance(text, str):
        raise InputError(f'{where}: missing "text"')
    check_unicode(text, f'{where} (id {shown}): "text"')
    if not text.strip():
        raise InputError(f'{where} (id {shown}): empty document: "text" is blank')
    check_text_bytes(text.encode("utf-8"), f"{where} (id {shown})")
    fields = {}
    for name, key in (("title", title_key), ("url", url_key), ("publisher", publisher_key)):
        value = _text_or_none(record.get(key))
        if value is not None:
            check_unicode(value, f'{where} (id {shown}): "{key}"')
        fields[name] = value
    return Source(
        identifier=identifier,
        text=text,
        date=parse_date(record.get("date"), where),
        path=str(path) if path is not None else None,
        **fields,
    )


def _text_or_none(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _sources_of(path: Path, date: dt.date | None) -> Iterator[tuple[str, Source | InputError]]:
    """(where, document) for each document of one input file, or (where, its error)."""
    if path.suffix.lower() not in JSONL_SUFFIXES:
        try:
            yield str(path), _text_source(path, date)
        except InputError as e:
            yield str(path), e
        return
    try:
        for where, record in _jsonl_lines(path, "document"):
            if isinstance(record, InputError):
                yield where, record
                continue
            try:
                yield where, source_from_record(record, where, path=path)
            except InputError as e:
                yield where, e
    except InputError as e:  # the file as a whole: unreadable, binary, empty
        yield str(path), e


def _documents(
    paths: Iterable[str | Path], date: dt.date | None, problems: list[str], unreadable: list[str]
) -> Iterator[Source]:
    """Every document that can be extracted, once per identifier; the rest go to
    ``problems``."""
    seen: dict[str, str] = {}
    for path in expand_paths(paths, problems=problems, unreadable=unreadable):
        for where, source in _sources_of(path, date):
            if isinstance(source, InputError):
                problems.append(str(source))
                continue
            if source.identifier in seen:
                problems.append(
                    f"{where}: document id {source.identifier!r} is also used by "
                    f"{seen[source.identifier]}; ids must be unique"
                )
                continue
            seen[source.identifier] = where
            yield source


def iter_sources(
    paths: Iterable[str | Path], *, date: dt.date | None = None, skip_invalid: bool = False
) -> Iterator[Source]:
    """Every document in the inputs, one at a time.

    ``date`` is the publication date of plain-text files (JSON Lines carry their own). The
    first bad document raises :class:`InputError`, unless ``skip_invalid``: then bad documents
    (and a second document with an id already seen) are passed over.
    """
    problems: list[str] = []
    unreadable: list[str] = []
    for source in _documents(paths, date, problems, unreadable):
        if problems and not skip_invalid:
            raise InputError(problems[0])
        yield source
    if problems and not skip_invalid:
        raise InputError(problems[0])


def survey_inputs(paths: Iterable[str | Path]) -> InputSurvey:
    """Read every input once: count the documents that can be extracted, and name every one
    that cannot and every folder that could not be read.

    Identifiers must be unique across the inputs: two documents with one identifier would
    overwrite each other's graph (the second is the bad one).
    """
    survey = InputSurvey()
    for _ in _documents(paths, None, survey.problems, survey.unreadable):
        survey.count += 1
    return survey


def check_inputs(paths: Iterable[str | Path]) -> int:
    """Read every input once; raise one InputError naming every bad one; return the count."""
    survey = survey_inputs(paths)
    if survey.problems:
        raise survey.error()
    for message in survey.unreadable:
        warnings.warn(f"{message}; its files are left out", KgWarning, stacklevel=2)
    return survey.count
