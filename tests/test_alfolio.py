"""al-folio's fields: buttons, venue and award badges, abstracts, thumbnails and
``selected`` (tests/roots/test-alfolio, a bib in al-folio's shape), in HTML, ePub and
LaTeX; and the pure functions that read them (core/links.py, core/badges.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from util import html, scripted, text_of, warnings

from portfolio_ext.core.badges import award_of, note_is_award, selected_of, venue_label
from portfolio_ext.core.links import Resource, local_path, preview_of, resources_of

ROOT = Path(__file__).parent / "roots" / "test-alfolio"

# -- the fields, read ------------------------------------------------------------------


def test_resources_are_web_addresses_or_paths_in_the_site():
    found, problems = resources_of({
        "pdf": "/assets/pdf/paper.pdf", "code": "https://github.com/x/y",
        "website": "https://x.org", "html": "https://x.org", "slides": "javascript:alert(1)",
        "poster": "../../etc/passwd", "video": " ",
    })
    assert found == [
        Resource("pdf", "PDF", "assets/pdf/paper.pdf", local=True),
        Resource("code", "Code", "https://github.com/x/y"),
        Resource("website", "Website", "https://x.org"),  # html, the same address: once
    ]
    assert [p.split(" ")[0] for p in problems] == ["slides", "poster"]
    assert all("is not shown" in p for p in problems)


@given(st.text())
def test_a_local_path_never_leaves_the_source_folder(text):
    path = local_path(text)
    if path is not None:
        assert not path.startswith("/") and ":" not in path and "\\" not in path
        assert ".." not in path.split("/") and "" not in path.split("/")
        assert not any(part.startswith(".") for part in path.split("/"))  # nothing hidden


@pytest.mark.parametrize("value", [".env", ".git/config", "assets/.secret/key.pdf", "/.env"])
def test_hidden_files_are_never_published(value):
    assert local_path(value) is None
    assert resources_of({"pdf": value})[0] == []


def test_a_preview_is_a_path_in_the_site():
    assert preview_of({"preview": "thumb.png"}) == ("thumb.png", [])
    assert preview_of({}) == (None, [])
    path, problems = preview_of({"preview": "https://example.org/x.png"})
    assert path is None and "no thumbnail is shown" in problems[0]


def test_the_venue_label_is_abbr_else_the_longest_name_of_the_table():
    venues = {"Physical Review": "PR", "Physical Review Letters": "PRL",
              "Advances in Neural Information Processing Systems": "NeurIPS"}
    assert venue_label({"abbr": "{ICLR}", "journal": "Physical Review"}, venues) == "ICLR"
    assert venue_label({"journal": "Physical Review Letters"}, venues) == "PRL"
    assert venue_label({"journal": "physical review"}, venues) == "PR"
    assert venue_label({"booktitle": "Advances in Neural Information Processing Systems 35"},
                       venues) == "NeurIPS"
    # names as words: "Physical Reviewers" is no "Physical Review"
    assert venue_label({"journal": "Physical Reviewers Weekly"}, venues) == ""
    assert venue_label({"journal": "Nature"}, {}) == ""


def test_awards_from_al_folios_fields_or_a_note_that_reads_as_one():
    assert award_of({"award": "Best paper of the year", "award_name": "Best Paper"}) == (
        "Best Paper", "Best paper of the year", "award")
    assert award_of({"award": "Oral"}) == ("Oral", "Oral", "award")
    note = "2021 World Artificial Intelligence Conference Youth Outstanding Paper Nomination"
    assert award_of({"note": note}) == (note, note, "note")
    for not_an_award in ("Accepted", "In press", "Reviewed by the award committee's chair"[:8]):
        assert not note_is_award(not_an_award)
    assert award_of({"note": "In press"}) == ("", "", "")


def test_selected_is_true_or_false():
    assert selected_of({"selected": "true"}) == (True, "")
    assert selected_of({"selected": "{True}"}) == (True, "")
    assert selected_of({"selected": "false"}) == (False, "")
    assert selected_of({}) == (False, "")
    selected, problem = selected_of({"selected": "maybe"})
    assert not selected and "write selected = {true}" in problem


# -- the root in each builder ------------------------------------------------------------


@pytest.fixture(scope="module")
def site(build_root):
    return build_root("alfolio", "html")


@pytest.fixture(scope="module")
def epub(build_root):
    return build_root("alfolio", "epub")


@pytest.fixture(scope="module")
def latex(build_root):
    app = build_root("alfolio", "latex")
    return (Path(app.outdir) / "alfolio.tex").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def latex_online(build_root):
    app = build_root("alfolio", "latex", confoverrides={"html_baseurl": "https://jane.example/"})
    return (Path(app.outdir) / "alfolio.tex").read_text(encoding="utf-8")


EXPECTED = [
    "refs.bib:53: WARNING: entry 'doe2023missing': code 'ftp://example.org/code.tar' is "
    "neither an http(s) address nor a path inside the site's source folder (hidden files "
    "and folders are not published), so it is not shown; write a https:// address or a "
    "path such as files/paper.pdf [portfolio.link]",
    "refs.bib:53: WARNING: entry 'doe2023missing': preview '../outside.png' is not a path "
    "inside the site's source folder, so no thumbnail is shown; copy the image into the site "
    "and write its path [portfolio.link]",
    "refs.bib:53: WARNING: entry 'doe2023missing': selected 'maybe' is neither true nor false, "
    "so the entry is not among the selected works; write selected = {true} [portfolio.link]",
    "refs.bib:53: WARNING: entry 'doe2023missing': pdf file 'missing.pdf' is not in the source "
    "folder (looked in '', 'assets/pdf', 'assets/img/publication_preview'), so it is not "
    "shown; add the file there, or correct the path (portfolio_file_dirs lists the folders "
    "looked in) [portfolio.link]",
]


@pytest.mark.parametrize("builder", ["html", "epub", "latex"])
def test_bad_fields_are_named_with_their_entry_and_line(build_root, builder):
    app = build_root("alfolio", builder)
    assert [w[w.index("refs.bib"):] for w in warnings(app)] == EXPECTED


def _entry(page: BeautifulSoup, key: str):
    return page.select_one(f"li.portfolio-key-{key}")


def test_buttons_say_what_they_open_in_al_folios_order(site):
    entry = _entry(html(site), "doe2020complete")
    buttons = entry.select("p a.portfolio-button")
    assert [b.contents[0] for b in buttons] == [
        "DOI", "Web", "PDF", "Code", "Slides", "Poster", "Video", "Website", "HTML",
        "Supplement", "Blog"]
    titles = {b.contents[0]: b.get("title") for b in buttons}
    assert titles["DOI"] == "10.1103/PhysRev.47.777" and titles["Code"] == "github.com"
    assert titles["PDF"] is None  # the site's own file
    code = entry.select_one("a.portfolio-button-code")
    assert code["href"] == "https://github.com/example/complete"
    assert text_of(code.select_one(".portfolio-sr-only")) == "github.com"


def test_a_relative_path_is_a_file_copied_into_the_output(site):
    out = Path(site.outdir)
    source = ROOT / "assets" / "pdf" / "example_pdf.pdf"
    for page, key, prefix in (("index", "doe2020complete", ""),
                              ("index", "doe2021letters", ""),  # written "/assets/pdf/..."
                              ("papers/doe2020complete", "", "../")):
        soup = html(site, page)
        scope = _entry(soup, key) if key else soup.select_one("section.portfolio-paper")
        href = scope.select_one("a.portfolio-button-pdf")["href"]
        assert href == f"{prefix}_portfolio_files/assets/pdf/example_pdf.pdf"
        assert (out / page).parent.joinpath(href).read_bytes() == source.read_bytes()
    # a missing file: no button, and no empty list of links
    missing = _entry(html(site), "doe2023missing")
    assert missing.select("a.portfolio-button") == []
    assert missing.select(".portfolio-links") == []


def test_venue_badges_come_before_the_title(site):
    page = html(site)
    for key, label in (("doe2020complete", "PhysRev"), ("doe2022networks", "NeurIPS"),
                       ("doe2021letters", "PRL")):
        badge = _entry(page, key).select_one("span.portfolio-badge-venue")
        assert text_of(badge) == label
        title = badge.find_next_sibling("span")
        assert "portfolio-title" in title["class"]
    assert _entry(page, "doe2023missing").select_one(".portfolio-badge") is None


def test_award_badges_and_a_note_that_is_an_award_is_not_repeated(site):
    page = html(site)
    networks = _entry(page, "doe2022networks").select_one("span.portfolio-badge-award")
    assert text_of(networks) == "Best Paper"
    letters = _entry(page, "doe2021letters")
    assert text_of(letters.select_one("span.portfolio-badge-award")) == \
        "2021 Outstanding Paper Nomination"
    assert text_of(letters.p).count("Outstanding Paper Nomination") == 1
    # the paper page says it in full, as its award
    paper = html(site, "papers/doe2022networks")
    facts = dict(zip([text_of(dt) for dt in paper.select("dl.portfolio-paper-facts dt")],
                     [text_of(dd) for dd in paper.select("dl.portfolio-paper-facts dd")]))
    assert facts["Award"] == "Selected for the best paper award among 10,000 submissions"
    # a note that is an award is its badge: neither a Note nor the Award again
    letters = html(site, "papers/doe2021letters")
    # (and its PDF button is its link: no Scholar search under "Links")
    assert {text_of(dt) for dt in letters.select("dl.portfolio-paper-facts dt")} == {"Type"}
    assert text_of(letters.select_one(".portfolio-badge-award")) == \
        "2021 Outstanding Paper Nomination"


ABSTRACT = ("In a complete theory there is an element corresponding to each element of "
            "reality, at 50% or more.")


def test_the_abstract_is_a_disclosure_in_lists_and_in_full_on_the_paper_page(site):
    entry = _entry(scripted(html(site)), "doe2020complete")
    toggle = entry.select_one("details.portfolio-abstract-toggle")
    assert text_of(toggle.summary) == "Abstract"
    assert text_of(toggle.select_one("p.portfolio-abstract")) == ABSTRACT
    assert "open" not in toggle.attrs  # closed, and opens without JavaScript
    assert _entry(html(site), "doe2022networks").select("details.portfolio-abstract-toggle") == []
    paper = html(site, "papers/doe2020complete")
    assert text_of(paper.select_one("h2#abstract")).startswith("Abstract")
    assert text_of(paper.select_one("section.portfolio-paper > p.portfolio-abstract")) == ABSTRACT


def test_the_thumbnail_is_lazy_has_its_size_and_the_title_as_alt(site):
    image = _entry(html(site), "doe2020complete").select_one("img.portfolio-preview")
    assert image["alt"] == "Can a Description of Reality Be Considered Complete?"
    assert (image["width"], image["height"]) == ("40", "30")  # the file's own size
    assert image["loading"] == "lazy"
    assert Path(site.outdir, image["src"]).read_bytes() == (
        ROOT / "assets" / "img" / "publication_preview" / "thumb.png").read_bytes()
    paper = html(site, "papers/doe2020complete").select_one("img.portfolio-preview")
    assert paper["src"] == "../" + image["src"]
    assert _entry(html(site), "doe2023missing").select("img") == []


def test_selected_true_is_tag_selected(site):
    page = html(site)
    selected = page.select_one("section#selected")
    assert [li["class"][1] for li in selected.select("li.portfolio-entry")] == [
        "portfolio-key-doe2022networks", "portfolio-key-doe2020complete"]


def test_the_filter_offers_the_venue_badges(site):
    page = html(site)
    select = page.select_one("form.portfolio-filter select[name=venue]")
    assert [(o["value"], text_of(o)) for o in select.find_all("option")] == [
        ("", "All venues"), ("neurips", "NeurIPS"), ("physrev", "PhysRev"), ("prl", "PRL")]
    assert "portfolio-venue-prl" in _entry(page, "doe2021letters")["class"]


def test_epub_holds_the_thumbnail_and_links_but_no_file_it_cannot_open(epub):
    page = BeautifulSoup((Path(epub.outdir) / "index.xhtml").read_text(encoding="utf-8"),
                         "html.parser")
    entry = _entry(page, "doe2020complete")
    image = entry.select_one("img.portfolio-preview")
    assert (Path(epub.outdir) / image["src"]).is_file()
    assert "loading" not in image.attrs  # not in EPUB 3's XHTML
    buttons = [b.contents[0] for b in entry.select("a.portfolio-button")]
    assert "DOI" in buttons and "PDF" not in buttons  # no html_baseurl: the PDF is nowhere
    assert not list(Path(epub.outdir).rglob("*.pdf"))
    assert entry.select("details") == []  # the abstract is the paper page's
    assert text_of(entry.select_one(".portfolio-badge-venue")) == "PhysRev"


def test_latex_lists_links_with_spaced_separators_and_identifiers(latex):
    assert (r"\sphinxhref{https://doi.org/10.1103/PhysRev.47.777}{DOI 10.1103/PhysRev.47.777}"
            r" \textperiodcentered{} \sphinxhref{https://link.aps.org/doi/10.1103/PhysRev.47.777}"
            r"{Web link.aps.org}") in latex
    assert r"{[}PhysRev{]} \DUrole{portfolio-title}" in latex
    assert r"{[}Best Paper{]}" in latex
    assert r"{[}2021 Outstanding Paper Nomination{]}" in latex
    # no thumbnail, no abstract, and no link to a file only the web site has
    assert "includegraphics" not in latex and "thumb" not in latex
    assert "element of reality" not in latex
    assert r"example\_pdf" not in latex and "{PDF}" not in latex


def test_latex_links_the_sites_files_under_html_baseurl(latex_online):
    link = (r"\sphinxhref{https://jane.example/\_portfolio\_files/assets/pdf/example\_pdf.pdf}"
            "{PDF}")
    assert latex_online.count(link) == 3  # two entries, one of them listed twice


def test_dirhtml_pages_link_the_copied_files_from_their_folders(build_root):
    app = build_root("alfolio", "dirhtml")
    out = Path(app.outdir)
    paper = out / "papers" / "doe2020complete" / "index.html"
    soup = BeautifulSoup(paper.read_text(encoding="utf-8"), "html.parser")
    links = [soup.select_one("a.portfolio-button-pdf")["href"],
             soup.select_one("img.portfolio-preview")["src"]]
    assert all(link.startswith("../../_portfolio_files/") for link in links)
    assert all((paper.parent / link).resolve().is_file() for link in links)


def test_a_file_added_later_gets_its_button_in_the_next_build(fresh_build):
    app = fresh_build("alfolio", "html")
    assert _entry(html(app), "doe2023missing").select("a.portfolio-button-pdf") == []
    (Path(app.srcdir) / "assets" / "pdf" / "missing.pdf").write_bytes(b"%PDF-1.4\n")
    app._warning.truncate(0)
    app.build()
    link = _entry(html(app), "doe2023missing").select_one("a.portfolio-button-pdf")
    assert link["href"] == "_portfolio_files/assets/pdf/missing.pdf"
    assert (Path(app.outdir) / link["href"]).read_bytes() == b"%PDF-1.4\n"
    assert not [w for w in warnings(app) if "missing.pdf" in w]
    # the entry's paper page, which did not change otherwise, gets the button too
    paper = html(app, "papers/doe2023missing").select_one("a.portfolio-button-pdf")
    assert paper is not None and paper["href"] == "../_portfolio_files/assets/pdf/missing.pdf"


def test_a_paper_page_with_a_button_offers_no_scholar_search(site):
    """A paper whose only link is its PDF needs no search for its title; one whose
    files are all missing (no button shown) still gets the search."""
    assert html(site, "papers/doe2021letters").select("a.portfolio-search-link") == []
    assert html(site, "papers/doe2021letters").select("a.portfolio-button-pdf")
    missing = html(site, "papers/doe2023missing")
    assert missing.select("a.portfolio-button") == []
    assert len(missing.select("a.portfolio-search-link")) == 1


def test_no_file_of_the_build_folders_or_with_an_impossible_name(make_app, rootdir, tmp_path):
    """A bib file that names a file in the output or doctree folder, or a name too long
    for the system, gets the missing-file warning, not a copy or a traceback."""
    src = tmp_path / "alfolio"
    shutil.copytree(rootdir / "test-alfolio", src)
    make_app("html", srcdir=src, freshenv=True).build()  # _build/html/index.html exists
    bib = src / "refs.bib"
    long_name = "a" * 300 + ".pdf"
    bib.write_text(bib.read_text(encoding="utf-8").replace(
        "pdf={missing.pdf}", "pdf={_build/html/index.html}, slides={" + long_name + "},"
        " poster={assets/pdf/poster #1.pdf}"), encoding="utf-8")
    (src / "assets" / "pdf" / "poster #1.pdf").write_bytes(b"%PDF-1.4\n")
    app = make_app("html", srcdir=src)
    app.build()
    found = " ".join(warnings(app))
    assert "pdf file '_build/html/index.html' is not in the source folder" in found, found
    assert f"slides file '{long_name}' is not in the source folder" in found, found
    assert not (app.outdir / "_portfolio_files" / "_build").exists()
    # a file name with "#" or a space is linked as a path, not as a fragment
    poster = _entry(html(app), "doe2023missing").select_one("a.portfolio-button-poster")
    assert poster["href"] == "_portfolio_files/assets/pdf/poster%20%231.pdf"
    assert (app.outdir / "_portfolio_files" / "assets" / "pdf" / "poster #1.pdf").is_file()


def test_a_file_no_entry_names_any_more_leaves_the_site(make_app, rootdir, tmp_path):
    src = tmp_path / "alfolio"
    shutil.copytree(rootdir / "test-alfolio", src)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    copied = app.outdir / "_portfolio_files" / "assets" / "pdf" / "example_pdf.pdf"
    assert copied.is_file()
    bib = src / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("example_pdf.pdf", "gone.pdf"), encoding="utf-8")
    make_app("html", srcdir=src).build()
    assert not copied.exists()


def test_venue_ids_keep_labels_apart():
    from portfolio_ext.html.filter import venue_id

    assert venue_id("NeurIPS") == "neurips" and venue_id("Phys. Rev. B") == "phys-rev-b"
    labels = ["计算机学报", "软件学报", "C++", "C#", "C"]
    ids = [venue_id(label) for label in labels]
    assert len(set(ids)) == len(ids) and all(ids), ids
