"""The ``kg`` command: a thin layer over the library.

Each command parses its options, calls one library function and formats the result. Errors a
user can fix arrive as :class:`kg.errors.KgError` and leave as one ``Error: ...`` line on stderr
with the exit code of their kind (see README, "Exit codes"); anything else is a bug and keeps
its traceback. Heavy libraries are imported inside the commands that need them, so
``kg --help`` and ``kg query`` never load spaCy or matplotlib.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import warnings
from pathlib import Path

import click

from kg import __version__
from kg.errors import InputError, Interrupted, KgError, KgWarning
from kg.storelock import WAIT_ENV

FORMATS_TABLE = ("table", "csv", "tsv", "json", "xml")


class KgGroup(click.Group):
    """Turns library errors into one line on stderr and an exit code."""

    def invoke(self, ctx: click.Context):
        waiting = os.environ.get(WAIT_ENV)  # --wait sets it for this command only
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always", KgWarning)
                warnings.showwarning = _show_warning
                return super().invoke(ctx)
        except KgError as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(e.exit_code)
        except KeyboardInterrupt as e:
            detail = str(e) if isinstance(e, Interrupted) and str(e) else "stopped"
            click.echo(f"Interrupted: {detail}", err=True)
            ctx.exit(130)
        finally:
            if waiting is None:
                os.environ.pop(WAIT_ENV, None)
            else:
                os.environ[WAIT_ENV] = waiting


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A library warning for people: one ``Warning: ...`` line on stderr."""
    if issubclass(category, KgWarning):
        click.echo(f"Warning: {message}", err=True)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _store_path(ctx: click.Context) -> Path:
    return ctx.obj["store"]


def _location(ctx: click.Context, endpoint: str | None) -> Path | str:
    """Where the command reads or writes: the endpoint URL if given, else the store folder."""
    return endpoint if endpoint else _store_path(ctx)


def _set_wait(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:  # read where the store is opened, in this process or a query's child
        os.environ[WAIT_ENV] = "1"


def wait_option(f):
    """``--wait``: wait for another kg process that writes the store instead of failing."""
    return click.option(
        "--wait",
        is_flag=True,
        expose_value=False,
        callback=_set_wait,
        help="If another kg process is writing the store, wait for it to finish (or set "
        "KG_WAIT=1); readers otherwise read its latest snapshot.",
    )(f)


def endpoint_option(f):
    """``--endpoint URL``: use a SPARQL 1.1 server instead of the embedded store (and
    ``--wait``, for the embedded store)."""
    f = wait_option(f)
    return click.option(
        "--endpoint",
        metavar="URL",
        envvar="KG_ENDPOINT",
        help="SPARQL 1.1 query endpoint to use instead of the embedded store (or set "
        "KG_ENDPOINT); credentials come from KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or "
        "KG_ENDPOINT_TOKEN.",
    )(f)


def modality_option(f):
    """``--modality``: which events to show besides the facts (see kg.view)."""
    return click.option(
        "--modality",
        "modalities",
        multiple=True,
        metavar="NAMES",
        help="Also show events that are not facts: claimed, denied, intended, hypothetical, "
        "negated, or all (comma-separated or repeated); every row, edge or line then says "
        "its modality. Default: facts only (asserted or reported, not negated).",
    )(f)


def fold_people_option(f):
    """``--fold-people``: a person who holds a post acts as their body."""
    return click.option(
        "--fold-people",
        is_flag=True,
        help="Count a person's acts as the body they hold a post in (Joe Biden -> Government "
        "of the United States). Default: persons are actors of their own, with their post.",
    )(f)


def _selection(modalities: tuple[str, ...]):
    from kg.view import Selection

    return Selection.parse(modalities)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    type=click.Path(path_type=Path),
    envvar="KG_STORE",
    default="kg-store",
    show_default=True,
    help="Folder of the embedded store (or set KG_STORE).",
)
@click.version_option(__version__, prog_name="kg")
@click.pass_context
def cli(ctx: click.Context, store: Path) -> None:
    """diplomatic-kg: news about diplomacy and conflict as a knowledge graph of who did what
    to whom."""
    ctx.ensure_object(dict)
    ctx.obj["store"] = store


# -- extract ----------------------------------------------------------------------------------


