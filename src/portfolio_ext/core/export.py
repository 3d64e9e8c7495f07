"""Clean citation export: BibTeX without the portfolio's own fields, and CSL-JSON.

Pure functions on pybtex entries, no Sphinx imports. What a reader pastes into a paper
must not carry ``author+an``, topic ``keywords`` or other bookkeeping of this site.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache

from pybtex.backends.plaintext import Backend as PlaintextBackend
from pybtex.database import Entry, Person

from .dates import date_parts
from .fields import bibtex_view
from .latex import NEEDS_DECODING, braces_only, decode
from .links import links_of
from .names import made_once, typed_symbols

__all__ = ["CSL_TYPES", "KEPT_FIELDS", "clean_bibtex", "csl_json", "plain"]

#: the fields a clean entry keeps, in this order. The rest are the site's bookkeeping:
#: annotations, keywords, and ``note``, which a portfolio uses for awards ("Spotlight")
#: that do not belong in a reference list
KEPT_FIELDS = (
    "title", "journal", "booktitle", "series", "chapter", "edition", "howpublished",
    "school", "institution", "organization", "publisher", "address", "year", "month",
    "volume", "number", "pages", "doi", "eprint", "archiveprefix", "primaryclass",
    "url", "isbn", "issn",
)

#: BibTeX entry type -> CSL type
CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "misc": "article",  # CSL's type for preprints
    "unpublished": "manuscript",
    # biblatex's
    "thesis": "thesis",
    "report": "report",
    "online": "webpage",
    "software": "software",
    "dataset": "dataset",
    "patent": "patent",
    "collection": "book",
    "mvbook": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "inreference": "entry-encyclopedia",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "manual": "report",
    "booklet": "pamphlet",
    "standard": "standard",
}

def _bibtex_name(person: Person) -> str:
    """*person* as pybtex's BibTeX writer writes a name: "von Last, Jr, First Middle"."""
    def join(*parts: str) -> str:
        return " ".join(part for part in parts if part)

    text = join(*person.prelast_names, *person.last_names) if person.last_names else ""
    if person.lineage_names:
        text += ", " + join(*person.lineage_names)
    if person.first_names or person.middle_names:
        text += ", " + join(*person.first_names, *person.middle_names)
    return text


def clean_bibtex(entries: Iterable[tuple[str, Entry]]) -> str:
    """The entries as BibTeX, keeping only :data:`KEPT_FIELDS`, authors and editors."""
    return "\n".join(_clean_text(key, entry) for key, entry in entries)


def _clean_text(key: str, entry: Entry) -> str:
    """*entry* with the fields of :data:`KEPT_FIELDS`, its authors and editors, in
    BibTeX: biblatex's types and fields as the nearest BibTeX ones (``@thesis`` as
    ``@phdthesis``, ``date`` as ``year`` and ``month``, ``journaltitle`` as
    ``journal``), each name without its role symbols (:func:`_clean_name`)."""
    # Written here rather than by pybtex's BibTeX writer, whose value encoding can only
    # be turned off through a private method: the values are the bib file's own LaTeX,
    # and encoding them again would turn a URL's "_" into "\_" and "\%" into "\\\%".
    # Every value in braces, as people write them.
    view = bibtex_view(entry)
    parts = [f"@{view.type}{{{key}"]
    for role, people in view.persons.items():
        if people and role.lower() in ("author", "editor"):
            parts.append(f",\n    {role} = {{{' and '.join(map(_clean_name, people))}}}")
    fields = view.fields
    lowered = {name.lower(): name for name in fields}
    parts += [f",\n    {name} = {{{fields[lowered[name]]}}}"
              for name in KEPT_FIELDS if name in lowered]
    return "".join(parts) + "\n}\n"


#: a person's name lists (names.made_once) -> _clean_name
_CLEAN_NAMES: dict[tuple[tuple[str, ...], ...], str] = {}


def _clean_name(person: Person) -> str:
    """*person* as a clean entry names it: without the role symbols typed into it,
    as pybtex's BibTeX writer writes a name (:func:`_bibtex_name`); made once per name."""
    return made_once(_CLEAN_NAMES, person, _unmarked_bibtex_name)


def _unmarked_bibtex_name(person: Person) -> str:
    return _bibtex_name(typed_symbols(person)[1])


#: one backend for every call: ``render_as("text")`` looks the plugin up in the
#: installed entry points each time, about 10 ms
_PLAIN = PlaintextBackend()


