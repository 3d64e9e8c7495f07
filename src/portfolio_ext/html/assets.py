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


def add_assets(app: Sphinx) -> None:
    """builder-inited: the stylesheet and script, for HTML builders."""
    if app.builder.format != "html":
        return
    # copied straight to the output, as sphinx-design does: appending to
    # html_static_path would change a config value and make every build a full one
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    copy_asset_file(STATIC / CSS, static / CSS, force=True)
    app.add_css_file(CSS)
    if not app.builder.name.startswith("epub"):
        copy_asset_file(STATIC / JS, static / JS, force=True)
        app.add_js_file(JS, loading_method="defer")
