"""The kg command through click's CliRunner: the main path, and every kind of bad input."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLE, SEEDS, store_dump
from rdflib import Dataset, Graph

from kg.cli import cli

pytestmark = pytest.mark.model


def run(runner, *args, input=None):
    return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def one_line_error(result, code: int | None = None) -> str:
    assert result.exit_code != 0, result.output
    if code is not None:
        assert result.exit_code == code, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.output
    return lines[0]


# -- the main path ------------------------------------------------------------------------------


def test_extract_then_query_called_on(runner, tmp_path):
    store = tmp_path / "s"
    result = run(runner, "--store", store, "extract", SEEDS)
    assert result.exit_code == 0, result.stderr
    assert "1 added" in result.stderr
    result = run(runner, "--store", store, "query", "called-on")
    assert result.exit_code == 0
    # who called on them is the extractor's reading, checked in test_sample.py
    assert "all parties involved" in result.stdout
    again = run(runner, "--store", store, "extract", SEEDS)
    assert "1 unchanged" in again.stderr


def test_extract_writes_what_it_extracted(runner, tmp_path):
    out = tmp_path / "run.trig"
    result = run(runner, "--store", tmp_path / "s", "extract", SAMPLE, "--out", out)
    assert result.exit_code == 0, result.stderr
    ds = Dataset()
    ds.parse(out, format="trig")
    assert len(list(ds.graphs())) >= 2  # the document's graph (and the default graph)


def test_jsonl_input_with_dates(runner, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps(
            {
                "id": "a",
                "text": "The US military attacked the Taliban on Saturday.",
                "date": "2021-05-03",
            }
        )
        + "\n"
        + json.dumps({"id": "b", "text": "Russia urged Iran to talk.", "title": "T"})
        + "\n",
        encoding="utf-8",
    )
    store = tmp_path / "s"
    assert run(runner, "--store", store, "extract", corpus).exit_code == 0
    result = run(
        runner,
        "--store",
        store,
        "query",
        "-e",
        "SELECT ?d WHERE { ?e dkg:relation/rdfs:subPropertyOf* dkg:fought ; dkg:date ?d }",
        "--format",
        "csv",
    )
    assert "2021-05-01" in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml", "table"])
def test_query_result_formats(runner, analyst_store, fmt):
    result = run(runner, "--store", analyst_store, "query", "agreements", "--format", fmt)
    assert result.exit_code == 0
    assert "Taliban" in result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)["results"]["bindings"]


def test_query_list_and_stdin_and_params(runner, analyst_store):
    listed = run(runner, "query", "--list").stdout
    for name in ("called-on", "agreements", "meetings", "clashes", "members", "relations-of"):
        assert name in listed
    piped = run(
        runner,
        "--store",
        analyst_store,
        "query",
        "-",
        "--format",
        "csv",
        input="SELECT (COUNT(*) AS ?n) WHERE { ?e a dkg:Event }",
    )
    assert piped.exit_code == 0 and piped.stdout.splitlines()[1] != "0"
    for actor in ("Taliban", "the Taliban", "<https://w3id.org/diplomatic-kg/id/actor/taliban>"):
        result = run(
            runner,
            "--store",
            analyst_store,
            "query",
            "relations-of",
            "--param",
            f"actor={actor}",
            "--format",
            "csv",
        )
        assert result.exit_code == 0, result.stderr
        assert "warned" in result.stdout and "met with" in result.stdout


def test_params_are_terms_not_text(runner, seeded_store):
    sneaky = 'QAT" } UNION { ?s ?p ?o'
    base = ["--store", seeded_store, "query", "--format", "csv"]
    result = run(runner, *base, "events-in-country", "--param", f"country={sneaky}")
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 1  # header only: no such country code
    # where the query declares an actor, a value that names none is an error, not 0 rows
    result = run(runner, *base, "relations-of", "--param", f"actor={sneaky}")
    assert result.exit_code == 3 and "no actor of that name" in result.stderr


@pytest.mark.parametrize(
    "fmt,parse_as",
    [("turtle", "turtle"), ("nt", "nt"), ("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")],
)
def test_export_formats_parse_back(runner, seeded_store, tmp_path, fmt, parse_as):
    out = tmp_path / f"x.{fmt}"
    result = run(runner, "--store", seeded_store, "export", "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.stderr
    g = Dataset() if fmt in ("trig", "nq", "jsonld") else Graph()
    g.parse(out, format=parse_as)
    assert len(g) > 0 or len(list(g.quads())) > 0


def test_draw_and_stats(runner, analyst_store, tmp_path):
    svg = tmp_path / "g.svg"
    result = run(runner, "--store", analyst_store, "draw", "-o", svg)
    assert result.exit_code == 0, result.stderr
    text = svg.read_text(encoding="utf-8")
    assert "Taliban" in text and "Troika" in text
    stats = json.loads(run(runner, "--store", analyst_store, "stats", "--format", "json").stdout)
    assert stats["documents"] == 1 and stats["events"] >= 20


def test_remove_a_document(runner, store_copy):
    result = run(runner, "--store", store_copy, "remove", "troika-calls-for-calm")
    assert result.exit_code == 0
    stats = json.loads(run(runner, "--store", store_copy, "stats", "--format", "json").stdout)
    assert stats["documents"] == 0 and stats["events"] == 0


def test_validate_the_store(runner, seeded_store):
    result = run(runner, "--store", seeded_store, "validate")
    assert result.exit_code == 0 and "Conforms: True" in result.stdout


# -- bad input: one line on stderr, non-zero exit, nothing written, store unchanged ----------------


@pytest.fixture
def bad_files(tmp_path):
    files = {
        "empty.txt": b"",
        "blank.txt": b"   \n\n  ",
        "binary.txt": bytes(range(256)) * 10,
        "latin1.txt": "Caf\xe9 talks in Doha.".encode("latin-1"),
        "bad.jsonl": b'{"id": "x", "text": "ok"}\n{not json}\n',
        "noid.jsonl": b'{"text": "Russia urged Iran to talk."}\n',
        "dup.jsonl": b'{"id": "x", "text": "A b."}\n{"id": "x", "text": "C d."}\n',
        "notes.pdf": b"%PDF-1.4",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.write(b"Russia urged Iran to talk. " * 200_000)
    return tmp_path


@pytest.mark.parametrize(
    "name,message",
    [
        ("empty.txt", "empty document"),
        ("blank.txt", "empty document"),
        ("binary.txt", "binary"),
        ("latin1.txt", "not valid UTF-8"),
        ("bad.jsonl", "not valid JSON"),
        ("noid.jsonl", 'missing "id"'),
        ("dup.jsonl", "ids must be unique"),
        ("notes.pdf", "unsupported file type"),
        ("huge.txt", "limit"),
        ("missing.txt", "no such file"),
    ],
)
def test_bad_extract_input_leaves_the_store_unchanged(runner, store_copy, bad_files, name, message):
    before = store_dump(store_copy)
    result = run(runner, "--store", store_copy, "extract", SAMPLE, bad_files / name)
    assert message in one_line_error(result, code=2)
    assert store_dump(store_copy) == before


def test_bad_out_extension_is_refused_before_extracting(runner, tmp_path):
    result = run(runner, "--store", tmp_path / "s", "extract", SAMPLE, "--out", tmp_path / "x.doc")
    assert "cannot tell the RDF format" in one_line_error(result)
    assert not (tmp_path / "s").exists()


def test_bad_date_option(runner, tmp_path):
    result = run(runner, "--store", tmp_path / "s", "extract", SAMPLE, "--date", "3 May")
    assert "ISO date" in one_line_error(result)


@pytest.mark.parametrize(
    "args,message,code",
    [
        (["query", "no-such-query"], "unknown query 'no-such-query'", 3),
        (["query", "-e", "SELEC ?x WHERE { ?x ?p ?o }"], "malformed SPARQL", 3),
        (["query", "missing.rq"], "no such query file", 2),
        (["query", "relations-of", "--param", "nobody=x"], "no variable ?nobody", 3),
        (["query", "relations-of", "--param", "actor"], "expected name=value", 3),
        (["query", "called-on", "--format", "turtle"], "cannot be written as turtle", 3),
        (["export", "-o", "out.doc"], "cannot tell the RDF format", 2),
        (["draw", "-o", "out.gif"], "draw writes .svg, .png, .pdf or .html", 2),
        (["remove", "not-there"], "not in the store", 2),
    ],
)
def test_bad_commands_give_one_line(runner, store_copy, tmp_path, monkeypatch, args, message, code):
    monkeypatch.chdir(tmp_path)
    before = store_dump(store_copy)
    result = run(runner, "--store", store_copy, *args)
    assert message in one_line_error(result, code=code)
    assert store_dump(store_copy) == before
    assert not (tmp_path / "out.doc").exists() and not (tmp_path / "out.gif").exists()


def test_malformed_rq_file(runner, seeded_store, tmp_path):
    rq = tmp_path / "bad.rq"
    rq.write_text("# broken\nSELECT ?x WHERE { ?x ", encoding="utf-8")
    result = run(runner, "--store", seeded_store, "query", rq)
    assert "malformed SPARQL" in one_line_error(result, code=3)


def test_malformed_turtle(runner, seeded_store, tmp_path):
    ttl = tmp_path / "bad.ttl"
    ttl.write_text("@prefix ex: <http://e/> .\nex:a ex:b ", encoding="utf-8")
    result = run(runner, "--store", seeded_store, "validate", ttl)
    assert "cannot parse" in one_line_error(result, code=2)


def test_query_without_a_store(runner, tmp_path):
    result = run(runner, "--store", tmp_path / "none", "query", "called-on")
    assert "kg extract" in one_line_error(result, code=4)


def test_export_failure_keeps_the_previous_file(runner, tmp_path):
    out = tmp_path / "x.ttl"
    out.write_text("previous", encoding="utf-8")
    result = run(runner, "--store", tmp_path / "none", "export", "-o", out)
    one_line_error(result)
    assert out.read_text(encoding="utf-8") == "previous"
