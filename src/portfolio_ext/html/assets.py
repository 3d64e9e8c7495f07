"""Static assets, added for HTML builders (HTML, dirhtml, ePub) only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.fileutil import copy_asset_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent.parent / "static"
CSS = "portfolio.css"
#: copy buttons (paper pages); not in the ePub, where nothing needs it
JS = "portfolio.js"
#: rules for HTML pages only: the toggle of long author lists (sphinx_ext/authors.py),
#: the [1] markers of numbered lists; not in the ePub, which has no toggle, and whose
#: checker rejects the :has() the toggle needs; linked from the pages that show either
#: (one request fewer on the others)
HTML_CSS = "portfolio-html.css"
_NEEDS_HTML_CSS = ('class="portfolio-more-toggle"', '<ol class="arabic portfolio-publications"')


def _copy(name: str, static: Path) -> None:
    """Copy asset *name* to *static*, replacing an older copy.

    The old copy is removed first: Sphinx 8 and later keep a differing file unless
    ``force=True``, which Sphinx 7.2-7.4 do not accept.
    """
    (static / name).unlink(missing_ok=True)
    copy_asset_file(STATIC / name, static / name)


def add_assets(app: Sphinx) -> None:
    """builder-inited: the stylesheet and script, for HTML builders."""
    if app.builder.format != "html":
        return
    # copied straight to the output, as sphinx-design does: appending to
    # html_static_path would change a config value and make every build a full one
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    _copy(CSS, static)
    app.add_css_file(CSS)
    if not app.builder.name.startswith("epub"):
        _copy(JS, static)
        app.add_js_file(JS, loading_method="defer")
        _copy(HTML_CSS, static)


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict,
                    doctree: object) -> None:
    """html-page-context: ``portfolio-html.css`` on the pages that need it."""
    if app.builder.name.startswith("epub"):
        return
    body = context.get("body", "")
    if any(marker in body for marker in _NEEDS_HTML_CSS):
        app.add_css_file(HTML_CSS)  # in html-page-context: for this page only
