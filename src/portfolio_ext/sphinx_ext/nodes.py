"""How each builder writes the extension's inline nodes (``style/nodes.py``).

Both subclass :class:`docutils.nodes.inline`: Sphinx's translators dispatch along the
class hierarchy, so a builder without a visitor here (text, man, texinfo, ...) renders
them as ordinary inline text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..style.nodes import role_symbol, sr_only

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator


def _visit_role_symbol_html(self: HTML5Translator, node: role_symbol) -> None:
    self.body.append(
        self.starttag(node, "span", "", CLASS="portfolio-role-symbol", **{"aria-hidden": "true"})
    )


def _visit_sr_only_html(self: HTML5Translator, node: sr_only) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="portfolio-sr-only"))


def _depart_span(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</span>")


def skip(self: object, node: nodes.Element) -> None:
    """A visitor that leaves the node out of the output."""
    raise nodes.SkipNode


def skipped_in(*builders: str) -> dict[str, tuple]:
    """``app.add_node`` arguments that leave a node out of *builders*' output."""
    return {builder: (skip, None) for builder in builders}


#: the builders other than HTML that this extension supports
NOT_HTML = ("epub", "latex", "text", "man", "texinfo")


#: how each builder writes the inline nodes (``app.add_node`` arguments)
ROLE_SYMBOL_VISITORS = {
    "html": (_visit_role_symbol_html, _depart_span),
    "epub": (_visit_role_symbol_html, _depart_span),
}
SR_ONLY_VISITORS = {
    "html": (_visit_sr_only_html, _depart_span),
    "epub": (_visit_sr_only_html, _depart_span),
    "latex": (skip, None),
}
