"""Helpers for build tests."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString

try:
    from sphinx.util.console import strip_escape_sequences
except ImportError:  # Sphinx < 7.3 (only strip_colors, which leaves other escapes)
    _ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

    def strip_escape_sequences(text: str) -> str:
        return _ESCAPE.sub("", text)


def html(app, page: str = "index") -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def warnings(app) -> list[str]:
    """The build's warnings, one per item, without colour codes and temp paths."""
    text = strip_escape_sequences(app._warning.getvalue())
    text = text.replace(str(app.srcdir) + "/", "")
    return [
        line for line in text.splitlines()
        if re.search(r"WARNING|ERROR", line)
        # several apps in one process re-register docutils nodes and directives
        and "is already registered" not in line
    ]


def scripted(page: BeautifulSoup) -> BeautifulSoup:
    """*page* as ``portfolio.js`` leaves it: the lists' BibTeX disclosures out of their
    ``<template>`` (which CSS selectors, as in a browser, do not look into)."""
    for template in page.select("template.portfolio-bibtex-later"):
        for string in list(template.find_all(string=True)):
            string.replace_with(NavigableString(str(string)))  # not TemplateString
        template.unwrap()
    return page


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def sphinx(*args: str) -> subprocess.CompletedProcess:
    """Run ``python -m sphinx ARGS`` in a new process; it must succeed with no warning."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", *args], capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return result


def build_html(docs: Path, out: Path) -> Path:
    """The site in *docs* built as HTML into *out*/html (doctrees beside it)."""
    sphinx("-n", "-W", "--keep-going", "-b", "html", "-d", str(out / "doctrees"),
           str(docs), str(out / "html"))
    return out / "html"
