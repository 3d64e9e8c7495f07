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
    """Register the extension: every setting, node, directive, role, transform and
    event handler, with the priorities that order them against other extensions."""
    from .sphinx_ext.locale import CATALOG, LOCALE_DIR

    # first: the labels and messages registered below may be translated
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
    app.require_sphinx("9.0")  # the floor in pyproject.toml (nox -s tests-min)
    from ._compat import domain_owner, plugins_looked_up_once

    plugins_looked_up_once()  # before sphinxcontrib-bibtex loads, which looks some up

    owner = domain_owner(app, "cite")
    if owner is not None and owner != "sphinxcontrib.bibtex":
        # e.g. sphinxcontrib-natbib: sphinxcontrib-bibtex cannot register its domain, and
        # Sphinx would end the build with "domain cite already registered"
        from sphinx.util import logging

        logging.getLogger(__name__).warning(
            "portfolio_ext is not loaded: it needs sphinxcontrib-bibtex, whose 'cite' "
            "domain %s has registered already; remove %s from extensions",
            f"the extension {owner}", owner, type="portfolio", subtype="config",
        )
        return {"version": __version__, "parallel_read_safe": True,
                "parallel_write_safe": True}
    app.setup_extension("sphinxcontrib.bibtex")

    import sphinx
    from sphinxcontrib.bibtex.domain import BibtexDomain

    from .core.settings import SETTINGS
    from .html import assets, extras, htmlfix, papers, patching, seo, templates
    from .html import filter as filter_
    from .sphinx_ext import (
        authors,
        badges,
        bib,
        chart,
        citations,
        config,
        counts,
        directive,
        domain,
        formatted,
        incremental,
        latex,
        nodes,
    )
    from .style.nodes import (
        badge,
        identifier,
        link_button,
        link_buttons,
        preview_image,
        role_symbol,
        sr_only,
    )

    # settings: one per field of core.settings.PortfolioConfig, validated at builder-inited
    described = sphinx.version_info >= (7, 4)  # add_config_value(description=) is 7.4+
    for setting in SETTINGS:
        app.add_config_value(setting.name, setting.default, setting.rebuild,  # type: ignore[arg-type]
                             types=setting.types,
                             **({"description": setting.help} if described else {}))

    # state: per document and per build (sphinx_ext/domain.py)
    app.add_domain(domain.PortfolioDomain)

    # nodes, with how each builder writes them
    app.add_node(role_symbol, **nodes.ROLE_SYMBOL_VISITORS)
    app.add_node(sr_only, **nodes.SR_ONLY_VISITORS)
    app.add_node(link_buttons, **badges.BUTTONS_VISITORS)
    app.add_node(link_button, **badges.BUTTON_VISITORS)
    app.add_node(identifier, **badges.IDENTIFIER_VISITORS)
    app.add_node(badge, **badges.BADGE_VISITORS)
    app.add_node(preview_image, **badges.PREVIEW_VISITORS)
    app.add_node(badges.abstract_toggle, **extras.VISITORS)
    app.add_node(directive.entry_text, **directive.ENTRY_TEXT_VISITORS)
    for node, visitors in authors.VISITORS.items():
        app.add_node(node, **visitors)
    app.add_node(chart.publications_chart, **chart.VISITORS)
    app.add_node(papers.bibtex_toggle, **papers.TOGGLE_VISITORS)
    app.add_node(filter_.publications_filter, **filter_.VISITORS)
    for node_class, visitors in latex.VISITORS.items():
        app.add_node(node_class, **visitors)

    # markup
    app.add_directive("publications", directive.PublicationsDirective)
    app.add_directive("publications-chart", chart.PublicationsChartDirective)
    app.add_directive("publications-filter", filter_.PublicationsFilterDirective)
    app.add_directive("web-only", latex.WebOnlyDirective)
    app.add_role("pubcount", counts.PubCountRole())
    # sphinxcontrib-bibtex's cite roles, warning instead of raising on a target they
    # cannot read (sphinx_ext/citations.py)
    app.add_role("cite", citations.CheckedCiteRole(), override=True)
    for name in BibtexDomain.roles:
        app.add_role_to_domain("cite", name, citations.CheckedCiteRole(), override=True)

    # post-transforms, by priority: our citations (5) before Sphinx's ReferencesResolver
    # (10), where sphinxcontrib-bibtex would resolve and warn about them; the entries'
    # text (200) after it; the PDF's numbers and names (210, LaTeX only); the filter's
    # classes (400); the ids of furo's wrappers (510)
    # after furo's WrapTableAndMathInAContainerTransform (500)
    app.add_transform(latex.CheckWebOnly)
    app.add_post_transform(directive.RenderEntries)
    app.add_post_transform(filter_.EntryClasses)
    app.add_post_transform(citations.ResolvePortfolioCitations)
    app.add_post_transform(latex.PdfLists)
    app.add_post_transform(htmlfix.DropWrapperIds)

    # config-inited: the package's templates after the site's own templates_path
    app.connect("config-inited", templates.add_template_path)

    # builder-inited: the settings (300), then the bib files (400) before
    # sphinxcontrib-bibtex's own handler (500) parses them, then the formatting (600)
    app.connect("builder-inited", config.validate_settings, priority=300)
    app.connect("builder-inited", bib.parse_bib_files, priority=400)
    app.connect("builder-inited", assets.add_assets)
    app.connect("builder-inited", latex.add_package)
    app.connect("builder-inited", formatted.start_formatting, priority=600)

    # reading
    app.connect("env-get-outdated", bib.outdated_by_bib)
    app.connect("env-get-outdated", incremental.note_navigation)
    app.connect("env-get-outdated", incremental.find_unwritten)
    app.connect("doctree-read", papers.note_topic_sections)
    app.connect("env-get-updated", incremental.rewrite_for_navigation)
    app.connect("env-get-updated", incremental.rewrite_unwritten)
    app.connect("env-get-updated", incremental.restart_search_index)
    app.connect("env-get-updated", papers.start_search_index, priority=600)
    app.connect("env-get-updated", patching.count_list_words)
    app.connect("env-updated", patching.plan_patches, priority=400)
    app.connect("env-updated", bib.rewrite_citing_pages)
    app.connect("env-updated", bib.report_entry_findings)
    app.connect("env-updated", citations.tell_apart_years)
    app.connect("env-updated", chart.use_tikz)
    app.connect("env-updated", papers.note_search_text)
    app.connect("env-updated", badges.copy_entry_files)
    # last before Sphinx saves the environment: the pages are still to write
    app.connect("env-updated", incremental.note_unwritten, priority=900)

    # writing
    app.connect("doctree-resolved", papers.link_lists)
    app.connect("html-collect-pages", papers.collect_pages)
    app.connect("html-collect-pages", patching.apply_patches)
    app.connect("html-collect-pages", incremental.drop_unused_words)
    # before furo's html-page-context (500), which renders the navigation
    app.connect("html-page-context", papers.share_navigation, priority=400)
    app.connect("html-page-context", seo.page_metadata)
    app.connect("html-page-context", assets.add_page_assets)
    app.connect("html-page-context", badges.fill_in_root)
    app.connect("html-page-context", incremental.count_written)
    app.connect("build-finished", formatted.save_formatting)
    app.connect("build-finished", patching.save_list_words)
    app.connect("build-finished", seo.write_sitemap)
    # last: only now is every page written
    app.connect("build-finished", incremental.forget_unwritten, priority=900)
    return {
        "version": __version__,
        # 8: the bib index keeps the pieces of the bib files it parsed
        "env_version": 9,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
