"""Incremental builds: a change to refs.bib, a setting or the extension never shows
stale output, and a changed entry reaches only the pages that show it."""

from __future__ import annotations

import shutil

import pytest
from pybtex.richtext import Text
from util import warnings

import portfolio_ext.sphinx_ext.config
from portfolio_ext.sphinx_ext import formatted, sidefiles
from portfolio_ext.sphinx_ext.domain import get_domain
from portfolio_ext.style.formatting import PortfolioStyle

PAGES = {"index", "theory", "applications", "selected", "cites", "prose"}


@pytest.fixture
def src(rootdir, tmp_path):
    path = tmp_path / "src"
    shutil.copytree(rootdir / "test-cache", path)
    return path


def build(make_app, src, **kwargs):
    """Build *src*; return the app, the pages read and the pages written."""
    app = make_app("html", srcdir=src, **kwargs)
    read: set[str] = set()
    app.connect("env-before-read-docs", lambda app, env, docnames: read.update(docnames))
    app.build()
    assert not [w for w in warnings(app) if "portfolio" in w or "bibtex" in w]
    # the documents written, as the extension notes them (a handler of the written
    # pages from outside the known packages would keep the lists from being patched)
    return app, read, set(get_domain(app.env).written_pages)


def pages(app) -> dict[str, str]:
    return {p: (app.outdir / f"{p}.html").read_text(encoding="utf-8") for p in sorted(PAGES)}


def clean(make_app, src, tmp_path, **kwargs) -> dict[str, str]:
    """The pages of a fresh build of a copy of *src*."""
    copy = tmp_path / "clean"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("_build"))
    return pages(build(make_app, copy, freshenv=True, **kwargs)[0])


def edit_bib(src, old: str, new: str) -> None:
    bib = src / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    assert old in text
    bib.write_text(text.replace(old, new), encoding="utf-8")


def test_nothing_changed_reads_and_writes_nothing(make_app, src):
    build(make_app, src, freshenv=True)
    _, read, written = build(make_app, src)
    assert (read, written) == (set(), set())


def test_touching_refs_bib_without_changing_it_reads_nothing(make_app, src):
    build(make_app, src, freshenv=True)
    bib = src / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n% a comment\n", encoding="utf-8")
    _, read, written = build(make_app, src)
    assert (read, written) == (set(), set())


def test_editing_an_entry_reaches_only_the_pages_that_show_it(make_app, src, tmp_path):
    build(make_app, src, freshenv=True)
    edit_bib(src, "Gamma Preprint", "Gamma Preprint, Revised")
    app, read, written = build(make_app, src)
    # its text only: the page listing it reads the same (listing.list_shape), and the
    # new text is patched into its HTML (html/patching.py), not written again; the page
    # citing it (tooltip) is written again, and index, as Sphinx writes the toctree
    # parents of pages it writes
    assert read == set()
    assert written == {"cites", "index"}
    assert get_domain(app.env).patched == {"applications"}
    assert "Gamma Preprint, Revised" in pages(app)["applications"]
    assert "Gamma Preprint, Revised" in pages(app)["cites"]  # the citation's tooltip
    assert pages(app) == clean(make_app, src, tmp_path)


def test_an_entry_moved_to_another_year_is_read_again(make_app, src, tmp_path):
    """Its year places it in the list (another group, another order): the page that
    lists it is read again."""
    build(make_app, src, freshenv=True)
    edit_bib(src, "howpublished = {arXiv preprint},\n  year = {2023}",
             "howpublished = {arXiv preprint},\n  year = {2021}")
    app, read, written = build(make_app, src)
    assert read == {"applications"}
    assert {"applications", "cites"} <= written
    assert pages(app) == clean(make_app, src, tmp_path)


def test_an_entry_that_now_passes_a_filter_reaches_that_list(make_app, src, tmp_path):
    build(make_app, src, freshenv=True)
    edit_bib(src, "keywords = {applications},", "keywords = {applications, selected},")
    app, read, _ = build(make_app, src)
    assert read == {"applications", "selected"}
    assert "Gamma Preprint" in pages(app)["selected"]
    assert pages(app) == clean(make_app, src, tmp_path)


