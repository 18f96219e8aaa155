"""The library API behind each ``kg`` command, callable from a notebook just the same.

>>> from kg.api import extract_paths, run_query          # doctest: +SKIP
>>> extract_paths(["seeds/"], "kg-store").summary()
'1 document: 1 added, 0 updated, 0 unchanged; 25 events'
>>> print(run_query("kg-store", spec="called-on"))
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kg.errors import InputError, Interrupted, KgWarning, QueryError
from kg.store import is_endpoint, open_store
from kg.view import FACTS, Selection

#: A store location: a folder of the embedded store, or the URL of a SPARQL endpoint.
Location = str | Path | None

if TYPE_CHECKING:
    from kg.evaluation.actors import ActorScore
    from kg.evaluation.score import Evaluation, Leniency


#: Documents between flushes of the store's write buffers during a long extraction.
FLUSH_EVERY = 50
#: Documents written by one run after which ``kg extract`` compacts the store (kg optimize).
OPTIMIZE_AFTER = 500


@dataclass
class ExtractReport:
    """What one extraction run did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    events: int = 0
    out: Path | None = None
    actors: set[str] = field(default_factory=set)
    #: "where: why" for each input left out by ``skip_invalid``
    skipped: list[str] = field(default_factory=list)
    #: folders that could not be searched
    unreadable: list[str] = field(default_factory=list)
    #: whether the run compacted the store at its end (after many documents)
    optimized: bool = False

    @property
    def documents(self) -> int:
        return self.added + self.updated + self.unchanged

    def counts(self) -> str:
        """The documents by outcome: "3 documents (2 added, 1 updated, 0 unchanged)"."""
        plural = "" if self.documents == 1 else "s"
        return (
            f"{self.documents} document{plural} ({self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged)"
        )

    def summary(self) -> str:
        plural = "" if self.documents == 1 else "s"
        text = (
            f"{self.documents} document{plural}: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.events} events, {len(self.actors)} actors extracted"
        )
        if self.skipped:
            n = len(self.skipped)
            text += f"; skipped {n:,} invalid input{'s' if n != 1 else ''}"
        if self.unreadable:
            n = len(self.unreadable)
            text += f"; {n:,} folder{'s' if n != 1 else ''} could not be read"
        if self.out is not None:
            text += f"; wrote {self.out}"
        if self.optimized:
            text += "; compacted the store (kg optimize)"
        return text


def extract_paths(
    paths: list[str | Path],
    store_path: Location,
    *,
    date: dt.date | None = None,
    out: Path | None = None,
    workers: int = 1,
    progress: bool | None = None,
    skip_invalid: bool = False,
) -> ExtractReport:
    """Extract files, folders and JSON Lines into the store (see ``kg extract``).

    ``store_path`` is a store folder or a SPARQL endpoint URL. Every input is read and checked
    first; a bad one raises :class:`InputError` before the store is opened (an endpoint is
    reached before anything is parsed). Documents are then streamed through the parser and
    each is stored in its own transaction. Ctrl-C stops between two documents: every finished
    document is kept, the store is closed, and :class:`kg.errors.Interrupted` says how many were
    kept. ``progress`` draws a bar on stderr (None: only when stderr is a terminal).

    Every bad input is named in one :class:`InputError`; with ``skip_invalid`` the good
    documents are stored and the bad ones listed in the report's ``skipped``. Folders that
    cannot be read are warned about and listed in ``unreadable``.
    """
    from kg.export import format_for, write_quads
    from kg.extract import extract_sources
    from kg.progress import deferred_interrupt, progress_bar
    from kg.rdf import document_iri, extractor_description
    from kg.sources import iter_sources, survey_inputs

    survey = survey_inputs(paths)
    if survey.problems and not skip_invalid:
        raise survey.error()
    for message in survey.unreadable:
        warnings.warn(f"{message}; its files are left out", KgWarning, stacklevel=2)
    total = survey.count
    out_format = format_for(Path(out)) if out is not None else None
    report = ExtractReport(out=out, skipped=survey.problems, unreadable=survey.unreadable)
    extractor = extractor_description()
    wanted: list[str] = []
    try:
        with (
            open_store(store_path) as store,
            progress_bar(total, "Extracting", enabled=progress) as advance,
        ):

            def pending():
                for source in iter_sources(paths, date=date, skip_invalid=skip_invalid):
                    doc = str(document_iri(source.identifier))
                    wanted.append(doc)
                    if store.is_current(doc, source, extractor):
                        report.unchanged += 1
                        advance(0)
                        continue
                    yield source

            for extraction in extract_sources(pending(), workers=workers):
                with deferred_interrupt():  # a document and its count, or neither
                    status = store.put(extraction)
                    setattr(report, status, getattr(report, status) + 1)
                    report.events += len(extraction.events)
                    report.actors.update(a.key for a in extraction.actors)
                    if (report.added + report.updated) % FLUSH_EVERY == 0:
                        store.flush()  # bounds the store's write buffers: memory stays flat
                advance(len(extraction.source.text.split()))
            if report.added + report.updated >= OPTIMIZE_AFTER:
                # many small transactions leave many small files: compacting them once makes
                # the join-heavy queries faster (docs/performance.md has the figures)
                report.optimized = store.optimize()
            if out is not None and out_format is not None:
                try:
                    write_quads(store.graph_quads(wanted), Path(out), out_format)
                except InputError as e:
                    raise InputError(
                        f"{e}; the documents were stored ({report.counts()}), and the same "
                        f"command run again writes {out}"
                    ) from None
    except KeyboardInterrupt:
        raise Interrupted(
            f"kept {report.counts()}; the store is closed and intact, and the same command "
            "goes on where this run stopped"
        ) from None
    return report


