"""A page per publication, and the export files, built on tests/roots/test-features."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pybtex.database import parse_file
from util import html, scripted, text_of

KEYS = ["doe2018first", "roe2020second", "poe2020third", "doe2021fourth"]


@pytest.fixture(scope="module")
def site(build_root):
    return build_root("features", "html")


def meta(page, name):
    return [tag["content"] for tag in page.find_all("meta", attrs={"name": name})]


def test_every_entry_gets_a_page_with_scholar_tags_in_author_order(site):
    for key in KEYS:
        assert (Path(site.outdir) / "papers" / f"{key}.html").is_file()
    page = html(site, "papers/poe2020third")
    assert meta(page, "citation_title") == ["Third Paper"]
    assert meta(page, "citation_author") == ["Poe, Edgar", "Doe, Jane", "Roe, Richard"]
    assert meta(page, "citation_publication_date") == ["2020"]
    assert meta(page, "citation_conference_title") == ["Proceedings of Things"]
    assert meta(page, "citation_journal_title") == []
    preprint = html(site, "papers/doe2021fourth")
    assert meta(preprint, "citation_arxiv_id") == ["2101.00004"]
    article = html(site, "papers/doe2018first")
    assert meta(article, "citation_journal_title") == ["Journal of Theory"]
    assert meta(article, "description") == [
        "First Article. Jane Doe, Richard Roe. Journal of Theory, 2018."]
    previews = {tag["property"]: tag["content"] for tag in article.find_all("meta", property=True)}
    assert previews == {
        "og:title": "First Article", "og:type": "article", "og:site_name": "Features 1.0 documentation",
        "og:description": "First Article. Jane Doe, Richard Roe. Journal of Theory, 2018."}


def test_page_has_scholarly_article_json_ld(site):
    page = html(site, "papers/roe2020second")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "ScholarlyArticle" and data["headline"] == "Second Article"
    assert [a["name"] for a in data["author"]] == ["Richard Roe", "Jane Doe"]
    assert data["datePublished"] == "2020"
    assert data["isPartOf"] == {"@type": "Periodical", "name": "Journal of Applications"}
    assert data["keywords"] == ["Theory", "Applications"]


def test_page_shows_the_citation_with_markers_topics_and_links_back(site):
    page = html(site, "papers/roe2020second")
    body = page.select_one("section.portfolio-paper")
    assert text_of(body.h1) == "Second Article"
    citation = body.select_one("p.portfolio-paper-citation")
    assert text_of(citation.select_one("strong.portfolio-owner")) == "Jane Doe"
    assert len(citation.select("sup.portfolio-role-equal")) == 2
    facts = {text_of(dt): dd for dt, dd in zip(body.select("dt"), body.select("dd"))}
    assert text_of(facts["Type"]) == "Journal article"
    assert [a["href"] for a in facts["Topics"].find_all("a")] == [
        "../topics.html#topic-theory", "../topics.html#topic-applications"]
    back = body.find("a", string="See it in the list of publications")
    assert back["href"] == "../index.html#pub-roe2020second"


def test_bibtex_block_is_clean_and_the_copy_button_needs_javascript(site):
    body = html(site, "papers/doe2018first").select_one("div.portfolio-bibtex")
    button = body.select_one("button.portfolio-copy")
    assert button.has_attr("hidden") and button["data-copy"] == body["id"]
    text = body.select_one("pre").get_text()
    assert text.startswith("@article{doe2018first,")
    assert "author+an" not in text and "keywords" not in text and "selected" not in text


def test_whole_list_downloads_as_clean_bibtex_and_csl_json(site):
    out = Path(site.outdir)
    bib = parse_file(str(out / "publications.bib"))
    assert list(bib.entries) == KEYS
    assert all("keywords" not in e.fields and "author+an" not in e.fields
               for e in bib.entries.values())
    items = json.loads((out / "publications.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in items] == KEYS
    links = html(site, "papers/doe2018first").select("p.portfolio-downloads a")
    assert [a["href"] for a in links] == ["../publications.bib", "../publications.json"]


def test_no_paper_pages_in_epub_or_latex_or_when_switched_off(build_root):
    epub = build_root("features", "epub")
    assert not (Path(epub.outdir) / "papers").exists()
    assert not (Path(epub.outdir) / "publications.bib").exists()
    off = build_root("features", "html", confoverrides={"portfolio_paper_pages": False})
    assert not (Path(off.outdir) / "papers").exists()


def test_list_titles_link_to_the_paper_pages_and_entries_offer_their_bibtex(site):
    page = scripted(html(site))
    for li in page.select("li.portfolio-entry"):
        key = next(c for c in li["class"] if c.startswith("portfolio-key-")).removeprefix(
            "portfolio-key-")
        link = li.select_one("span.portfolio-title a.portfolio-paper-link")
        assert link["href"] == f"papers/{key}.html"
        toggle = li.select_one("details.portfolio-bibtex-toggle")
        assert text_of(toggle.summary) == "BibTeX"
        bibtex = toggle.select_one("pre").get_text()
        assert bibtex.startswith("@") and f"{{{key}," in bibtex and "keywords" not in bibtex
        button = toggle.select_one("button.portfolio-copy")
        assert button.has_attr("hidden") and toggle.select_one(f"#{button['data-copy']} pre")


def test_latex_and_epub_lists_have_plain_titles_and_no_bibtex_toggle(build_root):
    latex = build_root("features", "latex")
    tex = (Path(latex.outdir) / "features.tex").read_text(encoding="utf-8")
    assert "papers/" not in tex and "@article" not in tex
    epub = build_root("features", "epub")
    page = (Path(epub.outdir) / "index.xhtml").read_text(encoding="utf-8")
    assert "portfolio-paper-link" not in page and "<details" not in page


def test_rebuilds_rewrite_only_the_paper_pages_that_changed(tmp_path, rootdir):
    import shutil
    import time
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-features", src)

    def build():
        app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO())
        app.build()
        app.cleanup()
        return Path(app.outdir)

    out = build()
    pages = {key: out / "papers" / f"{key}.html" for key in KEYS}
    before = {key: path.stat().st_mtime_ns for key, path in pages.items()}
    time.sleep(0.01)
    build()  # nothing changed
    assert {key: path.stat().st_mtime_ns for key, path in pages.items()} == before
    bib = src / "refs.bib"
    bib.write_text(bib.read_text().replace("Second Article", "Second Article, Revised"))
    build()
    after = {key: path.stat().st_mtime_ns for key, path in pages.items()}
    assert [key for key in KEYS if after[key] != before[key]] == ["roe2020second"]
    assert "Second Article, Revised" in pages["roe2020second"].read_text(encoding="utf-8")
    assert "Second Article, Revised" in (out / "publications.bib").read_text(encoding="utf-8")


def _builder(rootdir, tmp_path, name="html"):
    import shutil
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    if not src.exists():
        shutil.copytree(rootdir / "test-features", src)

    def build(**overrides):
        app = SphinxTestApp(name, srcdir=src, status=StringIO(), warning=StringIO(),
                            confoverrides=overrides)
        app.build()
        app.cleanup()
        return Path(app.outdir)

    return src, build


def test_a_changed_html_setting_rewrites_the_paper_pages(tmp_path, rootdir):
    _, build = _builder(rootdir, tmp_path)
    out = build(copyright="2026, Jane Doe")
    page = out / "papers" / "doe2018first.html"
    assert "2026, Jane Doe" in page.read_text(encoding="utf-8")
    build(copyright="2027, Jane Doe")
    assert "2027, Jane Doe" in page.read_text(encoding="utf-8")


def test_dirhtml_no_op_rebuild_writes_no_paper_page(tmp_path, rootdir):
    import time

    _, build = _builder(rootdir, tmp_path, "dirhtml")
    out = build()
    page = out / "papers" / "doe2018first" / "index.html"
    before = page.stat().st_mtime_ns
    time.sleep(0.01)
    build()
    assert page.stat().st_mtime_ns == before


def test_a_paper_page_is_written_again_when_its_entry_moves_to_another_list(tmp_path,
                                                                         rootdir):
    """A page edit that moves no entry writes no paper page (their stamps are kept
    whole); one that takes a list away writes the pages whose "see it in the list" link
    moves, those alone, as a clean build writes them."""
    import shutil
    import time

    src, build = _builder(rootdir, tmp_path)
    out = build()
    pages = {key: out / "papers" / f"{key}.html" for key in KEYS}

    def state():
        return {key: (path.stat().st_mtime_ns, path.read_text(encoding="utf-8"))
                for key, path in pages.items()}

    before = state()
    time.sleep(0.01)
    with (src / "topics.md").open("a", encoding="utf-8") as page:
        page.write("\nOne more paragraph.\n")
    build()
    assert state() == before
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "```{publications}\n:group-by: year\n```\n", "", 1), encoding="utf-8")
    build()
    after = state()
    shutil.copytree(src, tmp_path / "clean" / "src", ignore=shutil.ignore_patterns("_build"))
    _, build_clean = _builder(rootdir, tmp_path / "clean")
    fresh = build_clean()
    moved = [key for key in KEYS if after[key][1] != before[key][1]]
    assert moved and len(moved) < len(KEYS)
    assert all('href="../topics.html#' in after[key][1] for key in moved)
    assert [key for key in KEYS if after[key][0] != before[key][0]] == moved
    assert {key: text for key, (_, text) in after.items()} == {
        key: (fresh / "papers" / f"{key}.html").read_text(encoding="utf-8") for key in KEYS}


def test_an_edit_adds_its_export_part_to_the_store(tmp_path, rootdir, monkeypatch):
    """The export parts of an edited entry go into the store's additions, the store's
    bytes left as they were (sidefiles.write_store); the export files are a clean
    build's."""
    import shutil

    from portfolio_ext.html import papers
    from portfolio_ext.sphinx_ext import sidefiles

    src, build = _builder(rootdir, tmp_path)
    out = build()
    store = src / "_build" / "doctrees" / papers.EXPORT_STORE
    whole = store.read_bytes()
    monkeypatch.setattr(sidefiles, "REWRITE_AT", 1.0)
    bib = src / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Second Article", "Second Paper"),
                   encoding="utf-8")
    build()
    assert store.read_bytes() == whole and sidefiles.added_path(store).is_file()
    exported = {name: (out / name).read_text(encoding="utf-8")
                for name in (papers.BIB_FILE, papers.CSL_FILE)}
    assert "Second Paper" in exported[papers.BIB_FILE]
    shutil.copytree(src, tmp_path / "fresh" / "src", ignore=shutil.ignore_patterns("_build"))
    _, build_fresh = _builder(rootdir, tmp_path / "fresh")
    fresh = build_fresh()
    assert exported == {name: (fresh / name).read_text(encoding="utf-8") for name in exported}


