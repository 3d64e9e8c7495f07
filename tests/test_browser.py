"""The built site as visitors and their tools meet it, in a real browser.

Builds the portfolio once, serves it on 127.0.0.1 and checks it with axe-core (every
page; light, dark and phone), Lighthouse 12 (mobile; home and publications pages), the
Nu HTML checker, an offline link walk, Playwright behaviour checks, and the search and
social metadata. Screenshots land in ``_build/screenshots/``, reports in ``_build/reports/``.

Needs Chromium, Java and ``npm ci`` (package.json); without them the tests that use them
skip and say what to install (``.ci/run`` installs them and makes them required).
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest
from browser_tools import (
    AXE,
    REPORTS,
    SCREENSHOTS,
    lighthouse,
    lighthouse_failures,
    need,
    serve,
    vnu,
    walk_links,
)
from bs4 import BeautifulSoup
from conftest import CV, REPO
from pybtex.database import parse_file

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
WIDE = {"width": 1500, "height": 900}  # furo shows the page's table of contents from here
PHONE = {"width": 390, "height": 844}
#: pages that search engines should not list
NOT_IN_SITEMAP = {"search.html", "genindex.html"}


# -- the site, served --------------------------------------------------------------

@pytest.fixture(scope="module")
def site(docs_html) -> Path:
    return docs_html


@pytest.fixture(scope="module")
def pages(site) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


@pytest.fixture(scope="module")
def soups(site, pages) -> dict[str, BeautifulSoup]:
    return {name: BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
            for name in pages}


@pytest.fixture(scope="module")
def base_url(soups) -> str:
    """Where the site is published (html_baseurl), read from the home page's canonical link."""
    return soups["index.html"].select_one('link[rel="canonical"]')["href"].removesuffix("index.html")


@pytest.fixture(scope="module")
def url(site):
    with serve(site) as base:
        yield base


def new_page(browser, viewport=DESKTOP, theme: str = "light"):
    """A page in a fresh context; *theme* "dark" also picks furo's dark theme explicitly."""
    context = browser.new_context(viewport=viewport, color_scheme="dark" if theme == "dark" else "light")
    if theme == "dark":
        context.add_init_script("localStorage.setItem('theme', 'dark')")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.errors = errors
    return page


# -- accessibility -----------------------------------------------------------------

MODES = ("light", "dark", "phone")


@pytest.fixture(scope="module")
def axe_violations(browser, url, pages) -> dict[str, dict[str, list[str]]]:
    """axe-core's violations by mode and page: each page is loaded once and checked
    on a desktop in furo's light and dark themes, then in a phone's viewport."""
    need("npm")
    page = new_page(browser)
    found: dict[str, dict[str, list[str]]] = {mode: {} for mode in MODES}
    for name in pages:
        page.set_viewport_size(DESKTOP)
        page.goto(url + name)
        page.add_script_tag(path=str(AXE))
        for mode in MODES:
            page.evaluate(f"document.body.dataset.theme = '{'dark' if mode == 'dark' else 'auto'}'")
            if mode == "phone":
                page.set_viewport_size(PHONE)
            result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
            for violation in result["violations"]:
                targets = [node["target"] for node in violation["nodes"]][:3]
                found[mode].setdefault(name, []).append(
                    f"{violation['id']} ({violation['impact']}): {targets}")
        assert not page.errors, (name, page.errors)
    page.context.close()
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "axe.json").write_text(json.dumps({"pages": len(pages), "violations": found}, indent=1))
    return found


@pytest.mark.parametrize("mode", MODES)
def test_axe_finds_no_violation_on_any_page(axe_violations, mode):
    assert axe_violations[mode] == {}


def test_dark_theme_is_what_axe_checks(browser, url):
    """The dark mode above is furo's dark theme, as its toggle sets it."""
    page = new_page(browser)
    page.goto(url + "index.html")
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.evaluate("document.body.dataset.theme = 'dark'")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert light == "rgb(255, 255, 255)" and dark != light
    page.context.close()


