"""The extension's warnings: one type, one documented subtype per kind of problem.

Every warning is ``type="portfolio"``, so ``suppress_warnings = ["portfolio.owner"]``
silences one kind, and ``sphinx-build -W`` turns any of them into a failure.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from sphinx.util import logging

logger = logging.getLogger("portfolio_ext")


class WarningType(Enum):
    """Subtypes of ``portfolio`` warnings (``suppress_warnings = ["portfolio.<value>"]``)."""

    CONFIG = "config"  #: a setting in conf.py has the wrong type or value
    BIB_SYNTAX = "bib_syntax"  #: refs.bib cannot be parsed
    DUPLICATE_KEY = "duplicate_key"  #: two entries share a key
    MISSING_FIELD = "missing_field"  #: an entry lacks title, author or year
    BAD_YEAR = "bad_year"  #: a year that is not a year
    ANNOTATION = "annotation"  #: a malformed or out-of-range author+an
    OWNER = "owner"  #: the owner is not among an entry's authors
    TOPIC = "topic"  #: a keyword that is no topic, an entry without topic, an unused topic
    LINK = "link"  #: a url that is not http(s)
    DIRECTIVE = "directive"  #: a bad option of the publications directive
    CITATION = "citation"  #: a citation of a key that no bib file has


def warn(message: str, subtype: WarningType, location: Any = None) -> None:
    logger.warning(message, type="portfolio", subtype=subtype.value, location=location)
