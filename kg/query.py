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


# -- reading SPARQL text without an engine ------------------------------------------------------
#
# Some checks must happen before Oxigraph sees a query: its parser recurses once per nested
# bracket and overflows the stack (a segmentation fault, exit 139) somewhere past 2,000 levels,
# and it runs SERVICE clauses - requests to any URL the text names - as soon as a query starts.
# The scanner below masks comments, strings and IRIs and splits the rest into tokens, which is
# all these checks need; the grammar itself is left to Oxigraph.

#: Deepest nesting of ``{ ( [`` accepted. Hand-written queries stay under 20; Oxigraph's
#: parser crashed the process at 3,000 levels (it parsed 2,000), so this leaves a wide margin.
MAX_NESTING = 200
#: Longest query text accepted, in characters (the named queries are about 2,000).
MAX_QUERY_CHARS = 2_000_000
#: The first keyword of a SPARQL Update operation; ``kg query`` runs queries only.
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})

_MASK = re.compile(
    r"#[^\n\r]*"
    r'|"""(?:[^"\\]|\\.|"(?!""))*(?:"""|\Z)'
    r"|'''(?:[^'\\]|\\.|'(?!''))*(?:'''|\Z)"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>',
    re.DOTALL,
)
#: Stands for a masked string or IRI (a term); comments become blanks.
_TERM = "\x01"
_TOKEN = re.compile(
    r"(?P<var>[?$][\w\u00b7\u0300-\u036f\u203f\u2040]+)"
    r"|(?P<pname>(?:[^\W\d][\w.-]*)?:[\w.:%\\-]*)"
    r"|(?P<word>[A-Za-z_]\w*)"
    r"|(?P<open>[{(\[])"
    r"|(?P<close>[})\]])"
    r"|(?P<term>\x01)"
    r"|(?P<other>\S)"
)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # var, pname, word, open, close, term, other
    text: str
    start: int
    end: int

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


def _mask(sparql: str) -> str:
    """The text with comments blanked and each string or IRI turned into one term mark and
    blanks: same length, so offsets still point into the original."""

    def blank(m: re.Match) -> str:
        text = m.group()
        return " " * len(text) if text.startswith("#") else _TERM + " " * (len(text) - 1)

    return _MASK.sub(blank, sparql)


def _tokens(sparql: str) -> list[_Token]:
    masked = _mask(sparql)
    return [
        _Token(m.lastgroup or "other", sparql[m.start() : m.end()], m.start(), m.end())
        for m in _TOKEN.finditer(masked)
    ]


def nesting_depth(sparql: str) -> int:
    """How deep ``{``, ``(`` and ``[`` nest in the query (comments, strings, IRIs ignored)."""
    depth = deepest = 0
    for m in re.finditer(r"[{(\[\])}]", _mask(sparql)):
        if m.group() in "{([":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)
    return deepest


def query_form(sparql: str) -> str | None:
    """The query's first keyword after its PREFIX and BASE declarations, upper-cased
    (SELECT, ASK, ..., or an update's DROP, INSERT, ...); None if there is none."""
    tokens = _tokens(sparql)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.is_word("PREFIX"):
            i += 3  # PREFIX ex: <iri>
        elif token.is_word("BASE"):
            i += 2  # BASE <iri>
        elif token.kind == "word":
            return token.text.upper()
        else:
            return None
    return None


def calls_service(sparql: str) -> bool:
    """Whether the query has a SERVICE clause (a request to another endpoint)."""
    return any(t.is_word("SERVICE") for t in _tokens(sparql))


