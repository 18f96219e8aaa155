"""``kg query --explain``: Oxigraph's own plan for a query, with what each step produced.

pyoxigraph has no way to ask for a query plan, but the ``oxigraph`` program (the same engine,
installed with the package of that name) has ``query --explain``. This runs it on the store
folder with the query exactly as ``kg query`` would run it - the project's prefixes declared,
parameters bound in a ``VALUES`` block, the event view's selection applied - and returns the
explanation it prints: the tree of operators, how many results each gave and how long it took
(the query runs once to count them).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kg.errors import QueryError, StoreError


def oxigraph_program() -> str:
    """Path of the ``oxigraph`` program: beside this Python, else on PATH."""
    local = Path(sys.executable).parent / "oxigraph"
    found = str(local) if local.is_file() else shutil.which("oxigraph")
    if found is None:
        raise QueryError("--explain needs the oxigraph program: pip install oxigraph")
    return found


def explain(store_path: Path, sparql: str, *, timeout: float | None = None) -> str:
    """Oxigraph's explanation of ``sparql`` (prefixes and parameters already in the text) on
    the store at ``store_path``. The store must not be open for writing by another process."""
    if not (Path(store_path) / "CURRENT").exists():
        raise StoreError(f"no store at {store_path}; run `kg extract` first")
    with tempfile.TemporaryDirectory(prefix="kg-explain-") as tmp:
        command = [
            oxigraph_program(),
            "query",
            "--location",
            str(store_path),
            "--query",
            sparql,
            "--results-file",
            str(Path(tmp) / "results.tsv"),
            "--explain",  # the readable, indented form, on standard error
            "--stats",
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise QueryError(f"the query did not finish within {timeout:g} s") from None
        if done.returncode != 0:
            said = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
            if "lock" in said.lower():
                said = "the store is in use by another kg process; wait for it to finish"
            raise QueryError(f"oxigraph could not explain the query: {said}")
        start = done.stderr.find("QueryExplanation")
        return done.stderr[start:] if start >= 0 else done.stderr
