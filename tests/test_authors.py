"""Long author lists cut short (portfolio_max_authors, :max-authors:) and co-authors'
homepages (portfolio_homepages), on tests/roots/test-authors: a 300-author entry with
the owner at 150, a student at 200 and a corresponding author at 250."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from browser_tools import serve
from bs4 import BeautifulSoup, NavigableString
from hypothesis import given
from hypothesis import strategies as st
from pybtex.backends.plaintext import Backend as Plaintext
from pybtex.database import Person
from pybtex.richtext import Text
from pybtex.style.template import join
from util import html, text_of, warnings

from portfolio_ext.core.people import Homepages, check_homepages, shown_positions
from portfolio_ext.style.authors import cut_names

SEPS = {"sep": ", ", "sep2": " and ", "last_sep": ", and "}
BIG = "li.portfolio-key-big2020"


# -- which names are shown ----------------------------------------------------------


@given(st.lists(st.booleans(), max_size=40), st.integers(min_value=0, max_value=45))
def test_the_first_names_and_every_marked_one_are_shown(marked, limit):
    shown = shown_positions(marked, limit)
    assert len(shown) == len(marked)
    if all(shown):
        return
    assert limit > 0 and shown.count(False) >= 2  # "and 1 more" is never written
    assert shown == [i < limit or mark for i, mark in enumerate(marked)]


def test_no_limit_or_one_name_left_out_shows_every_name():
    assert shown_positions([False] * 5, 0) == [True] * 5
    assert shown_positions([False] * 4, 3) == [True] * 4
    assert shown_positions([False] * 5, 3) == [True, True, True, False, False]


@given(st.lists(st.booleans(), min_size=1, max_size=30), st.integers(min_value=1, max_value=5))
def test_a_cut_list_keeps_every_name_for_other_backends(marked, limit):
    """Plain text (citation tooltips) gets the whole list, as pybtex's join writes it."""
    parts = [Text(f"Name{i}") for i in range(len(marked))]
    whole = join(**SEPS)[parts].format_data({}).render(Plaintext())
    shown = shown_positions(marked, limit)
    if all(shown):
        return
    cut = cut_names(parts, shown, SEPS, "and {count} more", "show fewer")
    assert cut.render(Plaintext()) == whole


# -- homepages ----------------------------------------------------------------------


def test_homepages_match_names_as_the_owner_is_matched():
    pages = Homepages({"Poe, Edgar Allan": "https://poe.example.org/"})
    assert pages.of(Person("Edgar Allan Poe")) == "https://poe.example.org/"
    assert pages.of(Person("Poe, E. A.")) == "https://poe.example.org/"
    assert pages.of(Person("Poe, E.")) is None  # which E. Poe? as for the owner
    assert pages.of(Person("Doe, Jane")) is None


def test_malformed_homepages_are_reported_and_left_out():
    problems = []
    kept = check_homepages({"Poe, Edgar": "https://poe.example.org/",
                            ", Edgar": "https://x.example.org/",
                            "Moe, Anna": "ftp://moe.example.org/",
                            "Roe, R": "moe.example.org"},
                           lambda message, name: problems.append((message, name)))
    assert kept == {"Poe, Edgar": "https://poe.example.org/"}
    assert [name for _, name in problems] == ["portfolio_homepages"] * 3
    assert "portfolio_homepages[', Edgar']: ', Edgar' has no last name" in problems[0][0]
    assert "'ftp://moe.example.org/' is not an http(s) address" in problems[1][0]
    assert "'moe.example.org' is not an http(s) address" in problems[2][0]


# -- HTML -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(build_root):
    app = build_root("authors", "html")
    assert warnings(app) == []
    return app


def words(node) -> str:
    """*node*'s text as a browser lays it out (no space between elements)."""
    return " ".join(node.get_text().split())


def shown_text(item) -> str:
    """*item*'s text as a browser shows it while the list is cut (CSS hides the rest)."""
    item = BeautifulSoup(str(item), "html.parser")  # a copy
    for hidden in item.select(".portfolio-names-hidden, .portfolio-more-open, template"):
        hidden.decompose()
    return words(item)


def full_text(item) -> str:
    """*item*'s text once its toggle is checked, without the toggle (and the space
    before it)."""
    item = BeautifulSoup(str(item), "html.parser")
    for toggle in item.select(".portfolio-more"):
        before = toggle.previous_sibling
        if isinstance(before, NavigableString):
            before.replace_with(before.removesuffix(" "))
    for hidden in item.select(".portfolio-names-gap, .portfolio-more, template"):
        hidden.decompose()
    return words(item)


