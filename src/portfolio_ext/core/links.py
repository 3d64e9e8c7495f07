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