def _parse_cli_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date {value!r}: expected an ISO date such as 2021-05-03") from None


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--date",
    "date_text",
    metavar="YYYY-MM-DD",
    help="Publication date of plain-text input (resolves 'on Saturday', 'last year').",
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    help="Also write the extracted documents' graphs here (.ttl, .trig, .nq, .jsonld).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes that parse and extract (documents are stored by this one).",
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Store the documents that pass the checks, list the others, and exit with 2.",
)
@endpoint_option
@click.pass_context
def extract(
    ctx: click.Context,
    paths: tuple[str, ...],
    date_text: str | None,
    out: Path | None,
    workers: int,
    skip_invalid: bool,
    endpoint: str | None,
) -> None:
    """Extract .txt/.md files, folders and JSON Lines files into the store.

    Every input is checked before anything is stored, and every bad one is named; an
    unchanged document (same text, same extractor) is skipped.
    """
    from kg.api import extract_paths

    date = _parse_cli_date(date_text)
    report = extract_paths(
        list(paths),
        _location(ctx, endpoint),
        date=date,
        out=out,
        workers=workers,
        skip_invalid=skip_invalid,
    )
    click.echo(report.summary(), err=True)
    if report.skipped:  # stored what could be, but a script must notice what could not
        for problem in report.skipped:
            click.echo(f"  skipped {problem}", err=True)
        ctx.exit(InputError.exit_code)


# -- evaluate ---------------------------------------------------------------------------------


@cli.command()
@click.argument("gold", required=False, type=click.Path(path_type=Path))
@click.option(
    "--re3d",
    "re3d",
    type=click.Path(path_type=Path),
    metavar="DOCUMENTS.jsonl",
    help="Score against the re3d development set (its documents.jsonl) instead of GOLD.",
)
@click.option(
    "--actors",
    "actors",
    type=click.Path(path_type=Path),
    metavar="PHRASES.jsonl",
    help="Score the actor layer on a test set of actor phrases (country and sector).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A report for people, or JSON with every miss and false alarm.",
)
@click.option(
    "--either-direction",
    is_flag=True,
    help="Leniency: a stated event matches a gold event in either direction.",
)
@click.option(
    "--rollup",
    is_flag=True,
    help="Leniency: a body matches the actor it is part of (armed forces -> their state).",
)
@click.option(
    "--via-mentions",
    is_flag=True,
    help="Leniency: an actor read at the gold phrase's offsets is named by it (pronouns).",
)
@click.option(
    "--show",
    type=click.IntRange(0),
    default=20,
    show_default=True,
    help="Misses and false alarms listed in the table.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes that parse and extract.",
)
def evaluate(
    gold: Path | None,
    re3d: Path | None,
    actors: Path | None,
    fmt: str,
    either_direction: bool,
    rollup: bool,
    via_mentions: bool,
    show: int,
    workers: int,
) -> None:
    """Score the extractor against gold events, strictly: precision, recall and F1 by actor
    pair (direction counts) and by pair with CAMEO class, misses and false alarms by cause.

    GOLD is JSON Lines: our format, one document a line with "relations" by actor label, or a
    sentence set coded with "events" of source and target phrases and a CAMEO band (as
    conflibert-dev). Leniencies are opt-in and named in the report. Nothing is stored.
    """
    import json

    from kg.api import evaluate_actor_phrases, evaluate_gold
    from kg.evaluation.actors import format_actor_score
    from kg.evaluation.report import format_table, to_json
    from kg.evaluation.score import Leniency

    given = [x for x in (gold, re3d, actors) if x is not None]
    if len(given) != 1:
        raise click.UsageError("give one of: a GOLD file, --re3d DOCUMENTS.jsonl, --actors FILE")
    if actors is not None:
        score = evaluate_actor_phrases(actors)
        text = (
            json.dumps(score.as_dict(), indent=2)
            if fmt == "json"
            else format_actor_score(score, show)
        )
        click.echo(text, nl=fmt == "json")
        return
    result = evaluate_gold(
        given[0],
        re3d=re3d is not None,
        workers=workers,
        leniency=Leniency(either_direction, rollup, via_mentions),
    )
    click.echo(to_json(result) if fmt == "json" else format_table(result, show), nl=fmt == "json")


# -- query ------------------------------------------------------------------------------------


