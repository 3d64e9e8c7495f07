"""pybtex rich-text elements that become classed docutils nodes.

pybtex's docutils backend maps ``Tag("strong", ...)`` to a bare ``strong`` node; the
elements here carry CSS classes and screen-reader text through to every Sphinx
builder, and fall back to ordinary tags in pybtex's other backends (plain text,
HTML, LaTeX), so the style stays usable outside Sphinx.
"""

from __future__ import annotations

from docutils import nodes
from pybtex.database import Person
from pybtex.richtext import BaseMultipartText, HRef, Tag, Text
from pybtex_docutils import Backend as DocutilsBackend

from ..core.latex import NEEDS_DECODING, dashes_only, decode, text_from_latex
from ..core.latex_markup import Math
from .nodes import badge, identifier, link_button, link_buttons, preview_image, role_symbol, sr_only

__all__ = ["Badge", "Classed", "DecodedPerson", "LinkButton", "LinkButtons", "OwnerName",
           "Preview", "RoleMarker", "from_latex"]



def from_latex(text: str) -> Text:
    """``Text.from_latex(text)``, without the LaTeX decoder when there is nothing to decode.

    Decoding is most of the cost of formatting an entry, and most titles, journals and
    page numbers are plain text.
    """
    if not NEEDS_DECODING.search(text):
        return Text(text)
    dashed = dashes_only(text)  # pages, "Fokker--Planck": the decoder's dashes
    return Text(dashed) if dashed is not None else decode(text)


def _rich_names(names: list[str]) -> list[Text]:
    return [text_from_latex(name) if NEEDS_DECODING.search(name) else Text(name)
            for name in names]


class DecodedPerson(Person):
    """A person (sharing its name lists) whose names decode as pybtex decodes them,
    ``Text.from_latex``, without the decoder for a name with nothing to decode ("Luo":
    most names; the decoder is some 40 microseconds a name)."""

    def __init__(self, person: Person) -> None:
        self.__dict__.update(vars(person))

    rich_first_names = property(lambda self: _rich_names(self.first_names))
    rich_middle_names = property(lambda self: _rich_names(self.middle_names))
    rich_prelast_names = property(lambda self: _rich_names(self.prelast_names))
    rich_last_names = property(lambda self: _rich_names(self.last_names))
    rich_lineage_names = property(lambda self: _rich_names(self.lineage_names))


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


#: between an entry's links where no style spaces them (LaTeX, plain text)
LINK_SEPARATOR = " \u00b7 "


class LinkButton(BaseMultipartText):
    """A link whose label says what it opens ("DOI", "PDF"), with what it points at
    (*ident*: the DOI, the arXiv id, the host) in print and for screen readers, and as
    the link's title in HTML. *local*: *url* is a path inside the site. Without *url*,
    *label* is a field that is no link, shown as text (one part, never merged with
    the next: each part is an item of the list)."""

    def __init__(self, kind: str, url: str | None, label: str, ident: str = "", local: bool = False,
                 *parts) -> None:
        self.kind, self.url, self.label, self.ident, self.local = kind, url, label, ident, local
        self.info = (kind, url, label, ident, local)
        super().__init__(*(parts or (label,)))

    def render(self, backend):
        if self.url is None:  # not a link: the field as written
            if isinstance(backend, DocutilsBackend):
                return [nodes.inline("", self.label, classes=["portfolio-link-text"])]
            return Text(self.label).render(backend)
        if isinstance(backend, DocutilsBackend):
            node = link_button("", "", nodes.Text(self.label), refuri=self.url, kind=self.kind,
                               classes=["portfolio-button", f"portfolio-button-{self.kind}"])
            if self.ident:
                node["reftitle"] = self.ident
                node += identifier("", f" {self.ident}")
            if self.local:
                node["local"] = True
            return [node]
        text = Text(self.label, f" {self.ident}" if self.ident else "")
        return (text if self.local else HRef(self.url, text)).render(backend)


class LinkButtons(BaseMultipartText):
    """An entry's :class:`LinkButton` s: a :class:`link_buttons` node, or the links
    with :data:`LINK_SEPARATOR` between them."""

    def render(self, backend):
        if isinstance(backend, DocutilsBackend):
            # spaces between: the text of the nodes (search, tooltips) reads "DOI ... Web"
            node = link_buttons("", "", classes=["portfolio-links"])
            for i, part in enumerate(self.parts):
                if i:
                    node += nodes.Text(" ")
                node.extend(part.render(backend))
            return [node]
        parts = []
        for i, part in enumerate(self.parts):
            if i:
                parts.append(LINK_SEPARATOR)
            parts.append(part)
        return Text(*parts).render(backend)


class Badge(BaseMultipartText):
    """A short label: an entry's venue (*kind* ``venue``) or award (``award``);
    ``[label]`` outside Sphinx."""

    def __init__(self, kind: str, *parts) -> None:
        self.kind = kind
        self.info = (kind,)
        super().__init__(*parts)

    def render(self, backend):
        if isinstance(backend, DocutilsBackend):
            node = badge("", "", *super().render(backend), kind=self.kind,
                         classes=["portfolio-badge", f"portfolio-badge-{self.kind}"])
            return [node]
        return Text("[", *self.parts, "]").render(backend)


class Preview(BaseMultipartText):
    """An entry's thumbnail: a :class:`preview_image` node; nothing outside Sphinx.
    Its text is the image's alternative text (pybtex drops empty texts)."""

    def __init__(self, path: str, alt: str, *parts) -> None:
        self.path, self.alt = path, alt
        self.info = (path, alt)
        super().__init__(*(parts or (alt or path,)))

    def render(self, backend):
        if isinstance(backend, DocutilsBackend):
            return [preview_image("", "", path=self.path, alt=self.alt,
                                  classes=["portfolio-preview"])]
        return backend.format_str("")
