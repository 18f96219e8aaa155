"""diplomatic-kg: news about diplomacy and conflict as a knowledge graph of who did what to whom.

The library is the product and the ``kg`` command a thin view of it::

    >>> from kg import extract_text                      # doctest: +SKIP
    >>> result = extract_text("Russia urged the Taliban to talk.", identifier="note-1")
    >>> [(e.source.label, e.relation, e.target.label) for e in result.events]
    [('Russia', 'urged', 'Taliban')]

Heavy libraries (spaCy, matplotlib, pyshacl) are imported only by the functions that need them.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "extract_text"]


def extract_text(text: str, identifier: str = "text", **metadata: object):
    """Extract one text and return its :class:`kg.model.Extraction` (spaCy is loaded lazily).

    ``metadata`` are the fields of :class:`kg.model.Source`: ``title``, ``date`` (a
    ``datetime.date`` or ISO text such as "2021-05-03"), ``url``, ``publisher``.

    >>> extract_text("Iran warned Israel on Sunday.", date="2025-10-26").events[0].date
    ... # doctest: +SKIP
    When(value='2025-10-26', datatype='date')
    """
    from kg.extract import extract_source
    from kg.model import Source

    date = metadata.get("date")
    if isinstance(date, str):
        from kg.sources import parse_date

        metadata["date"] = parse_date(date, "date")
    return extract_source(Source(identifier=identifier, text=text, **metadata))  # type: ignore[arg-type]
