"""Checks of field text that pybtex reads as LaTeX.

pybtex reads a field such as ``title`` as LaTeX, where ``%`` starts a comment: the
rest of the field is silently left out (``50% faster`` shows as ``50``). The fields
that are shown as written (addresses, identifiers, keywords, annotations) are not
read as LaTeX and may hold a ``%``.
"""

from __future__ import annotations

import re

from pybtex.database import Entry

__all__ = ["RAW_FIELDS", "latex_problems"]

#: fields the portfolio style shows as written, or does not show
RAW_FIELDS = frozenset({
    "url", "doi", "eprint", "archiveprefix", "eprinttype", "keywords", "file", "urldate",
})
_COMMENT = re.compile(r"(?<!\\)%")


def latex_problems(entry: Entry) -> list[str]:
    """What pybtex will silently drop from the fields of *entry*, one message each."""
    problems = []
    for name, value in entry.fields.items():
        folded = name.lower()
        if folded in RAW_FIELDS or "+" in folded:
            continue
        match = _COMMENT.search(value)
        if match:
            lost = " ".join(value[match.end():].split())
            if len(lost) > 40:
                lost = lost[:39] + "\u2026"
            problems.append(
                f"{name}: '%' starts a LaTeX comment, so the rest of the field ('{lost}') is "
                "not shown; write \\% for a percent sign"
            )
    return problems
