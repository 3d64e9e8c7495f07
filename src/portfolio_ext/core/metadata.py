"""What a paper page tells machines, without Sphinx: Google Scholar's ``citation_*``
tags, Open Graph link previews and schema.org JSON-LD (``ScholarlyArticle``,
``Person``), all made from pybtex entries."""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import quote

from pybtex.database import Entry, Person

from .export import plain
from .fields import bibtex_view
from .links import links_of
from .names import made_once, typed_symbols

__all__ = [
    "EntryFacts", "display_names", "entry_links", "field_text", "highwire_tags", "json_ld_script",
    "meta_tag", "open_graph_tags", "person_json_ld", "scholarly_article", "venue_of",
]


class EntryFacts:
    """One entry's texts as its page and its metadata read them, each made once.

    Its :func:`~portfolio_ext.core.fields.bibtex_view` is made once, and each field's
    plain text, its names and its links the first time they are read: a paper page
    reads the title, the venue and the year a dozen times (its body, description,
    ``citation_*`` tags, JSON-LD, search text), each a view and a decoding otherwise.
    The functions below take an entry or its facts. An entry must not change while
    its facts are in use.
    """

    __slots__ = ("_labelled", "_links", "_names", "_texts", "entry", "view")

    def __init__(self, entry: Entry) -> None:
        self.entry = entry
        self.view = bibtex_view(entry)
        self._texts: dict[str, str] = {}
        self._names: list[str] | None = None
        self._links: Any = None
        self._labelled: list[tuple[str, str]] | None = None  # see entry_links

    def text(self, field: str) -> str:
        found = self._texts.get(field)
        if found is None:
            fields = self.view.fields
            found = self._texts[field] = plain(fields[field]) if field in fields else ""
        return found

    @property
    def names(self) -> list[str]:
        if self._names is None:
            self._names = _display_names(self.entry)
        return self._names

    @property
    def links(self) -> Any:
        """The entry's links (:func:`~portfolio_ext.core.links.links_of`)."""
        if self._links is None:
            self._links = links_of(self.entry.fields)
        return self._links


def facts_of(entry: Entry | EntryFacts) -> EntryFacts:
    return entry if isinstance(entry, EntryFacts) else EntryFacts(entry)


def field_text(entry: Entry | EntryFacts, field: str) -> str:
    """The *field* of *entry* as plain text, '' if it has none; biblatex's fields stand
    for BibTeX's (``date`` for ``year``, ``journaltitle`` for ``journal``)."""
    return facts_of(entry).text(field)


def bibtex_authors(entry: Entry | EntryFacts) -> list[str]:
    """The authors as BibTeX writes them: 'Xu, Zhi-Qin John' (Google Scholar's form)."""
    entry = entry.entry if isinstance(entry, EntryFacts) else entry
    return [_person_names(person)[1] for person in entry.persons.get("author", [])]


def display_names(entry: Entry | EntryFacts) -> list[str]:
    """The authors in reading order: 'Zhi-Qin John Xu', 'Martin Luther King, Jr.'."""
    if isinstance(entry, EntryFacts):
        return list(entry.names)
    return _display_names(entry)


def _display_names(entry: Entry) -> list[str]:
    return [_person_names(person)[0] for person in entry.persons.get("author", [])]


#: a person's name lists (names.made_once) -> _person_names: a bib file names its
#: authors in entry after entry, and each paper page reads each name three times
_PERSON_NAMES: dict[tuple[tuple[str, ...], ...], tuple[str, str]] = {}


def _person_names(person: Person) -> tuple[str, str]:
    """*person* in reading order ('Zhi-Qin John Xu', 'Martin Luther King, Jr.') and as
    BibTeX writes the name ('Xu, Zhi-Qin John'), as plain text, without the role
    symbols typed into it ("Poon*": the role is no part of the name); made once per
    name."""
    return made_once(_PERSON_NAMES, person, _both_names)


def _both_names(person: Person) -> tuple[str, str]:
    clean = typed_symbols(person)[1]
    name = " ".join([*clean.first_names, *clean.middle_names, *clean.prelast_names,
                     *clean.last_names])
    if clean.lineage_names:
        name += ", " + " ".join(clean.lineage_names)
    return plain(name), plain(str(clean))


def venue_of(entry: Entry | EntryFacts) -> str:
    facts = facts_of(entry)
    return facts.text("journal") or facts.text("booktitle") or facts.text("howpublished")


def entry_links(entry: Entry | EntryFacts) -> list[tuple[str, str]]:
    """(label, url) of the entry's DOI, arXiv and publisher links (of its facts: made
    once, for the page and its JSON-LD)."""
    if isinstance(entry, EntryFacts):
        if entry._labelled is None:
            entry._labelled = _entry_links(entry.links)
        return list(entry._labelled)
    return _entry_links(links_of(entry.fields))


def _entry_links(found: Any) -> list[tuple[str, str]]:
    links = []
    if found.doi_url:
        links.append((f"DOI {found.doi}", found.doi_url))
    if found.arxiv_url:
        links.append((f"arXiv:{found.arxiv_id}", found.arxiv_url))
    if found.eprint_url and found.eprint_url not in (found.doi_url, found.url):
        links.append(("Preprint", found.eprint_url))
    if found.url and not _same_address(found.url, found.doi_url, found.arxiv_url):
        links.append(("Publisher's page", found.url))
    return links


