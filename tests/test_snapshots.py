"""Snapshots of the publications directive's output, on tests/roots/test-builders.

The doctree as read (before post-transforms) and as the HTML builder writes it (after
them), grouped by topic, year, type and not at all; and the HTML of one list page.
Refresh after an intended change of output with
``pytest tests/test_snapshots.py --force-regen`` and review the diff.
"""

from __future__ import annotations

import inspect

import pytest
from util import html

#: the page of test-builders that groups its list each way
PAGES = {"topic": "index", "year": "year", "type": "type", "none": "none"}


def _pformat(app, doctree) -> str:
    """The doctree as pseudo-XML, its source relative and nothing of this machine."""
    doctree["source"] = doctree["source"].removeprefix(f"{app.srcdir}/")
    # Sphinx's counts for translations: nothing to do with this extension
    doctree.attributes.pop("translation_progress", None)
    return doctree.pformat()


@pytest.fixture(scope="module")
def app(build_root):
    return build_root("builders", "html")


@pytest.mark.parametrize("group_by", PAGES)
def test_doctree_as_read(app, group_by, file_regression):
    doctree = app.env.get_doctree(PAGES[group_by])
    file_regression.check(_pformat(app, doctree), extension=".xml")


@pytest.mark.parametrize("group_by", PAGES)
def test_doctree_as_written(app, group_by, file_regression):
    resolve = app.env.get_and_resolve_doctree
    # Sphinx 8.2 added tags= and warns from 9 without it; 7.2 does not know it
    tags = {"tags": app.tags} if "tags" in inspect.signature(resolve).parameters else {}
    doctree = resolve(PAGES[group_by], app.builder, **tags)
    file_regression.check(_pformat(app, doctree), extension=".xml")


def test_html_of_a_list_page(app, file_regression):
    """The main part of furo's page (the rest is the theme's)."""
    main = html(app, "index").select_one("article[role=main]")
    file_regression.check(main.prettify(), extension=".html")