def test_moving_an_entry_reorders_the_export_files(tmp_path, rootdir):
    src, build = _builder(rootdir, tmp_path)
    out = build()
    bib = src / "refs.bib"
    text = bib.read_text()
    first, rest = text.split("\n\n", 1)
    bib.write_text(rest.rstrip() + "\n\n" + first + "\n")
    build()
    exported = parse_file(str(out / "publications.bib"))
    assert list(exported.entries) == [*KEYS[1:], KEYS[0]]


def search_index(app) -> dict:
    text = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def pages_of(index, mapping, word):
    found = index[mapping].get(word, [])
    return {index["docnames"][i] for i in ([found] if isinstance(found, int) else found)}


def test_the_search_finds_each_paper_page_by_its_title(site):
    index = search_index(site)
    assert {f"papers/{key}" for key in KEYS} <= set(index["docnames"])
    assert pages_of(index, "titleterms", "third") == {"papers/poe2020third"}
    # the authors, but not the screen readers' role labels
    assert "papers/poe2020third" in pages_of(index, "terms", "poe")
    assert not any(doc.startswith("papers/") for doc in pages_of(index, "terms", "equal"))


def test_the_paper_pages_stay_in_the_search_index_of_a_build_that_writes_none(fresh_build):
    app = fresh_build("features", "html")
    app.build()  # nothing changed: no paper page is written again
    assert pages_of(search_index(app), "titleterms", "third") == {"papers/poe2020third"}


