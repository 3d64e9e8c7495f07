"""What real publication lists hold that a hand-written refs.bib does not: biblatex's
data model, role symbols typed into names, free-text keywords, commented-out entries,
eprints that are addresses (issue 14; the whole files are built in test_corpus.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pybtex.database import Entry, Person

from portfolio_ext.core.bibindex import build_index
from portfolio_ext.core.dates import date_parts, month_of, month_problem
from portfolio_ext.core.export import csl_item
from portfolio_ext.core.fields import bibtex_view
from portfolio_ext.core.findings import WarningType
from portfolio_ext.core.links import links_of
from portfolio_ext.core.metadata import entry_links
from portfolio_ext.core.names import OwnerMatcher, normalize, typed_symbols
from portfolio_ext.core.settings import PortfolioConfig


@pytest.mark.parametrize(("fields", "expected"), [
    ({"date": "2024-03-05"}, (2024, 3)),
    ({"date": "2024-03"}, (2024, 3)),
    ({"date": "2024"}, (2024, 0)),
    ({"date": "2020/2021"}, (2020, 0)),
    ({"date": "2020-12-06/2020-12-12"}, (2020, 12)),
    ({"date": "2024-13"}, (2024, 0)),
    ({"date": "March 2024"}, (0, 0)),
    ({"year": "2023", "date": "2024-05"}, (2023, 0)),  # year wins; its month is not 2024's
    ({"year": "2024", "date": "2024-05"}, (2024, 5)),
    ({"year": "2024", "month": "jan", "date": "2024-05"}, (2024, 1)),
])
def test_date_parts_read_biblatex_dates_where_year_is_missing(fields, expected):
    assert date_parts(fields) == expected


@pytest.mark.parametrize(("text", "month"), [
    ("18--24 Jul", 7), ("Jul 18--24", 7), ("July", 7), ("3", 3), ("Junio", 0),
    ("jul--aug", 0), ("", 0),
])
def test_month_of_reads_pmlr_day_ranges(text, month):
    assert month_of(text) == month


def test_an_unknown_month_name_is_a_problem():
    assert "month 'Junio' is not a month" in month_problem("Junio")
    assert month_problem("18--24 Jul") == month_problem("") == ""


def _entry(kind: str, persons: dict | None = None, **fields: str) -> Entry:
    entry = Entry(kind, fields=fields, persons=persons or {"author": [Person("Doe, Jane")]})
    entry.key = "k"
    return entry


def test_bibtex_view_maps_biblatex_types_and_fields():
    thesis = bibtex_view(_entry("thesis", title="T", date="2019-09", institution="MIT",
                                location="Cambridge", type="mathesis", chapter=""))
    assert thesis.type == "mastersthesis"
    assert dict(thesis.fields) == {
        "title": "T", "date": "2019-09", "institution": "MIT", "location": "Cambridge",
        "type": "Master's thesis", "address": "Cambridge", "year": "2019",
        "month": "September", "school": "MIT",
    }
    article = bibtex_view(_entry("article", title="T", journaltitle="J", date="2021"))
    assert (article.type, article.fields["journal"], article.fields["year"]) == ("article", "J", "2021")
    software = bibtex_view(_entry("software", title="T", date="2020", organization="Zenodo"))
    assert software.fields["howpublished"] == "Zenodo"
    plain = _entry("article", title="T", journal="J", year="2020")
    assert bibtex_view(plain) is plain  # nothing to do: the entry itself


def test_csl_json_of_a_biblatex_entry_has_its_date_and_journal():
    item = csl_item("k", _entry("online", title="T", date="2022-03", journaltitle="J"))
    assert item["type"] == "webpage"
    assert item["issued"] == {"date-parts": [[2022, 3]]}
    assert item["container-title"] == "J"


@pytest.mark.parametrize(("written", "plain"), [
    ("Garc\u0131\u0301a", "garcia"), ("Nørgaard", "norgaard"), ("Weiß", "weiss"),
    ("Æsir", "aesir"), ("Łukasiewicz", "lukasiewicz"), ("Garci\u0301a", "garcia"),
    ("Poon*", "poon"), ("Einstein*\u2020", "einstein"),
])
def test_normalize_folds_what_unicode_does_not_decompose(written, plain):
    assert normalize(written) == plain


def test_role_symbols_typed_into_names_are_found_and_removed():
    symbols, clean = typed_symbols(Person("Einstein*\u2020, A."))
    assert (symbols, str(clean)) == ("*\u2020", "Einstein, A.")
    assert typed_symbols(Person("\u2217Yadav, Sourabh"))[0] == "*"  # al-folio's asterisk operator
    person = Person("Doe, Jane")
    assert typed_symbols(person) == ("", person)
    assert OwnerMatcher(["Poon, Art Francis Yuen"]).matches(Person("Poon*, Art F Y"))


def _index(tmp_path: Path, text: str, **config) -> tuple:
    bib = tmp_path / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    index = build_index([bib], PortfolioConfig(**config))
    return index, [(f.subtype, f.line, f.message) for f in index.findings]


def test_typed_symbols_are_read_as_roles_with_one_warning(tmp_path):
    index, findings = _index(
        tmp_path,
        "@article{a,\n author = {Poon*, Art F Y and Roe\u2020, R and Moe\u2021, M},\n"
        " title = {T}, journal = {J}, year = {2020}}\n",
        owner=("Poon, Art Francis Yuen",),
    )
    assert index.info["a"].owner_positions == (1,)
    assert index.info["a"].annotations["author"].item_roles == {1: ("corresponding",), 2: ("equal",)}
    [(subtype, line, message)] = findings
    assert (subtype, line) == (WarningType.ANNOTATION, 1)
    assert "'\u2021' stands for no role and is left out" in message
    assert message.endswith("author+an = {1=corresponding; 2=equal}")


def test_and_others_before_the_owner_has_its_own_warning(tmp_path):
    _, findings = _index(
        tmp_path, "@article{a, author = {Roe, R and others}, title = {T}, journal = {J},"
                  " year = {2020}}\n", owner=("Doe, Jane",))
    [(subtype, _, message)] = findings
    assert subtype is WarningType.OWNER
    assert "the author list ends with 'and others': the owner may be among them" in message
    assert "list all authors in refs.bib" in message


def test_free_text_keywords_are_quiet_but_a_typo_of_a_topic_warns(tmp_path):
    _, findings = _index(
        tmp_path, "@article{a, author = {Doe, Jane}, title = {T}, journal = {J}, year = {2020},"
                  " keywords = {Star formation, galaxies: ISM, theroy, Theory}}\n",
        owner=("Doe, Jane",), topics={"theory": "Theory"})
    assert [m for _, _, m in findings if "keyword '" in m] == [
        "entry 'a': keyword 'theroy' is not a topic in portfolio_topics (nor in "
        "portfolio_tags); did you mean 'theory'?",
        "entry 'a': keyword 'Theory' is not a topic in portfolio_topics (nor in "
        "portfolio_tags); did you mean 'theory'?",
    ]


def test_a_commented_out_entry_is_noted_not_blamed_on_the_next(tmp_path):
    index, findings = _index(
        tmp_path, "@article{a, author = {Doe, Jane}, title = {T}, journal = {J}, year = {2020}}\n"
                  "\n%@article{old,\n%\tauthor = {Doe, Jane},\n%\ttitle = {Old}}\n\n"
                  "@article{b, author = {Doe, Jane}, title = {T2}, journal = {J}, year = {2021}}\n",
        owner=("Doe, Jane",))
    assert index.keys == ["a", "b"]
    assert findings == [(WarningType.NOTE, 3, "entry 'old' is commented out with '%' and is not "
                         "listed (biber skips it too); remove the '%' signs to list it, or "
                         "delete it")]
    assert index.info["b"].line == 7


def test_a_percent_in_a_field_nobody_sees_is_fine(tmp_path):
    _, findings = _index(
        tmp_path, "@article{a, author = {Doe, Jane}, title = {T}, journal = {J}, year = {2020},"
                  " abstract = {50% less}, file = {a%20b.pdf}, annote = {5% more},"
                  " note = {10% off}}\n", owner=("Doe, Jane",))
    assert [m.split(":")[1].strip() for _, _, m in findings] == ["note"]


def test_unknown_types_and_dates_are_warned(tmp_path):
    _, findings = _index(
        tmp_path, "@poster{a, author = {Doe, Jane}, title = {T}, date = {spring 2020}}\n",
        owner=("Doe, Jane",))
    assert [s for s, _, _ in findings] == [WarningType.ENTRY_TYPE, WarningType.BAD_YEAR]


def test_an_eprint_that_is_an_address_is_a_link():
    siam = {"doi": "10.1137/19M1", "eprint": " \n https://doi.org/10.1137/19M1 \n",
            "url": "https://doi.org/10.1137/19M1"}
    assert links_of(siam).eprint_url == "https://doi.org/10.1137/19M1"
    assert entry_links(_entry("article", **siam)) == [("DOI 10.1137/19M1", "https://doi.org/10.1137/19M1")]
    arxiv = links_of({"eprint": "https://arxiv.org/abs/2101.00001v2"})
    assert (arxiv.arxiv_id, arxiv.eprint_url) == ("2101.00001v2", None)


def test_the_style_shows_a_doi_once_and_biblatex_types():
    from portfolio_ext.style.formatting import PortfolioStyle

    style = PortfolioStyle(portfolio_config=PortfolioConfig(owner=("Doe, Jane",)))

    def text(entry: Entry) -> str:
        return style.format_entry("k", entry).text.render_as("text")

    corr = _entry("article", title="T", journal="CoRR", year="2019", doi="10.48550/arXiv.1901.1",
                  url="https://doi.org/10.48550/arXiv.1901.1")
    assert text(corr) == "Jane Doe. T. CoRR, 2019. DOI 10.48550/arXiv.1901.1"
    siam = _entry("article", title="T", journal="S", year="2020", doi="10.1137/19M1",
                  eprint="https://doi.org/10.1137/19M1", url="https://doi.org/10.1137/19M1")
    assert text(siam) == "Jane Doe. T. S, 2020. DOI 10.1137/19M1"
    thesis = _entry("thesis", title="T", date="2019-09", institution="MIT", type="phdthesis")
    assert text(thesis) == "Jane Doe. T. PhD thesis, MIT, September 2019."
    poster = _entry("poster", title="T", year="2020", howpublished="SIAM CSE")
    assert text(poster) == "Jane Doe. T. SIAM CSE, 2020."
    typed = _entry("article", {"author": [Person("Doe*, Jane")]}, title="T", journal="J",
                   year="2020")
    assert text(typed) == "Jane Doe*. T. J, 2020."  # the name without its '*', the marker after


def _check(tmp_path: Path, conf: str, bib: str) -> subprocess.CompletedProcess:
    (tmp_path / "conf.py").write_text(
        'bibtex_bibfiles = ["refs.bib"]\nportfolio_owner = ["Doe, Jane"]\n' + conf)
    (tmp_path / "refs.bib").write_text(bib)
    return subprocess.run([sys.executable, "-m", "portfolio_ext.cli", "check", "."],
                          capture_output=True, text=True, check=False, cwd=tmp_path)


_VERSIONS = (
    "@misc{pre, author = {Doe, Jane}, title = {A Paper}, year = {2019}, eprint = {1901.00001}}\n"
    "@inproceedings{conf, author = {Doe, Jane}, title = {A paper}, booktitle = {NeurIPS},"
    " year = {2020}}\n"
    "@article{jour, author = {Doe, Jane}, title = {A Paper}, journal = {JMLR}, year = {2021}}\n"
    "@article{twice, author = {Doe, Jane}, title = {Other}, journal = {JMLR}, year = {2021}}\n"
    "@article{again, author = {Doe, Jane}, title = {Other}, journal = {JMLR}, year = {2021}}\n"
)


def test_check_tells_versions_from_duplicates_and_prints_its_summary_on_stdout(tmp_path):
    result = _check(tmp_path, "", _VERSIONS)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "refs.bib:2: [note] entries 'pre', 'conf', 'jour' have the same title and appeared "
        "in different places: versions of one paper (a preprint, a conference and a journal "
        "version), each listed",
        "refs.bib:5: [portfolio.duplicate_key] entries 'twice', 'again' have the same title: "
        "likely one publication entered twice; keep one",
        "5 entries checked, 1 finding",
    ]
    assert result.stdout.endswith("\n") and result.stderr == ""


def test_check_honours_suppress_warnings(tmp_path):
    result = _check(tmp_path, 'suppress_warnings = ["portfolio.duplicate_key"]\n', _VERSIONS)
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "5 entries checked, 0 findings"
    result = _check(tmp_path, 'suppress_warnings = ["portfolio"]\n',
                    "@article{a, title = {T}, year = {2020}}\n")
    assert (result.returncode, result.stdout) == (0, "1 entries checked, 0 findings\n")


def test_topic_keys_with_spaces_are_selected_in_double_quotes():
    from portfolio_ext.core.selection import parse_selection

    topics = ["machine learning", "theory"]
    selection, problems = parse_selection('topic:"machine learning",theory -type:misc',
                                          topics=topics, tags=[])
    assert problems == []
    assert selection.terms == (("topic", ("machine learning", "theory"), False),
                               ("type", ("misc",), True))
    _, problems = parse_selection("topic:machine learning", topics=topics, tags=[])
    assert problems[0] == (
        "unknown topic 'machine'; known: machine learning, theory (a value with spaces is "
        'written in double quotes: topic:"machine learning")'
    )


def test_a_crossref_gives_the_volume_s_fields_and_title_as_booktitle(tmp_path):
    index, findings = _index(
        tmp_path,
        "@inproceedings{p, author = {Doe, Jane}, title = {P}, pages = {1--2}, year = {2019},"
        " crossref = {vol}}\n"
        "@proceedings{vol, editor = {Roe, R}, title = {Proc. of X}, publisher = {S},"
        " year = {2019}}\n", owner=("Doe, Jane",))
    paper = index.data.entries["p"]
    assert (paper.fields["booktitle"], paper.fields["publisher"]) == ("Proc. of X", "S")
    assert [str(p) for p in paper.persons["editor"]] == ["Roe, R"]
    assert paper.fields["title"] == "P"
    [(subtype, line, message)] = findings
    assert (subtype, line) == (WarningType.OWNER, 2)
    assert "it is the volume whose title 'p' take as booktitle (crossref)" in message


def test_exports_and_metadata_write_names_without_typed_symbols():
    from portfolio_ext.core.export import clean_bibtex
    from portfolio_ext.core.metadata import bibtex_authors, display_names

    entry = _entry("article", {"author": [Person("Poon*, Art F Y"), Person("Roe\u2020, R")]},
                   title="T", journal="J", year="2020")
    assert csl_item("k", entry)["author"] == [{"family": "Poon", "given": "Art F Y"},
                                              {"family": "Roe", "given": "R"}]
    assert display_names(entry) == ["Art F Y Poon", "R Roe"]
    assert bibtex_authors(entry) == ["Poon, Art F Y", "Roe, R"]
    assert "author = {Poon, Art F Y and Roe, R}" in clean_bibtex([("k", entry)])
