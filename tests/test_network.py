"""Network analyses: on small graphs built here, and through ``kg network`` on the sample article
as an analyst reads it (tests/sample_reading.py)."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from test_cli import one_line_error, run

from kg import graph


def small() -> nx.MultiDiGraph:
    """A -> B -> C (cooperation), C <-> D (conflict twice), E alone with F."""
    G = nx.MultiDiGraph()
    for n in "ABCDEF":
        G.add_node(n, label=n, cls="State", country="", sector="")

    def edge(u, v, key, quad, confidence=1.0):
        G.add_edge(
            u,
            v,
            key=key,
            relation="r",
            label=f"{quad} {key}",
            quad=quad,
            cameo="",
            event=key,
            date="",
            confidence=confidence,
            sentence=f"sentence {key}",
            document="d",
        )

    edge("A", "B", "e1", "VerbalCooperation")
    edge("B", "C", "e2", "MaterialCooperation", 0.5)
    edge("C", "B", "e3", "VerbalConflict", 0.9)
    edge("C", "D", "e4", "MaterialConflict")
    edge("D", "C", "e5", "MaterialConflict")
    edge("E", "F", "e6", "")
    return G


def test_centrality_ranks_the_broker():
    records = graph.centrality(small())
    by_actor = {r["actor"]: r for r in records}
    assert max(records, key=lambda r: r["betweenness"])["actor"] in ("B", "C")
    assert by_actor["C"]["in_events"] == 2 and by_actor["C"]["out_events"] == 2
    assert by_actor["A"]["betweenness"] == 0
    assert graph.centrality(nx.MultiDiGraph()) == []


def test_communities_partition_every_actor_and_are_stable():
    first = graph.communities(small())
    assert sorted(a for c in first for a in c["actors"]) == list("ABCDEF")
    assert graph.communities(small()) == first
    assert {"E", "F"} in [set(c["actors"]) for c in first]


def test_shortest_path_takes_the_most_confident_event_per_hop():
    hops = graph.shortest_path(small(), "A", "D")
    assert [(h["source"], h["target"]) for h in hops] == [("A", "B"), ("C", "B"), ("C", "D")]
    assert hops[1]["event"] == "e3" and hops[1]["sentence"] == "sentence e3"
    assert graph.shortest_path(small(), "A", "F") == []


def test_ego_and_dyads():
    ego = graph.ego(small(), "C", hops=1)
    assert [(a["actor"], a["distance"]) for a in ego["actors"]] == [("C", 0), ("B", 1), ("D", 1)]
    assert {r["event"] for r in ego["relations"]} == {"e2", "e3", "e4", "e5"}
    dyads = {(d["actor_a"], d["actor_b"]): d for d in graph.dyads(small())}
    assert dyads[("C", "D")]["balance"] == -1 and dyads[("C", "D")]["material_conflict"] == 2
    assert dyads[("B", "C")]["balance"] == 0
    assert ("E", "F") not in dyads  # structural: no quad class


# -- kg network on the sample ------------------------------------------------------------------


@pytest.mark.model
def test_centrality_on_the_sample(runner, analyst_store):
    result = run(runner, "--store", analyst_store, "network", "centrality", "--format", "json")
    records = json.loads(result.stdout)
    assert records[0]["actor"] == "Taliban"
    assert records[0]["iri"].endswith("/actor/taliban")
    table = run(runner, "--store", analyst_store, "network", "centrality", "--top", "3").stdout
    assert "3 rows" in table and "pagerank" in table and "https://" not in table


@pytest.mark.model
def test_path_between_two_actors_named_as_people_write_them(runner, analyst_store):
    args = ["--store", analyst_store, "network", "path", "Russia", "Armed Forces of Afghanistan"]
    hops = json.loads(run(runner, *args, "--format", "json").stdout)
    assert [h["step"] for h in hops] == [1, 2]
    assert hops[0]["source"] == "Russia" and hops[0]["relation"] == "urged"
    assert "clashes between the Taliban" in hops[1]["sentence"]


@pytest.mark.model
def test_ego_communities_and_dyads_on_the_sample(runner, analyst_store):
    store = ["--store", analyst_store, "network"]
    ego = json.loads(
        run(runner, *store, "ego", "the Taliban", "--hops", "1", "--format", "json").stdout
    )
    assert ego["center"] == "Taliban"
    assert {"Troika", "Russia", "Armed Forces of Afghanistan"} <= {
        a["actor"] for a in ego["actors"]
    }
    wider = json.loads(
        run(runner, *store, "ego", "Taliban", "--hops", "2", "--format", "json").stdout
    )
    assert len(wider["actors"]) > len(ego["actors"])
    assert "within 1 hop(s)" in run(runner, *store, "ego", "Taliban").stdout
    groups = json.loads(run(runner, *store, "communities", "--format", "json").stdout)
    assert sum(g["size"] for g in groups) == 14
    dyads = json.loads(run(runner, *store, "dyads", "--format", "json").stdout)
    assert dyads[0]["actor_a"] == "Armed Forces of Afghanistan" and dyads[0]["balance"] == -1


@pytest.mark.model
@pytest.mark.parametrize(
    "args,message",
    [
        (["path", "Atlantis", "Taliban"], "no actor named 'Atlantis'"),
        (["ego", "Iran"], "'Iran' has no relations in the graph"),
        (["ego", "Taliban", "--hops", "0"], "Invalid value for '--hops'"),
    ],
)
def test_network_errors_are_one_line(runner, analyst_store, args, message):
    result = run(runner, "--store", analyst_store, "network", *args)
    assert result.exit_code == 2
    if "Invalid value" not in message:
        assert message in one_line_error(result, code=2)
    else:
        assert message in result.stderr


def _extract_one(tmp_path, text: str):
    from kg.api import extract_paths

    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "p", "text": text}) + "\n", encoding="utf-8")
    extract_paths([corpus], tmp_path / "s")
    return tmp_path / "s"


@pytest.mark.model
def test_people_are_actors_with_their_post(tmp_path, runner):
    from kg.graph import actor_graph
    from kg.store import open_store

    store_path = _extract_one(tmp_path, "US President Joe Biden met Afghan President Ashraf Ghani.")
    with open_store(store_path, read_only=True) as store:
        G = actor_graph(store)
        folded = actor_graph(store, fold_people=True)
    labels = {G.nodes[n]["label"]: n for n in G}
    # a person is an actor of their own, shown with the post they hold
    assert "Joe Biden" in labels and "Government of the United States" not in labels
    assert G.nodes[labels["Joe Biden"]]["post"] == "Government of the United States"
    (meeting,) = [d for _, _, d in G.edges(data=True) if d["relation"] == "metWith"]
    assert meeting["person"] == ""
    # folding people into their bodies is an explicit option
    folded_labels = {folded.nodes[n]["label"] for n in folded}
    assert "Government of the United States" in folded_labels
    assert "Joe Biden" not in folded_labels
    (meeting,) = [d for _, _, d in folded.edges(data=True) if d["relation"] == "metWith"]
    assert meeting["person"] == "Joe Biden / Ashraf Ghani"
    # and the person's neighbourhood is there to ask for (it failed when people were folded)
    result = run(runner, "--store", store_path, "network", "ego", "Joe Biden")
    assert result.exit_code == 0, result.stderr
    assert "Ashraf Ghani" in result.stdout
    folded_ego = run(runner, "--store", store_path, "network", "ego", "Joe Biden", "--fold-people")
    assert folded_ego.exit_code == 0, folded_ego.stderr
    assert "Government of the United States" in folded_ego.stdout


@pytest.mark.model
def test_a_claimed_attack_is_no_edge(tmp_path):
    from kg.graph import actor_graph
    from kg.store import open_store

    store_path = _extract_one(tmp_path, "Israel accused Iran of attacking Saudi Arabia.")
    with open_store(store_path, read_only=True) as store:
        G = actor_graph(store)
    # the attack is only Israel's claim: an edge of "accused", none of "attacked"
    assert {d["relation"] for _, _, d in G.edges(data=True)} == {"accused"}
