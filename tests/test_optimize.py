"""kg optimize, and kg extract compacting the store after a large run."""

from __future__ import annotations

import pytest
from conftest import SAMPLE, store_dump
from test_cli import run


def test_optimize_compacts_and_changes_nothing(runner, store_copy):
    before = store_dump(store_copy)
    result = run(runner, "--store", store_copy, "optimize")
    assert result.exit_code == 0, result.stderr
    assert "Compacted the store" in result.stderr
    assert store_dump(store_copy) == before


@pytest.mark.model
def test_extract_optimizes_after_many_documents(tmp_path, monkeypatch):
    from kg import api

    monkeypatch.setattr(api, "OPTIMIZE_AFTER", 1)
    report = api.extract_paths([SAMPLE], tmp_path / "s")
    assert report.optimized and "compacted the store" in report.summary()
    again = api.extract_paths([SAMPLE], tmp_path / "s")  # nothing written: nothing to compact
    assert not again.optimized
