"""The real portfolio as ePub and PDF: checked by epubcheck and pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from pybtex.database import parse_file

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
TEX_TOOLS = ("xelatex", "latexmk", "pdftotext")


def _sphinx(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", *args], capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return result


def _alnum(text: str) -> str:
    # line breaks, hyphenation and ligature spacing differ between PDF and source
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _plain_title(title: str) -> str:
    return title.replace("{", "").replace("}", "").replace("--", "–")


@pytest.fixture(scope="module")
def epub(tmp_path_factory):
    out = tmp_path_factory.mktemp("epub")
    _sphinx("-n", "-W", "--keep-going", "-b", "epub", "-d", str(out / "doctrees"),
            str(REPO / "docs"), str(out / "epub"))
    return next((out / "epub").glob("*.epub"))


@pytest.mark.skipif(
    not EPUBCHECK.is_file() or not shutil.which("java"),
    reason="needs epubcheck and Java: apt-get install epubcheck",
)
def test_epubcheck_passes_without_errors_or_warnings(epub):
    result = subprocess.run(
        ["java", "-jar", str(EPUBCHECK), str(epub)], capture_output=True, text=True, check=False,
    )
    output = result.stdout + result.stderr
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in output, output


def test_epub_has_metadata_and_every_page(epub):
    import zipfile

    with zipfile.ZipFile(epub) as book:
        names = set(book.namelist())
        opf = book.read("content.opf").decode()
        pages = "".join(book.read(n).decode() for n in names if n.endswith(".xhtml"))
    assert "<dc:title>Zhi-Qin John Xu: academic portfolio</dc:title>" in opf
    assert "<dc:creator>Zhi-Qin John Xu</dc:creator>" in opf
    assert "<dc:language>en</dc:language>" in opf
    assert 'id="zhi-qin-john-xu-portfolio">zhi-qin-john-xu-portfolio</dc:identifier>' in opf
    for page in ("index", "cv", "teaching", "service", "publications/index",
                 "publications/by-topic", "research/condensation"):
        assert f"{page}.xhtml" in names
    assert 'class="portfolio-owner"' in pages and "许志钦" in pages


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    missing = [tool for tool in TEX_TOOLS if not shutil.which(tool)]
    if missing:
        pytest.skip(
            f"needs {', '.join(missing)}: apt-get install latexmk texlive-xetex "
            "texlive-latex-extra texlive-fonts-recommended texlive-lang-chinese "
            "fonts-noto-cjk fonts-freefont-otf poppler-utils"
        )
    out = tmp_path_factory.mktemp("pdf")
    _sphinx("-M", "latexpdf", str(REPO / "docs"), str(out), "-n", "-W", "--keep-going")
    return out / "latex"


def test_pdf_prints_every_title_the_owner_and_the_chinese_text(pdf):
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf / "zhi-qin-john-xu.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    flat = _alnum(text)
    bib = parse_file(str(REPO / "refs.bib"))
    missing = [
        key for key, entry in bib.entries.items()
        if _alnum(_plain_title(entry.fields["title"])) not in flat
    ]
    assert not missing
    assert "Zhi-Qin John Xu" in text
    compact = re.sub(r"\s+", "", text)
    for chinese in ("许志钦", "上海交通大学优异学士学位论文指导教师", "上海海外高层次人才引进计划"):
        assert chinese in compact


def test_pdf_has_no_missing_glyphs(pdf):
    log = (pdf / "zhi-qin-john-xu.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log


def test_tex_keeps_grouped_sections_and_bold_owner(pdf):
    tex = " ".join((pdf / "zhi-qin-john-xu.tex").read_text(encoding="utf-8").split())
    assert r"\begin{thebibliography}" not in tex
    for topic in ("Language models", "Frequency principle", "Condensation",
                  "AI for Science", "Computational neuroscience"):
        # a sectioning command per group, with its count, so bookmarks and TOC show it
        assert re.search(r"(section|paragraph)\{" + re.escape(topic) + r" \(\d+\)\}", tex), topic
    assert tex.count(r"\sphinxstylestrong{Zhi\sphinxhyphen{}Qin John Xu}") >= 50
    assert r"$^{\text{*}}$" in tex and r"$^{\text{\#}}$" in tex
