"""Training is reproducible and the shipped model is the one the committed corpus trains.

The model file records the hashes of the corpus and of the code that turns sentences into
features (kg.training). Those hashes must not depend on anything but the bytes they cover, and
the corpus hash in the shipped model must be the committed corpus's: a corpus edited without
retraining fails here.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import ROOT

from kg.errors import DataError
from kg.extract.events.model import load_model
from kg.training import code_sha256, corpus_files, corpus_sha256, read_corpus

pytestmark = pytest.mark.slow

HEX = re.compile(r"^[0-9a-f]{64}$")


def test_the_code_hash_is_stable():
    first = code_sha256()
    assert HEX.match(first)
    assert code_sha256() == first


def test_the_corpus_hash_is_stable_and_covers_names_and_bytes(tmp_path):
    files = corpus_files()
    assert len(files) >= 2
    first = corpus_sha256(files)
    assert HEX.match(first) and corpus_sha256(corpus_files()) == first
    copies = []
    for path in files:
        copies.append(tmp_path / path.name)
        shutil.copyfile(path, copies[-1])
    assert corpus_sha256(copies) == first  # where the files lie changes nothing
    with copies[0].open("a", encoding="utf-8") as f:
        f.write("\n")
    assert corpus_sha256(copies) != first  # one byte more does
    renamed = copies[1].with_name("renamed.jsonl")
    copies[0].write_bytes(files[0].read_bytes())
    copies[1].rename(renamed)
    assert corpus_sha256([copies[0], renamed, *copies[2:]]) != first  # and a new name


def test_the_shipped_model_was_trained_on_the_committed_corpus():
    meta = load_model().meta
    assert meta["corpus_sha256"] == corpus_sha256(corpus_files()), (
        "ontology/training/ changed since ontology/event-model.json.gz was trained: "
        "run `make train` and commit the new model"
    )


def test_the_shipped_model_counts_the_committed_corpus():
    """The hash is taken before the corpus is read (a model once recorded the hash of
    sentences added while it trained)."""
    assert load_model().meta["sentences"] == len(read_corpus(corpus_files())), (
        "the model was not trained on the committed corpus: run `make train`"
    )


def test_the_makefile_trains_the_model():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rule = re.search(r"^train:.*\n\t(.+)$", makefile, re.M)
    assert rule and rule.group(1) == "$(BIN)/python -m kg.training"


def test_a_corpus_line_that_does_not_fit_its_text_is_refused_with_its_line(tmp_path):
    path = tmp_path / "mine.jsonl"
    lines = [
        {"id": "t1", "text": "Russia urged Iran to talk.", "events": []},
        {
            "id": "t2",
            "text": "Chad attacked Niger.",
            "events": [{"source": "Chad", "target": "Mali", "root": "18"}],
        },
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(DataError, match=rf"^{re.escape(str(path))}:2: 'Mali' is not in the text"):
        read_corpus([path])
    lines[1]["events"][0].update(target="Niger", root="21")
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(DataError, match=re.escape("root '21' is not 01..20")):
        read_corpus([path])