@cli.command()
@click.argument("query", required=False)
@click.option("-e", "--expr", help="SPARQL text to run instead of a named query or file.")
@click.option("--list", "list_", is_flag=True, help="List the named queries and exit.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*FORMATS_TABLE, "turtle", "nt", "trig", "nq", "jsonld"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help='Bind ?NAME to VALUE as an RDF term: <iri>, "text"@en, 12, or an actor name.',
)
@click.option(
    "--reason",
    is_flag=True,
    help="Also answer with OWL 2 RL inferences over the actor graph (sub-properties, "
    "symmetric, inverse and transitive relations).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Stop the query after this many seconds.",
)
@click.option(
    "--limit", type=click.IntRange(min=0), metavar="N", help="Print at most N rows (or triples)."
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let SERVICE clauses send requests to the endpoints they name (refused otherwise).",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Print Oxigraph's plan for the query (operators, results and time of each) instead "
    "of its results (embedded store).",
)
@modality_option
@endpoint_option
@click.pass_context
def query(
    ctx: click.Context,
    query: str | None,
    expr: str | None,
    list_: bool,
    fmt: str,
    params: tuple[str, ...],
    reason: bool,
    timeout: float | None,
    limit: int | None,
    allow_service: bool,
    explain: bool,
    modalities: tuple[str, ...],
    endpoint: str | None,
) -> None:
    """Run a SPARQL query: a NAME from queries/, a FILE.rq, '-' for stdin, or -e TEXT.

    SELECT and ASK results print as a table, csv, tsv, json or xml (the SPARQL 1.1 results
    formats); CONSTRUCT and DESCRIBE results in an RDF format (turtle by default).
    """
    from kg.api import describe_named_queries, run_query

    if list_:
        for q in describe_named_queries():
            params_text = " ".join(f"--param {k}={v}" for k, v in q["params"].items())
            click.echo(f"{q['name']:24} {q['description']}")
            if params_text:
                click.echo(f"{'':24}   e.g. {params_text}")
        return
    if expr is not None and query is not None:
        raise click.UsageError("give either a query name/file or -e, not both")
    if expr is None and query is None:
        raise click.UsageError("give a query name, a .rq file, '-' or -e TEXT (see --list)")
    text = sys.stdin.read() if query == "-" else None
    if explain:
        from kg.api import explain_query

        plan = explain_query(
            _location(ctx, endpoint),
            spec=query if text is None else None,
            text=expr if expr is not None else text,
            params=list(params),
            selection=_selection(modalities),
            timeout=timeout,
            allow_service=allow_service,
        )
        click.echo(plan, nl=not plan.endswith("\n"))
        return
    # every format but the table streams to standard output as Oxigraph writes it
    stream = None if fmt == "table" else getattr(sys.stdout, "buffer", None)
    output = run_query(
        _location(ctx, endpoint),
        spec=query if text is None else None,
        text=expr if expr is not None else text,
        fmt=fmt,
        params=list(params),
        reason=reason,
        timeout=timeout,
        limit=limit,
        allow_service=allow_service,
        selection=_selection(modalities),
        out=stream,
    )
    if output:
        click.echo(output, nl=not output.endswith("\n"))
    elif stream is not None:
        stream.flush()


# -- export, draw, stats, remove ----------------------------------------------------------------


@cli.command()
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path),
    required=True,
    help="File to write.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(
        ["turtle", "trig", "nt", "nq", "jsonld", "graphml", "gexf", "edges", "events"]
    ),
    help="Format (default: from the file extension: .ttl .trig .nt .nq .jsonld .graphml "
    ".gexf, .csv for edges).",
)
@click.option(
    "--ontology/--no-ontology",
    default=True,
    show_default=True,
    help="Include the ontology (RDF formats), so tools such as Protégé show classes and relations.",
)
@click.option(
    "--excel",
    is_flag=True,
    help="CSV for spreadsheets: UTF-8 with a byte-order mark, CRLF line ends (edges, events).",
)
@modality_option
@fold_people_option
@endpoint_option
@click.pass_context
def export(
    ctx: click.Context,
    output: Path,
    fmt: str | None,
    ontology: bool,
    excel: bool,
    modalities: tuple[str, ...],
    fold_people: bool,
    endpoint: str | None,
) -> None:
    """Export the store: RDF (turtle, trig, nt, nq, jsonld), the actor graph for Gephi and
    Cytoscape (graphml, gexf), a CSV edge list (edges) or CAMEO-style event rows (events)."""
    from kg.api import export_store

    report = export_store(
        _location(ctx, endpoint),
        output,
        fmt,
        include_ontology=ontology,
        selection=_selection(modalities),
        fold_people=fold_people,
        excel=excel,
    )
    click.echo(report.summary(), err=True)