def test_search_snippets_of_the_lists_hold_no_bibtex_source(site):
    # the search's snippets are the page's text as a browser reads it: <template>s,
    # scripts and styles have none
    page = html(site)
    for hidden in page.select("template, script, style"):
        hidden.decompose()
    text = page.select_one('[role="main"]').get_text()
    assert "@article{" not in text and " = {" not in text
    templates = html(site).select("li.portfolio-entry template.portfolio-bibtex-later")
    assert len(templates) == len(html(site).select("li.portfolio-entry"))


def test_a_paper_page_without_links_offers_a_scholar_search_for_its_title(site):
    page = html(site, "papers/poe2020third")
    search = page.select_one("dl.portfolio-paper-facts a.portfolio-search-link")
    assert search["href"] == "https://scholar.google.com/scholar?q=%22Third%20Paper%22"
    assert search["rel"] == ["nofollow"] and text_of(search) == "Search Google Scholar for this title"
    head = "".join(str(tag) for tag in page.head.find_all(["meta", "script"]))
    assert "scholar.google" not in head
    exports = [(Path(site.outdir) / name).read_text(encoding="utf-8")
               for name in ("publications.bib", "publications.json")]
    assert not any("scholar.google" in text for text in exports)
    # an entry with a link of its own gets no search
    assert html(site, "papers/doe2021fourth").select_one("a.portfolio-search-link") is None


