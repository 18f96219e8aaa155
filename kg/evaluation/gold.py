"""Gold relations to measure the extractor against: our JSON Lines format, sentence sets coded
with source and target phrases (conflibert-dev's format), and the re3d set.

Our format is one document a line, the relations an analyst reads in it by actor label::

    {"id": "d1", "text": "...", "title"?: "...", "date"?: "2021-05-03",
     "relations": [{"source": "Russia", "relation": "urged", "target": "Taliban"}, ...]}

``relation`` is one of our relation names, a CAMEO root ("19"), a list of these (any of them is
right), or null (only the actor pair is scored). ``target`` is null for an event that names no
target. Optional per relation: ``type`` (the name its per-type figures are reported under),
``directed`` (whether the order of the actors matters for the relation score; by default it does
unless every relation given is a symmetric one) and ``sentence`` (shown when it is missed).

Sentence sets coded the way CAMEO/PLOVER coders publish them (``conflibert-dev``) are one
sentence a line: ``{"id", "text", "events": [{"source": phrase, "target": phrase, "code": band}]}``
where the band is 0 statement or appeal (CAMEO 01-02), 1 verbal cooperation (03-05), 2 material
cooperation (06-08), 3 verbal conflict (09-13) and 4 material conflict (14-20); an event whose
source or target is not one phrase is not scored, as in the reference scorer.

The re3d development set (dstl/re3d, public domain) is read directly: :func:`load_re3d` turns its
annotated relations into the same records through ``ontology/re3d-mapping.yaml``, which says
which of its labels are relations between actors and what counts as the same relation on our
side, and counts what it leaves out and why.

Gold files are checked in full before any extraction starts and then read again one document
at a time, like any corpus.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from kg.errors import DataError, InputError
from kg.model import Source
from kg.resources import ontology_file
from kg.sources import jsonl_records, source_from_record

#: The five bands of CAMEO roots that sentence sets code events with.
BANDS: dict[str, frozenset[str]] = {
    "0": frozenset({"01", "02"}),
    "1": frozenset({"03", "04", "05"}),
    "2": frozenset({"06", "07", "08"}),
    "3": frozenset({"09", "10", "11", "12", "13"}),
    "4": frozenset({f"{r}" for r in range(14, 21)}),
}
BAND_NAMES = {
    "0": "statement or appeal (01-02)",
    "1": "verbal cooperation (03-05)",
    "2": "material cooperation (06-08)",
    "3": "verbal conflict (09-13)",
    "4": "material conflict (14-20)",
}
#: CAMEO roots: two digits, 01 to 20.
_ROOT = re.compile(r"^(0[1-9]|1[0-9]|20)$")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_POSSESSIVE = re.compile(r"(?:'s|')$")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})


def normal_label(text: str) -> str:
    """A label or surface form reduced for comparison: case, quotes, spacing, article, 's.

    >>> normal_label("the  U.S.’s")
    'u.s.'
    >>> normal_label("Iraqi Prime Minister\u200e Haider al-Abadi")
    'iraqi prime minister haider al-abadi'
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = " ".join(text.translate(_QUOTES).split()).casefold()
    text = _ARTICLE.sub("", text)
    return _POSSESSIVE.sub("", text).strip()


def relation_root(name: str) -> str:
    """The CAMEO root of one of our relation names or roots; memberOf and partOf are their own.

    >>> relation_root("calledOn"), relation_root("19"), relation_root("memberOf")
    ('02', '19', 'memberOf')
    """
    if _ROOT.match(name):
        return name
    from kg.ontology import relation

    info = relation(name)
    return info.cameo[:2] if info.cameo else info.name


def root_label(root: str) -> str:
    """A root as shown in reports: "19 fought"."""
    if not _ROOT.match(root):
        return root
    from kg.ontology import relations

    for info in relations().values():
        if info.cameo == root:
            return f"{root} {info.name}"
    return root


@dataclass(frozen=True, slots=True)
class GoldRelation:
    """One relation the gold says a document states."""

    source: str
    target: str | None
    #: the CAMEO roots (or memberOf/partOf) that count as this relation; empty: pair only
    roots: frozenset[str]
    #: the name per-type figures are reported under
    type: str
    directed: bool = True
    sentence: str | None = None
    #: character offsets of the gold's source and target mentions in the document, when known:
    #: the actors the extractor found at those offsets count as named by the gold label
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """A document to extract and the relations it states."""

    source: Source
    relations: tuple[GoldRelation, ...]


