"""Helpers for build tests."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.util.console import strip_escape_sequences


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


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())
