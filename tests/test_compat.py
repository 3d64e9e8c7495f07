"""The internals ``_compat.py`` relies on: one test per shim, failing loudly when the
internal changes (in a new Sphinx, sphinxcontrib-bibtex or pybtex)."""

from __future__ import annotations

import ast
import inspect
import os
import sys
from pathlib import Path

import pytest
import sphinxcontrib.bibtex
import sphinxcontrib.bibtex.style.template as bibtex_template
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import BibliographyData, Entry, Person
from pybtex.style.template import Node, field
from sphinxcontrib.bibtex.bibfile import is_bibdata_outdated

from portfolio_ext import _compat
from portfolio_ext._compat import (
    FilterVisitor,
    LinkingBuilder,
    adopt_search_index,
    app_of,
    capture_page_words,
    domain_owner,
    find_field,
    has_latex_package,
    index_generated_page,
    index_generated_text,
    load_search_index,
    names_parsed_once,
    plugins_looked_up_once,
    search_index_docnames,
    search_word_maps,
    set_page_words,
    share_bibdata,
    site_assets,
    split_words,
    writes_markup,
)


def test_filter_visitor_evaluates_a_filter_on_an_entry():
    params = list(inspect.signature(FilterVisitor).parameters)
    assert params == ["entry", "docname", "cited_docnames"], (
        f"sphinxcontrib-bibtex's _FilterVisitor now takes {params}: update listing.select"
    )
    entry = Entry("article", fields={"year": "2020", "keywords": "theory"})
    entry.key = "a"
    tree = ast.parse('year >= "2019" and keywords % "theo"')
    assert FilterVisitor(entry=entry, docname="index", cited_docnames=set()).visit(tree), (
        "_FilterVisitor no longer evaluates :filter: expressions as bibliography does"
    )


@pytest.mark.sphinx("html", testroot="basic")
def test_app_of_finds_the_application(app):
    assert app_of(app.env) is app, (
        "neither env._app nor env.app is the application: find another way to reach it "
        "from the environment (post-transforms, translators)"
    )


@pytest.mark.sphinx("html", testroot="basic")
def test_domain_owner_reads_the_registered_domains(app):
    domains = app.registry.domains
    assert isinstance(domains, dict) and "cite" in domains, (
        "app.registry.domains no longer maps domain names to classes: find another way "
        "to tell which extension registered the 'cite' domain"
    )
    assert domain_owner(app, "cite") == "sphinxcontrib.bibtex"
    assert domain_owner(app, "portfolio") == "portfolio_ext.sphinx_ext"
    assert domain_owner(app, "nosuch") is None


@pytest.mark.sphinx("html", testroot="basic")
def test_writes_markup_reads_the_translation_handlers(app):
    handlers = app.registry.translation_handlers
    assert isinstance(handlers, dict), "app.registry.translation_handlers is no longer a dict"
    assert "entry_text" in handlers.get("html", {}), (
        "the entry_text HTML handler is not where Sphinx's registry used to keep it "
        "(translation_handlers[builder name or format][node name])"
    )
    assert writes_markup(app) is True


@pytest.mark.sphinx("latex", testroot="basic")
def test_has_latex_package_reads_the_registry(app):
    packages = app.registry.latex_packages
    assert isinstance(packages, list), "app.registry.latex_packages is no longer a list"
    name = "portfolio-test-package"
    assert not has_latex_package(app, name)
    app.add_latex_package(name)
    assert (name, None) in packages, "add_latex_package no longer records (name, options)"
    assert has_latex_package(app, name)


@pytest.mark.sphinx("html", testroot="basic")
def test_search_word_maps_are_the_index_builders_mappings(app):
    from sphinx.search import IndexBuilder

    indexer = IndexBuilder(app.env, "en", {}, None)
    maps = search_word_maps(indexer)
    assert len(maps) == 2, (
        "sphinx.search.IndexBuilder has no _mapping and _title_mapping dicts any more: "
        "incremental builds keep words without pages in the search index"
    )
    assert maps[0] is indexer._mapping and maps[1] is indexer._title_mapping
    assert search_word_maps(None) == []


