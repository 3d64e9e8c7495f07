"""Sphinx extension for academic portfolios.

Highlights the owner in every author list, shows role markers read from biblatex
``author+an`` annotations, and renders bibliographies grouped by topic, year or type,
the same in HTML, ePub and LaTeX/PDF.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the extension: settings, nodes, bib checks, directive, citations, assets."""
    app.require_sphinx("7.2")
    app.setup_extension("sphinxcontrib.bibtex")

    from ._assets import setup_assets
    from .bib import setup_bib
    from .chart import setup_chart
    from .citations import setup_citations
    from .config import setup_config
    from .counts import setup_counts
    from .directive import setup_directive
    from .domain import setup_domain
    from .filter import setup_filter
    from .formatted import setup_formatted
    from .htmlfix import setup_htmlfix
    from .incremental import setup_incremental
    from .nodes import setup_nodes
    from .papers import setup_papers
    from .seo import setup_seo

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
