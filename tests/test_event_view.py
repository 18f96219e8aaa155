"""One meaning of "an event" everywhere: the event view (kg.view) on a store built by hand.

The records here are what the extractor emits (kg.model), written by hand so that every
modality the extractor knows is present whatever the rules read: a claim ("Israel accused
Iran of arming Hamas"), a denial ("Egypt denied that it had supplied weapons to the Houthis"),
an intention, a hypothesis, a negated meeting and plain facts. Claims and denials must never
come out as facts; asked for, they must come out marked in every format.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_cli import run

from kg.model import Actor, Event, Evidence, Extraction, Source

STATES = {
    name: Actor(name.lower().replace(" ", "-"), name, "State", code)
    for name, code in [
        ("Israel", "ISR"),
        ("Iran", "IRN"),
        ("Egypt", "EGY"),
        ("Qatar", "QAT"),
        ("Russia", "RUS"),
        ("China", "CHN"),
        ("Ukraine", "UKR"),
        ("Malaysia", "MYS"),
    ]
}
HAMAS = Actor("hamas", "Hamas", "ArmedGroup", "PSE", "REB")
HOUTHIS = Actor("houthis", "Houthis", "ArmedGroup", "YEM", "REB")
MALAYSIA_GOV = Actor(
    "government-of-malaysia", "Government of Malaysia", "Government", "MYS", "GOV", "malaysia"
)
ANWAR = Actor("anwar-ibrahim", "Anwar Ibrahim", "Person", "MYS", "GOV", "government-of-malaysia")

TEXT = (
    "Israel accused Iran of arming Hamas. "
    "Egypt denied that it had supplied weapons to the Houthis. "
    "Qatar met with Hamas. "
    "Russia plans to visit China. "
    "Russia could attack Ukraine. "
    "Iran did not meet Egypt. "
    "Anwar Ibrahim criticized Israel."
)


def _evidence(sentence: str) -> Evidence:
    start = TEXT.index(sentence)
    index = TEXT[:start].count(". ")
    return Evidence(index, start, start + len(sentence), sentence)


def _event(relation, source, target, sentence, **kw) -> Event:
    return Event(
        relation=relation,
        source=source,
        target=target,
        evidence=_evidence(sentence),
        trigger=kw.pop("trigger", relation),
        rule="hand-made",
        confidence=kw.pop("confidence", 0.9),
        **kw,
    )


S = STATES
EVENTS = (
    _event("accused", S["Israel"], S["Iran"], "Israel accused Iran of arming Hamas."),
    _event(
        "providedMilitaryAidTo",
        S["Iran"],
        HAMAS,
        "Israel accused Iran of arming Hamas.",
        modality="claimed",
        attributed_to=(S["Israel"],),
    ),
    _event(
        "providedMilitaryAidTo",
        S["Egypt"],
        HOUTHIS,
        "Egypt denied that it had supplied weapons to the Houthis.",
        modality="denied",
        attributed_to=(S["Egypt"],),
    ),
    _event("metWith", S["Qatar"], HAMAS, "Qatar met with Hamas."),
    _event("visited", S["Russia"], S["China"], "Russia plans to visit China.", modality="intended"),
    _event(
        "attacked",
        S["Russia"],
        S["Ukraine"],
        "Russia could attack Ukraine.",
        modality="hypothetical",
    ),
    _event("metWith", S["Iran"], S["Egypt"], "Iran did not meet Egypt.", negated=True),
    _event("criticized", ANWAR, S["Israel"], "Anwar Ibrahim criticized Israel."),
)
NOT_FACTS = {"claimed", "denied", "intended", "hypothetical"}


@pytest.fixture(scope="module")
def modal_store(tmp_path_factory):
    """A store with one document holding every modality, dated 2025-10-26."""
    import datetime as dt

    from kg.store import open_store

    actors = {a.key: a for e in EVENTS for a in (e.source, e.target, *e.attributed_to) if a}
    actors |= {MALAYSIA_GOV.key: MALAYSIA_GOV, "malaysia": S["Malaysia"]}
    extraction = Extraction(
        source=Source("modal", TEXT, title="Claims and denials", date=dt.date(2025, 10, 26)),
        events=EVENTS,
        actors=tuple(actors.values()),
        sentence_count=7,
    )
    path = tmp_path_factory.mktemp("modal") / "kg-store"
    with open_store(path) as store:
        store.put(extraction)
    return path


def _csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_only_facts_get_an_actor_triple():
    from rdflib import URIRef

    from kg.ontology import ID_IRI, relation
    from kg.rdf import document_graph

    extraction = Extraction(Source("m", TEXT), EVENTS, ())
    g = document_graph(extraction)
    aid = relation("providedMilitaryAidTo").iri
    assert not list(g.triples((None, aid, None)))  # claimed and denied: no triple
    assert not list(g.triples((None, relation("visited").iri, None)))
    assert not list(g.triples((None, relation("attacked").iri, None)))
    qatar, hamas = URIRef(f"{ID_IRI}actor/qatar"), URIRef(f"{ID_IRI}actor/hamas")
    assert (qatar, relation("metWith").iri, hamas) in g
    labels = {str(o) for o in g.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert "denied: Egypt provided military aid to Houthis" in labels


def test_claims_and_denials_are_no_facts_in_cameo_rows(runner, modal_store, tmp_path):
    out = tmp_path / "events.csv"
    result = run(runner, "--store", modal_store, "export", "--format", "events", "-o", out)
    assert result.exit_code == 0, result.stderr
    rows = _csv(out.read_text(encoding="utf-8"))
    assert {r["modality"] for r in rows} <= {"asserted", "reported"}
    assert {r["negated"] for r in rows} == {"false"}
    assert not [r for r in rows if r["relation"] == "providedMilitaryAidTo"]
    assert {(r["source"], r["relation"], r["target"]) for r in rows} == {
        ("Israel", "accused", "Iran"),
        ("Qatar", "metWith", "Hamas"),
        ("Anwar Ibrahim", "criticized", "Israel"),
    }
    # asked for, every event comes out, each row saying what it is
    out_all = tmp_path / "all.csv"
    result = run(
        runner, "--store", modal_store, "export", "--format", "events", "-o", out_all,
        "--modality", "all",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = _csv(out_all.read_text(encoding="utf-8"))
    assert len(rows) == len(EVENTS)
    denied = next(r for r in rows if r["modality"] == "denied")
    assert (denied["source"], denied["relation"], denied["target"]) == (
        "Egypt",
        "providedMilitaryAidTo",
        "Houthis",
    )
    assert denied["attributed_to"] == "Egypt"
    claimed = next(r for r in rows if r["modality"] == "claimed")
    assert claimed["attributed_to"] == "Israel"
    assert next(r for r in rows if r["negated"] == "true")["relation"] == "metWith"


def test_relations_of_shows_claims_only_when_asked_and_marked(runner, modal_store):
    base = ["--store", modal_store, "query", "relations-of", "--param", "actor=Iran"]
    rows = _csv(run(runner, *base, "--format", "csv").stdout)
    assert {(r["relation"], r["other"]) for r in rows} == {("accused", "Israel")}
    assert {r["modality"] for r in rows} == {"asserted"}
    rows = _csv(run(runner, *base, "--format", "csv", "--modality", "claimed").stdout)
    marked = {(r["relation"], r["other"], r["modality"]) for r in rows}
    assert ("provided military aid to", "Hamas", "claimed") in marked
    rows = _csv(run(runner, *base, "--format", "csv", "--modality", "all").stdout)
    assert ("met with", "Egypt", "asserted", "true") in {
        (r["relation"], r["other"], r["modality"], r["negated"]) for r in rows
    }


def test_no_named_query_shows_a_denied_act_as_fact(modal_store):
    from kg.api import run_query
    from kg.query import list_queries

    for q in list_queries():
        params = [f"{k}={v}" for k, v in q.params.items()] if q.name != "relations-of" else []
        text = run_query(modal_store, spec=q.name, fmt="csv", params=params)
        assert "Houthis" not in text, q.name
        assert "provided military aid to" not in text, q.name
        assert "providedMilitaryAidTo" not in text, q.name


def test_every_event_query_carries_the_event_view_line():
    from kg.query import list_queries
    from kg.view import reads_events

    reading = {q.name for q in list_queries() if "dkg:relation" in q.text or "dkg:source" in q.text}
    # documents counts every event and the facts among them in one pass (no line to rewrite)
    assert {q.name for q in list_queries() if reads_events(q.text)} == reading - {"documents"}
    # balance and reciprocal read the fact triples: the view's facts, materialised
    for q in list_queries():
        if q.name in ("balance", "reciprocal"):
            assert not reads_events(q.text) and "dkg:source" not in q.text


def test_modality_needs_a_query_with_the_view_line(runner, modal_store):
    result = run(
        runner, "--store", modal_store, "query", "-e", "SELECT ?s WHERE { ?s ?p ?o }",
        "--modality", "claimed",
    )  # fmt: skip
    assert result.exit_code == 3
    assert "event view" in result.stderr
    bad = run(runner, "--store", modal_store, "query", "called-on", "--modality", "rumoured")
    assert bad.exit_code == 2 and "--modality 'rumoured'" in bad.stderr


def test_graph_formats_leave_out_non_facts_and_mark_them_when_asked(runner, modal_store, tmp_path):
    import networkx as nx

    out = tmp_path / "g.graphml"
    assert run(runner, "--store", modal_store, "export", "-o", out).exit_code == 0
    G = nx.read_graphml(out)
    assert {d["relation"] for *_, d in G.edges(data=True)} == {"accused", "metWith", "criticized"}
    out = tmp_path / "all.gexf"
    result = run(runner, "--store", modal_store, "export", "-o", out, "--modality", "all")
    assert result.exit_code == 0, result.stderr
    G = nx.read_gexf(out)
    by_relation = {d["relation"]: d for *_, d in G.edges(data=True)}
    assert by_relation["providedMilitaryAidTo"]["modality"] in {"claimed", "denied"}
    assert by_relation["providedMilitaryAidTo"]["fact"] in (False, "false")
    edges = tmp_path / "edges.csv"
    run(runner, "--store", modal_store, "export", "-o", edges, "--modality", "denied")
    rows = _csv(edges.read_text(encoding="utf-8"))
    assert {r["modality"] for r in rows} == {"asserted", "denied"}


def test_drawings_mark_non_facts(runner, modal_store, tmp_path):
    from test_draw_cli import page_data, texts

    out = tmp_path / "g.svg"
    assert run(runner, "--store", modal_store, "draw", "-o", out).exit_code == 0
    assert not any("military aid" in t for t in texts(out))
    result = run(runner, "--store", modal_store, "draw", "-o", out, "--modality", "all")
    assert result.exit_code == 0, result.stderr
    found = texts(out)
    assert "claimed: provided military aid to" in found
    assert "denied: provided military aid to" in found
    assert any(t.startswith("dash-dot: not a fact") for t in found)
    page = tmp_path / "g.html"
    run(runner, "--store", modal_store, "draw", "-o", page, "--modality", "claimed")
    edges = {e["text"]: e for e in page_data(page)["edges"]}
    claimed = edges["claimed: provided military aid to"]
    assert claimed["mark"] == "claimed" and isinstance(claimed["dashed"], list)


def test_network_reads_the_view(runner, modal_store):
    dyads = json.loads(
        run(runner, "--store", modal_store, "network", "dyads", "--format", "json").stdout
    )
    assert not [d for d in dyads if "Houthis" in (d["actor_a"], d["actor_b"])]
    ego = run(runner, "--store", modal_store, "network", "ego", "Iran", "--modality", "claimed")
    assert "claimed: provided military aid to" in ego.stdout


def test_a_person_is_an_actor_with_a_post(runner, modal_store):
    result = run(runner, "--store", modal_store, "network", "ego", "Anwar Ibrahim")
    assert result.exit_code == 0, result.stderr
    assert "Government of Malaysia" in result.stdout  # the post, shown beside the person
    assert "criticized" in result.stdout
    centrality = json.loads(
        run(runner, "--store", modal_store, "network", "centrality", "--format", "json").stdout
    )
    anwar = next(r for r in centrality if r["actor"] == "Anwar Ibrahim")
    assert anwar["post"] == "Government of Malaysia"
    folded = run(
        runner, "--store", modal_store, "network", "centrality", "--fold-people", "--format", "json"
    )
    assert "Anwar Ibrahim" not in {r["actor"] for r in json.loads(folded.stdout)}


def test_the_counts_agree(runner, modal_store, tmp_path):
    """kg stats, kg draw, kg export and a SPARQL count give the same numbers."""
    from kg.view import COUNTS

    stats = json.loads(run(runner, "--store", modal_store, "stats", "--format", "json").stdout)
    assert stats["events"] == len(EVENTS)
    assert stats["facts"] == 3 and stats["relations"] == 3
    draw = run(runner, "--store", modal_store, "draw", "-o", tmp_path / "g.svg").stderr
    assert f"Drew {stats['related_actors']} related actors and {stats['relations']} relations" in (
        draw
    )
    export = run(runner, "--store", modal_store, "export", "-o", tmp_path / "g.graphml").stderr
    assert f"{stats['related_actors']} related actors and {stats['relations']} relations" in (
        export
    )
    for name, sparql in COUNTS.items():
        answer = _csv(
            run(runner, "--store", modal_store, "query", "-e", sparql, "--format", "csv").stdout
        )
        assert int(answer[0]["n"]) == stats[name], name
    nt = run(runner, "--store", modal_store, "export", "-o", tmp_path / "g.nt").stderr
    assert f"Wrote {stats['triples']:,} statements" in nt
    nq = run(runner, "--store", modal_store, "export", "-o", tmp_path / "g.nq").stderr
    assert f"Wrote {stats['quads']:,} statements" in nq


def test_since_until_use_the_publication_date_for_undated_events(runner, modal_store, tmp_path):
    out = tmp_path / "g.svg"
    result = run(
        runner, "--store", modal_store, "draw", "-o", out, "--since", "2025-10", "--until", "2025"
    )
    assert result.exit_code == 0, result.stderr
    assert "Drew 5 related actors and 3 relations" in result.stderr
    assert "3 dated by their report's publication date" in " ".join(texts_of(out))
    timeline = tmp_path / "t.svg"
    result = run(
        runner, "--store", modal_store, "draw", "-o", timeline, "--timeline", "Israel",
        "--since", "2025-10-26",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Drew 2 events of Israel" in result.stderr


def texts_of(path):
    from test_draw_cli import texts

    return texts(path)
