"""``--param`` gives the answers of Oxigraph's own substitution (SPARQL SEP-0007), whatever the
query's shape: a differential test over generated queries (issue 12).

The old binding - one VALUES block at the start of the WHERE group - did not reach a FILTER in a
nested group, and answered 0 rows where substitution answered 54. Each generated query is run
twice on the same small dataset: with the value bound as kg binds it (the text
:func:`kg.query.bind_parameters` writes, which a remote endpoint receives too) and with
Oxigraph's substitution; the answers must be the same multiset.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.query import bind_parameters

EX = "http://example.org/"
PREFIX = f"PREFIX ex: <{EX}>\n"
XSD_INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def _dataset() -> ox.Store:
    """Nodes linked by two predicates in the default graph and two named graphs, with
    numbers and text as objects: small enough that every query is answered at once."""
    store = ox.Store()
    n = {k: ox.NamedNode(EX + k) for k in "abcde"}
    p, q = ox.NamedNode(EX + "p"), ox.NamedNode(EX + "q")
    triples = [
        (n["a"], p, n["b"]),
        (n["b"], p, n["c"]),
        (n["c"], p, n["a"]),
        (n["a"], q, ox.Literal("1", datatype=XSD_INT)),
        (n["b"], q, ox.Literal("2", datatype=XSD_INT)),
        (n["c"], q, ox.Literal("x")),
        (n["d"], q, n["a"]),
        (n["d"], p, n["d"]),
        (n["e"], q, ox.Literal("x", language="en")),
    ]
    for s, pr, o in triples:
        store.add(ox.Quad(s, pr, o))
    for graph, picks in (("g1", triples[:4]), ("g2", triples[3:8])):
        for s, pr, o in picks:
            store.add(ox.Quad(s, pr, o, ox.NamedNode(EX + graph)))
    return store


STORE = _dataset()
VARS = ["?v", "?a", "?b", "?c"]
NODES = ["ex:a", "ex:b", "ex:c", "ex:d", "ex:zz"]
LITERALS = ["1", "2", '"x"', '"x"@en']
VALUES_FOR_V = [
    ox.NamedNode(EX + "a"),
    ox.NamedNode(EX + "c"),
    ox.NamedNode(EX + "zz"),
    ox.Literal("1", datatype=XSD_INT),
    ox.Literal("x"),
]

var = st.sampled_from(VARS)
#: Oxigraph's substitution leaves the parameter unbound in BOUND(?v) and in BIND(?v AS ?x) -
#: while it is bound in the same solution's results and in BIND(STR(?v) AS ?x) - so the
#: generator keeps ?v out of those two places; test_where_oxigraph_substitution_errs pins them.
other_var = st.sampled_from([v for v in VARS if v != "?v"])
subject = st.one_of(var, st.sampled_from(NODES))
obj = st.one_of(var, st.sampled_from(NODES + LITERALS))
predicate = st.sampled_from(["ex:p", "ex:q", "ex:p*", "ex:p/ex:p", "^ex:p", "ex:p|ex:q", "?b"])


@st.composite
def triple(draw) -> str:
    return f"{draw(subject)} {draw(predicate)} {draw(obj)} ."


@st.composite
def expression(draw, depth: int, in_graph: bool = False) -> str:
    x, y = draw(var), draw(var)
    choices = [
        f"{x} = {draw(st.sampled_from(NODES + LITERALS))}",
        f"{x} != {y}",
        f"BOUND({draw(other_var)})",
        f"!BOUND({draw(other_var)})",
        f"isIRI({x})",
        f"sameTerm({x}, {y})",
        f"COALESCE({x}, ex:a) = ex:a",
    ]
    if depth > 0:
        choices.append(f"EXISTS {draw(group(depth - 1, in_graph))}")
        choices.append(f"NOT EXISTS {draw(group(depth - 1, in_graph))}")
    return draw(st.sampled_from(choices))


@st.composite
def element(draw, depth: int, in_graph: bool = False) -> str:
    # no VALUES under GRAPH: Oxigraph 0.5 answers GRAPH ?g { VALUES ?x { 1 } } with one row
    # and ?g unbound instead of a row per graph, a fault of its own whatever the parameters
    kinds = ["triple", "triple", "filter", "bind"] + ([] if in_graph else ["values"])
    if depth > 0:
        kinds += ["optional", "union", "minus", "group", "graph", "subselect"]
    kind = draw(st.sampled_from(kinds))
    if kind == "triple":
        return draw(triple())
    if kind == "filter":
        return f"FILTER({draw(expression(depth, in_graph))})"
    if kind == "bind":
        target = draw(st.sampled_from(["?d", "?e", "?v"]))
        sources = ["?a", "?b", "ex:a", "1"]
        if target != "?v":  # BIND(f(?v) AS ?v) reads the parameter it overwrites: not a query
            sources += ["STR(?v)", "COALESCE(?v, 1)"]
        source = draw(st.sampled_from(sources))
        return f"BIND({source} AS {target})"
    if kind == "values":
        name = draw(st.sampled_from(["?a", "?c", "?v"]))
        return f"VALUES {name} {{ ex:a ex:c 1 }}"
    if kind == "graph":
        inner = draw(group(depth - 1, True))
        return f"GRAPH {draw(st.sampled_from(['?g', 'ex:g1', '?v']))} {inner}"
    inner = draw(group(depth - 1, in_graph))
    if kind == "optional":
        return f"OPTIONAL {inner}"
    if kind == "union":
        return f"{inner} UNION {draw(group(depth - 1, in_graph))}"
    if kind == "minus":
        return f"MINUS {inner}"
    if kind == "subselect":
        projection = draw(
            st.one_of(
                st.just("*"), st.lists(var, min_size=1, max_size=3, unique=True).map(" ".join)
            )
        )
        return f"{{ SELECT {projection} WHERE {inner} }}"
    return inner


@st.composite
def group(draw, depth: int, in_graph: bool = False) -> str:
    elements = draw(st.lists(element(depth, in_graph), min_size=1, max_size=3))
    return "{ " + " ".join(elements) + " }"


@st.composite
def query(draw) -> str:
    # SELECT only: Oxigraph refuses substitutions in ASK and CONSTRUCT (its SEP-0007 rule asks
    # for the variable in a SELECT projection), and so does kg
    projection = draw(st.sampled_from(["?v ?a ?b ?c ?d", "?v ?a", "DISTINCT ?v ?b", "*"]))
    return f"{PREFIX}SELECT {projection} WHERE {draw(group(2))}"


def answer(text: str, substitutions: dict | None = None):
    """The answer as something comparable: a boolean, a multiset of rows, a set of triples."""
    results = STORE.query(text, substitutions=substitutions)
    if isinstance(results, ox.QueryBoolean):
        return bool(results)
    if isinstance(results, ox.QuerySolutions):
        names = [v.value for v in results.variables]
        return Counter(tuple(str(row[n]) for n in names) for row in results)
    return {str(t) for t in results}


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(query(), st.sampled_from(VALUES_FOR_V))
def test_bound_text_answers_as_substitution_does(text, value):
    try:
        expected = answer(text, {ox.Variable("v"): value})
    except (SyntaxError, OSError, RuntimeError):
        assume(False)  # a generated query the engine rejects either way: nothing to compare
        return
    bound = bind_parameters(text, {"v": value}, strict=True)
    if bound is None:
        # a query that assigns the parameter, or has GRAPH: the store uses substitution itself
        assume(False)
        return
    try:
        got = answer(bound)
    except SyntaxError:
        # the one shape VALUES blocks cannot express: a query with a VALUES clause after its
        # WHERE group and a parameter it binds itself; the store then uses substitution
        assume(False)
        return
    assert got == expected, bound


def test_a_filter_in_a_nested_group_sees_the_parameter():
    """The issue's reproducer: the old leading VALUES block gave 0 rows here."""
    text = f"{PREFIX}SELECT ?v ?o WHERE {{ ?s ex:q ?o {{ ?s ex:p ?x FILTER(?s = ?v) }} }}"
    value = ox.NamedNode(EX + "a")
    expected = answer(text, {ox.Variable("v"): value})
    assert sum(expected.values()) == 1
    old = text.replace("WHERE {", "WHERE { VALUES (?v) { (<http://example.org/a>) }", 1)
    assert sum(answer(old).values()) == 0  # what kg answered before
    assert answer(bind_parameters(text, {"v": value})) == expected


