"""Other packages' private APIs, fenced in one place.

Each shim says which versions it was checked against; ``tests/test_compat.py`` fails
loudly when an internal it relies on changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinxcontrib.bibtex.domain import _FilterVisitor as FilterVisitor

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["FilterVisitor", "app_of", "writes_markup"]


def app_of(env: BuildEnvironment) -> Sphinx:
    """The application (Sphinx >= 8 keeps it private; 7.x has ``env.app``)."""
    return getattr(env, "_app", None) or env.app


def writes_markup(app: Sphinx) -> bool:
    """Whether the builder's translator writes entry_text with its own visitor,
    looked up the way Sphinx transplants node handlers (``create_translator``)."""
    handlers = app.registry.translation_handlers
    found = handlers.get(app.builder.name)
    if found is None:
        found = handlers.get(app.builder.format, {})
    return "entry_text" in found