def evaluate_gold(
    path: str | Path,
    *,
    re3d: bool = False,
    workers: int = 1,
    leniency: Leniency | None = None,
    progress: bool | None = None,
) -> Evaluation:
    """Extract every document of a gold file and score its events (see ``kg evaluate``).

    The gold is our format (documents with relations by actor label), a sentence set coded
    with source and target phrases (conflibert-dev's format, recognised by its "events"), or
    with ``re3d`` the re3d development set's ``documents.jsonl``. Scores are strict unless a
    ``leniency`` is given. No store is used.

    >>> result = evaluate_gold("tests/gold/troika-calls-for-calm.jsonl")   # doctest: +SKIP
    >>> result.pair.precision, result.pair.recall                          # doctest: +SKIP
    (1.0, 1.0)
    """
    from kg.evaluation.gold import (
        GoldDocument,
        is_sentence_set,
        load_gold,
        load_re3d,
        load_sentences,
    )
    from kg.evaluation.score import Evaluator
    from kg.extract import extract_sources
    from kg.progress import progress_bar

    if re3d:
        gold = load_re3d(path)
    elif is_sentence_set(path):
        gold = load_sentences(path)
    else:
        gold = load_gold(path)
    evaluator = Evaluator(gold, leniency)
    pending: dict[str, GoldDocument] = {}

    def sources():
        for document in gold.documents():
            pending[document.source.identifier] = document
            yield document.source

    with progress_bar(gold.count, "Evaluating", enabled=progress) as advance:
        for extraction in extract_sources(sources(), workers=workers):
            evaluator.add(pending.pop(extraction.source.identifier), extraction)
            advance(len(extraction.source.text.split()))
    return evaluator.result()


def evaluate_actor_phrases(path: str | Path) -> ActorScore:
    """Resolve every phrase of an actor-phrase test set and score country and sector.

    >>> evaluate_actor_phrases("tests/data/actor_phrases.jsonl").share   # doctest: +SKIP
    0.93
    """
    from kg.evaluation.actors import score_actor_phrases

    return score_actor_phrases(path)


def list_named_queries() -> list[tuple[str, str]]:
    """(name, description) of every named query."""
    from kg.query import list_queries

    return [(q.name, q.description) for q in list_queries()]


def describe_named_queries() -> list[dict]:
    """Every named query: name, description and declared parameters with example values."""
    from kg.query import list_queries

    return [
        {"name": q.name, "description": q.description, "params": dict(q.params)}
        for q in list_queries()
    ]


