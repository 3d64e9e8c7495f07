"""What counts as a DOI and as an arXiv identifier: the rules every link is made by."""

from __future__ import annotations

import re

__all__ = ["ARXIV_ID", "DOI", "doi_url", "strip_doi"]

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
