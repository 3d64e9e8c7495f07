"""core/highlight.py marks up clean BibTeX as Sphinx's Pygments highlighting does."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pybtex.database import Entry, Person, parse_file
from sphinx.highlighting import PygmentsBridge

from portfolio_ext.core.export import clean_bibtex
from portfolio_ext.core.highlight import bibtex_spans

REPO = Path(__file__).parent.parent
if "bench_run" not in sys.modules:  # the benchmark, as tests/test_bench.py loads it
    _spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    sys.modules["bench_run"] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules["bench_run"])
generate = sys.modules["bench_run"].generate  # its synthetic entries

BRIDGE = PygmentsBridge("html")


def pygments(text: str) -> str:
    """What Sphinx's highlighter writes for a ``bibtex`` code block of *text*."""
    return BRIDGE.highlight_block(text, "bibtex")


def framed(spans: str) -> str:
    return f'<div class="highlight"><pre>{spans}</pre></div>\n'


def _entries():
    # the roots' bib files that pybtex reads (not test-badbib's)
    for bib in sorted((REPO / "tests" / "roots").glob("test-*/refs.bib")):
        if bib.parent.name != "test-badbib":
            yield from parse_file(str(bib)).entries.items()


@pytest.mark.parametrize("bib", ["refs.bib", "roots"])
def test_the_clean_bibtex_of_every_entry_is_marked_up_as_pygments_does(bib):
    entries = list(_entries()) if bib == "roots" else list(parse_file(str(REPO / bib)).entries.items())
    assert len(entries) > 10
    for key, entry in entries:
        text = clean_bibtex([(key, entry)]).strip()
        spans = bibtex_spans(text)
        assert spans is not None, key
        assert framed(spans) == pygments(text), key


def test_the_benchmarks_entries_too():
    for generated in generate(300):
        text = clean_bibtex([(generated.key, parse_entry(generated.bibtex()))]).strip()
        assert framed(bibtex_spans(text)) == pygments(text), generated.key


def parse_entry(source: str) -> Entry:
    from pybtex.database import parse_string

    return next(iter(parse_string(source, "bibtex").entries.values()))


_VALUE = st.text(st.sampled_from("ab Z9.,:;'\"-`~\\$%&#^_!?()[]/<>=@\n éü许"), max_size=30)


@st.composite
def _balanced(draw) -> str:
    """Field text with balanced braces, as pybtex reads it."""
    parts = draw(st.lists(st.one_of(_VALUE, _VALUE.map(lambda t: "{" + t + "}")), max_size=4))
    return "".join(parts)


@given(st.dictionaries(st.sampled_from(["title", "journal", "note", "url", "year"]),
                       _balanced(), max_size=4),
       st.sampled_from(["article", "misc", "Article", "commentary", "online"]))
@example({"title": "A {B} \"c\"\n  d & <e>"}, "article")
@example({}, "misc")
def test_any_field_text_is_marked_up_as_pygments_does(fields, kind):
    entry = Entry(kind, fields=fields, persons={"author": [Person("Doe, Jane")]})
    text = clean_bibtex([("key1", entry)]).strip()
    spans = bibtex_spans(text)
    assert spans is not None
    assert framed(spans) == pygments(text)


@pytest.mark.parametrize("text", [
    "@comment{x,\n    title = {a}\n}",  # the lexer's comment
    "@string{x,\n    title = {a}\n}",
    "@article{x,\n    title = {a}",  # unclosed
    "@article{x,\n    title = {a {b}\n}",  # unbalanced braces
    "@article{x,\n\ttitle = {a}\n}",  # not export.py's layout
    "@article{x y,\n    title = {a}\n}",
    "@article(x,\n    title = {a}\n)",
    "@article{x,\n    title = \"a\"\n}",
])
def test_text_of_any_other_shape_is_left_to_pygments(text):
    assert bibtex_spans(text) is None
