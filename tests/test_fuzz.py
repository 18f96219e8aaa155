"""Property tests over any input (issue 12): documents, metadata, JSON Lines, queries and
parameter values. Each property says what the audit checked by fuzzing: an input is either
taken or refused with a :class:`KgError` - never a traceback, never an abort - and what is
taken reads back as given. ``make test`` runs a bounded number of examples; ``make fuzz`` runs
the same properties with the "fuzz" profile (5,000 examples each)."""

from __future__ import annotations

import contextlib
import json

import pyoxigraph as ox
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kg.errors import InputError, KgError, QueryError
from kg.model import Extraction

#: Examples for the slow properties (a parse, a child process each): a tenth of the profile's.
SLOW_EXAMPLES = max(40, settings().max_examples // 10)
#: Any code point, surrogates and controls included: what JSON escapes can produce.
any_char = st.characters(codec=None, categories=None)
any_text = st.text(alphabet=any_char, max_size=60)
brackets = st.text(alphabet="([{<\"'#\\ )]}>\n\t.?$:@-", max_size=400)


def _record_strategy():
    value = st.one_of(
        any_text,
        st.integers(),
        st.floats(allow_nan=True),
        st.booleans(),
        st.none(),
        st.lists(st.integers(), max_size=3),
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "id": st.one_of(any_text, st.integers(min_value=-(10**30), max_value=10**30), value),
            "text": st.one_of(any_text, value),
            "title": value,
            "url": value,
            "publisher": value,
            "date": st.one_of(value, st.dates().map(str)),
        },
    )


@given(st.lists(st.one_of(_record_strategy().map(json.dumps), st.binary(max_size=80)), max_size=5))
def test_any_json_lines_are_surveyed_without_a_traceback(tmp_path_factory, lines):
    from kg.sources import survey_inputs

    path = tmp_path_factory.mktemp("fuzz") / "corpus.jsonl"
    with path.open("wb") as f:
        for line in lines:
            f.write(line.encode("utf-8", "surrogatepass") if isinstance(line, str) else line)
            f.write(b"\n")
    try:
        survey = survey_inputs([path])
    except InputError:
        return  # the file as a whole: binary, empty
    assert survey.count + len(survey.problems) >= 1


@given(_record_strategy())
def test_any_record_becomes_a_document_that_stores_and_reads_back_or_is_refused(record):
    from kg.sources import source_from_record
    from kg.store import Store

    try:
        source = source_from_record(record, "fuzz:1")
    except InputError:
        return
    with Store.open(None) as store:
        assert store.put(Extraction(source, (), ())) == "added"
        assert store.put(Extraction(source, (), ())) == "unchanged"  # read back exactly
        from kg.rdf import document_iri

        stored = store._document_metadata(str(document_iri(source.identifier)))
    titles = stored.get("http://purl.org/dc/terms/title", set())
    assert titles == ({source.title} if source.title else set())


@pytest.mark.model
@settings(max_examples=SLOW_EXAMPLES)
@given(st.text(alphabet=st.sampled_from(list("Russia urged Iran.()[]{}\n\t\"' ,;:-–—…😀ضф")),
               max_size=300))  # fmt: skip
def test_any_text_is_extracted_and_stored(text):
    from kg import extract_text
    from kg.store import Store

    assume(text.strip())
    extraction = extract_text(text)
    for event in extraction.events:
        assert text[event.evidence.start : event.evidence.end] == event.evidence.text
    with Store.open(None) as store:
        store.put(extraction)


def _query_strategy():
    fragments = st.sampled_from([
        "SELECT", "*", "?s", "?p", "?o", "WHERE", "{", "}", "(", ")", "[", "]", ".", ";", ",",
        "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH", "SERVICE", "BIND", "AS", "VALUES",
        "ORDER BY", "LIMIT 5", "ASK", "CONSTRUCT", "DESCRIBE", "dkg:Document", "a", "1", "'x'",
        '"\\u0022"', "<urn:x>", "# c\n", "DROP ALL", "LOAD", "EXISTS", "NOT", "COUNT(*)",
        "GROUP BY", "?s ?p ?o", "rdfs:label", "^", "/", "*", "+", "|",
    ])  # fmt: skip
    return st.one_of(
        st.lists(fragments, max_size=25).map(" ".join),
        st.text(alphabet=any_char, max_size=80),
        brackets,
    )


@settings(max_examples=SLOW_EXAMPLES)
@given(_query_strategy())
def test_any_query_text_is_answered_or_refused(text):
    from kg.api import run_query

    try:
        out = run_query(None, text=text, fmt="csv")
    except KgError:
        return
    assert isinstance(out, str)


@given(any_text)
def test_any_parameter_value_is_one_term_or_refused(value):
    from kg.query import parse_term, values_clause

    try:
        term = parse_term(value)
    except QueryError:
        return
    assert isinstance(term, ox.NamedNode | ox.Literal)
    query = f"SELECT ?x WHERE {{ {values_clause({'x': term})} }}"
    rows = list(ox.Store().query(query))
    assert len(rows) == 1  # one term, whatever the value
    got = rows[0]["x"]
    assert type(got) is type(term)
    if isinstance(term, ox.Literal):  # Oxigraph stores numbers in canonical form ("00" -> 0)
        assert (got.datatype, got.language) == (term.datatype, term.language)
        numeric = term.datatype.value.rsplit("#", 1)[-1] in ("integer", "decimal")
        assert numeric or got.value == term.value
    else:
        assert got == term


@given(st.text(alphabet=any_char, max_size=80))
def test_the_query_scanner_takes_any_text(text):
    from kg.query import bind_parameters, check_query, nesting_depth

    assert nesting_depth(text) >= 0
    with contextlib.suppress(QueryError):
        check_query(text, allow_service=False)
    bind_parameters(text, {"x": ox.NamedNode("urn:x")})
