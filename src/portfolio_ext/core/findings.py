"""The kinds of problem the extension reports, and one problem found in the bib data.

Every warning is ``type="portfolio"`` with one of these subtypes, so
``suppress_warnings = ["portfolio.owner"]`` silences one kind, and ``sphinx-build -W``
turns any of them into a failure. The Sphinx glue logs them (``sphinx_ext/warnings_.py``);
``portfolio-ext check`` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = ["Finding", "WarningType"]


class WarningType(Enum):
    """Subtypes of ``portfolio`` warnings (``suppress_warnings = ["portfolio.<value>"]``)."""

    CONFIG = "config"  #: a setting in conf.py has the wrong type or value
    BIB_SYNTAX = "bib_syntax"  #: refs.bib cannot be parsed
    DUPLICATE_KEY = "duplicate_key"  #: two entries share a key
    MISSING_FIELD = "missing_field"  #: an entry lacks title, author or year
    BAD_YEAR = "bad_year"  #: a year, date or month that is not one
    ENTRY_TYPE = "entry_type"  #: an entry type neither BibTeX nor biblatex has
    ANNOTATION = "annotation"  #: a malformed or out-of-range author+an
    OWNER = "owner"  #: the owner is not among an entry's authors
    TOPIC = "topic"  #: a keyword that is no topic, an entry without topic, an unused topic
    LINK = "link"  #: a url that is not http(s)
    DIRECTIVE = "directive"  #: a bad option of the publications directive
    CITATION = "citation"  #: a citation of a key that no bib file has
    #: not a problem: something the reader of the build log should know (an entry
    #: commented out with '%'); logged as information, never as a warning
    NOTE = "note"



@dataclass(frozen=True)
class Finding:
    """One problem in the bibliography data."""

    subtype: WarningType
    message: str
    path: str = ""
    line: int | None = None
    #: the entry it is about, if one: the Sphinx glue reports it only when a page lists
    #: or counts that entry (a site's other bibliographies are sphinxcontrib-bibtex's)
    key: str = ""

    @property
    def location(self) -> str | None:
        if not self.path:
            return None
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}[portfolio.{self.subtype.value}] {self.message}"