def test_scholar_searches_can_be_switched_off(build_root):
    off = build_root("features", "html", confoverrides={"portfolio_search_links": False})
    page = html(off, "papers/poe2020third")
    assert page.select_one("a.portfolio-search-link") is None
    assert "scholar.google" not in str(page)


def test_the_paper_page_says_each_thing_once_and_explains_its_markers(site):
    page = html(site, "papers/doe2021fourth")
    section = page.select_one("section.portfolio-paper")
    # the citation carries the venue, year and links: the facts do not repeat them
    assert [text_of(dt) for dt in section.select("dl.portfolio-paper-facts dt")] == [
        "Type", "Topics"]
    arxiv = [a for a in section.find_all("a") if "arxiv.org" in a.get("href", "")]
    assert len(arxiv) == 1 and arxiv[0].find_parent("p", class_="portfolio-paper-citation")
    first = html(site, "papers/doe2018first").select_one("section.portfolio-paper")
    legend = first.select_one("p.portfolio-paper-citation + p.portfolio-legend")
    assert text_of(legend) == "* corresponding author; † student supervised"
    # only the markers the entry shows
    assert text_of(section.select_one("p.portfolio-legend")) == "* corresponding author"


def test_the_highlighted_bibtex_entry_type_is_not_underlined_like_a_link(site):
    # dark Pygments styles underline Name.Class (.nc), the "@article" of the BibTeX
    css = (Path(site.outdir) / "_static" / "portfolio.css").read_text(encoding="utf-8")
    rule = css.split(".portfolio-bibtex .highlight .nc {", 1)[1].split("}", 1)[0]
    assert "text-decoration: none" in rule


# -- the static page (portfolio_paper_pages_themed = False) and the themed one ------


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_paper_page_is_a_small_page_with_the_themes_styles_and_a_way_home(build_root, builder):
    app = build_root("features", builder, confoverrides={"html_theme": "furo"})
    page_file = Path(app.outdir) / "papers" / ("doe2018first" + (
        "/index.html" if builder == "dirhtml" else ".html"))
    page = html(app, page_file.relative_to(app.outdir).with_suffix("").as_posix())
    # none of furo's page machinery: no navigation, no sidebars
    assert page.select_one(".sidebar-tree, .sidebar-drawer, .toc-drawer") is None
    assert page.html["lang"] == "en"
    assert text_of(page.title) == "First Article - Features 1.0 documentation"
    # every stylesheet and script of the theme's pages, and each is there
    stylesheets = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    scripts = [tag["src"] for tag in page.find_all("script", src=True)]
    index = html(app, "index")

    def files(links, folder):
        return [(folder / uri.split("?")[0]).resolve() for uri in links]

    assert files(stylesheets, page_file.parent) == files(
        [link["href"] for link in index.find_all("link", rel="stylesheet")], Path(app.outdir))
    icons = [link["href"] for link in page.find_all("link", rel="icon")]
    assert all(path.is_file() for path in files(stylesheets + scripts + icons, page_file.parent))
    assert any(uri.endswith("styles/furo.css") for uri in stylesheets)
    assert any(uri.endswith("portfolio.js") for uri in scripts)  # the copy button
    # a header with the site's title that leads home; the footer's copyright
    home = page.select_one("header.portfolio-paper-header a")
    assert text_of(home) == "Features 1.0 documentation"
    assert (page_file.parent / home["href"]).resolve() in {
        Path(app.outdir, "index.html").resolve(), Path(app.outdir).resolve()}
    assert "2026, Jane Doe" in text_of(page.select_one("footer.portfolio-paper-footer"))
    # the reader's light or dark choice of the theme's pages (furo's own line)
    assert 'document.body.dataset.theme = localStorage.getItem("theme")' in str(page.body)
    # the body is what the themed page shows
    assert page.select_one("main.portfolio-paper-main > section.portfolio-paper h1")


