"""The shortcuts taken for speed give exactly what the slow paths give."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pybtex.plugin
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from markupsafe import Markup
from pybtex.database import parse_file
from pybtex.richtext import Text
from pybtex.style.formatting import BaseStyle

import portfolio_ext.style.formatting
from portfolio_ext.core.badges import award_of
from portfolio_ext.core.export import indented_json, plain
from portfolio_ext.core.fields import bibtex_view
from portfolio_ext.core.latex import DECODE_ERRORS, text_from_latex
from portfolio_ext.core.links import links_of
from portfolio_ext.core.metadata import EntryFacts, display_names
from portfolio_ext.core.settings import validate
from portfolio_ext.sphinx_ext.domain import get_domain
from portfolio_ext.style.formatting import PortfolioStyle
from portfolio_ext.style.richtext import from_latex

REPO = Path(__file__).parent.parent

_TEXT = st.text(st.sampled_from("ab Z9.,:;'\"-`~{}\\$%&#^_!?()[]/\n\t\u00a0éü许’“–"), max_size=20)


@given(_TEXT)
@example("Multi-scale  deep learning")
@example("Fokker--Planck, ``quoted''")
@example(",,low quote")
@example(" leading space")
@example("pages 12--18, a---b, a-----b")
def test_from_latex_equals_the_decoder(text):
    try:
        expected = Text.from_latex(text)
    except DECODE_ERRORS:  # what the decoder rejects is shown as written (core/latex.py)
        expected = Text(text)
    # what pybtex leaves LaTeX in is read by core/latex_markup.py (tests/test_latex_markup.py)
    assume(not re.search(r"[\\$]", str(expected)))
    found = from_latex(text)
    assert (found, str(found), repr(found)) == (expected, str(expected), repr(expected))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)


@given(_JSON, st.sampled_from(["", "  "]))
@example({"id": "a", "author": [{"family": "Xu", "given": "Zhi-Qin"}], "issued": {
    "date-parts": [[2020, 3]]}, "page": "1\u20132", "note": "x\n\"<"}, "  ")
@example({}, "")
@example([[], {}, [{}]], "  ")
def test_indented_json_equals_json_dumps(value, pad):
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)
    assert indented_json(value, pad) == expected


@given(_TEXT)
@example("Transformer with {PDEs}")
@example("{Fourier} analysis of {DNN}s, pages 12--18")
@example("a {} b {{A}} { c}, -{-}-, {--}x, a---b")
@example("{unbalanced")
@example("}{")
def test_text_from_latex_equals_pybtex(text):
    """Braces and dashes are read without latexcodec, to the same rich text (each
    brace group protected) and the same errors."""
    try:
        expected = Text.from_latex(text)
    except DECODE_ERRORS as exc:
        with pytest.raises(type(exc)):
            text_from_latex(text)
        return
    found = text_from_latex(text)
    assert (found, str(found), repr(found)) == (expected, str(expected), repr(expected))


@given(_TEXT)
@example("Multi-scale deep learning")
@example("Xu's rule, a-b")
@example("50 \\% faster")
@example("{Fourier} analysis of {DNN}s")
@example("a {} b {{A}} { c}")
@example("{-}- {'}' }{")
@example("pages 12--18, a---b, a-----b, -{-}-, {--}x")
def test_plain_text_equals_the_decoders(text):
    """core/export.py's plain() skips the decoder for text it would not change, and
    for text whose only LaTeX is braces and dashes."""
    from pybtex.backends.plaintext import Backend

    from portfolio_ext.core.latex import decode

    plain.cache_clear()
    assert plain(text) == decode(text).render(Backend())


@pytest.mark.parametrize("bib", [REPO / "refs.bib", REPO / "tests/roots/test-basic/refs.bib"])
def test_entries_format_as_with_the_decoder_everywhere(bib, monkeypatch):
    config = validate({"portfolio_owner": ["Xu, Zhi-Qin John", "Xu, Zhiqin", "Doe, Jane"]},
                      lambda message: None)
    style = PortfolioStyle(portfolio_config=config)
    html = pybtex.plugin.find_plugin("pybtex.backends", "html")()
    entries = parse_file(str(bib)).entries
    fast = {key: style.format_entry(key, entry).text.render(html)
            for key, entry in entries.items()}
    # pybtex's own format_entry and fields, and the decoder for titles and names too
    monkeypatch.setattr(portfolio_ext.style.formatting, "from_latex", Text.from_latex)
    monkeypatch.setattr(portfolio_ext.style.formatting, "DecodedPerson", lambda person: person)
    style = PortfolioStyle(portfolio_config=config)  # no names made the fast way
    slow = {key: BaseStyle.format_entry(style, key, entry).text.render(html)
            for key, entry in entries.items()}
    # what pybtex's format_entry has no part in: an award's badge after the entry (the
    # note it comes from is not also shown) and the thumbnail before it
    for key, entry in entries.items():
        badge, _text, source = award_of(entry.fields)
        if badge:
            assert fast[key].endswith(f" [{badge}]"), fast[key]
            fast[key] = fast[key].removesuffix(f" [{badge}]")
            if source == "note":
                slow[key] = re.sub(rf"\s{re.escape(badge)}\.", "", slow[key])
    assert fast == slow
    assert any(award_of(entry.fields)[0] for entry in entries.values()) == (bib.parent == REPO)


# -- the HTML shortcuts: cached entry markup, one navigation for all paper pages ----


def _text_anew(facts: EntryFacts, field: str) -> str:
    fields = bibtex_view(facts.entry).fields
    return plain(fields[field]) if field in fields else ""


def _legend_anew(maker, key: str) -> Markup | str:
    from portfolio_ext.sphinx_ext.directive import entry_legend

    legend = entry_legend(maker.index, maker.config, [key])
    return maker.fragment(legend) if legend else ""


def _render_anew(builder, name: str, constant: dict | None = None):
    from portfolio_ext.html.templates import render

    return lambda context: render(builder, name, {**(constant or {}), **context})


def _topic_links_anew(maker, page: str, key: str) -> list[tuple[str, str]]:
    sections = get_domain(maker.env).topic_sections
    links = []
    for topic in maker.index.info[key].topics:
        where = next((doc for doc in sorted(sections) if topic in sections[doc]), None)
        href = maker.builder.get_relative_uri(page, where) if where else ""
        links.append((maker.config.topics[topic], f"{href}#{sections[where][topic]}" if where
                      else ""))
    return links


def _build(src: Path, out: Path, builder: str, theme: str, *, shortcuts: bool,
           monkeypatch, overrides: dict | None = None) -> dict[str, str]:
    """Build *src* with *builder*; every output text file by path."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    import portfolio_ext.html.papers
    import portfolio_ext.sphinx_ext.citations
    import portfolio_ext.sphinx_ext.directive

    with monkeypatch.context() as patch:
        if not shortcuts:
            # entries as docutils nodes through the post-transform, titles linked as
            # nodes, Sphinx's own navigation for each paper page, and the paper
            # pages' parts (their BibTeX too) written by Sphinx's render_partial
            patch.setattr(portfolio_ext.sphinx_ext.directive, "writes_markup", lambda app: False)
            patch.setattr(portfolio_ext.html.papers, "share_navigation", lambda *args: None)
            patch.setattr(portfolio_ext.html.papers, "bibtex_spans", lambda text: None)
            patch.setattr(portfolio_ext.html.papers._PageMaker, "fragment",
                          lambda self, node: Markup(self.builder.render_partial(node)["fragment"]))
            # each legend made for its page, each template looked up for each page,
            # and each of an entry's texts, names and links read anew where used
            patch.setattr(portfolio_ext.html.papers._PageMaker, "legend", _legend_anew)
            patch.setattr(portfolio_ext.html.papers._PageMaker, "listed", lambda self, key: None)
            patch.setattr(portfolio_ext.html.papers, "Shaped", _render_anew)
            patch.setattr(portfolio_ext.html.papers._PageMaker, "uri",
                          lambda self, page, to, anchor="": self.builder.get_relative_uri(
                              page, to) + (f"#{anchor}" if anchor else ""))
            patch.setattr(portfolio_ext.html.papers._PageMaker, "topic_links", _topic_links_anew)
            # names decoded as LaTeX, where or not they hold some
            patch.setattr(portfolio_ext.style.formatting, "DecodedPerson", lambda person: person)
            patch.setattr(portfolio_ext.sphinx_ext.citations, "decoded_people", lambda e: e)
            patch.setattr(EntryFacts, "text", _text_anew)
            patch.setattr(EntryFacts, "names", property(lambda self: display_names(self.entry)))
            patch.setattr(EntryFacts, "links", property(lambda self: links_of(self.entry.fields)))
        app = SphinxTestApp(builder, srcdir=src, builddir=out, status=StringIO(),
                            warning=StringIO(), freshenv=True,
                            confoverrides={"html_theme": theme, **(overrides or {})})
        try:
            app.build()
            assert not app.warning.getvalue()
        finally:
            app.cleanup()
    files = {}
    for path in (out / builder).rglob("*"):
        if path.suffix in (".html", ".js", ".bib", ".json", ".xml") and path.is_file():
            text = path.read_text(encoding="utf-8")
            if path.name == "searchindex.js":  # the same but for the extension's env version
                text = re.sub(r'"envversion":\{[^}]*\}', "", text)
            files[path.relative_to(out / builder).as_posix()] = text
    return files


