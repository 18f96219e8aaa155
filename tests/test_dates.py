"""Date resolution against the publication date; nothing invented without an anchor."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.dates import resolve_date
from kg.model import When

PUBLISHED = dt.date(2021, 5, 3)  # a Monday


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (["Saturday"], When("2021-05-01", "date")),
        (["last year"], When("2020", "gYear")),
        (["May 1st"], When("2021-05-01", "date")),
        (["February", "last year"], When("2020-02", "gYearMonth")),
        (["2020"], When("2020", "gYear")),
        (["February 2020"], When("2020-02", "gYearMonth")),
        (["spring"], None),
    ],
)
def test_resolves_against_the_publication_date(parts, expected):
    assert resolve_date(parts, PUBLISHED) == expected


@pytest.mark.parametrize("parts", [["Saturday"], ["May 1"], ["last year"], ["February"]])
def test_relative_dates_without_an_anchor_stay_unresolved(parts):
    assert resolve_date(parts, None) is None


def test_explicit_years_resolve_without_an_anchor():
    assert resolve_date(["1 May 2021"], None) == When("2021-05-01", "date")


SUNDAY = dt.date(2025, 10, 26)


@pytest.mark.parametrize(
    ("parts", "future", "expected"),
    [
        (["on Sunday"], False, "2025-10-26"),  # the story's own weekday is the day it appeared
        (["Sunday"], False, "2025-10-26"),
        (["on Saturday"], False, "2025-10-25"),  # the day before
        (["last Sunday"], False, "2025-10-19"),
        (["next Sunday"], False, "2025-11-02"),
        (["on Monday"], False, "2025-10-20"),
        (["on Monday"], True, "2025-10-27"),  # what someone intends is ahead
        (["on Sunday"], True, "2025-10-26"),
    ],
)
def test_weekdays_in_a_sunday_story(parts, future, expected):
    assert resolve_date(parts, SUNDAY, future=future) == When(expected, "date")