def test_the_themed_setting_makes_each_paper_page_the_themes_full_page(build_root):
    app = build_root("features", "html", confoverrides={
        "html_theme": "furo", "portfolio_paper_pages_themed": True})
    page = html(app, "papers/doe2018first")
    assert page.select_one(".sidebar-tree") is not None
    assert page.select_one("header.portfolio-paper-header") is None
    assert text_of(page.select_one("section.portfolio-paper h1")) == "First Article"
    assert meta(page, "citation_title") == ["First Article"]


def test_switching_to_themed_pages_rewrites_them(tmp_path, rootdir):
    _, build = _builder(rootdir, tmp_path)
    page = build() / "papers" / "doe2018first.html"
    assert 'class="portfolio-paper-header"' in page.read_text(encoding="utf-8")
    build(portfolio_paper_pages_themed=True)
    assert 'class="portfolio-paper-header"' not in page.read_text(encoding="utf-8")


def test_rebuilds_index_the_paper_pages_as_a_clean_build_does(tmp_path, rootdir, monkeypatch):
    import shutil

    from portfolio_ext.html import papers

    fed: list[str] = []
    real = papers.index_generated_text
    monkeypatch.setattr(papers, "index_generated_text",
                        lambda builder, page, *args: fed.append(page) or real(builder, page, *args))
    src, build = _builder(rootdir, tmp_path)
    out = build()
    assert len(fed) == len(KEYS)
    index = out / "searchindex.js"
    clean = index.read_text(encoding="utf-8")
    fed.clear()
    build()  # nothing changed: every paper page keeps its words from the last index
    assert fed == [] and index.read_text(encoding="utf-8") == clean
    bib = src / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Second Article", "Second Annealing"),
                   encoding="utf-8")
    build()  # the edited entry's page alone is indexed from its text
    assert fed == ["papers/roe2020second"]
    shutil.copytree(src, tmp_path / "fresh" / "src", ignore=shutil.ignore_patterns("_build"))
    _, build_fresh = _builder(rootdir, tmp_path / "fresh")
    expected = (build_fresh() / "searchindex.js").read_text(encoding="utf-8")
    assert "anneal" in expected and index.read_text(encoding="utf-8") == expected


def test_a_rebuild_reads_the_search_index_once_and_drops_a_removed_entrys_page(
        tmp_path, rootdir, monkeypatch):
    """Sphinx's index starts from the file the extension read (start_search_index):
    one read a build; an entry taken out takes its page's words with it, and the
    index is a clean build's."""
    import re
    import shutil

    from sphinx.search import js_index

    loads: list[int] = []  # reads of searchindex.js: by IndexBuilder.load, or overlaid
    real = type(js_index).load
    monkeypatch.setattr(type(js_index), "load",
                        lambda self, *args: loads.append(1) or real(self, *args))
    src, build = _builder(rootdir, tmp_path)
    out = build()
    index = out / "searchindex.js"
    assert "fourth" in index.read_text(encoding="utf-8")
    loads.clear()
    (src / "index.md").write_text((src / "index.md").read_text(encoding="utf-8")
                                  + "\nA zebra crossing.\n", encoding="utf-8")
    build()
    assert loads == [1] and "zebra" in index.read_text(encoding="utf-8")
    bib = src / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(re.sub(r"@misc\{doe2021fourth,.*?\n\}\n", "", text, flags=re.DOTALL),
                   encoding="utf-8")
    loads.clear()
    build()
    assert loads == [1]
    written = index.read_text(encoding="utf-8")
    assert "doe2021fourth" not in written and "fourth" not in written
    shutil.copytree(src, tmp_path / "fresh" / "src", ignore=shutil.ignore_patterns("_build"))
    _, build_fresh = _builder(rootdir, tmp_path / "fresh")
    assert written == (build_fresh() / "searchindex.js").read_text(encoding="utf-8")


