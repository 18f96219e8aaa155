"""`kg evaluate` with the real model: the sample article's gold is found in full, nothing
invented, and the command's output."""

from __future__ import annotations

import json

import pytest
from conftest import GOLD

from kg.api import evaluate_gold
from kg.cli import cli

pytestmark = pytest.mark.model

SAMPLE_GOLD = GOLD / "troika-calls-for-calm.jsonl"


def test_sample_gold_scores_one(nlp):
    result = evaluate_gold(SAMPLE_GOLD)
    for s in (result.pair, result.relation):
        assert (s.precision, s.recall) == (1.0, 1.0), (result.misses, result.false_alarms)
    assert result.rollup_matches == 0  # the gold names each body exactly


def test_evaluate_command_json_and_table(runner, nlp):
    result = runner.invoke(cli, ["evaluate", str(SAMPLE_GOLD), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["pair"]["f1"] == 1.0 and data["relation"]["f1"] == 1.0
    assert data["by_type"]["calledOn"]["relation"]["gold"] == 4
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    table = runner.invoke(cli, ["evaluate", str(SAMPLE_GOLD), "--no-rollup"])
    assert table.exit_code == 0
    assert "actor pair" in table.stdout and "Roll-up through partOf: off" in table.stdout


def test_evaluate_needs_one_gold(runner, tmp_path):
    neither = runner.invoke(cli, ["evaluate"])
    assert neither.exit_code == 2 and "GOLD" in neither.stderr
    missing = runner.invoke(cli, ["evaluate", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 2
    assert missing.stderr.startswith("Error: ") and "no such file" in missing.stderr
