"""Clean BibTeX and CSL-JSON export: unit tests on pybtex entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pybtex.database import parse_file, parse_string

from portfolio_ext.core.export import clean_bibtex, csl_item, csl_json

BIB = r"""
@article{one2020,
  author = {D{\"o}e, Jane and van der Berg, Piet and Roe, Jr., Richard},
  author+an = {1=corresponding},
  title = {The {Fourier} Title},
  journal = {Journal of {Things}},
  year = {2020},
  month = mar,
  volume = {12},
  number = {3},
  pages = {100--120},
  doi = {10.1000/xyz},
  keywords = {theory, selected},
  note = {Spotlight},
  abstract = {Not for a reference list.},
}

@misc{two2021,
  author = {Doe, Jane},
  title = {A Preprint},
  howpublished = {arXiv preprint},
  year = {2021},
  eprint = {2101.00001},
  archiveprefix = {arXiv},
}

@inproceedings{three2019,
  author = {Doe, Jane},
  title = {Talk},
  booktitle = {Proceedings of Talks},
  year = {2019},
}
"""


def entries():
    return list(parse_string(BIB, "bibtex").entries.items())


def test_clean_bibtex_keeps_the_citation_and_drops_the_bookkeeping():
    text = clean_bibtex(entries())
    for gone in ("author+an", "keywords", "note", "abstract", "Spotlight"):
        assert gone not in text
    for kept in ("@article{one2020,", "title = {The {Fourier} Title}", "pages = {100--120}",
                 "doi = {10.1000/xyz}", "eprint = {2101.00001}", "archiveprefix = {arXiv}"):
        assert kept in text
    # it is valid BibTeX that reads back to the same entries
    again = parse_string(text, "bibtex")
    assert list(again.entries) == ["one2020", "two2021", "three2019"]
    assert [str(p) for p in again.entries["one2020"].persons["author"]] == [
        'D{\\"o}e, Jane', "van der Berg, Piet", "Roe, Jr., Richard"]


def test_csl_json_maps_types_names_dates_and_identifiers():
    one, two, three = json.loads(csl_json(entries()))
    assert one["type"] == "article-journal" and two["type"] == "article"
    assert three["type"] == "paper-conference" and three["container-title"] == "Proceedings of Talks"
    assert one["title"] == "The Fourier Title" and one["container-title"] == "Journal of Things"
    assert one["author"] == [
        {"family": "Döe", "given": "Jane"},
        {"family": "van der Berg", "given": "Piet"},
        {"family": "Roe", "given": "Richard", "suffix": "Jr."},
    ]
    assert one["issued"] == {"date-parts": [[2020, 3]]}
    assert (one["volume"], one["issue"], one["page"], one["DOI"]) == ("12", "3", "100-120", "10.1000/xyz")
    assert "note" not in one and "keywords" not in one
    assert two["number"] == "arXiv:2101.00001" and two["publisher"] == "arXiv"
    assert two["URL"] == "https://arxiv.org/abs/2101.00001"


def _decoded(text: str) -> str:
    from pybtex.backends.plaintext import Backend
    from pybtex.richtext import Text

    return Text.from_latex(text).render(Backend())


@given(st.text(max_size=40))
def test_plain_equals_pybtex_latex_decoding(text):
    from portfolio_ext.core.export import plain

    assume("%" not in text)  # a LaTeX comment: reported as bad input by the bib checks
    try:
        expected = _decoded(text)
    except Exception:
        return
    # what pybtex leaves LaTeX in is read by core/latex_markup.py (tests/test_latex_markup.py)
    assume("\\" not in expected and "$" not in expected)
    assert plain(text) == expected


def test_plain_equals_pybtex_on_every_field_and_name_of_refs_bib():
    from conftest import REPO
    from pybtex.database import parse_file

    from portfolio_ext.core.export import plain

    bib = parse_file(str(REPO / "refs.bib"))
    values = [v for e in bib.entries.values() for v in e.fields.values()]
    values += [str(p) for e in bib.entries.values() for ps in e.persons.values() for p in ps]
    assert [v for v in values if plain(v) != _decoded(v)] == []


def _clean_entry(entry):
    """*entry* as a clean entry: the BibTeX view's fields of KEPT_FIELDS, and its
    authors and editors without their role symbols (what clean_bibtex writes)."""
    from pybtex.database import Entry

    from portfolio_ext.core.export import KEPT_FIELDS
    from portfolio_ext.core.fields import bibtex_view
    from portfolio_ext.core.names import typed_symbols

    entry = bibtex_view(entry)
    lowered = {name.lower(): name for name in entry.fields}
    fields = {name: entry.fields[lowered[name]] for name in KEPT_FIELDS if name in lowered}
    persons = {role: [typed_symbols(p)[1] for p in people]
               for role, people in entry.persons.items() if role.lower() in ("author", "editor")}
    return Entry(entry.type, fields=fields, persons=persons)


def _pybtex_bibtex(entries) -> str:
    """The clean BibTeX as pybtex's writer made it before: braces, values not encoded."""
    from pybtex.database import BibliographyData
    from pybtex.database.output.bibtex import Writer

    class BraceWriter(Writer):
        def quote(self, s):
            return f"{{{s}}}"

        def _encode(self, text):  # private, hence no longer used by the package
            return text

    data = BibliographyData(entries={key: _clean_entry(entry) for key, entry in entries})
    return BraceWriter().to_string(data)


def test_clean_bibtex_writes_what_pybtex_writer_wrote():
    from conftest import REPO
    from pybtex.database import parse_file

    bib = parse_file(str(REPO / "refs.bib"))
    bib.entries.update(parse_string(BIB, "bibtex").entries)
    entries = list(bib.entries.items())
    assert clean_bibtex(entries) == _pybtex_bibtex(entries)
    for key, entry in entries:
        assert clean_bibtex([(key, entry)]) == _pybtex_bibtex([(key, entry)])


_PART = st.sampled_from(["", "Jane", "Zhi-Qin", "van der", "Berg", "Jr.", '{\\"O}zt{\\"u}rk',
                        "Poon*", "*Pang", "Li#"])


@given(first=_PART, middle=_PART, prelast=_PART, last=_PART, lineage=_PART)
def test_clean_bibtex_names_as_pybtex_writes_them(first, middle, prelast, last, lineage):
    from pybtex.database import Entry, Person

    person = Person(first=first, middle=middle, prelast=prelast, last=last, lineage=lineage)
    # the same name twice, and as an editor's: each name is written once and kept
    entry = Entry("misc", fields={"title": "T"},
                  persons={"author": [person, Person(str(person))], "editor": [person]})
    assert clean_bibtex([("k", entry)]) == _pybtex_bibtex([("k", entry)])


@pytest.mark.parametrize("count", [0, 1, 3])
def test_csl_json_from_parts_is_json_dumps_of_the_items(count):
    chosen = entries()[:count]
    assert csl_json(chosen) == json.dumps([csl_item(k, e) for k, e in chosen],
                                          ensure_ascii=False, indent=2) + "\n"


def test_csl_json_of_the_real_bibliography_is_json_dumps_of_its_items():
    real = list(parse_file(str(Path(__file__).parent.parent / "refs.bib")).entries.items())
    assert csl_json(real) == json.dumps([csl_item(k, e) for k, e in real],
                                        ensure_ascii=False, indent=2) + "\n"
