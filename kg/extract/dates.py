"""Dates of events: the date expressions attached to an event, resolved against the document.

News dates are mostly relative ("on Saturday", "last year") or lack a year ("May 1"). They are
resolved against the document's publication date; without one, only expressions that carry
their own year are resolved, and nothing is invented. Parts given separately ("a February
agreement ... last year") are combined: the month from one, the year from the other.
Parsing of each expression is dateparser's, except a bare weekday: news uses "on Sunday" for
the publication day itself when the story appears on a Sunday ("Iran struck on Sunday", in
Sunday's paper), so the publication's own weekday is the publication day unless the text says
"last" or "next"; any other weekday is the nearest one before it (after it, for what an actor
intends: "will meet on Monday").
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from kg.model import When

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: "Sunday", "on Sunday", "this Sunday", "last Sunday", "next Sunday" (dateparser would read
#: a bare "Sunday" in a Sunday story as the Sunday before)
_WEEKDAY = re.compile(
    r"^(?:on\s+)?(?:(last|past|previous|next|this|coming)\s+)?(" + "|".join(_WEEKDAYS) + r")$",
    re.IGNORECASE,
)


def _weekday(text: str, base: dt.date, future: bool) -> dt.date | None:
    """The day a weekday expression names, seen from ``base`` (the publication date)."""
    m = _WEEKDAY.match(text.strip().rstrip(".,"))
    if m is None:
        return None
    word = (m.group(1) or "").lower()
    wanted = _WEEKDAYS.index(m.group(2).lower())
    back = (base.weekday() - wanted) % 7  # days since the nearest such weekday, 0 = today
    ahead = (wanted - base.weekday()) % 7
    if word in ("last", "past", "previous"):
        return base - dt.timedelta(days=back or 7)
    if word in ("next", "coming"):
        return base + dt.timedelta(days=ahead or 7)
    if back == 0:  # the story's own weekday: the publication day
        return base
    return base + dt.timedelta(days=ahead) if future else base - dt.timedelta(days=back)


@lru_cache(maxsize=64)
def _parser(base: dt.date | None, future: bool):
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DAY_OF_MONTH": "first",
    }
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def load_date_parser() -> None:
    """Have dateparser build its English tables now: it compiles them on its first use (about
    a fifth of a second), which belongs with loading the pipeline, not with the first
    document that happens to hold a date."""
    _parser(None, False).get_date_data("1 May 2020")


@lru_cache(maxsize=4096)
def _parse(text: str, base: dt.date | None, future: bool) -> tuple[dt.date, str] | None:
    """One expression parsed against a base date (cached: dateparser takes tens of
    milliseconds an expression, and news repeats "on Saturday" and "last week")."""
    try:
        data = _parser(base, future).get_date_data(text)
    except (ValueError, OverflowError, TypeError):
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


def resolve_date(
    parts: list[str], published: dt.date | None, *, future: bool = False
) -> When | None:
    """Resolve the date expressions of one event, or None when they cannot be anchored.

    >>> resolve_date(["Saturday"], dt.date(2021, 5, 3))
    When(value='2021-05-01', datatype='date')
    >>> resolve_date(["on Sunday"], dt.date(2025, 10, 26))   # a Sunday story: that Sunday
    When(value='2025-10-26', datatype='date')
    >>> resolve_date(["February", "last year"], dt.date(2021, 5, 3))
    When(value='2020-02', datatype='gYearMonth')
    >>> resolve_date(["May 1"], None) is None
    True
    """
    day: tuple[dt.date, bool] | None = None
    month: tuple[dt.date, bool] | None = None
    year: int | None = None
    for text in parts:
        explicit_year = bool(_YEAR.search(text))
        if published is None and not explicit_year:
            continue
        weekday = _weekday(text, published, future) if published is not None else None
        parsed = (weekday, "day") if weekday is not None else _parse(text, published, future)
        if parsed is None:
            continue
        value, period = parsed
        if period == "year":
            year = value.year
        elif period == "month":
            month = month or (value, explicit_year)
        else:
            day = day or (value, explicit_year)
    if day is not None:
        value, explicit = day
        if year is not None and not explicit:
            value = _with_year(value, year)
        return When(value.isoformat(), "date")
    if month is not None:
        value, explicit = month
        y = value.year if explicit or year is None else year
        return When(f"{y:04d}-{value.month:02d}", "gYearMonth")
    if year is not None:
        return When(f"{year:04d}", "gYear")
    return None


def _with_year(value: dt.date, year: int) -> dt.date:
    try:
        return value.replace(year=year)
    except ValueError:  # 29 February
        return value.replace(year=year, day=28)
