"""The reliability audit of issue 12, kept runnable: each scenario prints its figures.

    .venv/bin/python bench/audit.py readers --documents 600      # queries during a write
    .venv/bin/python bench/audit.py crash --documents 300 --kills 12
    .venv/bin/python bench/audit.py inputs                         # the bad-input matrix
    .venv/bin/python bench/audit.py requests                       # requests caused by data
    .venv/bin/python bench/audit.py all

- ``readers``: ``kg extract`` writes a synthetic corpus while ``kg query`` (and ``kg stats``)
  run in a loop beside it; every reader must exit 0 (an answer, from the store or from the
  writer's snapshot) or 4 with one ``Error:`` line, never a traceback, an abort or a
  runaway; the largest reader's memory is reported.
- ``crash``: ``kg extract`` is killed with SIGKILL at random moments; after each kill every
  stored document must be whole (its graph exactly as a clean run stores it), and a last run
  must finish the store to be equal to the clean one.
- ``inputs``: documents, queries and outputs that used to crash a run or print a traceback;
  each must end in one ``Error:`` line (or succeed) within its time limit.
- ``requests``: data that names URLs (JSON-LD contexts, SERVICE clauses) against a local HTTP
  server that counts what reaches it: nothing may, unless the user opts in.

The corpus is made here from sentence templates (no external data). Scenarios run `kg` as a
separate process each time, as a user would.
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "kg.cli"]
ONTOLOGY = "https://w3id.org/diplomatic-kg/graph/ontology"

STATES = [
    "Russia", "China", "Pakistan", "Iran", "Israel", "Turkey", "Qatar", "Egypt", "France",
    "Germany", "India", "Japan", "Kenya", "Nigeria", "Brazil", "Mexico", "Canada", "Norway",
]  # fmt: skip
GROUPS = ["the Taliban", "Hamas", "NATO", "the United Nations", "the African Union"]
VERBS = [
    "urged {b} to return to talks",
    "met {b} in Doha",
    "condemned {b} for the attack",
    "signed an agreement with {b}",
    "called on {b} to release the prisoners",
    "accused {b} of violating the ceasefire",
    "praised {b} for its mediation",
    "warned {b} against further strikes",
]


def synthetic_corpus(path: Path, documents: int, *, seed: int = 12, sentences: int = 4) -> Path:
    """A JSON Lines corpus of short diplomatic news items made from templates."""
    rng = random.Random(seed)
    actors = STATES + GROUPS
    with path.open("w", encoding="utf-8") as f:
        for i in range(documents):
            lines = []
            for _ in range(sentences):
                a, b = rng.sample(actors, 2)
                verb = rng.choice(VERBS).format(b=b)
                lines.append(f"{a[0].upper()}{a[1:]} {verb} on Monday.")
            record = {"id": f"doc-{i:05d}", "text": " ".join(lines), "date": "2021-05-03"}
            f.write(json.dumps(record) + "\n")
    return path


def kg(*args: str, store: Path | None = None, timeout: float = 600, env=None):
    """Run ``kg`` as a user would; returns the CompletedProcess (never raises on exit code)."""
    cmd = [*KG, *(["--store", str(store)] if store else []), *map(str, args)]
    return subprocess.run(
        cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env or _env()
    )


def _env() -> dict:
    env = dict(os.environ)
    env.pop("KG_WAIT", None)
    env.pop("KG_ENDPOINT", None)
    return env


def clean_failure(result) -> str | None:
    """Why a finished command is not acceptable: a traceback, an abort, more than one line of
    error, or a success without output. None when it is fine."""
    if "Traceback" in result.stderr or result.returncode < 0 or result.returncode >= 128:
        return f"crash (exit {result.returncode}): {result.stderr.strip()[-300:]}"
    if result.returncode != 0:
        lines = [
            line
            for line in result.stderr.splitlines()
            if line.strip() and not line.startswith("Warning: ")
        ]
        if len(lines) != 1 or not lines[0].startswith("Error: "):
            return f"exit {result.returncode} without one Error line: {result.stderr[-300:]}"
    return None


# -- readers beside a writer ---------------------------------------------------------------------


def readers(documents: int, workers: int = 1) -> dict:
    """Queries and stats in a loop while `kg extract` writes; returns the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = synthetic_corpus(tmp / "corpus.jsonl", documents)
        store = tmp / "kg-store"
        writer = subprocess.Popen(
            [*KG, "--store", str(store), "extract", str(corpus), "--workers", str(workers)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=_env(),
        )
        outcomes: Counter[str] = Counter()
        said: Counter[str] = Counter()
        snapshots = 0
        failures: list[str] = []
        answers = []
        peak = 0
        started = time.monotonic()
        queries = [
            ["query", "-e", "SELECT (COUNT(*) AS ?n) { ?d a dkg:Document }", "--format", "csv"],
            ["stats", "--format", "json"],
        ]
        i = 0
        while writer.poll() is None:
            args = queries[i % len(queries)]
            i += 1
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            result = kg(*args, store=store, timeout=300)
            peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
            problem = clean_failure(result)
            if problem:
                failures.append(problem)
                outcomes["crash"] += 1
            elif result.returncode == 0:
                outcomes["answered"] += 1
                snapshots += "snapshot" in result.stderr
                if args[0] == "query":
                    answers.append(int(result.stdout.split()[1]))
            else:
                outcomes[f"exit {result.returncode}"] += 1
                said[result.stderr.strip()[:120]] += 1
        writer_error = writer.stderr.read()
        final = kg(*queries[0], store=store)
        return {
            "documents": documents,
            "writer exit": writer.returncode,
            "writer error": writer_error.strip()[-300:] if writer.returncode else "",
            "seconds": round(time.monotonic() - started, 1),
            "readers": sum(outcomes.values()),
            **dict(outcomes),
            "answered from a snapshot": snapshots,
            "messages": dict(said),
            "counts seen never decrease": answers == sorted(answers),
            "final count": int(final.stdout.split()[1]) if final.returncode == 0 else None,
            "peak reader RSS (MB)": round(peak / 1024),
            "failures": failures[:5],
        }


# -- SIGKILL at random moments -------------------------------------------------------------------


def store_graphs(store: Path) -> dict[str, frozenset]:
    """Every document graph of a store, and its default graph, as sets of N-Triples lines.

    The ontology graph is left out: its blank nodes (OWL lists) get new labels in each store.
    """
    import pyoxigraph as ox

    from kg.store import Store

    graphs: dict[str, set] = {}
    with Store.open(store, read_only=True) as s:
        for quad in s.quads(include_ontology=False):
            graphs.setdefault(quad.graph_name.value, set()).add(
                f"{quad.subject} {quad.predicate} {quad.object}"
            )
        default = {
            f"{q.subject} {q.predicate} {q.object}"
            for q in s._store.quads_for_pattern(None, None, None, ox.DefaultGraph())
            if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
        }
        ontology = {
            f"{q.subject} {q.predicate} {q.object}"
            for q in s.graph_quads([ONTOLOGY])
            if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
        }
    # the default graph is the merge of the named graphs: the documents' and the ontology's
    graphs["(default)"] = default
    graphs["(ontology)"] = ontology
    return {k: frozenset(v) for k, v in graphs.items()}


def crash(documents: int, kills: int, *, seed: int = 7, workers: int = 1) -> dict:
    """SIGKILL `kg extract` at random moments; check documents are whole and a re-run ends in
    the store a clean run makes."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = synthetic_corpus(tmp / "corpus.jsonl", documents)
        clean = tmp / "clean"
        started = time.monotonic()
        result = kg("extract", corpus, store=clean)
        assert result.returncode == 0, result.stderr
        full_seconds = time.monotonic() - started
        reference = store_graphs(clean)
        store = tmp / "crashed"
        partial: list[int] = []
        problems: list[str] = []
        stored = 0
        for _ in range(kills):
            # a moment within what is left of the run: start-up, then the documents not stored
            left = (documents - stored) / documents
            moment = rng.uniform(0.3, 2.0 + max(full_seconds - 2.0, 0) * left)
            process = subprocess.Popen(
                [*KG, "--store", str(store), "extract", str(corpus), "--workers", str(workers)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=ROOT,
                env=_env(),
            )
            time.sleep(moment)
            process.send_signal(signal.SIGKILL)
            process.wait()
            if not (store / "CURRENT").exists():
                partial.append(0)
                continue
            graphs = store_graphs(store)
            docs = [g for g in graphs if "/doc/" in g]
            stored = len(docs)
            partial.append(stored)
            for graph in docs:
                if graphs[graph] != reference.get(graph):
                    problems.append(f"{graph} is not whole after a kill")
            merged = frozenset().union(*(v for k, v in graphs.items() if k != "(default)"))
            if graphs["(default)"] != merged:
                problems.append("the default graph is not the merge of the named graphs")
        result = kg("extract", corpus, store=store)
        final_ok = result.returncode == 0 and store_graphs(store) == reference
        return {
            "documents": documents,
            "kills": kills,
            "documents stored at each kill": partial,
            "documents not whole": len(problems),
            "re-run completes to the clean store": final_ok,
            "problems": problems[:5],
        }


# -- the bad-input matrix ------------------------------------------------------------------------


#: JSON Lines documents that used to crash a run after passing the input check, or to print a
#: traceback: (name, the line, acceptable exit codes, seconds allowed).
DOCUMENTS = [
    ("surrogate in text", r'{"id": "a", "text": "x \ud800 y"}', {2}, 60),
    ("surrogate in id", r'{"id": "\ud800", "text": "Russia met Iran."}', {2}, 60),
    ("surrogate in title", r'{"id": "a", "text": "Russia met Iran.", "title": "\udfff"}', {2}, 60),
    ("surrogate in publisher", r'{"id": "a", "text": "Iran met.", "publisher": "\ud800"}', {2}, 60),
    ("surrogate in url", r'{"id": "a", "text": "Russia met Iran.", "url": "\ud800"}', {2}, 60),
    ("title with newline, ending in \\\"", r'{"id": "t", "text": "Iran met.", "title": "a\n\\\""}',
     {0}, 120),
    ("nested brackets in text",
     json.dumps({"id": "n", "text": "Russia met Iran. " + "(" * 30000 + ")" * 30000}), {0}, 120),
    ("JSON nested 100,000 deep", "[" * 100_000 + "]" * 100_000, {2}, 60),
    ("5,000-digit integer id", '{"id": ' + "9" * 5000 + ', "text": "Russia met Iran."}', {2}, 60),
    ("text over 1,000,000 characters",
     json.dumps({"id": "big", "text": "Russia urged Iran to talk.\n" + " " * 1_100_000}), {0}, 300),
]  # fmt: skip
DEEP_BRACES = "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000
DEEP_PARENS = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
SERVICE_FILE = "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }"
#: Queries and outputs: (name, kg arguments after --store, acceptable exit codes, seconds).
COMMANDS = [
    ("3,000 nested braces", ["query", "-e", DEEP_BRACES], {3}, 30),
    ("5,000 nested parentheses", ["query", "-e", DEEP_PARENS], {3}, 30),
    ("ORDER BY over mixed literals", ["query", "-e", "SELECT ?o { ?s ?p ?o } ORDER BY ?o"],
     {0, 3}, 60),
    ("update through kg query", ["query", "-e", "DROP ALL"], {3}, 30),
    ("LOAD through kg query", ["query", "-e", "LOAD <http://127.0.0.1:9/x>"], {3}, 30),
    ("--param with a bad language tag",
     ["query", "-e", "SELECT ?a { ?a ?p ?o }", "--param", 'a="x"@-'], {3}, 30),
    ("SERVICE to a file", ["query", "-e", SERVICE_FILE], {3}, 30),
    ("SERVICE to a file, allowed", ["query", "--allow-service", "-e", SERVICE_FILE], {4}, 30),
    ("-o ''", ["export", "-o", ""], {2}, 60),
    ("-o a folder", ["export", "-o", "{tmp}"], {2}, 60),
    # through a link: a kg that renames over its output replaces the link, not /dev/full
    ("-o a link to /dev/full", ["export", "-o", "{tmp}/full.nt"], {2}, 60),
]  # fmt: skip


def inputs_matrix(tmp: Path) -> list[tuple[str, list[str], set[int], float]]:
    """(name, kg arguments, acceptable exit codes, seconds allowed) for each bad input."""
    cases: list[tuple[str, list[str], set[int], float]] = []
    store = str(tmp / "store")
    (tmp / "full.nt").symlink_to("/dev/full")
    for i, (name, line, codes, seconds) in enumerate(DOCUMENTS):
        path = tmp / f"doc{i}.jsonl"
        path.write_text(line + "\n", encoding="utf-8")
        cases.append((name, ["--store", store, "extract", str(path)], codes, seconds))
    for name, args, codes, seconds in COMMANDS:
        args = [a.replace("{tmp}", str(tmp)) for a in args]
        cases.append((name, ["--store", store, *args], codes, seconds))
    return cases


def inputs() -> dict:
    """Run the bad-input matrix; every case must end cleanly with an accepted exit code."""
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        prepared = kg("--store", str(tmp / "store"), "extract", str(ROOT / "seeds"))
        assert prepared.returncode == 0, prepared.stderr
        for name, args, codes, seconds in inputs_matrix(tmp):
            started = time.monotonic()
            try:
                result = kg(*args, timeout=seconds)
            except subprocess.TimeoutExpired:
                results[name] = f"FAIL: over {seconds:g} s"
                continue
            problem = clean_failure(result)
            took = time.monotonic() - started
            if problem or result.returncode not in codes:
                results[name] = f"FAIL: {problem or f'exit {result.returncode}'}"
            else:
                results[name] = f"ok (exit {result.returncode}, {took:.1f} s)"
    return results


# -- requests caused by data ---------------------------------------------------------------------


@contextlib.contextmanager
def counting_server():
    """A local HTTP server that counts the requests reaching it (and answers 404)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()


def requests() -> dict:
    """Data naming URLs: how many requests reached the server (must be 0)."""
    figures = {}
    with counting_server() as (base, hits), tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        store = tmp / "store"
        kg("extract", ROOT / "seeds", store=store)
        for name, context in [
            ("remote @context", f'"{base}/context.jsonld"'),
            ("@import", f'{{"@import": "{base}/import.jsonld"}}'),
            ("file: @context", '"file:///etc/passwd"'),
        ]:
            path = tmp / "x.jsonld"
            path.write_text(
                f'{{"@context": {context}, "@id": "http://example.org/a", '
                '"http://example.org/p": "v"}',
                encoding="utf-8",
            )
            before = len(hits)
            result = kg("validate", path, store=store)
            figures[name] = f"{len(hits) - before} requests, exit {result.returncode}"
        before = len(hits)
        query = f"SELECT * WHERE {{ SERVICE <{base}/sparql> {{ ?s ?p ?o }} }}"
        result = kg("query", "-e", query, store=store)
        figures["SERVICE clause"] = f"{len(hits) - before} requests, exit {result.returncode}"
        figures["total requests caused by data"] = len(hits)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", choices=["readers", "crash", "inputs", "requests", "all"])
    parser.add_argument("--documents", type=int, default=None)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    chosen = (
        ["readers", "crash", "inputs", "requests"] if args.scenario == "all" else [args.scenario]
    )
    for scenario in chosen:
        started = time.monotonic()
        if scenario == "readers":
            figures = readers(args.documents or 600, workers=args.workers)
        elif scenario == "crash":
            figures = crash(args.documents or 300, args.kills, workers=args.workers)
        elif scenario == "inputs":
            figures = inputs()
        else:
            figures = requests()
        print(f"## {scenario} ({time.monotonic() - started:.0f} s)")
        for key, value in figures.items():
            print(f"- {key}: {value}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
