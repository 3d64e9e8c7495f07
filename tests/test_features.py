"""Counts in prose and the publications chart, built on tests/roots/test-features
(selections that cannot be read: tests/roots/test-badselect)."""

from __future__ import annotations

from pathlib import Path

import pytest
from util import html, text_of, warnings


@pytest.fixture(scope="module")
def site(build_root):
    return build_root("features", "html")


@pytest.fixture(scope="module")
def latex(build_root):
    return build_root("features", "latex")


def test_pubcount_prints_the_number_of_selected_entries(site):
    counts = [text_of(span) for span in html(site).select("span.portfolio-pubcount")]
    # all, theory, first, corresponding, not preprints, 2019-2020, selected, article/misc
    assert counts == ["4", "3", "2", "2", "3", "2", "1", "3"]


def test_chart_draws_a_bar_per_year_and_topic_hidden_from_screen_readers(site):
    chart = html(site).select_one("div.portfolio-chart")
    svg = chart.select_one("svg.portfolio-chart-svg")
    assert svg["aria-hidden"] == "true"
    # each entry under each of its topics, as the topic sections count it: 2018 theory;
    # 2020 roe2020second (applications and theory) and poe2020third; 2021 theory. A bar
    # says its year, topic and count when hovered
    bars = [(rect.title.get_text(), float(rect["height"])) for rect in svg.select("g > rect")
            if rect.title]
    assert [label for label, _ in bars] == [
        "2018: Theory, 1", "2020: Theory, 1", "2020: Applications, 2", "2021: Theory, 1"]
    assert bars[2][1] == 2 * bars[0][1] == 2 * bars[1][1] == 2 * bars[3][1]
    years = [t.get_text() for t in svg.find_all("text") if t.get_text().isdigit()
             and len(t.get_text()) == 4]
    assert years == ["2018", "2019", "2020", "2021"]
    # the legend is HTML (it wraps on a phone), hidden like the picture it explains
    legend = chart.select_one("ul.portfolio-chart-legend")
    assert legend["aria-hidden"] == "true"
    assert [text_of(li) for li in legend.find_all("li")] == ["Theory", "Applications"]
    caption = chart.select_one("p.portfolio-chart-caption")
    assert caption["aria-hidden"] == "true"  # the table's caption is the one read out
    assert text_of(caption) == "Publications per year, by topic"


