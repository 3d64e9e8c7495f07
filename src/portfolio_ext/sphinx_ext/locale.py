"""The extension's message catalog: ``_`` for what readers see, ``__`` for log messages.

As in ``sphinx/ext/todo.py``, with the catalog ``portfolio`` (``locale/``). gettext
gives back a message it has no translation for unchanged, so a label a site sets in
``conf.py`` stays as written, while the English defaults are translated where they
are shown (``_(config.label(role))``): the core, which cannot import Sphinx, keeps
them in English.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

__all__ = ["CATALOG", "CORE_DEFAULTS", "LOCALE_DIR", "N_", "_", "__"]

CATALOG = "portfolio"
LOCALE_DIR = Path(__file__).parent.parent / "locale"

#: labels readers see
_ = get_translation(CATALOG)
#: log messages (Sphinx translates these only with ``locale.init_console``)
__ = get_translation(CATALOG, "console")


def N_(message: str) -> str:
    """Mark *message* for extraction only: it is translated where it is shown."""
    return message


#: the English defaults of the core (settings, metadata), listed here so that
#: extraction finds them; tests/test_locale.py checks that they match the core's
CORE_DEFAULTS = (
    N_("corresponding author"),
    N_("equal contribution"),
    N_("authors in alphabetical order"),
    N_("Journal articles"),
    N_("Conference papers"),
    N_("Book chapters"),
    N_("Books"),
    N_("Theses"),
    N_("Reports"),
    N_("Preprints and other works"),
    N_("Software"),
    N_("Data sets"),
    N_("Patents"),
    N_("Other"),
    N_("Publisher's page"),
    N_("Preprint"),
    # the links' labels (core/links.py, style/formatting.py)
    N_("Web"),
    N_("PDF"),
    N_("Code"),
    N_("Slides"),
    N_("Poster"),
    N_("Video"),
    N_("Website"),
    N_("HTML"),
    N_("Supplement"),
    N_("Blog"),
)
