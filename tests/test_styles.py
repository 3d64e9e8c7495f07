"""Reference formats beyond the built-in one (style/styles.py): author-year, numbered
(IEEE) and APA, chosen by portfolio_style for the lists and by :style: for a
bibliography directive, on tests/roots/test-styles."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.backends.plaintext import Backend as Plaintext
from pybtex.database import parse_string
from pybtex.plugin import find_plugin
from util import html, warnings

from portfolio_ext.core.settings import STYLES, validate
from portfolio_ext.style.richtext import OwnerName, RoleMarker
from portfolio_ext.style.styles import APAStyle, AuthorYearStyle, NumberedStyle, style_class

ROOT = Path(__file__).parent / "roots" / "test-styles"
CONFIG = validate({"portfolio_owner": ["Doe, Jane"]}, lambda *args: None)
ENTRIES = parse_string((ROOT / "refs.bib").read_text(encoding="utf-8"), "bibtex").entries

EXPECTED = {
    "authoryear": {
        "doe2019article": "Doe, Jane*, Edgar Allan Poe, and Anna Moe. 2019. A Paper by Three "
                          "Authors. Journal of Examples, 3(2):10–19. DOI 10.1000/doe2019",
        "poe2021proc": "Poe, Edgar Allan, and Jane Doe. 2021. Two Authors at a Conference. In "
                       "Proceedings of the Conference on Examples, 5–9. Springfield.",
        "doe2020book": "Doe, Jane. 2020. A Book of Examples. Example Press.",
    },
    "numbered": {
        "doe2019article": "J. Doe*, E. A. Poe, and A. Moe, “A Paper by Three Authors,” Journal "
                          "of Examples, vol. 3, no. 2, pp. 10–19, 2019. DOI 10.1000/doe2019",
        "poe2021proc": "E. A. Poe and J. Doe, “Two Authors at a Conference,” in Proceedings of "
                       "the Conference on Examples, Springfield, 2021, pp. 5–9.",
        "doe2020book": "J. Doe. A Book of Examples. Example Press, 2020.",
    },
    "apa": {
        "doe2019article": "Doe, J.*, Poe, E. A., & Moe, A. (2019). A Paper by Three Authors. "
                          "Journal of Examples, 3(2), 10–19. DOI 10.1000/doe2019",
        "poe2021proc": "Poe, E. A., & Doe, J. (2021). Two Authors at a Conference. In "
                       "Proceedings of the Conference on Examples, 5–9. Springfield.",
        "doe2020book": "Doe, J. (2020). A Book of Examples. Example Press.",
    },
}


@pytest.mark.parametrize("name", ["authoryear", "numbered", "apa"])
@pytest.mark.parametrize("key", ["doe2019article", "poe2021proc", "doe2020book"])
def test_each_style_writes_each_kind_of_entry_its_way(name, key):
    style = style_class(name)(portfolio_config=CONFIG)
    text = style.format_entry(key, ENTRIES[key]).text
    assert text.render(Plaintext()) == EXPECTED[name][key]


@pytest.mark.parametrize(("name", "expected"), [
    ("authoryear", "Doe, Jane. n.d. A Note Without a Year. Circulated privately."),
    ("apa", "Doe, J. (n.d.). A Note Without a Year. Circulated privately."),
])
def test_author_year_styles_write_n_d_for_an_entry_without_a_year(name, expected):
    entry = parse_string("@misc{k, author = {Doe, Jane}, title = {A Note Without a Year},"
                         " howpublished = {Circulated privately}}", "bibtex").entries["k"]
    text = style_class(name)(portfolio_config=CONFIG).format_entry("k", entry).text
    assert text.render(Plaintext()) == expected


@pytest.mark.parametrize("name", ["authoryear", "numbered", "apa"])
def test_each_style_keeps_the_owner_highlighted_and_the_markers(name):
    style = style_class(name)(portfolio_config=CONFIG)
    text = style.format_entry("a", ENTRIES["doe2019article"]).text

    def parts(node):
        for part in getattr(node, "parts", ()):
            yield part
            yield from parts(part)

    owner = [p for p in parts(text) if isinstance(p, OwnerName)]
    assert [o.render(Plaintext()) for o in owner] == [{"authoryear": "Doe, Jane", "numbered": "J. Doe",
                                        "apa": "Doe, J."}[name]]
    assert [m.role for m in parts(text) if isinstance(m, RoleMarker)] == ["corresponding"]


def test_every_style_is_a_pybtex_plugin_and_a_setting():
    for name in STYLES:
        plugin = "portfolio" if name == "portfolio" else f"portfolio-{name}"
        assert find_plugin("pybtex.style.formatting", plugin) is style_class(name)
    assert {style_class(n) for n in STYLES} >= {APAStyle, AuthorYearStyle, NumberedStyle}


def test_an_unknown_style_is_reported_and_the_default_used():
    problems = []
    config = validate({"portfolio_owner": ["Doe, Jane"], "portfolio_style": "ieee"},
                      lambda message, name: problems.append((name, message)))
    assert config.style == "portfolio"
    assert problems == [("portfolio_style", "portfolio_style must be one of portfolio, "
                         "authoryear, numbered, apa, not 'ieee'; using 'portfolio'")]


def entries(page: BeautifulSoup, selector: str) -> list[str]:
    return [" ".join(node.get_text().split()) for node in page.select(selector)]


@pytest.fixture(scope="module")
def site(build_root):
    app = build_root("styles", "html")
    assert warnings(app) == []
    return app


def test_the_setting_styles_the_lists_and_paper_pages(site):
    page = html(site)
    listed = entries(page, "li.portfolio-entry > p")
    assert listed[2].startswith("Doe, J.* (corresponding author), Poe, E. A., & Moe, A. "
                                "(2019). A Paper by Three Authors. Journal of Examples, 3(2)")
    assert page.select_one("li.portfolio-key-doe2019article strong.portfolio-owner").text == \
        "Doe, J."
    paper = html(site, "papers/poe2021proc").select_one("p.portfolio-paper-citation")
    assert " ".join(paper.get_text().split()).startswith("Poe, E. A., & Doe, J. (2021).")


def test_a_bibliography_directive_takes_any_style_by_name(site):
    page = html(site)
    text = " ".join(page.get_text().split())
    assert ("Doe, Jane* (corresponding author), Edgar Allan Poe, and Anna Moe. 2019. A Paper "
            "by Three Authors.") in text
    assert "[N2] E. A. Poe and J. Doe, “Two Authors at a Conference,” in Proceedings" in text
    owners = [strong.text.replace("\xa0", " ") for strong in page.select("strong.portfolio-owner")]
    assert {"Doe, Jane", "J. Doe", "Doe, J."} <= set(owners)


def test_numbered_lists_are_numbered_in_html_and_latex(build_root):
    app = build_root("styles", "html", confoverrides={"portfolio_style": "numbered"})
    assert warnings(app) == []
    listing = html(app).select_one(".portfolio-publications")
    assert listing.name == "ol" and len(listing.select("li.portfolio-entry")) == 3
    css = (Path(app.outdir) / "_static" / "portfolio-html.css").read_text(encoding="utf-8")
    assert 'ol.portfolio-publications > li::marker {\n  content: "[" counter(list-item)' in css
    app = build_root("styles", "latex", confoverrides={"portfolio_style": "numbered"})
    assert warnings(app) == []
    tex = (Path(app.outdir) / "styles.tex").read_text(encoding="utf-8")
    assert r"\sphinxsetlistlabels{\arabic}{enumi}{enumii}{[}{]}" in tex


def test_latex_and_epub_keep_the_highlight_and_markers(build_root):
    app = build_root("styles", "latex")
    assert warnings(app) == []
    tex = (Path(app.outdir) / "styles.tex").read_text(encoding="utf-8").replace("\xa0", " ")
    assert r"\sphinxstylestrong{Doe, J.}$^{\text{*}}$, Poe, E. A., \& Moe, A. (2019)." in tex
    assert r"\sphinxstylestrong{J. Doe}$^{\text{*}}$, E. A. Poe, and A. Moe, “" in tex
    app = build_root("styles", "epub")
    assert warnings(app) == []
    page = BeautifulSoup((Path(app.outdir) / "index.xhtml").read_text(encoding="utf-8"),
                         "html.parser")
    first = page.select_one("li.portfolio-key-doe2019article")
    assert first.select_one("strong.portfolio-owner").text == "Doe, J."
    assert first.select_one("sup.portfolio-role-corresponding") is not None
