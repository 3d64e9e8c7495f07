"""What a visitor meets (issue 16): the first screen, the entries, the ePub's contents,
the home page and the Chinese text, in the built site, in Chromium and in the ePub."""

from __future__ import annotations

import re
import zipfile

import pytest
from browser_tools import serve
from bs4 import BeautifulSoup
from conftest import REPO
from util import sphinx

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CJK = re.compile(r"[\u3400-\u9fff]")


# -- the ePub's table of contents and metadata --------------------------------------

@pytest.fixture(scope="module")
def epub(tmp_path_factory):
    out = tmp_path_factory.mktemp("visitor-epub")
    sphinx("-n", "-W", "--keep-going", "-b", "epub", "-d", str(out / "doctrees"),
           str(REPO / "docs"), str(out / "epub"))
    return next((out / "epub").glob("*.epub"))


def test_epub_contents_list_the_chapters_in_reading_order(epub):
    """nav.xhtml lists the home page, then the CV, Research, Publications, Teaching and
    Service, as the PDF does; the spine reads them in that order; the extension's page
    (the website's colophon) is neither listed nor in the book."""
    with zipfile.ZipFile(epub) as book:
        nav = BeautifulSoup(book.read("nav.xhtml").decode(), "html.parser")
        opf = book.read("content.opf").decode()
        names = set(book.namelist())
    top = nav.select_one('nav[epub|type="toc"] > ol, nav > ol')
    chapters = [li.find("a").get_text(" ", strip=True) for li in top.find_all("li", recursive=False)]
    assert chapters == ["Zhi-Qin John Xu", "CV", "Research", "Publications", "Teaching", "Service"]
    items = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
    spine = [items[i] for i in re.findall(r'<itemref idref="([^"]+)" />', opf)]
    assert spine[:4] == ["epub-cover.xhtml", "index.xhtml", "cv.xhtml", "research/index.xhtml"]
    assert spine.index("publications/index.xhtml") < spine.index("teaching.xhtml") < spine.index(
        "service.xhtml")
    assert "extension.xhtml" not in names and "extension" not in str(nav)
    # each publication once in the book's Publications, as in the PDF
    assert not {"publications/by-topic.xhtml", "publications/by-year.xhtml"} & names


def test_epub_metadata_has_a_description_and_the_owner(epub):
    with zipfile.ZipFile(epub) as book:
        opf = book.read("content.opf").decode()
    description = re.search(r"<dc:description>(.*?)</dc:description>", opf).group(1)
    assert description != "unknown" and "Shanghai Jiao Tong University" in description
    assert "<dc:creator>Zhi-Qin John Xu</dc:creator>" in opf
    assert "<dc:contributor>unknown</dc:contributor>" not in opf


# -- the pages' markup --------------------------------------------------------------

def _body(site, name) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser").body


def test_chinese_text_carries_its_language(docs_html):
    """Every Chinese character in a page's text is inside an element with lang="zh-Hans",
    so that browsers choose a Simplified Chinese font for it (the CSS's :lang(zh))."""
    found = set()
    for path in sorted(docs_html.rglob("*.html")):
        body = _body(docs_html, path.relative_to(docs_html))
        for text in body.find_all(string=CJK):
            if text.find_parent(["script", "pre", "code", "style"]):
                continue
            holder = text.find_parent(attrs={"lang": True})
            assert holder is not None and holder["lang"] == "zh-Hans", (path.name, str(text))
            found.add(path.relative_to(docs_html).as_posix())
    assert {"index.html", "cv.html", "teaching.html", "service.html"} <= found


def test_home_page_has_one_legend_a_pdf_link_and_no_developer_page_in_the_navigation(docs_html):
    body = _body(docs_html, "index.html")
    article = body.find("article")
    assert article.find_all(class_="portfolio-legend") == []
    for label in article.select(".portfolio-sr-only, template"):
        label.decompose()  # screen readers' labels of each marker, the BibTeX blocks
    assert article.get_text().count("corresponding author") == 1
    pdf = article.find("a", string="download it as PDF")
    assert pdf["href"] == "https://zhi-qin-john-xu.readthedocs.io/_/downloads/en/latest/pdf/"
    navigation = body.select_one(".sidebar-tree")
    assert [a.get_text(strip=True) for a in navigation.select(".toctree-l1 > a")] == [
        "CV", "Research", "Publications", "Teaching", "Service"]
    assert "extension.html" not in str(navigation)
    # the extension's page is every page's colophon, in the footer
    for page in ("index.html", "cv.html", "publications/index.html"):
        colophon = _body(docs_html, page).select_one(".bottom-of-page .portfolio-colophon a")
        assert colophon is not None and colophon["href"].endswith("extension.html"), page


