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
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx import addnodes

from .._compat import search_word_maps
from .domain import get_domain

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
    get_domain(env).navigation_before = _navigation(env) if env.all_docs else None
    return []


def rewrite_for_navigation(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: every page to write again, if the navigation changed."""
    domain = get_domain(env)
    before, domain.navigation_before = domain.navigation_before, None
    if before is None or before == _navigation(env):
        return []
    return sorted(env.found_docs)


def drop_unused_words(app: Sphinx) -> list:
    # html-collect-pages: after every page is indexed, before the index is written
    for mapping in search_word_maps(getattr(app.builder, "indexer", None)):
        for word in [word for word, docnames in mapping.items() if not docnames]:
            del mapping[word]
    return []
