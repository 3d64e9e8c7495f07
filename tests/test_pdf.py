"""The real portfolio's PDF, read back with poppler (pdfinfo, pdftotext, pdffonts):
a curriculum vitae that lists each paper once, numbered, and cites those numbers."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO
from pybtex.database import parse_file
from util import sphinx

TOOLS = ("xelatex", "latexmk", "pdftotext", "pdfinfo", "pdffonts")
NAME = "zhi-qin-john-xu"
#: what the website says and the PDF must not ("see the other page")
WEB_ONLY = (
    "See Teaching and Service",
    "All publications are also listed",
    "lists its publications by year",
    "Publications by topic",
    "Publications by year",
)


def _alnum(text: str) -> str:
    # line breaks, hyphenation and ligature spacing differ between PDF and source
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _plain_title(title: str) -> str:
    return title.replace("{", "").replace("}", "").replace("--", "–")


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    missing = [tool for tool in TOOLS if not shutil.which(tool)]
    if missing:
        pytest.skip(
            f"needs {', '.join(missing)}: apt-get install latexmk texlive-xetex "
            "texlive-latex-extra texlive-fonts-recommended texlive-lang-chinese "
            "fonts-noto-cjk fonts-freefont-otf poppler-utils"
        )
    out = tmp_path_factory.mktemp("pdf")
    sphinx("-M", "latexpdf", str(REPO / "docs"), str(out), "-n", "-W", "--keep-going")
    return out / "latex"


@pytest.fixture(scope="module")
def text(pdf) -> str:
    return _run("pdftotext", "-enc", "UTF-8", str(pdf / f"{NAME}.pdf"), "-")


@pytest.fixture(scope="module")
def tex(pdf) -> str:
    return " ".join((pdf / f"{NAME}.tex").read_text(encoding="utf-8").split())


@pytest.fixture(scope="module")
def bib():
    return parse_file(str(REPO / "refs.bib"))


def test_pdf_has_title_author_subject_and_keywords(pdf):
    info = dict(
        line.split(":", 1) for line in _run("pdfinfo", str(pdf / f"{NAME}.pdf")).splitlines()
        if ":" in line
    )
    info = {key: value.strip() for key, value in info.items()}
    assert info["Title"] == "Zhi-Qin John Xu: Curriculum vitae"
    assert info["Author"] == "Zhi-Qin John Xu"
    assert "Shanghai Jiao Tong University" in info["Subject"]
    assert "Deep learning theory" in info["Keywords"]


def test_every_title_is_printed_exactly_once(text, bib):
    """Once, in the publications chapter. The research chapter is prose, which may
    paraphrase a title ("a phase diagram of initial condensation for ..."): it is left
    out of the count (test_research_chapter_cites_the_numbers_instead_of_listing_papers
    checks that it lists nothing)."""
    research = text.index("\nResearch\n")
    rest = _alnum(text[:research] + text[text.index("\nPreprints\n"):])
    titles = {key: _alnum(_plain_title(e.fields["title"])) for key, e in bib.entries.items()}
    # a title inside another ("Correction to: <title>") is printed in that one as well
    counts = {
        key: rest.count(title) - sum(title in other for k, other in titles.items() if k != key)
        for key, title in titles.items()
    }
    assert {key: n for key, n in counts.items() if n != 1} == {}


def _labels(text: str, prefix: str) -> list[int]:
    """The numbers of the list with *prefix*, in the order the PDF prints them
    (as list labels: at the start of a line of the publications chapter)."""
    chapter = text[text.index("\nPreprints\n"):]
    return [int(n) for n in re.findall(rf"^\[{prefix}(\d+)\]", chapter, flags=re.MULTILINE)]


def test_each_category_is_numbered_newest_first(text, bib):
    """portfolio_pdf_numbering = "reverse": n down to 1 in each category."""
    entries = bib.entries.values()
    neuro = sum("computational-neuroscience" in e.fields.get("keywords", "") for e in entries)
    preprints = sum(e.type == "misc" and "computational-neuroscience" not in
                    e.fields.get("keywords", "") for e in entries)
    sizes = {"P": preprints, "D": len(bib.entries) - neuro - preprints, "N": neuro}
    for prefix, size in sizes.items():
        assert _labels(text, prefix) == list(range(size, 0, -1)), prefix


def test_research_chapter_cites_the_numbers_instead_of_listing_papers(text):
    research = text[text.index("\nResearch\n"):text.index("\nPreprints\n")]
    # prose with citations, no list: no label at the start of a line
    assert not re.search(r"^\[[PDN]\d+\]", research, flags=re.MULTILINE)
    cited = re.findall(r"\[([PDN]\d+)(?:, [PDN]\d+)*\]", research)
    assert len(cited) >= 30
    # a parenthetical citation is the number alone, a textual one keeps the names
    assert "networks [D" in research.replace("\n", " ")
    assert re.search(r"Xu et al\. \[D\d+\] study", research.replace("\n", " "))


def test_one_legend_for_the_whole_pdf(text):
    assert text.count("corresponding author;") == 1
    assert text.index("\nPublications\n") < text.index("corresponding author;") < text.index(
        "\nPreprints\n")


def test_no_line_ends_in_a_broken_owner_name(pdf):
    layout = _run("pdftotext", "-layout", "-enc", "UTF-8", str(pdf / f"{NAME}.pdf"), "-")
    assert "Zhi-Qin John Xu" in layout
    assert not [line for line in layout.splitlines() if re.search(r"Zhi[-‐]\s*$", line)]


def _face_cmap(family: str) -> dict[int, int]:
    """Code point -> glyph of the font face fontconfig gives for *family* (a face of a
    TrueType collection: its format 12 cmap)."""
    where = _run("fc-match", "-f", "%{file}:%{index}", family)
    path, index = where.rsplit(":", 1)
    data = Path(path).read_bytes()
    offset = 0
    if data[:4] == b"ttcf":
        offset = struct.unpack_from(">I", data, 12 + 4 * int(index))[0]
    tables = {}
    for i in range(struct.unpack_from(">H", data, offset + 4)[0]):
        tag, _, start, _ = struct.unpack_from(">4sIII", data, offset + 12 + 16 * i)
        tables[tag] = start
    cmap, mapping = tables[b"cmap"], {}
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, start = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        sub = cmap + start
        if struct.unpack_from(">H", data, sub)[0] == 12 and (platform, encoding) == (3, 10):
            for g in range(struct.unpack_from(">I", data, sub + 12)[0]):
                first, last, glyph = struct.unpack_from(">III", data, sub + 16 + 12 * g)
                mapping.update((cp, glyph + cp - first) for cp in range(first, last + 1))
    return mapping


def _glyphs_used(pdf: Path) -> dict[str, set[int]]:
    """Character -> the glyphs (CIDs) that print it, from the PDF's ToUnicode maps."""
    raw, found = pdf.read_bytes(), {}
    for match in re.finditer(rb"stream\r?\n", raw):
        try:
            body = zlib.decompressobj().decompress(raw[match.end():raw.find(b"endstream", match.end())])
        except zlib.error:
            continue
        if b"begincmap" not in body:
            continue
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", body, re.DOTALL):
            for cid, char in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4})>", block):
                found.setdefault(chr(int(char, 16)), set()).add(int(cid, 16))
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", body, re.DOTALL):
            for low, high, char in re.findall(
                    rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4})>", block):
                for k in range(int(high, 16) - int(low, 16) + 1):
                    found.setdefault(chr(int(char, 16) + k), set()).add(int(low, 16) + k)
    return found