def test_chart_table_gives_the_same_counts_in_text(site):
    table = html(site).select_one("div.portfolio-chart table.portfolio-chart-data")
    assert table.caption.select_one(".caption-text").get_text() == "Publications per year, by topic"
    rows = [[text_of(c) for c in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]
    assert rows == [
        ["Year", "Theory", "Applications", "Total"],
        ["2021", "1", "0", "1"],
        ["2020", "1", "2", "2"],  # memberships by topic; Total: distinct papers
        ["2018", "1", "0", "1"],
    ]
    note = html(site).select_one("div.portfolio-chart p.portfolio-chart-note")
    assert text_of(note) == ("A paper with several topics counts in each of them; "
                             "the Total column counts it once.")


def test_bad_selections_warn_with_the_page_and_what_to_write(build_root):
    assert warnings(build_root("badselect", "html")) == [
        "bad.md:7: WARNING: pubcount: cannot read 'venue:nature': write criterion:value with a "
        "criterion out of topic, tag, type, year, role (e.g. 'topic:applications', "
        "'role:corresponding', 'year:2020-2024'), or 'all' [portfolio.directive]",
        "bad.md:7: WARNING: pubcount: unknown topic 'biology'; known: applications, theory "
        "[portfolio.directive]",
        "bad.md:7: WARNING: pubcount: cannot read year 'twenty': write 2020, 2018-2020, 2020- "
        "or -2019 [portfolio.directive]",
        "bad.md:7: WARNING: pubcount: unknown role 'last-but-one'; known: alphabetical, "
        "corresponding, equal, first, last [portfolio.directive]",
        "bad.md:10: WARNING: publications-chart: unknown topic 'nowhere'; known: applications, "
        "theory [portfolio.directive]",
        "bad.md:14: WARNING: :select:/:role: unknown role 'student'; known: alphabetical, "
        "corresponding, equal, first, last [portfolio.directive]",
    ]


def test_latex_draws_the_chart_with_tikz_and_prints_its_table(latex):
    tex = (Path(latex.outdir) / "features.tex").read_text(encoding="utf-8")
    assert r"\usepackage{tikz}" in tex
    picture = tex[tex.index(r"\begin{tikzpicture}"):tex.index(r"\end{tikzpicture}")]
    assert picture.count(r"\fill[") == 4 + 2  # four bars, two legend swatches
    # every label's box one height and depth: the years on one baseline whatever their
    # digits, the legend labels centred on their swatches whatever their letters
    assert r"every node/.style={text height=1.5ex, text depth=0.25ex}" in picture
    assert r"\sphinxcaption{Publications per year, by topic}" in tex
    # the table follows the picture, small, its year column at natural width, the counts
    # in columns of equal width, right-aligned, whose headings never hyphenate
    table = tex.index(r"\begingroup\small")
    assert tex.index(r"\end{tikzpicture}") < table
    count = r">{\raggedleft\arraybackslash}p{\dimexpr(\linewidth-7em)/2-2\tabcolsep\relax}"
    assert tex.index(r"\begin{tabular}[t]{l" + count * 2 + "r}") > table
    assert r"\mbox{Theory}" in tex[table:]


def test_epub_shows_the_chart_as_an_svg_file(build_root):
    # EPUB 3 wants pages with inline SVG flagged in the OPF, which Sphinx does not do
    app = build_root("features", "epub")
    page = (Path(app.outdir) / "index.xhtml").read_text(encoding="utf-8")
    assert "<svg" not in page
    src = page.split('<img class="portfolio-chart-svg" src="', 1)[1].split('"', 1)[0]
    svg = (Path(app.outdir) / src).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and svg.count("<title>") == 4


def test_filter_form_offers_the_choices_of_the_listed_entries(site):
    form = html(site).select_one("form.portfolio-filter")
    assert form.has_attr("hidden")  # shown by portfolio.js: no JavaScript, full list
    assert form["data-total"] == "4" and form["role"] == "search"
    options = {
        select["name"]: [o.get("value") for o in select.find_all("option")]
        for select in form.find_all("select")
    }
    assert options == {
        "topic": ["", "theory", "applications"],
        "year": ["", "2021", "2020", "2018"],
        "type": ["", "article", "inproceedings", "misc"],
        "role": ["", "first", "corresponding", "equal"],
    }
    assert all(field.find("span") for field in form.select("label.portfolio-filter-field"))
    assert text_of(form.select_one("p.portfolio-filter-count")) == "4 of 4 publications"


def test_listed_entries_describe_themselves_to_the_filter(site):
    items = {
        next(c for c in li["class"] if c.startswith("portfolio-key-")): set(li["class"])
        for li in html(site).select("li.portfolio-entry")
    }
    second = items["portfolio-key-roe2020second"]
    assert second >= {"portfolio-year-2020", "portfolio-type-article", "portfolio-topic-theory",
                      "portfolio-topic-applications", "portfolio-owner-equal"}
    assert "portfolio-owner-last" not in second  # the form offers no "last author"
    assert items["portfolio-key-doe2021fourth"] >= {
        "portfolio-owner-first", "portfolio-owner-corresponding", "portfolio-type-misc"}
    assert not any(c.startswith("portfolio-owner-") for c in items["portfolio-key-poe2020third"])


def test_no_filter_form_outside_html(latex, build_root):
    tex = (Path(latex.outdir) / "features.tex").read_text(encoding="utf-8")
    assert "Show all" not in tex and "Filter" not in tex
    epub = build_root("features", "epub")
    assert "portfolio-filter" not in (Path(epub.outdir) / "index.xhtml").read_text(encoding="utf-8")


def _keys_under(page, heading: str) -> list[str]:
    section = next(s for s in page.select("section") if text_of(s.find(["h2"])).startswith(heading))
    return [next(c for c in li["class"] if c.startswith("portfolio-key-")).removeprefix(
        "portfolio-key-") for li in section.select("li.portfolio-entry")]


def test_role_and_select_options_choose_the_entries_of_a_list(site):
    page = html(site)
    assert _keys_under(page, "Corresponding") == ["doe2021fourth", "doe2018first"]
    assert _keys_under(page, "Theory papers before 2021") == ["roe2020second"]


def test_the_chart_code_is_imported_by_the_first_page_with_a_chart(rootdir, tmp_path):
    """core/chart.py (some 2 ms to import) is imported by a page with a chart, not by
    setup: a site without charts builds without it."""
    import shutil
    import subprocess
    import sys

    code = """
import sys
from sphinx.cmd.build import main
code = main(["-q", "-b", "html", sys.argv[1], sys.argv[2]])
print(code, "portfolio_ext.core.chart" in sys.modules)
"""
    found = []
    for root in ("basic", "features"):
        src = tmp_path / root
        shutil.copytree(rootdir / f"test-{root}", src)
        done = subprocess.run([sys.executable, "-c", code, str(src), str(src / "_build")],
                              capture_output=True, text=True, check=True)
        found.append(done.stdout.split())
    assert found == [["0", "False"], ["0", "True"]]
