"""Bad input: every problem is a named warning, nothing is dropped, no traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from util import html, text_of, warnings

EXPECTED = [
    "refs.bib:9: WARNING: duplicate key 'good2020' (first defined at line 1): only the first entry is used; give the second one its own key [portfolio.duplicate_key]",
    "refs.bib:67: WARNING: syntax error in entry 'unbalanced2024' (pybtex stopped at line 81): premature end of file; check the braces, quotes and commas of this entry [portfolio.bib_syntax]",
    "refs.bib:75: WARNING: entry 'lost2024' could not be read because of a syntax error at or before this line; fix it so that the entry is not lost [portfolio.bib_syntax]",
    # a missing comma: pybtex stops at the next field, the entry keeps what came before
    "more.bib:1: WARNING: syntax error in entry 'nocomma2019' (pybtex stopped at line 3): '}' expected; check the braces, quotes and commas of this entry [portfolio.bib_syntax]",
    # an unterminated string runs on to the entry's closing brace
    "more.bib:17: WARNING: syntax error in entry 'unterminated2018' (pybtex stopped at line 23): unbalanced braces; check the braces, quotes and commas of this entry [portfolio.bib_syntax]",
    "refs.bib:17: WARNING: entry 'notitle2021': missing title; add it to the entry [portfolio.missing_field]",
    "refs.bib:24: WARNING: entry 'badyear2022': year '20x2' is not a year; write four digits, e.g. 2024 [portfolio.bad_year]",
    "refs.bib:32: WARNING: entry 'roles2022': author+an: cannot read annotation '1 corresponding': write 'N=role' (e.g. '2=corresponding') or '=role' for the whole list [portfolio.annotation]",
    "refs.bib:32: WARNING: entry 'roles2022': author+an: annotation '5=equal' points at name 5, but the list has 2 names: count names from 1 [portfolio.annotation]",
    "refs.bib:32: WARNING: entry 'roles2022': author+an: unknown role 'student' for name 2 in '2=student': known roles are corresponding, equal (add new ones to portfolio_role_symbols) [portfolio.annotation]",
    "refs.bib:32: WARNING: entry 'roles2022': author+an: name 1 is annotated twice: merge into one item ('1=equal,corresponding') [portfolio.annotation]",
    "refs.bib:41: WARNING: entry 'typo2022': the owner is not among its authors (looked for Xu, Zhi-Qin John); fix the spelling of the name in refs.bib, or add this form of it to portfolio_owner [portfolio.owner]",
    # a near miss of a topic is a typo; a keyword that is no topic's ('fourier') is free text
    "refs.bib:49: WARNING: entry 'keyword2023': keyword 'Theroy' is not a topic in portfolio_topics (nor in portfolio_tags); did you mean 'theory'? [portfolio.topic]",
    "refs.bib:49: WARNING: entry 'keyword2023': no topic in its keywords: it is listed under 'Other'; add one of theory, unused to its keywords field [portfolio.topic]",
    "refs.bib:57: WARNING: entry 'hostile2023': url 'javascript:alert(1)' is not an http(s) address; it is shown as text, not as a link [portfolio.link]",
    "refs.bib:57: WARNING: entry 'hostile2023': doi 'not-a-doi' does not look like a DOI (10.NNNN/...); it is shown as text [portfolio.link]",
    "refs.bib:67: WARNING: entry 'unbalanced2024': missing title, year; add them to the entry [portfolio.missing_field]",
    "refs.bib:67: WARNING: entry 'unbalanced2024': no topic in its keywords: it is listed under 'Other'; add one of theory, unused to its keywords field [portfolio.topic]",
    "more.bib:1: WARNING: entry 'nocomma2019': missing title, year; add them to the entry [portfolio.missing_field]",
    "more.bib:1: WARNING: entry 'nocomma2019': no topic in its keywords: it is listed under 'Other'; add one of theory, unused to its keywords field [portfolio.topic]",
    "more.bib:17: WARNING: entry 'unterminated2018': missing title, year; add them to the entry [portfolio.missing_field]",
    "more.bib:17: WARNING: entry 'unterminated2018': no topic in its keywords: it is listed under 'Other'; add one of theory, unused to its keywords field [portfolio.topic]",
    "more.bib:33: WARNING: entry 'noauthor2017': missing author; add it to the entry [portfolio.missing_field]",
    "more.bib:40: WARNING: entry 'noyear2017': missing year; add it to the entry [portfolio.missing_field]",
    r"more.bib:47: WARNING: entry 'latex2016': howpublished: '%' starts a LaTeX comment, so the rest of the field ('of it and \emph{more}') is not shown; write \% for a percent sign [portfolio.bib_syntax]",
    r"more.bib:47: WARNING: entry 'latex2016': unknown LaTeX command (title \input, title \newpage), shown as its argument or its name; write the text instead (Unicode is fine) [portfolio.bib_syntax]",
    "WARNING: portfolio_topics: topic 'unused' is not used by any entry; tag entries with it in their keywords field, or remove it [portfolio.topic]",
    "index.md:8: WARNING: unknown :group-by: value 'decade'; use one of topic, year, type, none (showing the list grouped by topic) [portfolio.directive]",
    "index.md:8: WARNING: unknown topic 'nosuchtopic' in :topics:; known topics (portfolio_topics) are theory, unused [portfolio.directive]",
    "index.md:13: WARNING: this publications list selects no entry; check its :filter: and :topics: options against the keywords in the bib file [portfolio.directive]",
    # MyST's own check of option names; the list is still shown, with no options
    "index.md:18: WARNING: 'publications': Unknown option key: 'sort' (allowed: ['filter', 'group-by', 'max-authors', 'no-legend', 'number-prefix', 'role', 'select', 'topics']) [myst.directive_option]",
    """index.md:21: WARNING: cannot read :filter: 'year >= 2022': '>=' not supported between instances of 'str' and 'int'; write e.g. keywords % "frequency-principle" and year >= "2020" (quote the year) [portfolio.directive]""",
    "index.md:3: WARNING: citation of unknown key 'nosuchkey2020': no entry in refs.bib, more.bib has this key; correct the key, or add the entry [portfolio.citation]",
    "index.md:3: WARNING: citation of unknown key 'hostle2023': no entry in refs.bib, more.bib has this key (did you mean 'hostile2023'?); correct the key, or add the entry [portfolio.citation]",
]


@pytest.fixture(scope="module")
def bad(build_root):
    return build_root("badbib", "html")


def test_each_bad_input_gets_its_exact_warning(bad):
    # in the order they are found: the files at builder-inited, then the pages as read,
    # then the problems of the entries the pages list (env-updated)
    assert sorted(warnings(bad)) == sorted(EXPECTED)


def test_a_citation_of_an_unknown_key_shows_the_key(bad):
    first = html(bad).find("p")
    assert text_of(first) == "A missing key nosuchkey2020? and a misspelt one hostle2023? ."
    assert len(first.select("span.portfolio-unknown-citation")) == 2


def test_no_entry_is_silently_dropped(bad):
    soup = html(bad)
    listed = {s["id"].removeprefix("pub-").split("-")[0] for s in soup.select("li span[id]")}
    # every entry pybtex could read is listed, even the broken ones;
    # the duplicate and the swallowed entry are named by warnings above
    assert listed == {
        "good2020", "notitle2021", "badyear2022", "roles2022", "typo2022",
        "keyword2023", "hostile2023", "unbalanced2024",
        "nocomma2019", "aftercomma2019", "unterminated2018", "afterquote2018",
        "noauthor2017", "noyear2017", "latex2016", "preprint2016",
    }
    notitle = soup.find(id="pub-notitle2021").find_parent("li")
    assert "missing title" in text_of(notitle)


def test_entries_without_topic_go_to_the_other_group(bad):
    other = html(bad).find(id="topic-other")
    ids = [s["id"] for s in other.select("span[id]")]
    # newest first; entries without a year come last, in bib-file order
    # (a syntax error cost these their keywords)
    assert ids == ["pub-keyword2023", "pub-unbalanced2024", "pub-nocomma2019",
                   "pub-unterminated2018"]


def _citation(soup, key: str):
    """The formatted entry of *key* (its first paragraph, without the BibTeX block)."""
    return soup.find(id=f"pub-{key}").find_parent("li").find("p")


def _text(element) -> str:
    # whitespace collapsed; whether quotes are curled is not the point here
    return " ".join(element.get_text().split()).translate({0x201C: '"', 0x201D: '"'})


#: what the style itself writes into an entry; a field never adds an element or attribute
ENTRY_TAGS = {"span", "strong", "em", "sup", "a"}
ENTRY_ATTRIBUTES = {"class", "id", "href", "aria-hidden", "title"}


def test_hostile_fields_are_text_never_markup(bad):
    soup = html(bad)
    hostile = _citation(soup, "hostile2023")
    assert _text(hostile) == (
        'Zhi-Qin John Xu. <script>alert("title")</script> and <b>raw</b> bold. '
        "<img src=x onerror=alert(1)>, 2023. doi:not-a-doi javascript:alert(1)"
    )
    latex = _citation(soup, "latex2016")
    # LaTeX commands are read (core/latex_markup.py): a link only to http(s), a file
    # command is its argument, math is MathJax's
    assert _text(latex) == (
        "Zhi-Qin John Xu. click javascript:alert(2) /etc/passwd \\(x^2\\) newpage. 50, 2016. "
        '<a href="javascript:alert(3)">link</a> & & # _ \u00f6. '
        "arXiv:javascript:alert(5) Web example.org"
    )
    for entry in soup.select("li.portfolio-entry > p"):
        for element in entry.find_all(True):
            assert element.name in ENTRY_TAGS, element
            assert set(element.attrs) <= ENTRY_ATTRIBUTES, element
    # only the entry's own page and http(s) addresses become links: not javascript:,
    # not a malformed DOI, not a LaTeX \href
    assert [a["href"] for a in hostile.select("a")] == ["papers/hostile2023.html"]
    assert [a["href"] for a in latex.select("a")] == [
        "papers/latex2016.html", 'https://example.org/"onmouseover="alert(4)\\input{/etc/passwd}'
    ]
    # the quotes of that address stay inside its attribute
    page = (bad.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/&quot;onmouseover=&quot;alert(4)' in page


def test_hostile_fields_run_nowhere_on_the_site(bad):
    """Every page, the per-publication pages (titles, meta tags, JSON-LD) included."""
    pages = sorted(bad.outdir.rglob("*.html"))
    assert any(p.parent.name == "papers" for p in pages)
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(True):
            assert not [a for a in element.attrs if a.lower().startswith("on")], (path, element)
            assert not str(element.get("href", "")).lower().startswith("javascript"), (path, element)
        assert not soup.select('img[src="x"]'), path
        assert not [b for b in soup.find_all("b") if "raw" in b.get_text()], path
        for script in soup.find_all("script"):
            if "alert(" in script.get_text():
                # field text inside JSON-LD, which cannot close the script element
                assert script.get("type") == "application/ld+json", (path, script)
                json.loads(script.get_text())


@pytest.fixture(scope="module")
def bad_latex(build_root):
    return build_root("badbib", "latex")


def _tex_entry(app, key: str) -> str:
    tex = " ".join((app.outdir / "badinput.tex").read_text(encoding="utf-8").split())
    start = tex.index(f"\\label{{\\detokenize{{index:pub-{key}}}}}")
    return tex[start:tex.index("\\item", start)].strip()


def test_hostile_fields_are_not_latex_commands_in_the_pdf(bad_latex):
    # every backslash, brace and special character of a field is escaped:
    # what the field says is printed, never run
    hostile, latex = _tex_entry(bad_latex, "hostile2023"), _tex_entry(bad_latex, "latex2016")
    for fragment in (
        r"\textless{}script\textgreater{}alert(", r"\textless{}b\textgreater{}raw",
        r"\sphinxstylestrong{bold}", r"\textless{}img src=x onerror=alert(1)\textgreater{}",
    ):
        assert fragment in hostile
    for fragment in (
        # read as LaTeX (core/latex_markup.py): text, and math that has no command
        r"click javascript:alert(2) /etc/passwd \(x^2\) newpage", r"\& \& \# \_",
        r"\sphinxhref{https://example.org/" + '"onmouseover="'
        + r"alert(4)\textbackslash{}input\{/etc/passwd\}}{Web example.org}",
    ):
        assert fragment in latex
    # the only commands in the entries are those the LaTeX writer uses for markup and
    # escapes, and the math delimiters: none comes from a field (math with a command
    # that is no symbol is text, tests/test_latex_markup.py)
    commands = set(re.findall(r"\\([A-Za-z]+|.)", hostile + latex))
    assert commands <= {
        "label", "detokenize", "sphinxstylestrong", "sphinxhyphen", "DUrole", "sphinxhref", "mbox",
        "textperiodcentered",  # between the links (sphinx_ext/badges.py)
        "textless", "textgreater", "textbackslash", "textasciicircum",
        "$", "&", "#", "_", "{", "}", "(", ")",
    }, commands


def test_valid_roles_survive_a_broken_annotation(bad):
    roles = html(bad).find(id="pub-roles2022").find_parent("li")
    # '1=equal' is kept; the repeated '1=corresponding' and the bad items are reported
    assert [s["class"][1] for s in roles.select("sup.portfolio-role")] == ["portfolio-role-equal"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("portfolio_owner", "Xu, Zhi-Qin John",
         "portfolio_owner must be a list of strings, not str 'Xu, Zhi-Qin John'; using the default"),
        ("portfolio_owner", [],
         "portfolio_owner is empty: no author will be highlighted; set it to the owner's name "
         "forms, e.g. portfolio_owner = ['Doe, Jane', 'Doe, J.']"),
        ("portfolio_owner", [", Zhi"],
         "portfolio_owner: ', Zhi' has no last name; write it as 'Last, First'"),
        ("portfolio_topics", ["theory"],
         "portfolio_topics must be a dict of strings to strings, not list ['theory']; using the default"),
        ("portfolio_topics", {"theory": 1},
         "portfolio_topics must be a dict of strings to strings, not dict {'theory': 1}; using the default"),
        ("portfolio_tags", ["selected", "theory"],
         "portfolio_tags repeats topic keys ['theory']: a keyword is either a topic "
         "(portfolio_topics) or a tag, not both"),
    ],
)
def test_bad_settings_are_named(make_app, rootdir, tmp_path, monkeypatch, capsys, name, value, message):
    import shutil

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", srcdir)
    # written into conf.py: confoverrides would coerce the types for us
    with (srcdir / "conf.py").open("a") as conf:
        conf.write(f"\n{name} = {value!r}\n")
    line = (srcdir / "conf.py").read_text().splitlines().index(f"{name} = {value!r}") + 1
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert f"conf.py:{line}: WARNING: {message} [portfolio.config]" in warnings(app)

    # the lint says the same, on the same line
    from portfolio_ext.cli import main

    monkeypatch.chdir(srcdir)
    capsys.readouterr()
    assert main(["check", "."]) == 1
    assert f"conf.py:{line}: [portfolio.config] {message}" in capsys.readouterr().out.splitlines()


def test_entries_pybtex_cannot_format_are_shown_and_warned(make_app, rootdir, tmp_path):
    import shutil

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", srcdir)
    with (srcdir / "refs.bib").open("a") as bib:
        bib.write(
            "\n@article{nojournal2024,\n  author = {Doe, Jane},\n  title = {No Journal},\n"
            "  year = {2024},\n  keywords = {theory},\n}\n"
            "\n@report{report2024,\n  author = {Doe, Jane},\n  title = {A Report},\n"
            "  year = {2024},\n  keywords = {theory},\n}\n"
        )
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    found = warnings(app)
    assert (
        "refs.bib:36: WARNING: entry 'nojournal2024': @article needs journal, so it is shown "
        "as its authors, title and year only; add journal, or give it a type that does not "
        "need it (e.g. @misc) [portfolio.missing_field]" in found
    ), found
    # biblatex's @report is shown as a @techreport, which needs an institution
    assert (
        "refs.bib:43: WARNING: entry 'report2024': @report (shown as @techreport) needs "
        "institution, so it is shown as its authors, title and year only; add institution, "
        "or give it a type that does not need it (e.g. @misc) [portfolio.missing_field]"
        in found
    ), found
    soup = html(app)
    entry = text_of(soup.find(id="pub-nojournal2024").find_parent("li").find("p"))
    assert entry.startswith("Jane Doe . No Journal . 2024 ."), entry
    assert soup.find(id="pub-report2024") is not None


# -- portfolio-ext check -------------------------------------------------------------

#: what only the lint finds: likely duplicates and arXiv preprints without an arXiv link
LINT_ONLY = [
    "more.bib:47: [portfolio.link] entry 'latex2016': eprint 'javascript:alert(5)' is not an arXiv identifier (like 2101.00001 or math/0601001), so it is shown as text, not linked; write the bare identifier",
    "more.bib:59: [note] entries 'good2020', 'preprint2016' have the same title and appeared in different places: versions of one paper (a preprint, a conference and a journal version), each listed",
    "more.bib:59: [portfolio.link] entry 'preprint2016': howpublished gives arXiv:1601.00001, but without an eprint field the entry has no arXiv link; add eprint = {1601.00001} and archiveprefix = {arXiv}",
]


def lint(confdir: Path, *, cwd: Path | None = None) -> tuple[int, list[str], str]:
    """``portfolio-ext check CONFDIR`` in a new process: (exit status, its lines on
    stdout but the summary, the summary line with its newline, or stderr if none)."""
    result = subprocess.run(
        [sys.executable, "-m", "portfolio_ext.cli", "check", str(confdir)],
        capture_output=True, text=True, check=False, cwd=cwd or confdir,
    )
    lines = result.stdout.splitlines(keepends=True)
    if lines and re.fullmatch(r"\d+ entries checked, \d+ findings?\n", lines[-1]):
        return result.returncode, [line.rstrip("\n") for line in lines[:-1]], lines[-1]
    return result.returncode, [line.rstrip("\n") for line in lines], result.stderr


def test_lint_reports_what_the_build_reports_one_line_each(rootdir):
    status, lines, summary = lint(rootdir / "test-badbib")
    assert status == 1
    # the build's bib and settings warnings (not those about pages), in the same order,
    # as "FILE:LINE: [TYPE] MESSAGE"
    from_build = [
        re.sub(r"^(.*?)WARNING: (.*) \[(portfolio\.\w+)\]$", r"\1[\3] \2", line)
        for line in EXPECTED if re.search(r"\[portfolio\.(?!directive|citation)", line)
    ]
    assert lines == from_build + LINT_ONLY
    notes = [line for line in lines if "[note]" in line]
    assert summary == f"16 entries checked, {len(lines) - len(notes)} findings\n"


def test_lint_of_the_real_site_is_clean():
    status, lines, summary = lint(REPO / "docs", cwd=REPO)
    assert (status, lines) == (0, []), lines
    assert re.fullmatch(r"\d+ entries checked, 0 findings\n", summary)


def test_lint_arxiv_links_and_duplicates(tmp_path):
    (tmp_path / "conf.py").write_text(
        'bibtex_bibfiles = ["refs.bib"]\nportfolio_owner = ["Doe, Jane"]\n'
        'portfolio_topics = {"theory": "Theory"}\n'
    )
    entries = {
        "journal2020": "journal = {arXiv preprint arXiv:2001.00001v2}",
        "note2020": "journal = {J}, note = {see https://arxiv.org/abs/2001.00002}",
        "prefix2020": "journal = {J}, archiveprefix = {arXiv}",
        "bare2020": "howpublished = {arXiv}",
        "linked2020": "howpublished = {arXiv}, url = {https://arxiv.org/abs/2001.00003}",
        "eprint2020": "howpublished = {arXiv}, eprint = {2001.00004}, archiveprefix = {arXiv}",
        "other2020": "howpublished = {HAL}, eprint = {hal-01234}, archiveprefix = {HAL}",
        "doi2020": "journal = {J}, doi = {10.1000/x1}",
        "doi2021": "journal = {J}, doi = {https://doi.org/10.1000/X1}",
        "arxiv2021": "howpublished = {arXiv}, eprint = {2001.00004v3}",
    }
    (tmp_path / "refs.bib").write_text("".join(
        f"@misc{{{key},\n  author = {{Doe, Jane}},\n  title = {{Title of {key}}},\n"
        f"  year = {{2020}},\n  keywords = {{theory}},\n  {fields},\n}}\n\n"
        for key, fields in entries.items()
    ))
    status, lines, _ = lint(tmp_path)
    assert status == 1
    assert lines == [
        "refs.bib:1: [portfolio.link] entry 'journal2020': journal gives arXiv:2001.00001v2, but without an eprint field the entry has no arXiv link; add eprint = {2001.00001v2} and archiveprefix = {arXiv}",
        "refs.bib:9: [portfolio.link] entry 'note2020': note gives arXiv:2001.00002, but without an eprint field the entry has no arXiv link; add eprint = {2001.00002} and archiveprefix = {arXiv}",
        "refs.bib:17: [portfolio.link] entry 'prefix2020': archiveprefix is arXiv, but without an eprint field the entry has no arXiv link; add eprint = {NNNN.NNNNN} with its arXiv identifier",
        "refs.bib:25: [portfolio.link] entry 'bare2020': howpublished says arXiv, but without an eprint field the entry has no arXiv link; add eprint = {NNNN.NNNNN} with its arXiv identifier",
        "refs.bib:65: [portfolio.duplicate_key] entries 'doi2020', 'doi2021' have the same DOI: likely one publication entered twice; keep one",
        "refs.bib:73: [portfolio.duplicate_key] entries 'eprint2020', 'arxiv2021' have the same arXiv id: likely one publication entered twice; keep one",
    ]


def test_lint_without_conf_py_says_what_to_pass(tmp_path):
    status, lines, message = lint(tmp_path / "nowhere", cwd=tmp_path)
    assert (status, lines) == (2, [])
    assert message == f"{tmp_path}/nowhere/conf.py: not found; pass the folder holding conf.py\n"
