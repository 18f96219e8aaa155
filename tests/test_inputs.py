"""Inputs that passed the check and then crashed a run, or stopped it at the first bad line
(issue 12): every bad document is named before anything is stored, ``--skip-invalid`` stores
the good ones, and nothing that passes the check can stop the run with a traceback."""

from __future__ import annotations

import json
import os

import pytest
from conftest import SAMPLE, store_dump
from test_cli import one_line_error, run


def _jsonl(path, *lines: str):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = '{"id": "good-%d", "text": "Russia urged Iran to talk."}'


def test_every_bad_line_is_named_and_nothing_is_stored(runner, store_copy, tmp_path):
    corpus = _jsonl(
        tmp_path / "corpus.jsonl",
        GOOD % 1,
        "{not json",
        GOOD % 2,
        '{"text": "no id"}',
        '{"id": "x", "text": "   "}',
        GOOD % 1,  # a duplicate id
    )
    before = store_dump(store_copy)
    result = run(runner, "--store", store_copy, "extract", corpus)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("Error: 4 inputs cannot be extracted; nothing was stored")
    assert "--skip-invalid stores the other 2" in lines[0]
    for number in (2, 4, 5, 6):
        assert any(f"corpus.jsonl:{number}" in line for line in lines[1:]), lines
    assert any("ids must be unique" in line for line in lines[1:])
    assert store_dump(store_copy) == before


def test_skip_invalid_stores_the_good_documents_and_lists_the_rest(runner, tmp_path):
    corpus = _jsonl(tmp_path / "corpus.jsonl", GOOD % 1, "[1, 2]", GOOD % 2, "{bad")
    store = tmp_path / "kg-store"
    result = run(runner, "--store", store, "extract", corpus, "--skip-invalid")
    assert result.exit_code == 2  # stored, but a script must notice
    assert "2 documents: 2 added" in result.stderr
    assert "skipped 2 invalid inputs" in result.stderr
    assert "corpus.jsonl:2: each line must be a JSON object" in result.stderr
    assert "corpus.jsonl:4: not valid JSON" in result.stderr
    assert "Traceback" not in result.output
    stats = json.loads(run(runner, "--store", store, "stats", "--format", "json").stdout)
    assert stats["documents"] == 2


@pytest.mark.parametrize("field", ["text", "id", "title", "publisher", "url"])
def test_a_lone_surrogate_is_refused_by_the_check(runner, store_copy, tmp_path, field):
    record = {"id": "a", "text": "Russia urged Iran to talk."}
    record[field] = (record.get(field) or "x") + "\ud800"
    line = json.dumps(record)  # writes the surrogate as the escape \ud800
    corpus = _jsonl(tmp_path / "s.jsonl", line)
    before = store_dump(store_copy)
    result = run(runner, "--store", store_copy, "extract", corpus)
    message = one_line_error(result, code=2)
    assert "lone surrogate" in message and f'"{field}"' in message
    assert store_dump(store_copy) == before


@pytest.mark.parametrize(
    "line,message",
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"id": ' + "9" * 5000 + ', "text": "Russia met Iran."}', "1,000"),
        ('{"id": true, "text": "Russia met Iran."}', 'missing "id"'),
        ('{"id": "' + "x" * 2000 + '", "text": "Russia met Iran."}', "1,000"),
        ('{"id": "d", "text": "Russia met Iran.", "date": "\\ud800"}', "not an ISO date"),
    ],
    ids=["deep json", "5,000-digit id", "boolean id", "long id", "surrogate date"],
)
def test_malformed_records_are_one_line(runner, tmp_path, line, message):
    corpus = _jsonl(tmp_path / "x.jsonl", line)
    result = run(runner, "--store", tmp_path / "kg-store", "extract", corpus)
    assert message in one_line_error(result, code=2)


@pytest.mark.model
def test_metadata_that_broke_the_update_is_stored_as_given(runner, tmp_path):
    title = 'a\n\\"'  # a newline, and a backslash-quote at the end: rdflib's n3() broke on it
    publisher = 'Ministry "of" Foreign\tAffairs\\'
    corpus = tmp_path / "t.jsonl"
    corpus.write_text(
        json.dumps({"id": "t", "text": "Russia urged Iran to talk.", "title": title,
                    "publisher": publisher, "url": "https://example.org/a b"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    store = tmp_path / "kg-store"
    result = run(runner, "--store", store, "extract", corpus)
    assert result.exit_code == 0, result.stderr
    from kg.store import Store

    with Store.open(store, read_only=True) as s:
        rows = s.select("SELECT ?t ?p WHERE { ?d dcterms:title ?t ; dcterms:publisher ?p }")
    assert [(r["t"].value, r["p"].value) for r in rows] == [(title, publisher)]
    again = run(runner, "--store", store, "extract", corpus)
    assert "1 unchanged" in again.stderr  # read back exactly: the document is current


def test_an_unreadable_folder_is_warned_about_and_counted(runner, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    (corpus / "open").mkdir(parents=True)
    (corpus / "locked").mkdir()
    (corpus / "open" / "a.txt").write_text("Russia urged Iran to talk.", encoding="utf-8")
    (corpus / "locked" / "b.txt").write_text("Iran met Qatar.", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):  # what a folder without read permission does
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    from kg.sources import survey_inputs

    survey = survey_inputs([corpus])
    assert survey.count == 1 and not survey.problems
    assert len(survey.unreadable) == 1 and "locked" in survey.unreadable[0]
    result = run(runner, "--store", tmp_path / "kg-store", "extract", corpus)
    assert result.exit_code == 0, result.stderr
    assert "Warning: " in result.stderr and "cannot read the folder (Permission denied)" in (
        result.stderr
    )
    assert "1 folder could not be read" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_on_disk(tmp_path):
    from kg.sources import survey_inputs

    (tmp_path / "locked").mkdir()
    (tmp_path / "a.txt").write_text("Russia urged Iran to talk.", encoding="utf-8")
    (tmp_path / "locked").chmod(0)
    try:
        survey = survey_inputs([tmp_path])
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert survey.count == 1 and len(survey.unreadable) == 1


def test_bad_inputs_are_checked_before_the_store_is_touched(runner, tmp_path):
    corpus = _jsonl(tmp_path / "x.jsonl", GOOD % 1, "{bad")
    result = run(runner, "--store", tmp_path / "kg-store", "extract", SAMPLE, corpus)
    assert result.exit_code == 2
    assert not (tmp_path / "kg-store").exists()