@dataclass
class GoldSet:
    """A checked gold file: how to read its documents again, and what its scheme leaves out."""

    path: Path
    kind: str
    count: int
    relations: int
    #: relations of the source data left out of the gold, by reason
    dropped: Counter[str] = field(default_factory=Counter)
    #: our relation names or CAMEO roots the gold's scheme has no label for
    out_of_scope: frozenset[str] = frozenset()
    #: whether the gold's scheme can state an event with no target
    untargeted: bool = True
    mapping: Path | None = None
    #: how a predicted actor is matched to a gold actor: "label" (our format: the gold names
    #: the actor by its label) or "phrase" (sentence sets and re3d: the gold gives the phrase
    #: of the text that names it)
    matching: str = "label"
    #: how typed scores group relations: "root" (CAMEO roots) or "band" (five bands)
    typing: str = "root"

    def documents(self) -> Iterator[GoldDocument]:
        """The documents, read one at a time."""
        if self.kind == "re3d":
            yield from _re3d_documents(self.path, load_re3d_mapping(self.mapping), Counter())
        elif self.kind == "sentences":
            yield from _sentence_documents(self.path, Counter())
        else:
            yield from _gold_documents(self.path)


# -- our format -----------------------------------------------------------------------------


def load_gold(path: str | Path) -> GoldSet:
    """Check a gold JSON Lines file in full; raise InputError on the first problem."""
    path = Path(path)
    seen: set[str] = set()
    count = relations = 0
    for gold in _gold_documents(path):
        if gold.source.identifier in seen:
            raise InputError(f"{path}: document id {gold.source.identifier!r} is given twice")
        seen.add(gold.source.identifier)
        count += 1
        relations += len(gold.relations)
    return GoldSet(path=path, kind="gold", count=count, relations=relations)


def _gold_documents(path: Path) -> Iterator[GoldDocument]:
    for where, record in jsonl_records(path, what="gold file"):
        source = source_from_record(record, where)
        raw = record.get("relations")
        if not isinstance(raw, list):
            raise InputError(f'{where}: "relations" must be a list (it may be empty)')
        relations = tuple(
            parse_gold_relation(r, f"{where} relation {i}") for i, r in enumerate(raw, 1)
        )
        yield GoldDocument(source, relations)


def parse_gold_relation(raw: object, where: str = "relation") -> GoldRelation:
    """One relation of our gold format, checked (InputError says what is wrong and where)."""
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected an object with source, relation and target")
    source, target = raw.get("source"), raw.get("target")
    if not isinstance(source, str) or not source.strip():
        raise InputError(f'{where}: "source" must be an actor label')
    if target is not None and (not isinstance(target, str) or not target.strip()):
        raise InputError(f'{where}: "target" must be an actor label or null')
    value = raw.get("relation")
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    if value is not None and (not names or not all(isinstance(n, str) for n in names)):
        raise InputError(f'{where}: "relation" must be a name, a CAMEO root, a list or null')
    roots = frozenset(_root_or_error(n, where) for n in names)
    kind = raw.get("type")
    if kind is not None and not isinstance(kind, str):
        raise InputError(f'{where}: "type" must be text')
    directed = raw.get("directed")
    if directed is None:
        directed = not names or not all(_symmetric(n) for n in names)
    elif not isinstance(directed, bool):
        raise InputError(f'{where}: "directed" must be true or false')
    sentence = raw.get("sentence")
    return GoldRelation(
        source=source.strip(),
        target=target.strip() if target else None,
        roots=roots,
        type=kind or ("|".join(names) if names else "(pair only)"),
        directed=directed,
        sentence=sentence if isinstance(sentence, str) else None,
        source_span=_span(raw.get("source_span"), where),
        target_span=_span(raw.get("target_span"), where),
    )


def _span(value: object, where: str) -> tuple[int, int] | None:
    """``[start, end]`` character offsets, or None."""
    if value is None:
        return None
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int) and v >= 0 for v in value)
        or value[0] >= value[1]
    ):
        raise InputError(f"{where}: a span must be [start, end] character offsets")
    return (value[0], value[1])