def check_query(sparql: str, *, allow_service: bool = False) -> None:
    """Refuse, before any engine parses it, a query that would crash the parser, make
    requests the user did not ask for, or change data: too long or too deeply nested text,
    text that is not Unicode, an update, or a SERVICE clause without ``allow_service``.

    >>> check_query("DROP ALL")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.QueryError: kg query runs queries (...), not updates: DROP was not run
    """
    if len(sparql) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(sparql):,} characters long; kg takes at most "
            f"{MAX_QUERY_CHARS:,} (put long lists of values in the store instead)"
        )
    try:
        sparql.encode("utf-8")
    except UnicodeEncodeError as e:
        raise QueryError(
            f"the query holds a character that is not Unicode text (at character {e.start}); "
            "check the encoding of the file or the terminal"
        ) from None
    depth = nesting_depth(sparql)
    if depth > MAX_NESTING:
        raise QueryError(
            f"the query nests brackets {depth:,} deep; kg takes at most {MAX_NESTING} levels "
            "(deeper nesting crashes the SPARQL parser)"
        )
    form = query_form(sparql)
    if form in UPDATE_KEYWORDS:
        raise QueryError(
            "kg query runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE), not updates: "
            f"{form} was not run"
        )
    if not allow_service and calls_service(sparql):
        raise QueryError(
            "the query has a SERVICE clause, which sends requests to the URL it names; kg "
            "makes no such request unless you pass --allow-service"
        )


def without_service(sparql: str) -> str:
    """The query with each ``SERVICE [SILENT]`` turned into ``GRAPH``: the same grammar, so
    Oxigraph can parse and check the text on an empty store without sending a request."""
    out = list(sparql)
    tokens = _tokens(sparql)
    for i, token in enumerate(tokens):
        if token.is_word("SERVICE"):
            out[token.start : token.end] = "GRAPH".ljust(token.end - token.start)
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            if following is not None and following.is_word("SILENT"):
                out[following.start : following.end] = " " * (following.end - following.start)
    return "".join(out)


# -- parameters: bound as Oxigraph's substitution binds them --------------------------------------
#
# Oxigraph's substitution (SPARQL SEP-0007) binds a parameter in every group of the query, as an
# initial binding would: a FILTER in a nested group or a MINUS sees the value. One VALUES block
# at the start of the WHERE group does not reach those (SPARQL evaluates a nested group on its
# own, then joins it): it gave 0 rows where substitution gave 54. So the value goes in a VALUES
# block at the start of *every* group in the variable's scope - not into a sub-query that does
# not select the variable (a different variable there), nor into a group that binds the variable
# itself with ``... AS ?v`` (its join with the value keeps the rows that agree, as substitution
# does). tests/test_param_differential.py checks this against Oxigraph's own substitution over
# generated query shapes. Engines join such a block before anything else, which keeps
# parametrised queries as fast as with a constant.


def _where_group_start(sparql: str) -> int | None:
    """Offset just inside the opening brace of the query's WHERE group, if there is one."""
    tokens = _tokens(sparql)
    index = _where_group_index(tokens)
    return None if index is None else tokens[index].end


def _where_group_index(tokens: list[_Token]) -> int | None:
    """Index of the ``{`` token opening the WHERE group."""
    form = next((i for i, t in enumerate(tokens) if t.is_word(*QUERY_FORMS)), None)
    if form is None:
        return None
    # SELECT, ASK and DESCRIBE may leave out the WHERE keyword; CONSTRUCT has a template first
    in_where = not tokens[form].is_word("CONSTRUCT")
    parens = braces = 0
    for i in range(form + 1, len(tokens)):
        token = tokens[i]
        if token.text in ("(", "["):
            parens += 1
        elif token.text in (")", "]"):
            parens -= 1
        elif token.text == "}":
            braces -= 1
        elif token.text == "{":
            if parens == 0 and braces == 0 and in_where:
                return i
            braces += 1
        elif token.is_word("WHERE") and parens == 0 and braces == 0:
            in_where = True
    return None