def run_query(
    store_path: Location,
    *,
    spec: str | None = None,
    text: str | None = None,
    fmt: str = "table",
    params: list[str] | None = None,
    reason: bool = False,
    timeout: float | None = None,
    limit: int | None = None,
    allow_service: bool = False,
    selection: Selection | None = None,
    out: BinaryIO | None = None,
) -> str:
    """Run a named query, a .rq file or SPARQL text; return the formatted result.

    ``store_path`` is a store folder or a SPARQL endpoint URL. ``reason`` answers with OWL 2
    RL inferences over the actor graph too (embedded store only). ``timeout`` stops the query
    after that many seconds (embedded store: the worker process is killed at the deadline;
    endpoint: the HTTP request's limit). ``limit`` keeps the first rows only. A SERVICE clause
    (a request to the URL it names) runs only with ``allow_service``. ``selection`` sets which
    events the query's event-view line admits (facts by default; see :mod:`kg.view`).

    The query runs in a child process (:mod:`kg.deadline`), so that whatever the engine does
    - Oxigraph 0.5 aborts the process on some ORDER BY queries - the caller gets an error,
    never a crash. With ``out`` (a binary stream), csv, tsv, json, xml and RDF results are
    written there as the child serialises them (through a pipe, a chunk at a time: rows are
    never gathered in either process), and "" is returned; a table is returned as text.
    """
    from kg.deadline import DeadlineExceeded, WorkerCrashed, call_with_deadline
    from kg.query import check_query, load_query
    from kg.view import apply_selection

    if text is None:
        if spec is None:
            raise QueryError("no query given")
        text = load_query(spec).text
    if not text.strip():
        raise QueryError("empty query")
    text = apply_selection(text, selection or FACTS)
    if timeout is not None and timeout <= 0:
        raise QueryError("--timeout must be a positive number of seconds")
    if limit is not None and limit < 0:
        raise QueryError("--limit must be zero or more")
    # before any engine sees the text: the selection is applied first, so what is checked is
    # exactly what runs
    check_query(text, allow_service=allow_service)
    remote = store_path is not None and is_endpoint(store_path)
    try:
        return call_with_deadline(
            _answer_query,
            store_path,
            text,
            fmt,
            list(params or []),
            reason,
            limit,
            allow_service,
            timeout=timeout if remote else None,
            seconds=None if remote else timeout,
            stream=out,
        )
    except DeadlineExceeded:
        raise QueryError(
            f"the query did not finish within {timeout:g} s and was stopped; narrow it, add "
            "LIMIT, or raise --timeout"
        ) from None
    except WorkerCrashed as e:
        raise _crash_error(e, text) from None


def _crash_error(e, text: str) -> QueryError:
    """What to say when the process answering a query died."""
    import signal

    if e.signal == signal.SIGKILL:
        return QueryError(
            "the query was stopped by the system (SIGKILL), most likely for want of memory; "
            "narrow it or add LIMIT"
        )
    what = f"exit code {e.exitcode}" if e.signal is None else signal.Signals(e.signal).name
    hint = ""
    if "ORDER" in text.upper():
        hint = (
            "; Oxigraph 0.5 aborts when ORDER BY compares numbers with text: order by "
            "STR(?x), or keep one type per sorted variable"
        )
    return QueryError(
        f"the SPARQL engine crashed on this query ({what}); nothing was changed{hint}"
    )


def _answer_query(
    store_path: Location,
    text: str,
    fmt: str,
    params: list[str],
    reason: bool,
    limit: int | None,
    allow_service: bool = False,
    *,
    timeout: float | None = None,
    out: BinaryIO | None = None,
) -> str:
    from kg.query import actor_resolver, parse_params

    with open_store(store_path, read_only=True, timeout=timeout) as store:
        resolve = actor_resolver(store)
        bindings = parse_params(params, text, resolve)
        _check_actor_params(store, text, bindings, resolve)
        if reason:
            from kg.reason import reasoned

            with reasoned(store) as copy:
                results = copy.query(text, bindings, allow_service=allow_service)
                return _formatted(results, fmt, limit, store.location, out)
        results = store.query(text, bindings, allow_service=allow_service)
        return _formatted(results, fmt, limit, store.location, out)


def _formatted(results, fmt: str, limit: int | None, location: str, out=None) -> str:
    """Results formatted (or written to ``out``, see :func:`format_results`), with what goes
    wrong while they are read (a SERVICE request that fails, an endpoint's malformed answer)
    said in one line."""
    from kg.errors import StoreError
    from kg.query import limit_results
    from kg.store import _first_line

    try:
        if limit is not None:
            results = limit_results(results, limit)
        return format_results(results, fmt, out=out)
    except SyntaxError as e:
        raise StoreError(
            f"{location} sent an answer that cannot be read: {_first_line(e)}"
        ) from None
    except OSError as e:
        raise StoreError(f"reading the answer failed: {_first_line(e)}") from None
    except RuntimeError as e:
        raise QueryError(f"the query failed: {_first_line(e)}") from None


