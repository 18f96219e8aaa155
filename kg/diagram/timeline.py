"""One actor's events over time: ``kg draw --timeline ACTOR``.

Each row is a counterpart (who the actor acted on, or who acted on it); each event is a marker
at its date, coloured by quad class like the diagrams: ▶ the actor acted, ◀ it was acted on,
● a mutual relation. A date known only to the month or year is drawn as a bar over that
period with the marker in its middle.

Events the text gives no date for are placed at the publication date of their document (an
event is reported at or before its report's date) with a hollow marker; events with neither
date are listed under the chart, so nothing the store holds about the actor is hidden. Events
with no named target ("carried out a strike") get the row "(no target named)".
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.diagram.select import Filters, _listing, _option_span, date_span, resolve_relations
from kg.diagram.style import quad_order, quad_style
from kg.errors import InputError
from kg.textio import atomic_writer

if TYPE_CHECKING:
    from kg.store import Store

NO_TARGET = "(no target named)"
#: Undated events listed under the chart, at most.
UNDATED_MAX = 20


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One event of the actor, seen from the actor."""

    counterpart: str
    direction: str  # "out": the actor acted; "in": acted on; "mutual"
    relation: str
    label: str
    quad: str
    date: str  # as stored (2021-05-01, 2021-05, 2021), "" if none
    issued: str  # the document's publication date, "" if none
    sentence: str
    document: str
    title: str
    #: "" for a fact, else what it is ("claimed", "denied", "not"...): shown in its label
    mark: str = ""

    @property
    def span(self) -> tuple[dt.date, dt.date] | None:
        """The period the event is drawn over: its own date, else its document's."""
        return date_span(self.date or self.issued) if (self.date or self.issued) else None

    @property
    def by_document(self) -> bool:
        return not self.date and bool(self.issued)


@dataclass(slots=True)
class Timeline:
    """The events of one actor, ready to draw."""

    actor: str
    events: list[TimelineEvent]
    title: str
    subtitle: str


def timeline_from_store(store: Store, actor: str, filters: Filters | None = None) -> Timeline:
    """The events of ``actor`` (a name, alias or IRI) in the event view (facts unless the
    filters' selection adds more), narrowed by relation and date filters."""
    from kg.query import actor_resolver
    from kg.view import read_events

    filters = filters or Filters()
    since = _option_span("since", filters.since)
    until = _option_span("until", filters.until)
    iri = actor_resolver(store)(actor)
    rows = read_events(store, filters.selection, actor=iri).events if iri else []
    if not rows:
        names = sorted({r["l"].value for r in store.select(_ACTORS_WITH_EVENTS)}, key=str.lower)
        raise InputError(
            f"unknown actor {actor!r}; actors with events: {_listing(names) or 'none'}"
        )
    events, label = [], actor
    for row in rows:
        info = row.info
        if row.source.iri == iri:
            label = row.source.label
            counterpart = row.target.label if row.target else NO_TARGET
            direction = "out"
        else:
            counterpart = row.source.label
            direction = "in"
            if row.target is not None:
                label = row.target.label
        if info.symmetric:
            direction = "mutual"
        events.append(
            TimelineEvent(
                counterpart=counterpart,
                direction=direction,
                relation=row.relation,
                label=f"{row.mark}: {info.label}" if row.mark else info.label,
                quad=info.quad,
                date=row.date,
                issued=row.issued,
                sentence=row.sentence,
                document=row.document,
                title=row.title,
                mark=row.mark,
            )
        )
    events.sort(key=lambda e: (e.date or e.issued or "9999", e.document))
    if filters.relations:
        wanted = resolve_relations(filters.relations)
        events = [e for e in events if e.relation in wanted]
    if since or until:
        low = since[0] if since else dt.date.min
        high = until[1] if until else dt.date.max
        # the event's own date, else its report's publication date (as it is drawn)
        events = [e for e in events if e.span and e.span[1] >= low and e.span[0] <= high]
    documents = sorted({e.title or e.document for e in events})
    head = f"Timeline of {label}"
    if filters.relations:
        head += "; relations: " + ", ".join(filters.relations)
    if filters.since or filters.until:
        head += f"; dated {filters.since or '…'} to {filters.until or '…'}"
    plural = "s" if len(events) != 1 else ""
    subtitle = f"{len(events)} event{plural}"
    if documents:
        more = f" and {len(documents) - 3} more" if len(documents) > 3 else ""
        docs = "s" if len(documents) != 1 else ""
        subtitle += f" from {len(documents)} document{docs}: " + "; ".join(documents[:3]) + more
    return Timeline(label, events, head, subtitle)


_ACTORS_WITH_EVENTS = """
SELECT DISTINCT ?l WHERE { ?e a dkg:Event ; dkg:source ?a . ?a rdfs:label ?l }
"""


# -- drawing --------------------------------------------------------------------------------

_MARKERS = {"out": ">", "in": "<", "mutual": "o"}