def test_chinese_text_is_set_in_the_simplified_chinese_face(pdf, text):
    compact = re.sub(r"\s+", "", text)
    for chinese in ("许志钦", "上海交通大学优异学士学位论文指导教师", "上海海外高层次人才引进计划"):
        assert chinese in compact
    log = (pdf / f"{NAME}.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log
    tex = (pdf / f"{NAME}.tex").read_text(encoding="utf-8")
    assert r"\setCJKmainfont{Noto Serif CJK SC}" in tex
    # pdffonts names every face of a Noto CJK collection after its Japanese one (they
    # share one CFF table, whose name it is): the glyphs tell the faces apart. Where the
    # Simplified Chinese and the Japanese faces draw a character differently (交, 海, 高,
    # ...), the PDF prints it with the Simplified Chinese glyph.
    assert "NotoSerifCJK" in _run("pdffonts", str(pdf / f"{NAME}.pdf"))
    sc, jp = _face_cmap("Noto Serif CJK SC"), _face_cmap("Noto Serif CJK JP")
    used = _glyphs_used(pdf / f"{NAME}.pdf")
    # the honors' names, set in the regular face (the CV page's table)
    honors = "上海交通大学优异学士学位论文指导教师高等教育本科国家级教学成果奖二等奖排名第十一"
    differing = {c for c in honors if sc[ord(c)] != jp[ord(c)]}
    assert len(differing) >= 10, differing
    assert {c for c in differing if sc[ord(c)] not in used[c] or jp[ord(c)] in used[c]} == set()


def test_tex_has_no_web_only_sentence(tex):
    for sentence in WEB_ONLY:
        assert sentence not in tex, sentence


def test_running_header_and_page_n_of_n(pdf, text):
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf / f"{NAME}.pdf"))).group(1))
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in text
    second = _run("pdftotext", "-f", "2", "-l", "2", "-enc", "UTF-8", str(pdf / f"{NAME}.pdf"), "-")
    assert "Curriculum vitae" in second and "Zhi-Qin John Xu" in second


