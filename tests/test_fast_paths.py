"""The shortcuts taken for speed give exactly what the slow paths give."""

from __future__ import annotations

from pathlib import Path

import pybtex.plugin
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pybtex.database import parse_file
from pybtex.richtext import Text
from pybtex.style.formatting import BaseStyle

import portfolio_ext.style
from portfolio_ext.config import validate
from portfolio_ext.richtext import from_latex
from portfolio_ext.style import PortfolioStyle

REPO = Path(__file__).parent.parent

_TEXT = st.text(st.sampled_from("ab Z9.,:;'\"-`~{}\\$%&#^_!?()[]/\n\t\u00a0éü许’“–"), max_size=20)


@given(_TEXT)
@example("Multi-scale  deep learning")
@example("Fokker--Planck, ``quoted''")
@example(",,low quote")
@example(" leading space")
def test_from_latex_equals_the_decoder(text):
    try:
        expected = Text.from_latex(text)
    except Exception as exc:  # what the decoder rejects, the shortcut rejects
        with pytest.raises(type(exc)):
            from_latex(text)
        return
    found = from_latex(text)
    assert (found, str(found), repr(found)) == (expected, str(expected), repr(expected))


@pytest.mark.parametrize("bib", [REPO / "refs.bib", REPO / "tests/roots/test-basic/refs.bib"])
def test_entries_format_as_with_the_decoder_everywhere(bib, monkeypatch):
    config = validate({"portfolio_owner": ["Xu, Zhi-Qin John", "Xu, Zhiqin", "Doe, Jane"]},
                      lambda message: None)
    style = PortfolioStyle(portfolio_config=config)
    html = pybtex.plugin.find_plugin("pybtex.backends", "html")()
    entries = parse_file(str(bib)).entries
    fast = {key: style.format_entry(key, entry).text.render(html)
            for key, entry in entries.items()}
    # pybtex's own format_entry and fields, and the decoder for titles too
    monkeypatch.setattr(portfolio_ext.style, "from_latex", Text.from_latex)
    slow = {key: BaseStyle.format_entry(style, key, entry).text.render(html)
            for key, entry in entries.items()}
    assert fast == slow
