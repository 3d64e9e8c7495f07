"""Interrupted builds, damaged side files and write order: the next build gives what a
clean build gives.

- A build killed at any phase (after reading, while writing, before the search index
  is dumped, before build-finished), then a normal incremental build: the output equals
  a clean build's, byte for byte; the edited title shows on every page.
- Each side file of the doctree folder damaged (``null``, another JSON shape, random
  bytes, truncated, empty), then a build: the same output as a clean build, no
  traceback, no warning.
- One page and the entry cache deleted, then a build: every page is as before (the
  text the page's readers see does not depend on which page made an entry's markup).

Every build runs ``sphinx-build`` in a process of its own (a kill must end a process),
on test-basic with furo (which shows every title on every page), paper pages and a
sitemap.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import TESTS
from test_repro import EPOCH, assert_same, tree

KILLER = TESTS / "data" / "kill_at.py"


def make_site(rootdir: Path, dest: Path) -> Path:
    shutil.copytree(rootdir / "test-basic", dest)
    shutil.copy2(KILLER, dest / "kill_at.py")
    # a list written before index.html (pages are written in name order): index.html
    # reuses the markup of the entries this page made
    (dest / "all.md").write_text("# All\n\n```{publications}\n:group-by: none\n```\n",
                                 encoding="utf-8")
    index = (dest / "index.md").read_text(encoding="utf-8")
    assert "```{toctree}\nother\n" in index
    (dest / "index.md").write_text(index.replace("```{toctree}\n", "```{toctree}\nall\n"),
                                   encoding="utf-8")
    with (dest / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            '\nimport sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n'
            'extensions += ["kill_at", "sphinxext.opengraph"]\nhtml_theme = "furo"\n'
            'html_baseurl = "https://example.org/jane/"\nportfolio_sitemap = True\n'
        )
    return dest


def build(src: Path, out: Path, kill_at: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONHASHSEED": "0",
           "PORTFOLIO_KILL_AT": kill_at}
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-d", str(out / "doctrees"),
         str(src), str(out / "html")],
        env=env, capture_output=True, text=True, check=False,
    )


def built(src: Path, out: Path) -> subprocess.CompletedProcess:
    result = build(src, out)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr
    return result


def outcome(src: Path, out: Path) -> dict[str, bytes] | str:
    """The output of a build, or why it failed (each case fails on its own)."""
    try:
        built(src, out)
    except AssertionError as exc:
        return str(exc)
    return tree(out / "html")


def check(found: dict[str, bytes] | str, expected: dict[str, bytes]) -> None:
    assert not isinstance(found, str), found
    assert_same(found, expected)


def in_parallel(jobs: dict[Any, Callable[[], Any]]) -> dict[Any, Any]:
    """What each job returns, two builds at a time."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {key: pool.submit(job) for key, job in jobs.items()}
        return {key: future.result() for key, future in futures.items()}


def retitle(src: Path) -> None:
    page = src / "other.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Other page\n")
    page.write_text(text.replace("# Other page", "# Retitled page", 1), encoding="utf-8")


# -- interrupted builds ------------------------------------------------------------

#: (phase the build is killed at, whether that build was a clean one)
KILLS = [("read", False), ("write", False), ("index", False), ("finish", False),
         ("index", True)]


def _interrupted(rootdir: Path, base: Path, phase: str, clean: bool) -> dict[str, bytes] | str:
    src, out = make_site(rootdir, base / "src"), base / "out"
    if clean:
        retitle(src)
    else:
        built(src, out)
        retitle(src)
    killed = build(src, out, kill_at=phase)
    assert killed.returncode == 1, killed.stderr[-3000:]
    return outcome(src, out)