def test_a_new_entry_reaches_the_lists_that_select_it(make_app, src, tmp_path):
    build(make_app, src, freshenv=True)
    bib = src / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + """
@article{doe2024delta,
  author = {Doe, Jane},
  title = {Delta Theory},
  journal = {Journal of Delta},
  year = {2024},
  keywords = {theory},
}
""", encoding="utf-8")
    app, read, _ = build(make_app, src)
    assert read == {"theory"}
    assert "Delta Theory" in pages(app)["theory"]
    assert pages(app) == clean(make_app, src, tmp_path)


def test_citations_follow_an_entry_listed_elsewhere(make_app, src, tmp_path):
    """A citation links to where its entry is listed: when that moves, it follows."""
    build(make_app, src, freshenv=True)
    assert 'href="applications.html#pub-poe2023gamma"' in (src / "_build/html/cites.html").read_text()
    (src / "applications.md").write_text(
        "# Applications\n\n```{publications}\n:topics: theory\n```\n", encoding="utf-8")
    (src / "selected.md").write_text(
        '# Selected\n\n```{publications}\n:group-by: none\n'
        ':filter: keywords % "selected" or key == "poe2023gamma"\n```\n', encoding="utf-8")
    app, read, written = build(make_app, src)
    assert read == {"applications", "selected"}
    assert "cites" in written
    assert 'href="selected.html#pub-poe2023gamma"' in pages(app)["cites"]
    assert pages(app) == clean(make_app, src, tmp_path)


def test_a_changed_setting_renders_everything_again(make_app, src, tmp_path):
    build(make_app, src, freshenv=True)
    symbols = {"portfolio_role_symbols": {"corresponding": "†"}}
    app, read, _ = build(make_app, src, confoverrides=symbols)
    assert {"theory", "applications", "selected", "cites"} <= read
    html = pages(app)
    assert "†" in html["applications"] and "†" in html["cites"]  # list and tooltip
    assert html == clean(make_app, src, tmp_path, confoverrides=symbols)


def test_a_new_extension_version_renders_everything_again(make_app, src, monkeypatch):
    build(make_app, src, freshenv=True)
    # the next release renders the links differently
    monkeypatch.setattr(portfolio_ext.sphinx_ext.config, "__version__", "999")
    monkeypatch.setattr(PortfolioStyle, "format_web_refs", lambda self, e: Text("NEW RENDERING"))
    app, read, written = build(make_app, src)
    assert read == {"theory", "applications", "selected"}
    assert {"theory", "applications", "selected", "cites"} <= written
    html = pages(app)
    for page in ("theory", "applications", "selected", "cites"):
        assert "NEW RENDERING" in html[page], page


def test_the_index_keeps_entries_pickled(rootdir):
    """Loading the environment for a rebuild restores bytes, not thousands of entries."""
    import pickle

    from portfolio_ext.core.bibindex import build_index, same_entry
    from portfolio_ext.core.settings import PortfolioConfig

    index = build_index([rootdir / "test-cache" / "refs.bib"], PortfolioConfig())
    loaded = pickle.loads(pickle.dumps(index))
    assert "info" not in vars(loaded)  # one pickle until something reads it
    again = pickle.loads(pickle.dumps(loaded))  # pickled again, still unread
    assert again.info == loaded.info == index.info
    restored = loaded.data.entries
    assert all(isinstance(raw, bytes) for raw in restored._dict.values())
    assert list(restored) == ["doe2020alpha", "roe2022beta", "poe2023gamma"]
    entry = restored["POE2023GAMMA"]
    assert (entry.type, entry.fields["title"]) == ("misc", "Gamma Preprint")
    assert list(restored.items()) == list(index.data.entries.items())
    assert same_entry(index.data.entries, restored, "poe2023gamma")
    entry.fields["title"] = "Gamma, Revised"  # a copy: the index is unchanged
    assert restored["poe2023gamma"].fields["title"] == "Gamma Preprint"
    restored["poe2023gamma"] = entry
    assert not same_entry(index.data.entries, restored, "poe2023gamma")