def test_first_page_is_the_cv_with_no_table_of_contents(pdf):
    first = _run("pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", str(pdf / f"{NAME}.pdf"), "-")
    for line in ("Zhi-Qin John Xu", "Curriculum vitae", "Tenure-track Associate Professor",
                 "Shanghai Jiao Tong University", "xuzhiqin@sjtu.edu.cn", "Research interests",
                 "Deep learning theory", "Research experience", "Education"):
        assert line in first
    assert "Contents" not in first and "Release" not in first


def test_pdf_has_no_line_running_into_the_margin(pdf):
    log = (pdf / f"{NAME}.log").read_text(encoding="utf-8", errors="replace")
    assert "Overfull \\hbox" not in log


def _outline(pdf: Path) -> list[tuple[int, str]]:
    """The PDF's bookmarks as (depth, title), read with poppler's pdftohtml."""
    xml = _run("pdftohtml", "-stdout", "-xml", "-i", str(pdf / f"{NAME}.pdf"))
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
    assert [title for depth, title in outline if depth == 1] == [
        "CV", "Research", "Publications", "Teaching", "Service"]
    assert [title for depth, title in outline if depth == 2] == [
        "Research interests", "Research experience", "Education", "Selected honors",
        "Publications",
        "Language models", "Frequency principle", "Condensation", "AI for Science",
        "Computational neuroscience",
        "Preprints", "Deep learning", "Computational neuroscience", "Publications per year",
        "Open course on Bilibili", "Main courses", "Editorial", "Conference organisation",
    ]
    # the themes are prose: no list, no years under them
    assert not [title for depth, title in outline if depth > 2]


def test_tex_lists_with_numbers_and_bold_owner(tex, bib):
    assert r"\begin{thebibliography}" not in tex
    assert tex.count(r"\begin{portfolionumbered}") == 3
    assert len(re.findall(r"\\item\[\{\[[PDN]\d+\]\}\]", tex)) == len(bib.entries)
    for category in ("Preprints", "Deep learning", "Computational neuroscience"):
        assert r"\subsection{" + category + "}" in tex
    owner = Counter(re.findall(r"\\sphinxstylestrong\{(\\mbox\{Zhi\\sphinxhyphen\{\}Qin\} "
                               r"\\mbox\{John\} Xu|Zhiqin Xu|\\mbox\{Zhiqin\} Xu)\}", tex))
    assert sum(owner.values()) == len(bib.entries)
    assert r"$^{\text{*}}$" in tex and r"$^{\text{\#}}$" in tex
