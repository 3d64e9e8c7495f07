"""Shared fixtures: sphinx.testing with our test roots."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import settings

# no time limit per example: the machines are shared, and speed is bench/run.py's business
settings.register_profile("portfolio", deadline=None)
settings.load_profile("portfolio")

pytest_plugins = ["sphinx.testing.fixtures"]
collect_ignore = ["roots"]

TESTS = Path(__file__).parent
REPO = TESTS.parent
#: the owner's CV, the source of every fact on the site (a copy, so a bare clone tests)
CV = TESTS / "data" / "cv.txt"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


def _build(root: Path, srcdir: Path, buildername: str, **kwargs):
    """Copy *root* to *srcdir* and build it there from scratch."""
    from sphinx.testing.util import SphinxTestApp

    shutil.copytree(root, srcdir)
    app = SphinxTestApp(buildername, srcdir=srcdir, status=StringIO(), warning=StringIO(),
                        freshenv=True, **kwargs)
    app.build()
    return app


@pytest.fixture(scope="session")
def build_root(rootdir, tmp_path_factory):
    """One build per (root, builder, settings) for the whole session:
    ``build_root("basic", "html", confoverrides={...})``.

    Tests that ask for the same build share it, whatever their module, so they must
    only read it (its output, ``app.env``, ``app._warning``). Each build has its own copy of the root, so a test that edits the
    sources of its own copy (``fresh_build``) can never reach a shared build.
    (``@pytest.mark.sphinx(testroot=...)`` would not do: sphinx.testing copies a
    root once per session, so every build of it would share one source tree.)
    """
    apps = {}

    def build(name: str, buildername: str = "html", **kwargs):
        # by repr: settings hold dicts and lists (a value with an odd repr only misses)
        key = (name, buildername, repr(sorted(kwargs.items())))
        if key not in apps:
            srcdir = tmp_path_factory.mktemp(name) / "src"
            apps[key] = _build(rootdir / f"test-{name}", srcdir, buildername, **kwargs)
            # at once: an app left set up makes every later build warn that its
            # nodes and directives are "already registered"; output and env stay
            apps[key].cleanup()
        return apps[key]

    return build


@pytest.fixture
def fresh_build(rootdir, tmp_path):
    """A build of its own for a test that edits the sources: ``fresh_build("seo", "html")``.

    The root is copied to this test's temporary folder; edit ``app.srcdir`` and call
    ``app.build()`` again.
    """
    apps = []

    def build(name: str, buildername: str = "html", **kwargs):
        srcdir = tmp_path / f"{name}-{buildername}-{len(apps)}"
        apps.append(_build(rootdir / f"test-{name}", srcdir, buildername, **kwargs))
        return apps[-1]

    yield build
    for app in apps:
        app.cleanup()


@pytest.fixture(scope="session")
def docs_html(tmp_path_factory) -> Path:
    """The real site (docs/) built as HTML once per session, as README says; read only."""
    from util import build_html

    return build_html(REPO / "docs", tmp_path_factory.mktemp("docs"))


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright, one for the session (or a skip saying what
    to install): the browser tests of every module share it."""
    from browser_tools import launch

    with launch() as launched:
        yield launched


@pytest.fixture
def page(browser):
    """A desktop page of the session's Chromium that may use the clipboard; its test
    fails on any script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == []
