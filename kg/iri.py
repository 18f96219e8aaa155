"""Slugs for IRIs: readable for Latin names, stable and distinct for every script.

An actor's or a place's IRI ends in a slug of its name (``actor/government-of-iraq``). The slug
used to be the name's ASCII transliteration alone, which turns every Cyrillic, Arabic or Chinese
name into the same ``x`` and merges distinct actors into one node. :func:`slugify` keeps that
transliteration wherever it loses no letters (so every existing Latin IRI stays as it was) and,
where letters are lost, adds a short hash of the name, so two names that differ get two slugs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

#: Hex digits of the hash: 48 bits, so that even 100,000 names sharing one ASCII part collide
#: with odds of about 1 in 50,000.
HASH_DIGITS = 12
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
#: Runs of anything that is not a letter or digit in any script (``\w`` without ``_``).
_NOT_WORD = re.compile(r"[\W_]+")


def slugify(text: str) -> str:
    """Lower-case ASCII slug for IRIs.

    >>> slugify("Government of Iraq")
    'government-of-iraq'
    >>> slugify("Zürich")
    'zurich'
    >>> slugify("Москва")
    '4ed060855689'
    >>> slugify("Хамас Hamas")
    'hamas-5af7d9154d53'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if not _loses_letters(text):
        return slug or "x"
    digest = hashlib.sha256(_identity(text).encode("utf-8", "surrogatepass")).hexdigest()
    digest = digest[:HASH_DIGITS]
    return f"{slug}-{digest}" if slug else digest


def _loses_letters(text: str) -> bool:
    """Whether the ASCII transliteration drops a letter or digit (accents are not letters:
    "Zürich" -> "zurich" loses nothing, "Москва" and "Straße" do)."""
    return any(
        ord(c) > 127 and unicodedata.category(c)[0] in "LN"
        for c in unicodedata.normalize("NFKD", text)
    )


def _identity(text: str) -> str:
    """What the hash is taken of: the name as the slug sees it, in any script - compatibility
    normalised (NFKC), case folded, punctuation and spaces as single hyphens - so that
    "МОСКВА", "Москва" and "Москва," are one actor, as "Taliban" and "TALIBAN," are."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_WORD.sub("-", folded).strip("-")
