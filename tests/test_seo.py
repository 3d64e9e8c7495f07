"""portfolio_person (schema.org JSON-LD), portfolio_sitemap, and the site's template fixes."""

from __future__ import annotations

import json

import pytest
from conftest import REPO
from defusedxml import ElementTree
from util import html, warnings

from portfolio_ext.core.metadata import person_json_ld

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _person(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]


def _sitemap(app) -> list[str]:
    root = ElementTree.parse(app.outdir / "sitemap.xml").getroot()
    return [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]


@pytest.fixture(scope="module")
def site(build_root):
    return build_root("seo", "html")


def test_person_on_the_root_document_only(site):
    (person,) = _person(html(site, "index"))
    assert person == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Jane Doe",
        "alternateName": "杜简",
        "jobTitle": "Professor </script> of Alpha",
        "affiliation": {"@type": "CollegeOrUniversity", "name": "Example University"},
        "knowsAbout": ["Theory"],
    }
    assert _person(html(site, "other")) == []


def test_person_text_cannot_end_the_script_element():
    text = person_json_ld({"name": "</script><script>alert(1)</script>"})
    assert text.count("</script>") == 1
    assert json.loads(text.split(">", 1)[1].rsplit("<", 1)[0])["name"].startswith("</script>")


def test_sitemap_lists_every_document_under_the_base_url(site):
    # documents and generated pages; not the search page or the general index
    assert _sitemap(site) == ["https://example.org/jane/generated/extra.html",
                              "https://example.org/jane/index.html",
                              "https://example.org/jane/other.html",
                              "https://example.org/jane/papers/doe2020alpha.html"]
    assert (site.outdir / "search.html").exists() and (site.outdir / "genindex.html").exists()


def test_incremental_build_keeps_pages_it_did_not_write_again(fresh_build):
    app = fresh_build("seo", "html")
    before = _sitemap(app)
    # the publication pages are written only when they change
    (app.srcdir / "other.md").write_text("# Other page\n\nChanged.\n", encoding="utf-8")
    app.build()
    assert warnings(app) == []
    assert _sitemap(app) == before


def test_dirhtml_sitemap_uses_folder_addresses(build_root):
    app = build_root("seo", "dirhtml")
    assert sorted(_sitemap(app)) == [
        "https://example.org/jane/", "https://example.org/jane/generated/extra/",
        "https://example.org/jane/other/", "https://example.org/jane/papers/doe2020alpha/"]


def test_epub_gets_neither(build_root):
    app = build_root("seo", "epub")
    assert not (app.outdir / "sitemap.xml").exists()
    assert "ld+json" not in (app.outdir / "index.xhtml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"portfolio_person": {"jobTitle": "Professor"}}, "portfolio_person needs a 'name'"),
        ({"portfolio_person": {"name": "Jane Doe", "birthDate": object()}},
         "portfolio_person must hold only JSON values"),
        ({"html_baseurl": ""}, "portfolio_sitemap needs html_baseurl"),
    ],
)
def test_bad_settings_warn_and_write_nothing(build_root, overrides, message):
    app = build_root("seo", "html", confoverrides=overrides)
    (warning,) = warnings(app)
    assert message in warning and "[portfolio.config]" in warning
    if "portfolio_person" in overrides:
        assert _person(html(app, "index")) == []
    else:
        assert not (app.outdir / "sitemap.xml").exists()


def test_site_templates_fix_furo_accessibility(build_root):
    """docs/_templates: named landmarks, focusable code blocks, a toctree caption's level."""
    app = build_root("seo", "html", confoverrides={
        "html_theme": "furo", "templates_path": [str(REPO / "docs" / "_templates")]})
    assert warnings(app) == []
    index = html(app, "index")
    caption = index.select_one("p.caption")
    assert (caption["role"], caption["aria-level"]) == ("heading", "2")
    assert [a.get("aria-label") for a in index.select("aside")] == ["Site navigation", "On this page"]
    assert html(app, "other").select_one("div.highlight pre")["tabindex"] == "0"
    assert html(app, "search").select_one("article h1").get_text() == "Search"


def test_furo_table_wrapper_does_not_repeat_the_table_id(build_root):
    app = build_root("seo", "html", confoverrides={"html_theme": "furo"})
    assert warnings(app) == []
    other = html(app, "other")
    wrapper = other.select_one("div.table-wrapper")
    assert wrapper.table["id"] and not wrapper.get("id")
    ids = [tag["id"] for tag in other.find_all(id=True)]
    assert len(ids) == len(set(ids))
