"""The ``portfolio`` pybtex formatting style.

A small subclass of pybtex's ``unsrt`` that

- highlights the owner in every name list (:class:`~portfolio_ext.style.richtext.OwnerName`);
- puts role markers from ``author+an`` after the names, and the alphabetical-order
  note after the list;
- keeps titles as written (``unsrt`` lower-cases them);
- links DOI, arXiv and http(s) URLs only, showing anything else as text;
- reads biblatex entries (``@thesis``, ``@report``, ``@online``, ``date``,
  ``journaltitle``...) through the nearest BibTeX type's template
  (:func:`~portfolio_ext.core.fields.bibtex_view`), and shows an entry of a type
  neither knows as author, title, venue and year.

It is registered under the ``pybtex.style.formatting`` entry point as ``portfolio``,
so a plain ``bibliography`` directive can use it with ``:style: portfolio``.
"""

from __future__ import annotations

import re
from typing import ClassVar
from urllib.parse import urlparse

from pybtex.database import Entry, Person
from pybtex.richtext import HRef, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date as unsrt_date
from pybtex.style.formatting.unsrt import pages
from pybtex.style.labels.number import LabelStyle as NumberLabelStyle
from pybtex.style.names.plain import NameStyle as PlainNameStyle
from pybtex.style.sorting.none import SortingStyle as NoSortingStyle
from pybtex.style.template import (
    FieldIsMissing,
    Node,
    field,
    first_of,
    join,
    node,
    optional,
    optional_field,
    sentence,
    tag,
    words,
)
from sphinx.locale import get_translation

from .._compat import find_field
from ..core.annotations import Annotations, entry_annotations
from ..core.badges import award_of, venue_label
from ..core.fields import bibtex_view, missing_required
from ..core.links import eprint_type, links_of, preview_of, resources_of
from ..core.names import OWNER, mark_of, name_parts, typed_symbols
from ..core.people import shown_positions
from ..core.settings import PortfolioConfig
from .authors import FEWER, MORE, cut_names
from .richtext import (
    Badge,
    Classed,
    DecodedPerson,
    LinkButton,
    LinkButtons,
    OwnerName,
    Preview,
    RoleMarker,
    from_latex,
)

_translation = get_translation("portfolio")


def _t(label: str) -> str:
    """*label* translated with the catalog of ``sphinx_ext/locale.py`` (which this layer
    cannot import); formatted entries are cached per language (``sphinx_ext/bib.py``).
    A plain str even outside a Sphinx build, where gettext gives a lazy proxy."""
    return str(_translation(label))

__all__ = ["PortfolioStyle", "activate"]

# The settings of the running Sphinx build. sphinxcontrib-bibtex instantiates styles
# without arguments, so a plain ``bibliography :style: portfolio`` reads them here.
# Derived from conf.py only (never from documents), set again at every builder-inited.
_ACTIVE = PortfolioConfig()


def activate(config: PortfolioConfig) -> None:
    """Make *config* the settings of styles created without explicit settings."""
    global _ACTIVE
    _ACTIVE = config


_NONE = Annotations()


@node
def portfolio_names(children, context, role, **kwargs):
    """Names of *role* with the owner highlighted, role markers after names, homepages
    linked, and a list longer than ``portfolio_max_authors`` cut short
    (:func:`~portfolio_ext.style.authors.cut_names`)."""
    assert not children
    entry = context["entry"]
    persons = entry.persons.get(role)
    if not persons:
        raise FieldIsMissing(role, entry)
    style: PortfolioStyle = context["style"]
    config = style.portfolio_config
    symbols = config.role_symbols
    # read as the bib checks read them (which report the problems, once per build)
    annotations = entry_annotations(entry.fields, entry.persons, symbols)[0].get(role, _NONE)
    matcher, groups = config.matcher, config.people.values()
    homepages = config.homepage_index
    parts, marked = [], []
    for index, person in enumerate(persons, start=1):
        person = typed_symbols(person)[1]  # "Poon*": its role is a marker
        name = style.person_text(person, index)
        if homepages and (url := homepages.of(person)):
            name = HRef(url, name)
        markers = []
        mark = mark_of(person, matcher, groups)
        if mark == OWNER:
            name = OwnerName(name)
        elif mark is not None:
            name = Classed("em", f"portfolio-person portfolio-person-{mark.key}", name)
            if mark.symbol:
                markers.append(RoleMarker(mark.key, mark.symbol, mark.label))
        markers += [
            RoleMarker(r, symbols[r], _t(config.label(r))) for r in annotations.roles_of(index)
        ]
        parts.append(Text(name, *markers) if markers else name)
        marked.append(mark is not None or bool(markers))
    shown = shown_positions(marked, style.max_authors)
    if all(shown):
        text = join(**kwargs)[parts].format_data(context)
    else:
        text = cut_names(parts, shown, kwargs, _t(MORE), _t(FEWER))
    if "alphabetical" in annotations.field_roles:
        note = Classed("span", "portfolio-alphabetical", f"({_t(config.label('alphabetical'))})")
        text = Text(text, " ", note)
    return text


