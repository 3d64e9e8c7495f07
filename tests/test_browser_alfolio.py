"""al-folio's fields in Chromium (tests/roots/test-alfolio, with furo): the venue
choice of the filter, the abstract from the keyboard, thumbnails that do not move the
page, and axe on badges and buttons in light, dark and phone views."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_tools import AXE, need, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def url(build_root):
    app = build_root("alfolio", "html", confoverrides={"html_theme": "furo"})
    with serve(Path(app.outdir)) as base:
        yield base


def _shown(page) -> list[str]:
    return page.eval_on_selector_all(
        "li.portfolio-entry:not([hidden])",
        "items => items.map(li => [...li.classList].find(c => c.startsWith('portfolio-key-')))")


def test_the_venue_choice_selects_by_badge(page, url):
    page.goto(f"{url}index.html")
    page.get_by_label("Venue").select_option("neurips")
    assert sorted(set(_shown(page))) == ["portfolio-key-doe2022networks"]
    assert "venue=neurips" in page.url
    page.goto(f"{url}index.html?venue=prl")
    assert _shown(page) == ["portfolio-key-doe2021letters"]


def test_the_abstract_opens_from_the_keyboard(page, url):
    page.goto(f"{url}index.html")
    entry = page.locator("li.portfolio-key-doe2020complete").first
    abstract = entry.locator("p.portfolio-abstract")
    assert abstract.is_hidden()
    entry.locator("details.portfolio-abstract-toggle > summary").focus()
    page.keyboard.press("Enter")
    assert abstract.is_visible()
    assert abstract.inner_text().startswith("In a complete theory")


def _layout(page) -> list[float]:
    return page.eval_on_selector_all(
        "li.portfolio-entry .portfolio-title",
        "titles => titles.map(t => t.getBoundingClientRect().top)")


def test_a_thumbnail_that_has_not_loaded_takes_its_place_already(browser, url):
    loaded = browser.new_page(viewport={"width": 1280, "height": 900})
    loaded.goto(f"{url}index.html")
    loaded.wait_for_function(
        "[...document.images].filter(i => i.classList.contains('portfolio-preview'))"
        ".every(i => i.complete && i.naturalWidth > 0)")
    box = loaded.locator("img.portfolio-preview").first.bounding_box()
    assert (box["width"], box["height"]) == (96, 72)  # 6rem x 4.5rem, whatever the file
    # the same page with the image never arriving: every title in the same place
    waiting = browser.new_page(viewport={"width": 1280, "height": 900})
    waiting.route("**/thumb.png", lambda route: route.abort())
    waiting.goto(f"{url}index.html")
    assert _layout(waiting) == _layout(loaded)
    loaded.close()
    waiting.close()


def test_badges_and_buttons_pass_axe(page, url):
    need("npm")
    page.goto(f"{url}index.html")
    page.add_script_tag(path=str(AXE))
    found = {}
    for mode, theme, viewport in (("light", "light", (1280, 900)), ("dark", "dark", (1280, 900)),
                                  ("phone", "light", (390, 844))):
        page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
        page.evaluate(f"document.body.dataset.theme = '{theme}'")
        result = page.evaluate(
            "() => axe.run(document, {resultTypes: ['violations'], "
            "runOnly: ['wcag2a', 'wcag2aa']})")
        found[mode] = [(v["id"], [n["target"] for n in v["nodes"]][:3])
                       for v in result["violations"]]
    assert found == {"light": [], "dark": [], "phone": []}