@pytest.mark.parametrize("name", ["index", "publications/index"])
def test_lighthouse_mobile_scores(url, name):
    need("chromium", "node", "npm")
    report = REPORTS / f"lighthouse-{name.replace('/', '-')}.json"
    for _ in range(2):  # performance moves by a point or two between runs: one retry
        result = lighthouse(f"{url}{name}.html", report)
        scores = {k: round(v["score"] * 100) for k, v in result["categories"].items()}
        if scores["performance"] >= 95:
            break
    (REPORTS / f"lighthouse-{name.replace('/', '-')}.txt").write_text(json.dumps(scores) + "\n")
    expected = {"performance": scores["performance"], "accessibility": 100,
                "best-practices": 100, "seo": 100}
    assert scores == expected and scores["performance"] >= 95, lighthouse_failures(result)


# -- validators and links ----------------------------------------------------------

def test_nu_html_checker_finds_no_error(site):
    need("java", "npm")
    errors = vnu(site)
    assert errors == [], [f"{e.get('url', '').rsplit('/html/', 1)[-1]}:{e.get('lastLine')}: "
                          f"{e['message']}" for e in errors]


def test_every_link_resolves(site, base_url):
    report = walk_links(site, base_url)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "external-links.txt").write_text("".join(
        f"{link}\t{' '.join(sorted(where))}\n" for link, where in sorted(report.external.items())))
    assert report.broken == []
    assert report.internal > 1000  # every page's navigation, citations, assets
    # the CV's homepage, e-mail and the publications' links are among them
    assert "https://ins.sjtu.edu.cn/people/xuzhiqin" in report.external
    assert "mailto:xuzhiqin%40sjtu.edu.cn" in report.external


# -- behaviour in the browser ------------------------------------------------------

def _pages_with_lists(soups) -> list[str]:
    return [name for name, soup in soups.items() if soup.select("ul.portfolio-publications")]


def test_owner_name_is_bold_in_every_list(browser, url, soups):
    page = new_page(browser)
    names = _pages_with_lists(soups)
    assert len(names) >= 10
    for name in names:
        page.goto(url + name)
        weights = page.eval_on_selector_all(
            "li.portfolio-entry",
            "items => items.map(li => [...li.querySelectorAll('.portfolio-owner')]"
            ".map(e => Number(getComputedStyle(e).fontWeight)))",
        )
        assert weights and all(w and min(w) >= 700 for w in weights), name
    page.context.close()


def test_role_markers_are_superscripts_with_their_meaning(browser, url):
    page = new_page(browser)
    page.goto(url + "publications/index.html")
    # raised and smaller than the text before it (furo styles <sup> with position:
    # relative rather than vertical-align), the symbol shown, the meaning in the text
    markers = page.eval_on_selector_all(
        "li.portfolio-entry sup.portfolio-role",
        """sups => sups.map(s => {
            const symbol = s.querySelector('.portfolio-role-symbol');
            const box = symbol.getBoundingClientRect();
            // the last letter of the name the marker follows
            let prev = s.previousSibling;
            while (prev.nodeName === 'SUP') prev = prev.previousSibling;
            const letter = document.createRange();
            if (prev.nodeType === Node.TEXT_NODE) {
                letter.setStart(prev, prev.length - 1);
                letter.setEnd(prev, prev.length);
            } else letter.selectNodeContents(prev);
            const before = [...letter.getClientRects()].pop();
            return [box.top < before.top && box.bottom < before.bottom,
                    parseFloat(getComputedStyle(symbol).fontSize)
                      < parseFloat(getComputedStyle(s.parentElement).fontSize),
                    s.className, symbol.innerText,
                    s.querySelector('.portfolio-sr-only').textContent.trim()];
        })""",
    )
    assert len(markers) > 20
    meanings = {"portfolio-role-corresponding": ("*", "(corresponding author)"),
                "portfolio-role-equal": ("#", "(equal contribution)")}
    for raised, smaller, classes, symbol, meaning in markers:
        role = next(c for c in classes.split() if c in meanings)
        assert (raised, smaller, symbol, meaning) == (True, True, *meanings[role]), classes
    # a screen reader hears the meaning, not the symbol
    entry = page.locator("li.portfolio-entry", has=page.locator("sup.portfolio-role-equal")).first
    spoken = entry.aria_snapshot()
    assert "(equal contribution)" in spoken and "#" not in spoken.replace("(equal", "")
    legend = page.locator(".portfolio-legend").first.inner_text()
    assert "corresponding author" in legend and "equal contribution" in legend
    page.context.close()


