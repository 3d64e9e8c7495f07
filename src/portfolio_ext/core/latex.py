"""Reading field text as LaTeX, safely: one decoder for every place that shows a field.

pybtex reads titles, venues and names as LaTeX. A lone backslash (``{Xu, Zhi-Qin John\\}``)
or a brace that a field's own braces do not balance makes its decoder raise. Here such a
text is shown as written instead, and :func:`latex_error` says why, so the bib checks can
warn about it once per entry (``core/bibindex.py``).
"""

from __future__ import annotations

import re

from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError

__all__ = ["decode", "latex_error"]

#: what the decoder may fail on, once pybtex's parser has balanced a field's braces: a
#: backslash at the end (an odd run of them) or before a brace (an escaped brace that
#: leaves the others unbalanced), or a comment ('%') that hides a closing brace; the
#: decoder itself decides
_SUSPECT = re.compile(r"\\(?:[{}]|$)|%")
#: what the decoders raise on text they cannot read
DECODE_ERRORS = (UnicodeDecodeError, PybtexSyntaxError)


def decode(latex: str) -> Text:
    """``Text.from_latex(latex)``, or the text as written when it is not valid LaTeX."""
    try:
        return Text.from_latex(latex)
    except DECODE_ERRORS:
        return Text(latex)


def latex_error(latex: str) -> str | None:
    """Why *latex* cannot be read as LaTeX, or None when it can."""
    if not _SUSPECT.search(latex):  # the decoder is slow: most text has nothing to fear
        return None
    try:
        Text.from_latex(latex)
    except UnicodeDecodeError as exc:
        return f"{exc.reason} at character {exc.start + 1}"
    except PybtexSyntaxError:
        return "unbalanced braces"
    return None