@pytest.mark.parametrize(
    "text",
    [
        # MINUS: the parameter is a shared variable, as under substitution
        "SELECT ?v ?a WHERE { ?a ex:q ?o MINUS { ?v ex:p ?z } }",
        # a sub-query that does not select ?v has a ?v of its own
        "SELECT ?v ?a WHERE { ?a ex:q ?l { SELECT ?l WHERE { ?x ex:q ?l FILTER(?x != ?v) } } }",
        # a BIND of the parameter keeps the rows that agree with the value
        "SELECT ?v ?s WHERE { ?s ex:p ?o BIND(?o AS ?v) }",
        # OPTIONAL in a nested group
        "SELECT ?v ?a WHERE { ?a ex:q ?l { ?a ex:p ?b OPTIONAL { ?b ex:p ?v } } }",
        # under GRAPH, a group without triples (Oxigraph collapses VALUES there; make fuzz)
        "SELECT ?v ?a WHERE { GRAPH ?g { ?v ex:p ?a . { SELECT ?v { FILTER(?v = ex:a) } } } }",
        "SELECT ?v ?g WHERE { GRAPH ?g { BIND(1 AS ?x) FILTER(?v = ex:a) } }",
        # SELECT * does not select a ?v that only a sub-query of its own mentions (make fuzz)
        "SELECT ?v ?a ?d WHERE { { SELECT * WHERE { MINUS { BIND(?a AS ?d) } "
        "{ SELECT ?a WHERE { ?v ex:p ?v . } } } } }",
    ],
)
def test_known_shapes(text):
    text = PREFIX + text
    for value in VALUES_FOR_V:
        expected = answer(text, {ox.Variable("v"): value})
        bound = bind_parameters(text, {"v": value}, strict=True)
        if bound is None:  # the store uses Oxigraph's substitution itself
            assert "GRAPH" in text or " AS ?v" in text
            continue
        assert answer(bound) == expected, (text, value)


FALSE = '"false"^^<http://www.w3.org/2001/XMLSchema#boolean>'
TRUE = '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'


def test_where_oxigraph_substitution_errs():
    """Two places where Oxigraph 0.5's substitution leaves the parameter unbound although the
    same solution holds it: kg binds it there too (as SEP-0007's "values insertion" does)."""
    value = ox.NamedNode(EX + "a")
    for text, substitution, kg in [
        ("SELECT ?v ?d WHERE { ?x ex:p ?o BIND(?v AS ?d) }", None, str(value)),
        ("SELECT ?v ?d WHERE { ?x ex:p ?o BIND(BOUND(?v) AS ?d) }", FALSE, TRUE),
    ]:
        text = PREFIX + text
        rows = answer(text, {ox.Variable("v"): value})
        assert {row[1] for row in rows} == {str(substitution)}
        rows = answer(bind_parameters(text, {"v": value}))
        assert {row[1] for row in rows} == {kg}
