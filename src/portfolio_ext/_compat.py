"""Other packages' private APIs, fenced in one place.

Each shim says which versions it was checked against (Sphinx 7.2-9.0,
sphinxcontrib-bibtex 2.6-2.7, pybtex 0.24-0.26, as applicable) and what breaks if the
internal changes; ``tests/test_compat.py`` fails loudly when an internal it relies on
changes. Everything else in the package uses public APIs only.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from pybtex.database import BibliographyData, Entry
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinxcontrib.bibtex.domain import BibtexDomain
    from sphinxcontrib.bibtex.domain import _FilterVisitor as FilterVisitor  # see below

__all__ = [
    "FilterVisitor",
    "LinkingBuilder",
    "adopt_search_index",
    "adopted_pages",
    "app_of",
    "capture_page_words",
    "copy_indexed_pages",
    "domain_owner",
    "drop_empty_words",
    "find_field",
    "has_latex_package",
    "index_generated_page",
    "index_generated_text",
    "load_search_index",
    "materialize",
    "names_parsed_once",
    "plugins_looked_up_once",
    "search_index_docnames",
    "search_word_maps",
    "set_page_words",
    "share_bibdata",
    "site_assets",
    "split_words",
    "writes_markup",
]

# FilterVisitor: sphinxcontrib-bibtex's evaluator of ``:filter:`` expressions
# (sphinxcontrib.bibtex.domain._FilterVisitor, 2.6-2.7), so that a ``publications``
# ``:filter:`` means what a ``bibliography`` ``:filter:`` means. If it is renamed or its
# constructor changes (entry, docname, cited_docnames), importing it from here fails
# (sphinx_ext/listing.py does, as setup imports it). It is imported when first asked
# for, so that setup can make pybtex's plugin lookups quick (plugins_looked_up_once)
# before sphinxcontrib-bibtex's modules, which look plugins up as they load, are.


def __getattr__(name: str) -> Any:
    if name == "FilterVisitor":
        from sphinxcontrib.bibtex.domain import _FilterVisitor

        globals()[name] = _FilterVisitor
        return _FilterVisitor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def plugins_looked_up_once() -> None:
    """Have pybtex and sphinxcontrib-bibtex read the installed entry points once, not
    once per plugin lookup.

    ``pybtex.plugin.find_plugin`` (pybtex 0.26) and ``sphinxcontrib.bibtex.plugin.
    find_plugin`` (2.7) ask ``importlib.metadata.entry_points(group=..., name=...)``,
    the name ``entry_points`` in their modules, on every lookup, which reads the entry
    points of every installed distribution: some 3 ms with the 78 of this project's
    environment, more in a larger one. A build looks up six plugins: pybtex's
    docutils backend twice as sphinxcontrib-bibtex's modules load, a names style for
    each of its two referencing styles, and the two styles. Here that name is bound,
    in both modules, to a function that reads them all once and selects from what it
    read, for as long as no folder of ``sys.path`` changed (installing or removing a
    distribution changes its folder's modification time). Where the name is gone,
    nothing changes. pybtex's goes first: sphinxcontrib-bibtex's loads its modules.
    """
    import pybtex.plugin

    _read_once(pybtex.plugin)
    import sphinxcontrib.bibtex.plugin

    _read_once(sphinxcontrib.bibtex.plugin)


#: the function read -> (each sys.path folder and its modification time, every
#: installed entry point, as it read them then)
_ENTRY_POINTS: dict[Callable[..., Any], tuple[tuple[tuple[str, int], ...], Any]] = {}


def _read_once(module: Any) -> None:
    """Bind *module*'s ``entry_points`` to :func:`plugins_looked_up_once`'s."""
    read = getattr(module, "entry_points", None)
    if not callable(read) or getattr(read, "_portfolio_once", False):
        return

    def entry_points(**params: Any) -> Any:
        state = tuple((folder, _modified(folder)) for folder in sys.path)
        kept = _ENTRY_POINTS.get(read)
        if kept is None or kept[0] != state:
            kept = _ENTRY_POINTS[read] = (state, read())
        return kept[1].select(**params)

    entry_points._portfolio_once = True  # type: ignore[attr-defined]
    module.entry_points = entry_points


def _modified(folder: str) -> int:
    try:
        return os.stat(folder or ".").st_mtime_ns
    except OSError:
        return -1


def app_of(env: BuildEnvironment) -> Sphinx:
    """The application of *env*.

    Sphinx 7.2-7.4 have a public ``env.app``; Sphinx 8 keeps it as ``env._app`` and
    9.0 deprecates ``env.app`` (removal in 11) with no public replacement for code that
    has only the environment (post-transforms, translators). If both go, every
    ``publications`` list fails to render.
    """
    return getattr(env, "_app", None) or env.app


def domain_owner(app: Sphinx, name: str) -> str | None:
    """The module of the domain registered as *name* so far, or None.

    Reads ``app.registry.domains`` (name -> domain class), the same in Sphinx 7.2-9.0;
    there is no public way to ask before ``add_domain`` raises. If it changes, a site
    with a second ``cite`` domain gets Sphinx's own "already registered" error again.
    """
    domain = app.registry.domains.get(name)
    return None if domain is None else domain.__module__.removesuffix(".domain")


def writes_markup(app: Sphinx) -> bool:
    """Whether the builder's translator writes entry_text with its own visitor,
    looked up the way Sphinx transplants node handlers (``create_translator``).

    Reads ``app.registry.translation_handlers`` (builder name or format -> node name
    -> handlers), the same in Sphinx 7.2-9.0. If it changes, HTML builds fall back to
    the slower generic rendering (or fail with an AttributeError if it is gone).
    """
    handlers = app.registry.translation_handlers
    found = handlers.get(app.builder.name)
    if found is None:
        found = handlers.get(app.builder.format, {})
    return "entry_text" in found


def has_latex_package(app: Sphinx, name: str) -> bool:
    """Whether ``app.add_latex_package(name)`` (without options) was called already.

    Sphinx has no public query; it keeps the calls in ``app.registry.latex_packages``,
    a list of ``(name, options)`` pairs in Sphinx 7.2-9.0. If that changes, asking
    twice would load the package twice in the LaTeX preamble (harmless for TikZ).
    """
    return (name, None) in app.registry.latex_packages


def search_word_maps(indexer: Any) -> list[dict[str, set[str]]]:
    """The word -> docnames mappings of Sphinx's search ``IndexBuilder``.

    ``IndexBuilder._mapping`` (words of the text) and ``_title_mapping`` (words of the
    titles), dicts of sets in Sphinx 7.2-9.0; the public ``prune()`` empties the sets of
    words but keeps the words. Anything else (no indexer, renamed attributes) gives no
    mapping, so the search index keeps words without pages, as Sphinx does.
    """
    maps = (getattr(indexer, name, None) for name in ("_mapping", "_title_mapping"))
    return [mapping for mapping in maps if isinstance(mapping, dict)]


def index_generated_page(builder: Any, pagename: str, title: str,
                         doctree: Any) -> bool:
    """Index a page made at ``html-collect-pages`` in ``searchindex.js``; whether it was.

    Sphinx indexes only the pages of the environment (``StandaloneHTMLBuilder.index_page``
    from ``write_doc``), and ``dump_search_index`` prunes the index to
    ``env.all_docs`` before writing it. Here the page is given to the builder's
    ``indexer`` (an ``IndexBuilder``: ``feed(docname, filename, title, doctree)``, public
    in Sphinx 7.2-9.0), and that indexer's ``prune`` keeps the generated pages too
    (``prune(docnames)`` keeps *docnames*, 7.2-9.0). No indexer (search off, another
    builder) indexes nothing; if ``prune`` changes, the pages are left out again.
    """
    indexer = getattr(builder, "indexer", None)
    if indexer is None or not callable(getattr(indexer, "feed", None)):
        return False
    _generated(indexer).add(pagename)
    _remember_stems(indexer)
    indexer.feed(pagename, f"{pagename}{builder.out_suffix}", title, doctree)
    return True


def index_generated_text(builder: Any, pagename: str, title: str, text: str,
                         doctree: Callable[[], Any]) -> bool:
    """Index a generated page whose doctree (*doctree*, made on demand) is one section
    of the title *title* and a paragraph of *text*, as :func:`index_generated_page`
    indexes that doctree, mostly without making or walking it; whether it was indexed.

    ``IndexBuilder.feed`` (Sphinx 9.0) collects such a doctree's words with
    ``_feed_visit_nodes``: the title is the page's main title, ``(title, None)``, its
    words are title words, and the words of the title's text and the paragraph's are
    the page's words; each word is then stemmed and filtered (:func:`_word_key`).
    Here the words are cut from the two texts with the language's ``split``, and each
    word is stemmed and filtered once per build. The first page is fed its doctree,
    and what this would have put in the index for it is checked against what feed
    put; if they differ (other internals), every page is fed its doctree, as before.
    """
    indexer = getattr(builder, "indexer", None)
    direct = _direct_feed(indexer)
    if direct is None:
        return index_generated_page(builder, pagename, title, doctree())
    filename = f"{pagename}{builder.out_suffix}"
    if direct.trusted is None:
        fed = index_generated_page(builder, pagename, title, doctree())
        direct.trusted = fed and direct.same_as_fed(pagename, filename, title, text)
        return fed
    if not direct.trusted:
        return index_generated_page(builder, pagename, title, doctree())
    _generated(indexer).add(pagename)
    _touched(indexer, [pagename])
    direct.feed(pagename, filename, title, text)
    return True


class _DirectFeed:
    """What :func:`index_generated_text` feeds an ``IndexBuilder`` with (Sphinx 9.0),
    and each word's key in its mappings, kept for the build (:meth:`key`)."""

    def __init__(self, indexer: Any) -> None:
        self.indexer = indexer
        self.split: Callable[[str], list[str]] = indexer.lang.split
        self.keys: dict[str, str | None] = {}
        #: None until the first page is checked (index_generated_text)
        self.trusted: bool | None = None

    def key(self, word: str) -> str | None:
        """:func:`_word_key` of *word*, made once per build."""
        if word not in self.keys:
            self.keys[word] = _word_key(self.indexer.lang, word)
        return self.keys[word]

    def page(self, pagename: str, title: str, text: str) -> tuple[list[str], list[str]]:
        """The keys of *pagename*'s title words and of its text words not among its
        titles' words, in the index as it is (feed's order)."""
        indexer, key = self.indexer, self.key
        title_words = self.split(_node_text(title))
        titled = [k for k in map(key, title_words) if k is not None]
        titled_set = set(titled)
        title_mapping = indexer._title_mapping
        words = [k for k in map(key, [*title_words, *self.split(_node_text(text))])
                 if k is not None and k not in titled_set
                 and pagename not in title_mapping.get(k, ())]
        return titled, words

    def feed(self, pagename: str, filename: str, title: str, text: str) -> None:
        indexer = self.indexer
        indexer._titles[pagename] = title
        indexer._filenames[pagename] = filename
        indexer._all_titles[pagename] = [(_node_text(title), None)]
        titled, words = self.page(pagename, title, text)
        title_mapping, mapping = indexer._title_mapping, indexer._mapping
        for word in titled:
            title_mapping.setdefault(word, set()).add(pagename)
        for word in words:
            mapping.setdefault(word, set()).add(pagename)
        indexer._index_entries[pagename] = []

    def same_as_fed(self, pagename: str, filename: str, title: str, text: str) -> bool:
        """Whether feed put in the index for *pagename* what :meth:`feed` would."""
        indexer = self.indexer
        titled, words = self.page(pagename, title, text)

        def pages_words(mapping: dict[str, set[str]]) -> set[str]:
            return {word for word, pages in mapping.items() if pagename in pages}

        return (indexer._titles.get(pagename) == title
                and indexer._filenames.get(pagename) == filename
                and list(indexer._all_titles.get(pagename, ())) == [(_node_text(title), None)]
                and list(indexer._index_entries.get(pagename, ())) == []
                and pages_words(indexer._title_mapping) == set(titled)
                and pages_words(indexer._mapping) == set(words))


def _word_key(lang: Any, word: str) -> str | None:
    """The word the text word *word* is indexed under, or None, as ``IndexBuilder.feed``
    keys it (Sphinx 9.0): the stem (lower case) if the language's filter keeps it,
    else the word if the filter keeps that."""
    stemmed = lang.stem(word).lower()
    return stemmed if lang.word_filter(stemmed) else word if lang.word_filter(word) else None


def _node_text(text: str) -> str:
    """*text* as a docutils ``Text`` node of it reads (``astext``: its nulls, docutils'
    escapes, taken out)."""
    if "\x00" not in text:
        return text
    from docutils.nodes import unescape

    return unescape(text)


def _direct_feed(indexer: Any) -> _DirectFeed | None:
    """*indexer*'s :class:`_DirectFeed`, made at the first call; None if it is not an
    ``IndexBuilder`` of the shape :func:`index_generated_text` knows."""
    if indexer is None:
        return None
    direct = vars(indexer).get("_portfolio_direct")
    if direct is None:
        names = ("_titles", "_filenames", "_all_titles", "_mapping", "_title_mapping",
                 "_index_entries")
        lang = getattr(indexer, "lang", None)
        if not (all(isinstance(getattr(indexer, name, None), dict) for name in names)
                and all(callable(getattr(lang, name, None))
                        for name in ("split", "stem", "word_filter"))):
            return None
        direct = indexer._portfolio_direct = _DirectFeed(indexer)
    return direct


def _remember_stems(indexer: Any) -> None:
    """Make *indexer*'s stemmer (``indexer.lang.stem``, a ``SearchLanguage``'s, a pure
    function of the word) remember its words for the whole build: ``feed`` remembers
    them for one page only, and the paper pages share most of theirs (authors, venues;
    some 5 microseconds a word)."""
    lang = getattr(indexer, "lang", None)
    stem = getattr(lang, "stem", None)
    if stem is None or getattr(stem, "_portfolio_remembers", False):
        return
    remembered = functools.lru_cache(maxsize=65536)(stem)
    remembered._portfolio_remembers = True  # type: ignore[attr-defined]
    with contextlib.suppress(AttributeError, TypeError):  # a language that refuses it
        lang.stem = remembered


def _generated(indexer: Any) -> set[str]:
    """The generated pages that *indexer*'s ``prune`` keeps (see index_generated_page)."""
    kept: set[str] | None = getattr(indexer, "_portfolio_generated", None)
    if kept is None:
        kept = set()
        prune = indexer.prune

        def keep_generated(docnames: Any) -> None:
            keep = {*docnames, *kept}
            if not _prune_quickly(indexer, keep):
                materialize(indexer)
                indexer.__dict__.pop("get_terms", None)  # pages pruned unseen: Sphinx's
                prune(keep)

        indexer.prune = keep_generated
        indexer._portfolio_generated = kept
    return kept


class _Read:
    """An index format whose ``load`` gives the frozen index read already."""

    def __init__(self, frozen: Any) -> None:
        self.frozen = frozen

    def load(self, stream: Any) -> Any:
        return self.frozen


def _touched(indexer: Any, docnames: Iterable[str]) -> None:
    """Note that the words of *docnames* changed in *indexer* since it was loaded."""
    touched = getattr(indexer, "_portfolio_touched", None)
    if touched is not None:
        touched.update(docnames)


def _quick_terms(indexer: Any) -> None:
    """Have *indexer*, loaded from ``searchindex.js`` (:func:`load_search_index`) and
    adopted by the builder, freeze its words faster: a word none of whose pages
    changed keeps the list the file had, where ``IndexBuilder.get_terms(fn2index)``
    (Sphinx 7.2-9.0, called by ``freeze``) sorts the pages of every word again (some
    30 ms with 5,000 paper pages).

    A page's words change where it is fed again (``feed``), pruned
    (:func:`_prune_quickly`) or given words by this extension (``set_page_words``,
    :func:`adopted_pages`): each notes the page. The lists hold only where the pages
    are those of the file, in its order; a word is made afresh where a page noted is
    or was among its pages, or its number of pages differs. Otherwise Sphinx's
    ``get_terms`` makes them all.
    """
    frozen = getattr(indexer, "_portfolio_frozen", None)
    get_terms, feed = getattr(indexer, "get_terms", None), getattr(indexer, "feed", None)
    if (not isinstance(frozen, dict) or not callable(get_terms) or not callable(feed)
            or not all(isinstance(frozen.get(name), (dict, list))
                       for name in ("docnames", "terms", "titleterms"))):
        return
    touched: set[str] = set()
    indexer._portfolio_touched = touched

    def feeding(*args: Any, **kwargs: Any) -> None:
        touched.add(args[0] if args else kwargs["docname"])
        feed(*args, **kwargs)

    def quick_terms(fn2index: dict[str, int]) -> Any:
        if _overlay(indexer) is not None:  # the file's words are not in the sets yet
            return get_terms(fn2index)
        mappings = search_word_maps(indexer)
        if len(mappings) != 2 or list(fn2index) != list(frozen["docnames"]):
            return get_terms(fn2index)
        numbers = {fn2index[name] for name in touched if name in fn2index}
        results: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
        for found, mapping, before in zip(results, mappings,
                                          (frozen["terms"], frozen["titleterms"]), strict=True):
            for word, docnames in mapping.items():
                old = before.get(word)
                if (old is not None and touched.isdisjoint(docnames)
                        and len(docnames) == (1 if isinstance(old, int) else len(old))
                        and (old not in numbers if isinstance(old, int)
                             else numbers.isdisjoint(old))):
                    found[word] = old
                else:
                    _put_term(found, word, docnames, fn2index)
        return results

    indexer.feed = feeding
    indexer.get_terms = quick_terms


def _untitled(indexer: Any, docnames: Iterable[str]) -> None:
    """Take *docnames* (pages of ``_titles``) out of *indexer*'s ``_titles``,
    ``_filenames`` and ``_all_titles``, noted as pages whose words change
    (:func:`_quick_terms`); their words are the caller's."""
    docnames = list(docnames)
    _touched(indexer, docnames)
    overlay = _overlay(indexer)
    if overlay is not None:  # the file's words and titles of these pages no longer hold
        overlay.gone.update(docnames)
    for docname in docnames:
        del indexer._titles[docname]
        indexer._filenames.pop(docname, None)
        indexer._all_titles.pop(docname, None)


def _prune_quickly(indexer: Any, keep: set[str]) -> bool:
    """``IndexBuilder.prune(keep)`` (Sphinx 7.2-9.0) by taking out the few pages not
    kept, rather than intersecting every word's set of pages with *keep* (some 20 ms a
    call with 5,000 paper pages, twice a build); whether it could.

    prune keeps, of ``_titles``, ``_filenames`` and ``_all_titles`` (one key per page,
    the pages ``feed`` and ``load`` put there), the pages of *keep*, and takes the
    others out of each word's set in ``_mapping`` and ``_title_mapping``, leaving a set
    it empties in place. The pages in those sets are pages of ``_titles``: ``feed``,
    ``load`` and this extension's helpers put a page in both. Where the dicts are not
    there, Sphinx prunes.
    """
    names = ("_titles", "_filenames", "_all_titles", "_mapping", "_title_mapping")
    parts = [getattr(indexer, name, None) for name in names]
    if not all(isinstance(part, dict) for part in parts):
        return False
    titles, _, _, mapping, title_mapping = parts
    gone = [docname for docname in titles if docname not in keep]
    overlay = _overlay(indexer)
    if gone and overlay is not None and overlay.dropped:
        # words that lose their last page now stay, empty, as Sphinx's prune leaves them
        materialize(indexer)
    _untitled(indexer, gone)
    if gone:
        for words in (mapping, title_mapping):
            for docnames in words.values():
                docnames.difference_update(gone)
    return True


def site_assets(builder: Any) -> tuple[list[Any], list[Any]]:
    """The stylesheets and scripts of every page: (css files, js files).

    ``StandaloneHTMLBuilder._orig_css_files`` and ``_orig_js_files`` (Sphinx 7.2-9.0):
    the lists as they were before any page was written, to which ``handle_page`` resets
    ``_css_files`` and ``_js_files`` (the page context's ``css_files`` and
    ``script_files``) before each page, so that what a page's ``html-page-context``
    adds (MathJax for a page with maths) stays on that page. Without them, the page
    context's lists as they are.
    """
    context = getattr(builder, "globalcontext", {})
    css = getattr(builder, "_orig_css_files", None)
    js = getattr(builder, "_orig_js_files", None)
    if not isinstance(css, list) or not isinstance(js, list):
        return list(context.get("css_files", ())), list(context.get("script_files", ()))
    return list(css), list(js)


def copy_indexed_pages(old: Any, builder: Any, pagenames: set[str]) -> set[str]:
    """Index generated pages as *old* indexed them; the pages copied.

    *old* is an ``IndexBuilder`` loaded from the previous ``searchindex.js``
    (:func:`load_search_index`); of *pagenames*, the pages it holds get its titles,
    file names and words (``_titles``, ``_filenames``, ``_all_titles``, ``_mapping``,
    ``_title_mapping``: what ``feed`` fills and ``load`` restores, Sphinx 7.2-9.0) in
    the builder's ``indexer``, and are kept as index_generated_page keeps them: the
    index Sphinx writes is then the one feeding them again would give
    (``tests/test_papers.py`` compares the two). Without an indexer, or if the
    internals change (a missing attribute), nothing is copied and the pages are fed.
    """
    new = getattr(builder, "indexer", None)
    names = ("_titles", "_filenames", "_all_titles", "_mapping", "_title_mapping")
    materialize(old)
    if old is None or new is None or not all(
        isinstance(getattr(index, name, None), dict) for index in (old, new) for name in names
    ):
        return set()
    found = {name for name in pagenames if name in old._titles}
    for name in found:
        new._titles[name] = old._titles[name]
        new._filenames[name] = old._filenames[name]
        new._all_titles[name] = old._all_titles.get(name, [])
    for mapping in ("_mapping", "_title_mapping"):
        target = getattr(new, mapping)
        for word, docnames in getattr(old, mapping).items():
            if hits := docnames & found:
                target.setdefault(word, set()).update(hits)
    _generated(new).update(found)
    return found


def search_index_docnames(indexer: Any) -> set[str]:
    """The pages a search index loaded by :func:`load_search_index` holds."""
    return set(indexer._titles)


def adopt_search_index(builder: Any, old: Any, generated: set[str]) -> None:
    """Have the builder start its search index from *old*, the ``searchindex.js``
    :func:`load_search_index` read at env-get-updated, instead of reading the file a
    second time (some 35 ms with 5,000 paper pages); of the pages *old* holds besides
    the documents, those of *generated* are kept for :func:`adopted_pages`.

    ``StandaloneHTMLBuilder.prepare_writing`` makes a new ``IndexBuilder`` and calls
    ``self.load_indexer(docnames)``, which loads the file into it and prunes it to the
    documents not written again (Sphinx 7.2-9.0). For that one call, an attribute of
    the builder stands in for the method: the builder's ``indexer`` becomes *old*, made
    with the same arguments, pruned as Sphinx prunes it (its ``prune`` keeping the
    generated pages, see index_generated_page). If the builder's indexer is not an
    ``IndexBuilder`` of the same class, or Sphinx no longer calls ``load_indexer``,
    Sphinx reads the file itself, as before.
    """
    if old is None or not callable(getattr(builder, "load_indexer", None)):
        return
    original = builder.load_indexer

    def load_indexer(docnames: Any) -> None:
        with contextlib.suppress(AttributeError):
            del builder.load_indexer  # once: the method is the builder's own again
        fresh = getattr(builder, "indexer", None)
        if type(fresh) is not type(old):
            original(docnames)
            return
        loaded = set(old._titles)
        _generated(old).update(loaded & generated)
        old._portfolio_loaded = loaded
        builder.indexer = old
        _quick_terms(old)
        old.prune(set(builder.env.all_docs).difference(docnames))

    builder.load_indexer = load_indexer


def adopted_pages(builder: Any, old: Any, current: set[str]) -> set[str] | None:
    """Of the generated pages the builder's index kept from *old*
    (:func:`adopt_search_index`), those of *current* (whose words hold): the others are
    taken out of the index, and words left without a page with them. None if the
    builder did not adopt *old* (copy_indexed_pages then copies from it)."""
    indexer = getattr(builder, "indexer", None)
    if old is None or indexer is not old or not hasattr(old, "_portfolio_loaded"):
        return None
    kept = _generated(indexer)
    stale = kept - current
    if stale:
        _untitled(indexer, stale & set(indexer._titles))
        for mapping in search_word_maps(indexer):
            _take_out(mapping, stale, [w for w, names in mapping.items()
                                       if not names.isdisjoint(stale)])
        kept -= stale
    return kept & set(indexer._titles)


def capture_page_words(builder: Any, wanted: Callable[[str], bool],
                       sink: dict[str, dict[str, int]]) -> None:
    """As the builder indexes a page that *wanted* names, put in *sink* how often each
    word of its text comes in it (``html/patching.py`` patches the words of a page it
    does not write again from these counts).

    ``StandaloneHTMLBuilder.index_page(pagename, doctree, title)`` gives the doctree
    to ``IndexBuilder.feed``, which collects its words with ``_word_collector(doctree)``
    (a ``WordStore``: ``words`` for the text, title words included) before stemming
    them (Sphinx 9.0). For each such page, an attribute of the indexer stands in for
    ``_word_collector`` during that one ``index_page``: the words are counted as Sphinx
    collected them, with no second walk. If the internals differ, nothing is counted,
    and the pages are written again as before.
    """
    original = getattr(builder, "index_page", None)
    if not callable(original):
        return

    def index_page(pagename: str, doctree: Any, title: str) -> None:
        indexer = getattr(builder, "indexer", None)
        collect = getattr(indexer, "_word_collector", None)
        if not (wanted(pagename) and callable(collect)):
            original(pagename, doctree, title)
            return

        def counted(tree: Any) -> Any:
            store = collect(tree)
            words = getattr(store, "words", None)
            if isinstance(words, list):
                sink[pagename] = dict(Counter(words))
            return store

        indexer._word_collector = counted
        try:
            original(pagename, doctree, title)
        finally:
            with contextlib.suppress(AttributeError):
                del indexer._word_collector

    builder.index_page = index_page


def split_words(indexer: Any, text: str) -> list[str] | None:
    """*text* cut into words as the search index *indexer* (an ``IndexBuilder``) cuts
    a page's text (``SearchLanguage.split``, Sphinx 9.0); None without one."""
    split = getattr(getattr(indexer, "lang", None), "split", None)
    return split(text) if callable(split) else None


def new_search_index(builder: Any) -> Any | None:
    """An empty ``IndexBuilder`` as the HTML builder makes its own (the same
    arguments as ``prepare_writing``, Sphinx 9.0): its language cuts and stems words
    as the builder's index will. None if one cannot be made."""
    from sphinx.search import IndexBuilder

    config = builder.config
    try:
        return IndexBuilder(builder.env, config.html_search_language or config.language,
                            config.html_search_options, config.html_search_scorer)
    except Exception:  # noqa: BLE001 (no index here: the pages are written as before)
        return None


def event_handlers(app: Sphinx, name: str) -> list[Any] | None:
    """The functions connected to event *name*: ``EventManager.listeners`` (event name
    -> ``EventListener``s with a ``handler``, Sphinx 9.0); None if that changed."""
    listeners = getattr(getattr(app, "events", None), "listeners", None)
    if not isinstance(listeners, dict):
        return None
    return [getattr(listener, "handler", None) for listener in listeners.get(name, ())]


def set_page_words(builder: Any, docname: str, words: Iterable[str]) -> bool:
    """Make the builder's search index hold the text words *words* for *docname*, as
    ``IndexBuilder.feed`` would (Sphinx 9.0): each word stemmed and filtered, the
    unstemmed word where only it passes the filter, none that the page's titles hold
    already; the page is taken out of the words it no longer has, and a word left with
    no page is dropped. Whether it could (an index of another shape: not)."""
    indexer = getattr(builder, "indexer", None)
    materialize(indexer)  # the page's words of the file are read and changed
    mapping = getattr(indexer, "_mapping", None)
    titles = getattr(indexer, "_title_mapping", None)
    lang = getattr(indexer, "lang", None)
    if not (isinstance(mapping, dict) and isinstance(titles, dict)
            and callable(getattr(lang, "stem", None))
            and callable(getattr(lang, "word_filter", None))):
        return False
    _touched(indexer, [docname])
    found: set[str] = set()
    for word in words:
        key = _word_key(lang, word)
        if key is not None and docname not in titles.get(key, ()):
            found.add(key)
    _take_out(mapping, {docname}, [w for w, docnames in mapping.items()
                                   if docname in docnames and w not in found])
    for word in found:
        mapping.setdefault(word, set()).add(docname)
    return True


def _take_out(mapping: dict[str, set[str]], docnames: set[str], words: list[str]) -> None:
    """Take *docnames* out of the pages of *words* in a word -> pages *mapping*; a word
    left with no page goes (as a clean build would not have it)."""
    for word in words:
        mapping[word] -= docnames
        if not mapping[word]:
            del mapping[word]


def keep_search_index(builder: Any, old: Any, generated: set[str]) -> bool:
    """Leave ``searchindex.js`` as it is, if it is the one the builder would write;
    whether it is. *old* is that file (:func:`load_search_index`), *generated* the
    generated pages it is to hold, with the words it has for them.

    The caller knows that no page is to be indexed afresh (no document written, every
    generated page as the file has it): the index Sphinx would write is then the file,
    unless a page is gone, which the sets of pages tell (``IndexBuilder._titles`` of the
    builder's ``indexer``: the documents Sphinx kept). ``dump_search_index`` writes
    nothing for a builder whose ``indexer`` is None (Sphinx 7.2-9.0), and nothing after
    html-collect-pages reads it.
    """
    new = getattr(builder, "indexer", None)
    titles = getattr(new, "_titles", None)
    if old is None or not isinstance(titles, dict) or not isinstance(old._titles, dict):
        return False
    documents = set(titles)
    if new is old:  # adopted (adopt_search_index): the file's pages, less those pruned
        if documents != getattr(old, "_portfolio_loaded", None) or not generated <= documents:
            return False
    elif documents - set(builder.env.all_docs) or documents | generated != set(old._titles):
        return False
    builder.indexer = None
    return True


def load_search_index(builder: Any, *, overlaid: bool = False) -> Any | None:
    """The HTML builder's ``searchindex.js`` as an ``IndexBuilder``, or None if Sphinx
    cannot read it back.

    Read as ``StandaloneHTMLBuilder.load_indexer`` reads it (Sphinx 7.2-9.0): a new
    ``IndexBuilder`` loads the file in the builder's ``indexer_format``; its docnames
    are the keys of ``IndexBuilder._titles``. ``load`` only replaces the indexer's own
    attributes, so the environment is left as it was. Sphinx itself catches only
    ``OSError`` and ``ValueError`` there (a damaged file that raises anything else ends
    the build), so any exception here means unreadable. If the internals change, every
    index reads as unreadable and each build writes every page (slower, not wrong).

    *overlaid*, the pages' words and titles are left in what the file holds
    (:class:`_Overlay`), where ``load`` makes a set of pages for every word (some 40
    ms, and as much again to free them, with 5,000 paper pages).
    """
    path = builder.outdir / builder.searchindex_filename
    indexer = new_search_index(builder)
    if indexer is None:
        return None
    try:
        form = builder.indexer_format
        if isinstance(form, str):
            form = indexer.formats[form]
        with open(path, **({"encoding": "utf-8"} if builder.indexer_dumps_unicode
                           else {"mode": "rb"})) as stream:
            frozen = form.load(stream)
        # loaded from what was read (load(stream, format) asks the format for it), which
        # is kept for the words that stay as they are (_quick_terms); overlaid, the
        # words and titles stay in it (_Overlay)
        if not (overlaid and form is _js_index() and _overlay_on(indexer, frozen)):
            indexer.load(None, _Read(frozen))
        if not isinstance(indexer._titles, dict):  # what search_index_docnames reads
            return None
        indexer._portfolio_frozen = frozen
    except Exception:  # noqa: BLE001 (see above: unreadable, whatever the reason)
        return None
    return indexer


class _Overlay:
    """The words and titles that ``searchindex.js`` gives the pages it holds, left in
    the file's form: an ``IndexBuilder`` overlaid with it (:func:`load_search_index`)
    has the file's ``_titles`` and ``_filenames``, and ``_mapping``, ``_title_mapping``
    and ``_all_titles`` hold only what was fed since (Sphinx 9.0). A page taken out of
    ``_titles`` (:func:`_untitled`) is *gone*: its words and titles of the file no
    longer hold. The index frozen (``freeze``, ``get_terms``) is the one the file loaded
    with ``IndexBuilder.load`` would give after the same changes (words left without a
    page dropped, as ``drop_unused_words`` drops them); where something reads or
    changes the words of a page of the file, the file's words are put in the sets
    first (:func:`materialize`), and from then on it is an index as ``load`` makes it.
    """

    def __init__(self, frozen: dict[str, Any]) -> None:
        self.frozen = frozen
        self.index2fn: list[str] = frozen["docnames"]
        #: pages whose words and titles of the file no longer hold
        self.gone: set[str] = set()
        #: whether the empty words were dropped (drop_empty_words): a page taken out
        #: after that leaves its words empty, as IndexBuilder.prune does
        self.dropped = False


def _overlay(indexer: Any) -> _Overlay | None:
    return vars(indexer).get("_portfolio_overlay") if indexer is not None else None


def _js_index() -> Any:
    """The format of ``searchindex.js`` (``sphinx.search.js_index``, Sphinx 9.0): JSON
    with its keys sorted, so the order of the words' dicts does not show in it."""
    from sphinx.search import js_index

    return js_index


def _overlay_on(indexer: Any, frozen: Any) -> bool:
    """Overlay *indexer* with *frozen* (:class:`_Overlay`), if it is a whole index of
    this Sphinx that ``IndexBuilder.load`` would read (else load reads it, or rejects
    it): the same checks, and that every page number is one of its pages."""
    names = ("_titles", "_filenames", "_all_titles", "_mapping", "_title_mapping",
             "_env_version")
    if not (isinstance(frozen, dict) and all(hasattr(indexer, name) for name in names)
            and callable(getattr(indexer, "freeze", None))
            and callable(getattr(indexer, "get_terms", None))
            and frozen.get("envversion") == indexer._env_version):
        return False
    docnames, filenames, titles = (frozen.get(k) for k in ("docnames", "filenames", "titles"))
    terms, titleterms, alltitles = (frozen.get(k) for k in ("terms", "titleterms", "alltitles"))
    if not (isinstance(docnames, list) and isinstance(filenames, list)
            and isinstance(titles, list) and len(docnames) == len(filenames) == len(titles)
            and len(set(docnames)) == len(docnames)
            and all(type(name) is str for name in docnames)
            and all(isinstance(part, dict) for part in (terms, titleterms, alltitles))):
        return False
    count = len(docnames)
    for words in (terms, titleterms):
        for value in words.values():
            if type(value) is int:
                if not 0 <= value < count:
                    return False
            elif not (type(value) is list and set(map(type, value)) <= {int}
                      and (not value or (min(value) >= 0 and max(value) < count))):
                return False
    for pairs in alltitles.values():
        if not (type(pairs) is list and all(
                type(pair) is list and len(pair) == 2 and type(pair[0]) is int
                and 0 <= pair[0] < count for pair in pairs)):
            return False
    indexer._filenames = dict(zip(docnames, filenames, strict=True))
    indexer._titles = dict(zip(docnames, titles, strict=True))
    indexer._all_titles, indexer._mapping, indexer._title_mapping = {}, {}, {}
    indexer._portfolio_overlay = _Overlay(frozen)
    get_terms, freeze = indexer.get_terms, indexer.freeze

    def overlaid_terms(fn2index: dict[str, int]) -> Any:
        overlay = _overlay(indexer)
        return get_terms(fn2index) if overlay is None else _overlaid_terms(
            overlay, (indexer._mapping, indexer._title_mapping), fn2index)

    def overlaid_freeze() -> dict[str, Any]:
        frozen_now = freeze()
        overlay = _overlay(indexer)
        if overlay is not None:
            _overlaid_titles(overlay, indexer._all_titles, frozen_now)
        return frozen_now

    indexer.get_terms, indexer.freeze = overlaid_terms, overlaid_freeze
    return True


def _overlaid_terms(overlay: _Overlay, mappings: tuple[dict[str, set[str]], ...],
                    fn2index: dict[str, int]) -> Any:
    """``IndexBuilder.get_terms(fn2index)`` of the overlaid index: for each word, its
    pages of the file not gone and those fed since, as get_terms gives them (one page:
    its number; more: their numbers sorted; a page fed that is not in *fn2index* is
    left out); a word of the file left with no page is dropped."""
    index2fn, gone = overlay.index2fn, overlay.gone
    same = list(fn2index) == index2fn  # then a page's number is the file's
    gone_numbers = {fn2index[name] for name in gone if name in fn2index} if same else set()
    numbers = None if same else [None if name in gone else fn2index.get(name)
                                 for name in index2fn]
    results: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
    for found, mapping, words in zip(results, mappings,
                                     (overlay.frozen["terms"], overlay.frozen["titleterms"]),
                                     strict=True):
        for word, value in words.items():
            pages = [value] if type(value) is int else value
            fed = mapping.get(word)
            if fed is not None:  # the pages the sets would hold: the file's and those fed
                _put_term(found, word, {*fed, *(index2fn[number] for number in pages
                                                if index2fn[number] not in gone)}, fn2index)
                continue
            if same:
                if not gone_numbers.isdisjoint(pages):
                    pages = [number for number in pages if number not in gone_numbers]
            else:
                pages = sorted(n for n in (numbers[number] for number in pages) if n is not None)
            if pages:
                found[word] = pages[0] if len(pages) == 1 else pages
        for word, fed in mapping.items():
            if word not in words:
                _put_term(found, word, fed, fn2index)
    return results


def _put_term(found: dict[str, Any], word: str, docnames: set[str],
              fn2index: dict[str, int]) -> None:
    """Put *word*'s pages in *found* as ``IndexBuilder.get_terms`` does (Sphinx 9.0):
    one page, its number (none if it is not in *fn2index*); more, their numbers sorted."""
    if len(docnames) == 1:
        (name,) = docnames
        if name in fn2index:
            found[word] = fn2index[name]
    else:
        found[word] = sorted(fn2index[name] for name in docnames if name in fn2index)


def _overlaid_titles(overlay: _Overlay, fed: dict[str, Any], frozen: dict[str, Any]) -> None:
    """Add to *frozen* (``IndexBuilder.freeze`` of the overlaid index) the titles of the
    file's pages not gone and not fed since (*fed*: ``_all_titles``), as freeze lists
    them: each title's pages in their order, a page's titles in the file's order."""
    fn2index = {name: number for number, name in enumerate(frozen["docnames"])}
    index2fn, gone, alltitles = overlay.index2fn, overlay.gone, frozen["alltitles"]
    same = list(fn2index) == index2fn  # then the file's pages are in their order
    for title, pairs in overlay.frozen["alltitles"].items():
        kept = [(fn2index[name], anchor) for number, anchor in pairs
                if (name := index2fn[number]) in fn2index and name not in gone
                and name not in fed]
        if not kept:
            continue
        if title in alltitles:
            kept = sorted([*alltitles[title], *kept], key=lambda pair: pair[0])
        elif not same:
            kept.sort(key=lambda pair: pair[0])
        alltitles[title] = kept


def materialize(indexer: Any) -> None:
    """Put the words and titles of the file that overlay *indexer* (:class:`_Overlay`)
    into its sets and ``_all_titles``, as ``IndexBuilder.load`` would have and the
    changes since have left them; no overlay, nothing to do."""
    overlay = vars(indexer).pop("_portfolio_overlay", None) if indexer is not None else None
    if overlay is None:
        return
    index2fn, gone, frozen = overlay.index2fn, overlay.gone, overlay.frozen
    for mapping, words in ((indexer._mapping, frozen["terms"]),
                           (indexer._title_mapping, frozen["titleterms"])):
        for word, value in words.items():
            pages = {index2fn[number] for number in
                     ([value] if type(value) is int else value)} - gone
            if pages:
                mapping.setdefault(word, set()).update(pages)
    fresh: dict[str, list[tuple[str, Any]]] = {  # the pages whose titles are the file's
        name: [] for name in index2fn if name not in gone and name not in indexer._all_titles}
    for title, pairs in frozen["alltitles"].items():
        for number, anchor in pairs:
            if (titles := fresh.get(index2fn[number])) is not None:
                titles.append((title, anchor))
    indexer._all_titles.update(fresh)


def drop_empty_words(indexer: Any) -> None:
    """Drop the words of *indexer* left with no page (a clean build has none of them)."""
    overlay = _overlay(indexer)
    if overlay is not None:
        overlay.dropped = True  # the file's words are dropped as they are frozen
    for mapping in search_word_maps(indexer):
        for word in [word for word, docnames in mapping.items() if not docnames]:
            del mapping[word]


@contextlib.contextmanager
def names_parsed_once() -> Iterator[None]:
    """Within it, pybtex's BibTeX parser parses each name string once: the person of a
    name it met before is a copy of the first parse's (a ``Person`` parses its name,
    some 15 microseconds, and a bib file names its authors again and again: at 1,000
    entries of the bench, 5,000 names, 1,453 of them distinct).

    ``pybtex.database.input.bibtex.Parser.process_entry`` makes each person as
    ``Person(name)`` from its module's ``Person`` (pybtex 0.26, the floor); here that
    name is bound to a function that keeps each parse. A copy has the first parse's
    attributes, each list a list of its own, as a parse of its own gives. A name is
    kept only if its parse reported nothing while pybtex's errors are captured
    (``captured_errors``, as build_index captures them): a name that reports an error
    ("too many commas") reports it for every entry. If the module has no ``Person``, or
    something else stands in for pybtex's (another parse within this one), names are
    parsed as before.
    """
    import pybtex.database
    import pybtex.database.input.bibtex as bibtex_input
    import pybtex.errors

    original = pybtex.database.Person
    if getattr(bibtex_input, "Person", None) is not original:
        yield
        return
    parsed: dict[str, Any] = {}

    def person(string: Any = "", *args: Any, **kwargs: Any) -> Any:
        if args or kwargs or not isinstance(string, str):
            return original(string, *args, **kwargs)
        found = parsed.get(string)
        if found is None:
            errors = pybtex.errors.captured_errors
            before = None if errors is None else len(errors)
            found = original(string)
            if before is None or len(errors) != before:  # type: ignore[arg-type]
                return found
            parsed[string] = found
        made = object.__new__(original)
        made.__dict__.update({name: value[:] if isinstance(value, list) else value
                              for name, value in vars(found).items()})
        return made

    bibtex_input.Person = person
    try:
        yield
    finally:
        bibtex_input.Person = original


def find_field(entry: Entry, name: str, bib_data: BibliographyData | None = None) -> str:
    """The value of field *name* of *entry*, as pybtex's ``field`` template node reads it:
    its own field, else a person list as text, else the crossref'ed entry's field.

    ``Entry._find_field(name, bib_data)`` in pybtex 0.24-0.26. If it changes, every
    field of every entry fails to format.

    :raises KeyError: if the entry has no such field.
    """
    return entry._find_field(name, bib_data=bib_data)


def share_bibdata(
    domain: BibtexDomain, encoding: str, keys_by_file: dict[Path, list[str]],
    data: BibliographyData,
) -> None:
    """Give sphinxcontrib-bibtex's ``cite`` domain our parse of the bib files.

    sphinxcontrib-bibtex 2.7 parses the bib files at builder-inited (priority 500)
    unless ``domain.data["bibdata"]`` is a ``BibData`` up to date with them (same
    encoding, files and mtimes): with ours in place it does not parse again, and its
    parser, which raises on syntax errors, never sees a broken file. 2.6 parses when the
    domain is created, before any extension's builder-inited; the data it uses is then
    replaced by ours. If the layout of ``BibData``/``BibFile`` or the key changes,
    sphinxcontrib-bibtex parses the files itself again (slower, and a syntax error in
    a bib file ends the build with its traceback).
    """
    from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

    domain.data["bibdata"] = BibData(
        encoding=encoding,
        bibfiles={
            path: BibFile(mtime=get_mtime(path), keys=dict.fromkeys(keys))
            for path, keys in keys_by_file.items()
        },
        data=data,
    )


class LinkingBuilder:
    """The builder, seen under another name by sphinxcontrib-bibtex's reference text.

    sphinxcontrib-bibtex's ``reference`` template node (2.6-2.7,
    ``sphinxcontrib.bibtex.style.template``) checks ``info.builder.name``: for
    ``"latex"`` it links to ``\\bibitem`` targets (``\\hyperlink{cite.DOC:ID}``), which
    only its own bibliographies create. Our entries are list items with ordinary labels,
    reached through Sphinx's generic ``make_refnode`` branch, which every builder
    (LaTeX included) understands. If the template reads the builder otherwise, LaTeX
    citations of listed entries may point at missing targets.
    """

    name = "portfolio"

    def __init__(self, builder: Builder) -> None:
        self._builder = builder

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._builder, attr)