@cli.command()
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path),
    required=True,
    help="Diagram file: .svg, .png, .pdf, or .html (interactive, works offline).",
)
@click.option("--title", help="Title above the diagram.")
@click.option(
    "--actor",
    "actors",
    multiple=True,
    metavar="NAME",
    help="Draw the ego network of this actor (name or alias; repeatable).",
)
@click.option(
    "--hops",
    type=click.IntRange(0, 10),
    default=1,
    show_default=True,
    help="With --actor: how many steps out from the actor.",
)
@click.option(
    "--relation",
    "relations",
    multiple=True,
    metavar="NAME",
    help="Keep only this relation: calledOn, 'called on', or a broader one such as "
    "appealedTo (repeatable).",
)
@click.option(
    "--since",
    metavar="DATE",
    help="Keep events dated on or after YYYY[-MM[-DD]] (their own date, else their report's).",
)
@click.option(
    "--until",
    metavar="DATE",
    help="Keep events dated on or before YYYY[-MM[-DD]] (their own date, else their report's).",
)
@click.option(
    "--query",
    metavar="NAME|FILE",
    help="Draw the result of a named query or .rq file: CONSTRUCT, or SELECT ?s ?p ?o.",
)
@click.option(
    "--engine",
    type=click.Choice(["matplotlib", "graphviz"]),
    default="matplotlib",
    show_default=True,
    help="Layout for .svg/.png/.pdf: pure Python, or Graphviz if installed.",
)
@click.option(
    "--timeline",
    metavar="ACTOR",
    help="Draw this actor's events over time instead (.svg, .png or .pdf).",
)
@modality_option
@fold_people_option
@endpoint_option
@click.pass_context
def draw(
    ctx: click.Context,
    output: Path,
    title: str | None,
    actors: tuple[str, ...],
    hops: int,
    relations: tuple[str, ...],
    since: str | None,
    until: str | None,
    query: str | None,
    engine: str,
    timeline: str | None,
    modalities: tuple[str, ...],
    fold_people: bool,
    endpoint: str | None,
) -> None:
    """Draw the actor graph: actors as nodes, relations as labelled, coloured edges.

    Filters combine: --relation and --since/--until drop events (dated by the text, else by
    their report's publication date), then --actor/--hops cut the ego network. With
    --timeline, draw one actor's events over time.
    """
    from kg.api import draw_store

    report = draw_store(
        _location(ctx, endpoint),
        output,
        title=title,
        engine=engine,
        actors=actors,
        hops=hops,
        relations=relations,
        since=since,
        until=until,
        query=query,
        timeline=timeline,
        selection=_selection(modalities),
        fold_people=fold_people,
    )
    click.echo(report.summary(), err=True)


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@endpoint_option
@click.pass_context
def stats(ctx: click.Context, fmt: str, endpoint: str | None) -> None:
    """Count documents, sentences, events, facts, relations, actors and triples in the store
    (each count defined once: see docs/graph.md, "Counts")."""
    import json

    from kg.api import store_stats
    from kg.view import COUNT_MEANINGS

    counts = store_stats(_location(ctx, endpoint))
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2))
    else:
        for name, value in counts.items():
            click.echo(f"{name:16} {value:>10,}  {COUNT_MEANINGS.get(name, '')}")


@cli.command()
@endpoint_option
@click.pass_context
def optimize(ctx: click.Context, endpoint: str | None) -> None:
    """Compact the store: queries run faster after many documents were extracted (kg extract
    does it by itself after 500 or more)."""
    import time

    from kg.api import optimize_store

    started = time.perf_counter()
    if optimize_store(_location(ctx, endpoint)):
        click.echo(f"Compacted the store in {time.perf_counter() - started:.1f} s", err=True)
    else:
        click.echo("Nothing to do: a SPARQL server manages its own storage", err=True)


