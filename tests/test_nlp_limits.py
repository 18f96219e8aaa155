"""Documents that pass the input check must not crash the parser or stall a run (issue 12):
texts past spaCy's 1,000,000-character limit are parsed in pieces with their offsets kept,
lone surrogates and runs of brackets are made harmless for the parser, at the same length."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.nlp import MAX_RUN, PIECE_CHARS, parsable, split_pieces


@given(st.text(max_size=400), st.integers(min_value=4, max_value=60))
def test_pieces_join_into_the_text_and_keep_their_size(text, size):
    pieces = split_pieces(text, size)
    assert "".join(pieces) == text
    assert all(len(p) <= size for p in pieces)
    assert all(pieces[:-1])  # no empty piece but possibly the last


def test_pieces_are_cut_at_paragraphs_first():
    text = "First paragraph. Still first.\n\nSecond one here. More.\nLine two."
    assert split_pieces(text, 40) == [
        "First paragraph. Still first.\n\n",
        "Second one here. More.\nLine two.",
    ]


@given(st.text(max_size=500))
def test_parsable_keeps_the_length_and_is_text(text):
    out = parsable(text)
    assert len(out) == len(text)
    out.encode("utf-8")  # no lone surrogate is left
    assert all(len(run) <= MAX_RUN for run in out.split())


def test_parsable_breaks_only_long_runs():
    url = "https://example.org/" + "a" * 60
    assert parsable(url) == url
    assert parsable("x" * (MAX_RUN + 5)).count(" ") == 1


@pytest.mark.model
def test_a_text_past_spacys_limit_is_parsed_in_pieces_with_offsets_kept(nlp):
    text = "Russia urged Iran to talk.\n\n" + " " * (1_000_001 - 28) + "\n\nIran met Russia."
    assert len(text) > 1_000_000 > PIECE_CHARS
    doc = nlp(text)
    assert doc.text == text
    ents = {(e.text, e.start_char) for e in doc.ents}
    assert ("Iran", len(text) - len("Iran met Russia.")) in ents
    assert ("Russia", 0) in ents
    docs = list(nlp.pipe([text, "Qatar hosted talks."], as_tuples=False))
    assert [d.text for d in docs] == [text, "Qatar hosted talks."]


@pytest.mark.model
def test_the_same_article_in_pieces_gives_the_same_events(monkeypatch):
    from conftest import SAMPLE

    import kg.nlp
    from kg import extract_text

    text = SAMPLE.read_text(encoding="utf-8")

    def events():
        extraction = extract_text(text)
        for e in extraction.events:
            assert text[e.evidence.start : e.evidence.end] == e.evidence.text
        return {
            (e.source.key, e.relation, e.target.key if e.target else None)
            for e in extraction.events
        }

    whole = events()
    monkeypatch.setattr(kg.nlp, "PIECE_CHARS", 300)
    assert events() == whole


@pytest.mark.model
def test_nested_brackets_no_longer_stall_the_parser():
    from kg import extract_text

    started = time.monotonic()
    extraction = extract_text("Russia urged Iran to talk. " + "(" * 8_000 + ")" * 8_000)
    # 16,000 brackets took 16 s in the tokenizer alone (quadratic); now about 3 s
    assert time.monotonic() - started < 8
    assert {e.relation for e in extraction.events} == {"urged"}


@pytest.mark.model
def test_a_lone_surrogate_does_not_reach_the_parser():
    from kg import extract_text

    extraction = extract_text("Russia urged Iran to talk \ud800 now.")
    assert {e.relation for e in extraction.events} == {"urged"}
