"""Checks of the text in an entry's fields and names.

- pybtex reads a field such as ``title`` as LaTeX, where ``%`` starts a comment: the
  rest of the field is silently left out (``50% faster`` shows as ``50``). The fields
  that are shown as written (addresses, identifiers, keywords, annotations) are not
  read as LaTeX and may hold a ``%``.
- Text that is not valid LaTeX (a lone backslash, braces that do not balance) is shown
  as written (``core/latex.py``); it is reported here, once per entry.
- Invisible characters (a byte-order mark, zero-width spaces, bidirectional overrides)
  copied in from a PDF or a web page would go unseen into titles, search results and
  the page's metadata, and bidirectional controls can reorder what a reader sees.
"""

from __future__ import annotations

import re
import unicodedata

from pybtex.database import Entry

from .dates import MONTH_NAMES, date_parts
from .latex import latex_error
from .latex_markup import latex_problems_of

__all__ = ["BIBTEX_TYPES", "KNOWN_TYPES", "RAW_FIELDS", "REQUIRED_FIELDS", "SHOWN_FIELDS",
           "bibtex_view", "latex_problems", "missing_required"]

#: fields the portfolio style shows as written, or does not show
RAW_FIELDS = frozenset({
    "url", "doi", "eprint", "archiveprefix", "eprinttype", "keywords", "file", "urldate",
})
#: every field a list, a paper page or an export shows (in any entry type, under its
#: BibTeX or biblatex name): a '%' in any other field (abstract, file, annote, the
#: tools' bookkeeping) cannot lose text that anyone sees
SHOWN_FIELDS = frozenset({
    "title", "journal", "journaltitle", "booktitle", "series", "chapter", "edition",
    "howpublished", "school", "institution", "organization", "publisher", "address",
    "location", "year", "month", "date", "volume", "number", "pages", "note", "type",
    "isbn", "issn", "doi", "eprint", "archiveprefix", "eprinttype", "primaryclass",
    "eprintclass", "url", "key", "crossref",
})

#: the BibTeX types pybtex's ``unsrt`` has a template for
_BIBTEX = ("article", "book", "booklet", "inbook", "incollection", "inproceedings",
           "manual", "mastersthesis", "misc", "phdthesis", "proceedings", "techreport",
           "unpublished", "online", "software", "dataset", "patent")
#: biblatex's entry types (and the aliases it accepts) -> the nearest BibTeX type,
#: whose template shows them
BIBTEX_TYPES: dict[str, str] = {
    **{t: t for t in _BIBTEX},
    "conference": "inproceedings", "electronic": "misc", "www": "misc",
    "thesis": "phdthesis", "report": "techreport", "collection": "book",
    "mvcollection": "book", "mvbook": "book", "mvproceedings": "proceedings",
    "mvreference": "book", "reference": "book", "periodical": "book",
    "bookinbook": "inbook", "suppbook": "inbook", "inreference": "incollection",
    "suppcollection": "incollection", "suppperiodical": "article", "review": "article",
    "standard": "misc", "artwork": "misc", "audio": "misc", "image": "misc",
    "movie": "misc", "music": "misc", "performance": "misc", "video": "misc",
    "letter": "misc", "legislation": "misc", "legal": "misc", "jurisdiction": "misc",
    "commentary": "misc", "set": "misc",
}
KNOWN_TYPES = frozenset(BIBTEX_TYPES)
#: the fields without which pybtex's ``unsrt`` template of a BibTeX type cannot
#: format an entry (beside author, title and year, which the bib checks require of all)
REQUIRED_FIELDS = {
    "article": ("journal",), "book": ("publisher",), "inbook": ("publisher",),
    "incollection": ("booktitle",), "inproceedings": ("booktitle",),
    "mastersthesis": ("school",), "phdthesis": ("school",),
    "techreport": ("institution",), "unpublished": ("note",),
}
#: biblatex's keys for ``type`` (``type = {phdthesis}``) -> what BibTeX would print
_TYPE_NAMES = {
    "phdthesis": "PhD thesis", "mathesis": "Master's thesis", "candthesis": "Candidate thesis",
    "techreport": "Technical report", "resreport": "Research report",
    "software": "Software", "datacd": "Data CD", "audiocd": "Audio CD",
}
#: biblatex field -> the BibTeX field the templates read, used where that one is missing
_ALIASES = (("journaltitle", "journal"), ("location", "address"),
            ("eprinttype", "archiveprefix"), ("eprintclass", "primaryclass"))
_MISC_LIKE = frozenset({"misc", "online", "software", "dataset", "patent"})
#: the misc-like types' templates show ``howpublished``: the first of these stands for it
_PUBLISHED_BY = ("publisher", "organization", "institution", "holder")


