"""The real portfolio as ePub, checked by epubcheck (the PDF: test_pdf.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO
from util import sphinx

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")


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