@pytest.mark.parametrize("theme", ["alabaster", "furo"])
@pytest.mark.parametrize("builder", ["html", "dirhtml"])
@pytest.mark.parametrize("root", ["basic", "features"])
def test_html_shortcuts_write_what_the_slow_path_writes(root, builder, theme, tmp_path,
                                                        monkeypatch):
    src = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "roots" / f"test-{root}", src)
    # furo's paper pages as its own full pages (their navigation shared), alabaster's
    # as the static pages of the default
    overrides = {"portfolio_paper_pages_themed": theme == "furo"}
    fast = _build(src, tmp_path / "fast", builder, theme, shortcuts=True, monkeypatch=monkeypatch,
                  overrides=overrides)
    slow = _build(src, tmp_path / "slow", builder, theme, shortcuts=False,
                  monkeypatch=monkeypatch, overrides=overrides)
    assert fast.keys() == slow.keys()
    assert any("portfolio-entry" in text for text in fast.values())
    papers = [path for path in fast if path.startswith("papers/")]
    assert len(papers) > 1
    if theme == "furo":  # its navigation is on every page, the paper pages' included
        assert all('class="sidebar-tree"' in fast[path] for path in papers)
    for path in fast:
        assert fast[path] == slow[path], path


def test_the_c_stemmer_stems_as_the_python_one():
    """PyStemmer (the site extra) makes snowballstemmer stem in C for Sphinx's search
    index; the browser's search stems queries with snowball's JavaScript port, so the
    index must hold the pure-Python stemmer's stems: every word of the site agrees."""
    stemmer = pytest.importorskip("Stemmer")
    from snowballstemmer.english_stemmer import EnglishStemmer

    text = (REPO / "refs.bib").read_text(encoding="utf-8") + "".join(
        page.read_text(encoding="utf-8") for page in (REPO / "docs").rglob("*.md"))
    words = sorted({word.lower() for word in re.findall(r"\w+", text)})
    assert len(words) > 1000
    python, c = EnglishStemmer(), stemmer.Stemmer("english")
    assert [w for w in words if python.stemWord(w) != c.stemWord(w)] == []