@pytest.mark.parametrize("name", ["publications/by-topic", "publications/index"])
def test_topic_headings_reachable_from_the_page_toc(browser, url, soups, name):
    page = new_page(browser, WIDE)
    page.goto(f"{url}{name}.html")
    headings = [(h.find_parent("section")["id"], " ".join(h.get_text(" ").replace("¶", "").split()))
                for h in soups[f"{name}.html"].select("article section > h2")]
    assert len(headings) >= 3
    for id_, text in headings:
        link = page.locator(f'.toc-drawer .toc-tree a[href="#{id_}"]')
        assert link.inner_text() == text
        link.click()
        heading = page.locator(f"section[id='{id_}'] > h2")
        from playwright.sync_api import expect

        expect(heading).to_be_in_viewport()
    page.context.close()


def test_theme_toggle_switches_light_and_dark(browser, url):
    from playwright.sync_api import expect

    page = new_page(browser)
    page.goto(url + "index.html")
    body = page.locator("body")
    light = body.evaluate("b => getComputedStyle(b).backgroundColor")
    toggle = page.locator(".content-icon-container .theme-toggle")
    seen = {}
    for _ in range(3):  # furo cycles auto -> dark -> light -> auto (light system theme)
        toggle.click()
        theme = body.get_attribute("data-theme")
        seen[theme] = body.evaluate("b => getComputedStyle(b).backgroundColor")
        assert page.evaluate("localStorage.getItem('theme')") == theme
    assert set(seen) == {"auto", "light", "dark"}
    assert seen["light"] == seen["auto"] == light != seen["dark"]
    page.reload()
    expect(body).to_have_attribute("data-theme", "auto")
    page.context.close()


def test_phone_layout_opens_the_navigation_drawer(browser, url):
    from playwright.sync_api import expect

    page = new_page(browser, PHONE)
    page.goto(url + "index.html")
    drawer = page.locator(".sidebar-drawer")
    expect(drawer).not_to_be_in_viewport()
    page.locator("label.nav-overlay-icon").click()
    expect(drawer).to_be_in_viewport(ratio=1)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "home-phone-drawer.png", animations="disabled")
    drawer.get_by_role("link", name="Publications", exact=True).click()
    expect(page).to_have_url(re.compile(r"publications/index\.html$"))
    page.context.close()


def test_no_page_is_wider_than_a_phone(browser, url, pages):
    """At 390 px no page scrolls sideways (a page can pass axe and Lighthouse and still be
    1,000 px wide: the chart's visually hidden table kept its width)."""
    page = new_page(browser, PHONE)
    wide = {}
    for name in pages:
        page.goto(url + name)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[name] = width
    page.context.close()
    assert wide == {}


def _title_word() -> tuple[str, str]:
    """A long word found in exactly one publication title, and that title."""
    titles = [e.fields["title"].replace("{", "").replace("}", "")
              for e in parse_file(str(REPO / "refs.bib")).entries.values()]
    words: dict[str, list[str]] = {}
    for title in titles:
        for word in set(re.findall(r"[A-Za-z]{9,}", title.lower())):
            words.setdefault(word, []).append(title)
    word = min(w for w, found in words.items() if len(found) == 1)
    return word, words[word][0]


def test_search_finds_a_publication_by_a_word_of_its_title(browser, url):
    from playwright.sync_api import expect

    word, title = _title_word()
    page = new_page(browser)
    page.goto(url + "index.html")
    page.locator("input.sidebar-search").fill(word)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"search\.html\?q="))
    result = page.locator("#search-results li a", has_text="Publications").first
    expect(result).to_be_visible(timeout=15_000)
    result.click()
    expect(page).to_have_url(re.compile(r"publications/index\.html"))
    assert " ".join(title.split()) in " ".join(page.locator("article").inner_text().split())
    page.context.close()


