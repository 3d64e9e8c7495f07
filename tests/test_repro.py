"""Reproducible builds of the real site.

- Two clean builds are byte-identical, whatever the hash seed (so no output depends on
  set or dict iteration order), and they honour ``SOURCE_DATE_EPOCH``.
- A ``-j 2`` build is byte-identical to a serial one.
- An incremental build after editing ``refs.bib``, a page or ``conf.py`` is
  byte-identical to a clean build of the edited sources: in a new process for each
  build (``sphinx-build``), and in one process that builds again and again (what a
  live preview does), where the extension's per-process caches could go stale.

Every file of the output folder is compared, ``.buildinfo``, ``objects.inv`` and
``searchindex.js`` included. Only the doctrees are left out: they are Sphinx's cache
(pickles of the environment, with read times), written to a folder of their own
(``-d``), not part of the site.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from conftest import REPO
from util import strip_escape_sequences, warnings

pytestmark = pytest.mark.slow

#: 2001-09-09: a year that no build date and no publication of the site has
EPOCH = 1_000_000_000
EPOCH_YEAR = "2001"


# -- building ----------------------------------------------------------------------


def _command(src: Path, out: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "sphinx", "-b", "html", "-d", str(out.parent / f"{out.name}.doctrees"),
            *args, str(src), str(out)]


def run_builds(*builds: tuple[Path, Path, tuple[str, ...], int]) -> list[str]:
    """Run ``sphinx-build`` for each (src, out, args, hash seed), at the same time;
    return their outputs."""
    running = []
    for src, out, args, seed in builds:
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONHASHSEED": str(seed)}
        running.append(subprocess.Popen(
            _command(src, out, *args), env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        ))
    outputs = []
    for process in running:
        stdout, stderr = process.communicate()
        assert process.returncode == 0, stderr
        assert "WARNING" not in stderr, stderr
        outputs.append(stdout)
    return outputs


def tree(outdir: Path) -> dict[str, bytes]:
    """Every file of a build output, by relative path."""
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for p in sorted(outdir.rglob("*")) if p.is_file()
    }


def assert_same(found: dict[str, bytes], expected: dict[str, bytes]) -> None:
    """Byte-identical trees; otherwise name the files that differ and show a diff."""
    assert sorted(found) == sorted(expected), "different files"
    differ = [name for name in expected if found[name] != expected[name]]
    if differ:
        first = differ[0]
        diff = difflib.unified_diff(
            expected[first].decode("utf-8", "replace").splitlines(),
            found[first].decode("utf-8", "replace").splitlines(),
            "expected/" + first, "found/" + first, lineterm="", n=1,
        )
        pytest.fail(f"{len(differ)} files differ: {differ}\n" + "\n".join(list(diff)[:40]))


def copy_site(dest: Path, source: Path = REPO) -> Path:
    """Copy docs/ and refs.bib side by side, as conf.py expects (``../refs.bib``)."""
    shutil.copytree(source / "docs", dest / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copy2(source / "refs.bib", dest / "refs.bib")
    return dest / "docs"


# -- clean builds ------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A copy of the repository's site (docs/ and refs.bib): every build of this module
    reads the same sources, even while someone edits the repository."""
    return copy_site(tmp_path_factory.mktemp("repro"))


@pytest.fixture(scope="module")
def clean(site):
    """The site built three times into different folders."""
    outs = {name: site.parent / f"{name}-html" for name in ("first", "second", "parallel")}
    run_builds(
        (site, outs["first"], (), 1),
        (site, outs["second"], (), 2),
        (site, outs["parallel"], ("-j", "2"), 3),
    )
    return {name: tree(out) for name, out in outs.items()}


def test_the_whole_site_is_compared(clean):
    files = clean["first"]
    assert {"index.html", "publications/index.html", "searchindex.js", "objects.inv",
            ".buildinfo", "_static/portfolio.css"} <= set(files)
    assert sum(name.endswith(".html") for name in files) >= 15