def test_markup_is_not_reused_across_extension_sets(tmp_path, monkeypatch):
    """An extension may change how a node is written: entry markup made with one set
    of extensions is not reused by a build with another (in one process here)."""
    plain = tmp_path / "plain"
    shutil.copytree(REPO / "tests" / "roots" / "test-basic", plain)
    custom = tmp_path / "custom"
    shutil.copytree(plain, custom)
    (custom / "boldext.py").write_text(
        "from docutils import nodes\n"
        "def visit(self, node):\n"
        "    self.body.append('<b class=\"custom-bold\">')\n"
        "def depart(self, node):\n"
        "    self.body.append('</b>')\n"
        "def setup(app):\n"
        "    app.add_node(nodes.strong, override=True, html=(visit, depart))\n"
        "    return {'parallel_read_safe': True}\n", encoding="utf-8")
    with (custom / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nimport os, sys\nsys.path.insert(0, os.path.dirname(__file__))\n"
                   "extensions.append('boldext')\n")
    first = _build(custom, tmp_path / "out-custom", "html", "alabaster", shortcuts=True,
                   monkeypatch=monkeypatch)
    assert '<b class="custom-bold">' in first["index.html"]
    second = _build(plain, tmp_path / "out-plain", "html", "alabaster", shortcuts=True,
                    monkeypatch=monkeypatch)
    assert '<b class="custom-bold">' not in second["index.html"]
    assert 'class="portfolio-owner"' in second["index.html"]