@pytest.fixture(scope="module")
def interrupted(rootdir, tmp_path_factory):
    """The output after each kill and a normal build, and a clean build's."""
    base = tmp_path_factory.mktemp("interrupted")

    def reference() -> dict[str, bytes]:
        src = make_site(rootdir, base / "clean" / "src")
        retitle(src)
        built(src, base / "clean" / "out")
        return tree(base / "clean" / "out" / "html")

    found = in_parallel({"clean": reference, **{
        (phase, clean): functools.partial(
            _interrupted, rootdir, base / f"{phase}-{'clean' if clean else 'incr'}", phase, clean)
        for phase, clean in KILLS
    }})
    return found.pop("clean"), found


@pytest.mark.parametrize(("phase", "clean"), KILLS)
def test_a_build_after_an_interrupted_one_matches_a_clean_build(interrupted, phase, clean):
    expected, found = interrupted
    check(found[(phase, clean)], expected)


def test_the_new_title_shows_everywhere(interrupted):
    expected, _ = interrupted
    for name in ("all.html", "index.html", "plain.html", "types.html"):
        assert b"Retitled page" in expected[name], name


# -- damaged side files ------------------------------------------------------------

SIDE_FILES = ["portfolio-papers-html.json", "portfolio-generated-pages.json",
              "portfolio-entries.pickle", "portfolio-pending-html.json", "portfolio-plain.pickle"]
DAMAGES = {
    "null": lambda data: b"null",
    # a list where a dict belongs, a number where a list belongs
    "shape": lambda data: b"[1]" if data.startswith(b"{") else b"5",
    "random": lambda data: bytes(range(256)) * 3,
    "truncated": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
}


@pytest.fixture(scope="module")
def first_build(rootdir, tmp_path_factory):
    """One clean build; each case damages a copy of its output and doctree folder (the
    sources stay where the environment says they are)."""
    base = tmp_path_factory.mktemp("sidefiles")
    src = make_site(rootdir, base / "src")
    built(src, base / "out")
    return src, base / "out"


def _damaged(src: Path, first: Path, out: Path, name: str, damage: str) -> dict[str, bytes] | str:
    shutil.copytree(first, out)
    side = out / "doctrees" / name
    if not side.exists():  # the pending note: only a killed build leaves one
        side.write_text(json.dumps(["index"]), encoding="utf-8")
    side.write_bytes(DAMAGES[damage](side.read_bytes()))
    return outcome(src, out)


@pytest.fixture(scope="module")
def damaged(first_build, tmp_path_factory):
    src, first = first_build
    base = tmp_path_factory.mktemp("damaged")
    expected = tree(first / "html")
    return expected, in_parallel({
        (name, damage): functools.partial(
            _damaged, src, first, base / f"{name}-{damage}", name, damage)
        for name, damage in CASES
    })


#: every damage of the JSON files; two of the others (test_cache.py damages the entry
#: cache too; any damage of the pending note means every page is written again)
CASES = [(name, damage) for name in SIDE_FILES[:2] for damage in DAMAGES] + [
    (name, damage) for name in SIDE_FILES[2:] for damage in ("random", "truncated")]


@pytest.mark.parametrize(("name", "damage"), CASES)
def test_a_damaged_side_file_is_ignored(damaged, name, damage):
    expected, found = damaged
    check(found[(name, damage)], expected)


def test_the_sitemap_lists_the_paper_pages(damaged):
    expected, _ = damaged
    assert expected["sitemap.xml"].count(b"/papers/") == 3


# -- write order -------------------------------------------------------------------


def test_a_page_written_again_without_the_entry_cache_is_the_same(first_build, tmp_path):
    """The entries' markup made by this page, or reused from one written before it: the
    same page (sphinxext-opengraph's description reads the entries' text)."""
    src, first = first_build
    out = tmp_path / "out"
    shutil.copytree(first, out)
    # written after all.html in a clean build, which made its entries' markup; alone now
    (out / "html" / "index.html").unlink()
    (out / "doctrees" / "portfolio-entries.pickle").unlink()
    check(outcome(src, out), tree(first / "html"))