# -- the formatting kept in the doctree folder (portfolio-entries.pickle) -----------


@pytest.fixture
def formats(monkeypatch):
    """The keys formatted by each build; each build starts as a new process would,
    with nothing formatted in memory."""
    done: list[str] = []
    real = formatted._format

    def counting(formatter, index, key):
        done.append(key)
        return real(formatter, index, key)

    monkeypatch.setattr(formatted, "_format", counting)

    def fresh_process() -> list[str]:
        formatted._FORMATTER = None
        done.clear()
        return done

    yield fresh_process
    formatted._FORMATTER = None


KEYS = {"doe2020alpha", "roe2022beta", "poe2023gamma"}


def test_a_rebuild_formats_only_the_entries_that_changed(make_app, src, tmp_path, formats):
    done = formats()
    build(make_app, src, freshenv=True)
    assert set(done) == KEYS and len(done) == 3  # each entry once, in every list
    assert (src / "_build/doctrees/portfolio-entries.pickle").is_file()
    edit_bib(src, "Gamma Preprint", "Gamma Preprint, Revised")
    done = formats()
    app, read, _ = build(make_app, src)
    assert read == set()  # its text only: written again, not read again
    assert done == ["poe2023gamma"]
    assert "Gamma Preprint, Revised" in pages(app)["applications"]
    assert pages(app) == clean(make_app, src, tmp_path)


def test_prose_edits_format_nothing(make_app, src, formats):
    formats()
    build(make_app, src, freshenv=True)
    (src / "applications.md").write_text(
        (src / "applications.md").read_text(encoding="utf-8") + "\nOne more line.\n",
        encoding="utf-8")
    done = formats()
    _, read, written = build(make_app, src)
    assert read == {"applications"} and "applications" in written
    assert done == []


def test_a_page_that_cites_entries_reads_their_plain_texts_only(make_app, src, tmp_path,
                                                               formats, monkeypatch):
    """After an edit of a page that only cites entries, their tooltips come from
    portfolio-plain.pickle: the whole store of formatted entries is not read."""
    formats()
    build(make_app, src, freshenv=True)
    assert (src / "_build/doctrees/portfolio-plain.pickle").is_file()
    read: list[str] = []
    real = formatted.read_store

    def reading(store, *args):
        read.append(store.name)
        return real(store, *args)

    monkeypatch.setattr(formatted, "read_store", reading)
    with (src / "cites.md").open("a", encoding="utf-8") as page:
        page.write("\nOne more line.\n")
    done = formats()
    app, _, written = build(make_app, src)
    assert "cites" in written and done == []
    assert read == ["portfolio-plain.pickle"]
    assert 'title="Edgar Poe and Jane Doe*. Gamma Preprint.' in pages(app)["cites"]  # tooltip
    assert pages(app) == clean(make_app, src, tmp_path)


def test_an_edit_adds_to_the_store_until_it_is_written_whole(make_app, src, tmp_path, formats,
                                                             monkeypatch):
    """After an edit of an entry, its new formatting goes into the store's additions
    (portfolio-entries-new.pickle): the store is not written again until the additions
    and the entries gone from it make a share of it (here: any at all, then none)."""
    doctrees = src / "_build" / "doctrees"
    store = doctrees / formatted.STORE
    added = sidefiles.added_path(store)
    formats()
    build(make_app, src, freshenv=True)
    whole = store.read_bytes()
    assert not added.exists()
    monkeypatch.setattr(sidefiles, "REWRITE_AT", 1.0)
    edit_bib(src, "Gamma Preprint", "Gamma Preprint, Revised")
    formats()
    build(make_app, src)
    assert store.read_bytes() == whole and added.is_file()
    # a new process reads both: it formats only the entry edited again
    edit_bib(src, "Gamma Preprint, Revised", "Gamma Preprint, Revised Twice")
    done = formats()
    app, _, _ = build(make_app, src)
    assert done == ["poe2023gamma"] and store.read_bytes() == whole
    assert pages(app) == clean(make_app, src, tmp_path)
    # past the share: written whole, the additions gone, and nothing formatted again
    monkeypatch.setattr(sidefiles, "REWRITE_AT", 0.0)
    edit_bib(src, "Revised Twice", "Revised Thrice")
    formats()
    build(make_app, src)
    assert store.read_bytes() != whole and not added.exists()
    (src / "applications.md").write_text(
        (src / "applications.md").read_text(encoding="utf-8") + "\nOne more line.\n",
        encoding="utf-8")
    done = formats()
    build(make_app, src)
    assert done == []


