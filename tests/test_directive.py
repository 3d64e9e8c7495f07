"""The publications directive, owner highlighting, role markers and citations (HTML)."""

from __future__ import annotations

import pytest
from util import html, text_of


@pytest.fixture(scope="module")
def basic(build_root):
    return build_root("basic", "html")


def test_every_entry_highlights_the_owner(basic):
    soup = html(basic)
    entries = soup.select("li.portfolio-entry")
    # 3 entries; roe2022beta appears under both topics
    assert len(entries) == 4
    for entry in entries:
        owners = entry.select("strong.portfolio-owner")
        assert len(owners) == 1, text_of(entry)
    names = {text_of(o) for o in soup.select("strong.portfolio-owner")}
    # three spellings of the owner, all matched: full, initials, LaTeX accent
    assert names == {"Jane Doe", "J. Q. Doe", "Jane Döe"}
    # co-authors are never highlighted
    assert "Richard Roe" not in {text_of(s) for s in soup.select("strong")}


def test_role_markers_are_superscripts_with_meaning(basic):
    soup = html(basic)
    beta = soup.find(id="pub-roe2022beta").find_parent("li")
    sups = beta.select("sup.portfolio-role")
    assert [s["class"][1] for s in sups] == [
        "portfolio-role-equal", "portfolio-role-equal", "portfolio-role-corresponding",
    ]
    for sup in sups:
        symbol = sup.select_one(".portfolio-role-symbol")
        assert symbol["aria-hidden"] == "true"
        assert sup.select_one(".portfolio-sr-only").get_text() in (
            " (equal contribution)", " (corresponding author)",
        )
    # the marker follows the name it belongs to
    assert "Richard Roe # (equal contribution)" in text_of(beta)
    assert "J. Q. Doe # (equal contribution)" in text_of(beta)
    assert "Edgar Poe * (corresponding author)" in text_of(beta)


def test_legend_lists_exactly_the_markers_used(basic):
    soup = html(basic)
    legend = soup.select("p.portfolio-legend")
    assert len(legend) == 1
    assert text_of(legend[0]) == "* corresponding author; # equal contribution"
    # the flat "selected" list has only a corresponding author: its legend says so
    legends = [text_of(p) for p in html(basic, "years").select("p.portfolio-legend")]
    assert "* corresponding author" in legends
    # :no-legend:
    assert html(basic, "types").select("p.portfolio-legend") == []


def test_alphabetical_note(basic):
    gamma = html(basic).find(id="pub-poe2023gamma").find_parent("li")
    assert text_of(gamma.select_one(".portfolio-alphabetical")) == "(authors in alphabetical order)"
    assert not gamma.select("sup.portfolio-role")


def test_topic_groups_sections_counts_and_order(basic):
    soup = html(basic)
    sections = soup.select("section.portfolio-group-topic")
    assert [s["id"] for s in sections] == ["topic-theory", "topic-applications"]
    titles = [text_of(s.find(["h2", "h3"])) for s in sections]
    assert titles[0].startswith("Theory (2)")
    assert titles[1].startswith("Applications (2)")
    # newest first within a group
    theory = [a["id"] for a in sections[0].select("li.portfolio-entry span[id]")]
    assert theory == ["pub-roe2022beta", "pub-doe2020alpha"]
    # an entry in two topics is listed twice, with distinct anchors
    applications = [a["id"] for a in sections[1].select("li.portfolio-entry span[id]")]
    assert applications == ["pub-poe2023gamma", "pub-roe2022beta-2"]


def test_groups_are_in_the_page_toc(basic):
    toc = html(basic).select_one(".toc-tree, .toctree-wrapper, nav")
    page = html(basic)
    local = [a.get("href") for a in page.select("a.reference.internal")]
    assert "#topic-theory" in local and "#topic-applications" in local, local
    assert toc is not None


