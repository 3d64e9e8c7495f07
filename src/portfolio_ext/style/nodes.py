"""The docutils nodes that the style's rich text renders to (see ``richtext.py``).

How each builder writes them is Sphinx glue: ``sphinx_ext/nodes.py``.
"""

from __future__ import annotations

from docutils import nodes

__all__ = ["role_symbol", "sr_only"]


class role_symbol(nodes.inline):
    """The symbol of a role marker (``*``); hidden from screen readers in HTML,
    which read the role's label (a :class:`sr_only` sibling) instead."""


class sr_only(nodes.inline):
    """Text for screen readers only: visually hidden in HTML, left out of the PDF."""
