"""Text-only entry edits patched into the written list pages (html, dirhtml).

An edit of an entry's text (its title, a name's spelling, its venue's words) leaves
every list that shows it the same but for the entry's markup and, with paper pages,
the BibTeX in its toggle (``bib.py``: such pages are written again, not read again). Writing a list page again costs what writing it cost (some 0.3 ms an entry:
its doctree restored, its post-transforms, its translation, its search words), where
the two changes are known: the old markup is kept under the entry's old digest
(``formatted.py``), the old BibTeX in the last build's export parts.

So at env-updated (:func:`plan_patches`) each such page is checked: its output file
holds each old piece as often as the page lists the entry, nothing else on the page
depends on the entry's text, and the page's word counts from the build that last
indexed it are known. Those pages are not given to Sphinx to write; at
html-collect-pages (:func:`apply_patches`) the new pieces replace the old ones in the
file, and the page's words in the search index are made from its counts, the entry's
old words taken out and its new ones put in. The result is the file and the index a
full write gives (``tests/test_patching.py`` compares them with a clean build's).

Anything else, and the page is written as before: maths or a site's files in the
entry (their markup is not kept), a changed abstract or venue badge, a site's own
``bibtex-toggle.html`` or ``bibtex.html``, ``html_last_updated_fmt`` (the page would
show this build's date), a handler of ``doctree-resolved`` or ``html-page-context``
from a package not known to leave the entries alone (sphinxext-opengraph reads its
description from the doctree; a site's own handler may rewrite the body's links), a
``no-search`` element on the page, a page that also cites a changed entry,
``portfolio_cache = False``, an interrupted build, or counts that are missing, damaged
or from other tools.
"""

from __future__ import annotations

import hashlib
import html
import pickle
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import new_document

from .._compat import (
    capture_page_words,
    event_handlers,
    new_search_index,
    set_page_words,
    split_words,
    writes_markup,
)
from .._version import __version__
from ..sphinx_ext.authors import entry_nodes, parse_limit
from ..sphinx_ext.badges import abstract_of, has_site_files
from ..sphinx_ext.bib import get_index
from ..sphinx_ext.config import get_config, tools_signature
from ..sphinx_ext.directive import PAPER_URI, entry_text, markup_kind
from ..sphinx_ext.domain import get_domain
from ..sphinx_ext.formatted import earlier_formatting, entry_words
from ..sphinx_ext.sidefiles import read_json, write_json
from ..sphinx_ext.warnings_ import WarningType, warn
from .filter import entry_id
from .papers import (
    BUILDERS,
    _saved_exports,
    _sibling_uris,
    clean_entry_bibtex,
    enabled,
    paper_names,
)
from .templates import _is_packaged

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: the packages whose handlers of a written page (doctree-resolved, html-page-context)
#: leave its lists' entries as they are: with any other's, the page is written again
#: (sphinxext-opengraph reads its description from the doctree; a site's own handler
#: may rewrite links in the body)
_KNOWN = ("sphinx.", "portfolio_ext.", "sphinxcontrib.bibtex", "myst_parser", "alabaster",
          "furo", "sphinx_rtd_theme", "pydata_sphinx_theme", "sphinx_book_theme")
#: what an attribute's value must not hold to be written as it is (``attval``)
_ESCAPED = re.compile(r"[&<>\"\s]")


@dataclass
class _Piece:
    """One change in a page's HTML: *old* (written by the last build) becomes the
    markup of the entry's ``entry_text`` node with *limit*, or *new* if given."""

    old: str
    key: str
    limit: int | None = None
    uri: str = ""
    new: str | None = None


@dataclass
class _Plan:
    """What patching one page takes: its file, its pieces, the entries' words."""

    path: Path
    #: a digest of the file as planned: a file written since is Sphinx's
    digest: str
    pieces: list[_Piece]
    #: key -> (its words before, cut as the index cuts them; how often the page shows it)
    words: dict[str, tuple[Counter[str], int]]


def _words_file(app: Sphinx) -> Path:
    return Path(app.doctreedir) / f"portfolio-words-{app.builder.name}.json"


def _words_signature(app: Sphinx) -> str:
    config = app.config
    return repr((__version__, tools_signature(), config.html_search_language or config.language,
                 sorted((config.html_search_options or {}).items())))


def _is_counts(value: Any) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("signature"), str)
            and isinstance(value.get("pages"), dict)
            and all(isinstance(counts, dict) and all(
                isinstance(w, str) and type(n) is int for w, n in counts.items())
                for counts in value["pages"].values()))


def _saved_counts(app: Sphinx) -> dict[str, dict[str, int]]:
    """The word counts of the list pages, as the builds that indexed them counted them."""
    domain = get_domain(app.env)
    if domain.page_words is None:
        saved = read_json(_words_file(app), _is_counts)
        domain.page_words = (dict(saved["pages"]) if saved and saved["signature"]
                             == _words_signature(app) else {})
    return domain.page_words