def test_two_clean_builds_are_byte_identical(clean):
    # different hash seeds: any output that follows set or str-keyed dict order differs
    assert_same(clean["second"], clean["first"])


def test_parallel_build_is_byte_identical_to_serial(clean):
    assert_same(clean["parallel"], clean["first"])


def test_source_date_epoch_is_honoured(clean):
    pages = {name: data.decode() for name, data in clean["first"].items() if name.endswith(".html")}
    for name, text in pages.items():
        if name != "search.html" or "Copyright" in text:
            assert f"Copyright &#169; {EPOCH_YEAR}, Zhi-Qin John Xu" in text, name
    # no date of the build anywhere (Sphinx's `today`, last-updated stamps)
    today = time.gmtime()
    stamps = [time.strftime(f, today) for f in ("%Y-%m-%d", "%b %d, %Y", "%d %b %Y", "%B %d, %Y")]
    for name, data in clean["first"].items():
        text = data.decode("utf-8", "replace")
        assert not [s for s in stamps if s in text], name


# -- incremental builds ------------------------------------------------------------


def edit_bib(docs: Path) -> None:
    """Move a cited entry to another year and add a new one."""
    bib = docs.parent / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index("@article{luo2021phase,")
    end = text.index("\n}", start)
    entry = text[start:end]
    assert "year          = {2021}" in entry
    text = text[:start] + entry.replace("{2021}", "{2019}") + text[end:]
    text += (
        "\n@misc{xu2025incremental,\n  author = {Xu, Zhi-Qin John and Doe, Jane},\n"
        "  author+an = {2=corresponding},\n  title = {An Entry Added Between Two Builds},\n"
        "  howpublished = {arXiv preprint},\n  year = {2025},\n"
        "  eprint = {2501.00001},\n  archiveprefix = {arXiv},\n"
        "  keywords = {condensation, representative},\n}\n"
    )
    bib.write_text(text, encoding="utf-8")


def edit_page(docs: Path) -> None:
    """Retitle a page (shown in every page's navigation) and cite another entry."""
    page = docs / "research" / "condensation.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Condensation\n")
    text = text.replace("# Condensation\n", "# Condensation of neurons\n", 1)
    text += "\nSee also {cite:p}`xu2020frequency`.\n"
    page.write_text(text, encoding="utf-8")


def edit_conf(docs: Path) -> None:
    """Rename a topic: its sections on several pages change."""
    conf = docs / "conf.py"
    text = conf.read_text(encoding="utf-8")
    assert '"condensation": "Condensation",' in text
    conf.write_text(
        text.replace('"condensation": "Condensation",', '"condensation": "Condensation dynamics",'),
        encoding="utf-8",
    )


EDITS = {"refs.bib": edit_bib, "page": edit_page, "conf.py": edit_conf}


@pytest.fixture(scope="module")
def incremental(site, clean):
    """The first clean build, continued: after each edit an incremental build (a new
    process, as ``sphinx-build`` runs), next to a clean build of the same sources."""
    base, out = site.parent, site.parent / "first-html"
    results = {}
    for step, edit in EDITS.items():
        edit(site)
        snapshot = copy_site(base / f"clean-{step.replace('.', '-')}", base)
        status, _ = run_builds((site, out, (), 0), (snapshot, snapshot.parent / "html", (), 0))
        results[step] = tree(out), tree(snapshot.parent / "html"), status
    return results


@pytest.mark.parametrize("step", EDITS)
def test_incremental_build_matches_clean_build(incremental, step):
    found, expected, _ = incremental[step]
    assert_same(found, expected)


def test_the_builds_were_incremental(incremental):
    """Only what an edit affects is read again (else the comparisons prove little)."""
    def reread(step: str) -> list[str]:
        # Sphinx colours its output when CI is set: read the text without the colours
        status = strip_escape_sequences(incremental[step][2])
        return re.findall(r"reading sources\.\.\. \[ *\d+%\] (\S+)", status)
    # the pages that list or cite entries depend on refs.bib; the others are kept
    assert "research/condensation" in reread("refs.bib")
    assert "teaching" not in reread("refs.bib")
    assert reread("page") == ["research/condensation"]
    # a changed portfolio_* setting re-reads every page, as docs/extension.md says
    assert "teaching" in reread("conf.py")


