"""What an entry's badges say: its venue's short label, its award, whether it is one
of the owner's selected works. Pure functions of its fields (al-folio's names)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .links import preview_of, resources_of

__all__ = ["SELECTED", "award_of", "field_problems", "note_is_award", "selected_of",
           "venue_label"]

#: the tag that al-folio's ``selected = {true}`` gives an entry (``tag:selected``)
SELECTED = "selected"

_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})
# what a note that is an award says: "Best Paper Award", "Outstanding Paper
# Nomination", "Honorable Mention", "First Prize", "winner of ..."
_AWARD = re.compile(
    r"\b(awards?|awarded|prizes?|nominat(ed|ion)|best\s+(student\s+)?paper|outstanding\s+paper"
    r"|honou?rable\s+mention|winner)\b", re.IGNORECASE)
_BRACES = re.compile(r"[{}]")


def _plain(value: str) -> str:
    """*value* without BibTeX's case-protecting braces, its spaces collapsed."""
    return " ".join(_BRACES.sub("", value).split())


def venue_label(fields: Mapping[str, str], venues: Mapping[str, str]) -> str:
    """The short label of the entry's venue: its ``abbr`` field (al-folio's), else the
    label of the longest name in *venues* (``portfolio_venues``: venue name -> label)
    that its journal or booktitle holds, as words and in any case; else ''."""
    abbr = _plain(fields.get("abbr", ""))
    if abbr:
        return abbr
    venue = _plain(fields.get("journal") or fields.get("journaltitle")
                   or fields.get("booktitle") or "").lower()
    if not venue:
        return ""
    best = ""
    label = ""
    for name, short in venues.items():
        folded = _plain(name).lower()
        if folded and len(folded) > len(best) and re.search(
                rf"(?<!\w){re.escape(folded)}(?!\w)", venue):
            best, label = folded, short
    return label


def note_is_award(note: str) -> bool:
    """Whether a ``note`` reads as an award ("... Outstanding Paper Nomination")."""
    return bool(_AWARD.search(note))


def award_of(fields: Mapping[str, str]) -> tuple[str, str, str]:
    """(badge label, full text, field it came from) of the entry's award, or three ''.

    al-folio's ``award`` (the text) with ``award_name`` (the button's label); else a
    ``note`` that reads as an award (:func:`note_is_award`), which the badge then shows
    instead of the note."""
    award, name = _plain(fields.get("award", "")), _plain(fields.get("award_name", ""))
    if award or name:
        return name or award, award or name, "award"
    note = _plain(fields.get("note", ""))
    if note and note_is_award(note):
        return note, note, "note"
    return "", "", ""


def selected_of(fields: Mapping[str, str]) -> tuple[bool, str]:
    """Whether al-folio's ``selected`` field selects the entry, and a problem with its
    value ('' if none)."""
    value = fields.get("selected", "").strip().strip("{}").strip().lower()
    if not value or value in _FALSE:
        return False, ""
    if value in _TRUE:
        return True, ""
    return False, (f"selected {fields['selected']!r} is neither true nor false, so the entry "
                   "is not among the selected works; write selected = {true}")


def field_problems(fields: Mapping[str, str]) -> list[str]:
    """What the entry's al-folio fields (its resources, ``preview``, ``selected``) will
    not show, one message each."""
    problems = resources_of(fields)[1] + preview_of(fields)[1]
    if problem := selected_of(fields)[1]:
        problems.append(problem)
    return problems
