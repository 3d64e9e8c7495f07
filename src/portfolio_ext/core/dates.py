"""An entry's year and month, read one way everywhere (sorting, CSL-JSON)."""

from __future__ import annotations

import re

__all__ = ["month_of", "year_of"]

_YEAR = re.compile(r"[0-9]{4}")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")


def year_of(text: str) -> int:
    """The year in a ``year`` field: four digits, else 0."""
    text = text.strip()
    return int(text) if _YEAR.fullmatch(text) else 0


def month_of(text: str) -> int:
    """The month (1-12) in a ``month`` field, else 0.

    A number from 1 to 12, or an English month name or its abbreviation of at least
    three letters, in any case, with or without a final dot: ``3``, ``mar``, ``Mar.``,
    ``Sept``, ``September`` (pybtex turns the macros ``jan``...``dec`` into the names).
    """
    text = text.strip().lower().removesuffix(".")
    if text.isdecimal():
        return int(text) if 1 <= int(text) <= 12 else 0
    if len(text) < 3:
        return 0
    return next((i for i, name in enumerate(_MONTHS, 1) if name.startswith(text)), 0)
