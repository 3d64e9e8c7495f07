"""LaTeX commands and math in field text (core/latex_markup.py): markup, links, math,
Unicode, the AASTeX journals, and a problem for a command nobody knows."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pybtex.backends.latex import Backend as LatexBackend
from pybtex.backends.plaintext import Backend as PlainBackend
from pybtex.richtext import HRef, Protected, Tag, Text
from test_bib_text import _balanced  # braces as a bib field always has them

from portfolio_ext.core.export import plain
from portfolio_ext.core.latex import decode
from portfolio_ext.core.latex_markup import JOURNALS, MARKUP, Math, latex_problems_of
from portfolio_ext.style.richtext import from_latex

RICH = [
    (r"\emph{k-SAT}", Text(Tag("em", "k-SAT"))),
    (r"\textit{sierra-local}", Text(Tag("em", "sierra-local"))),
    (r"\textsl{a}", Text(Tag("em", "a"))),
    (r"{\em a b} c", Text(Protected(Tag("em", "a b")), " c")),
    (r"\textbf{Code}", Text(Tag("strong", "Code"))),
    (r"{\bf x}", Text(Protected(Tag("strong", "x")))),
    (r"\textsc{Tool} \texttt{t} \mbox{m} \textrm{r}", Text("Tool t m r")),
    (r"\url{https://x.org/~a_b}", Text(HRef("https://x.org/~a_b", "https://x.org/~a_b"))),
    (r"\href{http://a.b}{the \textbf{site}}", Text(HRef("http://a.b", "the ", Tag("strong", "site")))),
    (r"\url{ftp://x.org}", Text("ftp://x.org")),
    (r"\url{https://x.org/a\_b}", Text(HRef("https://x.org/a_b", "https://x.org/a_b"))),
    (r"\href{javascript:alert(1)}{t}", Text("t")),
    (r"\ss{} -- \textdollar", Text("ß", " – $")),
    (r"\apj", Text("Astrophysical Journal")),
    (r"\mnras{}", Text("Monthly Notices of the Royal Astronomical Society")),
    (r"\foo{bar}", Text(Protected("bar"))),
    (r"\baz x", Text("baz x")),
]


@pytest.mark.parametrize(("latex", "expected"), RICH)
def test_rich_text(latex, expected):
    assert decode(latex) == expected


MATH = [
    (r"$x$", "x", "x"),
    (r"\(x^2\)", "x^2", "x\u00b2"),
    (r"AC$^0$", "^0", "AC\u2070"),
    (r"AC\({}^{\mbox{0}}\)", "{}^{\\mbox{0}}", "AC\u2070"),
    (r"$H_2O$", "H_2O", "H\u2082O"),
    (r"$x^{ab}$", "x^{ab}", "x^(ab)"),
    (r"$phi$6", "phi", "phi6"),
    (r"$\oplus$", "\\oplus", "⊕"),
]


@pytest.mark.parametrize(("latex", "source", "text"), MATH)
def test_math_is_math_in_latex_and_docutils_and_unicode_in_plain_text(latex, source, text):
    from docutils import nodes
    from pybtex_docutils import Backend as DocutilsBackend

    rich = from_latex(latex)
    maths = [p for p in rich.parts if isinstance(p, Math)]
    assert [m.source for m in maths] == [source]
    assert f"${source}$" in rich.render(LatexBackend())
    rendered = rich.render(DocutilsBackend())
    assert [n.astext() for n in rendered if isinstance(n, nodes.math)] == [source]
    assert plain(latex) == text
    assert rich.render(PlainBackend()) == text


PLAIN = [
    (r"$\alpha$-stable", "α-stable"),
    (r"\emph{k-SAT} for AC$^0$", "k-SAT for AC\u2070"),
    (r"\url{https://e.org}", "https://e.org"),
    (r"\href{https://e.org}{notes}", "notes"),
    (r"\"o \ss", "ö ß"),
    (r"\aap, \aj, \pasa, \apjs", "Astronomy and Astrophysics, Astronomical Journal, "
     "Publications of the Astronomical Society of Australia, "
     "Astrophysical Journal Supplement Series"),
    ("US$5", "US$5"),  # an unclosed dollar is no math: as pybtex shows it
    ("Plain title", "Plain title"),
]


@pytest.mark.parametrize(("latex", "expected"), PLAIN)
def test_plain(latex, expected):
    assert plain(latex) == expected


@pytest.mark.parametrize(("latex", "expected"), [
    (r"\emph{x} \apj \"o $\beta$", []),
    (r"\foo{bar} and \baz", ["\\foo", "\\baz"]),
    (r"\foo \foo", ["\\foo"]),
    ("no commands", []),
])
def test_latex_problems_of(latex, expected):
    assert latex_problems_of(latex) == expected


@pytest.mark.parametrize("name", sorted(MARKUP))
def test_pybtex_leaves_every_markup_command(name):
    """So core/latex.py may skip pybtex's decoder for text with one: same output."""
    assert "\\" in str(Text.from_latex(f"\\{name}{{x}}"))


def test_every_aastex_journal_has_a_name():
    assert all(plain(f"\\{macro}") == name for macro, name in JOURNALS.items())


_PIECES = st.sampled_from([
    r"\emph{", r"\textbf{", r"\textit ", r"\url{https://a.b/c}", r"\href{http://x}{y}",
    r"\mbox{", r"\textsc{", r"\mathrm{", r"\apj", r"\mnras{}", r"\foo", r"\bar{", r"\"o",
    r"\ss", r"\textdollar", "--", "~", "$", r"\(", r"\)", "^", "_", "{", "}", r"\alpha",
    r"\oplus", "k-SAT", " ", "x", "AC", "0", "%", "\\",
])