def test_entries_show_venue_year_and_links(basic):
    soup = html(basic)
    alpha = soup.find(id="pub-doe2020alpha").find_parent("li")
    text = text_of(alpha)
    assert "Alpha Results on Fourier Things" in text  # title case kept
    assert "Journal of Alpha" in text and "2020" in text and "3:1–10" in text
    # each link says what it opens; what it points at is its title, and the text of
    # screen readers (visually hidden) and of the PDF
    for item, href, label, ident in (
        (alpha, "https://doi.org/10.1000/alpha.1", "DOI", "10.1000/alpha.1"),
        (soup.find(id="pub-roe2022beta").find_parent("li"), "https://arxiv.org/abs/2201.00001",
         "arXiv", "2201.00001"),
        (soup.find(id="pub-poe2023gamma").find_parent("li"), "https://example.org/gamma",
         "Web", "example.org"),
    ):
        link = item.select_one(f'a[href="{href}"]')
        assert link["class"][:2] == ["portfolio-button", f"portfolio-button-{label.lower()}"
                                     if label != "Web" else "portfolio-button-url"]
        assert link.contents[0] == label and link["title"] == ident
        assert text_of(link.select_one(".portfolio-sr-only")) == ident
        assert link.get_text() == f"{label} {ident}"


def test_citations_link_to_listing_same_page_first(basic):
    soup = html(basic)
    cites = soup.select("span.bibtex-citation")
    assert [c.get_text() for c in cites] == ["(Doe and Roe, 2020)", "Roe et al. (2022)"]
    assert cites[0].a["href"] == "#pub-doe2020alpha"
    assert cites[1].a["href"] == "#pub-roe2022beta"


def test_citations_link_to_publications_page_from_elsewhere(basic):
    cite = html(basic, "other").select_one("span.bibtex-citation")
    assert cite.get_text() == "(Poe and Döe, 2023)"
    assert cite.a["href"] == "index.html#pub-poe2023gamma"


def test_group_by_year_and_type(basic):
    years = html(basic, "years")
    assert [s["id"] for s in years.select("section.portfolio-group-year")] == [
        "year-2023", "year-2022", "year-2020",
    ]
    types = html(basic, "types")
    titles = [text_of(s.find(["h2", "h3"])) for s in types.select("section.portfolio-group-type")]
    assert [t.split(" (")[0] for t in titles] == [
        "Journal articles", "Conference papers", "Preprints and other works",
    ]


def test_topics_and_filter_options(basic):
    years = html(basic, "years")
    lists = years.select("ul.portfolio-publications")
    flat_theory, selected = lists[-2], lists[-1]
    assert [s["id"] for s in flat_theory.select("span[id]")] == [
        "pub-roe2022beta-2", "pub-doe2020alpha-2",
    ]
    assert [s["id"] for s in selected.select("span[id]")] == ["pub-doe2020alpha-3"]


def test_plain_bibliography_with_portfolio_style(basic):
    plain = html(basic, "plain")
    entry = plain.select_one("div.citation, ul.bibliography li, .bibliography li") or plain
    assert "J. Q. Doe" in {text_of(s) for s in entry.select("strong.portfolio-owner")}
    assert entry.select("sup.portfolio-role-corresponding")


def test_css_is_linked_and_copied(basic):
    soup = html(basic)
    assert soup.select_one('link[href*="portfolio.css"]') is not None
    assert (basic.outdir / "_static" / "portfolio.css").is_file()


def test_stored_doctrees_are_lean_and_located(basic):
    """No "target is not referenced" message per entry in the stored doctree, and the
    group sections and titles know their file and line (Sphinx would otherwise dump
    each title as XML while reading, and warnings about them would name no file)."""
    from docutils import nodes

    doctree = basic.env.get_doctree("index")
    assert not [m for m in doctree.transform_messages if "is not referenced" in m.astext()]
    titles = [s[0] for s in doctree.findall(nodes.section)
              if "portfolio-group" in s["classes"]]
    assert titles
    for title in titles:
        assert title.source.endswith("index.md") and title.line, title
        assert title.parent.source.endswith("index.md") and title.parent.line
