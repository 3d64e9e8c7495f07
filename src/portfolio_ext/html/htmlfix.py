"""Keep element ids unique when the theme wraps tables (furo).

furo's ``WrapTableAndMathInAContainerTransform`` puts each table and display formula in
a scrolling ``<div class="table-wrapper">`` and copies *all* attributes onto it, ids
included (``update_all_atts``), so a table with a caption or a label -- such as the one
behind a ``publications-chart`` -- has its id twice on the page: invalid HTML (the Nu
validator's "Duplicate ID") and an ambiguous link target. The id stays on the table,
where links and the caption's permalink point.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

WRAPPERS = {"table-wrapper", "math-wrapper"}


class DropWrapperIds(SphinxPostTransform):
    """Remove from a wrapper ``<div>`` the ids its wrapped element carries."""

    formats = ("html",)
    # after furo's wrapping transform (500)
    default_priority = 510

    def run(self, **kwargs: Any) -> None:
        for wrapper in self.document.findall(nodes.container):
            if WRAPPERS & set(wrapper["classes"]) and wrapper.children:
                inner = wrapper.children[0]
                if isinstance(inner, nodes.Element):
                    wrapper["ids"] = [i for i in wrapper["ids"] if i not in inner["ids"]]
