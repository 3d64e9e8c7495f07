"""Long author lists cut short (``style/authors.py``): how each builder writes them, and
the entries of a list with its own ``:max-authors:``.

- HTML lists: the cut list, then a toggle ("and 296 more", a checkbox in its label:
  keyboard and screen-reader friendly, no JavaScript) that shows the names left out in
  their places and reads "show fewer" while they are; ``portfolio.css`` does it.
- HTML paper pages, and ePub, PDF, text, man and Texinfo: every name; ePub and PDF
  the cut list as text, without a toggle, with ``portfolio_max_authors_print``.
"""

from __future__ import annotations

import pickle
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core.bibindex import BibIndex
from ..core.settings import PortfolioConfig
from ..style.authors import hidden_names, more_names, names_gap
from .config import get_config
from .formatted import _format, _Formatter, _signature, rendered_entry

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

__all__ = ["VISITORS", "entry_nodes", "parse_limit"]

#: the class of a paper page's citation (html/papers.py): every name is shown there
_PAPER_CITATION = "portfolio-paper-citation"


def parse_limit(value: str) -> int | None:
    """A ``:max-authors:`` value as a number (0: every name), or None if it is none."""
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() else None


# Per process, like formatted.py's: (settings signature, limit) -> the entries formatted
# with that limit. Only lists with their own :max-authors: use it.
_LIMITED: dict[tuple[str, int], _Formatter] = {}


def entry_nodes(index: BibIndex, config: PortfolioConfig, key: str,
                limit: int | None) -> list[nodes.Node]:
    """The nodes of entry *key* with author lists cut to *limit* names (None: to
    ``portfolio_max_authors``), a new copy on each call."""
    if limit is None or limit == config.max_authors:
        return rendered_entry(index, config, key)
    signature = _signature(index)
    formatter = _LIMITED.get((signature, limit))
    if formatter is None:
        for old in [k for k in _LIMITED if k[0] != signature]:
            del _LIMITED[old]
        formatter = _LIMITED[(signature, limit)] = _Formatter(
            signature, replace(config, max_authors=limit))
    digest = index.digests[key]
    formatted = formatter.entries.get(digest)
    if formatted is None:
        formatted, fresh = _format(formatter, index, key)
        formatter.entries[digest] = formatted
        return fresh
    return pickle.loads(formatted.nodes)


def _on_paper_page(node: nodes.Element) -> bool:
    parent = node.parent
    while parent is not None:
        if _PAPER_CITATION in parent.get("classes", ()):
            return True
        parent = parent.parent
    return False


def _cut_in_print(translator: Any) -> bool:
    return get_config(translator.builder.env).max_authors_print


# -- HTML: the cut list with a toggle in lists, every name on paper pages ------------


def _visit_hidden_html(self: HTML5Translator, node: hidden_names) -> None:
    if _on_paper_page(node):
        self.body.append(self.starttag(node, "span", ""))
    else:
        self.body.append(self.starttag(node, "span", "", CLASS="portfolio-names-hidden"))


def _visit_gap_html(self: HTML5Translator, node: names_gap) -> None:
    if _on_paper_page(node):
        raise nodes.SkipNode
    self.body.append(self.starttag(node, "span", "", CLASS="portfolio-names-gap",
                                   **{"aria-hidden": "true"}))


def _visit_more_html(self: HTML5Translator, node: more_names) -> None:
    if _on_paper_page(node):
        raise nodes.SkipNode
    # the space before the label, not in it: it is not underlined, nor in the focus ring
    self.body.append(
        " " + self.starttag(node, "label", "", CLASS="portfolio-more")
        + '<input type="checkbox" class="portfolio-more-toggle">'
        + f'<span class="portfolio-more-closed">{self.encode(node.astext().strip())}</span>'
        + f'<span class="portfolio-more-open">{self.encode(node["fewer"])}</span>'
        + "</label>"
    )
    raise nodes.SkipNode


def _depart_span(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</span>")


# -- ePub and PDF: every name, or the cut list as text (portfolio_max_authors_print) --


def _visit_hidden_print(self: Any, node: hidden_names) -> None:
    if _cut_in_print(self):
        raise nodes.SkipNode


def _visit_shown_when_cut(self: Any, node: nodes.Element) -> None:
    if not _cut_in_print(self):
        raise nodes.SkipNode


def _visit_hidden_epub(self: HTML5Translator, node: hidden_names) -> None:
    _visit_hidden_print(self, node)
    self.body.append(self.starttag(node, "span", ""))


def _visit_cut_epub(self: HTML5Translator, node: nodes.Element) -> None:
    _visit_shown_when_cut(self, node)
    self.body.append(self.starttag(node, "span", ""))


def _pass(self: Any, node: nodes.Element) -> None:
    pass


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


#: how each builder writes the nodes of a cut author list (``app.add_node`` arguments):
#: those without an entry here write every name, as inline text
VISITORS: dict[type[nodes.inline], dict[str, tuple]] = {
    hidden_names: {
        "html": (_visit_hidden_html, _depart_span),
        "epub": (_visit_hidden_epub, _depart_span),
        "latex": (_visit_hidden_print, _pass),
    },
    names_gap: {
        "html": (_visit_gap_html, _depart_span),
        "epub": (_visit_cut_epub, _depart_span),
        "latex": (_visit_shown_when_cut, _pass),
        **{builder: (_skip, None) for builder in ("text", "man", "texinfo")},
    },
    more_names: {
        "html": (_visit_more_html, None),
        "epub": (_visit_cut_epub, _depart_span),
        "latex": (_visit_shown_when_cut, _pass),
        **{builder: (_skip, None) for builder in ("text", "man", "texinfo")},
    },
}
