"""The HTML from templates a site can override (tests/roots/test-templates)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
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


class _Bridge:
    """A template bridge as Sphinx's: a Jinja environment of template folders."""

    def __init__(self, *folders: Path) -> None:
        import jinja2

        self.environment = jinja2.Environment(loader=jinja2.FileSystemLoader(
            [str(f) for f in folders]), autoescape=True)


class _Builder:
    def __init__(self, *folders: Path) -> None:
        self.templates = _Bridge(*folders)


_TOGGLE = {"highlighted": "", "copy_texts": [("copied", "Kopiert.")]}


@given(st.lists(st.fixed_dictionaries({
    "key": st.text(min_size=1), "bibtex_id": st.text(min_size=1),
    "bibtex": st.text(min_size=1)}), min_size=1, max_size=4))
def test_a_toggle_filled_in_reads_as_the_toggle_rendered(entries):
    from portfolio_ext.html.templates import compiled, filled

    builder = _Builder(TEMPLATES)
    template = filled(builder, "bibtex-toggle.html", _TOGGLE, entries[0])
    assert template.__name__ == "fill"  # the package's template: filled in
    for values in entries:
        assert template(values) == compiled(builder, "bibtex-toggle.html")({**_TOGGLE, **values})


_FIRST = {"key": "doe", "bibtex_id": "b-doe", "bibtex": "@article{doe,}"}
_MISC = {"key": "roe", "bibtex_id": "b-roe", "bibtex": "@misc{roe,}"}


def _toggle_with_own(tmp_path, name: str, text: str):
    """The toggle's filler on a site with its own ``portfolio/<name>``."""
    from portfolio_ext.html.templates import filled

    (tmp_path / "portfolio").mkdir()
    (tmp_path / "portfolio" / name).write_text(text, encoding="utf-8")
    return filled(_Builder(tmp_path, TEMPLATES), "bibtex-toggle.html", _TOGGLE, _FIRST)


def test_a_sites_own_toggle_is_rendered_for_each_entry(tmp_path):
    """A site's template may test or change a text: filling in marks would miss that."""
    template = _toggle_with_own(tmp_path, "bibtex-toggle.html",
                                '{% if "@misc" in bibtex %}preprint {% endif %}{{ key|upper }}')
    assert template(_FIRST) == "DOE"
    assert template(_MISC) == "preprint ROE"


def test_a_toggle_that_includes_a_sites_own_block_is_rendered_for_each_entry(tmp_path):
    """The package's toggle includes portfolio/bibtex.html: a site's own one of those
    may test a text too."""
    template = _toggle_with_own(tmp_path, "bibtex.html",
                                '{% if "@misc" in bibtex %}<b>preprint</b>{% endif %}{{ key }}')
    assert template.__name__ != "fill"
    assert "<b>preprint</b>roe" in template(_MISC)