def test_a_rebuild_keeps_the_index_lists_of_the_words_whose_pages_stayed(tmp_path, rootdir,
                                                                       monkeypatch):
    """_compat._quick_terms: after a page edit and an entry's retitling, the words of
    the pages that did not change keep their lists from the file; the index frozen is
    what Sphinx's get_terms makes, and the file a clean build's."""
    import shutil

    from sphinx.search import IndexBuilder

    from portfolio_ext import _compat

    frozen: list[tuple[int, int]] = []
    real = _compat._quick_terms

    def checked(indexer):
        real(indexer)
        quick = indexer.__dict__["get_terms"]

        def get_terms(fn2index):
            found = quick(fn2index)  # overlaid (_compat._Overlay), or the quick way
            _compat.materialize(indexer)  # the file's words in the sets, as load has them
            assert found == IndexBuilder.get_terms(indexer, fn2index)
            assert quick(fn2index) == found
            frozen.append((len(indexer._portfolio_touched), len(fn2index)))
            return found

        indexer.get_terms = get_terms

    monkeypatch.setattr(_compat, "_quick_terms", checked)
    src, build = _builder(rootdir, tmp_path)
    out = build()
    (src / "topics.md").write_text((src / "topics.md").read_text(encoding="utf-8")
                                   + "\nA zebra crossing.\n", encoding="utf-8")
    build()
    bib = src / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Second Article", "Second Zebra"),
                   encoding="utf-8")
    build()
    # each rebuild froze its index the quick way, a few of its pages changed
    assert len(frozen) == 2 and all(0 < touched < pages for touched, pages in frozen)
    written = (out / "searchindex.js").read_text(encoding="utf-8")
    assert "zebra" in written
    shutil.copytree(src, tmp_path / "fresh" / "src", ignore=shutil.ignore_patterns("_build"))
    _, build_fresh = _builder(rootdir, tmp_path / "fresh")
    assert written == (build_fresh() / "searchindex.js").read_text(encoding="utf-8")


def test_the_paper_pages_read_each_entry_twice_in_a_clean_build(tmp_path, rootdir, monkeypatch):
    """Reading an entry restores it from its pickle (some 40 microseconds): the pages,
    their search text, the lists' BibTeX and the export files read each entry twice
    in all (note_search_text, _PageMaker.page), not once each."""
    import collections

    from portfolio_ext.core.bibindex import PickledEntries
    from portfolio_ext.html import papers
    from portfolio_ext.sphinx_ext import formatted

    reads: collections.Counter[str] = collections.Counter()
    real = PickledEntries.__getitem__
    monkeypatch.setattr(PickledEntries, "__getitem__",
                        lambda self, key: reads.update([key]) or real(self, key))
    counts = {}
    for pages in (False, True):
        # as a new process: no entry formatted or exported by an earlier test's build
        papers._MADE.clear()
        monkeypatch.setattr(formatted, "_FORMATTER", None)
        reads.clear()
        _, build = _builder(rootdir, tmp_path / str(pages))
        # (a site with people groups reads each entry once more, for its legend)
        build(portfolio_paper_pages=pages, portfolio_people={})
        counts[pages] = dict(reads)
    assert {key: counts[True][key] - counts[False].get(key, 0) for key in KEYS} == (
        dict.fromkeys(KEYS, 2))


