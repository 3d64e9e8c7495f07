"""The settings, declared once in PortfolioConfig and checked by validate() (no Sphinx)."""

from __future__ import annotations

from dataclasses import fields

import pytest

from portfolio_ext.core.settings import SETTINGS, PortfolioConfig, validate


def check(raw: dict) -> tuple[PortfolioConfig, list[tuple[str, str]]]:
    """The settings from *raw* (with an owner), and the (setting, message) problems."""
    problems: list[tuple[str, str]] = []
    config = validate({"portfolio_owner": ["Doe, Jane"], **raw},
                      lambda message, name: problems.append((name, message)))
    return config, problems


def test_every_field_is_a_setting_with_a_default_that_validates():
    assert [s.name for s in SETTINGS] == [f"portfolio_{f.name}" for f in fields(PortfolioConfig)]
    assert {s.rebuild for s in SETTINGS} <= {"env", "html", ""}
    assert all(s.help and s.types for s in SETTINGS)
    config, problems = check({s.name: s.default for s in SETTINGS if s.name != "portfolio_owner"})
    assert problems == []
    assert config == PortfolioConfig(owner=("Doe, Jane",))


@pytest.mark.parametrize(
    ("name", "value", "shape"),
    [
        ("portfolio_paper_pages", "yes", "True or False"),
        ("portfolio_paper_pages_dir", 3, "a string"),
        ("portfolio_person", ["Jane Doe"], "a dict"),
        ("portfolio_sitemap", 1, "True or False"),
        ("portfolio_cache", "no", "True or False"),
        ("portfolio_pdf_numbering", True, "a string"),
        ("portfolio_people", ["Roe, Richard"], "a dict of groups"),
    ],
)
def test_a_setting_of_the_wrong_type_is_named_and_takes_its_default(name, value, shape):
    config, problems = check({name: value})
    assert len(problems) == 1, problems
    setting, message = problems[0]
    assert setting == name
    assert message.startswith(
        f"{name} must be {shape}, not {type(value).__name__} {value!r}; using the default")
    field = name.removeprefix("portfolio_")
    assert getattr(config, field) == getattr(PortfolioConfig(), field)


@pytest.mark.parametrize("value", ["none", "plain", "reverse"])
def test_pdf_numbering_takes_its_three_values(value):
    config, problems = check({"portfolio_pdf_numbering": value})
    assert problems == [] and config.pdf_numbering == value


def test_an_unknown_pdf_numbering_is_named_and_numbers_nothing():
    config, problems = check({"portfolio_pdf_numbering": "Reverse"})
    assert problems == [("portfolio_pdf_numbering",
                         "portfolio_pdf_numbering must be one of 'none', 'plain', 'reverse', "
                         "not 'Reverse'; the PDF's lists are not numbered")]
    assert config.pdf_numbering == "none"


@pytest.mark.parametrize(
    "value",
    ["/srv/www/papers", "../papers", "papers/../../etc", "", ".", "C:\\papers", "\\\\host\\papers"],
)
def test_paper_pages_dir_outside_the_output_is_refused(value):
    config, problems = check({"portfolio_paper_pages_dir": value})
    assert problems == [("portfolio_paper_pages_dir",
                         "portfolio_paper_pages_dir must be a folder inside the output, relative "
                         f"to it and without '..' (e.g. 'papers'), not {value!r}; using the "
                         "default")]
    assert config.paper_pages_dir == "papers"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("pubs", "pubs"), ("pubs/papers", "pubs/papers"), ("./papers/", "papers")],
)
def test_paper_pages_dir_inside_the_output_is_taken_as_a_page_folder(value, expected):
    config, problems = check({"portfolio_paper_pages_dir": value})
    assert problems == []
    assert config.paper_pages_dir == expected


@pytest.mark.parametrize(
    ("person", "problem"),
    [
        ({"jobTitle": "Professor"}, "portfolio_person needs a 'name'"),
        ({"name": "Jane Doe", 1: "x"}, "portfolio_person must have string keys"),
        ({"name": "Jane Doe", "birthDate": object()}, "portfolio_person must hold only JSON values"),
    ],
)
def test_a_person_search_engines_cannot_read_is_dropped(person, problem):
    config, problems = check({"portfolio_person": person})
    assert len(problems) == 1 and problems[0][1].startswith(problem), problems
    assert problems[0][1].endswith("; no Person metadata is written")
    assert config.person == {}


def test_a_person_is_kept():
    person = {"name": "Jane Doe", "affiliation": {"@type": "Organization", "name": "SJTU"}}
    config, problems = check({"portfolio_person": person})
    assert (config.person, problems) == (person, [])


def test_the_sitemap_needs_html_baseurl():
    config, problems = check({"portfolio_sitemap": True})
    assert [name for name, _ in problems] == ["portfolio_sitemap"]
    assert problems[0][1].startswith("portfolio_sitemap needs html_baseurl")
    assert config.sitemap is False
    config, problems = check({"portfolio_sitemap": True, "html_baseurl": "https://example.org/"})
    assert (config.sitemap, problems) == (True, [])


def test_the_signature_covers_only_what_pages_are_read_with():
    """Writing-only settings (rebuild "html" or "") leave the bib index and the
    formatting cache alone."""
    base = PortfolioConfig(owner=("Doe, Jane",))
    writing_only = PortfolioConfig(owner=("Doe, Jane",), paper_pages=False,
                                   paper_pages_dir="pubs", person={"name": "Jane Doe"},
                                   sitemap=True, cache=False)
    assert writing_only.signature() == base.signature()
    assert PortfolioConfig(owner=("Doe, J.",)).signature() != base.signature()
    assert PortfolioConfig(owner=("Doe, Jane",), other_label="Misc").signature() != base.signature()