def render_timeline(timeline: Timeline, path: Path) -> None:
    """Draw a timeline to ``path`` (.svg, .png or .pdf)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    placed = [e for e in timeline.events if e.span is not None]
    undated = [e for e in timeline.events if e.span is None]
    first: dict[str, dt.date] = {}
    for e in timeline.events:
        if e.span is not None:  # the placed events
            first[e.counterpart] = min(first.get(e.counterpart, dt.date.max), e.span[0])
    rows = sorted(first, key=lambda c: (first[c], c.lower()))
    undated_lines = _undated_lines(undated, timeline.actor)
    listed = min(len(undated_lines), UNDATED_MAX)
    chart_h = max(1.6, 0.42 * len(rows) + 1.0) if rows else 1.2
    note_h = (0.4 + 0.19 * (listed + (len(undated_lines) > listed))) if undated else 0.0
    fig_w, fig_h = 11.0, 1.0 + chart_h + note_h
    fmt = Path(path).suffix.lower().lstrip(".")
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kg"}):
        fig = Figure(figsize=(fig_w, fig_h))
        top = 1 - 0.95 / fig_h
        ax = fig.add_axes((0.24, (note_h + 0.45) / fig_h, 0.52, top - (note_h + 0.45) / fig_h))
        fig.text(0.02, 1 - 0.1 / fig_h, timeline.title, fontsize=13, fontweight="bold", va="top")
        fig.text(
            0.02,
            1 - 0.42 / fig_h,
            textwrap.shorten(timeline.subtitle, 150, placeholder="…"),
            fontsize=9,
            color="#444444",
            va="top",
        )
        if rows:
            _plot_events(ax, placed, rows, mdates)
        else:
            ax.set_axis_off()
            ax.text(0.5, 0.5, "No dated events.", ha="center", va="center", fontsize=11)
        quads = quad_order({e.quad for e in timeline.events})
        handles = [
            Line2D([], [], color=quad_style(q).colour, marker="s", ls="", label=quad_style(q).name)
            for q in quads
        ]
        handles += [
            Line2D([], [], color="#333", marker=">", ls="", label=f"{timeline.actor} acted"),
            Line2D([], [], color="#333", marker="<", ls="", label=f"acted on {timeline.actor}"),
            Line2D([], [], color="#333", marker="o", ls="", label="mutual (met, clashed…)"),
            Line2D(
                [], [], color="#333", marker="o", mfc="white", ls="", label="undated: report's date"
            ),
            Line2D([], [], color="#999", lw=4, alpha=0.5, label="date known to month/year"),
        ]
        fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.78, top),
            fontsize=8,
            frameon=False,
            alignment="left",
        )
        if undated:
            lines = undated_lines[:listed]
            if len(undated_lines) > listed:
                lines.append(f"… and {len(undated_lines) - listed} more")
            fig.text(
                0.02,
                (note_h - 0.1) / fig_h,
                f"Undated (no date in the text, no publication date): {len(undated)}\n"
                + "\n".join(textwrap.shorten(line, 150, placeholder="…") for line in lines),
                fontsize=8,
                va="top",
                linespacing=1.5,
            )
        with atomic_writer(Path(path), "wb") as f:
            fig.savefig(f, format=fmt, dpi=150, metadata=_metadata(fmt))
        plt.close("all")


def _undated_lines(events: list[TimelineEvent], actor: str) -> list[str]:
    """Undated events as lines of text, identical ones counted once."""
    counts: dict[tuple[str, str], int] = {}
    for e in events:
        if e.direction == "in":
            what = f"{e.counterpart} {e.label} {actor}"
        else:
            what = f"{actor} {e.label} {e.counterpart}"
        key = (what, e.document)
        counts[key] = counts.get(key, 0) + 1
    return [
        f"• {what}{f' ×{n}' if n > 1 else ''}  ({document})"
        for (what, document), n in counts.items()
    ]


def _metadata(fmt: str) -> dict | None:
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None}
    return None


def _plot_events(ax, events: list[TimelineEvent], rows: list[str], mdates) -> None:
    y_of = {c: len(rows) - 1 - i for i, c in enumerate(rows)}
    bunches: dict[tuple, list[TimelineEvent]] = defaultdict(list)
    for e in events:
        bunches[(e.counterpart, e.span, e.direction, e.by_document)].append(e)
    spans = [e.span for e in events if e.span is not None]  # all: only placed events come here
    lows = [span[0] for span in spans]
    highs = [span[1] for span in spans]
    per_row: dict[str, int] = defaultdict(int)
    for (counterpart, (start, end), direction, by_doc), bunch in sorted(
        bunches.items(), key=lambda kv: (kv[0][1][0], kv[0][0])
    ):
        y = y_of[counterpart]
        mid = start + (end - start) / 2
        colour = quad_style(bunch[0].quad).colour
        if end > start:
            ax.plot([start, end], [y, y], color=colour, lw=5, alpha=0.3, solid_capstyle="butt")
        ax.plot(
            [mid],
            [y],
            marker=_MARKERS[direction],
            ms=9,
            color=colour,
            mfc="white" if by_doc else colour,
            mew=1.6,
            ls="",
            zorder=3,
        )
        names: dict[str, int] = defaultdict(int)
        for e in bunch:
            names[e.label] += 1
        text = ", ".join(f"{n} ×{c}" if c > 1 else n for n, c in names.items())
        rank = per_row[counterpart]
        per_row[counterpart] += 1
        # labels of events close together on one row alternate above and below
        lift = ((rank + 1) // 2) * 8 * (1 if rank % 2 else -1)
        ax.annotate(
            text,
            (mid, y),
            xytext=(7, lift),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
            color=colour,
        )
    ax.set_yticks(
        range(len(rows)), [textwrap.shorten(r, 40, placeholder="…") for r in reversed(rows)]
    )
    ax.set_ylim(-0.7, len(rows) - 0.3)
    low, high = min(lows), max(highs)
    pad = max((high - low) / 12, dt.timedelta(days=10))
    ax.set_xlim(low - pad, high + pad * 2)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#dddddd", lw=0.8)
    ax.grid(axis="y", color="#f0f0f0", lw=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