@pytest.mark.sphinx("html", testroot="basic")
def test_index_generated_page_feeds_the_indexer_and_survives_its_prune(app):
    from docutils import nodes
    from docutils.utils import new_document
    from sphinx.search import IndexBuilder

    app.builder.indexer = IndexBuilder(app.env, "en", {}, None)
    document = new_document("papers/x")
    section = nodes.section(ids=["x"])
    section += nodes.title("Annealing things", "Annealing things")
    document += section
    assert index_generated_page(app.builder, "papers/x", "Annealing things", document)
    # what StandaloneHTMLBuilder.dump_search_index does before writing the index
    app.builder.indexer.prune(app.env.all_docs)
    assert "papers/x" in app.builder.indexer._titles, (
        "IndexBuilder.prune no longer goes through the instance's prune: paper pages "
        "leave the search index (html/papers.py)")
    assert "papers/x" in search_word_maps(app.builder.indexer)[1]["anneal"]
    app.builder.indexer = None
    assert not index_generated_page(app.builder, "papers/x", "Annealing things", document)


def _one_section(pagename: str, title: str, text: str):
    """The doctree html/papers.py gives the search index for a paper page."""
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document

    document = new_document(pagename, get_default_settings())
    section = nodes.section(ids=[pagename.rsplit("/", 1)[-1]])
    section += nodes.title(title, title)
    section += nodes.paragraph(text, text)
    document += section
    return document


_INDEX_PARTS = ("_titles", "_filenames", "_all_titles", "_mapping", "_title_mapping",
                "_index_entries")
_SEARCH_WORDS = st.sampled_from([
    "the", "of", "and", "a", "2020", "12", "Running", "runs", "run", "Networks",
    "network", "Xu*", "Zhi-Qin", "Luo#", "über", "naïve", "许志钦", "中文", "O'Brien",
    "e.g.", "x^2", "GPT-4", "ICML", "Proceedings", "is", "Is",
])
_SEARCH_TEXT = st.lists(_SEARCH_WORDS | st.text(max_size=8), max_size=12).map(" ".join)


@pytest.mark.sphinx("html", testroot="basic")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages=st.lists(st.tuples(_SEARCH_TEXT, _SEARCH_TEXT), min_size=2, max_size=5),
       language=st.sampled_from(["en", "de", "zh", "ja"]))
def test_generated_pages_are_indexed_from_their_text_as_from_their_doctree(app, pages, language):
    """index_generated_text puts in the index what feeding each page's doctree puts:
    the same titles, words and title words, frozen alike; after the first page (fed
    its doctree and checked), without a doctree."""
    from types import SimpleNamespace

    from sphinx.search import IndexBuilder

    def index(text_only: bool) -> tuple[IndexBuilder, list[str]]:
        indexer = IndexBuilder(app.env, language, {}, None)
        for name in _INDEX_PARTS:  # its own: an IndexBuilder's are the environment's
            setattr(indexer, name, {})
        builder = SimpleNamespace(indexer=indexer, out_suffix=".html")
        made: list[str] = []  # the pages whose doctree was made
        index_generated_page(builder, "index", "Home", _one_section("index", "Home", "run"))
        for number, (title, text) in enumerate(pages):
            name = f"papers/p{number}"

            def doctree(name=name, title=title, text=text):
                made.append(name)
                return _one_section(name, title, text)

            if text_only:
                assert index_generated_text(builder, name, title, text, doctree)
            else:
                assert index_generated_page(builder, name, title, doctree())
        return indexer, made

    fed, _ = index(text_only=False)
    direct, made = index(text_only=True)
    assert made == ["papers/p0"], (
        "the first page's doctree fed and checked, then the others from their text: "
        "IndexBuilder.feed no longer indexes a section as _compat._DirectFeed does")
    for name in _INDEX_PARTS:
        assert getattr(direct, name) == getattr(fed, name), name
    assert direct.freeze() == fed.freeze()


@pytest.mark.sphinx("html", testroot="basic")
def test_generated_pages_are_fed_their_doctrees_where_the_text_would_index_otherwise(
        app, monkeypatch):
    """A feed that indexes otherwise than _DirectFeed (here: one that keys words in
    upper case) is found on the first page, and every page is then fed its doctree."""
    from types import SimpleNamespace

    from sphinx.search import IndexBuilder

    monkeypatch.setattr(_compat._DirectFeed, "key", lambda self, word: word.upper())
    builder = SimpleNamespace(indexer=IndexBuilder(app.env, "en", {}, None), out_suffix=".html")
    for name in _INDEX_PARTS:
        setattr(builder.indexer, name, {})
    made = []
    for name in ("papers/a", "papers/b", "papers/c"):
        assert index_generated_text(builder, name, "Annealing things", "by Xu",
                                    lambda name=name: made.append(name) or _one_section(
                                        name, "Annealing things", "by Xu"))
    assert made == ["papers/a", "papers/b", "papers/c"]
    assert builder.indexer._title_mapping["anneal"] == {"papers/a", "papers/b", "papers/c"}
    assert index_generated_text(SimpleNamespace(indexer=None, out_suffix=".html"), "papers/d",
                                "T", "x", lambda: _one_section("papers/d", "T", "x")) is False


