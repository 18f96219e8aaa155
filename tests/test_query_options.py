"""kg query as a workbench: --list with parameters, --limit, --timeout, --reason, every input
(name, file, -e, stdin) and result kind (SELECT, ASK, CONSTRUCT), and parameters as terms."""

from __future__ import annotations

import io
import json
import time

import pyoxigraph as ox
import pytest
from test_cli import one_line_error, run
from test_queries import rows_of

from kg.errors import QueryError
from kg.query import limit_results, parse_term

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


# -- without the model ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("<urn:x>", ox.NamedNode("urn:x")),
        ("actor:taliban", ox.NamedNode("https://w3id.org/diplomatic-kg/id/actor/taliban")),
        ('"Doha"@en', ox.Literal("Doha", language="en")),
        (
            '"2021-05-01"^^xsd:date',
            ox.Literal(
                "2021-05-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
            ),
        ),
        (
            "12",
            ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ),
        (
            "true",
            ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
        ),
        ("QAT", ox.Literal("QAT")),
    ],
)
def test_parameter_values_are_rdf_terms(text, expected):
    assert parse_term(text, lambda name: None) == expected


def test_actor_names_resolve_through_the_resolver():
    iri = "https://w3id.org/diplomatic-kg/id/actor/united-states"
    assert parse_term("the US", lambda name: iri if name == "the US" else None) == ox.NamedNode(iri)
    with pytest.raises(QueryError, match="unknown prefix"):
        parse_term('"x"^^nope:t')


def test_limit_keeps_rows_and_their_terms():
    store = ox.Store()
    for i in range(5):
        store.add(
            ox.Quad(
                ox.NamedNode(f"urn:s{i}"),
                ox.NamedNode("urn:p"),
                ox.Literal(f"line {i}\ttab\n", language="en"),
            )
        )
    full = list(store.query("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"))
    kept = list(limit_results(store.query("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"), 2))
    assert [(r["s"], r["o"]) for r in kept] == [(r["s"], r["o"]) for r in full[:2]]
    triples = limit_results(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), 3)
    assert len(triples) == 3
    assert bool(limit_results(store.query("ASK { ?s ?p ?o }"), 0)) is True


def test_deadline_stops_the_worker():
    from kg.deadline import DeadlineExceeded, call_with_deadline

    assert call_with_deadline(sum, [1, 2, 3], seconds=30) == 6
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        call_with_deadline(time.sleep, 30, seconds=0.5)
    assert time.monotonic() - started < 10
    with pytest.raises(QueryError, match="boom"):
        call_with_deadline(_raise_query_error, seconds=30)


def _raise_query_error():
    raise QueryError("boom")


def _write_rows(n: int, pause: float = 0.0, *, out) -> str:
    for i in range(n):
        out.write(b"row %d\n" % i)
    out.flush()
    time.sleep(pause)
    return "done"


def _write_forever(*, out) -> None:
    while True:
        out.write(b"x" * 1000)


def _write_then_fail(*, out) -> None:
    out.write(b"first rows\n")
    raise QueryError("failed after some rows")


class _Clocked(io.BytesIO):
    """A stream that notes when its first bytes came."""

    first: float | None = None

    def write(self, data) -> int:
        if self.first is None:
            self.first = time.monotonic()
        return super().write(data)


def test_the_worker_streams_what_it_writes():
    # kg query's streamed formats come out of the child process this way (issue 11 and 12)
    from kg.deadline import DeadlineExceeded, call_with_deadline

    stream = _Clocked()
    started = time.monotonic()
    assert call_with_deadline(_write_rows, 50_000, 3.0, seconds=60, stream=stream) == "done"
    assert stream.getvalue() == b"".join(b"row %d\n" % i for i in range(50_000))
    # the rows arrived while the child still worked, not when it returned
    assert stream.first is not None and stream.first - started < time.monotonic() - started - 1.5
    with pytest.raises(DeadlineExceeded):
        call_with_deadline(_write_forever, seconds=0.5, stream=io.BytesIO())
    stream = _Clocked()
    with pytest.raises(QueryError, match="after some rows"):
        call_with_deadline(_write_then_fail, seconds=30, stream=stream)
    assert stream.getvalue() == b"first rows\n"


# -- on the sample store ------------------------------------------------------------------------

model = pytest.mark.model


@model
def test_list_shows_descriptions_and_parameters(runner):
    listed = run(runner, "query", "--list").stdout
    assert "timeline" in listed and "e.g. --param actor=Taliban" in listed
    assert "--param a=United States --param b=Taliban" in listed


