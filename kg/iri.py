"""Slugs that name IRIs: stable for the same name, distinct for distinct names."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """Lower-case ASCII slug for IRIs: "Government of Iraq" -> "government-of-iraq"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "x"
