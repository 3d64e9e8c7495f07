"""The filter form and the copy button, in Chromium, on tests/roots/test-features."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_tools import serve


@pytest.fixture(scope="module")
def url(build_root):
    app = build_root("features", "html")
    with serve(Path(app.outdir)) as base:
        yield base


def visible_keys(page) -> list[str]:
    """The entries shown, each once (the page lists some entries in several lists)."""
    keys = page.eval_on_selector_all(
        "li.portfolio-entry:not([hidden])",
        "items => items.map(li => [...li.classList].find(c => c.startsWith('portfolio-key-')))",
    )
    return sorted(set(keys))


def test_filter_narrows_the_list_keeps_the_state_in_the_url_and_resets(page, url):
    page.goto(f"{url}index.html")
    form = page.locator("form.portfolio-filter")
    count = form.locator(".portfolio-filter-count")
    assert form.is_visible() and count.inner_text() == "4 of 4 publications"

    page.get_by_label("Search publications").fill("third")
    assert count.inner_text() == "1 of 4 publications match"
    assert visible_keys(page) == ["portfolio-key-poe2020third"]
    assert "q=third" in page.url
    # the group headings count what is left; emptied year groups are hidden
    assert page.locator("section#year-2018").is_hidden()
    assert page.locator("section#year-2020 .portfolio-count").inner_text() == " (1)"

    page.get_by_label("Search publications").fill("")
    page.get_by_label("Topic").select_option("theory")
    page.get_by_label("Owner's role").select_option("corresponding")
    assert count.inner_text() == "2 of 4 publications match"
    shared = page.url
    assert "topic=theory" in shared and "role=corresponding" in shared

    # a shared link opens with the same filter
    page.goto(shared)
    assert page.get_by_label("Topic").input_value() == "theory"
    assert visible_keys(page) == ["portfolio-key-doe2018first", "portfolio-key-doe2021fourth"]

    page.get_by_role("button", name="Show all").click()
    page.wait_for_function("document.querySelectorAll('li.portfolio-entry[hidden]').length === 0")
    assert count.inner_text() == "4 of 4 publications"
    assert "topic=" not in page.url


def test_filter_works_from_the_keyboard(page, url):
    page.goto(f"{url}index.html")
    page.get_by_label("Search publications").focus()
    page.keyboard.type("second")
    page.keyboard.press("Tab")  # to the topic choice
    page.keyboard.press("ArrowDown")  # first topic: theory (the second article has it)
    assert visible_keys(page) == ["portfolio-key-roe2020second"]


def test_copy_button_copies_the_clean_bibtex(page, url):
    from playwright.sync_api import expect

    page.goto(f"{url}papers/doe2018first.html")
    button = page.get_by_role("button", name="Copy BibTeX")
    assert button.is_visible()
    button.click()
    # the clipboard write is asynchronous: wait for the status it leads to
    expect(page.get_by_role("status")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@article{doe2018first,") and "keywords" not in copied
