"""Bib files read piece by piece (core/bibindex.py): what a whole parse reads, and an
edit of one entry parses that entry alone."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from portfolio_ext.core import bibindex
from portfolio_ext.core.bibindex import build_index
from portfolio_ext.core.settings import PortfolioConfig

REPO = Path(__file__).parent.parent
CONFIG = PortfolioConfig(owner=("Xu, Zhi-Qin John", "Doe, Jane"),
                         topics={"theory": "Theory", "applications": "Applications"})
#: ours, the test roots', and the real exports of tests/corpus
BIBS = [REPO / "refs.bib", *sorted((REPO / "tests" / "roots").glob("test-*/*.bib")),
        *sorted((REPO / "tests" / "corpus").glob("*.bib"))]


def _state(index):
    """All an index holds that pages read, comparable."""
    entries = [(key, pickle.dumps(index.data.entries[key])) for key in index.keys]
    return (entries, index.keys_by_file, [str(f) for f in index.findings], index.info,
            index.digests)


@pytest.fixture
def parses(monkeypatch):
    """The texts pybtex parses, in order."""
    texts: list[str] = []

    class Counting(bibindex.Parser):
        def parse_string(self, text):
            texts.append(text)
            return super().parse_string(text)

    monkeypatch.setattr(bibindex, "Parser", Counting)
    return texts


@pytest.mark.parametrize("bib", BIBS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_pieces_read_what_the_whole_file_reads(bib, monkeypatch, tmp_path):
    path = tmp_path / bib.name
    shutil.copy(bib, path)
    pieced = build_index([path], CONFIG)
    with monkeypatch.context() as patch:
        patch.setattr(bibindex, "_parse_pieces", lambda *args: None)
        whole = build_index([path], CONFIG)
    assert _state(pieced) == _state(whole)
    assert pieced.keys  # something was read


def test_an_edit_of_one_entry_parses_and_checks_that_entry_alone(tmp_path, parses, monkeypatch):
    path = tmp_path / "refs.bib"
    shutil.copy(REPO / "refs.bib", path)
    first = build_index([path], CONFIG, settings="same")
    assert len(parses) > 40  # a piece per entry (and the text before the first)
    text = path.read_text(encoding="utf-8")
    key = first.keys[7]
    start = text.index(f"{{{key},")
    title = text.index("title", start)
    path.write_text(text[:title] + "note = {Edited},\n  " + text[title:], encoding="utf-8")
    parses.clear()
    checked: list[str] = []
    real = bibindex._check_entry
    monkeypatch.setattr(bibindex, "_check_entry",
                        lambda entry, *args: checked.append(entry.key) or real(entry, *args))
    # and no other entry is restored from its piece's bytes (some 60 microseconds each)
    restored: list[bytes] = []
    loads = pickle.loads
    monkeypatch.setattr(bibindex.pickle, "loads",
                        lambda data, *args: restored.append(data) or loads(data, *args))
    second = build_index([path], CONFIG, settings="same", previous=first)
    assert restored == []
    monkeypatch.setattr(bibindex.pickle, "loads", loads)
    assert len(parses) == 1 and f"{{{key}," in parses[0] and "@" not in parses[0][1:]
    assert second.data.entries[key].fields["note"] == "Edited"
    # the others keep their checks, those after it a line further down
    assert checked == [key]
    assert second.info[first.keys[8]].line == first.info[first.keys[8]].line + 1
    monkeypatch.undo()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bibindex, "_parse_pieces", lambda *args: None)
        assert _state(second) == _state(build_index([path], CONFIG))
    # other settings: every entry is checked again
    assert _state(build_index([path], CONFIG, settings="other", previous=second)) == _state(second)
    # the pieces kept are this text's: a removed entry's piece goes
    assert len(second.pieces) == len(first.pieces)


@pytest.mark.parametrize("text", [
    "@string{jt = {Journal of Theory}}\n\n@article{a2020,\n  author = {Doe, Jane},\n"
    "  title = {A}, journal = jt, year = {2020}\n}\n",
    "@article{a2020,\n  author = {Doe, Jane}, title = {A}, year = {2020}\n}\n"
    "@article{a2020,\n  author = {Doe, Jane}, title = {B}, year = {2021}\n}\n",
    "@article{a2020,\n  author = {Doe, Jane}, title = {A, year = {2020}\n}\n"
    "@article{b2021,\n  author = {Doe, Jane}, title = {B}, year = {2021}\n}\n",
], ids=["macros", "repeated key", "syntax error"])
def test_files_with_macros_repeats_or_errors_are_read_whole(text, tmp_path, parses):
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    index = build_index([path], CONFIG)
    assert text in parses  # the whole file, once, for pybtex's own reading and messages
    if "@string" in text:
        assert index.data.entries["a2020"].fields["journal"] == "Journal of Theory"


def test_entries_keep_the_bytes_their_pieces_pickled_unless_a_crossref_changed_them(tmp_path):
    """An entry is kept once: as its piece pickled it (the bytes the next parse
    compares), or pickled again after it took the fields of the volume it names."""
    path = tmp_path / "refs.bib"
    path.write_text(
        "@inproceedings{doe2020part,\n  author = {Doe, Jane},\n  title = {A Part},\n"
        "  crossref = {conf2020},\n}\n\n"
        "@proceedings{conf2020,\n  title = {Proceedings of Conf},\n  year = {2020},\n}\n\n"
        "@article{roe2021alone,\n  author = {Roe, Rick},\n  title = {Alone},\n"
        "  journal = {J},\n  year = {2021},\n}\n", encoding="utf-8")
    index = build_index([path], CONFIG)
    from_pieces = {key.lower(): pickled for found in index.pieces.values()
                   for key, pickled, _digest, _crossref in found}
    stored = index.data.entries._dict
    assert stored["roe2021alone"] is from_pieces["roe2021alone"]
    assert stored["conf2020"] is from_pieces["conf2020"]
    assert stored["doe2020part"] is not from_pieces["doe2020part"]
    part = index.data.entries["doe2020part"]
    assert (part.fields["booktitle"], part.fields["year"]) == ("Proceedings of Conf", "2020")


def test_an_entry_pybtex_refuses_as_a_repeat_keeps_the_first(tmp_path, monkeypatch):
    """Two entries on one line hide the second from the key scan; pybtex refuses it as
    a repeat, and the entry kept is the first, as in a whole parse."""
    path = tmp_path / "refs.bib"
    path.write_text("@article{a, title={First}, journal={J}, year={2020}}\n"
                    "@misc{z, title={Z}, year={2020}} @article{A, title={Second}, journal={J},"
                    " year={2021}}\n", encoding="utf-8")
    pieced = build_index([path], CONFIG)
    assert pieced.data.entries["a"].fields["title"] == "First"
    with monkeypatch.context() as patch:
        patch.setattr(bibindex, "_parse_pieces", lambda *args: None)
        whole = build_index([path], CONFIG)
    assert _state(pieced)[0] == _state(whole)[0]