def test_the_quick_prune_prunes_as_sphinx_does(build_root):
    """_compat._prune_quickly against IndexBuilder.prune on a real index: the same
    frozen index, for pages taken out, paper pages taken out and nothing taken out."""
    from portfolio_ext._compat import _prune_quickly

    app = build_root("basic", "html")
    docnames = sorted(search_index_docnames(load_search_index(app.builder)))
    papers = [d for d in docnames if d.startswith("papers/")]
    assert papers and len(docnames) > len(papers) + 1
    for keep in (set(docnames), set(docnames) - {docnames[0], papers[0]},
                 set(docnames) - set(papers), {docnames[-1]}):
        sphinx, quick = load_search_index(app.builder), load_search_index(app.builder)
        type(sphinx).prune(sphinx, keep)
        assert _prune_quickly(quick, keep)
        assert quick.freeze() == sphinx.freeze(), (
            "IndexBuilder.prune prunes otherwise now: update _compat._prune_quickly")
        assert quick._all_titles == sphinx._all_titles and quick._filenames == sphinx._filenames


def test_the_quick_terms_make_again_the_words_whose_pages_changed(build_root):
    """_compat._quick_terms against IndexBuilder.get_terms: a word that swapped one
    page for another (as many pages as before) and a word that lost one are made
    again, the others kept from the file; with other pages, Sphinx makes them all."""
    from sphinx.search import IndexBuilder

    from portfolio_ext._compat import _quick_terms, _touched

    app = build_root("basic", "html")
    indexer = load_search_index(app.builder)
    _quick_terms(indexer)
    docs = sorted(indexer._titles)
    fn2index = {doc: number for number, doc in enumerate(docs)}
    assert indexer.get_terms(fn2index) == IndexBuilder.get_terms(indexer, fn2index)
    swapped, pages = next((w, p) for w, p in indexer._mapping.items()
                          if 2 <= len(p) < len(docs))
    gone, come = min(pages), next(doc for doc in docs if doc not in pages)
    pages.discard(gone)
    pages.add(come)
    lost = next(p for w, p in indexer._title_mapping.items() if len(p) >= 2)
    lost_page = max(lost)
    lost.discard(lost_page)
    _touched(indexer, [gone, come, lost_page])
    quick, sphinx = indexer.get_terms(fn2index), IndexBuilder.get_terms(indexer, fn2index)
    assert quick == sphinx
    assert come in docs and fn2index[come] in sphinx[0][swapped]
    fewer = {doc: number for number, doc in enumerate(docs[1:])}
    assert indexer.get_terms(fewer) == IndexBuilder.get_terms(indexer, fewer)


def _index_changes(app, indexer, steps):
    """Apply *steps* to *indexer* as a build changes its index (see the test below)."""
    from types import SimpleNamespace

    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document

    from portfolio_ext._compat import _prune_quickly, _take_out, _untitled, drop_empty_words

    builder = SimpleNamespace(indexer=indexer)
    for step, *args in steps:
        if step == "prune":  # the pages not kept (as load_indexer and the dump prune)
            assert _prune_quickly(indexer, set(indexer._titles) - set(args))
        elif step == "feed":  # a document written, its words from its doctree
            (page,) = args
            indexer.feed(page, f"{page}.html", app.env.longtitles[page].astext(),
                         app.env.get_doctree(page))
        elif step == "new":  # a generated page the file does not have
            (page,) = args
            document = new_document(page, get_default_settings())
            section = nodes.section(ids=["x"])
            section += nodes.title("Zebra pages", "Zebra pages")
            section += nodes.paragraph("zebra words", "zebra words")
            document += section
            indexer.feed(page, f"{page}.html", "Zebra pages", document)
        elif step == "stale":  # a paper page gone (papers.adopted_pages)
            _untitled(indexer, args)
            for mapping in search_word_maps(indexer):
                _take_out(mapping, set(args), [w for w, names in mapping.items()
                                               if not names.isdisjoint(args)])
        elif step == "drop":
            drop_empty_words(indexer)
        elif step == "words":  # a list page patched (html/patching.py)
            page, *words = args
            assert set_page_words(builder, page, words)


