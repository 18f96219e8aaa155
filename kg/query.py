"""Named SPARQL queries, parameters bound as RDF terms, results in the standard formats.

A named query is ``queries/NAME.rq``; its first comment line is its one-line description, and
a header line ``# param: actor = Taliban`` declares a parameter with an example value (used by
the tests and shown by ``kg query --list``). A parameter left unbound leaves its variable free,
so the query answers for every value.
Parameters (``--param actor=Taliban``) are bound to the query's variables as RDF terms through
Oxigraph's substitutions (SPARQL SEP-0007), never pasted into the query text, so a value can
never change what the query does. Results are written by Oxigraph's serialisers for the SPARQL
1.1 results formats (CSV, TSV, JSON, XML); the table is for people.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, QueryError
from kg.ontology import ID_IRI, PREFIXES
from kg.resources import queries_dir

RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PARAM = re.compile(r"^#\s*param:\s*([A-Za-z_]\w*)\s*=\s*(.+?)\s*$")
_STRIP = re.compile(r"#[^\n]*|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|<[^>\s]*>")


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query file in queries/."""

    name: str
    path: Path
    description: str
    text: str
    #: parameter name -> example value, from ``# param:`` header lines
    params: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_text(cls, name: str, path: Path, text: str) -> NamedQuery:
        return cls(name, path, _description(text), text, _params(text))


def _description(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#"):
            return line.lstrip("#").strip()
        if line:
            break
    return ""


def _params(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            break
        m = _PARAM.match(line)
        if m:
            found[m.group(1)] = m.group(2)
    return found


def list_queries() -> list[NamedQuery]:
    """Every named query, by name."""
    found = []
    for path in sorted(queries_dir().glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        found.append(NamedQuery.from_text(path.stem, path, text))
    return found


def load_query(spec: str) -> NamedQuery:
    """A query by name (``called-on``) or by path (``my.rq``)."""
    path = Path(spec)
    if spec.endswith(".rq") or path.suffix == ".rq" or "/" in spec:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"{spec}: no such query file") from None
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"{spec}: cannot read query file ({e})") from None
        if not text.strip():
            raise QueryError(f"{spec}: empty query file")
        return NamedQuery.from_text(path.stem, path, text)
    if not _NAME.match(spec):
        raise QueryError(
            f"{spec!r} is not a query name; give a name from `kg query --list` or a .rq file"
        )
    named = queries_dir() / f"{spec}.rq"
    if not named.is_file():
        names = ", ".join(q.name for q in list_queries())
        raise QueryError(f"unknown query {spec!r}; known queries: {names}")
    text = named.read_text(encoding="utf-8")
    return NamedQuery.from_text(spec, named, text)


def query_variables(text: str) -> set[str]:
    """Variable names a query mentions (comments, strings and IRIs ignored)."""
    bare = _STRIP.sub(" ", text)
    return set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", bare))


_FORM = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.IGNORECASE)
_GROUP_TOKENS = re.compile(r"\bWHERE\b|[{}()]", re.IGNORECASE)


def _where_group_start(sparql: str) -> int | None:
    """Offset just inside the opening brace of the query's WHERE group, if there is one."""
    masked = _STRIP.sub(lambda m: " " * len(m.group()), sparql)
    form = _FORM.search(masked)
    if form is None:
        return None
    # SELECT, ASK and DESCRIBE may leave out the WHERE keyword; CONSTRUCT has a template first
    in_where = form.group(1).upper() != "CONSTRUCT"
    parens = braces = 0
    for m in _GROUP_TOKENS.finditer(masked, form.end()):
        token = m.group()
        if token == "(":
            parens += 1
        elif token == ")":
            parens -= 1
        elif token == "}":
            braces -= 1
        elif token == "{":
            if parens == 0 and braces == 0 and in_where:
                return m.end()
            braces += 1
        elif parens == 0 and braces == 0:  # WHERE
            in_where = True
    return None


def values_clause(bindings: dict) -> str:
    """A ``VALUES`` block binding each variable to its term, terms written by Oxigraph (so a
    value can only ever be one RDF term)."""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def with_values(sparql: str, bindings: dict) -> list[str]:
    """Ways to send ``sparql`` with its parameters bound, best first: a ``VALUES`` block at
    the start of the WHERE group (engines join it before anything else), then one after the
    query (where the query binds a parameter with BIND, a leading one is not allowed)."""
    block = values_clause(bindings)
    texts = []
    start = _where_group_start(sparql)
    if start is not None:
        texts.append(f"{sparql[:start]}\n{block}\n{sparql[start:]}")
    texts.append(f"{sparql}\n{block}\n")
    return texts


