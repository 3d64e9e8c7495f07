"""pytest plugin for sphinxcontrib-bibtex's own test suite (``nox -s compat``).

Loaded with ``-p portfolio_compat`` (``tests/compat`` on ``PYTHONPATH``), it appends
``portfolio_ext`` to the extensions of every Sphinx app that loads ``sphinxcontrib.bibtex``,
with no ``portfolio_*`` settings: the upstream suite then checks that adding the
extension to a site that already uses sphinxcontrib-bibtex changes nothing (issue 15).

It patches ``sphinx.config.Config.__init__``, which every app goes through (conf.py and
``confoverrides['extensions']`` alike) before it loads the extensions, on every Sphinx
version the bounds allow.

``PORTFOLIO_COMPAT_APPEND=0`` keeps the suite as it is (the baseline run), and
``PORTFOLIO_COMPAT_REPORT=file.json`` writes every test's outcome there, with the
warnings and the error of each failure, for ``run_upstream.py`` to group.
"""

from __future__ import annotations

import functools
import json
import os
import re

import pytest
import sphinx.config

EXTENSION = "portfolio_ext"
BIBTEX = "sphinxcontrib.bibtex"
_original_init = sphinx.config.Config.__init__


@functools.wraps(_original_init)
def _init(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    extensions = list(getattr(self, "extensions", None) or ())
    if BIBTEX in extensions and EXTENSION not in extensions:
        self.extensions = [*extensions, EXTENSION]
        if SUPPRESS:
            # suppress_warnings is read from the config's raw values later
            self._raw_config["suppress_warnings"] = [
                *self._raw_config.get("suppress_warnings", ()), "portfolio"]


APPEND = os.environ.get("PORTFOLIO_COMPAT_APPEND", "1") != "0"
#: ``PORTFOLIO_COMPAT_SUPPRESS=1``: also suppress every ``portfolio.*`` warning, to see
#: which failures are more than our warnings (a diagnosis, not the measure)
SUPPRESS = os.environ.get("PORTFOLIO_COMPAT_SUPPRESS", "0") == "1"
REPORT = os.environ.get("PORTFOLIO_COMPAT_REPORT")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_outcomes: dict[str, dict] = {}
_apps: list = []  # the apps of the running test, whose warnings a failure reports


def _record_app(original):
    @functools.wraps(original)
    def init(self, *args, **kwargs):
        _apps.append(self)
        original(self, *args, **kwargs)

    return init


def pytest_configure(config: pytest.Config) -> None:
    from sphinx.testing.util import SphinxTestApp

    if APPEND:
        sphinx.config.Config.__init__ = _init
    SphinxTestApp.__init__ = _record_app(SphinxTestApp.__init__)


def pytest_runtest_setup(item: pytest.Item) -> None:
    _apps.clear()


def pytest_unconfigure(config: pytest.Config) -> None:
    sphinx.config.Config.__init__ = _original_init
    if REPORT:
        with open(REPORT, "w", encoding="utf-8") as f:
            json.dump(_outcomes, f, indent=1, sort_keys=True)


def pytest_report_header(config: pytest.Config) -> str:
    if APPEND:
        return f"portfolio_compat: {EXTENSION} appended to every app that loads {BIBTEX}"
    return "portfolio_compat: the suite as it is (baseline)"


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call" and not (report.failed or report.skipped):
        return
    entry = _outcomes.setdefault(report.nodeid, {"outcome": "passed"})
    if report.when == "call" or report.failed:
        # every test's warnings, so that a failure shows which ones the extension added
        # and which ones it took away
        text = "".join(_stream(app) for app in _apps)
        text = _ANSI.sub("", f"{text}\n{report.capstdout}\n{report.capstderr}")
        entry["warnings"] = sorted({*entry.get("warnings", ()), *(
            line.strip() for line in text.splitlines() if "WARNING:" in line or "ERROR:" in line
        )})
    if report.failed:
        entry["outcome"] = "failed" if report.when == "call" else "error"
        crash = getattr(report.longrepr, "reprcrash", None)
        error = crash.message if crash else str(report.longrepr)
        entry["error"] = _ANSI.sub("", error.replace("\\x1b", "\x1b"))
    elif report.skipped and hasattr(report, "wasxfail"):
        entry["outcome"] = "xfailed"
    elif report.skipped and entry["outcome"] == "passed":
        entry["outcome"] = "skipped"


def _stream(app) -> str:
    warning = getattr(app, "_warning", None)
    return warning.getvalue() if hasattr(warning, "getvalue") else ""