def test_an_overlaid_index_freezes_as_the_loaded_one(build_root):
    """load_search_index(overlaid=True) leaves the words and titles in the file's form
    (_compat._Overlay): after the changes a build makes, pages written again, pages
    gone, new pages, a page fed twice, a page's words set, a page pruned after the
    empty words were dropped, it freezes to what the file loaded by IndexBuilder.load
    freezes to after the same changes."""
    from portfolio_ext._compat import _overlay

    app = build_root("basic", "html")
    docs = sorted(search_index_docnames(load_search_index(app.builder)))
    papers = [d for d in docs if d.startswith("papers/")]
    pages = [d for d in docs if d not in papers and d in app.env.all_docs]
    assert len(papers) >= 2 and len(pages) >= 2
    first, second = pages[0], pages[-1]
    scenarios = [
        [],
        [("drop",)],
        [("prune", first), ("feed", first), ("drop",), ("prune",)],  # a page edit
        [("prune", first, papers[0]), ("drop",), ("feed", first)],
        [("feed", second)],  # fed again without a prune: old and new words
        [("prune", first), ("drop",), ("feed", second)],  # a word's pages gone and fed
        [("prune", first), ("drop",), ("stale", papers[1]), ("new", "papers/zebra")],
        [("prune", papers[0]), ("drop",), ("words", second, "zebra", "words"),
         ("feed", first)],
        [("drop",), ("prune", papers[0]), ("feed", first)],  # after the drop: materialized
        [("prune", *papers), ("drop",)],
    ]
    for steps in scenarios:
        overlaid = load_search_index(app.builder, overlaid=True)
        loaded = load_search_index(app.builder)
        assert _overlay(overlaid) is not None and _overlay(loaded) is None
        for indexer in (overlaid, loaded):
            _index_changes(app, indexer, steps)
        assert overlaid.freeze() == loaded.freeze(), steps
        assert overlaid._titles == loaded._titles and overlaid._filenames == loaded._filenames


def test_a_damaged_overlaid_index_is_read_as_sphinx_reads_it(tmp_path, build_root):
    """A page number out of range: IndexBuilder.load fails on it (unreadable), and
    the overlay is not put on it either."""
    app = build_root("basic", "html")

    class Builder:
        config, env, outdir = app.builder.config, app.builder.env, tmp_path
        searchindex_filename = app.builder.searchindex_filename
        indexer_format = app.builder.indexer_format
        indexer_dumps_unicode = app.builder.indexer_dumps_unicode

    whole = (app.outdir / Builder.searchindex_filename).read_text(encoding="utf-8")
    index = tmp_path / Builder.searchindex_filename
    index.write_text(whole.replace('"terms":{', '"terms":{"zzz":99999,', 1), encoding="utf-8")
    assert load_search_index(Builder) is None
    assert load_search_index(Builder, overlaid=True) is None
    index.write_text(whole, encoding="utf-8")
    assert load_search_index(Builder, overlaid=True) is not None


def test_search_index_docnames_reads_the_index_as_sphinx_does(build_root):
    app = build_root("basic", "html")
    indexed = search_index_docnames(load_search_index(app.builder))
    papers = {d for d in indexed or () if d.startswith("papers/")}  # index_generated_page
    assert indexed - papers == {d for d in app.env.all_docs if app.env.longtitles[d].astext()}, (
        "searchindex.js no longer reads back through IndexBuilder.load and _titles: "
        "every incremental build now writes every page (incremental.restart_search_index)"
    )
    assert app.env.all_docs, "the environment is not left empty by reading the index"


