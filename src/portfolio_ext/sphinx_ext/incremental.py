"""Incremental builds that produce what a clean build produces.

Two places where Sphinx's incremental HTML builds differ from clean ones:

- **Navigation.** Themes such as furo show the whole site's navigation (every page's
  title, in toctree order) and the previous/next page titles on every page. When an
  edit changes a page title or a toctree, Sphinx rewrites the edited page and the pages
  whose toctree lists it; every other page keeps the old navigation until a clean build.
  Here, a re-read that changes any page title or toctree, or adds or removes a page,
  marks every page for writing. Edits that leave the navigation alone rewrite only what
  Sphinx rewrites anyway.
- **Search index.** Sphinx loads the previous ``searchindex.js`` and removes the pages
  it writes again; a word that none of the pages has any more stays in the index with
  an empty list of pages (``"Other":[]``). Here such words are dropped before the index
  is written.
- **Interrupted builds.** Sphinx saves the environment after reading and before
  writing: a build killed after that (Ctrl-C, a restart of sphinx-autobuild) leaves an
  environment that says every page is up to date, and pages never written. The next
  build would write only the pages whose source is newer than their output, and keep
  e.g. the old navigation everywhere else, for good. Here each build notes, before the
  environment is saved, that its pages are still to write (a side file per builder) and
  removes the note when it finishes without an error; a build that finds the note
  writes every page and every generated page again. Which pages a build writes is
  known only as it writes them (other extensions' handlers, the output's times), so
  the note names them all: an interrupted build costs one full write.
- **A damaged search index.** Sphinx loads ``searchindex.js`` to keep the entries of
  the pages it does not write. If it cannot (missing after a killed clean build, or
  damaged), it warns and writes an incomplete index, or fails with a traceback; if it
  lacks pages, they stay unsearchable. Here such an index is removed and every page is
  written, so that Sphinx starts the index afresh.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx import addnodes

from .._compat import drop_empty_words, load_search_index, search_index_docnames
from .domain import get_domain
from .sidefiles import is_str_list, read_json, write_json

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def _navigation(env: BuildEnvironment) -> dict[str, Any]:
    """What other pages show of each page: its title and its toctrees' entries."""
    result = {}
    for docname in sorted(env.all_docs):
        title = env.titles.get(docname)
        toc = env.tocs.get(docname)
        toctrees = () if toc is None else tuple(
            (repr(node.get("entries")), node.get("caption"), node.get("hidden"),
             node.get("maxdepth"), node.get("titlesonly"), node.get("numbered"))
            for node in toc.findall(addnodes.toctree)
        )
        result[docname] = (title.astext() if title is not None else None, toctrees)
    return result


def note_navigation(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """env-get-outdated: what the navigation was, before Sphinx forgets the removed and
    changed pages."""
    domain = get_domain(env)
    domain.navigation_before = _navigation(env) if env.all_docs else None
    domain.read_times_before = dict(env.all_docs)
    return []


def rewrite_for_navigation(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: every page to write again, if the navigation changed."""
    domain = get_domain(env)
    before, domain.navigation_before = domain.navigation_before, None
    if before is None or before == _navigation(env):
        return []
    return sorted(env.found_docs)


def count_written(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: Any) -> None:
    """html-page-context: one more document written (a generated page has no doctree);
    none at all, and the search index on disk stays as it is (html/papers.py)."""
    if doctree is not None:
        get_domain(app.env).documents_written += 1
        get_domain(app.env).written_pages.add(pagename)


def drop_unused_words(app: Sphinx) -> list:
    # html-collect-pages: after the source pages are indexed and before the index is
    # written; Sphinx calls every handler before it runs the paper pages' generator
    # (papers.collect_pages), so this runs before those pages are fed, which is as well:
    # a word that a paper page brings back is fed again, with its page
    drop_empty_words(getattr(app.builder, "indexer", None))
    return []


# -- interrupted builds ------------------------------------------------------------


def _pending(app: Sphinx) -> Path:
    # one per builder: html and dirhtml share the doctree folder under -M, and one's
    # finished build says nothing of the other's pages
    return Path(app.doctreedir) / f"portfolio-pending-{app.builder.name}.json"


def find_unwritten(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """env-get-outdated: whether an earlier build stopped before it finished writing,
    read before this build's own note replaces it (env-updated comes before
    env-get-updated)."""
    pending = _pending(app)
    if pending.exists():
        domain = get_domain(env)
        domain.interrupted = True  # the generated pages too (html/papers.py)
        # damaged: a build stopped, but which pages it named is unknown
        docnames = read_json(pending, is_str_list)
        domain.unwritten = set(env.found_docs if docnames is None else docnames)
    return []


def rewrite_unwritten(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: the pages an interrupted build did not write, again."""
    return sorted(get_domain(env).unwritten & env.found_docs)


def note_unwritten(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated (last, before Sphinx saves the environment): this build's pages are
    still to write."""
    write_json(_pending(app), sorted(env.found_docs))
    return []


def forget_unwritten(app: Sphinx, exception: BaseException | None) -> None:
    """build-finished (last): every page is written, unless the build failed."""
    if exception is None:
        with contextlib.suppress(OSError):
            _pending(app).unlink(missing_ok=True)


def restart_search_index(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: every page again if ``searchindex.js`` cannot be read back or
    lacks a page this build does not write; a file Sphinx cannot read is removed, as
    Sphinx reads it whatever the pages it writes."""
    builder = app.builder
    get_domain(env).documents_written = 0  # counted from here (count_written)
    if not getattr(builder, "search", False) or not hasattr(builder, "searchindex_filename"):
        return []
    old = get_domain(env).search_before = load_search_index(builder, overlaid=True)
    indexed = None if old is None else search_index_docnames(old)
    if indexed is None:
        with contextlib.suppress(OSError):
            (Path(builder.outdir) / builder.searchindex_filename).unlink(missing_ok=True)
        return sorted(env.found_docs)
    before = get_domain(env).read_times_before
    kept = {doc for doc, read in env.all_docs.items() if before.get(doc) == read}
    # the pages Sphinx indexes: those with a title
    titled = {doc for doc in kept if doc in env.longtitles and env.longtitles[doc].astext()}
    return sorted(env.found_docs) if titled - indexed else []