def bibtex_view(entry: Entry, parent: Entry | None = None) -> Entry:
    """*entry* as the BibTeX templates read it, or *entry* itself if it needs nothing.

    - biblatex's fields stand for BibTeX's where these are missing: ``date`` for
      ``year`` and ``month``, ``journaltitle`` for ``journal``, ``location`` for
      ``address``, ``eprinttype`` and ``eprintclass`` for ``archiveprefix`` and
      ``primaryclass``, ``institution`` for a thesis's ``school``; a software, data set,
      online or patent entry shows its publisher (or organization, institution,
      holder) as ``howpublished``;
    - biblatex's type keys (``type = {phdthesis}``) are printed as words;
    - its type is the nearest BibTeX type (``@thesis`` a PhD or master's thesis by
      its ``type``, ``@report`` a report, ``@collection`` a book, ...); a type
      neither knows is kept, for the style's generic template;
    - empty fields (``chapter = {}``, ``volume = {}``) are left out;
    - with *parent*, the entry its ``crossref`` names (DBLP's crossref export), a
      paper in proceedings or a collection takes the volume's ``title`` as its
      ``booktitle``, as biblatex does (pybtex inherits fields of the same name only).
    """
    fields = entry.fields
    kind = entry.type.lower()
    target = BIBTEX_TYPES.get(kind, kind)
    kind_of_type = fields.get("type", "").strip().lower()
    if kind == "thesis" and kind_of_type in ("mathesis", "mastersthesis", "masterthesis"):
        target = "mastersthesis"
    changed = target != kind
    new: dict[str, str] = {}
    for name, value in fields.items():
        if value.strip():
            new[name] = value
        else:
            changed = True
    lowered = {name.lower() for name in new}
    for source, bibtex in _ALIASES:
        if source in lowered and bibtex not in lowered:
            new[bibtex] = fields[source]
            changed = True
    if "year" not in lowered and "date" in lowered:
        year, month = date_parts(fields)
        if year:
            new["year"] = str(year)
            if month and "month" not in lowered:
                new["month"] = MONTH_NAMES[month - 1]
            changed = True
    if target in ("phdthesis", "mastersthesis") and "school" not in lowered \
            and "institution" in lowered:
        new["school"] = fields["institution"]
        changed = True
    if target in _MISC_LIKE and "howpublished" not in lowered:
        source = next((f for f in _PUBLISHED_BY if f in lowered), None)
        if source:
            new["howpublished"] = fields[source]
            changed = True
    if parent is not None and target in ("inproceedings", "incollection", "inbook") \
            and "booktitle" not in lowered:
        title = parent.fields.get("booktitle") or parent.fields.get("title", "")
        if title.strip():
            new["booktitle"] = title
            changed = True
    if kind_of_type in _TYPE_NAMES:
        new["type"] = _TYPE_NAMES[kind_of_type]
        changed = True
    if not changed:
        return entry
    view = Entry(target, fields=new, persons=entry.persons)
    view.key = entry.key
    return view
_COMMENT = re.compile(r"(?<!\\)%")
#: format characters (Cf) but the soft hyphen, which is a legitimate hyphenation hint,
#: and control characters other than tab and newline
_INVISIBLE = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e"
                        r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def missing_required(view: Entry, parent: Entry | None = None) -> list[str]:
    """The fields the template of *view* (a :func:`bibtex_view`) needs and neither it
    nor *parent*, the entry it names in ``crossref``, has (pybtex takes them from
    there)."""
    inherited = bibtex_view(parent).fields if parent is not None else {}
    view = bibtex_view(view, parent) if parent is not None else view
    return [name for name in REQUIRED_FIELDS.get(view.type.lower(), ())
            if name not in view.fields and name not in inherited]


def latex_problems(entry: Entry) -> list[str]:
    """What the fields and names of *entry* will not show as written, one message each."""
    problems = []
    unknown = []  # LaTeX commands shown as their text (core/latex_markup.py): one message
    for name, value in entry.fields.items():
        folded = name.lower()
        if invisible := _invisible(value):
            problems.append(f"{name}: {invisible}")
        if folded in RAW_FIELDS or "+" in folded:
            continue
        if folded not in SHOWN_FIELDS:
            continue  # never shown: a '%' or a stray brace in an abstract loses nothing
        unknown += [f"{name} {command}" for command in latex_problems_of(value)]
        if error := latex_error(value):
            problems.append(f"{name}: {_unreadable(error)}")
        match = _COMMENT.search(value)
        if match:
            lost = " ".join(value[match.end():].split())
            if len(lost) > 40:
                lost = lost[:39] + "\u2026"
            problems.append(
                f"{name}: '%' starts a LaTeX comment, so the rest of the field ('{lost}') is "
                "not shown; write \\% for a percent sign"
            )
    if unknown:
        problems.append(f"unknown LaTeX command ({', '.join(unknown)}), shown as its argument "
                        "or its name; write the text instead (Unicode is fine)")
    for role, people in entry.persons.items():
        for person in people:
            text = str(person)
            if invisible := _invisible(text):
                problems.append(f"{role} {text!r}: {invisible}")
            if error := latex_error(text):
                problems.append(f"{role} {text!r}: {_unreadable(error)}")
    return problems


def _unreadable(error: str) -> str:
    return (f"cannot be read as LaTeX ({error}), so it is shown as written; remove the "
            "stray backslash or brace (\\textbackslash{} writes a backslash)")


def _invisible(text: str) -> str:
    """A message naming the first invisible character in *text*, or ''."""
    match = _INVISIBLE.search(text)
    if not match:
        return ""
    char = match[0]
    name = unicodedata.name(char, "a control character")
    return (f"holds an invisible character, U+{ord(char):04X} ({name}), at character "
            f"{match.start() + 1}; delete it (it was probably copied in with the text)")