def _root_or_error(name: str, where: str) -> str:
    try:
        return relation_root(name)
    except DataError:
        raise InputError(
            f"{where}: unknown relation {name!r}; give one of our relation names (calledOn, "
            "clashedWith, ...), a CAMEO root from 01 to 20, or null"
        ) from None


def _symmetric(name: str) -> bool:
    if _ROOT.match(name):
        return False
    from kg.ontology import relation

    return relation(name).symmetric


# -- sentence sets coded with phrases (conflibert-dev) ---------------------------------------


def is_sentence_set(path: str | Path) -> bool:
    """Whether a JSON Lines gold file is a sentence set coded with phrases (its first record
    has "events" and no "relations")."""
    for _, record in jsonl_records(Path(path), what="gold file"):
        return "events" in record and "relations" not in record
    return False


def load_sentences(path: str | Path) -> GoldSet:
    """Check a sentence set in full; count the events it cannot score and why."""
    path = Path(path)
    dropped: Counter[str] = Counter()
    count = relations = 0
    for gold in _sentence_documents(path, dropped):
        count += 1
        relations += len(gold.relations)
    return GoldSet(
        path=path,
        kind="sentences",
        count=count,
        relations=relations,
        dropped=dropped,
        untargeted=False,
        matching="phrase",
        typing="band",
    )


def _sentence_documents(path: Path, dropped: Counter[str]) -> Iterator[GoldDocument]:
    for n, (where, record) in enumerate(jsonl_records(path, what="gold file")):
        text = record.get("text")
        if not isinstance(text, str):
            raise InputError(f'{where}: a sentence needs "text"')
        if not text.strip():
            dropped["empty sentence"] += 1
            continue
        identifier = str(record.get("id") or f"s{n}")
        raw = record.get("events")
        if not isinstance(raw, list):
            raise InputError(f'{where}: "events" must be a list')
        kept = []
        for e in raw:
            if not isinstance(e, dict):
                raise InputError(f"{where}: an event must be an object")
            source, target, code = e.get("source"), e.get("target"), str(e.get("code", ""))
            if not isinstance(source, str) or not isinstance(target, str):
                dropped["source or target is not one phrase"] += 1
                continue
            if code not in BANDS:
                raise InputError(f"{where}: event code {code!r} is not a band 0-4")
            kept.append(
                GoldRelation(
                    source=source,
                    target=target,
                    roots=BANDS[code],
                    type=f"{code} {BAND_NAMES[code]}",
                    directed=True,
                    sentence=text,
                    source_span=_find(text, source),
                    target_span=_find(text, target),
                )
            )
        yield GoldDocument(Source(identifier=identifier, text=text), tuple(kept))


def _find(text: str, phrase: str) -> tuple[int, int] | None:
    start = text.find(phrase)
    return (start, start + len(phrase)) if start >= 0 else None


# -- re3d -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Re3dLabel:
    """What one re3d label counts as on our side."""

    name: str
    roots: frozenset[str]
    directed: bool


@dataclass(frozen=True, slots=True)
class Re3dMapping:
    """ontology/re3d-mapping.yaml, checked."""

    min_confidence: float
    actor_types: frozenset[str]
    pronouns: frozenset[str]
    labels: dict[str, Re3dLabel]
    not_scored: frozenset[str]
    out_of_scope: frozenset[str]
    untargeted: bool


@cache
def load_re3d_mapping(path: Path | None = None) -> Re3dMapping:
    """Read and check the re3d label mapping (cached per process)."""
    path = path or ontology_file("re3d-mapping.yaml")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise DataError(f"{path}: {e}") from None
    if not isinstance(raw, dict):
        raise DataError(f"{path}: expected a mapping at the top level")
    try:
        labels = {}
        for name, spec in raw["labels"].items():
            roots = frozenset(relation_root(str(v)) for v in spec["ours"])
            labels[name] = Re3dLabel(name, roots, bool(spec.get("directed", True)))
        return Re3dMapping(
            min_confidence=float(raw.get("min_confidence", 0.5)),
            actor_types=frozenset(raw["actor_entity_types"]),
            pronouns=frozenset(normal_label(p) for p in raw.get("pronouns", [])),
            labels=labels,
            not_scored=frozenset(raw.get("not_scored", {})),
            out_of_scope=frozenset(relation_root(str(v)) for v in raw.get("out_of_scope", [])),
            untargeted=bool(raw.get("score_untargeted", True)),
        )
    except (KeyError, TypeError, AttributeError, ValueError, DataError) as e:
        raise DataError(f"{path}: invalid re3d mapping ({e})") from None


