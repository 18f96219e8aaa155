"""Every named query against the sample articles (seeds/ and tests/data/): its rows must be
the ones in ``queries/NAME.expected.csv`` beside it (compared as sorted rows, so order never
flakes).

The expected files are snapshots of what the extractor reads in those articles: they detect a
change, not a mistake (test_sample.py checks the facts an analyst reads). A query that declares
``# param: name = example`` runs with that example bound. After a reviewed change to the
extractor or a query, ``KG_UPDATE_GOLDEN=1 make test`` rewrites the expected files.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest

from kg.api import run_query
from kg.ontology import DKG_IRI, ontology_graph
from kg.query import NamedQuery, list_queries

pytestmark = pytest.mark.model

QUERIES = list_queries()


def expected_path(q: NamedQuery) -> Path:
    return q.path.with_name(f"{q.name}.expected.csv")


def example_params(q: NamedQuery) -> list[str]:
    return [f"{name}={value}" for name, value in q.params.items()]


def rows_of(text: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """Header and sorted rows of SPARQL CSV results (line ends inside values normalised)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header, *rows = list(reader)
    return header, sorted(tuple(cell.replace("\r\n", "\n") for cell in row) for row in rows)


def test_there_are_enough_named_queries_and_each_has_its_expected_rows():
    assert len(QUERIES) >= 15
    for q in QUERIES:
        assert q.description, f"{q.name}.rq has no description comment"
        assert expected_path(q).is_file() or os.environ.get("KG_UPDATE_GOLDEN"), q.name


@pytest.mark.parametrize("q", QUERIES, ids=[q.name for q in QUERIES])
def test_named_query_gives_its_expected_rows(query_store, q):
    actual = run_query(query_store, spec=q.name, params=example_params(q), fmt="csv")
    path = expected_path(q)
    if os.environ.get("KG_UPDATE_GOLDEN"):
        path.write_text(actual.replace("\r\n", "\n"), encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert rows_of(actual) == rows_of(expected), f"review, then KG_UPDATE_GOLDEN=1: {q.name}"


#: Queries that answer nothing on what today's extractor reads in the sample articles, and why.
EMPTY_TODAY: dict[str, str] = {}


@pytest.mark.parametrize(
    "q",
    [
        pytest.param(q, marks=pytest.mark.xfail(strict=False, reason=EMPTY_TODAY[q.name]))
        if q.name in EMPTY_TODAY
        else q
        for q in QUERIES
    ],
    ids=[q.name for q in QUERIES],
)
def test_named_query_answers_something_on_the_samples(query_store, q):
    actual = run_query(query_store, spec=q.name, params=example_params(q), fmt="csv")
    assert rows_of(actual)[1], f"{q.name} answers nothing on the sample: a weak test"


def test_every_declared_parameter_is_selected(query_store):
    """Oxigraph binds parameters by SEP-0007, which needs each one in the SELECT clause."""
    from kg.query import query_variables

    for q in QUERIES:
        for name in q.params:
            assert name in query_variables(q.text), (q.name, name)


def test_parameters_narrow_the_answer(query_store):
    for q in (q for q in QUERIES if q.params):
        free = rows_of(run_query(query_store, spec=q.name, fmt="csv"))[1]
        bound = rows_of(run_query(query_store, spec=q.name, params=example_params(q), fmt="csv"))
        assert set(bound[1]) <= set(free), q.name
        assert len(bound[1]) < len(free), q.name


def test_actors_query_lists_every_actor_class_of_the_ontology():
    """`actors` names the classes instead of filtering types by namespace (for speed), so a
    class added to the ontology must be added there too."""
    g = ontology_graph()
    rows = g.query(
        "SELECT ?c WHERE { ?c rdfs:subClassOf* dkg:Actor }",
        initNs={"dkg": DKG_IRI, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
    )
    in_ontology = {str(r[0]).removeprefix(DKG_IRI) for r in rows}
    text = next(q for q in list_queries() if q.name == "actors").text
    listed = set(re.findall(r"dkg:(\w+)", re.search(r"VALUES \?c \{([^}]*)\}", text)[1]))
    assert listed == in_ontology