def test_an_edit_re_encodes_only_the_edited_entrys_export(tmp_path, rootdir, monkeypatch):
    from portfolio_ext.html import papers

    src, build = _builder(rootdir, tmp_path)
    out = build()
    encoded: list[str] = []
    real = papers.csl_part
    monkeypatch.setattr(papers, "csl_part", lambda key, entry: encoded.append(key) or real(key, entry))
    bib = src / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Second Article", "Second Annealing"),
                   encoding="utf-8")
    build()
    assert encoded == ["roe2020second"]
    exported = parse_file(str(out / "publications.bib"))
    assert list(exported.entries) == KEYS
    assert exported.entries["roe2020second"].fields["title"] == "Second Annealing"
    items = json.loads((out / "publications.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in items] == KEYS
    assert items[1]["title"] == "Second Annealing"
    # a damaged store: every entry's parts are made again, and the files are whole
    (src / "_build" / "doctrees" / papers.EXPORT_STORE).write_bytes(b"x")
    bib.write_text(bib.read_text(encoding="utf-8").replace("Second Annealing", "Second Article"),
                   encoding="utf-8")
    encoded.clear()
    build()
    assert sorted(encoded) == sorted(KEYS)
    assert json.loads((out / "publications.json").read_text(encoding="utf-8"))[1]["title"] == (
        "Second Article")


def test_the_static_page_shows_the_sites_favicon(tmp_path, rootdir):
    src, build = _builder(rootdir, tmp_path)
    (src / "icon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    page_file = build(html_favicon="icon.svg") / "papers" / "doe2018first.html"
    from bs4 import BeautifulSoup

    page = BeautifulSoup(page_file.read_text(encoding="utf-8"), "html.parser")
    icon = page.find("link", rel="icon")["href"]
    assert icon == "../_static/icon.svg" and (page_file.parent / icon).is_file()


def test_the_static_page_escapes_the_site_title_and_keeps_a_favicon_address(tmp_path, rootdir):
    """The site's title and copyright are text, escaped as the theme's pages escape them;
    a favicon given as an address is linked as it is."""
    from bs4 import BeautifulSoup

    _src, build = _builder(rootdir, tmp_path)
    out = build(html_title="Lab <R&D>", copyright="2026, Doe & <Roe>",
                html_favicon="https://example.org/fav.ico")
    raw = (out / "papers" / "doe2018first.html").read_text(encoding="utf-8")
    assert "Lab <R&D>" not in raw and "Lab &lt;R&amp;D&gt;" in raw
    page = BeautifulSoup(raw, "html.parser")
    assert page.select_one("header.portfolio-paper-header a").get_text() == "Lab <R&D>"
    assert "Doe & <Roe>" in page.select_one("footer.portfolio-paper-footer").get_text()
    assert page.find("link", rel="icon")["href"] == "https://example.org/fav.ico"


def test_a_build_that_changes_nothing_leaves_the_search_index_as_it_is(tmp_path, rootdir):
    """Nothing indexed afresh and no page gone: the index on disk is the one Sphinx
    would write, and it is not written again (keep_search_index); a page gone, and it
    is written again, without that page's words."""
    import shutil
    import time

    src, build = _builder(rootdir, tmp_path)
    (src / "extra.md").write_text("---\norphan: true\n---\n# Extra\n\nA zebra crossing.\n",
                                  encoding="utf-8")
    out = build()
    index, stamps = out / "searchindex.js", src / "_build" / "doctrees" / "portfolio-papers-html.json"
    assert "zebra" in index.read_text(encoding="utf-8")
    written = (index.stat().st_mtime_ns, stamps.stat().st_mtime_ns)
    time.sleep(0.01)
    build()
    assert (index.stat().st_mtime_ns, stamps.stat().st_mtime_ns) == written
    (src / "extra.md").unlink()
    build()
    text = index.read_text(encoding="utf-8")
    assert index.stat().st_mtime_ns != written[0] and "zebra" not in text
    shutil.copytree(src, tmp_path / "fresh" / "src", ignore=shutil.ignore_patterns("_build"))
    _, build_fresh = _builder(rootdir, tmp_path / "fresh")
    assert text == (build_fresh() / "searchindex.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["html", "dirhtml"])
def test_a_paper_page_deleted_from_the_output_is_written_again_alone(tmp_path, rootdir, name):
    _, build = _builder(rootdir, tmp_path, name)
    out = build()
    pages = sorted(p for p in (out / "papers").rglob("*.html"))
    gone, kept = pages[0], pages[1]
    before = kept.stat().st_mtime_ns
    gone.unlink()
    build()
    assert gone.is_file() and kept.stat().st_mtime_ns == before


@pytest.mark.parametrize("name", ["html", "dirhtml"])
def test_the_lists_link_each_paper_page_as_the_builder_links_it(build_root, name):
    """_sibling_uris makes the lists' links from one sample link: the same as the
    builder's own, from a page at the top and one in a folder."""
    from portfolio_ext.html.papers import _sibling_uris, paper_names

    app = build_root("features", name)
    pages = list(paper_names(app.env).values())
    assert pages
    for docname in ("index", "topics", "deep/folder/page"):
        uri = _sibling_uris(app.builder, docname)
        assert [uri(page) for page in pages] == [
            app.builder.get_relative_uri(docname, page) for page in pages]
