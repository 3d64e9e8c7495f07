"""Sphinx extension for academic portfolios.

Highlights the owner in every author list, shows role markers read from biblatex
``author+an`` annotations, and renders bibliographies grouped by topic, year or type,
the same in HTML, ePub and LaTeX/PDF.

The package is in four layers, each importing only the ones below it:

- ``core/``: BibTeX logic without Sphinx or docutils (names, annotations, the bib
  index and its checks, settings, selection, grouping, links, exports, metadata,
  the chart's layout);
- ``style/``: the plug-ins for pybtex and sphinxcontrib-bibtex;
- ``sphinx_ext/``: the Sphinx glue every builder uses;
- ``html/``: what only HTML builders get.

``_compat.py`` fences other packages' private APIs; ``cli.py`` is ``portfolio-ext check``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__all__ = ["__version__", "setup"]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the extension: settings, nodes, bib checks, directive, citations, assets."""
    from .sphinx_ext.locale import setup_locale

    setup_locale(app)  # first: labels and messages below may be translated
    app.require_sphinx("7.2")
    app.setup_extension("sphinxcontrib.bibtex")

    from .html.assets import setup_assets
    from .html.filter import setup_filter
    from .html.htmlfix import setup_htmlfix
    from .html.papers import setup_papers
    from .html.seo import setup_seo
    from .sphinx_ext.bib import setup_bib
    from .sphinx_ext.chart import setup_chart
    from .sphinx_ext.citations import setup_citations
    from .sphinx_ext.config import setup_config
    from .sphinx_ext.counts import setup_counts
    from .sphinx_ext.directive import setup_directive
    from .sphinx_ext.domain import setup_domain
    from .sphinx_ext.formatted import setup_formatted
    from .sphinx_ext.incremental import setup_incremental
    from .sphinx_ext.nodes import setup_nodes

    setup_config(app)
    setup_nodes(app)
    setup_domain(app)
    setup_bib(app)
    setup_formatted(app)
    setup_directive(app)
    setup_counts(app)
    setup_chart(app)
    setup_papers(app)
    setup_filter(app)
    setup_citations(app)
    setup_assets(app)
    setup_seo(app)
    setup_htmlfix(app)
    setup_incremental(app)
    return {
        "version": __version__,
        "env_version": 4,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