def test_publications_page_puts_the_lists_before_the_chart(docs_html):
    article = _body(docs_html, "publications/index.html").find("article")
    markup = str(article)
    assert markup.index("portfolio-entry") < markup.index("portfolio-chart")
    form = article.find("form", class_="portfolio-filter")
    # one search field in view, the facets behind a disclosure
    assert form.select("details.portfolio-filter-more select")
    assert not [s for s in form.find_all("select") if not s.find_parent("details")]


# -- in Chromium ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def url(docs_html):
    with serve(docs_html) as base:
        yield base


def _page(browser, viewport):
    return browser.new_context(viewport=viewport).new_page()


FIRST_SCREEN = """(height) => {
  const entries = [...document.querySelectorAll('li.portfolio-entry')].filter(e => e.offsetParent);
  return {first: entries[0].getBoundingClientRect().top,
          whole: entries.filter(e => e.getBoundingClientRect().bottom <= height).length};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_first_publication_is_in_the_first_screen(browser, url, viewport):
    """Before issue 16 the first entry began at 904 px (desktop) and 1,122 px (phone),
    under the chart and a six-field filter."""
    page = _page(browser, viewport)
    page.goto(url + "publications/index.html")
    page.wait_for_selector("form.portfolio-filter:not([hidden])")
    seen = page.evaluate(FIRST_SCREEN, viewport["height"])
    assert seen["first"] < viewport["height"] - 100, seen
    assert seen["whole"] >= (5 if viewport is DESKTOP else 1), seen
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_entries_are_compact(browser, url, viewport):
    """The BibTeX toggle sits on the entry's last line (unless that line is full), not
    a line of its own; the title is heavier than the authors and the owner has no
    underline. A list page shows at least 8 whole entries on a desktop's first screen
    and 3 on a phone's (6 and 2 before)."""
    page = _page(browser, viewport)
    page.goto(url + "publications/by-year.html")
    seen = page.evaluate(FIRST_SCREEN, viewport["height"])
    assert seen["whole"] >= (8 if viewport is DESKTOP else 3), seen
    facts = page.evaluate("""() => {
      const li = document.querySelector('li.portfolio-entry');
      const links = li.querySelector('.portfolio-links').getBoundingClientRect();
      const summary = li.querySelector('details.portfolio-bibtex-toggle > summary').getBoundingClientRect();
      const css = (sel) => getComputedStyle(li.querySelector(sel));
      const item = li.getBoundingClientRect();
      // on the last line, or at the start of the next where that line has no room left
      return {sameLine: Math.abs(summary.bottom - links.bottom) < 8
                        || links.right + summary.width + 8 > item.right,
              title: +css('.portfolio-title').fontWeight, body: +getComputedStyle(li).fontWeight,
              ownerLine: css('.portfolio-owner').textDecorationLine};
    }""")
    assert facts["sameLine"], facts
    assert facts["title"] >= 600 > facts["body"], facts
    assert facts["ownerLine"] == "none", facts
    # the toggle still opens its BibTeX below the entry
    page.locator("li.portfolio-entry details.portfolio-bibtex-toggle > summary").first.click()
    assert page.locator("li.portfolio-entry details[open] pre").first.is_visible()
    page.context.close()


@pytest.mark.browser
def test_a_shared_filtered_link_opens_the_facets(browser, url):
    page = _page(browser, DESKTOP)
    page.goto(url + "publications/index.html?topic=condensation")
    page.wait_for_selector("form.portfolio-filter:not([hidden])")
    assert page.locator("details.portfolio-filter-more").get_attribute("open") is not None
    assert page.locator("select[name=topic]").input_value() == "condensation"
    page.goto(url + "publications/index.html")
    assert page.locator("details.portfolio-filter-more").get_attribute("open") is None
    page.context.close()


@pytest.mark.browser
def test_home_name_is_one_line_on_a_phone(browser, url):
    page = _page(browser, PHONE)
    page.goto(url + "index.html")
    box = page.evaluate("""() => {
      const h1 = document.querySelector('article h1');
      const range = document.createRange();
      range.selectNodeContents(h1.firstChild);
      return {height: range.getBoundingClientRect().height, line: parseFloat(getComputedStyle(h1).lineHeight),
              right: range.getBoundingClientRect().right, width: document.documentElement.clientWidth};
    }""")
    assert box["height"] < 1.5 * box["line"], box
    assert box["right"] <= box["width"], box
    page.context.close()