@lru_cache(maxsize=65536)
def plain(latex: str) -> str:
    """BibTeX field text as plain Unicode: braces and LaTeX accents resolved."""
    if not NEEDS_DECODING.search(latex):  # nothing to decode: most text
        return latex
    if (text := braces_only(latex)) is not None:  # and most of the rest
        return text
    return decode(latex).render(_PLAIN)


def _name(person: Person) -> dict[str, str]:
    person = typed_symbols(person)[1]  # "Poon*": the role is no part of the name
    family = " ".join(person.prelast_names + person.last_names)
    given = " ".join(person.first_names + person.middle_names)
    name = {"family": plain(family)}
    if given:
        name["given"] = plain(given)
    if person.lineage_names:
        name["suffix"] = plain(" ".join(person.lineage_names))
    return name


def _issued(entry: Entry) -> dict[str, list[list[int]]] | None:
    year, month = date_parts(entry.fields)  # biblatex's date where year is missing
    if not year:
        return None
    return {"date-parts": [[year, month] if month else [year]]}


def csl_item(key: str, entry: Entry) -> dict[str, object]:
    """One entry as a CSL-JSON item (the format of Zotero, Pandoc and citeproc)."""
    fields = entry.fields
    item: dict[str, object] = {"id": key, "type": CSL_TYPES.get(entry.type.lower(), "document")}
    if "title" in fields:
        item["title"] = plain(fields["title"])
    for role in ("author", "editor"):
        if entry.persons.get(role):
            item[role] = [_name(p) for p in entry.persons[role]]
    container = fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle")
    if container:
        item["container-title"] = plain(container)
    if issued := _issued(entry):
        item["issued"] = issued
    simple = {"volume": "volume", "number": "issue", "publisher": "publisher"}
    for field, name in simple.items():
        if field in fields:
            item[name] = plain(fields[field])
    links = links_of(fields)
    if links.doi:
        item["DOI"] = links.doi
    if links.url:
        item["URL"] = links.url
    if "pages" in fields:
        item["page"] = plain(fields["pages"]).replace("\u2013", "-")
    if links.arxiv_id:
        item.setdefault("URL", links.arxiv_url)
        if item["type"] == "article":  # a preprint: CSL styles print "arXiv:NNNN"
            item["number"] = f"arXiv:{links.arxiv_id}"
            item["publisher"] = "arXiv"
    return item


def csl_json(entries: Iterable[tuple[str, Entry]]) -> str:
    """The entries as a CSL-JSON array, pretty-printed with stable key order."""
    return join_csl([csl_part(key, entry) for key, entry in entries])


def csl_part(key: str, entry: Entry) -> str:
    """One entry's item as :func:`csl_json` writes it in its array (indented), so that
    a changed bibliography re-encodes only the entries that changed."""
    return "  " + indented_json(csl_item(key, entry), "  ")


#: a string, number, true, false or null as json.dumps writes it (in C, for strings)
_SCALAR = json.JSONEncoder(ensure_ascii=False).encode


def indented_json(value: object, pad: str = "") -> str:
    """*value* as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, each
    line after the first led by *pad*: json's indented encoding is pure Python (some
    24 microseconds a CSL item, 12 here, where strings and numbers are encoded in C)."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = pad + "  "
        lines = [f"{inner}{_key(key)}: "
                 f"{_SCALAR(item) if type(item) in _FLAT else indented_json(item, inner)}"
                 for key, item in value.items()]
        return "{\n" + ",\n".join(lines) + f"\n{pad}}}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = pad + "  "
        lines = [f"{inner}{indented_json(item, inner)}" for item in value]
        return "[\n" + ",\n".join(lines) + f"\n{pad}]"
    return _SCALAR(value)


#: what is written as it is, at any depth (a subclass may be a list, a dict)
_FLAT = (str, int)


def _key(key: object) -> str:
    """A dict key as json.dumps writes it: a string, or a number, true, false or null
    as a string of its JSON."""
    return _SCALAR(key) if isinstance(key, str) else _SCALAR(json.dumps(key))


def join_csl(parts: list[str]) -> str:
    """The CSL-JSON array of the items *parts* (:func:`csl_part`), as ``json.dumps``
    with ``indent=2`` writes it."""
    return "[\n" + ",\n".join(parts) + "\n]\n" if parts else "[]\n"
