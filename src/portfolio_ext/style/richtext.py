"""pybtex rich-text elements that become classed docutils nodes.

pybtex's docutils backend maps ``Tag("strong", ...)`` to a bare ``strong`` node; the
elements here carry CSS classes and screen-reader text through to every Sphinx
builder, and fall back to ordinary tags in pybtex's other backends (plain text,
HTML, LaTeX), so the style stays usable outside Sphinx.
"""

from __future__ import annotations

import re

from docutils import nodes
from pybtex.richtext import BaseMultipartText, Tag, Text
from pybtex_docutils import Backend as DocutilsBackend

from ..core.latex import decode
from ..core.latex_markup import Math
from .nodes import role_symbol, sr_only

__all__ = ["Classed", "OwnerName", "RoleMarker", "from_latex"]

# what latexcodec or pybtex's brace parser would change: commands, braces, ties,
# comments, math, ligatures (-- '' `` ,,) and any whitespace but single spaces
_LATEX = re.compile(r"[\\{}~%`$]|--|''|,,|^\s|\s\s|\s$|[^\S ]")


def from_latex(text: str) -> Text:
    """``Text.from_latex(text)``, without the LaTeX decoder when there is nothing to decode.

    Decoding is most of the cost of formatting an entry, and most titles, journals and
    page numbers are plain text.
    """
    return decode(text) if _LATEX.search(text) else Text(text)


# math in a field (``$x$``, core/latex_markup.py): a docutils ``math`` node, so HTML
# gets MathJax and LaTeX real math
Math.renderers[DocutilsBackend] = lambda math: [nodes.math(math.source, math.source)]


_NODES = {"strong": nodes.strong, "em": nodes.emphasis, "sup": nodes.superscript, "span": nodes.inline}


class Classed(BaseMultipartText):
    """A tag with CSS classes: ``Classed("strong", "a b", ...)``."""

    def __init__(self, tag: str, classes: str, *parts) -> None:
        self.tag = tag
        self.classes = classes
        self.info = (tag, classes)
        super().__init__(*parts)

    def render(self, backend):
        rendered = super().render(backend)
        if isinstance(backend, DocutilsBackend):
            node = _NODES[self.tag]("", "", *rendered, classes=self.classes.split())
            return [node]
        if self.tag == "span":
            return rendered
        return Tag(self.tag, Text(*self.parts)).render(backend) if self.parts else rendered


class OwnerName(Classed):
    """The owner's name: bold everywhere, class ``portfolio-owner`` in HTML."""

    def __init__(self, *parts) -> None:
        super().__init__("strong", "portfolio-owner", *parts)
        # pybtex remakes merged texts as type(self)(*self.info, *parts): no arguments here
        self.info = ()


class RoleMarker(BaseMultipartText):
    """A role symbol after a name, announced by its meaning.

    Renders as ``<sup class="portfolio-role portfolio-role-ROLE">`` holding the symbol
    (hidden from screen readers) and the role's label (shown only to them).
    """

    def __init__(self, role: str, symbol: str, label: str, *parts) -> None:
        self.role, self.symbol, self.label = role, symbol, label
        self.info = (role, symbol, label)
        # pybtex drops empty texts: the symbol is the (plain-text) content
        super().__init__(*(parts or (symbol,)))

    def render(self, backend):
        if isinstance(backend, DocutilsBackend):
            sup = nodes.superscript("", "", classes=["portfolio-role", f"portfolio-role-{self.role}"])
            sup += role_symbol(self.symbol, self.symbol)
            sup += sr_only("", f" ({self.label})")
            return [sup]
        return Tag("sup", self.symbol).render(backend)
