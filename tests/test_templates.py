"""The HTML from templates a site can override (tests/roots/test-templates)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup
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


_TEXTS = st.text(st.sampled_from("ab <>&\"' é\ue010019"), max_size=6)
_PAPER = st.fixed_dictionaries({
    "key": _TEXTS, "id": _TEXTS, "title": _TEXTS, "venue": _TEXTS, "year": _TEXTS,
    "type_name": _TEXTS, "search_link": _TEXTS, "note": _TEXTS, "award": _TEXTS,
    "abstract": _TEXTS, "bibtex_id": _TEXTS, "bibtex": _TEXTS, "bib_file": _TEXTS,
    "csl_file": _TEXTS, "listed": _TEXTS,
    "citation": _TEXTS.map(Markup), "legend": _TEXTS.map(Markup),
    "highlighted": _TEXTS.map(Markup),
    "topics": st.lists(st.tuples(_TEXTS, _TEXTS), max_size=3),
    "links": st.lists(st.tuples(_TEXTS, _TEXTS), max_size=2),
    "copy_texts": st.lists(st.tuples(st.sampled_from(["copied", "selected"]), _TEXTS),
                           max_size=2),
})


@given(st.lists(_PAPER, min_size=1, max_size=6))
def test_a_paper_page_filled_in_reads_as_the_page_rendered(pages):
    """Shaped: each shape of the values (empty texts, list lengths) rendered once with
    marks, then filled in; escaped as rendering escapes, Markup left as it is."""
    from portfolio_ext.html.templates import Shaped, compiled

    builder = _Builder(TEMPLATES)
    template = Shaped(builder, "paper.html", {})
    for values in pages:
        assert template(values) == compiled(builder, "paper.html")(values)
    assert template._made and all(made is not None for made in template._made.values())


def test_a_sites_own_paper_page_is_rendered_for_each_page(tmp_path):
    from portfolio_ext.html.templates import Shaped

    (tmp_path / "portfolio").mkdir()
    (tmp_path / "portfolio" / "paper.html").write_text(
        "{% if year > '2020' %}new {% endif %}{{ title|upper }}", encoding="utf-8")
    template = Shaped(_Builder(tmp_path, TEMPLATES), "paper.html", {})
    assert template({"year": "2019", "title": "a"}) == "A"
    assert template({"year": "2021", "title": "b"}) == "new B"
    assert not template._made  # never split


def test_a_shape_that_does_not_fill_in_alike_is_rendered(tmp_path, monkeypatch):
    """The first values of each shape are rendered both ways: where the two differ
    (a template that changes a text), that shape is rendered for every page."""
    from portfolio_ext.html import templates

    (tmp_path / "portfolio").mkdir()
    (tmp_path / "portfolio" / "paper.html").write_text("{{ title|upper }}", encoding="utf-8")
    monkeypatch.setattr(templates, "_is_packaged", lambda builder, name: True)
    template = templates.Shaped(_Builder(tmp_path), "paper.html", {})
    assert template({"title": "ab"}) == "AB"
    assert template({"title": "cd"}) == "CD"
    assert list(template._made.values()) == [None]
    assert template({"title": "", "n": 1}) == ""  # not texts only: rendered