def test_search_lists_the_paper_page_with_clean_snippets(browser, url):
    """A word of one title finds that paper's own page; no snippet shows BibTeX source
    or the words there for screen readers ("Xu* (corresponding author)")."""
    from playwright.sync_api import expect

    word, title = _title_word()
    page = new_page(browser)
    page.goto(f"{url}search.html?q={word}")
    expect(page.locator("#search-results p.search-summary")).to_contain_text(
        "found", timeout=15_000)
    assert page.locator("#search-results li a", has_text=" ".join(title.split()[:3])).count() == 1
    hrefs = page.locator("#search-results li > a").evaluate_all("(as) => as.map((a) => a.href)")
    assert any("/papers/" in href for href in hrefs), hrefs
    snippets = page.locator("#search-results p.context").all_inner_texts()
    assert snippets, hrefs
    for snippet in snippets:
        assert not re.search(r"@\w+\{|\b(year|author|title)\s*=", snippet), snippet
        assert "(corresponding author)" not in snippet and "(equal contribution)" not in snippet, snippet
    page.context.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_screenshots(browser, url, theme, viewport):
    """Home and publications pages for a reviewer to look at, in _build/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(browser, PHONE if viewport == "phone" else DESKTOP, theme)
    for name in ("index", "publications/index"):
        page.goto(f"{url}{name}.html")
        page.evaluate("document.fonts.ready")
        path = SCREENSHOTS / f"{name.replace('/index', '')}-{viewport}-{theme}.png".replace(
            "index-", "home-")
        page.screenshot(path=path, animations="disabled")
        assert _png_size(path) == (page.viewport_size["width"], page.viewport_size["height"])
    if viewport == "desktop" and theme == "light":
        # the link-preview picture (og:image) is this view of the home page's top:
        # compare it with docs/_static/og-image.png when the look changes
        page.set_viewport_size({"width": 1200, "height": 630})
        page.goto(url + "index.html")
        page.screenshot(path=SCREENSHOTS / "og-image.png", animations="disabled")
    page.context.close()


# -- search and social metadata ----------------------------------------------------

def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


def test_every_page_has_description_and_open_graph(site, soups, base_url):
    documents = {p.relative_to(REPO / "docs").with_suffix(".html").as_posix()
                 for p in (REPO / "docs").rglob("*.md")}
    for name, soup in soups.items():
        if name in NOT_IN_SITEMAP:
            continue
        head = soup.head
        meta = {m.get("property") or m.get("name"): m.get("content") for m in head.find_all("meta")}
        assert meta.get("description"), name
        if name not in documents:
            # generated pages (a page per publication) carry their own metadata;
            # sphinxext-opengraph describes the pages written from documents
            continue
        for prop in ("og:title", "og:description", "og:image", "og:image:alt", "og:url"):
            assert meta.get(prop), (name, prop)
        assert meta["og:url"] == base_url + name
        assert meta["twitter:card"] == "summary_large_image"
    image = soups["index.html"].select_one('meta[property="og:image"]')["content"]
    assert image.startswith(base_url)
    # a real picture of the site, in the size link previews use
    assert _png_size(site / image[len(base_url):]) == (1200, 630)


def test_sitemap_lists_every_page(site, pages, base_url):
    from defusedxml import ElementTree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in ElementTree.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    assert sorted(locs) == sorted(base_url + name for name in pages if name not in NOT_IN_SITEMAP)


def test_home_page_has_person_json_ld_from_the_cv(soups):
    scripts = soups["index.html"].select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    person = json.loads(scripts[0].string)
    assert person["@context"] == "https://schema.org" and person["@type"] == "Person"
    assert person["name"] == "Zhi-Qin John Xu"
    assert person["jobTitle"] == "Tenure-track Associate Professor"
    assert person["affiliation"]["name"] == "Shanghai Jiao Tong University"
    assert person["email"] == "mailto:xuzhiqin@sjtu.edu.cn"
    # every value comes from the CV
    cv = CV.read_text(encoding="utf-8")

    def strings(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if not key.startswith("@"):
                    yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)
        else:
            yield str(value)

    for text in strings(person):
        assert text.removeprefix("mailto:") in cv, text
    for name, soup in soups.items():
        if name != "index.html":
            types = [json.loads(s.string).get("@type")
                     for s in soup.select('script[type="application/ld+json"]')]
            assert "Person" not in types, name