def _check_actor_params(store, text: str, bindings: dict, resolve) -> None:
    """A parameter the query declares as an actor (its example is one) must name an actor:
    a name that resolves to nothing is an error suggesting the nearest names, not 0 rows."""
    import pyoxigraph as ox

    from kg.query import actor_parameters, nearest_actor_names

    if not bindings:
        return
    for name in actor_parameters(text, resolve) & set(bindings):
        term = bindings[name]
        if (
            isinstance(term, ox.Literal)
            and not term.language
            and term.datatype.value.endswith("#string")
        ):
            near = nearest_actor_names(store, term.value)
            hint = f"; did you mean: {', '.join(near)}?" if near else "; see `kg query actors`"
            raise QueryError(f"--param {name}={term.value}: no actor of that name{hint}")


def explain_query(
    store_path: Location,
    *,
    spec: str | None = None,
    text: str | None = None,
    params: list[str] | None = None,
    selection: Selection | None = None,
    timeout: float | None = None,
    allow_service: bool = False,
) -> str:
    """Oxigraph's plan for a query as ``kg query`` would run it (embedded store only).

    The ``oxigraph`` program runs the query once to count what each step gives, so the text
    is checked as for :func:`run_query` first (no update, no SERVICE unless
    ``allow_service``), and the program reads what this process reads: the store under the
    readers' lock, or beside a writer the writer's latest snapshot (:mod:`kg.storelock`).
    """
    from kg.explain import explain
    from kg.query import actor_resolver, check_query, load_query, parse_params, with_values
    from kg.store import _with_prefixes
    from kg.view import apply_selection

    if store_path is None or is_endpoint(store_path):
        raise QueryError("--explain works on the embedded store (a server has its own tools)")
    if text is None:
        if spec is None:
            raise QueryError("no query given")
        text = load_query(spec).text
    if not text.strip():
        raise QueryError("empty query")
    text = apply_selection(text, selection or FACTS)
    check_query(text, allow_service=allow_service)
    with open_store(store_path, read_only=True) as store:
        resolve = actor_resolver(store)
        bindings = parse_params(list(params or []), text, resolve)
        _check_actor_params(store, text, bindings, resolve)
        # the VALUES reading kg query runs first; where the store falls back on Oxigraph's own
        # substitution (it has no text form) the plan is that of the plain VALUES reading
        texts = with_values(text, bindings, strict=True) or with_values(text, bindings)
        sparql = (texts or [text])[0] if bindings else text
        folder = store.reads_from or Path(store_path)
        return explain(folder, _with_prefixes(sparql), timeout=timeout)


def format_results(results, fmt: str, *, out: BinaryIO | None = None) -> str:
    """SELECT/ASK results as a table or a SPARQL results format; CONSTRUCT as RDF.

    With ``out``, every format but the table is written there as it is serialised (rows are
    not gathered first) and "" is returned.
    """
    import pyoxigraph as ox

    from kg.export import RDF_FORMATS
    from kg.ontology import PREFIXES
    from kg.query import RESULT_FORMATS

    if not isinstance(results, ox.QuerySolutions | ox.QueryBoolean):
        rdf_fmt = "turtle" if fmt == "table" else fmt
        if rdf_fmt not in RDF_FORMATS:
            raise QueryError(f"a CONSTRUCT or DESCRIBE result cannot be written as {fmt}")
        if out is not None and fmt != "table":
            ox.serialize(results, out, RDF_FORMATS[rdf_fmt][0], prefixes=PREFIXES)
            return ""
        triples = list(results)
        data = ox.serialize(triples, None, RDF_FORMATS[rdf_fmt][0], prefixes=PREFIXES)
        assert data is not None  # no output given: the bytes are returned
        return data.decode("utf-8")
    if fmt in RESULT_FORMATS:
        if out is not None:
            results.serialize(out, format=RESULT_FORMATS[fmt])
            return ""
        serialized = results.serialize(format=RESULT_FORMATS[fmt])
        assert serialized is not None  # no output given: the bytes are returned
        return serialized.decode("utf-8")
    if fmt != "table":
        raise QueryError(f"a SELECT or ASK result cannot be written as {fmt}")
    if isinstance(results, ox.QueryBoolean):
        return "true" if bool(results) else "false"
    return _table(results)