@given(st.lists(_PIECES, max_size=12).map("".join).filter(_balanced))
def test_conversion_never_raises_and_leaves_no_command_in_plain_text(text):
    rich = from_latex(text)
    rich.render(LatexBackend())
    shown = plain(text)
    latex_problems_of(text)
    # what is not LaTeX at all (a lone backslash, an unbalanced brace) is shown as written
    from portfolio_ext.core.latex import latex_error
    if latex_error(text) is None:
        assert re.search(r"\\[A-Za-z]+", shown) is None, shown


# -- a site with the shapes of real exports -------------------------------------------


def test_the_html_shows_markup_links_math_and_journal_names(build_root):
    from bs4 import BeautifulSoup

    app = build_root("latex", "html")
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    for block in soup.find_all(class_="portfolio-bibtex"):  # the BibTeX as written
        block.decompose()
    text = soup.get_text(" ")
    assert "\\emph" not in text and "\\apj" not in text and "\\url" not in text
    assert [em.get_text() for em in soup.find_all("em") if em.get_text() == "k-SAT"]
    assert soup.find("a", href="https://example.org/code")
    assert soup.find("a", href="https://example.org/notes").get_text() == "the notes"
    assert soup.find(class_="math")  # MathJax's inline math: \( x \)
    assert "Astrophysical Journal" in text
    assert any("mathjax" in (s.get("src") or "").lower() for s in soup.find_all("script"))
    warnings = app._warning.getvalue()
    assert "scholar2021" in warnings and "note \\mystery" in warnings
    assert warnings.count("unknown LaTeX command") == 1


def test_no_latex_leaks_into_meta_tags_or_csl_json(build_root):
    app = build_root("latex", "html")
    items = {item["id"]: item for item in
             json.loads((app.outdir / "publications.json").read_text(encoding="utf-8"))}
    assert items["dblp2020"]["title"] == "Hardness of k-SAT for AC\u2070[⊕] circuits"
    assert items["ads2019"]["container-title"] == "Astrophysical Journal"
    assert items["ads2019"]["title"] == "The α-stable law of x at AC\u2070"
    pages = list((app.outdir / "papers").glob("*.html"))
    assert pages
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        assert re.search(r"\\[A-Za-z]+", head) is None, page


def test_the_latex_output_has_emphasis_and_math(build_root):
    app = build_root("latex", "latex")
    tex = (app.outdir / "test.tex").read_text(encoding="utf-8")
    assert r"\sphinxstyleemphasis{k\sphinxhyphen{}SAT}" in tex or r"\emph{k-SAT}" in tex
    assert r"\(x\)" in tex or "$x$" in tex
    assert "Astrophysical Journal" in tex
    assert r"\sphinxurl{https://example.org/code}" in tex


def test_paper_pages_with_math_load_mathjax(build_root):
    app = build_root("latex", "html")
    page = (app.outdir / "papers" / "ads2019.html").read_text(encoding="utf-8")
    assert 'class="math' in page and "mathjax" in page.lower()
    plain_page = (app.outdir / "papers" / "scholar2021.html").read_text(encoding="utf-8")
    assert "mathjax" not in plain_page.lower()


def test_the_epub_shows_math_as_unicode_text(build_root):
    app = build_root("latex", "epub")
    page = (app.outdir / "index.xhtml").read_text(encoding="utf-8")
    assert "The \u03b1-stable law of x at AC\u2070" in page
    assert "\\(" not in page.split("portfolio-bibtex")[0]


@pytest.mark.parametrize(("latex", "math"), [
    (r"$\frac{a}{b} + \alpha$", True),
    (r"$\mathbb{R}^n$", True),
    (r"$\input{/etc/passwd}$", False),  # would be run by the PDF's LaTeX
    (r"$\def\x{1}\x$", False),
    (r"$\href{javascript:alert(1)}{y}$", False),
    (r"$x^^5cinput$", False),  # TeX's ^^5c is a backslash
    (r"$a \& b$", True),
])
def test_only_math_of_symbols_is_written_as_math(latex, math):
    rich = decode(latex)
    assert any(isinstance(p, Math) for p in rich.parts) == math
    if not math:
        assert "\\" not in rich.render(LatexBackend()).replace("\\textbackslash", "")


def test_the_search_index_has_the_unicode_of_math(build_root):
    app = build_root("latex", "html")
    index = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "\u03b1" in index or "\\u03b1" in index


def test_pylatexenc_and_latexcodec_are_imported_by_the_first_text_that_needs_them():
    """The extension imports without pylatexenc's parser or latexcodec (some 14 ms that a
    rebuild formatting no entry does not spend: _reader, _is_latex); the first LaTeX
    to read imports the parser, and a Math renders as math in pybtex's LaTeX backend
    once that backend is there."""
    import subprocess
    import sys

    code = """
import sys
import portfolio_ext, portfolio_ext.style.formatting, portfolio_ext.sphinx_ext.bib
import portfolio_ext.html.papers, portfolio_ext.sphinx_ext.citations
from portfolio_ext.core import latex_markup
before = sorted(m for m in sys.modules if m.startswith(("latexcodec", "pylatexenc.latex",
                                                       "pybtex.backends.latex")))
text = latex_markup.math_text("x^2")
from pybtex.backends.latex import Backend
print(before, text, latex_markup.Math("x^2").render(Backend()), "pylatexenc.latexwalker" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["[]", "x²", "$x^2$", "True"]