def autobuild_main(argv: list[str], build: Any) -> int:
    """Run sphinx-autobuild with *argv*; with *build* (``sphinx-build``'s arguments ->
    its exit status), each build that sphinx-autobuild starts as a new
    ``python -m sphinx [build] ...`` is handed to *build* instead.

    sphinx-autobuild 2024.9-2025.8 starts each build in ``sphinx_autobuild.build`` with
    ``subprocess.run([sys.executable, "-m", "sphinx", ...], check=True)``: that
    module's ``subprocess`` is swapped for one whose ``run`` does so. Any other command
    (its pre- and post-build commands) runs as before, and so does every build of a
    sphinx-autobuild laid out otherwise (before 2024.9 it builds in its own process).
    """
    import subprocess

    import sphinx_autobuild.build as building
    from sphinx_autobuild.__main__ import main

    class _Subprocess:
        def __getattr__(self, name: str) -> Any:
            return getattr(subprocess, name)

        @staticmethod
        def run(command: Any, *args: Any, **kwargs: Any) -> Any:
            import sys

            found = list(command) if isinstance(command, (list, tuple)) else []
            if found[:3] != [sys.executable, "-m", "sphinx"] or args or set(kwargs) - {"check"}:
                return subprocess.run(command, *args, **kwargs)  # noqa: PLW1510 (as called)
            status = build(found[3:])  # as "python -m sphinx" takes them: "build", -M...
            if status and kwargs.get("check"):
                raise subprocess.CalledProcessError(status, command)
            return subprocess.CompletedProcess(command, status)

    if build is not None and getattr(building, "subprocess", None) is subprocess:
        building.subprocess = _Subprocess()  # type: ignore[assignment]
    try:
        return main(argv) or 0
    finally:
        building.subprocess = subprocess  # type: ignore[assignment]