#: Rows a table shows at most: a person reads no more, and drawing 40,000 rows as a grid took
#: 13 s where CSV streams them in well under a second.
TABLE_ROWS = 1000
#: Characters of a cell a table shows at most (a long sentence ends in "…").
CELL_CHARS = 300
#: Columns no wider than this (codes, dates, flags) are never wrapped.
SHORT_COLUMN = 12


def _table(results, max_rows: int = TABLE_ROWS) -> str:
    from kg.query import compact

    names = [v.value for v in results.variables]
    rows: list[list[str]] = []
    more = 0
    for row in results:
        if len(rows) < max_rows:
            rows.append([compact(row[n]) for n in names])
        else:
            more += 1  # counted, not drawn
    text = render_table(names, rows)
    if more:
        total = len(rows) + more
        return text + (
            f"{len(rows):,} of {total:,} rows shown; all of them with --format csv (or tsv, "
            "json, xml), or fewer with --limit\n"
        )
    return text + f"{len(rows)} row{'s' if len(rows) != 1 else ''}\n"


def table_width() -> int:
    """The terminal's width (``COLUMNS`` when set; 120 when there is no terminal)."""
    import shutil

    return max(40, shutil.get_terminal_size((120, 24)).columns)


def render_table(columns: list[str], rows: list[list[str]], width: int | None = None) -> str:
    """A plain-text table for people, as wide as the terminal: long cells wrap inside their
    column (past :data:`CELL_CHARS` they are cut with "…"), so the grid never breaks."""
    from rich.console import Console
    from rich.table import Table

    cells = [
        [c if len(c) <= CELL_CHARS else c[: CELL_CHARS - 1] + "…" for c in row] for row in rows
    ]
    width = width or table_width()
    texts = [[name, *(row[i] for row in cells)] for i, name in enumerate(columns)]
    longest = [max(len(c) for c in column) for column in texts]
    words = [max(len(w) for c in column for w in [*c.split(), ""]) for column in texts]
    # Short columns (codes, dates, flags) stay whole and the others wrap between words, when
    # the terminal is wide enough for that; else every column folds and the grid still holds.
    floors = [
        n if n <= SHORT_COLUMN else min(w, SHORT_COLUMN)
        for n, w in zip(longest, words, strict=True)
    ]
    roomy = sum(floors) + 3 * len(columns) + 1 <= width
    for keep_words in [True, False] if roomy else [False]:
        table = Table(show_lines=False, header_style="bold")
        for name, n, floor in zip(columns, longest, floors, strict=True):
            if keep_words and n <= SHORT_COLUMN:
                table.add_column(name, no_wrap=True, min_width=n)
            else:
                table.add_column(name, overflow="fold", min_width=floor if keep_words else None)
        for row in cells:
            table.add_row(*row)
        buffer = io.StringIO()
        Console(file=buffer, width=width, color_system=None).print(table)
        text = buffer.getvalue()
        if max(map(len, text.splitlines() or [""])) <= width:
            break  # else the columns' minimum widths did not fit: fold them all
    return text


def format_records(records: list[dict], fmt: str) -> str:
    """Analysis results (a list of flat dicts) as a table or JSON."""
    import json

    if fmt == "json":
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    if fmt != "table":
        raise InputError(f"unknown format {fmt!r}; use table or json")
    if not records:
        return "0 rows\n"
    columns = list(records[0])

    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:.4f}"
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return "" if value is None else str(value)

    rows = [[cell(r.get(c)) for c in columns] for r in records]
    return render_table(columns, rows) + f"{len(rows)} row{'s' if len(rows) != 1 else ''}\n"


# -- export ------------------------------------------------------------------------------------


@dataclass
class ExportReport:
    """What ``kg export`` wrote: statements, rows, or actors and relations."""

    output: Path
    fmt: str
    count: int
    relations: int | None = None

    def summary(self) -> str:
        if self.relations is not None:  # a graph: its nodes and edges, as kg stats counts them
            return (
                f"Wrote {self.count:,} related actors and {self.relations:,} relations to "
                f"{self.output}"
            )
        what = "rows" if self.fmt in ("edges", "events") else "statements"
        return f"Wrote {self.count:,} {what} to {self.output}"