def test_paper_citations_made_from_list_markup_are_the_written_ones(tmp_path, monkeypatch):
    """A paper page's citation is taken from the markup a list kept of the entry, its
    title's link taken out (directive.listed_markup); where the list shows a cut
    author list or maths (which lists do not keep), it is written from the nodes. Both
    give what the nodes written for the page give."""
    import portfolio_ext.html.papers

    src = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "roots" / "test-basic", src)
    with (src / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@article{doe2024many,\n  author = {Doe, Jane and Roe, Richard and Poe, Edgar"
                  " and Moe, Mary},\n  title = {Many Authors},\n  journal = {J},\n"
                  "  year = {2024},\n  keywords = {theory},\n}\n"
                  "\n@article{doe2025math,\n  author = {Doe, Jane},\n"
                  "  title = {Bounds on $x^2$ Terms},\n  journal = {J},\n  year = {2025},\n"
                  "  keywords = {theory},\n}\n")
    reused: list[bool] = []
    listed = portfolio_ext.html.papers._PageMaker.listed

    def counted(self, key):
        found = listed(self, key)
        reused.append(found is not None)
        return found

    monkeypatch.setattr(portfolio_ext.html.papers._PageMaker, "listed", counted)
    overrides = {"portfolio_max_authors": 2}
    fast = _build(src, tmp_path / "fast", "html", "alabaster", shortcuts=True,
                  monkeypatch=monkeypatch, overrides=overrides)
    assert True in reused and False in reused  # both ways were taken
    slow = _build(src, tmp_path / "slow", "html", "alabaster", shortcuts=False,
                  monkeypatch=monkeypatch, overrides=overrides)
    assert "portfolio-more" in fast["index.html"] and "Many Authors" in fast["papers/doe2024many.html"]
    assert fast.keys() == slow.keys()
    # (not searchindex.js: the slow path's lists give the search index no words of
    # maths, where the fast path's give "x²"; the paper pages' words are the same)
    for path in fast.keys() - {"searchindex.js"}:
        assert fast[path] == slow[path], path


_NAMES = st.sampled_from(["Xu, Zhi-Qin John", "Luo, Tao", "{}", "{\\relax}", "von Neumann, John",
                          "{\\\"U}ber, Anna", "%x", "Zhang", "{Ma}, Yi", "de la Cruz, Maria",
                          "M{\\\"u}ller, Jan", "Smith~Jones, A.", "O'Neil, B--C", "Zhou,  Li"])


@given(st.lists(_NAMES, max_size=7), st.lists(_NAMES, max_size=4), st.booleans(),
       st.booleans())
@example(["{}", "Xu, Zhi-Qin John", "Luo, Tao", "Zhang"], [], False, True)
@example(["Xu, Zhi-Qin John", "{}", "{}", "Zhang", "Luo, Tao"], [], False, True)
@example(["{}", "{\\relax}"], ["Luo, Tao", "Zhang"], True, True)
@example([], [], True, False)
def test_short_citation_labels_read_as_the_template_makes_them(authors, editors, et_al,
                                                               titled):
    """A short citation's label (style/referencing.py author_label: each name formatted
    once per style, decoded only where it holds LaTeX, and with "et al." only until
    three show) reads as sphinxcontrib-bibtex's template makes it from the whole entry,
    every name decoded; for a second entry with the same names, from the names made."""
    from pybtex.database import Entry, Person
    from pybtex.style.template import FieldIsMissing
    from sphinxcontrib.bibtex.style.referencing import PersonStyle

    from portfolio_ext.style import referencing

    style = referencing.PortfolioReferenceStyle(
        person=PersonStyle() if et_al else PersonStyle(other=None))
    persons = {role: [Person(name) for name in names]
               for role, names in (("author", authors), ("editor", editors)) if names}
    fields = {"title": "A {T}itle", "year": "2020"} if titled else {"year": "2020"}
    for key in ("k", "again"):  # the second from the names the first made
        entry = Entry("article", fields=fields, persons=persons)
        entry.key = key
        template = style.person.author_or_editor_or_title(full=False)
        try:
            slow = str(template.format_data({"entry": entry, "style": style}))
        except FieldIsMissing:
            with pytest.raises(FieldIsMissing):
                style.author_label(entry)
            assert style.label(entry) is None
            return
        assert style.author_label(entry) == slow
    # the names are made once: a third entry of the same people formats none again
    assert style._short_names or not (authors or editors)
    made = dict(style._short_names)
    style.author_label(entry)
    assert style._short_names == made


@given(st.one_of(st.none(), _TEXT, st.sampled_from(["2020", "{2020}", "2020--2021", "in press"])))
def test_a_citations_year_reads_as_sphinxcontrib_bibtex_makes_it(year):
    """A citation's year (style/referencing.py _YEAR, in suffixed_year) is
    sphinxcontrib-bibtex's ``year``, "n.d." for an entry without one, decoded as the
    lists decode a field (from_latex): as pybtex decodes it, a year the decoder rejects
    shown as written, and LaTeX that pybtex leaves read by core/latex_markup.py."""
    from pybtex.database import Entry
    from sphinxcontrib.bibtex.style.template import year as year_node

    from portfolio_ext.style import referencing

    entry = Entry("article", fields={"title": "T"} if year is None else {"year": year})
    entry.key = "k"
    data = {"entry": entry, "style": referencing.PortfolioReferenceStyle()}
    fast = referencing._YEAR.format_data(data)
    try:
        slow = year_node.format_data(data)
    except DECODE_ERRORS:
        assert str(fast) == year
        return
    if year is None:
        assert str(fast) == str(slow) == "n.d."
    assume(not re.search(r"[\\$]", str(slow)))
    assert (repr(fast), str(fast)) == (repr(slow), str(slow))


@given(_NAMES, st.booleans())
def test_a_name_formats_as_with_the_decoder(name, abbreviate):
    """A name is decoded as LaTeX only where it holds some (style/formatting.py
    person_text, DecodedPerson); decoded or not, it reads the same."""
    from pybtex.database import Person

    config = validate({"portfolio_owner": ["Xu, Zhi-Qin John"]}, lambda message: None)
    style = PortfolioStyle(portfolio_config=config, abbreviate_names=abbreviate)
    html = pybtex.plugin.find_plugin("pybtex.backends", "html")()
    person = Person(name)
    fast = style.person_text(person).render(html)
    slow = style.format_name(person, style.abbreviate_names).format_data({"style": style})
    assert fast == slow.render(html)


@given(st.lists(_NAMES, min_size=1, max_size=7), st.booleans(), st.sampled_from(["", "see"]))
@example(["Xu, Zhi-Qin John", "Luo, Tao", "Zhang", "{\\\"U}ber, Anna"], False, "")
def test_citations_read_alike_from_the_names_they_show(names, editors, pre):
    """A citation is formatted from PortfolioReferenceStyle.cited's view of the entry
    (the first three names where a short author list reads the same, decoded only
    where they hold LaTeX): in every role it reads as from the whole entry."""
    from pybtex.database import Entry, Person
    from pybtex.style import FormattedEntry
    from sphinxcontrib.bibtex.domain import SphinxReferenceInfo
    from sphinxcontrib.bibtex.style.referencing import format_references

    from portfolio_ext.style import referencing

    role = "editor" if editors else "author"
    entry = Entry("article", fields={"title": "T", "year": "2020"},
                  persons={role: [Person(name) for name in names]})
    entry.key = "k"
    style = referencing.PortfolioReferenceStyle()
    info = SphinxReferenceInfo(builder=None, fromdocname="a", todocname="b",
                               citation_id="c", title=None, pre_text=pre, post_text="")
    for role_name in style.role_names():
        def cite(view, role_name=role_name):
            formatted = FormattedEntry("k", Text(), "k")
            return str(format_references(style, role_name, [(view, formatted, info)]))
        assert cite(style.cited(entry, role_name)) == cite(entry), role_name
    # the shortcut is taken: a short list of four plain names is formatted from three
    four = Entry("article", fields={"title": "T", "year": "2020"}, persons={
        "author": [Person(name) for name in ("Xu, Z.", "Luo, T.", "Ma, Y.", "Li, L.")]})
    assert [len(style.cited(four, r).persons["author"]) for r in ("t", "p", "ts", "authors")] == [
        3, 3, 4, 4]


@given(st.lists(st.lists(_NAMES | st.sampled_from([
    "Poon*, Wai", "Poon, Wai", "Poon, Wai Kit", "*Pang, Li#", "King, Jr, Martin Luther",
    "King, Martin Luther", "Xu, Wei", "Xu, Tao", "Xu, Zhi-Qin J.", "d'Alembert, Jean",
    "von Poon, Wai"]),
    max_size=6), min_size=1, max_size=4))
def test_a_papers_names_read_as_made_afresh_from_each_person(lists):
    """The names a paper page shows and tags (core/metadata._person_names, each made
    once per name's parts): in reading order and in BibTeX's order, as made afresh
    from each person, for entries that name the same people again and again, with and
    without their role symbols."""
    from pybtex.database import Entry, Person

    from portfolio_ext.core.metadata import bibtex_authors
    from portfolio_ext.core.names import typed_symbols

    for names in lists:
        entry = Entry("article", persons={"author": [Person(name) for name in names]})
        people = [typed_symbols(person)[1] for person in entry.persons.get("author", [])]
        reading = [plain(" ".join([*p.first_names, *p.middle_names, *p.prelast_names,
                                   *p.last_names])
                         + (", " + " ".join(p.lineage_names) if p.lineage_names else ""))
                   for p in people]
        assert display_names(entry) == reading
        assert display_names(EntryFacts(entry)) == reading
        assert bibtex_authors(entry) == [plain(str(p)) for p in people]
