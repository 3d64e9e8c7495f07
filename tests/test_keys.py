"""Odd keys, names, titles and URLs: every entry keeps its own page, link and data.

Found by review: anchors used to be read back into keys (numeric keys collided, and
``a`` listed twice took ``a-2``'s anchor), and a title could break the JSON-LD.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pybtex.database import parse_file
from util import html, text_of

KEYS = ["2001.08361", "2105.01234", "a", "a-2", "Xu2020"]


@pytest.fixture(scope="module")
def site(build_root):
    return build_root("keys", "html")


def test_every_listed_entry_links_to_its_own_page(site):
    out = Path(site.outdir)
    pages = {}
    for li in html(site).select("li.portfolio-entry"):
        link = li.select_one("a.portfolio-paper-link")
        pages.setdefault(text_of(link), set()).add(link["href"])
    # one page per title, five different pages, each really about that title
    assert len(pages) == 5 and all(len(hrefs) == 1 for hrefs in pages.values())
    assert len({next(iter(h)) for h in pages.values()}) == 5
    for title, (href,) in pages.items():
        page = html(site, href.removesuffix(".html"))
        assert title in page.find("meta", attrs={"name": "citation_title"})["content"]
        assert (out / href).resolve().is_relative_to(out.resolve())


def test_filter_classes_and_choices_follow_each_entry(site):
    page = html(site)
    keys = {c for li in page.select("li.portfolio-entry") for c in li["class"]
            if c.startswith("portfolio-key-")}
    assert len(keys) == 5
    form = page.select_one("form.portfolio-filter")
    years = [o["value"] for o in form.select("select[name=year] option")][1:]
    assert years == ["2021", "2020", "2019", "2018", "2017"]
    # a topic key with a space: option value and entry class agree
    topics = [o["value"] for o in form.select("select[name=topic] option")][1:]
    assert topics == ["machine-learning", "other"]
    assert len(page.select("li.portfolio-topic-machine-learning")) == 2
    # misc and unpublished share the label "Preprints and other works": one choice
    types = {text_of(o): o["value"] for o in form.select("select[name=type] option")}
    assert types["Preprints and other works"] == "misc,unpublished"


def test_json_ld_cannot_be_broken_by_a_title(site):
    page = html(site, "papers/a")
    assert text_of(page.select_one("section.portfolio-paper h1")) == "Scaling <!--<script> laws"
    script = page.find("script", type="application/ld+json").string
    assert "<" not in script
    assert json.loads(script)["name"] == "Scaling <!--<script> laws"


def test_names_urls_and_exports_stay_as_written(site):
    page = html(site, "papers/a")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert [a["name"] for a in data["author"]] == ["Jane Doe", "Martin Luther King, Jr."]
    assert data["sameAs"] == ["https://example.com/~doe/a_b--c.pdf"]
    out = Path(site.outdir)
    csl = {item["id"]: item for item in json.loads((out / "publications.json").read_text())}
    assert csl["a"]["URL"] == "https://example.com/~doe/a_b--c.pdf"
    bib = (out / "publications.bib").read_text(encoding="utf-8")
    assert "url = {https://example.com/~doe/a_b--c.pdf}" in bib
    assert list(parse_file(str(out / "publications.bib")).entries) == KEYS