def test_a_long_list_shows_the_first_names_and_the_marked_ones_in_place(site):
    big = html(site).select(BIG)[0]
    assert shown_text(big).startswith(
        "Alex Author001, Alex Author002, Alex Author003, …, Jane Doe, …, Richard Roe† "
        "(student supervised), …, Alex Author250* (corresponding author), … and 294 more. "
        "A Measurement by Three Hundred Authors.")
    toggle = big.select_one("label.portfolio-more")
    assert toggle.select_one("input[type=checkbox].portfolio-more-toggle") is not None
    assert text_of(toggle.select_one(".portfolio-more-closed")) == "and 294 more"
    assert text_of(toggle.select_one(".portfolio-more-open")) == "show fewer"
    # the gaps are not read out: a screen reader hears the names and "and 294 more"
    assert all(gap["aria-hidden"] == "true" for gap in big.select(".portfolio-names-gap"))


def test_the_toggle_shows_every_name_in_its_place(site):
    page = html(site)
    cut, whole = page.select(BIG)  # the list by year, and the one with :max-authors: 0
    assert whole.select_one(".portfolio-more") is None
    assert full_text(cut) == words(
        BeautifulSoup(str(whole).split("<template")[0], "html.parser"))
    assert len(re.findall(r"Author\d{3}", full_text(cut))) == 298


def test_the_last_name_shown_keeps_its_and_for_the_whole_list(site):
    mid = html(site).select("li.portfolio-key-mid2021")[0]
    assert shown_text(mid).startswith(
        "Edgar Poe, Alex Author002, Alex Author003, …, Jane Doe and 3 more.")
    assert "Alex Author006, and Jane Doe" in full_text(mid)


def test_a_short_list_is_never_cut(site):
    small = html(site).select_one("li.portfolio-key-small2019")
    assert small.select_one(".portfolio-more") is None
    assert words(small.p).startswith("Edgar Poe, Jane Doe, and Anna Moe.")


def test_the_paper_page_shows_every_name_without_a_toggle(site):
    citation = html(site, "papers/big2020").select_one("p.portfolio-paper-citation")
    assert citation.select(".portfolio-more, .portfolio-names-gap, .portfolio-names-hidden") == []
    assert len(re.findall(r"Author\d{3}", words(citation))) == 298
    assert "Alex Author299, and Alex Author300." in words(citation)


def test_the_toggle_stylesheet_is_linked_where_a_toggle_is(site):
    page = html(site)
    assert page.select_one('link[href*="portfolio-html.css"]') is not None
    # linked only where a toggle is: a paper page shows every name
    assert html(site, "papers/big2020").select_one('link[href*="portfolio-html.css"]') is None
    css = (Path(site.outdir) / "_static" / "portfolio-html.css").read_text()
    assert "@supports not selector(:has(*))" in css  # no dead toggle without :has()


def test_names_with_a_homepage_link_to_it_in_lists_and_on_paper_pages(site):
    for page in (html(site), html(site, "papers/small2019")):
        links = page.select('a[href="https://poe.example.org/"]')
        assert links and all(text_of(a) == "Edgar Poe" for a in links)
    hidden = html(site).select(BIG)[0].select(".portfolio-names-hidden")
    assert any(a["href"] == "https://author002.example.org/" for a in html(site).select(
        f"{BIG} a.reference.external")) and hidden


def test_a_bibliography_directive_cuts_and_links_too(site):
    citation = html(site).select_one("div.citation, dl.citation, .citation")
    assert citation is not None
    assert citation.select_one("label.portfolio-more") is not None
    assert citation.select_one('a[href="https://poe.example.org/"]') is not None


@pytest.mark.browser
def test_the_toggle_works_with_keyboard_and_reads_as_a_checkbox(site, browser):
    with serve(Path(site.outdir)) as base:
        page = browser.new_page()
        page.goto(f"{base}index.html")
        item = page.locator(BIG).first
        hidden = item.locator(".portfolio-names-hidden").first
        assert hidden.is_hidden()
        toggle = page.get_by_role("checkbox", name="and 294 more")
        toggle.first.focus()
        page.keyboard.press("Space")
        assert hidden.is_visible()
        assert item.locator(".portfolio-names-gap").first.is_hidden()
        assert page.get_by_role("checkbox", name="show fewer").first.is_checked()
        page.keyboard.press("Space")
        assert hidden.is_hidden()
        page.close()