def _plain_field(children, context, name, apply_func=None, raw=False):
    """pybtex's ``field``, decoding LaTeX only where there is some (:func:`from_latex`)."""
    if children:
        raise ValueError(children)
    entry = context["entry"]
    try:
        value = find_field(entry, name, context.get("bib_data"))
    except KeyError:
        raise FieldIsMissing(name, entry) from None
    if not raw:
        value = from_latex(value)
    return apply_func(value) if apply_func else value


#: pybtex's ``field`` node, read by :func:`_plain_field`
plain_field = Node("field", _plain_field)


def _plain_optional_field(children, context, *args, **kwargs):
    if children:
        raise ValueError(children)
    return optional[plain_field(*args, **kwargs)].format_data(context)


_PLAIN = {field.f: _plain_field, optional_field.f: _plain_optional_field}


@node
def portfolio_part(children, context, classes):
    """*children* in a span with *classes* (``portfolio-venue``, ``portfolio-year``),
    for a site's CSS; nothing when they are empty."""
    text = Text(*(c.format_data(context) if isinstance(c, Node) else c for c in children))
    return Classed("span", classes, text) if len(text) else text


def _with_plain_fields(template, without=None):
    """A copy of *template* whose field nodes are :func:`_plain_field` nodes, without
    the node *without* (e.g. pybtex's ``date``) wherever it is, and whose date (pybtex's
    shared ``date`` node) is in a ``portfolio-year`` span.

    A copy: pybtex's templates share module-level nodes (``date``, ``pages``).
    """
    if not isinstance(template, Node):
        return template
    copy = Node(template.name, _PLAIN.get(template.f, template.f))
    copy.args, copy.kwargs = list(template.args), dict(template.kwargs)
    copy.children = [_with_plain_fields(child, without) for child in template.children
                     if without is None or child is not without]
    if template is unsrt_date:
        return portfolio_part("portfolio-year")[copy]
    return copy


@node
def portfolio_title(children, context, which_field):
    """The title as written, in a ``portfolio-title`` span, after the venue's badge
    (its ``abbr``, or its label in ``portfolio_venues``)."""
    assert not children
    title = Classed("span", "portfolio-title", _plain_field([], context, which_field))
    style: PortfolioStyle = context["style"]
    label = venue_label(context["entry"].fields, style.portfolio_config.venues)
    return Text(Badge("venue", from_latex(label)), " ", title) if label else title


#: what each link says it opens; DOI and arXiv are names, the others translated
_LINK_LABELS = {"doi": "DOI", "arxiv": "arXiv", "url": "Web"}


