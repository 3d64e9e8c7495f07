"""An entry's year and month, read one way everywhere (sorting, CSL-JSON, the style).

BibTeX gives them in ``year`` and ``month``; biblatex (Zotero's Better BibLaTeX,
JabRef in biblatex mode) in one ISO 8601 ``date``: ``2024``, ``2024-03``,
``2024-03-05``, or a range ``2020/2021``, ``2020-12-06/2020-12-12`` (its start is the
date). ``year`` and ``month``, where given, win over ``date``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["MONTH_NAMES", "date_parts", "month_of", "month_problem", "year_of"]

_YEAR = re.compile(r"[0-9]{4}")
#: an ISO 8601 date as biblatex reads it, or the start of a range; "open" starts
#: ("../2021", "/2021") and "unknown" parts ("2021-XX") are not dates here
_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?(?:T[^/]*)?(?:/.*)?$")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
#: the names pybtex gives the month macros jan...dec
MONTH_NAMES = tuple(name.capitalize() for name in _MONTHS)


def year_of(text: str) -> int:
    """The year in a ``year`` field: four digits, else 0."""
    text = text.strip()
    return int(text) if _YEAR.fullmatch(text) else 0


def _month_word(text: str) -> int:
    text = text.strip().lower().removesuffix(".")
    if text.isdecimal():
        return int(text) if 1 <= int(text) <= 12 else 0
    if len(text) < 3:
        return 0
    return next((i for i, name in enumerate(_MONTHS, 1) if name.startswith(text)), 0)


def month_of(text: str) -> int:
    """The month (1-12) in a ``month`` field, else 0.

    A number from 1 to 12, or an English month name or its abbreviation of at least
    three letters, in any case, with or without a final dot: ``3``, ``mar``, ``Mar.``,
    ``Sept``, ``September`` (pybtex turns the macros ``jan``...``dec`` into the names).
    A month with days, as PMLR writes it (``18--24 Jul``, ``Jul 18--24``), gives its
    month name's month.
    """
    month = _month_word(text)
    if month or not text.strip():
        return month
    words = [w for w in re.split(r"[^A-Za-z.]+", text) if len(w.strip(".")) >= 3]
    months = {_month_word(w) for w in words}
    return months.pop() if len(months) == 1 and 0 not in months else 0


def month_problem(text: str) -> str:
    """Why a non-empty ``month`` field gives no month, or ''."""
    if not text.strip() or month_of(text):
        return ""
    return (f"month {text.strip()!r} is not a month; write a number (1-12) or an English "
            "month name or its abbreviation (jan, feb, ...)")


def date_parts(fields: Mapping[str, str]) -> tuple[int, int]:
    """The (year, month) of an entry with *fields*: ``year`` and ``month``, else
    biblatex's ``date``; 0 for what is not given."""
    year = year_of(fields.get("year", ""))
    month = month_of(fields.get("month", ""))
    match = _DATE.match(fields.get("date", "").strip())
    if match:
        if not year and not fields.get("year", "").strip():
            year = int(match[1])
            if not fields.get("month", "").strip() and match[2] and 1 <= int(match[2]) <= 12:
                month = int(match[2])
        elif not month and not fields.get("month", "").strip() and int(match[1]) == year \
                and match[2] and 1 <= int(match[2]) <= 12:
            month = int(match[2])
    return year, month
