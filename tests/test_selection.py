"""Selections (``topic:x role:corresponding year:2020-``): unit and property tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_ext.core.bibindex import build_index
from portfolio_ext.core.selection import CRITERIA, OWNER_ROLES, owner_roles, parse_selection
from portfolio_ext.core.settings import PortfolioConfig

ROOT = Path(__file__).parent / "roots" / "test-features"
CONFIG = PortfolioConfig(
    owner=("Doe, Jane",), topics={"theory": "Theory", "applications": "Applications"},
    tags=("selected",),
)
KNOWN = {"topics": CONFIG.topics, "tags": CONFIG.tags}


@pytest.fixture(scope="module")
def index():
    return build_index([ROOT / "refs.bib"], CONFIG)


def select(index, text: str) -> list[str]:
    selection, problems = parse_selection(text, **KNOWN)
    assert not problems
    return selection.select(index)


@pytest.mark.parametrize(("text", "keys"), [
    ("", ["doe2018first", "roe2020second", "poe2020third", "doe2021fourth"]),
    ("all", ["doe2018first", "roe2020second", "poe2020third", "doe2021fourth"]),
    ("topic:theory", ["doe2018first", "roe2020second", "doe2021fourth"]),
    ("topic:theory topic:applications", ["roe2020second"]),
    ("topic:theory,applications", ["doe2018first", "roe2020second", "poe2020third",
                                   "doe2021fourth"]),
    ("-topic:theory", ["poe2020third"]),
    ("tag:selected", ["doe2018first"]),
    ("type:misc", ["doe2021fourth"]),
    ("type:ARTICLE", ["doe2018first", "roe2020second"]),
    ("-type:misc -type:article", ["poe2020third"]),
    ("year:2020", ["roe2020second", "poe2020third"]),
    ("year:2019-2020", ["roe2020second", "poe2020third"]),
    ("year:2020-", ["roe2020second", "poe2020third", "doe2021fourth"]),
    ("year:-2018", ["doe2018first"]),
    ("year:2018,2021", ["doe2018first", "doe2021fourth"]),
    ("role:first", ["doe2018first", "doe2021fourth"]),
    ("role:last", ["roe2020second", "doe2021fourth"]),
    ("role:corresponding", ["doe2018first", "doe2021fourth"]),
    ("role:equal", ["roe2020second"]),
    ("role:alphabetical", ["poe2020third"]),
    ("role:first topic:theory year:2021", ["doe2021fourth"]),
])
def test_selects_the_entries_its_terms_describe(index, text, keys):
    assert select(index, text) == keys


@pytest.mark.parametrize(("text", "problem"), [
    ("venue:nature", "cannot read 'venue:nature': write criterion:value with a criterion "
     "out of topic, tag, type, year, role (e.g. 'topic:applications', 'role:corresponding', "
     "'year:2020-2024'), or 'all'"),
    ("theory", "cannot read 'theory': write criterion:value"),
    ("topic:", "cannot read 'topic:': write criterion:value"),
    ("topic:biology", "unknown topic 'biology'; known: applications, theory"),
    ("tag:best,selected", "unknown tag 'best'; known: selected"),
    ("role:student", "unknown role 'student'; known: alphabetical, corresponding, equal, "
     "first, last"),
    ("year:twenty", "cannot read year 'twenty': write 2020, 2018-2020, 2020- or -2019"),
    ("year:2021-2019", "cannot read year '2021-2019'"),
    ("year:-", "cannot read year '-'"),
    ("year:20202021", "cannot read year '20202021'"),
])
def test_each_bad_term_gets_a_message_and_is_left_out(index, text, problem):
    selection, problems = parse_selection(f"{text} topic:theory", **KNOWN)
    assert len(problems) == 1 and problems[0].startswith(problem)
    assert selection.select(index) == select(index, "topic:theory")


def test_owner_roles_of_a_sole_author_are_first_and_last(index):
    fourth = index.info["doe2021fourth"]
    assert owner_roles(fourth, 1) == {"first", "last", "corresponding"}


terms = st.builds(
    lambda neg, crit, values: f"{'-' if neg else ''}{crit}:{','.join(values)}",
    st.booleans(),
    st.sampled_from(["topic", "tag", "type", "role"]),
    st.lists(st.sampled_from(["theory", "applications", "selected", "misc", "article",
                              *OWNER_ROLES]), min_size=1, max_size=3),
)


@given(st.text(max_size=60))
def test_parsing_never_raises(text):
    selection, problems = parse_selection(text, **KNOWN)
    assert all(isinstance(p, str) for p in problems)
    assert {criterion for criterion, _, _ in selection.terms} <= set(CRITERIA)


@given(st.lists(terms, max_size=3), terms)
def test_a_term_and_its_negation_split_any_selection(index, base, term):
    # index is module-scoped: hypothesis runs the examples against the same parse
    selection, _ = parse_selection(" ".join(base), **KNOWN)
    plus, problems = parse_selection(" ".join([*base, term]), **KNOWN)
    negation = term[1:] if term.startswith("-") else "-" + term
    minus, _ = parse_selection(" ".join([*base, negation]), **KNOWN)
    if problems:  # a bad term is ignored, so both sides equal the base selection
        return
    both = set(plus.select(index)) | set(minus.select(index))
    assert both == set(selection.select(index))
    assert not set(plus.select(index)) & set(minus.select(index))
