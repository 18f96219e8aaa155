"""A real remote engine: an Oxigraph server started on 127.0.0.1, filled by ``kg extract
--endpoint``, queried, exported and analysed like the embedded store, then stopped.

Failures are played by a small HTTP server of our own that answers slowly, with errors, or
checks credentials: each must give one line on stderr, its exit code, and lose nothing locally.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import EXTRA, SAMPLE, SEEDS, store_dump
from rdflib import Dataset
from rdflib.compare import isomorphic
from test_cli import one_line_error, run
from test_queries import QUERIES, example_params, expected_path, rows_of

from kg.cli import cli

pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        pytest.skip("the oxigraph server (PyPI package `oxigraph`, dev extras) is not installed")
    return found


class Server:
    """``oxigraph serve`` on a free local port, in memory, stopped by SIGTERM.

    ``union``: the server adds its named graphs to the default graph (a setting kg refuses).
    """

    def __init__(self, *, union: bool = False) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.query = f"{self.base}/query"
        args = [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{self.port}"]
        if union:
            args.append("--union-default-graph")
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                httpx.get(self.query, params={"query": "ASK {}"}, timeout=1)
                return
            except httpx.TransportError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.process.stderr.read().decode()) from None
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("the oxigraph server did not start within 15 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stderr.close()


@pytest.fixture(scope="module")
def server():
    s = Server()
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="module")
def filled(server, nlp):
    """The server holding the articles of ``query_store``, extracted through the endpoint."""
    from click.testing import CliRunner

    args = ["extract", str(SEEDS), str(EXTRA), "--endpoint", server.query]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return server


@pytest.fixture(autouse=True)
def no_endpoint_settings(monkeypatch):
    for name in ("KG_ENDPOINT", "KG_ENDPOINT_UPDATE", "KG_ENDPOINT_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD", raising=False)
    monkeypatch.delenv("KG_ENDPOINT_TOKEN", raising=False)


# -- the real server ---------------------------------------------------------------------------


def test_extract_into_the_server_then_again_is_unchanged(filled, runner):
    result = run(runner, "extract", SEEDS, EXTRA, "--endpoint", filled.query)
    assert result.exit_code == 0, result.stderr
    assert "2 unchanged" in result.stderr


def test_the_server_answers_like_the_embedded_store(filled, runner, query_store):
    remote = json.loads(run(runner, "stats", "--format", "json", "--endpoint", filled.query).stdout)
    local = json.loads(run(runner, "--store", query_store, "stats", "--format", "json").stdout)
    assert remote == local


@pytest.mark.parametrize("q", QUERIES, ids=[q.name for q in QUERIES])
def test_every_named_query_gives_its_expected_rows_remotely(filled, runner, q):
    args = ["query", q.name, "--format", "csv", "--endpoint", filled.query]
    for param in example_params(q):
        args += ["--param", param]
    result = run(runner, *args)
    assert result.exit_code == 0, result.stderr
    expected = expected_path(q).read_text(encoding="utf-8")
    assert rows_of(result.stdout) == rows_of(expected)


@pytest.mark.parametrize("fmt", ["table", "json", "xml", "tsv"])
def test_remote_results_print_through_the_same_formatters(filled, runner, query_store, fmt):
    remote = run(runner, "query", "agreements", "--format", fmt, "--endpoint", filled.query)
    local = run(runner, "--store", query_store, "query", "agreements", "--format", fmt)
    assert remote.exit_code == 0 and remote.stdout == local.stdout


def test_remote_ask_construct_limit_and_params(filled, runner, query_store):
    e = filled.query
    ask = run(runner, "query", "-e", "ASK { ?a dkg:urged ?b }", "--endpoint", e)
    assert ask.stdout.strip() == "true"
    # the same triples as the embedded store holds (whatever the extractor found)
    construct = ["query", "-e", "CONSTRUCT { ?a dkg:urged ?b } WHERE { ?a dkg:urged ?b }"]
    remote = run(runner, *construct, "--format", "nt", "--endpoint", e)
    local = run(runner, "--store", query_store, *construct, "--format", "nt")
    assert remote.exit_code == 0, remote.stderr
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())
    assert local.stdout.strip()
    limited = run(runner, "query", "actors", "--limit", "2", "--format", "csv", "--endpoint", e)
    assert len(rows_of(limited.stdout)[1]) == 2
    sneaky = 'QAT" } UNION { ?s ?p ?o'
    args = ["query", "events-in-country", "--param", f"country={sneaky}", "--format", "csv"]
    result = run(runner, *args, "--endpoint", e)
    assert result.exit_code == 0 and rows_of(result.stdout)[1] == []
    # for a parameter declared as an actor, such a value names nobody: an error, not 0 rows
    args = ["query", "relations-of", "--param", f"actor={sneaky}", "--format", "csv"]
    assert run(runner, *args, "--endpoint", e).exit_code == 3


def test_remote_query_errors(filled, runner):
    e = filled.query
    bad = run(runner, "query", "-e", "SELEC ?x", "--endpoint", e)
    assert "malformed SPARQL" in one_line_error(bad, code=3)
    args = ["query", "-e", "SELECT ?x WHERE { ?x ?p ?o }", "--param", "p=<urn:x>"]
    unselected = run(runner, *args, "--endpoint", e)
    assert "SELECT projection" in one_line_error(unselected, code=3)
    reason = run(runner, "query", "called-on", "--reason", "--endpoint", e)
    assert "embedded store only" in one_line_error(reason, code=3)


def test_export_and_network_from_the_server(filled, runner, query_store, tmp_path):
    remote, local = tmp_path / "remote.trig", tmp_path / "local.trig"
    assert run(runner, "export", "-o", remote, "--endpoint", filled.query).exit_code == 0
    assert run(runner, "--store", query_store, "export", "-o", local).exit_code == 0
    a, b = Dataset(), Dataset()
    a.parse(remote, format="trig")
    b.parse(local, format="trig")
    names = {g.identifier for g in a.graphs() if len(g)}
    assert names == {g.identifier for g in b.graphs() if len(g)}
    for name in names:  # the ontology has blank nodes: compare graphs by isomorphism
        assert isomorphic(a.graph(name), b.graph(name)), name
    args = ["network", "centrality", "--format", "json"]
    assert (
        run(runner, *args, "--endpoint", filled.query).stdout
        == run(runner, "--store", query_store, *args).stdout
    )


def test_documents_are_named_graphs_and_the_default_graph_is_their_merge(runner, nlp, tmp_path):
    s = Server()
    try:
        out = tmp_path / "run.nq"
        result = run(runner, "extract", SAMPLE, "--endpoint", s.query, "--out", out)
        assert result.exit_code == 0, result.stderr
        assert "1 added" in result.stderr and out.stat().st_size > 0

        def select(text: str) -> list[dict]:
            answer = httpx.post(
                s.query, data={"query": text}, headers={"Accept": "application/sparql-results+json"}
            )
            return answer.json()["results"]["bindings"]

        graphs = select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert {b["g"]["value"] for b in graphs} == {
            "https://w3id.org/diplomatic-kg/graph/ontology",
            "https://w3id.org/diplomatic-kg/id/doc/troika-calls-for-calm",
        }
        count = "SELECT (COUNT(*) AS ?n) WHERE { %s }"
        merged = int(
            select(count % "SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } }")[0]["n"]["value"]
        )
        default = int(select(count % "?s ?p ?o")[0]["n"]["value"])
        assert merged == default
        removed = run(runner, "remove", "troika-calls-for-calm", "--endpoint", s.query)
        assert removed.exit_code == 0, removed.stderr
        stats = run(runner, "stats", "--format", "json", "--endpoint", s.query).stdout
        assert json.loads(stats)["documents"] == 0
        assert int(select(count % "?s ?p ?o")[0]["n"]["value"]) < default
        assert not select(
            "SELECT ?s WHERE { ?s a <https://w3id.org/diplomatic-kg/ontology#Event> }"
        )
    finally:
        s.stop()


def test_a_server_that_merges_graphs_by_itself_is_explained(runner):
    s = Server(union=True)
    try:
        result = run(runner, "stats", "--endpoint", s.query)
        assert result.exit_code == 0  # nothing stored yet: nothing to tell apart
        result = run(runner, "extract", SAMPLE, "--endpoint", s.query)
        assert "--union-default-graph" in one_line_error(result, code=4)
    finally:
        s.stop()


# -- endpoints that are down, slow, failing or locked -----------------------------------------


class Stub:
    """A local HTTP server whose every answer is ``respond(handler)``."""

    def __init__(self, respond) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                respond(self)

            do_POST = do_PUT = do_DELETE = do_GET

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/query"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def answer(status: int, body: str = "", content_type: str = "text/plain", delay: float = 0):
    def respond(handler):
        if delay:
            time.sleep(delay)
        data = body.encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler.wfile.write(data)

    return respond


@pytest.fixture
def stub():
    stubs: list[Stub] = []

    def make(respond) -> Stub:
        s = Stub(respond)
        stubs.append(s)
        return s

    yield make
    for s in stubs:
        s.stop()


def test_endpoint_down_is_one_line_and_nothing_is_lost_locally(runner, store_copy, tmp_path):
    down = f"http://127.0.0.1:{free_port()}/query"
    out = tmp_path / "previous.trig"
    out.write_text("previous", encoding="utf-8")
    before = store_dump(store_copy)
    started = time.monotonic()
    result = run(runner, "--store", store_copy, "extract", SAMPLE, "--out", out, "--endpoint", down)
    assert "cannot reach the SPARQL endpoint" in one_line_error(result, code=4)
    assert time.monotonic() - started < 5  # refused before anything was parsed
    assert out.read_text(encoding="utf-8") == "previous"
    assert store_dump(store_copy) == before
    for args in (["query", "called-on"], ["export", "-o", out], ["network", "dyads"]):
        assert "is the server running?" in one_line_error(
            run(runner, *args, "--endpoint", down), code=4
        )
    assert out.read_text(encoding="utf-8") == "previous"


def test_slow_endpoint_times_out(runner, stub):
    slow = stub(answer(200, '{"head":{},"boolean":true}', "application/sparql-results+json", 5))
    started = time.monotonic()
    result = run(runner, "query", "-e", "ASK {}", "--timeout", "1", "--endpoint", slow.url)
    assert "did not answer within 1 s" in one_line_error(result, code=3)
    assert time.monotonic() - started < 4


@pytest.mark.parametrize(
    "status,body,message,code",
    [
        (500, "Internal error: disk full\nat line 3", "answered HTTP 500: Internal error", 4),
        (503, "", "answered HTTP 503", 4),
        (401, "", "KG_ENDPOINT_USER", 4),
        (404, "not here", "no SPARQL service", 4),
        (400, "Parse error near SELEC", "rejected the query (HTTP 400): Parse error", 3),
        (200, "<html>hello</html>", "not SPARQL results", 4),
    ],
)
def test_endpoint_errors_are_one_line(runner, stub, tmp_path, status, body, message, code):
    failing = stub(answer(status, body, "text/html" if status == 200 else "text/plain"))
    result = run(runner, "query", "-e", "ASK { ?s ?p ?o }", "--endpoint", failing.url)
    assert message in one_line_error(result, code=code)
    out = tmp_path / "x.ttl"
    assert run(runner, "export", "-o", out, "--endpoint", failing.url).exit_code != 0
    assert not out.exists()


def test_credentials_come_from_the_environment(runner, stub, monkeypatch):
    seen: list[str | None] = []

    def respond(handler):
        seen.append(handler.headers.get("Authorization"))
        body = handler.rfile.read(int(handler.headers.get("Content-Length", 0)))
        reply = (
            '{"head":{},"boolean":true}'
            if b"ASK" in body
            else '{"head":{"vars":["n"]},"results":{"bindings":[]}}'
        )
        answer(200, reply, "application/sparql-results+json")(handler)

    s = stub(respond)
    monkeypatch.setenv("KG_ENDPOINT_USER", "analyst")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "s3cret")
    assert run(runner, "query", "-e", "ASK {}", "--endpoint", s.url).stdout.strip() == "true"
    assert seen[-1] == "Basic YW5hbHlzdDpzM2NyZXQ="
    monkeypatch.setenv("KG_ENDPOINT_TOKEN", "tok")
    run(runner, "query", "-e", "ASK {}", "--endpoint", s.url)
    assert seen[-1] == "Bearer tok"
    in_url = s.url.replace("http://", "http://analyst:s3cret@")
    result = run(runner, "query", "-e", "ASK {}", "--endpoint", in_url)
    message = one_line_error(result, code=4)
    assert "KG_ENDPOINT_USER" in message and "s3cret" not in message


def test_draw_and_network_take_an_endpoint(filled, runner, query_store, tmp_path):
    remote = run(runner, "draw", "-o", tmp_path / "r.svg", "--endpoint", filled.query)
    local = run(runner, "--store", query_store, "draw", "-o", tmp_path / "l.svg")
    assert remote.exit_code == 0, remote.stderr
    assert remote.stderr.split(" to ")[0] == local.stderr.split(" to ")[0]
    ego = run(runner, "network", "ego", "Taliban", "--endpoint", filled.query)
    assert ego.exit_code == 0 and "Troika" in ego.stdout
