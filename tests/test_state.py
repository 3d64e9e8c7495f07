"""The extension's state: one home (the portfolio domain), settings read through
get_config only after they are validated, and one switch for every cache."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from util import warnings

from portfolio_ext.core.settings import SETTINGS
from portfolio_ext.html.papers import EXPORT_STORE
from portfolio_ext.sphinx_ext import formatted
from portfolio_ext.sphinx_ext.config import get_config
from portfolio_ext.sphinx_ext.domain import PER_DOCUMENT, get_domain

#: what the builds keep for the next one, in the doctree folder
KEPT = (formatted.STORE, formatted.PLAIN_STORE, "portfolio-papers-html.json", EXPORT_STORE)


def _copy(rootdir: Path, tmp_path: Path, name: str) -> Path:
    src = tmp_path / name
    shutil.copytree(rootdir / "test-cache", src)
    return src


def _output(outdir: Path) -> dict[str, str]:
    return {
        path.relative_to(outdir).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.suffix in (".html", ".js", ".bib", ".json", ".xml")
    }


@pytest.fixture
def fresh_formatter():
    """Each build starts as in a new process, with nothing formatted in memory."""
    formatted._FORMATTER = None
    yield
    formatted._FORMATTER = None


def test_the_cache_switch_changes_nothing_in_the_output(make_app, rootdir, tmp_path,
                                                       fresh_formatter, monkeypatch):
    sites = {}
    for cache in (True, False):
        formatted._FORMATTER = None
        app = make_app("html", srcdir=_copy(rootdir, tmp_path, f"cache-{cache}"),
                       freshenv=True, confoverrides={"portfolio_cache": cache})
        app.build()
        assert warnings(app) == []
        sites[cache] = _output(Path(app.outdir))
        for name in KEPT:
            assert (Path(app.doctreedir) / name).is_file() is cache, name
    assert any(path.startswith("papers/") for path in sites[True])
    assert sites[False] == sites[True]

    # without the cache, a build with nothing changed formats every entry its pages show
    # and writes every paper page again
    done: list[str] = []
    real = formatted._format
    monkeypatch.setattr(formatted, "_format",
                        lambda formatter, index, key: done.append(key) or real(formatter, index, key))
    app = make_app("html", srcdir=tmp_path / "cache-False", confoverrides={"portfolio_cache": False})
    papers = sorted(Path(app.outdir, "papers").glob("*.html"))
    before = {page: page.stat().st_mtime_ns for page in papers}
    time.sleep(0.01)
    app.build()
    assert warnings(app) == []
    assert len(papers) == sum(path.startswith("papers/") for path in sites[False])
    assert [page for page in papers if page.stat().st_mtime_ns == before[page]] == []
    assert sorted(done) == sorted(get_domain(app.env).bib_index.keys)
    assert not any((Path(app.doctreedir) / name).exists() for name in KEPT)
    assert _output(Path(app.outdir)) == sites[True]


def test_get_config_fails_loudly_before_the_settings_are_validated(make_app, rootdir, tmp_path):
    app = make_app("html", srcdir=_copy(rootdir, tmp_path, "src"), freshenv=True)
    domain = get_domain(app.env)
    assert get_config(app.env) is domain.config  # validated at builder-inited
    assert get_config(app.env).owner == ("Doe, Jane",)
    domain.config = None
    with pytest.raises(RuntimeError, match="read before they are validated"):
        get_config(app.env)


def test_every_setting_is_declared_with_its_rebuild(make_app, rootdir, tmp_path):
    app = make_app("html", srcdir=_copy(rootdir, tmp_path, "src"), freshenv=True)
    declared = {value.name: value.rebuild for value in app.config}
    assert {s.name: declared[s.name] for s in SETTINGS} == {s.name: s.rebuild for s in SETTINGS}
    assert app.config.portfolio_cache is True


def test_only_per_document_records_and_the_index_are_pickled(make_app, rootdir, tmp_path):
    """This build's settings, changes and navigation live on the domain object, which
    Sphinx does not pickle: the next build cannot mistake them for its own. What is kept
    is per document, the bib index, the paper pages' search text (per entry digest,
    so a rebuild decodes only what changed), the citations' year letters (so a
    rebuild knows which pages' letters changed) and the authors they tell apart (per
    entry digest, so a rebuild labels only what changed) and the paper pages' names."""
    app = make_app("html", srcdir=_copy(rootdir, tmp_path, "src"), freshenv=True)
    app.build()
    data = app.env.domaindata["portfolio"]
    assert set(data) == {"version", *PER_DOCUMENT, "bib_index", "paper_search", "year_suffixes",
                         "author_labels", "paper_names"}
    index = data["bib_index"]
    assert set(data["author_labels"][1]) == {index.digests[key] for key in index.info}
    assert {key: digest for key, (digest, _, _) in data["paper_search"].items()} == {
        key: index.digests[key] for key in index.info}
    assert data["listings"] and data["lists"] and data["topic_sections"]


def test_merge_copies_only_the_given_documents_and_clear_doc_forgets_one(make_app, rootdir,
                                                                        tmp_path):
    app = make_app("html", srcdir=_copy(rootdir, tmp_path, "src"), freshenv=True)
    domain = get_domain(app.env)
    other = {name: {"a": {"x": "1"}, "b": {"y": "2"}} for name in PER_DOCUMENT}
    other["bib_index"] = None
    domain.merge_domaindata({"a"}, other)
    for name in PER_DOCUMENT:
        assert domain.data[name]["a"] == {"x": "1"} and "b" not in domain.data[name], name
    domain.clear_doc("a")
    assert not any("a" in domain.data[name] for name in PER_DOCUMENT)
