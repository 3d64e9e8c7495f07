"""Logging the extension's warnings through Sphinx (subtypes: ``core/findings.py``)."""

from __future__ import annotations

import os
from typing import Any

from sphinx.util import logging

from ..core.findings import WarningType

__all__ = ["WarningType", "warn"]

logger = logging.getLogger("portfolio_ext")


def warn(message: str, subtype: WarningType, location: Any = None) -> None:
    """Log *message* as a ``portfolio.<subtype>`` warning (a note as information).

    *location* is a page (a docname, a node, ``(docname, line)``) or a file's
    ``path:line``. Sphinx takes a string without a colon for a docname and names
    ``path.rst``: a file's path without a line is given its first line.
    """
    if isinstance(location, str) and ":" not in location and os.path.isabs(location):
        location = f"{location}:1"
    if subtype is WarningType.NOTE:
        logger.info(message, location=location)
        return
    logger.warning(message, type="portfolio", subtype=subtype.value, location=location)
