"""One rule for who is marked in an author list (core/names.py ``mark_of``): the
style's highlighting, the legend and the bib checks agree."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from pybtex.database import Entry, Person

from portfolio_ext.core.bibindex import _check_entry
from portfolio_ext.core.names import OWNER, OwnerMatcher, mark_of
from portfolio_ext.core.settings import PeopleGroup, PortfolioConfig
from portfolio_ext.style.formatting import PortfolioStyle

STUDENT = PeopleGroup("student", ("Roe, Richard", "Doe, Jane"), "student", "†")
POSTDOC = PeopleGroup("postdoc", ("Roe, Richard", "Poe, Edgar"), "postdoc", "‡")
CONFIG = PortfolioConfig(owner=("Doe, Jane",), people={"student": STUDENT, "postdoc": POSTDOC})
NAMES = ["Doe, Jane", "Doe, J.", "Roe, Richard", "Poe, Edgar", "Poe, E.", "Xu, Zhi"]


def test_the_owner_first_then_the_first_group():
    owner = OwnerMatcher(["Doe, Jane"])
    groups = [STUDENT, POSTDOC]
    assert mark_of(Person("Doe, Jane"), owner, groups) == OWNER
    assert mark_of(Person("Roe, Richard"), owner, groups) is STUDENT
    assert mark_of(Person("Poe, Edgar"), owner, groups) is POSTDOC
    assert mark_of(Person("Xu, Zhi"), owner, groups) is None
    assert mark_of(Person("Doe, Jane"), OwnerMatcher([]), groups) is STUDENT
    assert mark_of(Person("Doe, Jane"), None) is None


@given(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5))
def test_the_style_and_the_index_mark_alike(names):
    entry = Entry("misc", fields={"title": "T", "year": "2020"},
                  persons={"author": [Person(n) for n in names]})
    entry.key = "k"
    marks = [mark_of(p, CONFIG.matcher, CONFIG.people.values()) for p in entry.persons["author"]]
    info, _ = _check_entry(entry, "refs.bib", 1, CONFIG)
    assert info.owner_positions == tuple(i for i, m in enumerate(marks, 1) if m == OWNER)

    html = PortfolioStyle(portfolio_config=CONFIG).format_entry("1", entry).text.render_as("html")
    shown = re.findall(r"<(strong|em)>([^<]*)</\1>(?:<sup>([^<]*)</sup>)?", html)
    expected = [("strong", "") if m == OWNER else ("em", m.symbol)
                for m in marks if m is not None]
    assert [(tag, sup) for tag, _, sup in shown] == expected