def export_store(
    store_path: Location,
    output: Path,
    fmt: str | None = None,
    *,
    include_ontology: bool = True,
    selection: Selection | None = None,
    fold_people: bool = False,
    excel: bool = False,
) -> ExportReport:
    """Write the store to ``output``; say what was written.

    RDF formats (turtle, trig, nt, nq, jsonld) write the graph; ``graphml`` and ``gexf`` write
    the actor graph for Gephi and Cytoscape; ``edges`` writes it as a CSV edge list; ``events``
    writes CAMEO-style event rows (CSV) to compare with GDELT or POLECAT. The last three read
    the event view: facts, unless ``selection`` adds claims, denials... (each row and edge says
    its modality). ``excel`` writes CSV as UTF-8 with a byte-order mark, for spreadsheets.
    """
    from kg.export import (
        EXPORT_FORMATS,
        RDF_FORMATS,
        format_for,
        write_edges_csv,
        write_events_csv,
        write_graph,
        write_quads,
    )
    from kg.graph import actor_graph

    selection = selection or FACTS
    output = Path(output)
    fmt = format_for(output, fmt, allowed=EXPORT_FORMATS)
    if excel and fmt not in ("edges", "events"):
        raise InputError("--excel is for the CSV formats (edges, events)")
    with open_store(store_path, read_only=True) as store:
        if fmt in RDF_FORMATS:
            quads = store.quads(include_ontology=include_ontology)
            return ExportReport(output, fmt, write_quads(quads, output, fmt))
        if fmt == "events":
            rows = write_events_csv(store, output, selection=selection, excel=excel)
            return ExportReport(output, fmt, rows)
        G = actor_graph(store, selection=selection, fold_people=fold_people)
    if fmt == "edges":
        return ExportReport(output, fmt, write_edges_csv(G, output, excel=excel))
    write_graph(G, output, fmt)
    return ExportReport(output, fmt, G.number_of_nodes(), G.number_of_edges())


# -- diagrams, stats, remove, validate ---------------------------------------------------------


@dataclass
class DrawReport:
    """What ``kg draw`` drew."""

    output: Path
    actors: int
    relations: int
    timeline: str | None = None

    def summary(self) -> str:
        if self.timeline is not None:
            plural = "" if self.relations == 1 else "s"
            return f"Drew {self.relations} event{plural} of {self.timeline} to {self.output}"
        # the words of `kg stats`: actors in at least one relation, and relations (facts
        # between two actors, one per event, unless --modality adds more)
        text = f"Drew {self.actors} related actors and {self.relations} relations to {self.output}"
        if self.actors == 0:
            text += " (nothing matched: the picture says so)"
        return text


def draw_store(
    store_path: Location,
    output: Path,
    *,
    title: str | None = None,
    engine: str = "matplotlib",
    actors: list[str] | tuple[str, ...] = (),
    hops: int = 1,
    relations: list[str] | tuple[str, ...] = (),
    since: str | None = None,
    until: str | None = None,
    query: str | None = None,
    timeline: str | None = None,
    selection: Selection | None = None,
    fold_people: bool = False,
) -> DrawReport:
    """Draw the store's actor graph, or one actor's timeline (see ``kg draw``).

    ``actors``/``hops`` cut an ego network, ``relations`` keep some relations (names, labels
    or broader relations), ``since``/``until`` keep events dated in a period, ``query`` draws
    the result of a named query or .rq file (CONSTRUCT, or SELECT ?s ?p ?o). The format is
    the extension of ``output``: .svg, .png, .pdf, or .html for the interactive viewer.
    ``selection`` adds claimed, denied... events to the facts (drawn dash-dotted and labelled
    as such); ``fold_people`` draws a person's acts as their body's.

    >>> draw_store("kg-store", Path("out/taliban.png"), actors=["Taliban"], hops=2)
    ... # doctest: +SKIP
    """
    from kg.diagram.select import Filters
    from kg.draw import check_output, draw

    output = Path(output)
    check_output(output, engine, timeline=timeline is not None)
    filters = Filters(
        actors=tuple(actors),
        hops=hops,
        relations=tuple(relations),
        since=since,
        until=until,
        query=query,
        selection=selection or FACTS,
        fold_people=fold_people,
    )
    if timeline is not None:
        from kg.diagram.timeline import render_timeline, timeline_from_store

        if actors or query:
            raise InputError("--timeline draws one actor: leave out --actor and --query")
        with open_store(store_path, read_only=True) as store:
            line = timeline_from_store(store, timeline, filters)
        if title:
            line.title = title
        render_timeline(line, output)
        return DrawReport(output, 1, len(line.events), timeline=line.actor)
    from kg.diagram.select import diagram_from_store

    with open_store(store_path, read_only=True) as store:
        diagram = diagram_from_store(store, filters)
    G = diagram.G
    draw(G, output, title=title or diagram.title, subtitle=diagram.subtitle, engine=engine)
    actors_drawn = sum(1 for _, cls in G.nodes(data="cls") if cls != "Resource")
    return DrawReport(output, actors_drawn, G.number_of_edges())


