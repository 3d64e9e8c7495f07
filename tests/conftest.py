"""Shared fixtures: sphinx.testing with our test roots."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]
collect_ignore = ["roots"]

TESTS = Path(__file__).parent
REPO = TESTS.parent
#: the owner's CV, the source of every fact on the site (a copy, so a bare clone tests)
CV = TESTS / "data" / "cv.txt"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


@pytest.fixture(scope="module")
def build_root(rootdir, tmp_path_factory):
    """Build a copy of a test root once per module: ``build_root("basic", "html")``.

    Each call copies the root to a fresh folder, so tests that share a module share
    the build, and no two modules share a source tree.
    """
    import shutil
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    apps = []

    def build(name: str, buildername: str = "html", **kwargs):
        srcdir = tmp_path_factory.mktemp(name) / "src"
        shutil.copytree(rootdir / f"test-{name}", srcdir)
        app = SphinxTestApp(
            buildername, srcdir=srcdir, status=StringIO(), warning=StringIO(),
            freshenv=True, **kwargs,
        )
        apps.append(app)
        app.build()
        return app

    yield build
    for app in apps:
        app.cleanup()
