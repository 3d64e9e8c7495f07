"""The PDF's own shape (sphinx_ext/latex.py): numbered lists, citations by number,
``web-only`` sections, names kept whole, one legend; the HTML keeps the site's."""

from __future__ import annotations

import re

import pytest
from util import html, warnings

from portfolio_ext.core.names import hyphenated_words
from portfolio_ext.core.numbering import entry_labels


@pytest.mark.parametrize(("numbering", "labels"), [
    ("plain", ["A1", "A2", "A3"]),
    ("reverse", ["A3", "A2", "A1"]),
    ("none", []),
])
def test_entry_labels(numbering, labels):
    assert entry_labels(3, numbering, "A") == labels


def test_entry_labels_of_an_empty_list_and_without_prefix():
    assert entry_labels(0, "reverse") == []
    assert entry_labels(2, "plain") == ["1", "2"]


def test_hyphenated_words_of_the_owner_forms():
    assert hyphenated_words(["Doe-Smith, Mary-Jane", "Xu, Zhi-Qin John", "Xu, Zhiqin",
                             "Doe-Smith, M."]) == ["Mary-Jane", "Doe-Smith", "Zhi-Qin"]
    # braces protect, they are not printed; a form that is no name is left out
    assert hyphenated_words(["{Le-Cun}, Yann", "a, b, c, d"]) == ["Le-Cun"]


def _tex(app) -> str:
    return " ".join((app.outdir / "test.tex").read_text(encoding="utf-8").split())


def _labels(tex: str) -> list[str]:
    return re.findall(r"\\item\[\{\[([A-Z]\d+)\]\}\]", tex)


@pytest.fixture(scope="module")
def latex(build_root):
    return build_root("pdf", "latex")


def test_lists_are_numbered_newest_first_with_their_prefixes(latex):
    assert warnings(latex) == []
    tex = _tex(latex)
    assert _labels(tex) == ["A3", "A2", "A1", "P1"]
    assert tex.count(r"\begin{portfolionumbered}{A3}") == 1
    assert tex.count(r"\begin{portfolionumbered}{P1}") == 1
    assert r"\begin{itemize}" not in tex
    # the package that defines the environment is written and loaded
    assert r"\usepackage{portfolio}" in tex
    assert r"\newenvironment{portfolionumbered}" in (latex.outdir / "portfolio.sty").read_text()


def test_plain_numbering_counts_up(build_root):
    app = build_root("pdf", "latex", confoverrides={"portfolio_pdf_numbering": "plain"})
    assert _labels(_tex(app)) == ["A1", "A2", "A3", "P1"]


def _number(key: str, label: str) -> str:
    return (r"\DUrole{portfolio-numbers}{{[}{\hyperref[\detokenize{pubs:pub-" + key
            + r"}]{\sphinxcrossref{" + label + "}}}")


def test_web_only_section_is_left_out_and_its_citations_go_to_the_numbered_list(latex):
    tex = _tex(latex)
    # the theme's own list (and its heading) are not in the PDF: each entry once
    assert r"\label{\detokenize{theme:publications}}" not in tex
    assert r"\label{\detokenize{theme:pub-" not in tex
    assert tex.count("Waves in Theory") == 1
    # a parenthetical citation is its numbers, after a space that does not break
    raw = (latex.outdir / "test.tex").read_text(encoding="utf-8")
    assert "waves\u00a0" + r"\DUrole{bibtex-citation}{" + _number("doe2020waves", "A1") in raw
    assert "(Doe-Smith" not in tex.replace(r"\sphinxhyphen{}", "-").split("studies waves")[1][:80]
    # a textual citation keeps its names, the number follows instead of the year
    roe = tex.index(r"\DUrole{bibtex-citation}{Roe")
    assert _number("roe2021grids", "A2") in tex[roe:roe + 400]
    assert "2021" not in tex[roe:tex.index(_number("roe2021grids", "A2"), roe)]
    # two keys, two numbers, in the citation's order
    both = tex.index(_number("doe2020waves", "A1"), roe)
    assert tex.index(_number("poe2022note", "P1").split("{[}")[1], both) > both


