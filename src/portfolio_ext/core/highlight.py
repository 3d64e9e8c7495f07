"""An entry's clean BibTeX (core/export.py) marked up as Pygments marks it up.

The paper pages show each entry's clean BibTeX highlighted. Through Sphinx's
highlighter that is a Pygments lexer and a new HTML formatter per block, some 0.5 ms,
more than the rest of the page. The clean BibTeX has one shape, which
:func:`bibtex_spans` marks up as Pygments' BibTeX lexer and HTML formatter do (the
same tokens, the same merged spans, line by line); text of any other shape gives None,
and is highlighted by Pygments. ``tests/test_highlight.py`` holds the two equal.
"""

from __future__ import annotations

import re

__all__ = ["bibtex_spans"]

#: "@type{key": a type the lexer reads as an entry's (not @comment, @preamble, @string)
_HEAD = re.compile(r"@(?!comment(?!ary)|preamble|string)([A-Za-z_]\w*)\{([^\s,{}()\"'#%=]+)",
                   re.IGNORECASE)
#: ",\n    name = {": a field, as export.py writes it
_FIELD = re.compile(r",\n    ([A-Za-z_][\w.:+-]*) = \{")
#: what Pygments' HTML formatter escapes
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _span(css: str, text: str) -> str:
    """*text* in a span of class *css*, line by line (an empty line gets none)."""
    if "\n" not in text:
        return f'<span class="{css}">{text.translate(_ESCAPE)}</span>' if text else ""
    return "\n".join(f'<span class="{css}">{part}</span>' if part else ""
                     for part in text.translate(_ESCAPE).split("\n"))


_BRACES = re.compile(r"[{}]")
#: what comes between a field's value and the next field's name, and after "@type{key"
_BETWEEN = "".join([_span("p", ","), "\n", _span("w", "    ")])
_EQUALS = "".join([_span("w", " "), _span("p", "="), _span("w", " ")])
_OPEN, _END = _span("p", "{"), "".join(["\n", _span("p", "}"), "\n"])


def _braced_end(text: str, start: int) -> int | None:
    """The index after the brace that closes the one at *start*, or None."""
    depth = 0
    for match in _BRACES.finditer(text, start):
        depth += 1 if match[0] == "{" else -1
        if depth == 0:
            return match.end()
    return None


def bibtex_spans(text: str) -> str | None:
    """The HTML that Pygments writes inside ``<pre>`` for *text*, one entry as
    ``export.clean_bibtex`` writes it (without its last newline); None for any other
    text."""
    head = _HEAD.match(text)
    if head is None or "\r" in text or "\t" in text:
        return None
    out = ['<span></span>', _span("nc", f"@{head[1]}"), _OPEN, _span("nl", head[2])]
    at = head.end()
    while field := _FIELD.match(text, at):
        end = _braced_end(text, field.end() - 1)
        if end is None:
            return None
        # a field's name is a word: nothing in it to escape, no line break
        out += [_BETWEEN, f'<span class="na">{field[1]}</span>', _EQUALS,
                _span("s", text[field.end() - 1:end])]
        at = end
    if text[at:] != "\n}":
        return None
    out.append(_END)
    return "".join(out)
