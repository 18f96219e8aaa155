"""kg export beyond RDF: GraphML and GEXF that graph tools open, CSV edge lists, CAMEO-style
event rows; and Turtle that stays byte-for-byte the same for the same graph. They export the
sample article as an analyst reads it (tests/sample_reading.py)."""

from __future__ import annotations

import csv

import networkx as nx
import pytest
from test_cli import one_line_error, run

from kg.export import EDGE_COLUMNS, EVENT_COLUMNS, scalar_graph

pytestmark = pytest.mark.model


def test_scalar_graph_leaves_no_none_or_lists():
    G = nx.MultiDiGraph()
    G.add_node("a", label="A", tags=["x", "y"], missing=None)
    G.add_edge("a", "a", key="k", weight=1.5, when=None)
    H = scalar_graph(G)
    assert H.nodes["a"] == {"label": "A", "tags": "x; y", "missing": ""}
    assert H.edges["a", "a", "k"] == {"weight": 1.5, "when": ""}


@pytest.mark.parametrize("suffix,reader", [(".graphml", nx.read_graphml), (".gexf", nx.read_gexf)])
def test_graph_formats_open_in_networkx(runner, analyst_store, tmp_path, suffix, reader):
    from kg.graph import actor_graph
    from kg.store import open_store

    out = tmp_path / f"actors{suffix}"
    result = run(runner, "--store", analyst_store, "export", "-o", out)
    assert result.exit_code == 0, result.stderr
    with open_store(analyst_store, read_only=True) as store:
        G = actor_graph(store)
    H = reader(out)
    assert H.number_of_nodes() == G.number_of_nodes() == 14
    assert H.number_of_edges() == G.number_of_edges()
    labels = {d.get("label") for _, d in H.nodes(data=True)}
    assert {"Taliban", "Troika", "United States"} <= labels
    for _, _, d in H.edges(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in d.values())
    relations = {d.get("relation") for _, _, d in H.edges(data=True)}
    assert {"urged", "clashedWith", "memberOf"} <= relations


def test_edge_list_csv(runner, analyst_store, tmp_path):
    out = tmp_path / "edges.csv"
    result = run(runner, "--store", analyst_store, "export", "-o", out)
    assert result.exit_code == 0 and "rows" in result.stderr
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == EDGE_COLUMNS
    urged = [r for r in rows if r["relation"] == "urged"]
    assert {r["source_label"] for r in urged} == {"Russia", "China", "Pakistan", "United States"}
    assert all(r["sentence"] and r["document"] == "troika-calls-for-calm" for r in rows)


def test_cameo_event_rows(runner, analyst_store, tmp_path):
    out = tmp_path / "events.csv"
    result = run(runner, "--store", analyst_store, "export", "--format", "events", "-o", out)
    assert result.exit_code == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == EVENT_COLUMNS
    assert len(rows) == 28  # every event of the sample article, untargeted statements too
    attack = next(r for r in rows if r["relation"] == "attacked")
    assert attack["target"] == "" and attack["place"] == "Kandahar"
    assert attack["cameo_code"] == "190" and attack["quad_class"] == "4"
    assert attack["source_country"] == "USA" and attack["source_sector"] == "MIL"
    agreement = next(r for r in rows if r["relation"] == "signedAgreementWith")
    assert agreement["place_country"] == "QAT" and agreement["plover"] == "AGREE"


def test_turtle_export_is_stable_and_readable(runner, analyst_store, tmp_path):
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    run(runner, "--store", analyst_store, "export", "-o", a)
    run(runner, "--store", analyst_store, "export", "-o", b)
    assert a.read_bytes() == b.read_bytes()
    text = a.read_text(encoding="utf-8")
    assert "@prefix dkg:" in text and "actor:russia a dkg:State ;" in text
    assert "\tdkg:urged actor:taliban" in text


def test_unknown_export_extension(runner, analyst_store, tmp_path):
    result = run(runner, "--store", analyst_store, "export", "-o", tmp_path / "x.xlsx")
    message = one_line_error(result, code=2)
    assert ".gexf" in message and ".graphml" in message
