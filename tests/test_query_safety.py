"""``kg query`` whatever the query or the endpoint does (issue 12): one ``Error:`` line, never a
traceback or an abort; nothing is fetched because a query or a file says so; no update is ever
run or sent; an endpoint's answer cannot blow up memory; credentials are never printed."""

from __future__ import annotations

import contextlib
import http.server
import random
import subprocess
import sys
import threading
import warnings

import pyoxigraph as ox
import pytest
from conftest import ROOT
from test_cli import one_line_error, run

from kg.errors import QueryError
from kg.query import MAX_NESTING, calls_service, check_query, nesting_depth, query_form


class Recorder:
    """A local HTTP server that records every request body and answers what it is told."""

    def __init__(self, status: int = 404, body: bytes = b"", content_type: str = "text/plain"):
        self.bodies: list[bytes] = []
        self.headers: list[dict] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                length = int(self.headers.get("Content-Length", 0) or 0)
                recorder.bodies.append(self.rfile.read(length) if length else b"")
                recorder.headers.append(dict(self.headers))
                self.send_response(recorder.status)
                self.send_header("Content-Type", recorder.content_type)
                self.send_header("Content-Length", str(len(recorder.body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(recorder.body)

            do_POST = do_GET

            def log_message(self, *args):
                pass

        self.status, self.body, self.content_type = status, body, content_type
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def recorder():
    servers: list[Recorder] = []

    def make(*args, **kwargs) -> Recorder:
        servers.append(Recorder(*args, **kwargs))
        return servers[-1]

    yield make
    for server in servers:
        server.stop()


@pytest.fixture(autouse=True)
def no_endpoint_settings(monkeypatch):
    for name in ("KG_ENDPOINT", "KG_ENDPOINT_UPDATE", "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD",
                 "KG_ENDPOINT_TOKEN", "KG_MAX_ANSWER_BYTES"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


# -- text checked before any engine sees it -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000,
        "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
        "SELECT * WHERE { ?s ?p " + "[ ?p " * 3000 + "1" + " ]" * 3000 + " }",
    ],
    ids=["braces", "parentheses", "brackets"],
)
def test_deep_nesting_is_refused_in_one_line(runner, seeded_store, text):
    # these crashed the parser (exit 139, a stack overflow)
    result = run(runner, "--store", seeded_store, "query", "-e", text)
    assert "nests brackets" in one_line_error(result, code=3)


def test_nesting_within_the_limit_still_runs(runner, seeded_store):
    depth = MAX_NESTING - 1
    text = "SELECT * WHERE " + "{" * depth + "?s a dkg:Document" + "}" * depth
    result = run(runner, "--store", seeded_store, "query", "-e", text, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert nesting_depth('SELECT * { "{{{{" <urn:x> # {{{{\n }') == 1


@pytest.mark.parametrize(
    "text",
    [
        "DROP ALL",
        "drop all",
        "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "# a comment first\nCLEAR DEFAULT",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_never_run(runner, store_copy, text):
    from conftest import store_dump

    before = store_dump(store_copy)
    result = run(runner, "--store", store_copy, "query", "-e", text)
    assert "not updates" in one_line_error(result, code=3)
    assert store_dump(store_copy) == before


def test_the_scanner_reads_keywords_not_names():
    assert query_form("PREFIX select: <urn:x>\nBASE <urn:b>\nASK {}") == "ASK"
    assert not calls_service('SELECT ?service WHERE { ?service ex:service "SERVICE" }')
    assert not calls_service("SELECT * WHERE { ?s <urn:SERVICE> ?o } # SERVICE <x> {}")
    assert calls_service("SELECT * WHERE { service silent <urn:x> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="not Unicode"):
        check_query("SELECT * WHERE { ?s ?p '\udc80' }")


# -- nothing fetched because a query or a file says so --------------------------------------------


def test_service_sends_nothing_unless_allowed(runner, seeded_store, recorder):
    server = recorder(404)
    text = f"SELECT * WHERE {{ SERVICE <{server.base}/sparql> {{ ?s ?p ?o }} }}"
    result = run(runner, "--store", seeded_store, "query", "-e", text)
    assert "--allow-service" in one_line_error(result, code=3)
    assert server.bodies == []  # one query used to send 291 requests in 10 s
    result = run(runner, "--store", seeded_store, "query", "-e", text, "--allow-service")
    assert "SERVICE" in one_line_error(result, code=4) or result.exit_code == 4
    assert len(server.bodies) >= 1


def test_explain_is_checked_as_a_query(runner, seeded_store, recorder):
    # --explain runs the query once in the oxigraph program: the same checks come first
    server = recorder(404)
    text = f"SELECT * WHERE {{ SERVICE <{server.base}/sparql> {{ ?s ?p ?o }} }}"
    result = run(runner, "--store", seeded_store, "query", "--explain", "-e", text)
    assert "--allow-service" in one_line_error(result, code=3)
    result = run(runner, "--store", seeded_store, "query", "--explain", "-e", "DROP ALL")
    assert "not updates" in one_line_error(result, code=3)
    assert server.bodies == []


@pytest.mark.parametrize("allow", [False, True])
def test_service_to_a_file_is_one_line(runner, seeded_store, allow):
    text = "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }"
    args = ["--allow-service"] if allow else []
    result = run(runner, "--store", seeded_store, "query", "-e", text, *args)
    one_line_error(result, code=4 if allow else 3)


@pytest.mark.parametrize(
    "context",
    ['"{base}/context.jsonld"', '{{"@import": "{base}/import.jsonld"}}', '"file:///etc/passwd"'],
    ids=["remote", "import", "file"],
)
def test_validate_fetches_no_json_ld_context(runner, tmp_path, recorder, context):
    server = recorder(200, b'{"@context": {}}', "application/ld+json")
    path = tmp_path / "x.jsonld"
    path.write_text(
        '{"@context": ' + context.format(base=server.base) + ', "@id": "http://example.org/a", '
        '"http://example.org/p": "v"}',
        encoding="utf-8",
    )
    result = run(runner, "validate", path)
    assert "kg loads nothing a file names" in one_line_error(result, code=2)
    assert server.bodies == []


# -- the engine may abort: the caller does not ----------------------------------------------------

PANIC_QUERY = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"


def _mixed_literals(store) -> None:
    """Numbers and text compared in a cycle: Oxigraph 0.5.13's sort panics on them."""
    rng = random.Random(1)
    xsd = "http://www.w3.org/2001/XMLSchema#"
    for i in range(200):
        k = rng.random()
        if k < 0.4:
            value = ox.Literal(str(rng.randint(0, 5000)), datatype=ox.NamedNode(xsd + "integer"))
        elif k < 0.6:
            value = ox.Literal(f"{rng.random():.2f}", datatype=ox.NamedNode(xsd + "decimal"))
        else:
            value = ox.Literal(str(rng.randint(0, 5000)) + rng.choice(["", " x", "a"]))
        store.add(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), value))


@pytest.mark.parametrize("fmt", ["table", "csv"])  # returned, or streamed from the child
def test_an_engine_abort_is_one_line(tmp_path, fmt):
    path = tmp_path / "kg-store"
    store = ox.Store(str(path))  # the data alone, inserted in this order
    _mixed_literals(store)
    store.flush()
    del store
    probe = subprocess.run(
        [sys.executable, "-c", f"import pyoxigraph as ox\nlist(ox.Store.read_only({str(path)!r})"
         f".query({PANIC_QUERY!r}))"],
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    command = ["--store", str(path), "query", "-e", PANIC_QUERY, "--format", fmt]
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    if probe.returncode == 0:
        assert result.returncode == 0, result.stderr
        pytest.skip("this pyoxigraph sorts the data without aborting: nothing to contain")
    assert probe.returncode < 0 or probe.returncode >= 128  # the engine aborts
    assert result.returncode == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "crashed on this query (SIGABRT)" in lines[0], result.stderr
    assert "ORDER BY" in lines[0]


@pytest.mark.parametrize(
    "param,message",
    [('a="x"@-', "not an RDF literal"), ("a=\udcff", "not Unicode"), ("a=<not an iri>", "IRI")],
)
def test_bad_parameter_values_are_one_line(runner, seeded_store, param, message):
    text = "SELECT ?a WHERE { ?a ?p ?o }"
    result = run(runner, "--store", seeded_store, "query", "-e", text, "--param", param)
    assert message in one_line_error(result, code=3)


# -- endpoints: parse first, never send an update, bounded answers --------------------------------

EMPTY_JSON = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'


def _endpoint(recorder, body=EMPTY_JSON, content_type="application/sparql-results+json"):
    server = recorder(200, body, content_type)
    return server, f"{server.base}/query"


@pytest.mark.parametrize(
    "text,code",
    [
        ("DROP ALL", 3),
        ("LOAD <http://127.0.0.1:9/x>", 3),
        ("DELETE WHERE { ?s ?p ?o }", 3),
        ("SELEC ?s WHERE { ?s ?p ?o }", 3),
    ],
)
def test_nothing_malformed_or_updating_is_sent(runner, recorder, text, code):
    server, url = _endpoint(recorder)
    result = run(runner, "query", "-e", text, "--endpoint", url)
    one_line_error(result, code=code)
    sent = b"\n".join(server.bodies)
    assert b"DROP" not in sent and b"LOAD" not in sent and b"DELETE" not in sent
    assert b"SELEC+%3Fs" not in sent and b"SELEC ?s" not in sent


@pytest.mark.parametrize(
    "body,content_type,message",
    [
        (b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"bogus","value":"x"}}]}}',
         "application/sparql-results+json", "cannot be read"),
        (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
         b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="s"/>'
         b"</head><results/></sparql>", "application/sparql-results+xml", "document type"),
        (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aa">]><rdf:RDF '
         b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "application/rdf+xml",
         "document type"),
    ],
    ids=["malformed json", "xml entities", "rdf/xml entities"],
)  # fmt: skip
def test_hostile_answers_are_one_line(runner, recorder, body, content_type, message):
    _, url = _endpoint(recorder, body, content_type)
    result = run(runner, "query", "-e", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", url)
    assert message in one_line_error(result, code=4)


def test_answers_are_size_capped(runner, recorder, monkeypatch):
    _, url = _endpoint(recorder, EMPTY_JSON + b" " * 5000)
    monkeypatch.setenv("KG_MAX_ANSWER_BYTES", "1000")
    result = run(runner, "query", "-e", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", url)
    assert "more than 1,000 bytes" in one_line_error(result, code=4)


# -- credentials are never printed ----------------------------------------------------------------


def test_a_token_ending_in_a_line_break_is_used_without_it(runner, recorder, monkeypatch):
    server, url = _endpoint(recorder)
    monkeypatch.setenv("KG_ENDPOINT_TOKEN", "s3cret-token\r\n")
    result = run(runner, "query", "-e", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", url)
    assert result.exit_code == 0, result.stderr
    assert server.headers[-1]["Authorization"] == "Bearer s3cret-token"


def test_a_token_with_a_control_character_is_refused_unprinted(runner, recorder, monkeypatch):
    _, url = _endpoint(recorder)
    monkeypatch.setenv("KG_ENDPOINT_TOKEN", "s3cret\r\nX-Injected: 1")
    result = run(runner, "query", "-e", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", url)
    message = one_line_error(result, code=4)
    assert "KG_ENDPOINT_TOKEN" in message and "s3cret" not in result.output


@pytest.mark.parametrize(
    "url",
    ["ftp://user:pa55word@example.org/q", "http://user:pa55word@127.0.0.1:9/query"],
)
def test_passwords_in_urls_are_not_echoed(runner, url):
    result = run(runner, "query", "-e", "ASK {}", "--endpoint", url)
    one_line_error(result, code=4)
    assert "pa55word" not in result.output


def test_tokens_in_query_strings_are_not_echoed(runner):
    url = "http://127.0.0.1:9/query?access-token=t0psecret"
    result = run(runner, "query", "-e", "ASK {}", "--endpoint", url)
    one_line_error(result, code=4)
    assert "t0psecret" not in result.output


def test_basic_auth_over_plain_http_warns(monkeypatch):
    from kg.errors import KgWarning
    from kg.store import RemoteStore

    monkeypatch.setenv("KG_ENDPOINT_USER", "analyst")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "pa55word")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        RemoteStore("http://sparql.example.org/query", read_only=True, timeout=1).close()
        RemoteStore("http://127.0.0.1:9/query", read_only=True, timeout=1).close()
    said = [str(w.message) for w in caught if issubclass(w.category, KgWarning)]
    assert len(said) == 1 and "plain http" in said[0] and "pa55word" not in said[0]