def values_clause(bindings: dict) -> str:
    """A ``VALUES`` block binding each variable to its term, terms written by Oxigraph (so a
    value can only ever be one RDF term)."""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def bind_parameters(sparql: str, bindings: dict, *, strict: bool = False) -> str | None:
    """``sparql`` with its parameters bound as Oxigraph's substitution binds them, in text
    any SPARQL 1.1 engine reads: a ``VALUES`` block at the start of every group in each
    variable's scope (see above), and one after the query for a variable that the WHERE group
    binds itself. None when the braces do not balance (the parser will say why), and with
    ``strict`` also when the query assigns a parameter (``BIND(... AS ?v)``, a sub-query's
    ``(... AS ?v)``): there an expression that fails leaves the value standing in the VALUES
    reading but drops the row under Oxigraph's substitution, which the embedded store then
    uses itself.

    >>> print(bind_parameters("SELECT ?a { ?a ?p ?o { ?o ?q ?a } }", {"a": ox.NamedNode("urn:x")}))
    SELECT ?a {
    VALUES (?a) { (<urn:x>) }
     ?a ?p ?o {
    VALUES (?a) { (<urn:x>) }
     ?o ?q ?a } }
    """
    tokens = _tokens(sparql)
    where = _where_group_index(tokens)
    if where is None:
        return f"{sparql}\n{values_clause(bindings)}\n"
    closing: dict[int, int] = {}  # index of a "{" -> index of its "}"
    children: dict[int, list[int]] = {}  # index of a "{" -> the groups directly inside it
    owner: list[int | None] = []  # per token: the innermost "{" around it
    stack: list[int] = []
    for i, token in enumerate(tokens):
        owner.append(stack[-1] if stack else None)
        if token.text == "{":
            if stack:
                children.setdefault(stack[-1], []).append(i)
            stack.append(i)
        elif token.text == "}":
            if not stack:
                return None
            closing[stack.pop()] = i
    if stack:
        return None
    # variables that a group binds itself with "... AS ?v" (BIND, or a sub-query's projection)
    bound_here: dict[int, set[str]] = {}
    for i, token in enumerate(tokens[:-1]):
        group = owner[i]
        if group is not None and token.is_word("AS") and tokens[i + 1].kind == "var":
            bound_here.setdefault(group, set()).add(tokens[i + 1].text[1:])

    if strict and any(set(bindings) & names for names in bound_here.values()):
        return None
    # Inside GRAPH, Oxigraph 0.5 evaluates a group that starts with VALUES or BIND apart from
    # the graph (GRAPH ?g { VALUES ?x { 1 } } gives one row with ?g unbound, not one per
    # graph), so no block goes there: a parameter is joined from outside, which is exact for
    # triple patterns, not for a FILTER or a MINUS inside; with ``strict`` a query with GRAPH
    # gets Oxigraph's substitution instead, exact everywhere.
    if strict and any(
        t.text == "{" and _is_graph_body(tokens, i) and i > where for i, t in enumerate(tokens)
    ):
        return None
    inserts: list[tuple[int, str]] = []

    def visit(group: int, scope: set[str]) -> None:
        scope = scope - bound_here.get(group, set())
        if _is_graph_body(tokens, group):
            return  # see below: nothing goes inside GRAPH
        after = tokens[group + 1]
        if after.is_word("SELECT"):
            # a sub-query: the value reaches inside only for the variables it selects
            scope = _selected(tokens, group + 1, closing[group], scope)
        elif scope:
            chosen = {n: bindings[n] for n in bindings if n in scope}
            inserts.append((tokens[group].end, values_clause(chosen)))
        for child in children.get(group, []):
            if not _is_values_data(tokens, child):
                visit(child, scope)

    visit(where, set(bindings))
    text = sparql
    for offset, block in sorted(inserts, reverse=True):
        text = f"{text[:offset]}\n{block}\n{text[offset:]}"
    outside = {n: bindings[n] for n in bindings if n in bound_here.get(where, set())}
    if outside:
        text = f"{text}\n{values_clause(outside)}\n"
    return text


def _is_graph_body(tokens: list[_Token], brace: int) -> bool:
    """Whether the ``{`` at index ``brace`` opens the pattern of ``GRAPH ?g``/``GRAPH <g>``."""
    return brace >= 2 and tokens[brace - 2].is_word("GRAPH")


def _is_values_data(tokens: list[_Token], brace: int) -> bool:
    """Whether the ``{`` at index ``brace`` opens the data of a VALUES clause, not a group."""
    before = tokens[brace - 1] if brace >= 1 else None
    if before is None:
        return False
    if before.kind == "var":
        return brace >= 2 and tokens[brace - 2].is_word("VALUES")
    if before.text == ")":
        depth = 0
        for i in range(brace - 1, -1, -1):
            if tokens[i].text == ")":
                depth += 1
            elif tokens[i].text == "(":
                depth -= 1
                if depth == 0:
                    return i >= 1 and tokens[i - 1].is_word("VALUES")
    return False