# -- ePub and PDF -----------------------------------------------------------------


@pytest.mark.parametrize("cut", [False, True])
def test_epub_shows_every_name_or_the_cut_list_as_text(build_root, cut):
    app = build_root("authors", "epub", confoverrides={"portfolio_max_authors_print": cut})
    assert warnings(app) == []
    page = BeautifulSoup((Path(app.outdir) / "index.xhtml").read_text(encoding="utf-8"),
                         "html.parser")
    big = page.select(BIG)[0]
    assert page.select("input, label.portfolio-more") == []  # no widget in an ePub
    assert ("Author149" in text_of(big)) is not cut
    assert "Author149" in text_of(page.select(BIG)[1])  # :max-authors: 0
    assert ("and 294 more" in text_of(big)) is cut
    assert ("Author003, …, Jane Doe, …" in words(big)) is cut
    assert page.select_one('a[href="https://poe.example.org/"]') is not None


@pytest.mark.parametrize("cut", [False, True])
def test_latex_prints_every_name_or_the_cut_list(build_root, cut):
    app = build_root("authors", "latex", confoverrides={"portfolio_max_authors_print": cut})
    assert warnings(app) == []
    tex = (Path(app.outdir) / "authors.tex").read_text(encoding="utf-8")
    tex = re.sub(r"\\mbox\{([^{}]*)\}", r"\1", tex)  # names' words are kept whole in the PDF
    # the list by year, cut or not, and the one with :max-authors: 0
    assert tex.count("Alex Author149") == (1 if cut else 2)
    assert (r"Alex Author003, …, \sphinxstylestrong{Jane Doe}, …" in tex) is cut
    assert ("and 294 more" in tex) is cut
    assert r"\sphinxhref{https://poe.example.org/}{Edgar Poe}" in tex


# -- bad input and cost -----------------------------------------------------------


def test_bad_settings_and_options_are_warnings_naming_them(fresh_build):
    app = fresh_build("authors", "html", confoverrides={
        "portfolio_homepages": {"Poe, Edgar": "javascript:alert(1)"},
        "portfolio_max_authors": -1,
    })
    index = Path(app.srcdir) / "index.md"
    index.write_text(index.read_text().replace(":max-authors: 0", ":max-authors: all"))
    app.build()
    found = warnings(app)
    assert any("conf.py:" in w and "portfolio_homepages['Poe, Edgar']: 'javascript:alert(1)' "
               "is not an http(s) address" in w for w in found), found
    assert any("portfolio_max_authors must be a whole number, 0 or more, not int -1" in w
               for w in found), found
    assert any(w.startswith("index.md:") and "invalid :max-authors: value 'all'" in w
               for w in found), found
    assert not html(app).select('a[href^="javascript"]')


def test_a_300_author_entry_formats_quickly():
    """The cost of a 300-name list is its names: no pybtex template per name beyond the
    first time each name is seen, so formatting it again stays cheap."""
    from pybtex.database import Entry

    from portfolio_ext.core.settings import validate
    from portfolio_ext.style.formatting import PortfolioStyle

    config = validate({"portfolio_owner": ["Doe, Jane"], "portfolio_max_authors": 3},
                      lambda *args: None)
    style = PortfolioStyle(portfolio_config=config)
    names = " and ".join(f"Author{i:03d}, Alex" for i in range(300))
    entry = Entry("article", {"title": "T", "journal": "J", "year": "2020"},
                  persons={"author": [Person(n) for n in names.split(" and ")]})
    style.format_entry("big", entry)  # the names' texts, made once
    start = time.perf_counter()
    for _ in range(10):
        text = style.format_entry("big", entry).text
    per_entry = (time.perf_counter() - start) / 10
    assert "and 297 more" in str(text)
    assert per_entry < 0.05, per_entry  # about 5 ms on the shared test machine


@pytest.mark.parametrize(("value", "shape"), [
    (True, "a whole number, 0 or more, not bool True"),
    ("3", "a whole number, 0 or more, not str '3'"),
    (-2, "a whole number, 0 or more, not int -2"),
])
def test_max_authors_must_be_a_count(value, shape):
    from portfolio_ext.core.settings import validate

    problems = []
    config = validate({"portfolio_owner": ["Doe, Jane"], "portfolio_max_authors": value},
                      lambda message, name: problems.append((name, message)))
    assert config.max_authors == 0
    assert problems == [("portfolio_max_authors",
                         f"portfolio_max_authors must be {shape}; using the default")]