@node
def portfolio_links(children, context):
    """The entry's links as buttons that say what they open ("DOI", "arXiv", "Web",
    "PDF", "Code"...), each with what it points at (:class:`LinkButton`): DOI, arXiv
    and URL links only when they are what they claim to be, then the resources of
    al-folio's fields (:data:`~portfolio_ext.core.links.RESOURCE_FIELDS`)."""
    assert not children
    fields = context["entry"].fields
    found = links_of(fields)
    links: list = []
    shown: set[str] = set()  # addresses already linked: a DOI once, not also as its url
    # what is not a link (links_of gives None) is shown as written, as text
    if doi := fields.get("doi", "").strip():
        links.append(LinkButton("doi", found.doi_url, "DOI", found.doi) if found.doi
                     else LinkButton("doi", None, f"doi:{doi}"))
        shown.add(_address(found.doi_url or ""))
    if eprint := fields.get("eprint", "").strip():
        if found.arxiv_id:
            links.append(LinkButton("arxiv", found.arxiv_url, "arXiv", found.arxiv_id))
            shown.add(_address(found.arxiv_url or ""))
        elif found.eprint_url:
            if _address(found.eprint_url) not in shown:
                links.append(LinkButton("url", found.eprint_url, _t("Web"), _host(found.eprint_url)))
                shown.add(_address(found.eprint_url))
        else:
            links.append(LinkButton("eprint", None, f"{eprint_type(fields)}:{eprint}"))
    if url := fields.get("url", "").strip():
        if found.url and _address(url) in shown:
            pass  # CoRR and SIAM entries give the DOI or arXiv address again as url
        elif found.url:
            links.append(LinkButton("url", url, _t("Web"), _host(url)))
            shown.add(_address(url))
        else:
            links.append(LinkButton("url", None, url))
    for resource in resources_of(fields)[0]:  # the bib checks report the others
        kind = resource.field
        if resource.local:
            links.append(LinkButton(kind, resource.target, _t(resource.label), "", True))
        elif _address(resource.target) not in shown:
            shown.add(_address(resource.target))
            links.append(LinkButton(kind, resource.target, _t(resource.label),
                                    _host(resource.target)))
    if not links:
        return Text()
    return LinkButtons(*links)


def _parent(entry, bib_data):
    """The entry that *entry*'s ``crossref`` names, if *bib_data* has it."""
    target = entry.fields.get("crossref", "").strip()
    if not target or bib_data is None:
        return None
    try:
        return bib_data.entries[target]
    except KeyError:
        return None


def _year_in_title(entry, name: str) -> bool:
    """Whether *entry*'s *name* field ends with its year in brackets ("(ICONIP 2019)")."""
    year = entry.fields.get("year", "").strip()
    return bool(year) and re.search(rf"{re.escape(year)}\)\s*$", entry.fields.get(name, "")) is not None


def _without(entry, name: str):
    """A copy of *entry* without field *name*."""
    view = Entry(entry.type, fields={k: v for k, v in entry.fields.items()
                                     if k.lower() != name}, persons=entry.persons)
    view.key = entry.key
    return view


def _host(url: str) -> str:
    return urlparse(url).netloc.lower().removeprefix("www.")


def _address(url: str) -> str:
    """*url* compared loosely: scheme, "www.", "dx." and a final slash do not matter."""
    parsed = urlparse(url.strip())
    host = parsed.netloc.lower().removeprefix("www.").removeprefix("dx.")
    return f"{host}{parsed.path.rstrip('/')}".lower() if host else ""


