"""The benchmark's pure parts: its synthetic bibliographies and its stripped pages.

The benchmark itself is the judge of speed (``nox -s bench``); these tests only make
sure that it compares what it claims to compare.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from textwrap import dedent

from conftest import REPO
from pybtex.database import parse_string
from util import build_html

_spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_run"] = bench  # dataclasses look their module up
_spec.loader.exec_module(bench)


def test_synthetic_bibliographies_are_valid_reproducible_and_annotated():
    entries = bench.generate(200)
    assert [e.bibtex() for e in entries] == [e.bibtex() for e in bench.generate(200)]
    data = parse_string("".join(e.bibtex() for e in entries), "bibtex")
    assert len(data.entries) == 200
    assert all(2 < len(e.persons["author"]) <= 12 for e in data.entries.values())
    assert sum("author+an" in e.fields for e in data.entries.values()) > 100
    assert {e.type for e in data.entries.values()} >= {"article", "inproceedings", "misc"}


def test_stripping_removes_lists_and_roles_and_nothing_else():
    page = dedent("""\
        # Title
        Roles (`{cite:p}`, `` {pubcount}`x` ``) as code stay; {cite:t}`a,b` goes.
        ```{publications}
        :group-by: year
        ```
        ````markdown
        ```{publications}
        ```
        ````
        ```{only} html
        Counted: {pubcount}`role:corresponding`.
        ```
        ```{publications-chart}
        ```
        """)
    assert bench.strip_bibliographies(page) == dedent("""\
        # Title
        Roles (`{cite:p}`, `` {pubcount}`x` ``) as code stay; (a,b) goes.
        ````markdown
        ```{publications}
        ```
        ````
        ```{only} html
        Counted: (role:corresponding).
        ```
        """)


def test_the_stripped_real_site_shows_no_entry_and_keeps_its_examples(tmp_path):
    """The "no bibliography" variant of the real site: the same pages, where no list,
    citation or count is left, and the code examples of them are still there."""
    root = tmp_path / "site"
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copy(REPO / "refs.bib", root / "refs.bib")
    for page in (root / "docs").rglob("*.md"):
        page.write_text(bench.strip_bibliographies(page.read_text(encoding="utf-8")),
                        encoding="utf-8")
    with (root / "docs" / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nbibtex_bibfiles = []\nportfolio_paper_pages = False\n")
    out = build_html(root / "docs", tmp_path / "out")
    pages = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
             for p in out.rglob("*.html")}
    for name, text in pages.items():
        for mark in ("portfolio-entry", "bibtex-citation", "portfolio-count-role",
                     "portfolio-chart", "portfolio-filter"):
            assert f'class="{mark}' not in text and f" {mark}" not in text, (name, mark)
    assert "{publications}" in pages["extension.html"]  # the examples, as code
    assert "{cite:p}" in pages["extension.html"]
