"""One reading of ``year`` and ``month`` (core/dates.py), used by the index and CSL-JSON."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pybtex.database import Entry

from portfolio_ext.core.bibindex import build_index
from portfolio_ext.core.dates import month_of, year_of
from portfolio_ext.core.export import csl_item
from portfolio_ext.core.settings import PortfolioConfig


@pytest.mark.parametrize(("text", "month"), [
    ("3", 3), (" 12 ", 12), ("03", 3), ("0", 0), ("13", 0), ("mar", 3), ("Mar.", 3),
    ("MARCH", 3), ("Sept", 9), ("September", 9), ("sep", 9), ("ma", 0), ("mayonnaise", 0),
    ("", 0), ("spring", 0), ("³", 0), ("jun-jul", 0),
])
def test_month_of(text, month):
    assert month_of(text) == month


@pytest.mark.parametrize(("text", "year"), [
    ("2020", 2020), (" 1999 ", 1999), ("20", 0), ("2020a", 0), ("in press", 0), ("٢٠٢٠", 0),
])
def test_year_of(text, year):
    assert year_of(text) == year


@given(st.text(max_size=12))
def test_month_of_is_a_month_or_nothing(text):
    assert 0 <= month_of(text) <= 12


def test_the_index_and_csl_json_read_the_same_dates(tmp_path: Path):
    months = ["3", "13", "mar", "Sept.", "mayonnaise", "", "December"]
    bib = tmp_path / "refs.bib"
    bib.write_text("".join(
        f"@misc{{k{i}, author={{Doe, Jane}}, title={{T}}, year={{2020}}, month={{{m}}}}}\n"
        for i, m in enumerate(months)
    ))
    index = build_index([bib], PortfolioConfig())
    for i, text in enumerate(months):
        month = index.info[f"k{i}"].month
        assert month == month_of(text)
        issued = csl_item("k", Entry("misc", fields={"year": "2020", "month": text}))["issued"]
        assert issued == {"date-parts": [[2020, month] if month else [2020]]}
