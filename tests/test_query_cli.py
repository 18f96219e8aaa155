"""A SPARQL command line like the ones users know: tables that fit the terminal, streamed
results, Oxigraph's query plan, and parameters that say when a name means nobody."""

from __future__ import annotations

import shutil

import pytest
from test_cli import run


def test_tables_fit_the_terminal(runner, analyst_store, monkeypatch):
    for columns in (100, 160):
        monkeypatch.setenv("COLUMNS", str(columns))
        result = run(runner, "--store", analyst_store, "query", "statements")
        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines[:-1]) <= columns
        # the grid holds: every row line has as many column rules as the header
        rules = {line.count("│") for line in lines if line.startswith("│")}
        assert len(rules) == 1


def test_a_long_table_is_capped_with_a_message(analyst_store):
    import pyoxigraph as ox

    from kg.api import TABLE_ROWS, _table

    store = ox.Store()
    for i in range(TABLE_ROWS + 5):
        store.add(ox.Quad(ox.NamedNode(f"http://e/{i}"), ox.NamedNode("http://e/p"), ox.Literal(i)))
    text = _table(store.query("SELECT ?s WHERE { ?s ?p ?o }"))
    assert f"{TABLE_ROWS:,} of {TABLE_ROWS + 5:,} rows shown" in text
    assert "--format csv" in text


def test_csv_json_xml_stream_to_standard_output(runner, analyst_store):
    import io

    from kg.api import run_query

    stream = io.BytesIO()
    assert run_query(analyst_store, spec="called-on", fmt="csv", out=stream) == ""
    assert stream.getvalue().startswith(b"source,target,")
    for fmt in ("csv", "tsv", "json", "xml"):
        result = run(runner, "--store", analyst_store, "query", "called-on", "--format", fmt)
        assert result.exit_code == 0 and "Kabul" in result.stdout, fmt


def test_streamed_results_are_the_returned_ones(analyst_store):
    # streamed out of the query's child process through a pipe, with or without a deadline
    import io

    from kg.api import run_query

    for fmt in ("csv", "tsv", "json", "xml"):
        returned = run_query(analyst_store, spec="called-on", fmt=fmt)
        for timeout in (None, 60):
            stream = io.BytesIO()
            kept = run_query(analyst_store, spec="called-on", fmt=fmt, out=stream, timeout=timeout)
            assert kept == ""
            assert stream.getvalue().decode("utf-8") == returned, (fmt, timeout)


def test_explain_shows_oxigraphs_plan(runner, analyst_store):
    if shutil.which("oxigraph") is None:
        from kg.explain import oxigraph_program

        try:
            oxigraph_program()
        except Exception:
            pytest.skip("the oxigraph program is not installed")
    result = run(
        runner, "--store", analyst_store, "query", "relations-of", "--param", "actor=Taliban",
        "--explain",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "QueryExplanation" in result.stdout and "QuadPattern" in result.stdout
    assert "number of results" in result.stdout


def test_explain_needs_the_embedded_store(runner):
    result = run(runner, "query", "called-on", "--explain", "--endpoint", "http://127.0.0.1:9/q")
    assert result.exit_code == 3 and "embedded store" in result.stderr


def test_an_actor_parameter_that_names_nobody_suggests_names(runner, analyst_store):
    result = run(
        runner, "--store", analyst_store, "query", "relations-of", "--param", "actor=Talibn"
    )
    assert result.exit_code == 3
    assert "no actor of that name" in result.stderr and "Taliban" in result.stderr
    # a parameter whose example is no actor keeps taking plain text
    ok = run(
        runner, "--store", analyst_store, "query", "events-in-country", "--param", "country=QAT"
    )
    assert ok.exit_code == 0 and "Doha" in ok.stdout