def parse_term(value: str, resolve_actor=None) -> ox.NamedNode | ox.Literal:
    """A parameter value as an RDF term.

    ``<iri>`` is an IRI; ``prefix:name`` with a known prefix is an IRI; ``"text"@en`` and
    ``"12"^^xsd:integer`` are literals; a bare integer or decimal is a typed number;
    ``true``/``false`` are booleans; anything else is an actor name if ``resolve_actor`` finds
    one, else a plain string literal.
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return _iri(text[1:-1])
    m = re.fullmatch(r'"(.*)"(?:@([A-Za-z0-9-]+)|\^\^(\S+))?', text, re.DOTALL)
    if m:
        lexical, lang, datatype = m.groups()
        if lang:
            return ox.Literal(lexical, language=lang)
        if datatype:
            dt_iri = datatype[1:-1] if datatype.startswith("<") else _expand(datatype)
            return ox.Literal(lexical, datatype=_iri(dt_iri))
        return ox.Literal(lexical)
    prefix, _, local = text.partition(":")
    if local and prefix in PREFIXES and " " not in text:
        return _iri(PREFIXES[prefix] + local)
    if re.fullmatch(r"[+-]?\d+", text):
        return ox.Literal(text, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if re.fullmatch(r"[+-]?\d*\.\d+", text):
        return ox.Literal(text, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
    if text in ("true", "false"):
        return ox.Literal(text, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if resolve_actor is not None:
        iri = resolve_actor(text)
        if iri is not None:
            return ox.NamedNode(iri)
    return ox.Literal(text)


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    if prefix not in PREFIXES:
        raise QueryError(f"unknown prefix {prefix!r} in {curie!r}")
    return PREFIXES[prefix] + local


def _iri(text: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(text)
    except ValueError as e:
        raise QueryError(f"invalid IRI <{text}>: {e}") from None


def parse_params(params: list[str], query_text: str, resolve_actor=None) -> dict[str, object]:
    """``name=value`` pairs as RDF terms, each checked against the query's variables."""
    variables = query_variables(query_text)
    bound: dict[str, object] = {}
    for param in params:
        name, sep, value = param.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name:
            raise QueryError(f"--param {param!r}: expected name=value")
        if name not in variables:
            known = ", ".join(sorted(variables)) or "none"
            raise QueryError(f"--param {name}: the query has no variable ?{name} (it has: {known})")
        bound[name] = parse_term(value, resolve_actor)
    return bound


def actor_resolver(store):
    """A function from an actor name ("the US", "Taliban") to its IRI, via the knowledge base and
    the labels in the store."""
    from kg.iri import slugify
    from kg.knowledge import load_knowledge

    kb = load_knowledge()

    def base_key(surface: str) -> str | None:
        """The key of the actor a name of the knowledge base stands for on its own: a state by
        its name, adjective, demonym or capital (as the old dictionary's lookup did), an
        organisation, a group, a person, a seat's body."""
        for ref in kb.refs(surface):
            if ref.kind in ("state", "adjective", "demonym", "capital"):
                return kb.states[ref.key].key
            if ref.kind == "org":
                return ref.key
            if ref.kind in ("group", "group-adjective"):
                return ref.key
            if ref.kind == "person":
                return ref.key
            if ref.kind == "seat":
                body = kb.body(ref.key, ref.sector or "GOV")
                return body.key if body is not None else None
        return None

    def resolve(name: str) -> str | None:
        text = name.strip()
        for candidate in (text, text.removeprefix("the ").removeprefix("The ")):
            key = base_key(candidate)
            if key is not None:
                return f"{ID_IRI}actor/{key}"
        # the name is bound as a term to a variable the pattern computes (BIND), which the
        # embedded store (SEP-0007) and a remote endpoint (VALUES) both answer the same way
        rows = store.select(
            """SELECT ?a ?key WHERE { { ?a rdfs:label ?l } UNION { ?a skos:altLabel ?l }
                 ?a a/rdfs:subClassOf* dkg:Actor
                 BIND(LCASE(STR(?l)) AS ?key) } ORDER BY ?a LIMIT 1""",
            {"key": ox.Literal(text.lower())},
        )
        if rows:
            return rows[0]["a"].value
        guess = f"{ID_IRI}actor/{slugify(text)}"
        known = store.select("SELECT ?a WHERE { ?a ?p ?o } LIMIT 1", {"a": ox.NamedNode(guess)})
        return guess if known else None

    return resolve


def limit_results(results, n: int):
    """At most ``n`` solutions (or triples) of a result, still as pyoxigraph results.

    Oxigraph evaluates lazily, so a query without ORDER BY or GROUP BY stops working after
    ``n`` rows. The kept solutions are written as SPARQL TSV - each term by Oxigraph's own
    term serialiser - and parsed back, so every results format is still Oxigraph's.
    """
    if isinstance(results, ox.QueryBoolean):
        return results
    if not isinstance(results, ox.QuerySolutions):
        return list(itertools.islice(results, n))
    names = [v.value for v in results.variables]
    lines = ["\t".join(str(v) for v in results.variables)]
    for row in itertools.islice(results, n):
        lines.append("\t".join("" if row[name] is None else str(row[name]) for name in names))
    return ox.parse_query_results("\n".join(lines) + "\n", ox.QueryResultsFormat.TSV)


def compact(term: object) -> str:
    """A term as a person reads it in a table: prefixed names, bare literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        for prefix, base in PREFIXES.items():
            if iri.startswith(base) and len(iri) > len(base):
                return f"{prefix}:{iri[len(base) :]}"
        return f"<{iri}>"
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def nearest_actor_names(store, name: str, n: int = 5) -> list[str]:
    """The actor labels and aliases closest to ``name`` (for "did you mean"), best first."""
    import difflib

    rows = store.select(
        """SELECT DISTINCT ?l WHERE { { ?a rdfs:label ?l } UNION { ?a skos:altLabel ?l }
             ?a a/rdfs:subClassOf* dkg:Actor }"""
    )
    names = {row["l"].value for row in rows}
    by_lower = {n.lower(): n for n in names}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=n, cutoff=0.5)
    return [by_lower[c] for c in close]


def actor_parameters(text: str, resolve_actor) -> set[str]:
    """The parameters a query declares with an actor as example (``# param: actor = Taliban``):
    a value given for them must name an actor."""
    found = set()
    for name, example in _params(text).items():
        term = parse_term(example, resolve_actor)
        if isinstance(term, ox.NamedNode) and term.value.startswith(f"{ID_IRI}actor/"):
            found.add(name)
    return found
