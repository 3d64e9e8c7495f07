"""The abstract disclosure under a listed entry, in HTML (``sphinx_ext/badges.py``
has its node and how other builders leave it out)."""

from __future__ import annotations

from typing import Any

from docutils import nodes

from ..sphinx_ext.badges import ABSTRACT_VISITORS, abstract_of, abstract_toggle
from ..sphinx_ext.bib import get_index
from .templates import render

__all__ = ["VISITORS"]


def _visit_abstract_html(self: Any, node: abstract_toggle) -> None:
    entry = get_index(self.builder.env).data.entries[node["key"]]
    # what templates/portfolio/abstract-toggle.html shows (docs/extension.md)
    self.body.append(render(self.builder, "abstract-toggle.html", {
        "key": node["key"], "abstract": abstract_of(entry)}))
    raise nodes.SkipNode


#: how each builder writes an abstract_toggle (``app.add_node`` arguments)
VISITORS = {**ABSTRACT_VISITORS, "html": (_visit_abstract_html, None)}
