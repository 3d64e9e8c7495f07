"""Reading field text as LaTeX, safely: one decoder for every place that shows a field.

pybtex reads titles, venues and names as LaTeX. A lone backslash (``{Xu, Zhi-Qin John\\}``)
or a brace that a field's own braces do not balance makes its decoder raise. Here such a
text is shown as written instead, and :func:`latex_error` says why, so the bib checks can
warn about it once per entry (``core/bibindex.py``).

What pybtex's decoder leaves LaTeX in (a command it does not know, such as ``\\emph``,
or math) is read again by ``core/latex_markup.py``, which makes markup, links, math and
Unicode of it.
"""

from __future__ import annotations

import re

from pybtex.markup import LaTeXParser
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError

from .latex_markup import has_markup, to_rich

__all__ = ["NEEDS_DECODING", "braces_only", "dashes_only", "decode", "latex_error",
           "text_from_latex"]

#: what latexcodec or pybtex's brace parser would change: commands, braces, ties,
#: comments, math, ligatures (-- '' `` ,,) and any whitespace but single spaces; text
#: without it decodes to itself (tests/test_fast_paths.py)
NEEDS_DECODING = re.compile(r"[\\{}~%`$]|--|''|,,|^\s|\s\s|\s$|[^\S ]")
#: the same but for braces and dashes
_BEYOND_BRACES = re.compile(r"[\\~%`$]|''|,,|^\s|\s\s|\s$|[^\S ]")
#: the decoder's dashes: the longest first, a brace between hyphens keeps them apart
_DASHES = re.compile("---|--")
_DASH = {"---": "\u2014", "--": "\u2013"}


#: the same but for dashes
_BEYOND_DASHES = re.compile(r"[\\{}~%`$]|''|,,|^\s|\s\s|\s$|[^\S ]")


def dashes_only(latex: str) -> str | None:
    """*latex* decoded, where dashes are all it has to decode (pages ``12--18``): ``--``
    an en dash and ``---`` an em dash, as the decoder reads them; None otherwise."""
    return None if _BEYOND_DASHES.search(latex) else _dashed(latex)


def _dashed(latex: str) -> str:
    return _DASHES.sub(lambda match: _DASH[match[0]], latex) if "--" in latex else latex


def braces_only(latex: str) -> str | None:
    """*latex* decoded, where braces that balance and dashes are all it has to decode
    (a title's ``{DNN}s``, kept as capitals; pages ``12--18``): the text without the
    braces, ``--`` an en dash and ``---`` an em dash; None otherwise."""
    if not _braces_and_dashes(latex):
        return None
    return _dashed(latex).replace("{", "").replace("}", "")


def _braces_and_dashes(latex: str) -> bool:
    """Whether braces that balance and dashes are all the LaTeX *latex* has: the
    decoder then changes its dashes alone (tests/test_fast_paths.py)."""
    if _BEYOND_BRACES.search(latex):
        return False
    depth = 0
    for char in latex:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def text_from_latex(latex: str) -> Text:
    """``Text.from_latex(latex)``, the same rich text (its braces protected) and the
    same errors, without latexcodec where braces and dashes are all *latex* has to
    decode: a title's ``{PDEs}`` costs some 10 microseconds, not 250-400."""
    if _braces_and_dashes(latex):
        return LaTeXParser(_dashed(latex)).parse()
    return Text.from_latex(latex)

#: what the decoder may fail on, once pybtex's parser has balanced a field's braces: a
#: backslash at the end (an odd run of them) or before a brace (an escaped brace that
#: leaves the others unbalanced), or a comment (``{%}``: it hides the closing brace);
#: the decoder itself decides
_SUSPECT = re.compile(r"\\(?:[{}]|$)|%")
#: what the decoders raise on text they cannot read
DECODE_ERRORS = (UnicodeDecodeError, PybtexSyntaxError)


#: what pybtex's decoder leaves of LaTeX: a command or a dollar
_LEFT_OVER = re.compile(r"[\\$]")


def decode(latex: str) -> Text:
    """*latex* as rich text: ``Text.from_latex(latex)`` where that leaves no LaTeX, else
    ``core/latex_markup.py``'s reading; the text as written when it is not valid LaTeX."""
    if has_markup(latex) and latex_error(latex) is None:  # pybtex would leave it: skip it
        rich = to_rich(latex)
        if rich is not None:
            return rich
    try:
        text = text_from_latex(latex)
    except DECODE_ERRORS:
        return Text(latex)
    if _LEFT_OVER.search(str(text)):
        rich = to_rich(latex)
        if rich is not None:
            return rich
    return text


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