@cli.command()
@click.argument("identifiers", nargs=-1, required=True)
@endpoint_option
@click.pass_context
def remove(ctx: click.Context, identifiers: tuple[str, ...], endpoint: str | None) -> None:
    """Remove documents (by identifier) and everything extracted from them."""
    from kg.api import remove_documents

    removed = remove_documents(_location(ctx, endpoint), list(identifiers))
    click.echo(f"Removed {removed} document(s)", err=True)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--inference",
    type=click.Choice(["none", "rdfs", "owlrl", "both"]),
    default="none",
    show_default=True,
    help="Expand the data first, as a reasoning store would (the shapes hold under RDFS).",
)
@wait_option
@click.pass_context
def validate(ctx: click.Context, paths: tuple[str, ...], inference: str) -> None:
    """Check RDF files (or the store, when no file is given) against ontology/shapes.ttl."""
    from kg.api import validate_inputs

    ok, report = validate_inputs(_store_path(ctx), list(paths), inference=inference)
    click.echo(report)
    if not ok:
        ctx.exit(7)


# -- network ------------------------------------------------------------------------------------


def _network_options(f):
    f = click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="Output format.",
    )(f)
    return endpoint_option(fold_people_option(modality_option(f)))


def _print_records(records, fmt: str) -> None:
    from kg.api import format_records

    if fmt == "table":
        records = [{k: v for k, v in r.items() if k not in _HIDDEN} for r in records]
    click.echo(format_records(records, fmt), nl=False)


#: Columns left out of tables (IRIs and event identifiers); JSON keeps them.
_HIDDEN = frozenset({"iri", "iris", "event"})


@cli.group()
def network() -> None:
    """Network analyses of the actor graph (networkx): centrality, communities, the path
    between two actors, an actor's neighbourhood, cooperation and conflict per pair."""


def _analysis(ctx: click.Context, name: str, options: dict, **kwargs):
    """Run one analysis with the options every network command shares."""
    from kg.api import network_analysis

    return network_analysis(
        _location(ctx, options["endpoint"]),
        name,
        selection=_selection(options["modalities"]),
        fold_people=options["fold_people"],
        **kwargs,
    )


@network.command()
@click.option("--top", type=click.IntRange(min=1), metavar="N", help="Show the N most central.")
@_network_options
@click.pass_context
def centrality(ctx: click.Context, top: int | None, fmt: str, **options) -> None:
    """Degree, betweenness and PageRank of every actor, most central first."""
    _print_records(_analysis(ctx, "centrality", options, top=top), fmt)


@network.command()
@_network_options
@click.pass_context
def communities(ctx: click.Context, fmt: str, **options) -> None:
    """Groups of actors more linked to each other than to the rest (Louvain, seeded)."""
    _print_records(_analysis(ctx, "communities", options), fmt)


@network.command()
@click.argument("source")
@click.argument("target")
@_network_options
@click.pass_context
def path(ctx: click.Context, source: str, target: str, fmt: str, **options) -> None:
    """The shortest chain of relations between two actors, each hop with its sentence."""
    hops = _analysis(ctx, "path", options, actors=[source, target])
    if not hops and fmt == "table":
        click.echo(f"No chain of relations links {source} and {target}.", err=True)
        return
    _print_records(hops, fmt)


@network.command()
@click.argument("actor")
@click.option(
    "--hops", type=click.IntRange(min=1, max=10), default=1, show_default=True, help="Radius."
)
@_network_options
@click.pass_context
def ego(ctx: click.Context, actor: str, hops: int, fmt: str, **options) -> None:
    """An actor's neighbourhood: the actors within --hops relations and the relations among
    them."""
    import json

    result = _analysis(ctx, "ego", options, actors=[actor], hops=hops)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    click.echo(f"{result['center']}: {len(result['actors']) - 1} actors within {hops} hop(s)")
    _print_records(result["actors"], fmt)
    _print_records(result["relations"], fmt)


@network.command()
@click.option("--top", type=click.IntRange(min=1), metavar="N", help="Show the N busiest pairs.")
@_network_options
@click.pass_context
def dyads(ctx: click.Context, top: int | None, fmt: str, **options) -> None:
    """Cooperation and conflict per pair of actors, by CAMEO quad class, with a balance from
    -1 (all conflict) to 1 (all cooperation)."""
    _print_records(_analysis(ctx, "dyads", options, top=top), fmt)


def main() -> None:
    """Console entry point."""
    cli(obj={})


if __name__ == "__main__":  # pragma: no cover
    main()
