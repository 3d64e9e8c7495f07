"""Checks of the text in an entry's fields and names.

- pybtex reads a field such as ``title`` as LaTeX, where ``%`` starts a comment: the
  rest of the field is silently left out (``50% faster`` shows as ``50``). The fields
  that are shown as written (addresses, identifiers, keywords, annotations) are not
  read as LaTeX and may hold a ``%``.
- Text that is not valid LaTeX (a lone backslash, braces that do not balance) is shown
  as written (``core/latex.py``); it is reported here, once per entry.
- Invisible characters (a byte-order mark, zero-width spaces, bidirectional overrides)
  copied in from a PDF or a web page would go unseen into titles, search results and
  the page's metadata, and bidirectional controls can reorder what a reader sees.
"""

from __future__ import annotations

import re
import unicodedata

from pybtex.database import Entry

from .latex import latex_error
from .latex_markup import latex_problems_of

__all__ = ["RAW_FIELDS", "latex_problems"]

#: fields the portfolio style shows as written, or does not show
RAW_FIELDS = frozenset({
    "url", "doi", "eprint", "archiveprefix", "eprinttype", "keywords", "file", "urldate",
})
_COMMENT = re.compile(r"(?<!\\)%")
#: format characters (Cf) but the soft hyphen, which is a legitimate hyphenation hint,
#: and control characters other than tab and newline
_INVISIBLE = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e"
                        r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def latex_problems(entry: Entry) -> list[str]:
    """What the fields and names of *entry* will not show as written, one message each."""
    problems = []
    unknown = []  # LaTeX commands shown as their text (core/latex_markup.py): one message
    for name, value in entry.fields.items():
        folded = name.lower()
        if invisible := _invisible(value):
            problems.append(f"{name}: {invisible}")
        if folded in RAW_FIELDS or "+" in folded:
            continue
        unknown += [f"{name} {command}" for command in latex_problems_of(value)]
        if error := latex_error(value):
            problems.append(f"{name}: {_unreadable(error)}")
        match = _COMMENT.search(value)
        if match:
            lost = " ".join(value[match.end():].split())
            if len(lost) > 40:
                lost = lost[:39] + "\u2026"
            problems.append(
                f"{name}: '%' starts a LaTeX comment, so the rest of the field ('{lost}') is "
                "not shown; write \\% for a percent sign"
            )
    if unknown:
        problems.append(f"unknown LaTeX command ({', '.join(unknown)}), shown as its argument "
                        "or its name; write the text instead (Unicode is fine)")
    for role, people in entry.persons.items():
        for person in people:
            text = str(person)
            if invisible := _invisible(text):
                problems.append(f"{role} {text!r}: {invisible}")
            if error := latex_error(text):
                problems.append(f"{role} {text!r}: {_unreadable(error)}")
    return problems


def _unreadable(error: str) -> str:
    return (f"cannot be read as LaTeX ({error}), so it is shown as written; remove the "
            "stray backslash or brace (\\textbackslash{} writes a backslash)")


def _invisible(text: str) -> str:
    """A message naming the first invisible character in *text*, or ''."""
    match = _INVISIBLE.search(text)
    if not match:
        return ""
    char = match[0]
    name = unicodedata.name(char, "a control character")
    return (f"holds an invisible character, U+{ord(char):04X} ({name}), at character "
            f"{match.start() + 1}; delete it (it was probably copied in with the text)")
