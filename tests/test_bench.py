"""The benchmark scripts run (small): their figures are for README, not for tests."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from kg.query import list_queries

pytestmark = pytest.mark.slow


def bench(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT / "bench", capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_query_bench_times_every_named_query():
    out = bench("query_bench.py", "--triples", "3000", "--runs", "1", "--skip-rdflib")
    for q in list_queries():
        assert f"| `{q.name}` |" in out


def test_reason_bench_prints_a_row_per_size():
    out = bench("reason_bench.py", "--sizes", "3000")
    assert "| 3,000 |" in out