def test_prepare_writing_starts_the_index_from_the_adopted_one(build_root):
    """adopt_search_index: Sphinx's prepare_writing makes a new IndexBuilder and calls
    the builder's load_indexer, which the adopted index stands in for."""
    app = build_root("basic", "html")
    builder = app.builder
    old = load_search_index(builder)
    generated = {d for d in search_index_docnames(old) if d.startswith("papers/")}
    assert generated, "the root has paper pages"
    adopt_search_index(builder, old, generated)
    builder.prepare_writing(set())
    assert builder.indexer is old, (
        "prepare_writing no longer calls load_indexer after making its IndexBuilder: "
        "each build reads searchindex.js twice (papers.start_search_index)"
    )
    assert "load_indexer" not in vars(builder), "the stand-in is used once"
    assert generated <= set(old._titles), "the paper pages' words are kept"


def test_a_pages_words_are_counted_and_set_as_sphinx_feeds_them(build_root):
    """capture_page_words and set_page_words (html/patching.py): the words Sphinx's
    feed collects are counted, and a page's words set from those counts are the ones
    feed gave it."""
    from types import SimpleNamespace

    app = build_root("basic", "html")
    page = next(d for d in app.env.all_docs if app.env.longtitles[d].astext())
    indexer = load_search_index(app.builder)
    indexer.prune(set(indexer._titles) - {page})  # the page's words: this feed's alone
    builder = SimpleNamespace(indexer=indexer, index_page=None)
    counts: dict[str, dict[str, int]] = {}

    def index_page(pagename, doctree, title):
        indexer.feed(pagename, f"{pagename}.html", title, doctree)

    builder.index_page = index_page
    capture_page_words(builder, lambda name: name == page, counts)
    doctree = app.env.get_doctree(page)
    builder.index_page(page, doctree, app.env.longtitles[page].astext())
    assert counts.get(page), "IndexBuilder._word_collector no longer collects the words"
    assert not hasattr(indexer, "_word_collector") or "_word_collector" not in vars(indexer)
    fed = {w for w, docs in indexer._mapping.items() if page in docs}
    assert fed
    for docs in indexer._mapping.values():  # as it was before: other words
        docs.discard(page)
    indexer._mapping["zzzstale"] = {page}
    assert set_page_words(builder, page, list(counts[page])), (
        "IndexBuilder._mapping, _title_mapping or lang.stem/word_filter changed")
    assert {w for w, docs in indexer._mapping.items() if page in docs} == fed
    assert "zzzstale" not in indexer._mapping  # a word left with no page is dropped
    assert split_words(indexer, "two words") == ["two", "words"]


def test_an_unreadable_search_index_loads_as_none(tmp_path, build_root):
    app = build_root("basic", "html")

    class Builder:  # the attributes load_indexer reads, over another output folder
        config, env, outdir = app.builder.config, app.builder.env, tmp_path
        searchindex_filename = app.builder.searchindex_filename
        indexer_format = app.builder.indexer_format
        indexer_dumps_unicode = app.builder.indexer_dumps_unicode

    assert load_search_index(Builder) is None  # missing
    index = tmp_path / Builder.searchindex_filename
    whole = (app.outdir / Builder.searchindex_filename).read_text(encoding="utf-8")
    assert '"terms":' in whole
    # the last: a KeyError in IndexBuilder.load, which Sphinx does not catch
    for damaged in ("", "Search.setIndex(null)", 'Search.setIndex({"envversion": 1})',
                    whole[:-40], whole.replace('"terms":', '"termz":')):
        index.write_text(damaged, encoding="utf-8")
        assert load_search_index(Builder) is None, damaged[:40]


def test_find_field_reads_fields_persons_and_crossrefs():
    parent = Entry("proceedings", fields={"publisher": "ACM"})
    child = Entry("inproceedings", fields={"title": "T", "crossref": "p"},
                  persons={"author": [Person("Xu, Zhi-Qin John")]})
    data = BibliographyData(entries={"p": parent, "c": child})
    assert find_field(child, "title") == "T"
    assert find_field(child, "author") == "Xu, Zhi-Qin John"
    assert find_field(child, "publisher", data) == "ACM", (
        "pybtex's Entry._find_field no longer follows crossref"
    )
    with pytest.raises(KeyError):
        find_field(child, "volume", data)