def _patches(app: Sphinx) -> bool:
    """Whether this build may patch pages (and so counts their words)."""
    return app.builder.name in BUILDERS and get_config(app.env).cache


def count_list_words(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: count the words of each list page the builder indexes."""
    if _patches(app):
        domain = get_domain(env)
        capture_page_words(app.builder, lambda page: page in domain.lists,
                           domain.counted_words)
    return []


def save_list_words(app: Sphinx, exception: BaseException | None) -> None:
    """build-finished: keep the counts, for the next build's patches: those counted
    now, and those of the pages not written again (a page written without its words
    counted, with the search off, loses its counts). With ``portfolio_cache = False``
    there are none to trust in the next build."""
    if exception is not None:
        return
    if not _patches(app):
        if app.builder.name in BUILDERS:
            _words_file(app).unlink(missing_ok=True)
        return
    domain = get_domain(app.env)
    lists = domain.lists
    stale = {page for page in domain.written_pages if page in lists} - domain.counted_words.keys()
    if not (domain.counted_words or domain.patched or stale):
        return
    pages = {**_saved_counts(app), **domain.counted_words}
    pages = {page: counts for page, counts in pages.items() if page in lists and page not in stale}
    write_json(_words_file(app), {"signature": _words_signature(app), "pages": pages})


def plan_patches(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated, before bib.rewrite_citing_pages: the pages to patch rather than
    write again (``BibChanges.patch``), and how (``domain.patches``)."""
    domain = get_domain(env)
    changes = domain.bib_changes
    builder = app.builder
    # with paper pages, each entry links to its page and has its BibTeX toggle
    linked = enabled(app)
    if (not changes.rewrite or not _patches(app) or domain.interrupted
            or not all(_known(app, event) for event in ("doctree-resolved", "html-page-context"))
            or app.config.html_last_updated_fmt is not None or not writes_markup(app)
            or (linked and not _is_packaged(builder, "bibtex-toggle.html"))):
        return []
    counts = _saved_counts(app) if getattr(builder, "search", False) else None
    # what cuts the words as the builder's index will (that is made later)
    splitter = new_search_index(builder) if counts is not None else None
    if counts is not None and splitter is None:
        return []
    saved = _saved_exports(app) if linked else None
    # a page gone in this build is in changes.rewrite, read before Sphinx forgot it
    for page in sorted(changes.rewrite & env.all_docs.keys()):
        plan = _plan(app, page, changes.rewrite_keys.get(page, frozenset()), counts, saved,
                     splitter)
        if plan is not None:
            changes.patch.add(page)
            domain.patches[page] = plan
    return []


def _known(app: Sphinx, event: str) -> bool:
    handlers = event_handlers(app, event)
    return handlers is not None and all(
        str(getattr(handler, "__module__", "")).startswith(_KNOWN) for handler in handlers)


def _plan(app: Sphinx, page: str, keys: frozenset[str], counts: dict | None,
          saved: dict[str, tuple[str, str]] | None, splitter: Any = None) -> _Plan | None:
    """How to patch *page* for the edited entries *keys* it shows; None if it cannot
    be (it is then written again). *saved*: the export parts, with paper pages."""
    env, builder = app.env, app.builder
    domain, index, config = get_domain(env), get_index(env), get_config(env)
    changes = domain.bib_changes
    metadata = env.metadata.get(page, {})
    if not keys or "no-search" in metadata or "nosearch" in metadata:
        return None
    if counts is not None and page not in counts:
        return None
    path = Path(builder.get_outfilename(page))
    try:
        text = _read(path, app.config.html_output_encoding)
    except (OSError, UnicodeError):
        return None
    if "no-search" in text:  # an entry the search does not index would be counted
        return None
    limits = [None, *sorted({limit for options in domain.lists.get(page, ())
                             if (limit := parse_limit(str(options.get("max-authors", ""))))
                             is not None})]
    linked = saved is not None
    kinds = [(markup_kind(builder, limit), linked) for limit in limits]
    names = paper_names(env) if linked else {}
    uri_of = _sibling_uris(builder, page) if linked else None
    pieces: list[_Piece] = []
    words: dict[str, tuple[Counter[str], int]] = {}
    for key in sorted(keys):
        before = changes.before.get(key)
        if before is None or key not in index.info or (linked and key not in names):
            return None
        old_digest, old_venue, old_pickle = before
        if old_venue != index.info[key].venue:  # its badge and filter class
            return None
        old_entry, entry = pickle.loads(old_pickle), index.data.entries[key]
        if abstract_of(old_entry) != abstract_of(entry):  # its abstract toggle
            return None
        uri = uri_of(names[key]) if uri_of is not None else ""
        if _ESCAPED.search(uri):
            return None
        shown = len(re.findall(rf'portfolio-key-{re.escape(entry_id(key))}(?=[ "])', text))
        old_words, markups = earlier_formatting(index, config, old_digest, kinds)
        part = saved.get(old_digest) if saved is not None else ("", "")
        if not shown or old_words is None or part is None:
            return None
        split = Counter(split_words(splitter, old_words) or ()) if counts is not None else Counter()
        # the page's counts hold the old words as often as it shows the entry
        if counts is not None and any(counts[page].get(word, 0) < n * shown
                                      for word, n in split.items()):
            return None
        #: the old markup -> (the limit it was made with, how often the page holds it)
        olds: dict[str, tuple[int | None, int]] = {}
        for limit, markup in zip(limits, markups, strict=True):
            if markup is None:
                continue
            for made in entry_nodes(index, config, key, limit):
                # its new markup is kept (and so can be made) only without these
                if (isinstance(made, nodes.Element) and (
                        made.next_node(nodes.math) is not None or has_site_files(made))) \
                        or isinstance(made, nodes.math):
                    return None
            old = markup.replace(PAPER_URI, uri) if linked else markup
            if old in olds:  # the same markup whatever the limit (few names)
                continue
            olds[old] = (limit, text.count(old))
        if sum(n for _, n in olds.values()) != shown:
            return None
        pieces += [_Piece(old, key, limit, uri) for old, (limit, n) in olds.items() if n]
        if linked:  # its BibTeX toggle
            old_bibtex = html.escape(part[0].strip())
            if text.count(old_bibtex) != shown:
                return None
            pieces.append(_Piece(old_bibtex, key, new=html.escape(clean_entry_bibtex(index, key))))
        words[key] = (split, shown)
    return _Plan(path, _digest(text), pieces, words)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _read(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, newline="") as stream:  # its line ends as they are
        return stream.read()


def apply_patches(app: Sphinx) -> list:
    """html-collect-pages, before the search index is written: patch the planned pages
    that Sphinx did not write after all (a page that also cites a changed entry is)."""
    domain = get_domain(app.env)
    patches, domain.patches = domain.patches, {}
    if not patches:
        return []
    builder, index, config = app.builder, get_index(app.env), get_config(app.env)
    counts = _saved_counts(app) if getattr(builder, "search", False) else None
    translator = None
    for page, plan in patches.items():
        # written by Sphinx after all (it also cites a changed entry, its navigation
        # changed; with -j its html-page-context is another process's): its file says
        try:
            text = _read(plan.path, app.config.html_output_encoding)
        except (OSError, UnicodeError):
            continue
        if page in domain.written_pages or _digest(text) != plan.digest:
            continue
        if translator is None:
            translator = builder.create_translator(
                new_document("<patch>", builder.docsettings), builder)
        for piece in plan.pieces:
            new = piece.new if piece.new is not None else _markup(
                translator, index, config, piece)
            text = text.replace(piece.old, new)
        try:
            with plan.path.open("w", encoding=app.config.html_output_encoding,
                                errors="xmlcharrefreplace", newline="") as stream:
                stream.write(text)
        except OSError as exc:  # as Sphinx's own pages: a warning, the build goes on
            warn(f"cannot write {plan.path}: {exc}; check the output folder's permissions",
                 WarningType.CONFIG, page)
            continue
        if counts is not None:
            counts[page] = _counted(builder, counts[page], plan, index, config)
            set_page_words(builder, page, [w for w, n in counts[page].items() if n > 0])
        domain.patched.add(page)
        domain.documents_written += 1  # the search index is written again
    return []


def _markup(translator: Any, index: Any, config: Any, piece: _Piece) -> str:
    """The markup *translator* writes of the entry's ``entry_text`` node, in a list as
    the page has it (and keeps, formatted.py, for the next list)."""
    node = entry_text(key=piece.key)
    if piece.uri:
        node["paper-uri"] = piece.uri
    if piece.limit is not None:
        node["max-authors"] = piece.limit
    node += nodes.Text(entry_words(index, config, piece.key))
    document = translator.document
    document.children = []
    document += nodes.bullet_list("", nodes.list_item("", nodes.paragraph("", "", node)))
    translator.body = []
    node.walkabout(translator)
    return "".join(translator.body)


def _counted(builder: Any, counts: dict[str, int], plan: _Plan, index: Any,
             config: Any) -> dict[str, int]:
    """*counts* with each patched entry's old words taken out and its new ones put in."""
    result = Counter(counts)
    for key, (old, shown) in plan.words.items():
        new = Counter(split_words(builder.indexer, entry_words(index, config, key)) or ())
        for word, n in old.items():
            result[word] -= n * shown
        for word, n in new.items():
            result[word] += n * shown
    return {word: n for word, n in result.items() if n > 0}