def load_re3d(path: str | Path, mapping: Path | None = None) -> GoldSet:
    """Check re3d's ``documents.jsonl`` in full and count what the mapping keeps and drops."""
    path = Path(path)
    rules = load_re3d_mapping(mapping)
    dropped: Counter[str] = Counter()
    count = relations = 0
    for gold in _re3d_documents(path, rules, dropped):
        count += 1
        relations += len(gold.relations)
    return GoldSet(
        path=path,
        kind="re3d",
        count=count,
        relations=relations,
        dropped=dropped,
        out_of_scope=rules.out_of_scope,
        untargeted=rules.untargeted,
        mapping=mapping,
        matching="phrase",
    )


def _re3d_documents(
    path: Path, rules: Re3dMapping, dropped: Counter[str]
) -> Iterator[GoldDocument]:
    for where, record in jsonl_records(path, what="gold file"):
        # the press office that issued a release speaks as "we" in it
        source = source_from_record(
            record, where, title_key="doc_title", url_key="doc_url", publisher_key="doc_source"
        )
        raw = record.get("relations")
        if not isinstance(raw, list):
            raise InputError(f'{where}: not a re3d document (no "relations" list)')
        starts = _sentence_starts(record, len(source.text))
        kept = []
        for r in raw:
            if not isinstance(r, dict):
                raise InputError(f"{where}: a relation must be an object")
            reason = _re3d_drop_reason(r, rules)
            if reason:
                dropped[reason] += 1
                continue
            label = rules.labels[r["type"]]
            kept.append(
                GoldRelation(
                    source=r["source"],
                    target=r["target"],
                    roots=label.roots,
                    type=label.name,
                    directed=label.directed,
                    sentence=_sentence_at(source.text, starts, r.get("source_start")),
                    source_span=_offsets(r, "source", len(source.text)),
                    target_span=_offsets(r, "target", len(source.text)),
                )
            )
        yield GoldDocument(source, tuple(kept))


def _re3d_drop_reason(r: dict, rules: Re3dMapping) -> str | None:
    """Why a re3d relation is left out of the gold, or None to keep it."""
    label = r.get("type")
    confidence = r.get("confidence", 1)
    if not isinstance(confidence, int | float) or confidence < rules.min_confidence:
        return f"confidence below {rules.min_confidence}"
    if label not in rules.labels:
        if label in rules.not_scored:
            return f"not a relation between actors: {label}"
        return f"label unknown to the mapping: {label}"
    for side in ("source", "target"):
        kind = r.get(f"{side}_entity_type")
        if kind not in rules.actor_types:
            return f"{label}: {side} is a {kind or 'mention without entity type'}"
        text = r.get(side)
        if not isinstance(text, str) or not text.strip():
            return f"{label}: {side} has no text"
        if normal_label(text) in rules.pronouns and _offsets(r, side, None) is None:
            return f"{label}: {side} is a pronoun with no offsets to resolve it at"
    if (r.get("source_start"), r.get("source_end")) == (r.get("target_start"), r.get("target_end")):
        return f"{label}: source and target are one mention"
    return None


def _offsets(r: dict, side: str, length: int | None) -> tuple[int, int] | None:
    start, end = r.get(f"{side}_start"), r.get(f"{side}_end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        return None
    if length is not None and end > length:
        return None
    return (start, end)


def _sentence_starts(record: dict, length: int) -> list[int]:
    raw = record.get("sentence_starts")
    starts = sorted(int(v) for v in raw.values()) if isinstance(raw, dict) else [0]
    return [s for s in starts if 0 <= s <= length] or [0]


def _sentence_at(text: str, starts: list[int], offset: object) -> str | None:
    if not isinstance(offset, int):
        return None
    begin = max((s for s in starts if s <= offset), default=0)
    end = min((s for s in starts if s > offset), default=len(text))
    return " ".join(text[begin:end].split()) or None
