"""Bytes and text that used to stop a build or vanish without a word (issue 17): each is
now a finding naming the file and line, and the entries are kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_ext.core.bibindex import build_index
from portfolio_ext.core.findings import WarningType
from portfolio_ext.core.names import OwnerMatcher, parse_form
from portfolio_ext.core.settings import PortfolioConfig

CONFIG = PortfolioConfig(owner=("Xu, Zhi-Qin John",))

ENTRY = """@article{{{key},
  author = {{Xu, Zhi-Qin John and Zhang, Yaoyu}},
  title = {{{title}}},
  journal = {{Journal}},
  year = {{2020}},
}}
"""


def _bib(tmp_path: Path, name: str = "refs.bib", **titles: str) -> Path:
    path = tmp_path / name
    path.write_text("".join(ENTRY.format(key=k, title=t) for k, t in titles.items()),
                    encoding="utf-8")
    return path


def _messages(index, subtype=None):
    return [str(f) for f in index.findings if subtype is None or f.subtype == subtype]


def test_a_byte_that_is_not_utf8_is_named_by_line_and_the_entries_are_kept(tmp_path):
    path = _bib(tmp_path, a2020="First", b2021="Second")
    data = path.read_bytes()
    where = data.index(b"Second")
    path.write_bytes(data[:where] + b"\xff" + data[where:])
    index = build_index([path], CONFIG)
    assert index.keys == ["a2020", "b2021"]
    (finding,) = _messages(index, WarningType.BIB_SYNTAX)
    assert "refs.bib:9:" in finding and "byte 0xff at column" in finding
    assert "\ufffdSecond" in index.data.entries["b2021"].fields["title"]


def test_a_utf16_file_is_read_and_reported(tmp_path):
    path = _bib(tmp_path, a2020="Première")
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    index = build_index([path], CONFIG)
    assert index.keys == ["a2020"]
    assert index.data.entries["a2020"].fields["title"] == "Première"
    (finding,) = _messages(index, WarningType.BIB_SYNTAX)
    assert "UTF-16" in finding and "save it as UTF-8" in finding


def test_nul_characters_are_left_out_and_reported(tmp_path):
    path = _bib(tmp_path, a2020="First", b2021="Second")
    path.write_text(path.read_text(encoding="utf-8").replace("\n", "\x00\n"), encoding="utf-8")
    index = build_index([path], CONFIG)
    assert index.keys == ["a2020", "b2021"]
    assert index.data.entries["b2021"].fields["title"] == "Second"
    (finding,) = _messages(index, WarningType.BIB_SYNTAX)
    assert "refs.bib:1:" in finding and "12 NUL character(s)" in finding


def test_an_unknown_encoding_falls_back_to_utf8(tmp_path):
    path = _bib(tmp_path, a2020="First")
    index = build_index([path], CONFIG, "nosuch-codec")
    assert index.keys == ["a2020"]
    (finding,) = _messages(index, WarningType.CONFIG)
    assert "bibtex_encoding 'nosuch-codec' is not an encoding" in finding


def test_a_file_named_twice_is_read_once(tmp_path):
    """It used to empty every list: the second reading replaced the first's keys."""
    path = _bib(tmp_path, a2020="First", b2021="Second")
    index = build_index([path, path], CONFIG)
    assert index.keys == ["a2020", "b2021"]
    (finding,) = _messages(index)
    assert "names this file twice" in finding


def test_a_key_defined_in_an_earlier_file_is_reported(tmp_path):
    first = _bib(tmp_path, "journals.bib", a2020="First", same2021="In journals")
    second = _bib(tmp_path, "conferences.bib", same2021="In conferences", c2022="Third")
    index = build_index([first, second], CONFIG)
    assert index.keys == ["a2020", "same2021", "c2022"]
    assert index.data.entries["same2021"].fields["title"] == "In journals"
    (finding,) = _messages(index, WarningType.DUPLICATE_KEY)
    assert finding.startswith(f"{second}:1: ")
    assert "duplicate key 'same2021' (first defined in journals.bib at line 7)" in finding


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Right\u202eto left", "U+202E (RIGHT-TO-LEFT OVERRIDE), at character 6"),
        ("Zero\u200bwidth", "U+200B (ZERO WIDTH SPACE)"),
        ("\ufeffBOM", "U+FEFF (ZERO WIDTH NO-BREAK SPACE), at character 1"),
        ("Escape\x1b", "U+001B (a control character)"),
    ],
)
def test_invisible_characters_are_reported(tmp_path, title, expected):
    index = build_index([_bib(tmp_path, a2020=title)], CONFIG)
    (finding,) = _messages(index, WarningType.BIB_SYNTAX)
    assert "entry 'a2020': title: holds an invisible character" in finding
    assert expected in finding


def test_a_soft_hyphen_is_no_invisible_character(tmp_path):
    index = build_index([_bib(tmp_path, a2020="Hyphen\xadation")], CONFIG)
    assert _messages(index) == []


@pytest.mark.parametrize("text", ["Back\\", "\\"])
def test_text_that_is_not_latex_is_reported_and_shown_as_written(tmp_path, text):
    """A lone backslash before a field's closing brace is valid BibTeX but no LaTeX."""
    path = tmp_path / "refs.bib"
    entry = ENTRY.format(key="a2020", title="Title").replace("{Journal}", "{" + text + "}")
    path.write_text(entry, encoding="utf-8")
    index = build_index([path], CONFIG)
    (finding,) = _messages(index, WarningType.BIB_SYNTAX)
    assert "entry 'a2020': journal: cannot be read as LaTeX (unknown token" in finding


def test_an_author_with_a_trailing_backslash_is_reported_not_raised(tmp_path):
    path = _bib(tmp_path, a2020="Title")
    path.write_text(path.read_text(encoding="utf-8").replace("John and", "John\\ and"),
                    encoding="utf-8")
    index = build_index([path], CONFIG)
    messages = _messages(index)
    assert any("author 'Xu, Zhi-Qin John\\\\': cannot be read as LaTeX" in m for m in messages)


def test_an_owner_form_pybtex_cannot_read_is_a_value_error():
    with pytest.raises(ValueError, match=r"is not a BibTeX name .*Too many commas"):
        parse_form("Xu, Zhi, Qin, John, X")
    assert not OwnerMatcher(["Xu, Zhi-Qin John"]).matches("Xu, Zhi-Qin John\\")


@pytest.mark.parametrize("text", ["Back\\", "\\", "a{b", "}"])
def test_every_decoder_shows_text_that_is_not_latex_as_written(text):
    """The lists (style), the paper pages and exports (plain) and owner matching
    (normalize) decode through core/latex.py, which never raises."""
    from portfolio_ext.core.export import plain
    from portfolio_ext.core.names import normalize
    from portfolio_ext.style.richtext import from_latex

    assert plain(text) == text
    assert str(from_latex(text)) == text
    assert normalize(text) == normalize(text.replace("{", "").replace("}", ""))


def _balanced(text: str) -> bool:
    """Braces balance as pybtex's bib parser counts them (escaped or not)."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


@given(st.text(alphabet="ab \\{}%$~é", max_size=12).filter(_balanced))
def test_latex_error_says_exactly_when_the_decoder_raises(text):
    """The quick check before decoding misses nothing a bib field can hold (pybtex's
    parser balances a field's braces)."""
    from pybtex.richtext import Text

    from portfolio_ext.core.latex import DECODE_ERRORS, latex_error

    try:
        Text.from_latex(text)
    except DECODE_ERRORS:
        raises = True
    else:
        raises = False
    assert (latex_error(text) is not None) == raises