def scholar_search_url(title: str) -> str:
    """A Google Scholar search for the exact *title* (a search, not the paper's
    address: for entries whose bib file gives no link)."""
    return "https://scholar.google.com/scholar?q=" + quote(f'"{title}"', safe="")


def _same_address(url: str, *others: str | None) -> bool:
    """Whether *url* is one of *others*, scheme, "www." and "dx." aside."""
    def bare(address: str) -> str:
        address = address.split("://", 1)[-1].lower().rstrip("/")
        return address.removeprefix("www.").removeprefix("dx.")
    return any(other and bare(url) == bare(other) for other in others)


def meta_tag(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{html.escape(content, quote=True)}" />'


def highwire_tags(entry: Entry | EntryFacts) -> list[str]:
    """Google Scholar's ``citation_*`` meta tags for one entry."""
    facts = facts_of(entry)
    tags = [meta_tag("citation_title", facts.text("title"))]
    tags += [meta_tag("citation_author", name) for name in bibtex_authors(facts)]
    if year := facts.text("year"):
        tags.append(meta_tag("citation_publication_date", year))
    view = facts.view
    kind = view.type.lower()
    if kind == "article" and "journal" in view.fields:
        tags.append(meta_tag("citation_journal_title", facts.text("journal")))
    elif kind in ("inproceedings", "conference") and "booktitle" in view.fields:
        tags.append(meta_tag("citation_conference_title", facts.text("booktitle")))
    for field, name in (("volume", "citation_volume"), ("number", "citation_issue"),
                        ("publisher", "citation_publisher")):
        if value := facts.text(field):
            tags.append(meta_tag(name, value))
    pages = facts.text("pages").replace("\u2013", "-").split("-")
    if pages[0]:
        tags.append(meta_tag("citation_firstpage", pages[0].strip()))
        if len(pages) > 1 and pages[-1].strip():
            tags.append(meta_tag("citation_lastpage", pages[-1].strip()))
    found = facts.links
    if found.doi:
        tags.append(meta_tag("citation_doi", found.doi))
    if found.arxiv_id:
        tags.append(meta_tag("citation_arxiv_id", found.arxiv_id))
    return tags


def property_tag(name: str, content: str) -> str:
    return f'<meta property="{name}" content="{html.escape(content, quote=True)}" />'


def open_graph_tags(config: Any, title: str, description: str, url: str) -> list[str]:
    """Link-preview tags, with the site's picture when sphinxext-opengraph has one."""
    tags = [property_tag("og:title", title), property_tag("og:type", "article"),
            property_tag("og:description", description)]
    if url:
        tags.append(property_tag("og:url", url))
    site_name = getattr(config, "ogp_site_name", None) or config.html_title
    if site_name:
        tags.append(property_tag("og:site_name", site_name))
    image = getattr(config, "ogp_image", None)
    base = getattr(config, "ogp_site_url", None) or config.html_baseurl
    if image and base and "://" not in image:
        image = f"{base.rstrip('/')}/{image.lstrip('/')}"
    if image and "://" in image:
        tags.append(property_tag("og:image", image))
        if alt := getattr(config, "ogp_image_alt", None):
            tags.append(property_tag("og:image:alt", alt))
        tags.append(meta_tag("twitter:card", "summary_large_image"))
    return tags


def scholarly_article(entry: Entry | EntryFacts, topics: list[str],
                      url: str = "") -> dict[str, Any]:
    """schema.org ``ScholarlyArticle`` for one entry."""
    facts = facts_of(entry)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": facts.text("title"),
        "name": facts.text("title"),
        "author": [{"@type": "Person", "name": name} for name in facts.names],
    }
    if year := facts.text("year"):
        data["datePublished"] = year
    if venue := venue_of(facts):
        kind = "Periodical" if facts.entry.type.lower() == "article" else "CreativeWork"
        data["isPartOf"] = {"@type": kind, "name": venue}
    same_as = [link for _, link in entry_links(facts)]
    if same_as:
        data["sameAs"] = same_as
    if doi := facts.links.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": doi}
    if topics:
        data["keywords"] = topics
    if url:
        data["url"] = url
    return data


def person_json_ld(person: dict[str, Any]) -> str:
    """The ``<script>`` element that carries *person* as a schema.org ``Person``.

    :param person: schema.org ``Person`` properties; ``@context`` and ``@type`` are added
    :raises TypeError: if a value cannot be written as JSON
    """
    data = {"@context": "https://schema.org", "@type": "Person", **person}
    return json_ld_script(data, indent=1) + "\n"


def json_ld_script(data: dict[str, Any], indent: int | None = None) -> str:
    """*data* as a JSON-LD ``<script>`` element.

    No "<" is left in the JSON ("\\u003c" is the same character to a JSON parser), so no
    text can end the element early or put the HTML parser into a script-escape state
    ("<!--<script>"; HTML spec, "restrictions for contents of script elements").
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent).replace("<", "\\u003c")
    newline = "\n" if indent is not None else ""
    return f'<script type="application/ld+json">{newline}{text}{newline}</script>'
