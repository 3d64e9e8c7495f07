"""The HTML from templates a site can override (tests/roots/test-templates)."""

from __future__ import annotations

from pathlib import Path

import pytest
from util import html, scripted, warnings

from portfolio_ext.html.templates import TEMPLATES


@pytest.fixture(scope="module")
def site(build_root):
    return build_root("templates", "html")


def test_the_sites_own_paper_page_is_used(site):
    assert warnings(site) == []
    page = html(site, "papers/doe2018first")
    section = page.select_one("section.portfolio-paper")
    assert "my-paper" in section["class"]
    assert page.select_one("p.my-venue").get_text() == (
        "Published in Journal of Theory (Journal article)")
    # the package's BibTeX block, included by the site's page
    block = section.select_one("div.portfolio-bibtex#bibtex-doe2018first")
    assert block.select_one("button.portfolio-copy")["data-copy"] == "bibtex-doe2018first"
    assert "@article{doe2018first," in block.get_text()
    # and nothing of the package's own page
    assert page.select_one("dl.portfolio-paper-facts") is None
    # the theme still frames it
    assert page.title.get_text().startswith("First Article")


def test_templates_not_overridden_are_the_packages(site):
    toggle = scripted(html(site)).select_one("li.portfolio-entry details.portfolio-bibtex-toggle")
    assert toggle.summary.get_text() == "BibTeX"
    assert toggle.select_one("button.portfolio-copy").get_text() == "Copy BibTeX"


def test_the_package_templates_come_after_the_sites(site):
    paths = [str(p) for p in site.config.templates_path]
    assert paths == ["_templates", str(TEMPLATES)]
    assert sorted(p.name for p in Path(TEMPLATES, "portfolio").iterdir()) == [
        "abstract-toggle.html", "bibtex-toggle.html", "bibtex.html", "filter.html",
        "paper-page.html", "paper.html"]


def test_an_english_page_carries_no_texts_for_the_script(site):
    # portfolio.js has the English ones: the attributes come with a translation only
    for page in ("index", "papers/doe2018first"):
        text = (Path(site.outdir) / f"{page}.html").read_text(encoding="utf-8")
        assert 'data-copy="bibtex-' in text
        assert "data-copied" not in text and "data-selected" not in text
