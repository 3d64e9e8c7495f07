"""The real portfolio as ePub and PDF: checked by epubcheck and pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO
from pybtex.database import parse_file
from util import sphinx

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
TEX_TOOLS = ("xelatex", "latexmk", "pdftotext")


def _alnum(text: str) -> str:
    # line breaks, hyphenation and ligature spacing differ between PDF and source
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _plain_title(title: str) -> str:
    return title.replace("{", "").replace("}", "").replace("--", "–")


@pytest.fixture(scope="module")
def epub(tmp_path_factory):
    out = tmp_path_factory.mktemp("epub")
    sphinx("-n", "-W", "--keep-going", "-b", "epub", "-d", str(out / "doctrees"),
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
    # the lists by topic and by year are the website's (the research chapters hold the
    # topics): tests/test_visitor.py checks that the book leaves them out
    for page in ("index", "cv", "teaching", "service", "publications/index",
                 "research/index", "research/condensation"):
        assert f"{page}.xhtml" in names
    assert 'class="portfolio-owner"' in pages and "许志钦" in pages


def test_epub_opens_on_its_cover_and_leaves_out_the_pdf_outline(epub):
    import zipfile

    with zipfile.ZipFile(epub) as book:
        names = set(book.namelist())
        opf = book.read("content.opf").decode()
    spine = re.findall(r'<itemref idref="([^"]+)"', opf)
    items = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
    assert items[spine[0]] == "epub-cover.xhtml"
    cover_id = re.search(r'<meta name="cover" content="([^"]+)"', opf).group(1)
    assert items[cover_id] == "_static/cover.png" and "_static/cover.png" in names
    # book.md only orders the PDF's chapters; an empty general index is no page to read
    assert not {"book.xhtml", "genindex.xhtml"} & {items[i] for i in spine}


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
    sphinx("-M", "latexpdf", str(REPO / "docs"), str(out), "-n", "-W", "--keep-going")
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


def _outline(pdf: Path) -> list[tuple[int, str]]:
    """The PDF's bookmarks as (depth, title), read with poppler's pdftohtml."""
    xml = subprocess.run(
        ["pdftohtml", "-stdout", "-xml", "-i", str(pdf / "zhi-qin-john-xu.pdf")],
        capture_output=True, text=True, check=True,
    ).stdout
    outline, depth = [], 0
    for tag, title in re.findall(r"<(/?outline|item)[^>]*>([^<]*)", xml[xml.index("<outline>"):]):
        if tag == "outline":
            depth += 1
        elif tag == "/outline":
            depth -= 1
        else:
            outline.append((depth, title.strip()))
    return outline


def test_pdf_is_a_cv_with_chapters_in_the_bookmarks(pdf):
    outline = _outline(pdf)
    chapters = [title for depth, title in outline if depth == 1]
    assert chapters == ["CV", "Research", "Publications", "Teaching", "Service"]

    def children(parent: str, depth: int, after: int = 0) -> list[str]:
        start = outline.index((depth, parent), after)
        found = []
        for item_depth, title in outline[start + 1:]:
            if item_depth <= depth:
                break
            if item_depth == depth + 1:
                found.append(title)
        return found

    # the CV's categories, and the research themes, each with its list grouped by year
    # (the chart comes after the lists, as on the website)
    assert children("Publications", 1) == ["Preprints", "Deep learning", "Computational neuroscience",
                                           "Publications per year"]
    themes = children("Research", 1)
    assert themes == ["Language models", "Frequency principle", "Condensation",
                      "AI for Science", "Computational neuroscience"]
    years = [title for depth, title in outline if depth == 4]
    assert years and all(re.fullmatch(r"(19|20)\d\d \(\d+\)", year) for year in years)
    # e.g. Research > Condensation > Publications: its years, newest first, with counts
    years = Counter(
        entry.fields["year"] for entry in parse_file(str(REPO / "refs.bib")).entries.values()
        if "condensation" in entry.fields.get("keywords", "")
    )
    condensation = outline.index((2, "Condensation"))
    assert children("Publications", 3, condensation) == [
        f"{year} ({years[year]})" for year in sorted(years, reverse=True)]


def test_pdf_title_block_names_the_owner_and_affiliation(pdf):
    first_page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", str(pdf / "zhi-qin-john-xu.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    for line in ("Zhi-Qin John Xu", "Tenure-track Associate Professor",
                 "Shanghai Jiao Tong University", "xuzhiqin@sjtu.edu.cn", "Contents"):
        assert line in first_page
    assert "Release" not in first_page


def test_pdf_has_no_line_running_into_the_margin(pdf):
    log = (pdf / "zhi-qin-john-xu.log").read_text(encoding="utf-8", errors="replace")
    assert "Overfull \\hbox" not in log


def test_tex_keeps_grouped_sections_and_bold_owner(pdf):
    tex = " ".join((pdf / "zhi-qin-john-xu.tex").read_text(encoding="utf-8").split())
    assert r"\begin{thebibliography}" not in tex
    # the grouped lists stay in place: a sectioning command per group, with its count
    assert len(re.findall(r"\\paragraph\{(19|20)\d\d \(\d+\)\}", tex)) >= 20
    for category in ("Preprints", "Deep learning", "Computational neuroscience"):
        assert r"\subsection{" + category + "}" in tex
    # the lists by topic and by year are the website's; the PDF shows each list once
    assert "Publications by topic" not in tex and "Publications by year" not in tex
    assert tex.count(r"\sphinxstylestrong{Zhi\sphinxhyphen{}Qin John Xu}") >= 50
    assert r"$^{\text{*}}$" in tex and r"$^{\text{\#}}$" in tex
