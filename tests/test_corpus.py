"""Publication lists as the tools write them (``tests/corpus/``, sources in its README),
each built unchanged on a minimal site made from ``docs/extension.md`` alone: a
``publications`` list, a plain ``bibliography`` in the ``portfolio`` style, and the
owner's name forms. Built as HTML, ePub and LaTeX: no traceback, every entry listed or
named by a warning, the owner in bold exactly once in each of their entries, and no
warning but the expected ones (each one a user would agree with)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.util.console import strip_escape_sequences
from util import html

CORPUS = Path(__file__).parent / "corpus"
#: an entry's first line as every tool writes it; the types that hold no entry aside
_ENTRY = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s{}()]+)[ \t]*,", re.MULTILINE)


@dataclass(frozen=True)
class Case:
    owner: list[str]  #: portfolio_owner, from the file's own spellings
    #: (regular expression, how many warnings it matches): every warning, exactly
    expected: list[tuple[str, int]] = field(default_factory=list)
    no_owner: frozenset[str] = frozenset()  #: keys where the owner is rightly not bold
    notes: frozenset[str] = frozenset()  #: keys skipped with a note, not listed


CASES = {
    "dblp": Case(["Xu, Zhi-Qin John"]),
    "dblp-crossref": Case(
        ["Xu, Zhi-Qin John"],
        [(r"dblp-crossref\.bib:23: .*'DBLP:conf/iconip/2019-1': the owner is not among its "
          r"editors: it is the volume whose title 'DBLP:conf/iconip/XuZX19a' take as "
          r"booktitle \(crossref\).*\[portfolio\.owner\]", 1)],
        no_owner=frozenset({"DBLP:conf/iconip/2019-1"}),
    ),
    "ads": Case(["Doe, Jane Quinn", "Doe, J. Q."]),
    "scholar": Case(
        ["Poon, Art Francis Yuen", "Poon, Art FY"],
        [(r"scholar\.bib:1: .*'poon2016phylodynamic': author 1 \(Poon, Art F Y: '\*'\): "
          r"role symbols typed .*\{1=corresponding\} \[portfolio\.annotation\]", 1),
         (r"scholar\.bib:21: .*'wertheim2017social': the author list ends with 'and "
          r"others': the owner may be among them; list all authors .*\[portfolio\.owner\]", 1)],
        no_owner=frozenset({"wertheim2017social"}),
    ),
    "zotero": Case(["Rivera, María José"]),
    "zotero-biblatex": Case(["Rivera, María José"]),
    "bibdesk": Case(
        ["Poon, Art Francis Yuen"],
        [(r"bibdesk\.bib:11: .*'Poon:2015ab': author 1 .*\{1=corresponding\} "
          r"\[portfolio\.annotation\]", 1),
         (r"bibdesk\.bib:45: .*'Poon:2018cd': month 'Junio' is not a month.*"
          r"\[portfolio\.bad_year\]", 1),
         (r"bibdesk\.bib:45: .*'Poon:2018cd': author 2 .*\{2=equal\} "
          r"\[portfolio\.annotation\]", 1)],
        notes=frozenset({"Poon:2014zz"}),
    ),
    "jabref": Case(["Kowalski, Anna"]),
    "mendeley": Case(["Okafor, Chidi"]),
    "alfolio": Case(
        ["Einstein, Albert", "Einstein, A."],
        [(r"alfolio\.bib:71: .*'einstein1905electrodynamics': @article needs journal.*"
          r"\[portfolio\.missing_field\]", 1),
         # al-folio's files (assets/pdf, assets/img) are not in the corpus
         (r"alfolio\.bib:\d+: .*: (preview|pdf) file '[^']+' is not in the source folder.*"
          r"\[portfolio\.link\]", 3)],
    ),
    "alfolio-current": Case(
        ["Einstein, Albert", "Einstein, A."],
        [(r"alfolio-current\.bib:6: .*'PhysRev\.47\.777': author 1 \(Einstein, A\.: "
          r"'\*†'\), 2 .*\{1=corresponding,equal; 2=corresponding; 3=corresponding\} "
          r"\[portfolio\.annotation\]", 1),
         (r"alfolio-current\.bib:\d+: .*: (preview|pdf) file '[^']+' is not in the source "
          r"folder.*\[portfolio\.link\]", 2)],
    ),
    "hugo-blox": Case(["Xu, Zhi-Qin John"]),
}


def _site(tmp_path: Path, name: str, case: Case) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / f"{name}.bib").write_bytes((CORPUS / f"{name}.bib").read_bytes())
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]\n'
        f"bibtex_bibfiles = [{name + '.bib'!r}]\n"
        'bibtex_default_style = "portfolio"\n'
        f"portfolio_owner = {case.owner!r}\n"
        'project = "Corpus"\nversion = release = "1"\ncopyright = "2026"\nepub_uid = "corpus"\nlatex_documents = [("index", "corpus.tex", "Corpus", "A", "howto")]\n',
        encoding="utf-8",
    )
    (src / "index.md").write_text(
        "# Publications\n\n```{publications}\n```\n\n```{toctree}\nplain\n```\n",
        encoding="utf-8")
    (src / "plain.md").write_text(
        "# Plain\n\n```{bibliography}\n:all:\n```\n", encoding="utf-8")
    return src


def _keys(text: str) -> list[str]:
    return [m[2] for m in _ENTRY.finditer(text)
            if m[1].lower() not in ("comment", "preamble", "string")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """name -> builder -> (app, warnings, status), built once per module."""
    from sphinx.testing.util import SphinxTestApp

    apps: dict[str, dict[str, tuple]] = {}

    def build(name: str, builder: str):
        per = apps.setdefault(name, {})
        if builder not in per:
            src = _site(tmp_path_factory.mktemp(f"{name}-{builder}"), name, CASES[name])
            status, warning = StringIO(), StringIO()
            app = SphinxTestApp(builder, srcdir=src, status=status, warning=warning,
                                freshenv=True)
            try:
                app.build()
            finally:
                app.cleanup()
            text = strip_escape_sequences(warning.getvalue()).replace(str(src) + "/", "")
            lines = [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]
            per[builder] = (app, lines, strip_escape_sequences(status.getvalue()), text)
        return per[builder]

    return build


@pytest.mark.parametrize("builder", ["html", "epub", "latex"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_builds_with_only_the_expected_warnings(built, name, builder):
    _, lines, status, text = built(name, builder)
    assert "Traceback" not in text + status
    unmatched = list(lines)
    for pattern, count in CASES[name].expected:
        hits = [line for line in unmatched if re.search(pattern, line)]
        assert len(hits) == count, (pattern, lines)
        for hit in hits:
            unmatched.remove(hit)
    assert not unmatched, unmatched


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_every_entry_is_listed_or_named(built, name):
    case = CASES[name]
    app, lines, status, _ = built(name, "html")
    soup = html(app)
    keys = _keys((CORPUS / f"{name}.bib").read_text(encoding="utf-8"))
    said = "\n".join(lines) + status
    for key in keys:
        listed = soup.find(id=f"pub-{nodes.make_id(key)}") is not None
        if key in case.notes:
            assert not listed and f"entry {key!r} is commented out" in said, key
        else:
            assert listed or repr(key) in said, key


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_owner_is_bold_once_in_each_entry(built, name):
    case = CASES[name]
    app, _, _, _ = built(name, "html")
    soup = html(app)
    entries = soup.select("li span[id^=pub-]")
    assert entries
    for span in entries:
        item = span.find_parent("li").find("p")
        key = next(k for k in _keys((CORPUS / f"{name}.bib").read_text(encoding="utf-8"))
                   if f"pub-{nodes.make_id(k)}" == span["id"])
        owners = item.select(".portfolio-owner")
        assert len(owners) == (0 if key in case.no_owner else 1), (key, item)
    # and the plain bibliography in the style marks the same
    plain = html(app, "plain")
    assert len(plain.select(".portfolio-owner")) == len(entries) - len(case.no_owner)