def _selected(tokens: list[_Token], select: int, end: int, scope: set[str]) -> set[str]:
    """The variables of ``scope`` that the sub-query starting at token ``select`` selects as
    themselves (``*``, or ``?v`` outside an expression)."""
    chosen: set[str] = set()
    parens = 0
    for token in tokens[select + 1 : end]:
        if token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        elif parens == 0 and (token.is_word("WHERE") or token.text == "{"):
            break
        elif parens == 0 and token.text == "*":
            return {n for n in scope if _in_scope(tokens, select, end, n)}
        elif parens == 0 and token.kind == "var" and token.text[1:] in scope:
            chosen.add(token.text[1:])
    return chosen


def _in_scope(tokens: list[_Token], start: int, end: int, name: str) -> bool:
    """Whether variable ``name`` is in scope in tokens ``start..end`` (what ``SELECT *``
    selects): bound by a pattern, a VALUES or an ``AS``, not only read by an expression, not
    only inside MINUS or EXISTS, not only inside a sub-query that does not select it."""
    parens = 0
    hidden: list[int] = []  # brace depths of the MINUS and EXISTS groups we are in
    braces = 0
    i = start
    while i < end:
        token = tokens[i]
        if token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        elif token.text == "{":
            if i + 1 < end and tokens[i + 1].is_word("SELECT"):
                close = _matching(tokens, i)
                if not _selected(tokens, i + 1, close, {name}):
                    i = close + 1  # a sub-query with a variable of its own by that name
                    continue
            braces += 1
            if i >= 1 and tokens[i - 1].is_word("MINUS", "EXISTS"):
                hidden.append(braces)
        elif token.text == "}":
            if hidden and hidden[-1] == braces:
                hidden.pop()
            braces -= 1
        elif (
            token.kind == "var"
            and token.text[1:] == name
            and not hidden
            and (parens == 0 or tokens[i - 1].is_word("AS"))
        ):
            return True
        i += 1
    return False


def _matching(tokens: list[_Token], opening: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``opening`` (the last token if none does)."""
    depth = 0
    for i in range(opening, len(tokens)):
        if tokens[i].text == "{":
            depth += 1
        elif tokens[i].text == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(tokens) - 1


def with_values(sparql: str, bindings: dict, *, strict: bool = False) -> list[str]:
    """Texts to send for ``sparql`` with its parameters bound, best first (see
    :func:`bind_parameters`); when an engine rejects them all, the embedded store uses
    Oxigraph's own substitution."""
    text = bind_parameters(sparql, bindings, strict=strict)
    return [text] if text is not None else []


def parse_term(value: str, resolve_actor=None) -> ox.NamedNode | ox.Literal:
    """A parameter value as an RDF term.

    ``<iri>`` is an IRI; ``prefix:name`` with a known prefix is an IRI; ``"text"@en`` and
    ``"12"^^xsd:integer`` are literals; a bare integer or decimal is a typed number;
    ``true``/``false`` are booleans; anything else is an actor name if ``resolve_actor`` finds
    one, else a plain string literal.
    """
    text = value.strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError(
            f"--param value {value.encode('utf-8', 'backslashreplace').decode()!r} is not "
            "Unicode text (check the terminal's encoding)"
        ) from None
    if text.startswith("<") and text.endswith(">"):
        return _iri(text[1:-1])
    m = re.fullmatch(r'"(.*)"(?:@([A-Za-z0-9-]+)|\^\^(\S+))?', text, re.DOTALL)
    if m:
        lexical, lang, datatype = m.groups()
        try:
            if lang:
                return ox.Literal(lexical, language=lang)
            if datatype:
                dt_iri = datatype[1:-1] if datatype.startswith("<") else _expand(datatype)
                return ox.Literal(lexical, datatype=_iri(dt_iri))
            return ox.Literal(lexical)
        except ValueError as e:  # a malformed language tag ("x"@-)
            raise QueryError(f"--param value {text!r} is not an RDF literal: {e}") from None
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

    def base_key(surface: str) -> str | None:
        """The key of the actor a name of the knowledge base stands for on its own: a state by
        its name, adjective, demonym or capital (as the old dictionary's lookup did), an
        organisation, a group, a person, a seat's body."""
        # loaded on the first name only (about 0.7 s): a query without actor names, which
        # runs in a fresh child process each time, does not pay for it
        kb = load_knowledge()
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
