"""Development tasks.

Usage::

    nox                 # lint and tests
    nox -s docs         # HTML site in _build/html
    nox -s serve        # live preview while editing pages or refs.bib
    nox -s epub pdf     # the other formats
    nox -s e2e          # the built site in a real browser (tests/test_browser.py)
    nox -s cover        # re-render the ePub cover after editing cover.svg
    nox -s bench        # build times against sphinxcontrib-bibtex (bench/run.py)
    nox -s fuzz         # mutation fuzzing of refs.bib, the pages and conf.py (tests/fuzz.py)
    nox -s compat       # sphinxcontrib-bibtex's own tests with portfolio_ext added
    nox -s tests-min    # the tests at the lowest versions pyproject.toml allows
    nox -s tests -- -k directive    # arguments after -- go to pytest
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True

BUILD = "_build"
SPHINX = ["-n", "-W", "--keep-going"]
#: the sphinxcontrib-bibtex release whose own test suite ``compat`` runs
BIBTEX_PINNED = "2.7.0"


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML site into _build/html."""
    session.install("-e", ".[site]")
    session.run("sphinx-build", *SPHINX, "-b", "html", "-d", f"{BUILD}/doctrees",
                "docs", f"{BUILD}/html", *session.posargs)
    session.log(f"open {BUILD}/html/index.html")


@nox.session
def serve(session: nox.Session) -> None:
    """Live preview: rebuilds on every save of a page or of refs.bib (portfolio-serve:
    sphinx-autobuild, each build forked from a process that has imported Sphinx)."""
    session.install("-e", ".[site]", "sphinx-autobuild>=2024.10.3")
    session.run("portfolio-serve", "--watch", "refs.bib", "--watch", "src",
                "-b", "html", "docs", f"{BUILD}/serve", *session.posargs)


@nox.session
def epub(session: nox.Session) -> None:
    """Build the ePub into _build/epub."""
    session.install("-e", ".[site]")
    session.run("sphinx-build", *SPHINX, "-b", "epub", "-d", f"{BUILD}/doctrees-epub",
                "docs", f"{BUILD}/epub", *session.posargs)


@nox.session
def pdf(session: nox.Session) -> None:
    """Build the PDF with xelatex into _build/latex (needs TeX Live and Noto CJK)."""
    session.install("-e", ".[site]")
    session.run("sphinx-build", "-M", "latexpdf", "docs", BUILD, *SPHINX,
                "-d", f"{BUILD}/doctrees-latex", *session.posargs)


@nox.session(python=False)
def cover(session: nox.Session) -> None:
    """Render docs/_static/cover.svg to the ePub's cover.png (needs Debian's chromium)."""
    import tempfile

    with tempfile.TemporaryDirectory() as profile:
        session.run(
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--hide-scrollbars", "--window-size=1600,2400",
            "--screenshot=docs/_static/cover.png", "docs/_static/cover.svg", external=True,
        )


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite against the installed package (pybtex entry points!)."""
    session.install("-e", ".[testing]")
    session.run("pytest", *(session.posargs or ["-q"]))


_PRINT_VERSIONS = """
from importlib.metadata import distributions
print(", ".join(sorted(f"{d.metadata['Name']} {d.version}" for d in distributions())))
"""


@nox.session(name="tests-min", venv_backend="uv")
def tests_min(session: nox.Session) -> None:
    """The test suite at the lowest versions that pyproject.toml's bounds allow.

    uv's lowest-direct resolution installs the floor of every direct dependency
    (this project's and the testing extra's), so raising a floor is the only edit.
    """
    session.install("--resolution", "lowest-direct", "-e", ".[testing]")
    session.run("python", "-c", _PRINT_VERSIONS)
    session.run("pytest", *(session.posargs or ["-q"]))


@nox.session
def compat(session: nox.Session) -> None:
    """sphinxcontrib-bibtex's own test suite, without and with portfolio_ext (issue 15).

    Downloads the sdist of the pinned release, runs its tests as they are and with
    ``portfolio_ext`` appended to every app that loads ``sphinxcontrib.bibtex``
    (tests/compat/), prints both counts and the new failures grouped by cause, and
    fails when there is any. Arguments after -- go to tests/compat/run_upstream.py,
    e.g. ``nox -s compat -- --diagnose`` or ``nox -s compat -- -- -k citation``.
    """
    # the upstream suite's own test requirements (its [test] extra, less pytest-cov)
    session.install("-e", ".", f"sphinxcontrib-bibtex=={BIBTEX_PINNED}", "pytest",
                    "sphinx-autoapi")
    session.run("python", "tests/compat/run_upstream.py", "--version", BIBTEX_PINNED,
                "--workdir", f"{BUILD}/compat", *session.posargs)


@nox.session
def e2e(session: nox.Session) -> None:
    """The built site in Chromium: axe, Lighthouse, Nu validator, links, behaviour, screenshots.

    Needs Debian's chromium and a JRE (.ci/run installs them); the npm tools come from
    package-lock.json. Screenshots and reports land in _build/screenshots and _build/reports.
    """
    session.install("-e", ".[testing]")
    if not Path("node_modules/.package-lock.json").exists():
        session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    session.run("pytest", "-m", "browser", *(session.posargs or ["-q"]),
                env={"PORTFOLIO_REQUIRE_BROWSER": "1"})


@nox.session
def bench(session: nox.Session) -> None:
    """Build times and memory at 50, 1,000 and 5,000 synthetic entries, against plain
    sphinxcontrib-bibtex and no bibliography (a quarter of an hour; see bench/run.py).

    Arguments after -- go to bench/run.py, e.g. ``nox -s bench -- --sizes 1000``.
    """
    session.install("-e", ".[site]")
    session.run("python", "bench/run.py", *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """Mutated copies of the site, each built in a new process: tracebacks, silent drops and
    files outside the output, with figures (``nox -s fuzz -- --cases 1000 --keep DIR``)."""
    session.install("-e", ".[testing]")
    session.run("python", "tests/fuzz.py", *(session.posargs or ["--cases", "300"]))


@nox.session
def lint(session: nox.Session) -> None:
    """ruff on the code, the package's import contracts, and the checks of refs.bib."""
    session.install("-e", ".", "ruff", "import-linter")
    session.run("ruff", "check", "src", "tests", "bench", "noxfile.py")
    session.run("lint-imports")
    session.run("portfolio-ext", "check", "docs")
