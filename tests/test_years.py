"""Author-year citations tell apart papers they would cite alike ("Luo et al., 2022a"),
and the list reads where and when in one sentence, for journals and proceedings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from util import html, warnings

from portfolio_ext.core.citelabels import letters, year_suffixes
from portfolio_ext.style.referencing import PortfolioReferenceStyle


def test_letters_count_as_biblatex_does():
    assert [letters(n) for n in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "a", "b", "z", "aa", "ab", "az", "ba", "zz", "aaa"]


@given(st.integers(0, 5000), st.integers(0, 5000))
def test_letters_are_distinct_and_in_order(m, n):
    a, b = letters(m), letters(n)
    assert (a == b) == (m == n)
    assert ((len(a), a) < (len(b), b)) == (m < n)


_items = st.lists(
    st.tuples(st.sampled_from(["Luo et al.", "luo  ET AL.", "Doe", "Xu and Doe"]),
              st.sampled_from(["2021", "2022", " 2022 ", ""]),
              st.text("ab ", max_size=4)),
    max_size=12,
)


@given(_items, st.randoms())
def test_only_entries_cited_alike_get_letters_whatever_their_order(rows, random):
    items = [(f"k{i}", label, year, title) for i, (label, year, title) in enumerate(rows)]
    suffixes = year_suffixes(items)
    shuffled = list(items)
    random.shuffle(shuffled)
    assert year_suffixes(shuffled) == suffixes
    groups: dict[tuple[str, str], list[str]] = {}
    for key, label, year, _ in items:
        if year.strip():
            groups.setdefault((" ".join(label.split()).casefold(), year.strip()), []).append(key)
    for keys in groups.values():
        if len(keys) == 1:
            assert keys[0] not in suffixes
        else:
            assert sorted(suffixes[k] for k in keys) == [letters(n) for n in range(len(keys))]
    assert set(suffixes) <= {k for keys in groups.values() if len(keys) > 1 for k in keys}


def _citations(page) -> list[str]:
    return [" ".join(span.get_text().split()) for span in page.select("span.bibtex-citation")]


def test_papers_cited_alike_get_letters_in_title_order(build_root):
    app = build_root("years", "html")
    assert warnings(app) == []
    assert _citations(html(app)) == [
        "(Luo et al., 2022a, Luo et al., 2022b, Luo et al., 2022c)",
        "(Luo and Doe, 2022)",
        "Doe (2021)",
    ]
    assert _citations(html(app, "more")) == ["(Luo et al., 2022a)", "Luo et al. (2022a)"]


def test_the_list_says_where_and_when_in_one_sentence(build_root):
    page = html(build_root("years", "html"))
    entries = [" ".join(li.get_text().split()) for li in page.select("li.portfolio-entry")]
    text = " | ".join(entries)
    assert "In Mathematical and Scientific Machine Learning, 2022." in text
    assert "Entropy, 21(1), 2022." in text  # the volume and issue, without pages
    assert "PLoS One, 9, 2021." in text
    assert ". 2022." not in text
    # the venue and the year in spans a site's CSS can style
    assert [" ".join(span.get_text().split()) for span in page.select(".portfolio-venue")][:3] == [
        "CSIAM Transactions on Applied Mathematics",
        "SIAM Journal on Mathematics of Data Science",
        "Mathematical and Scientific Machine Learning",
    ]
    assert {span.get_text() for span in page.select("li.portfolio-entry .portfolio-year")} == {
        "2021", "2022"}
    assert len(page.select("li.portfolio-entry .portfolio-year")) == 5


def test_letters_follow_a_new_paper_on_pages_not_read_again(make_app, rootdir, tmp_path):
    src = tmp_path / "years"
    shutil.copytree(rootdir / "test-years", src)
    make_app("html", srcdir=src, freshenv=True).build()
    bib = src / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + (
        "\n@article{luo2022first,\n  author = {Luo, Tao and Ma, Zheng and Doe, Jane},\n"
        "  title = {A first paper},\n  journal = {Entropy},\n  year = {2022},\n}\n"),
        encoding="utf-8")
    app = make_app("html", srcdir=src)
    read: set[str] = set()
    app.connect("env-before-read-docs", lambda app, env, docnames: read.update(docnames))
    app.build()
    assert warnings(app) == []
    # more.md did not change and cites an entry that did not change, but its letter did
    assert "more" not in read
    assert _citations(html(app, "more")) == ["(Luo et al., 2022b)", "Luo et al. (2022b)"]


def test_latex_cites_with_the_same_letters(build_root):
    app = build_root("years", "latex")
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    found = re.findall(r"Luo \\sphinxstyleemphasis\{et al\.\}, 2022([a-c])", tex)
    assert found and set(found) == {"a", "b", "c"}, found


def test_a_page_edited_later_keeps_the_letters_of_unchanged_bib_files(make_app, rootdir,
                                                                      tmp_path, monkeypatch):
    """The letters of unchanged bib files come from the last build, not made again."""
    src = tmp_path / "years"
    shutil.copytree(rootdir / "test-years", src)
    make_app("html", srcdir=src, freshenv=True).build()
    more = src / "more.md"
    more.write_text(more.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    calls: list[int] = []
    original = PortfolioReferenceStyle.tell_apart
    monkeypatch.setattr(PortfolioReferenceStyle, "tell_apart",
                        lambda self, *args: calls.append(1) or original(self, *args))
    app = make_app("html", srcdir=src)
    app.build()
    assert warnings(app) == [] and calls == []
    assert _citations(html(app, "more")) == ["(Luo et al., 2022a)", "Luo et al. (2022a)"]


def test_an_edited_entry_alone_is_labelled_again(make_app, rootdir, tmp_path, monkeypatch):
    """The authors of each entry's short citation ("Luo et al.") are kept by its digest:
    after an edit of one entry only that one is labelled again, and its new label joins
    a group, whose letters then all move."""
    src = tmp_path / "years"
    shutil.copytree(rootdir / "test-years", src)
    make_app("html", srcdir=src, freshenv=True).build()
    bib = src / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(
        "author = {Luo, Tao and Doe, Jane}", "author = {Luo, Tao and Ma, Zheng and Doe, Jane}"),
        encoding="utf-8")
    labelled: list[str] = []
    original = PortfolioReferenceStyle.author_label
    monkeypatch.setattr(PortfolioReferenceStyle, "author_label",
                        lambda self, entry: labelled.append(entry.key) or original(self, entry))
    app = make_app("html", srcdir=src)
    app.build()
    assert warnings(app) == []
    assert set(labelled) == {"luo2022two"}, labelled
    # "A paper with two authors" now comes first of the four by title
    assert _citations(html(app)) == [
        "(Luo et al., 2022b, Luo et al., 2022c, Luo et al., 2022d)",
        "(Luo et al., 2022a)",
        "Doe (2021)",
    ]
    assert _citations(html(app, "more")) == ["(Luo et al., 2022b)", "Luo et al. (2022b)"]

