"""Text-only entry edits patched into the written list pages (html/patching.py): the
pages, the search index and the export files are a clean build's, and anything the
patch does not cover writes the page again."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from portfolio_ext.sphinx_ext.domain import get_domain

LISTS = {"index", "topics"}  # the pages of test-features with publications lists


def _builder(rootdir, folder: Path, name: str = "html", parallel: int = 0, **overrides):
    src = folder / "src"
    if not src.exists():
        shutil.copytree(rootdir / "test-features", src)

    def build():
        app = SphinxTestApp(name, srcdir=src, status=StringIO(), warning=StringIO(),
                            confoverrides=overrides, parallel=parallel)
        app.build()
        app.cleanup()
        assert app._warning.getvalue() == ""
        # (as the extension notes them: a handler of this test's would stop the patch)
        return app, set(get_domain(app.env).written_pages)

    return src, build


def _output(app) -> dict[str, bytes]:
    out = Path(app.outdir)
    files = [*out.rglob("*.html"), out / "searchindex.js", out / "publications.bib",
             out / "publications.json"]
    return {str(f.relative_to(out)): f.read_bytes() for f in files if f.is_file()}


def _clean(rootdir, tmp_path, src, name="html", **overrides) -> dict[str, bytes]:
    fresh = tmp_path / "clean"
    shutil.copytree(src, fresh / "src", ignore=shutil.ignore_patterns("_build"))
    app, _ = _builder(rootdir, fresh, name, **overrides)[1]()
    return _output(app)


def _edit(src: Path, old: str, new: str) -> None:
    bib = src / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    assert old in text
    bib.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("name", ["html", "dirhtml"])
@pytest.mark.parametrize("edit", [
    ("Second Article", "Second Annealing"),  # a word gone from the page, one new
    ("Fourth Preprint", "Fourth & <Preprint>"),  # escaped in the markup and BibTeX
    ("Poe, Edgar and", "Poe, Edgar Allan and"),  # a name, its words
], ids=["title", "escaped", "name"])
def test_a_text_edit_is_patched_into_the_lists_as_a_clean_build_writes_them(
        rootdir, tmp_path, name, edit):
    src, build = _builder(rootdir, tmp_path, name)
    build()
    _edit(src, *edit)
    app, written = build()
    patched = get_domain(app.env).patched
    assert patched and patched <= LISTS and not patched & written
    assert _output(app) == _clean(rootdir, tmp_path, src, name)


def test_an_entry_cut_short_in_its_list_is_patched_too(rootdir, tmp_path):
    src, build = _builder(rootdir, tmp_path, portfolio_max_authors=1)
    build()
    _edit(src, "Third Paper", "Third Parcel")
    app, _ = build()
    assert get_domain(app.env).patched
    assert _output(app) == _clean(rootdir, tmp_path, src, portfolio_max_authors=1)


@pytest.mark.parametrize("case", ["last updated", "no counts", "abstract"])
def test_what_the_patch_does_not_cover_is_written_again(rootdir, tmp_path, case):
    overrides = {"html_last_updated_fmt": "%Y"} if case == "last updated" else {}
    src, build = _builder(rootdir, tmp_path, **overrides)
    if case == "abstract":
        _edit(src, "  keywords = {applications},\n}", "  keywords = {applications},\n"
              "  abstract = {Things.},\n}")
    build()
    if case == "no counts":  # the counts of an earlier version, or none
        (src / "_build" / "doctrees" / "portfolio-words-html.json").unlink()
    old, new = (("Things.", "Other things.") if case == "abstract"
                else ("Third Paper", "Third Parcel"))
    _edit(src, old, new)
    app, written = build()
    assert not get_domain(app.env).patched
    assert written & LISTS
    assert _output(app) == _clean(rootdir, tmp_path, src, **overrides)


def test_patched_pages_are_patched_again_from_their_new_counts(rootdir, tmp_path):
    """A patch updates the page's word counts, so the next one starts from them."""
    src, build = _builder(rootdir, tmp_path)
    build()
    for old, new in [("Second Article", "Second Annealing"),
                     ("Second Annealing", "Second Article Again")]:
        _edit(src, old, new)
        app, _ = build()
        assert get_domain(app.env).patched
    assert _output(app) == _clean(rootdir, tmp_path, src)