@model
@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_limit(runner, analyst_store, fmt):
    result = run(
        runner, "--store", analyst_store, "query", "actors", "--limit", "3", "--format", fmt
    )
    assert result.exit_code == 0, result.stderr
    if fmt == "csv":
        assert len(rows_of(result.stdout)[1]) == 3
    elif fmt == "json":
        assert len(json.loads(result.stdout)["results"]["bindings"]) == 3
    else:
        assert "3 rows" in result.stdout


@model
def test_ask_construct_and_file_queries(runner, analyst_store, tmp_path):
    store = ["--store", analyst_store]
    ask = run(runner, *store, "query", "-e", "ASK { actor:russia dkg:urged actor:taliban }")
    assert ask.stdout.strip() == "true"
    rq = tmp_path / "urged.rq"
    rq.write_text("CONSTRUCT { ?a dkg:urged ?b } WHERE { ?a dkg:urged ?b }", encoding="utf-8")
    nt = run(runner, *store, "query", rq, "--format", "nt", "--limit", "2")
    assert len(nt.stdout.strip().splitlines()) == 2
    turtle = run(runner, *store, "query", rq)
    assert "actor:taliban" in turtle.stdout  # readable, prefixed
    piped = run(runner, *store, "query", "-", "--format", "tsv", input="SELECT ?x WHERE {}")
    assert piped.stdout.strip() == "?x"


@model
def test_timeout_stops_a_slow_query_and_keeps_fast_ones(runner, analyst_store):
    started = time.monotonic()
    slow = run(runner, "--store", analyst_store, "query", "-e", SLOW, "--timeout", "1")
    assert "did not finish within 1 s" in one_line_error(slow, code=3)
    assert time.monotonic() - started < 10
    args = ["--store", analyst_store, "query", "called-on", "--format", "csv"]
    assert run(runner, *args, "--timeout", "60").stdout == run(runner, *args).stdout
    bad = run(runner, *args, "--timeout", "0")
    assert bad.exit_code == 2


@model
def test_timeout_keeps_query_errors(runner, analyst_store):
    result = run(runner, "--store", analyst_store, "query", "-e", "SELEC", "--timeout", "30")
    assert "malformed SPARQL" in one_line_error(result, code=3)


@model
def test_reason_answers_sub_properties_inverses_and_transitive_part_of(runner, analyst_store):
    def ask(text: str, *extra: str) -> list[tuple[str, ...]]:
        result = run(
            runner, "--store", analyst_store, "query", "-e", text, "--format", "csv", *extra
        )
        assert result.exit_code == 0, result.stderr
        return rows_of(result.stdout)[1]

    appeals = "SELECT ?a ?b WHERE { ?a dkg:appealedTo ?b }"
    assert ask(appeals) == []
    reasoned = ask(appeals, "--reason")
    taliban = "https://w3id.org/diplomatic-kg/id/actor/taliban"
    assert {a.rsplit("/", 1)[1] for a, b in reasoned if b == taliban} == {
        "russia",
        "china",
        "pakistan",
        "united-states",
    }
    members = ask("SELECT ?m WHERE { actor:troika dkg:hasMember ?m }", "--reason")
    assert len(members) == 4
    part_of = "SELECT ?x WHERE { actor:special-forces-of-afghanistan dkg:partOf ?x }"
    assert len(ask(part_of)) == 1
    # the knowledge base makes a state's armed forces part of its government
    assert {x.rsplit("/", 1)[1] for (x,) in ask(part_of, "--reason")} == {
        "armed-forces-of-afghanistan",
        "government-of-afghanistan",
        "afghanistan",
    }
    fought = "SELECT ?a WHERE { ?a dkg:fought actor:taliban }"
    assert [a.rsplit("/", 1)[1] for (a,) in ask(fought, "--reason")] == [
        "armed-forces-of-afghanistan"
    ]
    clashed = "SELECT ?a WHERE { actor:taliban dkg:clashedWith ?a }"  # symmetric, both ways
    assert ask(clashed, "--reason") == ask(clashed)


@model
def test_reason_refuses_a_graph_too_large(analyst_store):
    from kg import reason
    from kg.store import open_store

    with open_store(analyst_store, read_only=True) as store:
        triples = reason.actor_graph_triples(store)
    with pytest.raises(QueryError, match="up to 10 triples"):
        reason.infer(triples, max_triples=10)


@model
def test_reason_leaves_the_store_unchanged(runner, store_copy):
    from conftest import store_dump

    before = store_dump(store_copy)
    result = run(runner, "--store", store_copy, "query", "called-on", "--reason")
    assert result.exit_code == 0
    assert store_dump(store_copy) == before
