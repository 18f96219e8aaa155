"""Long runs: quiet when not on a terminal, a progress bar when asked, and Ctrl-C that stops
between documents and keeps every finished one."""

from __future__ import annotations

import io
import json
import os
import signal

import pytest

from kg.cli import cli
from kg.progress import deferred_interrupt, progress_bar
from kg.store import Store


def corpus(tmp_path, n: int = 5):
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": f"doc-{i}", "text": f"Russia urged the Taliban to hold talks {i} times."})
        for i in range(n)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.model
def test_ctrl_c_keeps_every_finished_document(runner, tmp_path, monkeypatch):
    import kg.extract

    real = kg.extract.extract_doc
    calls = []

    def interrupted_on_the_third(doc, source, **parts):
        calls.append(source.identifier)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(doc, source, **parts)

    monkeypatch.setattr(kg.extract, "extract_doc", interrupted_on_the_third)
    store = tmp_path / "s"
    result = runner.invoke(cli, ["--store", str(store), "extract", str(corpus(tmp_path))])
    assert result.exit_code == 130
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Interrupted: kept 2 documents (2 added")
    assert "Traceback" not in result.output
    with Store.open(store, read_only=True) as s:
        assert len(list(s.documents())) == 2

    monkeypatch.setattr(kg.extract, "extract_doc", real)
    again = runner.invoke(cli, ["--store", str(store), "extract", str(corpus(tmp_path))])
    assert again.exit_code == 0
    assert "5 documents: 3 added, 0 updated, 2 unchanged" in again.stderr


@pytest.mark.model
def test_piped_extraction_prints_only_its_summary(runner, tmp_path):
    result = runner.invoke(cli, ["--store", str(tmp_path / "s"), "extract", str(corpus(tmp_path))])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "5 documents: 5 added, 0 updated, 0 unchanged; 5 events, 2 actors extracted"
    ]


def test_progress_bar_counts_documents_and_words(monkeypatch):
    from rich.console import Console

    buffer = io.StringIO()
    monkeypatch.setattr(
        "rich.console.Console", lambda **kw: Console(file=buffer, force_terminal=True, width=120)
    )
    with progress_bar(2, "Extracting", enabled=True) as advance:
        advance(100)
        advance(50)
    assert "2/2" in buffer.getvalue() and "words/s" in buffer.getvalue()


def test_progress_bar_is_silent_when_disabled(capsys):
    with progress_bar(3, "Extracting", enabled=False) as advance:
        advance(10)
    assert capsys.readouterr() == ("", "")


def test_ctrl_c_is_held_until_the_block_ends():
    done = []
    with pytest.raises(KeyboardInterrupt), deferred_interrupt():
        os.kill(os.getpid(), signal.SIGINT)
        done.append("finished the block")
    assert done == ["finished the block"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.model
def test_two_workers_store_what_one_stores(runner, tmp_path, nlp):
    def documents_graphs(path):
        with Store.open(path, read_only=True) as s:
            return sorted(str(q) for q in s.quads(include_ontology=False))

    path = corpus(tmp_path, 40)
    one, two = tmp_path / "one", tmp_path / "two"
    assert runner.invoke(cli, ["--store", str(one), "extract", str(path)]).exit_code == 0
    result = runner.invoke(cli, ["--store", str(two), "extract", str(path), "--workers", "2"])
    assert result.exit_code == 0, result.stderr
    assert documents_graphs(one) == documents_graphs(two)


@pytest.mark.model
def test_stopping_early_ends_the_worker_processes(tmp_path, nlp):
    import multiprocessing

    from kg.extract import extract_sources
    from kg.model import Source

    sources = (Source(f"d{i}", "Russia urged the Taliban to talk.") for i in range(200))
    stream = extract_sources(sources, workers=2)
    assert next(stream).source.identifier == "d0"
    assert len(multiprocessing.active_children()) == 2
    stream.close()  # what a KeyboardInterrupt in the caller's loop does
    assert multiprocessing.active_children() == []