class PortfolioStyle(UnsrtStyle):
    """pybtex ``unsrt`` with owner highlighting, role markers and safe links.

    :param portfolio_config: the settings; by default those of the running build.
    """

    # classes, not names: pybtex would look names up among all installed entry points
    default_name_style = PlainNameStyle
    default_label_style = NumberLabelStyle
    default_sorting_style = NoSortingStyle
    #: how names are joined (pybtex's ``join`` arguments)
    name_separators: ClassVar[dict[str, str]] = {"sep": ", ", "sep2": " and ",
                                                 "last_sep": ", and "}

    def __init__(self, *args, portfolio_config: PortfolioConfig | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.portfolio_config = portfolio_config or _ACTIVE
        #: names shown before "and K more" in a longer list (0: every name)
        self.max_authors = self.portfolio_config.max_authors
        self._person_texts: dict[tuple, Text] = {}

    def name_style_at(self, position: int):
        """The name style of the name at *position* (from 1) of a list: the style's
        own; author-year styles give the first name last name first."""
        return self.format_name

    def person_text(self, person: Person, position: int = 1) -> Text:
        """*person* as rich text, "First Last"; made once per name (co-authors recur),
        decoded as LaTeX only where it holds some (:class:`DecodedPerson`)."""
        format_name = self.name_style_at(position)
        key = (format_name, *name_parts(person))
        text = self._person_texts.get(key)
        if text is None:
            template = format_name(DecodedPerson(person), self.abbreviate_names)
            text = self._person_texts[key] = template.format_data({"style": self})
        return text

    def format_entry(self, label, entry, bib_data=None):
        """pybtex's, with the fields read by :func:`_plain_field`, biblatex's types and
        fields read as the nearest BibTeX ones, and a generic template for the rest."""
        parent = _parent(entry, bib_data)
        entry = bibtex_view(entry, parent)
        get_template = getattr(self, f"get_{entry.type.lower()}_template", None)
        if get_template is None or missing_required(entry, parent):
            # a type neither BibTeX nor biblatex has, or an @article without journal:
            # what it has, rather than an error (the bib checks say what is missing)
            get_template = self.get_generic_template
        badge, _text, source = award_of(entry.fields)
        if source == "note":  # shown as its badge, not also as the note
            entry = _without(entry, "note")
        context = {"entry": entry, "style": self, "bib_data": bib_data}
        text = _with_plain_fields(self.arrange(get_template(entry))).format_data(context)
        if badge:
            text = Text(text, " ", Badge("award", from_latex(badge)))
        preview = preview_of(entry.fields)[0]
        if preview:
            alt = _plain_field([], context, "title") if "title" in entry.fields else Text()
            text = Text(Preview(preview, str(alt)), text)
        return FormattedEntry(entry.key, text, label)

    def arrange(self, template: Node) -> Node:
        """*template*, the one of the entry's type, as this style arranges it: as it is
        here; author-year styles move the year after the names (``style/styles.py``)."""
        return template

    def get_generic_template(self, e):
        """An entry of a type neither BibTeX nor biblatex has, or without a field its
        type's template needs: its authors (or editors), title, where it appeared,
        year and note (the bib checks warn)."""
        return toplevel[
            optional[first_of[sentence[self.format_names("author")],
                              sentence[self.format_names("editor")]]],
            self.format_title(e, "title"),
            sentence[
                first_of[
                    optional_field("journal"), optional_field("booktitle"),
                    optional_field("howpublished"), optional_field("publisher"),
                    optional_field("institution"), optional_field("organization"),
                    optional_field("school"),
                ],
                optional[unsrt_date],
            ],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def format_names(self, role, as_sentence=True):
        formatted = portfolio_names(role, **self.name_separators)
        return sentence[formatted] if as_sentence else formatted

    def format_title(self, e, which_field, as_sentence=True):
        # the owner's titles are already in the case he wants: do not lower-case them;
        # the class lets HTML builds link the title to the paper's own page
        formatted = portfolio_title(which_field)
        return sentence[formatted] if as_sentence else formatted

    def get_article_template(self, e):
        """pybtex's, with the volume (and issue) also when there are no pages:
        "Entropy, 21(1), 2019." where ``unsrt`` drops them."""
        volume = join[field("volume"), optional["(", field("number"), ")"]]
        volume_and_pages = first_of[
            optional[join[volume, ":", pages]],
            optional[volume],
            words["pages", pages],
        ]
        return toplevel[
            self.format_names("author"),
            self.format_title(e, "title"),
            sentence[portfolio_part("portfolio-venue")[tag("em")[field("journal")]],
                     optional[volume_and_pages], unsrt_date],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_inproceedings_template(self, e):
        """One sentence for where and when, as for a journal: "In Advances in Neural
        Information Processing Systems (NeurIPS), 2022." (``unsrt`` ends "(NeurIPS).
        2022."); without the year when the booktitle ends with it in brackets."""
        where = [
            optional[self.format_editor(e, as_sentence=False)],
            portfolio_part("portfolio-venue")[self.format_btitle(e, "booktitle", as_sentence=False)],
            self.format_volume_and_series(e, as_sentence=False),
            optional[pages],
            optional_field("address"),
            optional_field("organization"),
            optional_field("publisher"),
        ]
        if not _year_in_title(e, "booktitle"):
            where.append(unsrt_date)
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            words["In", sentence[where]],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def format_address_organization_publisher_date(self, e, include_organization=True):
        """pybtex's (for ``@proceedings``), without the year when the title already
        ends with it in brackets: "... (ICONIP 2019). 2019." would say it twice."""
        if not _year_in_title(e, "title"):
            return super().format_address_organization_publisher_date(e, include_organization)
        organization = optional_field("organization") if include_organization else None
        return first_of[
            optional[join(sep=" ")[sentence[field("address")],
                                   sentence[organization, optional_field("publisher")]]],
            optional[sentence[organization, optional_field("publisher")]],
        ]

    def format_web_refs(self, e):
        return portfolio_links