def store_stats(store_path: Location) -> dict[str, int]:
    """Counts of what the store holds, each defined once in :data:`kg.view.COUNTS` (documents,
    stale documents, sentences, events, facts, relations, actors, related actors, triples,
    quads)."""
    from kg.view import counts

    with open_store(store_path, read_only=True) as store:
        return counts(store)


def optimize_store(store_path: Location) -> bool:
    """Compact the embedded store (``kg optimize``); False for a SPARQL endpoint."""
    with open_store(store_path) as store:
        return store.optimize()


def remove_documents(store_path: Location, identifiers: list[str]) -> int:
    """Remove documents by identifier; every identifier must be stored."""
    from kg.rdf import document_iri

    with open_store(store_path) as store:
        iris = [str(document_iri(i)) for i in identifiers]
        missing = [
            i for i, iri in zip(identifiers, iris, strict=True) if store.document_hash(iri) is None
        ]
        if missing:
            raise InputError(f"not in the store: {', '.join(missing)}")
        return sum(store.remove(iri) for iri in iris)


def validate_inputs(
    store_path: Location, paths: list[str], *, inference: str = "none"
) -> tuple[bool, str]:
    """SHACL-validate RDF files, or the store when no file is given (``inference``: none,
    rdfs, owlrl or both, applied to the data first as a reasoning store would)."""
    from kg.validate import validate_files, validate_store

    if paths:
        return validate_files([Path(p) for p in paths], inference=inference)
    with open_store(store_path, read_only=True) as store:
        return validate_store(store, inference=inference)


# -- network analyses --------------------------------------------------------------------------


def network_analysis(
    store_path: Location,
    analysis: str,
    *,
    actors: list[str] | None = None,
    hops: int = 1,
    top: int | None = None,
    selection: Selection | None = None,
    fold_people: bool = False,
) -> list[dict] | dict:
    """Run one analysis of the actor graph (see ``kg network``); returns plain data.

    ``analysis`` is ``centrality``, ``communities``, ``path`` (two ``actors``), ``ego`` (one
    actor, ``hops``) or ``dyads``. Actors are names ("the US", "Taliban") or IRIs, resolved
    through the dictionary and the stored labels as for ``--param``. The graph holds the
    event view's facts unless ``selection`` adds more; persons are nodes of their own unless
    ``fold_people`` makes each act for the body they hold a post in.
    """
    from kg import graph

    actors = actors or []
    with open_store(store_path, read_only=True) as store:
        G = graph.actor_graph(store, selection=selection or FACTS, fold_people=fold_people)
        nodes = [_actor_node(store, G, name, fold_people=fold_people) for name in actors]
    if analysis == "centrality":
        records = graph.centrality(G)
    elif analysis == "communities":
        records = graph.communities(G)
    elif analysis == "dyads":
        records = graph.dyads(G)
    elif analysis == "path":
        records = graph.shortest_path(G, nodes[0], nodes[1])
    elif analysis == "ego":
        return graph.ego(G, nodes[0], hops=hops)
    else:
        raise InputError(f"unknown analysis {analysis!r}")
    return records[:top] if top is not None else records


def _actor_node(store, G, name: str, *, fold_people: bool = False) -> str:
    """The node of the actor a user names (with ``fold_people``, a person's body), or an
    InputError."""
    import pyoxigraph as ox

    from kg.query import actor_resolver, parse_term

    term = parse_term(name, actor_resolver(store))
    if isinstance(term, ox.NamedNode) and term.value in G:
        return term.value
    if isinstance(term, ox.NamedNode) and fold_people:
        rows = store.select("SELECT ?p ?body WHERE { ?p dkg:partOf ?body }", {"p": term})
        for row in rows:
            if row["body"].value in G:  # folded: the person acts as their body
                return row["body"].value
    if isinstance(term, ox.NamedNode):
        raise InputError(f"{name!r} has no relations in the graph")
    raise InputError(f"no actor named {name!r} in the graph; see `kg query actors`")