def test_the_edits_show(incremental):
    after_bib = incremental["refs.bib"][1]["research/condensation.html"].decode()
    assert re.search(r"Luo <em>et al.</em> \(<a [^>]*>2019</a>\)", after_bib)
    assert b"An Entry Added Between Two Builds" in incremental["refs.bib"][1]["index.html"]
    # the new title is in the navigation of an unrelated page
    assert b"Condensation of neurons" in incremental["page"][1]["teaching.html"]
    assert b"Condensation dynamics" in incremental["conf.py"][1]["publications/by-topic.html"]


# -- incremental builds in one process ---------------------------------------------


def edit_basic_bib(src: Path) -> None:
    bib = src / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    assert text.count("year = {2020}") == 1
    bib.write_text(text.replace("year = {2020}", "year = {2019}") + (
        "\n@article{doe2024delta,\n  author = {Doe, Jane},\n  title = {Delta},\n"
        "  journal = {Journal of Delta},\n  year = {2024},\n  keywords = {theory},\n}\n"
    ), encoding="utf-8")


def edit_basic_page(src: Path) -> None:
    page = src / "other.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Other page\n")
    page.write_text(text.replace("# Other page", "# Another page", 1)
                    + "\nAnd {cite:t}`doe2020alpha`.\n", encoding="utf-8")


def edit_basic_conf(src: Path) -> None:
    conf = src / "conf.py"
    text = conf.read_text(encoding="utf-8")
    assert '"theory": "Theory"' in text
    conf.write_text(text.replace('"theory": "Theory"', '"theory": "Theoretical work"'),
                    encoding="utf-8")


BASIC_EDITS = {"refs.bib": edit_basic_bib, "page": edit_basic_page, "conf.py": edit_basic_conf}


def copy_basic(rootdir: Path, dest: Path) -> Path:
    """test-basic with the site's theme, which shows every page title on every page
    (sphinx.testing would otherwise swap the default theme for 'basic')."""
    shutil.copytree(rootdir / "test-basic", dest)
    with (dest / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nhtml_theme = "furo"\n')
    return dest


def test_incremental_builds_in_one_process_match_clean_builds(rootdir, tmp_path, monkeypatch):
    """A live preview may build again and again in one process (sphinx-autobuild has
    called ``build_main``): the per-process caches must follow every edit. Small test
    root; each build is compared with a clean build of the same sources in a new
    process."""
    from sphinx.testing.util import SphinxTestApp

    # the clean builds: after each edit, a copy of the sources built in its own process
    src = copy_basic(rootdir, tmp_path / "src")
    references = []
    for step, edit in BASIC_EDITS.items():
        edit(src)
        shutil.copytree(src, tmp_path / step)
        references.append((tmp_path / step, tmp_path / f"{step}-html", (), 0))
    run_builds(*references)
    expected = {step: tree(out) for step, (_, out, _, _) in zip(BASIC_EDITS, references)}

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    src = copy_basic(rootdir, tmp_path / "live")

    def build() -> dict[str, bytes]:
        app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "live-build",
                            status=StringIO(), warning=StringIO())
        try:
            app.build()
            assert not [w for w in warnings(app) if "portfolio" in w or "bibtex" in w]
            return tree(app.outdir)
        finally:
            app.cleanup()

    build()
    for step, edit in BASIC_EDITS.items():
        edit(src)
        assert_same(build(), expected[step])
    # the edits show, and the new title is in the navigation of every page (the paper
    # pages, static, have none)
    assert b"Theoretical work" in expected["conf.py"]["index.html"]
    assert all(b"Another page" in data for name, data in expected["page"].items()
               if name.endswith(".html") and name not in ("search.html", "genindex.html")
               and not name.startswith("papers/"))