def test_names_are_never_broken(latex):
    tex = _tex(latex)
    # the owner's hyphenated names, in the prose and in the entries
    assert r"\mbox{Mary\sphinxhyphen{}Jane} \mbox{Doe\sphinxhyphen{}Smith} studies" in tex
    assert (r"\sphinxstylestrong{\mbox{Mary\sphinxhyphen{}Jane} \mbox{Doe\sphinxhyphen{}Smith}}"
            in tex)
    # every word TeX might hyphenate in an author list, not the title after it
    assert r"\mbox{Christopherson} \mbox{Bartholomew}" in tex
    assert r"\mbox{Grids}" not in tex


def test_one_legend_for_every_marker_of_the_pdf(latex):
    tex = _tex(latex)
    assert tex.count("corresponding author") == 1
    assert tex.count("equal contribution") == 1
    # under the heading of the lists' chapter, before the first list's own heading
    legend = tex.index("corresponding author")
    assert tex.index(r"\section{Publications}") < legend < tex.index(r"\subsection{Articles}")
    # the alphabetical note is styled (italic in portfolio.sty)
    assert r"\DUrole{portfolio-alphabetical}{(authors in alphabetical order)}" in tex
    sty = (latex.outdir / "portfolio.sty").read_text()
    assert r"\csname DUroleportfolio-alphabetical\endcsname#1{\emph{#1}}" in sty


def test_html_keeps_the_web_only_section_and_no_numbers(build_root):
    app = build_root("pdf", "html")
    assert warnings(app) == []
    theme = html(app, "theme")
    assert theme.find(id="publications") is not None
    assert len(theme.select("li.portfolio-entry")) == 4
    assert "web-only" not in str(theme) and "[A1]" not in theme.get_text()
    assert theme.find("a", href="#pub-doe2020waves").get_text() == "Doe-Smith and Roe, 2020"


def test_bad_pdf_input_gets_warnings_not_tracebacks(build_root):
    app = build_root("pdfbad", "latex")
    assert warnings(app) == [
        "conf.py:7: WARNING: portfolio_pdf_numbering must be one of 'none', 'plain', "
        "'reverse', not 'backwards'; the PDF's lists are not numbered [portfolio.config]",
        "index.md:1: WARNING: web-only marks the section that holds it, and this one is in "
        "none; put it under the heading of the section to leave out of the PDF "
        "[portfolio.directive]",
        "index.md:6: WARNING: citation 'doe2020waves': no list of the PDF shows the entry it "
        "links to; list it on a page of latex_documents [portfolio.citation]",
    ]


def test_numbered_style_lists_are_numbered_and_cited_in_the_pdf_too(build_root):
    """With portfolio_style = "numbered" the lists are enumerated lists ([1], [2]):
    the PDF numbers and cites them as it does bullets, with no warning."""
    app = build_root("pdf", "latex", confoverrides={"portfolio_style": "numbered"})
    assert warnings(app) == []
    tex = _tex(app)
    assert _labels(tex) == ["A3", "A2", "A1", "P1"]
    assert _number("roe2021grids", "A2") in tex


def test_two_web_only_markers_in_one_section_leave_it_out_once(fresh_build):
    app = fresh_build("pdf", "latex")
    theme = app.srcdir / "theme.md"
    theme.write_text(theme.read_text(encoding="utf-8").replace(
        "```{web-only}\n```\n", "```{web-only}\n```\n\n```{web-only}\n```\n"), encoding="utf-8")
    app.build(force_all=True)
    assert warnings(app) == []
    tex = _tex(app)
    assert r"\label{\detokenize{theme:publications}}" not in tex
    assert tex.count("Waves in Theory") == 1
