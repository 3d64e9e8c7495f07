"""Logging the extension's warnings through Sphinx (subtypes: ``core/findings.py``)."""

from __future__ import annotations

from typing import Any

from sphinx.util import logging

from ..core.findings import WarningType

__all__ = ["WarningType", "warn"]

logger = logging.getLogger("portfolio_ext")


def warn(message: str, subtype: WarningType, location: Any = None) -> None:
    logger.warning(message, type="portfolio", subtype=subtype.value, location=location)
