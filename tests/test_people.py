"""A second set of names marked in author lists (portfolio_people)."""

from __future__ import annotations

import pytest
from util import html, text_of

from portfolio_ext.core.settings import PeopleGroup, validate


def check(people):
    problems = []
    config = validate({"portfolio_owner": ["Doe, Jane"], "portfolio_people": people},
                      lambda message, name: problems.append(message))
    return config.people, problems


def test_a_valid_group_is_kept():
    people, problems = check({"student": {"names": ["Roe, Richard", "Poe, E."],
                                          "label": " student supervised ", "symbol": "†"}})
    assert problems == []
    assert people == {"student": PeopleGroup("student", ("Roe, Richard", "Poe, E."),
                                             "student supervised", "†")}
    assert people["student"].matcher.matches("Roe, Richard")


@pytest.mark.parametrize(("people", "problem"), [
    (["Roe, Richard"], "portfolio_people must be a dict of groups, not list"),
    ({"Student": {"names": ["Roe, R"], "label": "x"}},
     "portfolio_people['Student']: a group key must be lower-case letters"),
    ({"equal": {"names": ["Roe, R"], "label": "x"}},
     "portfolio_people['equal']: a group key must be lower-case letters, digits and '-', "
     "and not a role name (corresponding, equal)"),
    ({"student": ["Roe, Richard"]},
     "portfolio_people['student'] must be a dict with the keys names, label and"),
    ({"student": {"names": ["Roe, R"], "label": "x", "colour": "red"}},
     "portfolio_people['student'] must be a dict with the keys names, label and"),
    ({"student": {"names": "Roe, Richard", "label": "x"}},
     "portfolio_people['student']['names'] must be a non-empty list of names"),
    ({"student": {"names": ["Roe, Richard"]}},
     "portfolio_people['student'] needs a 'label' (what the marking means)"),
])
def test_each_bad_group_is_reported_and_left_out(people, problem):
    groups, problems = check(people)
    assert groups == {}
    assert len(problems) == 1 and problems[0].startswith(problem), problems
    assert "e.g. portfolio_people = {'student':" in problems[0]


@pytest.fixture(scope="module")
def site(build_root):
    return build_root("features", "html")


def test_group_members_are_styled_and_marked_with_their_meaning(site):
    page = html(site)
    first = page.select_one("li.portfolio-key-doe2018first")
    person = first.select_one("em.portfolio-person.portfolio-person-student")
    assert text_of(person) == "Richard Roe"
    marker = person.find_next_sibling("sup")
    assert "portfolio-role-student" in marker["class"]
    assert text_of(marker.select_one(".portfolio-role-symbol")) == "†"
    assert text_of(marker.select_one(".portfolio-sr-only")) == "(student supervised)"
    # the owner is never marked as a member, and every Roe in the lists is
    assert len(page.select("li.portfolio-entry em.portfolio-person-student")) == len(
        [li for li in page.select("li.portfolio-entry") if "Richard Roe" in text_of(li)])
    assert not page.select("strong.portfolio-owner em.portfolio-person")


def test_latex_prints_members_in_italics_with_their_symbol(build_root):
    from pathlib import Path

    app = build_root("features", "latex")
    tex = (Path(app.outdir) / "features.tex").read_text(encoding="utf-8")
    # the words TeX might hyphenate in an author list are kept whole (sphinx_ext/latex.py)
    assert r"\sphinxstyleemphasis{\mbox{Richard} Roe}$^{\text{†}}$" in tex


def test_the_legend_names_the_group_where_its_members_are_listed(site):
    legends = [text_of(p) for p in html(site).select("p.portfolio-legend")]
    # the first list (by year) shows Roe; "Corresponding" lists doe2018first (with Roe)
    assert "† student supervised" in legends[0]
    assert all(text_of(p).count("student supervised") <= 1 for p in html(site).select(
        "p.portfolio-legend"))


def test_no_legend_entry_where_no_member_is_listed(build_root):
    app = build_root("features", "html", confoverrides={
        "portfolio_people": {"student": {"names": ["Nobody, Known"], "label": "student"}}})
    assert "student" not in " ".join(text_of(p) for p in html(app).select("p.portfolio-legend"))
    assert not html(app).select("em.portfolio-person")


def test_a_group_without_symbol_shows_its_style_in_the_legend(build_root):
    app = build_root("features", "html", confoverrides={
        "portfolio_people": {"student": {"names": ["Roe, Richard"], "label": "student"}}})
    legend = html(app).select_one("p.portfolio-legend")
    assert legend.select_one("em.portfolio-person-student").get_text() == "names in italics"
    assert "names in italics: student" in legend.get_text()
    assert not html(app).select("sup.portfolio-role-student")
