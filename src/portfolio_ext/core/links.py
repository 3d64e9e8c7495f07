"""What counts as a DOI, an arXiv identifier and a web address: the rules every link
is made by (list entries, paper pages, CSL-JSON, Google Scholar tags, the checks)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlparse

__all__ = ["ARXIV_ID", "DOI", "EntryLinks", "doi_url", "eprint_type", "links_of", "strip_doi"]

#: a bare DOI, "10.NNNN/..."
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
#: an arXiv identifier, new style (2101.00001v2) or old (math/0601001, hep-th.GT/...)
ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")


def strip_doi(doi: str) -> str:
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi.strip(), flags=re.IGNORECASE)


def doi_url(doi: str) -> str | None:
    """The https address of *doi*, or None if it is not a DOI."""
    bare = strip_doi(doi)
    return f"https://doi.org/{bare}" if DOI.match(bare) else None


def eprint_type(fields: Mapping[str, str]) -> str:
    """The archive an ``eprint`` is in, as written: BibTeX's ``archiveprefix``, else
    biblatex's ``eprinttype``, else arXiv (where a bare eprint almost always is)."""
    return (fields.get("archiveprefix") or fields.get("eprinttype") or "arXiv").strip()


@dataclass(frozen=True)
class EntryLinks:
    """An entry's links; each None when the entry has none that is what it claims."""

    doi: str | None = None  #: the bare DOI, "10.NNNN/..."
    arxiv_id: str | None = None  #: "2101.00001v2", "math/0601001"
    url: str | None = None  #: an http(s) address with a host, verbatim
    #: an ``eprint`` that is itself an http(s) address (SIAM writes the DOI's), verbatim
    eprint_url: str | None = None

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    @property
    def arxiv_url(self) -> str | None:
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else None


def links_of(fields: Mapping[str, str]) -> EntryLinks:
    """The links of an entry with *fields* (pybtex's case-insensitive fields, or any
    mapping with lower-case names).

    - DOI: the ``doi`` field, bare or as a doi.org address or ``doi:``, if it is a DOI;
    - arXiv: the ``eprint`` field, if it is an arXiv identifier (or an arxiv.org
      address of one) and the archive (:func:`eprint_type`) is arXiv;
    - eprint address: the ``eprint`` field, if it is another http(s) address;
    - URL: the ``url`` field, if it is an http or https address with a host; it is
      kept verbatim, since "~" and "%" are the address's own.
    """
    bare = strip_doi(fields.get("doi", ""))
    eprint = fields.get("eprint", "").strip()
    eprint_url = None
    if _is_web(eprint):
        # an arXiv address is the identifier it names; any other is a link
        match = _ARXIV_URL.match(eprint)
        if match and ARXIV_ID.match(match[1]):
            eprint = match[1]
        else:
            eprint_url = eprint
    arxiv = (not eprint_url and eprint_type(fields).lower() == "arxiv"
             and bool(ARXIV_ID.match(eprint)))
    url = fields.get("url", "").strip()
    return EntryLinks(
        doi=bare if DOI.match(bare) else None,
        arxiv_id=eprint if arxiv else None,
        url=url if _is_web(url) else None,
        eprint_url=eprint_url,
    )


_ARXIV_URL = re.compile(r"^https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/(.+?)(?:\.pdf)?/?$",
                        re.IGNORECASE)


def _is_web(url: str) -> bool:
    """Whether *url* is an http or https address with a host."""
    try:
        parsed = urlparse(url)
    except ValueError:  # e.g. "http://[::1": an address no browser would open either
        return False
    return parsed.scheme.lower() in ("http", "https") and bool(parsed.netloc)


# -- an entry's other resources: al-folio's buttons ------------------------------------

#: the fields that link an entry's other resources (al-folio's and Hugo Blox's names),
#: in the order their buttons are shown, with the buttons' labels (English: translated
#: where shown; al-folio's ``html`` is the paper as a web page, "HTML")
RESOURCE_FIELDS: tuple[tuple[str, str], ...] = (
    ("pdf", "PDF"), ("code", "Code"), ("slides", "Slides"), ("poster", "Poster"),
    ("video", "Video"), ("website", "Website"), ("html", "HTML"),
    ("supp", "Supplement"), ("blog", "Blog"),
)
#: fields that name a file of the site's own (``preview``: a thumbnail)
FILE_FIELDS = frozenset({name for name, _ in RESOURCE_FIELDS} | {"preview"})
#: where the extension copies the files that entries name, in the output folder
FILES_DIR = "_portfolio_files"
#: stands for the way from a page to the output folder's root in a link to a copied
#: file (a page's entries are written once for all pages; the page fills it in)
ROOT = "\ue001portfolio-root\ue001"


@dataclass(frozen=True)
class Resource:
    """One of an entry's resources: a button."""

    field: str  #: the field that gives it ("pdf", "html", ...)
    label: str  #: its button's label, in English
    target: str  #: an http(s) address, or a path inside the site (``local``)
    local: bool = False


def local_path(value: str) -> str | None:
    """*value* as a relative path inside the site's source folder, or None.

    al-folio writes file names (``example_pdf.pdf``) and site paths (``/assets/...``):
    a leading ``/`` is the source folder. No ``..``, drive, scheme or backslash: a path
    that could name a file outside the site is none. No hidden file or folder either
    (``.env``, ``.git/config``): what a bib file names is copied to the public site.
    """
    value = value.strip().lstrip("/")
    if not value or "\\" in value or ":" in value or "\x00" in value:
        return None
    parts = value.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        return None
    return value


def resources_of(fields: Mapping[str, str]) -> tuple[list[Resource], list[str]]:
    """The resources of an entry with *fields* (see :data:`RESOURCE_FIELDS`), and a
    message for each field that is neither an http(s) address nor a path inside the
    site (not shown)."""
    found: list[Resource] = []
    problems: list[str] = []
    seen: set[str] = set()
    for name, label in RESOURCE_FIELDS:
        value = fields.get(name, "").strip()
        if not value:
            continue
        if _is_web(value):
            resource = Resource(name, label, value)
        elif (path := local_path(value)) is not None:
            resource = Resource(name, label, path, local=True)
        else:
            problems.append(
                f"{name} {value!r} is neither an http(s) address nor a path inside the "
                "site's source folder (hidden files and folders are not published), so it "
                "is not shown; write a https:// address or a path such as files/paper.pdf")
            continue
        if resource.target not in seen:  # website and html the same address: once
            seen.add(resource.target)
            found.append(resource)
    return found, problems


def preview_of(fields: Mapping[str, str]) -> tuple[str | None, list[str]]:
    """The site path of an entry's ``preview`` image (al-folio's), and problems."""
    value = fields.get("preview", "").strip()
    if not value:
        return None, []
    path = local_path(value)
    if path is None:
        problem = (f"preview {value!r} is not a path inside the site's source folder, so "
                   "no thumbnail is shown; copy the image into the site and write its path")
        return None, [problem]
    return path, []


def site_files(fields: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """(field, site path) of each file of the site that an entry's *fields* name: its
    resources inside the site, then its ``preview`` image."""
    wanted = [(r.field, r.target) for r in resources_of(fields)[0] if r.local]
    if (preview := preview_of(fields)[0]) is not None:
        wanted.append(("preview", preview))
    return tuple(wanted)
