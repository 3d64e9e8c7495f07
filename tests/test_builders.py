"""Every root builds clean; the same rendering in LaTeX, ePub and the other builders;
parallel and incremental builds."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from util import strip_escape_sequences, warnings

#: the roots that build without a warning, with each builder they are read with
CLEAN_BUILDS = [
    ("basic", "html"), ("basic", "latex"), ("basic", "epub"),
    ("features", "html"), ("features", "latex"), ("features", "epub"),
    ("keys", "html"),
    ("seo", "html"), ("seo", "dirhtml"), ("seo", "epub"),
    *[("builders", name) for name in (
        "html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "texinfo")],
]


@pytest.mark.parametrize(("root", "builder"), CLEAN_BUILDS)
def test_builds_without_a_warning(build_root, root, builder):
    app = build_root(root, builder)
    # Sphinx colours its output when CI is set
    assert "build succeeded" in strip_escape_sequences(app._status.getvalue())
    assert warnings(app) == []


def _tex(app) -> str:
    # Sphinx wraps long lines: compare with whitespace collapsed
    return " ".join((app.outdir / "test.tex").read_text(encoding="utf-8").split())


@pytest.fixture(scope="module")
def latex(build_root):
    return build_root("basic", "latex")


def test_latex_owner_bold_markers_superscript(latex):
    tex = _tex(latex)
    # the names' words that TeX might hyphenate are in \mbox (sphinx_ext/latex.py)
    assert r"\sphinxstylestrong{\mbox{Jane} Doe}" in tex
    assert r"\sphinxstylestrong{J. Q. Doe}" in tex
    # markers are superscripts; their screen-reader labels stay out of the PDF
    assert r"\mbox{Richard} Roe$^{\text{\#}}$" in tex
    assert r"\mbox{Edgar} Poe$^{\text{*}}$" in tex
    assert "(equal contribution)" not in tex.replace(r"\#}} equal contribution", "")


def test_latex_keeps_groups_in_place(latex):
    """Sections per topic, entries under them, not one bibliography at the end."""
    tex = _tex(latex)
    assert r"\begin{thebibliography}" not in tex
    theory = tex.index(r"{Theory")
    applications = tex.index(r"{Applications")
    alpha = tex.index(r"\label{\detokenize{index:pub-doe2020alpha}}")
    gamma = tex.index(r"\label{\detokenize{index:pub-poe2023gamma}}")
    assert theory < alpha < applications < gamma
    assert re.search(r"\\(sub)*section\{Theory \(2\)", tex.replace(r"\DUrole{portfolio-count}{ (2)}", " (2)"))


def test_latex_citations_link_to_entries(latex):
    tex = _tex(latex)
    assert r"\hyperref[\detokenize{index:pub-doe2020alpha}]" in tex
    assert r"\hyperref[\detokenize{index:pub-poe2023gamma}]" in tex


def test_epub_renders_the_same(build_root):
    app = build_root("basic", "epub")
    from bs4 import BeautifulSoup

    page = BeautifulSoup((app.outdir / "index.xhtml").read_text(encoding="utf-8"), "html.parser")
    assert "Jane Doe" in {s.get_text() for s in page.select("strong.portfolio-owner")}
    symbols = page.select("sup.portfolio-role > span.portfolio-role-symbol")
    assert symbols and all(s["aria-hidden"] == "true" for s in symbols)
    assert (app.outdir / "_static" / "portfolio.css").is_file()


#: where each builder writes test-builders' index, how it prints the owner's name
#: (texinfo quotes strong text) and a citation (texinfo makes the year a reference)
SMOKE = {
    "text": ("index.txt", "**Jane Doe**", "Roe and Doe (2021)"),
    "man": ("builders.1", r"\fBJane Doe\fP", "Roe and Doe (2021)"),
    "texinfo": ("builders.texi", "`Jane Doe'", "Roe and Doe (@ref{1,,2021})"),
    "singlehtml": ("index.html", '<strong class="portfolio-owner">Jane Doe</strong>',
                   'Roe and Doe (<a class="reference internal" href="#pub-roe2021grid"'),
}


@pytest.mark.parametrize("builder", SMOKE)
def test_other_builders_show_the_list_the_count_and_the_citations(build_root, builder):
    """The list, the chart (as its table), a count and a citation: no builder fails on
    the extension's nodes (their warnings: ``test_builds_without_a_warning``)."""
    page, owner, citation = SMOKE[builder]
    text = " ".join((Path(build_root("builders", builder).outdir) / page).read_text(
        encoding="utf-8").split())
    assert owner in text and citation in text
    for title in ("Waves in Theory", "Grids at Work", "A Note on Everything",
                  "Publications per year, by topic"):
        assert title in text
    assert re.search(r"There are (<[^>]+>)?3(<[^>]+>)? of them", text)


def _html_pages(outdir):
    return {
        p.relative_to(outdir).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(outdir.rglob("*.html"))
    }


def test_parallel_and_incremental_builds_match_clean_serial(make_app, rootdir, tmp_path):
    def fresh(name, parallel=0):
        src = tmp_path / name
        shutil.copytree(rootdir / "test-basic", src)
        app = make_app("html", srcdir=src, freshenv=True, parallel=parallel)
        app.build()
        assert not [w for w in warnings(app) if "portfolio" in w or "bibtex" in w]
        return src, app

    _, serial = fresh("serial")
    src, parallel = fresh("parallel", parallel=2)
    assert _html_pages(parallel.outdir) == _html_pages(serial.outdir)

    # edit refs.bib: the year of one entry, then rebuild incrementally
    bib = src / "refs.bib"
    time.sleep(0.01)
    bib.write_text(bib.read_text().replace("year = {2020}", "year = {2021}"))
    os.utime(bib, (time.time() + 5, time.time() + 5))
    again = make_app("html", srcdir=src, parallel=2)
    again.build()
    edited = _html_pages(again.outdir)
    assert "Doe and Roe, 2021</a>)" in edited["index.html"]

    clean_src = tmp_path / "clean"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = make_app("html", srcdir=clean_src, freshenv=True)
    clean.build()
    assert edited == _html_pages(clean.outdir)