@pytest.mark.sphinx("html", testroot="basic")
def test_shared_bibdata_is_up_to_date_for_sphinxcontrib_bibtex(app):
    domain = app.env.get_domain("cite")
    paths = [(Path(app.confdir) / f).resolve() for f in app.config.bibtex_bibfiles]
    data = BibliographyData(entries={"k": Entry("misc", fields={"title": "T"})})
    share_bibdata(domain, app.config.bibtex_encoding, {paths[0]: ["k"]}, data)
    assert domain.bibdata.data is data, 'the cite domain no longer reads data["bibdata"]'
    assert not is_bibdata_outdated(domain.bibdata, paths, app.config.bibtex_encoding), (
        "sphinxcontrib-bibtex would parse the bib files again: its cache check changed"
    )
    assert list(domain.get_entries(paths)) == [data.entries["k"]]
    source = inspect.getsource(sphinxcontrib.bibtex)
    assert "process_bibdata(" in source, (
        "sphinxcontrib-bibtex no longer checks its bib cache at builder-inited"
    )


def test_linking_builder_is_what_the_reference_template_checks():
    source = inspect.getsource(bibtex_template)
    assert 'info.builder.name == "latex"' in source, (
        "sphinxcontrib-bibtex's reference node no longer picks LaTeX targets by "
        "builder.name: check how LaTeX citations of listed entries are linked"
    )

    class Builder:
        name, format = "latex", "latex"

    builder = LinkingBuilder(Builder())
    assert builder.name == "portfolio" and builder.format == "latex"


def test_template_nodes_have_public_parts():
    # style.formatting copies templates through Node(name, f) and these attributes
    template = field("title", raw=True)
    assert isinstance(template, Node)
    assert (template.name, template.args, template.kwargs, template.children) == (
        "field", ["title"], {"raw": True}, []
    ), "pybtex template nodes changed: update style.formatting._with_plain_fields"
    assert callable(template.f)


def test_assets_are_copied_over_an_older_copy_without_force(tmp_path):
    # copy_asset_file's force= exists only in Sphinx >= 8; the assets must replace an
    # older copy on every supported Sphinx without it
    from sphinx.util.fileutil import copy_asset_file

    from portfolio_ext.html.assets import CSS, STATIC, _copy

    assert "force" not in inspect.getsource(_copy).split('"""')[-1]
    (tmp_path / CSS).write_text("/* an older version */")
    _copy(CSS, tmp_path)
    assert (tmp_path / CSS).read_bytes() == (STATIC / CSS).read_bytes()
    assert list(inspect.signature(copy_asset_file).parameters)[:2] == ["source", "destination"]


def test_rich_text_classes_are_remade_from_their_info():
    # pybtex merges adjacent texts of one type and "info" and remakes them as
    # type(*info, *parts) (BaseMultipartText); the style's classes follow that protocol
    from pybtex.richtext import Text

    from portfolio_ext.style.richtext import Classed, OwnerName, RoleMarker

    for make in (lambda s: OwnerName(s), lambda s: Classed("em", "a b", s),
                 lambda s: RoleMarker("equal", "*", "equal contribution", s)):
        merged = Text(make("Jane "), make("Doe"))
        assert len(merged.parts) == 1, "pybtex no longer merges texts of one kind"
        assert type(merged.parts[0]) is type(make("x"))
        assert merged.parts[0].info == make("x").info
        assert str(merged) == "Jane Doe"


def test_site_assets_are_every_pages_stylesheets_and_scripts(build_root):
    app = build_root("basic", "html")
    assert isinstance(getattr(app.builder, "_orig_js_files", None), list), (
        "StandaloneHTMLBuilder._orig_js_files is gone: static paper pages may carry the "
        "scripts of the page written before them (html/papers.py)")
    css, js = site_assets(app.builder)
    assert any(str(c.filename).endswith("portfolio.css") for c in css)
    assert any(str(j.filename).endswith("portfolio.js") for j in js)


_NAME_STRINGS = ["Xu, Zhi-Qin John", "Luo, Tao", "von Neumann, John", "{\\\"U}ber, Anna",
                 "Smith, Jr., A.", "Ma, Yi and Xu, Zhi-Qin John", "Zhang", "de la Cruz, Maria"]


@pytest.mark.parametrize("bib", sorted((Path(__file__).parent / "corpus").glob("*.bib")),
                         ids=lambda p: p.stem)
