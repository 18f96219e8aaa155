"""A synthetic graph in diplomatic-kg's schema, of any size, for the benchmarks.

It has what ``kg extract`` writes, in the same proportions: documents in their own named
graphs, sentences with offsets, events (relation, source, target, date, place, content,
negation, modality, confidence, provenance), the direct actor-to-actor triples (both ways for
symmetric relations, none for an event that is no fact), and a description of every actor a
document mentions.
Actors are the knowledge base's states and organisations (so `--param actor=Taliban` means the
same as on real data) plus synthetic states (user-assigned ISO codes XAA-XZZ), their
governments and armed forces, officials, armed groups, organizations and unnamed parties; how
often each acts follows a Zipf-like law, as in news. Seeded, so a size always gives the same
graph.

    python bench/synthetic.py 100000 out/synthetic.nq
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.iri import slugify
from kg.knowledge import load_knowledge
from kg.ontology import DKG_IRI, ID_IRI, ONTOLOGY_GRAPH, ontology_graph, relations

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD = "http://www.w3.org/2001/XMLSchema#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
DCTERMS = "http://purl.org/dc/terms/"
DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")

#: How common each relation is (others: 1).
RELATION_WEIGHTS = {
    "calledOn": 10,
    "urged": 8,
    "metWith": 12,
    "negotiatedWith": 5,
    "signedAgreementWith": 4,
    "madeStatementAbout": 8,
    "accused": 6,
    "warned": 6,
    "attacked": 8,
    "clashedWith": 8,
    "trained": 3,
    "handedOverTo": 2,
    "withdrewFrom": 2,
}


MODALITY_NAMES = ("asserted", "reported", "claimed", "denied", "intended", "hypothetical")
MODALITY_WEIGHTS = (85, 8, 4, 1, 1, 1)


def dkg(name: str) -> ox.NamedNode:
    return ox.NamedNode(DKG_IRI + name)


def typed(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))


@dataclass(frozen=True)
class SynActor:
    iri: ox.NamedNode
    label: str
    cls: str
    country: str | None
    sector: str | None
    part_of: ox.NamedNode | None
    from_dictionary: bool


def make_actors(count: int, rng: random.Random) -> list[SynActor]:
    """The knowledge base's states and organisations first (the most active), then synthetic
    ones up to ``count``. Persons are left out: news names a few of them often and most of the
    base's 2,000 rarely, which the synthetic officials below stand for."""
    kb = load_knowledge()
    known = [kb.state_actor(code) for code in kb.states]
    known += [kb.org_actor(key) for key in kb.organisations]
    # the bodies some are part of (an organisation named as a state body is that body)
    known += [parent for a in list(known) for parent in kb.ancestors(a)]
    known = list({a.key: a for a in known}.values())
    actors = [
        SynActor(
            ox.NamedNode(f"{ID_IRI}actor/{a.key}"),
            a.label,
            a.cls,
            a.country,
            a.sector,
            ox.NamedNode(f"{ID_IRI}actor/{a.part_of}") if a.part_of else None,
            True,
        )
        for a in known
    ]
    codes = ["X" + "".join(p) for p in itertools.product("ABCDEFGHIJKLMNOPQRSTUVWXYZ", repeat=2)]
    states = max(10, count // 30)
    bodies = []
    for i, code in enumerate(codes[:states]):
        state = SynActor(
            ox.NamedNode(f"{ID_IRI}actor/state-{code.lower()}"),
            f"State {code}",
            "State",
            code,
            None,
            None,
            True,
        )
        actors.append(state)
        for cls, sector, name in (
            ("Government", "GOV", "Government"),
            ("ArmedForces", "MIL", "Armed Forces"),
        ):
            body = SynActor(
                ox.NamedNode(f"{ID_IRI}actor/{slugify(name)}-of-state-{code.lower()}"),
                f"{name} of State {code}",
                cls,
                code,
                sector,
                state.iri,
                True,
            )
            actors.append(body)
            bodies.append(body)
        if i and len(actors) >= count:
            break
    kinds = [
        ("Person", 0.45),
        ("ArmedGroup", 0.2),
        ("InternationalOrganization", 0.05),
        ("Actor", 0.3),
    ]
    n = 0
    while len(actors) < count:
        n += 1
        cls = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
        if cls == "Person":
            body = rng.choice(bodies)
            actors.append(
                SynActor(
                    ox.NamedNode(f"{ID_IRI}actor/official-{n:05d}"),
                    f"Official {n:05d}",
                    cls,
                    body.country,
                    body.sector,
                    body.iri,
                    False,
                )
            )
        else:
            sector = {"ArmedGroup": "REB", "InternationalOrganization": "IGO"}.get(cls)
            country = rng.choice(codes[:states]) if cls == "ArmedGroup" else None
            actors.append(
                SynActor(
                    ox.NamedNode(f"{ID_IRI}actor/{cls.lower()}-{n:05d}"),
                    f"{cls} {n:05d}",
                    cls,
                    country,
                    sector,
                    None,
                    cls != "Actor",
                )
            )
    return actors


def describe(actor: SynActor, graph: ox.NamedNode) -> Iterator[ox.Quad]:
    yield ox.Quad(actor.iri, RDF_TYPE, dkg(actor.cls), graph)
    yield ox.Quad(actor.iri, LABEL, ox.Literal(actor.label, language="en"), graph)
    if actor.country:
        yield ox.Quad(actor.iri, dkg("countryCode"), ox.Literal(actor.country), graph)
    if actor.sector:
        yield ox.Quad(actor.iri, dkg("sector"), ox.Literal(actor.sector), graph)
    if actor.part_of is not None:
        yield ox.Quad(actor.iri, dkg("partOf"), actor.part_of, graph)
    yield ox.Quad(
        actor.iri,
        dkg("fromDictionary"),
        typed(str(actor.from_dictionary).lower(), "boolean"),
        graph,
    )


def synthetic_quads(triples: int, *, actors: int | None = None, seed: int = 7) -> Iterator[ox.Quad]:
    """About ``triples`` quads (whole documents; the ontology graph excluded)."""
    rng = random.Random(seed)
    people = make_actors(actors or max(60, triples // 200), rng)
    by_iri = {a.iri.value: a for a in people}
    weights = list(itertools.accumulate(1 / (rank + 3) ** 0.9 for rank in range(len(people))))
    infos = [
        info for name, info in sorted(relations().items()) if name not in ("memberOf", "partOf")
    ]
    relation_weights = [RELATION_WEIGHTS.get(info.name, 1) for info in infos]
    codes = sorted({a.country for a in people if a.cls == "State" and a.country})
    places = [(f"Place {i:03d}", rng.choice(codes)) for i in range(300)]
    places += [("Doha", "QAT"), ("Qatar", "QAT"), ("Kabul", "AFG"), ("Kandahar", "AFG")]
    troika = [
        a
        for a in people
        if a.iri.value.endswith(("/russia", "/china", "/pakistan", "/united-states"))
    ]
    troika_iri = ox.NamedNode(f"{ID_IRI}actor/troika")
    start = dt.date(2015, 1, 1)
    written = 0
    for number in itertools.count(1):
        if written >= triples:
            return
        name = f"synthetic-{number:07d}"
        doc = ox.NamedNode(f"{ID_IRI}doc/{name}")
        quads: list[ox.Quad] = []
        add = quads.append
        issued = start + dt.timedelta(days=rng.randrange(3650))
        add(ox.Quad(doc, RDF_TYPE, dkg("Document"), doc))
        add(ox.Quad(doc, ox.NamedNode(DCTERMS + "identifier"), ox.Literal(name), doc))
        add(ox.Quad(doc, LABEL, ox.Literal(f"Report {number}"), doc))
        add(ox.Quad(doc, ox.NamedNode(DCTERMS + "title"), ox.Literal(f"Report {number}"), doc))
        add(ox.Quad(doc, ox.NamedNode(DCTERMS + "issued"), typed(issued.isoformat(), "date"), doc))
        digest = hashlib.sha256(name.encode()).hexdigest()
        add(ox.Quad(doc, dkg("sha256"), ox.Literal(digest), doc))
        add(ox.Quad(doc, dkg("extractedWith"), ox.Literal("synthetic"), doc))
        mentioned: dict[str, SynActor] = {}
        offset = 0
        for index in range(rng.randint(4, 8)):
            length = rng.randint(80, 260)
            sentence = ox.NamedNode(f"{doc.value}/sentence/{offset}-{offset + length}")
            add(ox.Quad(sentence, RDF_TYPE, dkg("Sentence"), doc))
            text = f"Sentence {index} of report {number}, with what its actors did."
            add(ox.Quad(sentence, ox.NamedNode(NIF + "anchorOf"), ox.Literal(text), doc))
            add(ox.Quad(sentence, ox.NamedNode(NIF + "beginIndex"), typed(offset, "integer"), doc))
            add(
                ox.Quad(
                    sentence, ox.NamedNode(NIF + "endIndex"), typed(offset + length, "integer"), doc
                )
            )
            add(ox.Quad(sentence, dkg("sentenceIndex"), typed(index, "integer"), doc))
            add(ox.Quad(sentence, ox.NamedNode(DCTERMS + "isPartOf"), doc, doc))
            offset += length + 1
            for k in range(rng.randint(1, 3)):
                info = rng.choices(infos, weights=relation_weights)[0]
                source, target = rng.choices(people, cum_weights=weights, k=2)
                if source.iri == target.iri or rng.random() < 0.05:
                    target = None if info.name == "attacked" else rng.choice(people)
                negated = rng.random() < 0.05
                # how news presents events: mostly as fact, some reported, a few claims,
                # denials, intentions and hypotheses (which assert no actor triple)
                modality = rng.choices(MODALITY_NAMES, weights=MODALITY_WEIGHTS)[0]
                fact = modality in ("asserted", "reported") and not negated
                event = ox.NamedNode(f"{doc.value}/event/{index:02d}{k}")
                add(ox.Quad(event, RDF_TYPE, dkg("Event"), doc))
                add(
                    ox.Quad(
                        event, LABEL, ox.Literal(f"{source.label} {info.label}", language="en"), doc
                    )
                )
                add(ox.Quad(event, dkg("relation"), ox.NamedNode(str(info.iri)), doc))
                add(ox.Quad(event, dkg("source"), source.iri, doc))
                mentioned[source.iri.value] = source
                if target is not None:
                    add(ox.Quad(event, dkg("target"), target.iri, doc))
                    mentioned[target.iri.value] = target
                    if fact:
                        add(ox.Quad(source.iri, ox.NamedNode(str(info.iri)), target.iri, doc))
                        if info.symmetric:
                            add(ox.Quad(target.iri, ox.NamedNode(str(info.iri)), source.iri, doc))
                if rng.random() < 0.7:
                    day = issued - dt.timedelta(days=rng.randrange(3))
                    add(ox.Quad(event, dkg("date"), typed(day.isoformat(), "date"), doc))
                    add(ox.Quad(event, dkg("dateText"), ox.Literal(f"on {day:%A}"), doc))
                if rng.random() < 0.3:
                    label, code = rng.choice(places)
                    place = ox.NamedNode(f"{ID_IRI}place/{slugify(label)}-{code.lower()}")
                    add(ox.Quad(event, dkg("place"), place, doc))
                    add(ox.Quad(place, RDF_TYPE, dkg("Place"), doc))
                    add(ox.Quad(place, LABEL, ox.Literal(label, language="en"), doc))
                    add(ox.Quad(place, dkg("countryCode"), ox.Literal(code), doc))
                if rng.random() < 0.3:
                    add(
                        ox.Quad(
                            event, dkg("content"), ox.Literal(f"item {rng.randrange(500)}"), doc
                        )
                    )
                add(ox.Quad(event, dkg("negated"), typed(str(negated).lower(), "boolean"), doc))
                add(ox.Quad(event, dkg("modality"), dkg(modality.capitalize()), doc))
                add(
                    ox.Quad(
                        event,
                        dkg("confidence"),
                        typed(rng.choice(("0.5", "0.75", "0.9")), "decimal"),
                        doc,
                    )
                )
                add(ox.Quad(event, dkg("trigger"), ox.Literal(info.label), doc))
                add(ox.Quad(event, dkg("rule"), ox.Literal("synthetic"), doc))
                add(ox.Quad(event, DERIVED, sentence, doc))
            if index == 0 and number % 25 == 0:  # now and then a Troika membership list
                for member in troika:
                    event = ox.NamedNode(f"{doc.value}/event/m-{slugify(member.label)}")
                    add(ox.Quad(event, RDF_TYPE, dkg("Event"), doc))
                    add(ox.Quad(event, dkg("relation"), dkg("memberOf"), doc))
                    add(ox.Quad(event, dkg("source"), member.iri, doc))
                    add(ox.Quad(event, dkg("target"), troika_iri, doc))
                    add(ox.Quad(event, dkg("negated"), typed("false", "boolean"), doc))
                    add(ox.Quad(event, dkg("modality"), dkg("Asserted"), doc))
                    add(ox.Quad(event, dkg("confidence"), typed("0.8", "decimal"), doc))
                    add(ox.Quad(event, DERIVED, sentence, doc))
                    add(ox.Quad(member.iri, dkg("memberOf"), troika_iri, doc))
                    mentioned[member.iri.value] = member
                mentioned[troika_iri.value] = next(a for a in people if a.iri == troika_iri)
        for actor in list(mentioned.values()):  # and the bodies they are part of
            while actor.part_of is not None and actor.part_of.value not in mentioned:
                actor = by_iri[actor.part_of.value]
                mentioned[actor.iri.value] = actor
        for actor in mentioned.values():
            quads.extend(describe(actor, doc))
        written += len(quads)
        yield from quads


def ontology_quads() -> list[ox.Quad]:
    """The ontology in its own named graph, as the store keeps it."""
    data = ontology_graph().serialize(format="nt").encode("utf-8")
    graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
    return [
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in ox.parse(data, ox.RdfFormat.N_TRIPLES)
    ]


def write_nquads(path: Path, triples: int, *, seed: int = 7, ontology: bool = True) -> int:
    """Write the synthetic graph (and the ontology graph) as N-Quads; return the quad count."""
    count = 0

    def counted():
        nonlocal count
        extra = ontology_quads() if ontology else []
        for quad in itertools.chain(synthetic_quads(triples, seed=seed), extra):
            count += 1
            yield quad

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        ox.serialize(counted(), f, ox.RdfFormat.N_QUADS)
    return count


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("out/synthetic.nq")
    print(f"{write_nquads(target, size):,} quads -> {target}")
