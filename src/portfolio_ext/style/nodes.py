"""The docutils nodes that the style's rich text renders to (see ``richtext.py``).

How each builder writes them is Sphinx glue: ``sphinx_ext/nodes.py``.
"""

from __future__ import annotations

from docutils import nodes

__all__ = ["badge", "identifier", "link_button", "link_buttons", "preview_image",
           "role_symbol", "sr_only"]


class role_symbol(nodes.inline):
    """The symbol of a role marker (``*``); hidden from screen readers in HTML,
    which read the role's label (a :class:`sr_only` sibling) instead."""


class sr_only(nodes.inline):
    """Text for screen readers only: visually hidden in HTML, left out of the PDF."""


class link_buttons(nodes.inline):
    """An entry's links (DOI, arXiv, web, PDF, code, ...): compact buttons in HTML,
    a list with separators in LaTeX."""


class link_button(nodes.reference):
    """One link of :class:`link_buttons`: its label says what it opens, an
    :class:`identifier` child what it is. ``kind`` is what it opens (``doi``,
    ``arxiv``, ``pdf``...); ``local`` names a file of the site (``refuri`` is then
    a path inside the site, which each builder resolves or leaves out)."""


class identifier(nodes.inline):
    """What a link points at (the DOI, the arXiv id, the host): in print, and for
    screen readers; visually hidden in HTML, where the link's title shows it."""


class badge(nodes.inline):
    """A short label before or after an entry: its venue (``kind`` ``venue``) or
    an award (``kind`` ``award``)."""


class preview_image(nodes.inline):
    """An entry's thumbnail (al-folio's ``preview``): ``path`` in the site, ``alt``.
    An image in HTML and ePub; left out of the PDF's lists."""