def test_a_parallel_build_patches_as_a_serial_one(rootdir, tmp_path):
    """With -j, pages are written in other processes: a page the patch planned and
    Sphinx wrote after all is told by its file, not by html-page-context."""
    src, build = _builder(rootdir, tmp_path, parallel=2)
    build()
    _edit(src, "Second Article", "Second Annealing")
    app, _ = build()
    assert get_domain(app.env).patched
    assert _output(app) == _clean(rootdir, tmp_path, src)


def test_without_paper_pages_the_entrys_markup_alone_is_patched(rootdir, tmp_path):
    src, build = _builder(rootdir, tmp_path, portfolio_paper_pages=False)
    build()
    _edit(src, "Second Article", "Second Annealing")
    app, _ = build()
    assert get_domain(app.env).patched
    assert _output(app) == _clean(rootdir, tmp_path, src, portfolio_paper_pages=False)


def _written_again(rootdir, tmp_path, src, build) -> None:
    """A text edit then writes topics.md again, as a clean build writes it."""
    _edit(src, "Second Article", "Second Annealing")
    app, written = build()
    assert "topics" in written and "topics" not in get_domain(app.env).patched
    assert _output(app) == _clean(rootdir, tmp_path, src)


def test_a_page_written_without_its_words_counted_loses_its_counts(
        rootdir, tmp_path, monkeypatch):
    """A list page Sphinx writes while its words are not counted (the search off, say)
    has counts that no longer hold: they go, and the next edit writes it again."""
    from portfolio_ext.html import patching

    src, build = _builder(rootdir, tmp_path)
    build()
    with monkeypatch.context() as patch:
        patch.setattr(patching, "capture_page_words", lambda *args: None)
        (src / "topics.md").write_text((src / "topics.md").read_text(encoding="utf-8")
                                       + "\nA zebra crossing.\n", encoding="utf-8")
        _, written = build()
        assert "topics" in written
    _written_again(rootdir, tmp_path, src, build)


def test_a_build_without_the_cache_leaves_no_counts(rootdir, tmp_path):
    src, build = _builder(rootdir, tmp_path)
    build()
    counts = src / "_build" / "doctrees" / "portfolio-words-html.json"
    assert counts.is_file()
    _builder(rootdir, tmp_path, portfolio_cache=False)[1]()
    assert not counts.exists()


@pytest.mark.parametrize("case", ["no-search", "handler", "damaged counts"])
def test_pages_the_patch_cannot_vouch_for_are_written_again(rootdir, tmp_path, case):
    """A list in a no-search element (its words are not indexed), a site's own handler
    of the written page (it may rewrite the body), counts that do not read as counts."""
    src, build = _builder(rootdir, tmp_path)
    if case == "no-search":
        (src / "topics.md").write_text(
            "# By topic\n\nSome prose about an Article.\n\n````{container} no-search\n"
            "```{publications}\n:group-by: topic\n```\n````\n", encoding="utf-8")
    if case == "handler":
        with (src / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write("\ndef setup(app):\n    app.connect('html-page-context', "
                       "lambda *args: None)\n")
    build()
    if case == "damaged counts":
        counts = src / "_build" / "doctrees" / "portfolio-words-html.json"
        data = json.loads(counts.read_text(encoding="utf-8"))
        data["pages"]["topics"] = 5
        counts.write_text(json.dumps(data), encoding="utf-8")
    _written_again(rootdir, tmp_path, src, build)


def test_a_list_page_removed_in_the_same_build_is_not_patched(rootdir, tmp_path):
    src, build = _builder(rootdir, tmp_path)
    build()
    (src / "topics.md").unlink()
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("topics\n```", "```"),
                     encoding="utf-8")
    _edit(src, "Second Article", "Second Annealing")
    app, _ = build()
    assert "topics" not in get_domain(app.env).patched
    output = _output(app)
    clean = _clean(rootdir, tmp_path, src)
    assert output["searchindex.js"] == clean["searchindex.js"]
    assert {k: v for k, v in output.items() if k in clean} == clean
