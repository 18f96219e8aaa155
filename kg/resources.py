"""The one place that finds the project's data: ontology/ and queries/.

In a source checkout they are the top-level folders; in an installed wheel they are the package
data of ``kg.data.ontology`` and ``kg.data.queries`` (setup.cfg maps the folders there).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


#: Where an installed wheel keeps the folders (setup.cfg maps ontology/ and queries/ there).
_PACKAGE_DATA = Path(__file__).resolve().parent / "data"


@cache
def _folder(name: str) -> Path:
    local = _CHECKOUT / name
    if local.is_dir() and (local / ".." / "kg").is_dir():
        return local
    return _PACKAGE_DATA / name


def ontology_dir() -> Path:
    """Folder holding the ontology, the knowledge base, the patterns and the event model.

    ``KG_ONTOLOGY_DIR`` names another folder of the same layout: an edited copy of the
    knowledge base to try without touching the installed one.
    """
    override = os.environ.get("KG_ONTOLOGY_DIR")
    return Path(override) if override else _folder("ontology")


def queries_dir() -> Path:
    """Folder holding the named SPARQL queries (``NAME.rq``)."""
    return _folder("queries")


def ontology_file(name: str) -> Path:
    """Path of one file in ontology/."""
    return ontology_dir() / name