def test_saved_formatting_follows_settings_and_versions(make_app, src, tmp_path, formats,
                                                        monkeypatch):
    formats()
    build(make_app, src, freshenv=True)
    symbols = {"portfolio_role_symbols": {"corresponding": "†"}}
    done = formats()
    app, _, _ = build(make_app, src, confoverrides=symbols)
    assert set(done) == KEYS
    assert "†" in pages(app)["applications"]
    # another docutils (say) shapes the nodes differently: the saved ones are not used
    monkeypatch.setattr(portfolio_ext.sphinx_ext.config.docutils, "__version__", "0.0")
    (src / "applications.md").write_text(
        (src / "applications.md").read_text(encoding="utf-8") + "\nOne more line.\n",
        encoding="utf-8")
    done = formats()
    build(make_app, src, confoverrides=symbols)
    # none came from the saved file: the entries of applications, and (the paper pages'
    # stamps carry the tool versions too) every paper page's
    assert set(done) == KEYS


def test_a_damaged_store_is_formatted_afresh(make_app, src, tmp_path, formats):
    formats()
    build(make_app, src, freshenv=True)
    (src / "_build/doctrees/portfolio-entries.pickle").write_bytes(b"\x80\x05not a pickle")
    edit_bib(src, "Gamma Preprint", "Gamma Preprint, Revised")
    done = formats()
    app, _, _ = build(make_app, src)
    # the entries of the pages written again: nothing came from the damaged file
    assert set(done) == {"poe2023gamma", "roe2022beta"}
    assert pages(app) == clean(make_app, src, tmp_path)
    import pickle
    saved = pickle.loads((src / "_build/doctrees/portfolio-entries.pickle").read_bytes())
    assert len(saved["entries"]) == 2  # written anew, with what this build formatted


def test_saved_problems_are_reported_again(make_app, src, formats):
    """An entry that cannot be formatted is reported whenever a page showing it is
    written, also when its formatting comes from the saved file."""
    bib = src / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + """
@book{doe2024nojournal,
  title = {No Author Nor Editor},
  year = {2024},
  publisher = {P},
  keywords = {theory},
}
""", encoding="utf-8")
    # (an @article without journal is shown without it: the bib checks warn once)
    problem = "entry 'doe2024nojournal' cannot be formatted: missing editor"
    formats()
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert [w for w in warnings(app) if problem in w]
    (src / "theory.md").write_text(
        (src / "theory.md").read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    done = formats()
    app = make_app("html", srcdir=src)
    app.build()
    assert done == []
    assert len([w for w in warnings(app) if problem in w]) == 1


def test_an_author_who_joins_a_marked_group_is_read_again(make_app, src, tmp_path):
    """The legend explains the marks of the people a list shows: a name edited into a
    marked group changes the list, which is read again (and is then as a clean build)."""
    people = {"portfolio_people": {"student": {"names": ["Poe, Edgar Allan"],
                                               "label": "student supervised", "symbol": "‡"}}}
    build(make_app, src, freshenv=True, confoverrides=people)
    edit_bib(src, "author = {Poe, Edgar and Doe, Jane}", "author = {Poe, Edgar Allan and Doe, Jane}")
    app, read, _ = build(make_app, src, confoverrides=people)
    assert read == {"applications"}
    assert "student supervised" in pages(app)["applications"]
    assert pages(app) == clean(make_app, src, tmp_path, confoverrides=people)