def test_names_parsed_once_make_the_persons_a_parse_makes(bib):
    """Within names_parsed_once, pybtex's parser gives every entry the persons it gives
    without it (the same attributes; lists of their own), for the corpus's real
    exports and for a file that names the same people again and again."""
    import pybtex.database.input.bibtex as bibtex_input
    import pybtex.errors

    assert bibtex_input.Person is Person  # the name the shim rebinds (pybtex 0.24-0.26)
    many = "".join(f"@article{{k{i}, author = {{{' and '.join(_NAME_STRINGS[i % 5:])}}}, "
                   f"editor = {{{_NAME_STRINGS[i % 3]}}}, title = {{T}}}}\n" for i in range(12))

    def people(text: str) -> list:
        parser = bibtex_input.Parser()
        with pybtex.errors.capture():
            parser.parse_string(text)
        return [(key, role, vars(p)) for key, entry in parser.data.entries.items()
                for role, persons in entry.persons.items() for p in persons]

    for text in (bib.read_text(encoding="utf-8"), many):
        plain = people(text)
        with names_parsed_once():
            assert bibtex_input.Person is not Person
            once = people(text)
        assert bibtex_input.Person is Person
        assert once == plain


def test_names_parsed_once_copy_each_person_and_repeat_each_error():
    """A person made from a name met before is a copy, not the first one (changing one
    changes no other); a name whose parse reports an error reports it for every entry,
    as without the shim; a shim within a shim leaves the outer one in place."""
    import pybtex.database.input.bibtex as bibtex_input
    import pybtex.errors

    text = ("@article{a, author = {Luo, Tao and A, B, C, D}}\n"
            "@article{b, author = {Luo, Tao and A, B, C, D}}\n")

    def parse() -> tuple[list, list]:
        parser = bibtex_input.Parser()
        with pybtex.errors.capture() as errors:
            parser.parse_string(text)
        return [e.persons["author"] for e in parser.data.entries.values()], list(errors)

    plain_people, plain_errors = parse()
    with names_parsed_once():
        outer = bibtex_input.Person
        with names_parsed_once():
            assert bibtex_input.Person is outer
            people, errors = parse()
        assert bibtex_input.Person is outer
    assert len(plain_errors) == 2 and [str(e) for e in errors] == [str(e) for e in plain_errors]
    assert [[vars(p) for p in ps] for ps in people] == [[vars(p) for p in ps] for ps in plain_people]
    first, second = people[0][0], people[1][0]
    assert vars(first) == vars(second) and first is not second
    first.last_names.append("X")
    assert second.last_names == ["Luo"]
    # outside pybtex's capture, a name is parsed every time (nothing kept)
    with names_parsed_once():
        assert bibtex_input.Person("Luo, Tao") is not bibtex_input.Person("Luo, Tao")
        assert vars(bibtex_input.Person("Luo, Tao")) == vars(Person("Luo, Tao"))


@pytest.mark.sphinx("html", testroot="basic")
def test_plugins_are_looked_up_in_entry_points_read_once(app, tmp_path, monkeypatch):
    """plugins_looked_up_once (at setup): pybtex's and sphinxcontrib-bibtex's
    ``entry_points`` read every entry point once, select what each lookup asks for as
    a fresh read would, and read again once a folder of sys.path changed."""
    import importlib.metadata
    import types

    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    for module in (pybtex.plugin, sphinxcontrib.bibtex.plugin):
        assert getattr(module.entry_points, "_portfolio_once", False), (
            f"{module.__name__} no longer looks plugins up through its name entry_points: "
            "every lookup reads the installed entry points again (_compat.py)")
    bound = pybtex.plugin.entry_points
    plugins_looked_up_once()  # a second time changes nothing
    assert pybtex.plugin.entry_points is bound
    reads = []

    def read(**params):
        reads.append(params)
        return importlib.metadata.entry_points(**params)

    module = types.SimpleNamespace(entry_points=read)
    _compat._read_once(module)
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    asked = [("pybtex.backends", "docutils"), ("pybtex.style.names", "last"),
             ("pybtex.style.formatting", "portfolio"), ("sphinxcontrib.bibtex.style.referencing",
                                                         "portfolio"), ("pybtex.backends", "none")]
    for group, name in asked:
        found = module.entry_points(group=group, name=name)
        assert list(found) == list(importlib.metadata.entry_points(group=group, name=name))
    assert reads == [{}]
    assert [e.load() for e in module.entry_points(group="pybtex.style.formatting",
                                                   name="portfolio")] == [
        pybtex.plugin.find_plugin("pybtex.style.formatting", "portfolio")]
    os.utime(tmp_path, ns=(1, 1))  # as installing a distribution there would
    module.entry_points(group="pybtex.backends", name="docutils")
    assert reads == [{}, {}]