@pytest.mark.browser
def test_chinese_text_gets_a_chinese_sans_font(browser, url):
    page = _page(browser, DESKTOP)
    page.goto(url + "cv.html")
    family = page.evaluate("getComputedStyle(document.querySelector('[lang=zh-Hans]')).fontFamily")
    assert family.startswith('"Noto Sans CJK SC"'), family
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_tables_fit_and_cv_years_stay_on_one_line(browser, url, viewport):
    page = _page(browser, viewport)
    page.goto(url + "cv.html")
    heights = page.evaluate("""() => [...document.querySelectorAll('article table td:first-child')].map(td => {
      const range = document.createRange(); range.selectNodeContents(td);
      return range.getBoundingClientRect().height / parseFloat(getComputedStyle(td).lineHeight);
    })""")
    assert heights and max(heights) < 1.5, heights
    page.goto(url + "extension.html")
    widths = page.evaluate("""() => [document.documentElement.scrollWidth,
      ...[...document.querySelectorAll('article .table-wrapper')].map(w => w.scrollWidth - w.clientWidth)]""")
    assert widths[0] <= viewport["width"], widths
    page.context.close()


# -- the chart ---------------------------------------------------------------------

def test_the_chart_counts_each_topic_as_the_by_topic_page_does(docs_html):
    """A paper in two topics is in both topic sections, and in both of the chart's
    series (Frequency principle 10 and AI for Science 13 before, against 15 and 14);
    the table's Total stays the distinct papers."""
    table = _body(docs_html, "publications/index.html").select_one(
        "div.portfolio-chart table.portfolio-chart-data")
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
            for tr in table.find_all("tr")]
    header, body = rows[0], rows[1:]
    charted = {label: sum(int(row[i]) for row in body) for i, label in enumerate(header)
               if 0 < i < len(header) - 1}
    sections = {}
    for section in _body(docs_html, "publications/by-topic.html").select(
            "section.portfolio-group-topic"):
        title = section.find(re.compile("^h[1-6]$"))
        count = title.select_one(".portfolio-count").extract()
        for link in title.select("a.headerlink"):
            link.decompose()
        sections[title.get_text(" ", strip=True)] = int(count.get_text(strip=True).strip("()"))
    assert charted == sections
    assert sum(int(row[-1]) for row in body) == 50  # every paper once


@pytest.mark.browser
def test_a_filter_hides_the_chart_with_a_note(browser, url):
    page = _page(browser, DESKTOP)
    page.goto(url + "publications/index.html")
    page.wait_for_selector("form.portfolio-filter:not([hidden])")
    assert page.locator("div.portfolio-chart svg").is_visible()
    assert not page.locator(".portfolio-chart-filtered").is_visible()
    page.goto(url + "publications/index.html?q=annealing")
    page.wait_for_selector("form.portfolio-filter:not([hidden])")
    assert not page.locator("div.portfolio-chart svg").is_visible()
    assert page.locator(".portfolio-chart-filtered").is_visible()
    page.context.close()


@pytest.mark.browser
def test_a_filter_hides_the_contents_links_of_hidden_sections_and_offers_a_way_back(browser, url):
    page = _page(browser, DESKTOP)
    page.goto(url + "publications/index.html?q=annealing")  # one preprint
    page.wait_for_selector("form.portfolio-filter:not([hidden])")
    toc = page.evaluate("""() => [...document.querySelectorAll('.toc-tree a')]
      .filter((a) => a.offsetParent).map((a) => a.getAttribute('href'))""")
    assert "#preprints" in toc and "#computational-neuroscience" not in toc, toc
    page.goto(url + "publications/index.html?q=nothing-matches-this")
    page.wait_for_selector("form.portfolio-filter:not([hidden])")
    show_all = page.locator("button.portfolio-filter-show-all")
    assert show_all.is_visible() and show_all.text_content() == "Show all"
    show_all.click()
    page.wait_for_function(
        "() => document.querySelector('.portfolio-filter-count').textContent === '50 of 50 publications'")
    assert not show_all.is_visible()
    toc = page.evaluate("""() => [...document.querySelectorAll('.toc-tree a')]
      .filter((a) => a.offsetParent).map((a) => a.getAttribute('href'))""")
    assert {"#preprints", "#deep-learning", "#computational-neuroscience"} <= set(toc), toc
    page.context.close()
