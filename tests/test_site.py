"""The real portfolio: build it as README says, and check its content against the CV."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import CV, REPO
from pybtex.database import parse_file


@pytest.fixture(scope="module")
def site(docs_html):
    return docs_html


@pytest.fixture(scope="module")
def bib():
    return parse_file(str(REPO / "refs.bib"))


def page(site, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def listed_keys(soup: BeautifulSoup) -> list[str]:
    return [s["id"].removeprefix("pub-") for s in soup.select("li.portfolio-entry > p > span[id]")]


def test_refs_bib_has_the_cvs_50_publications(bib):
    assert len(bib.entries) == 50
    keywords = [e.fields["keywords"] for e in bib.entries.values()]
    assert sum("representative" in k for k in keywords) == 11
    assert sum("computational-neuroscience" in k for k in keywords) == 8


def test_every_page_builds(site):
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    for name in ("index", "cv", "teaching", "service", "extension", "publications/index",
                 "publications/by-topic", "publications/by-year", "research/index",
                 "research/language-models", "research/frequency-principle",
                 "research/condensation", "research/ai-for-science",
                 "research/computational-neuroscience"):
        assert f"{name}.html" in pages
        head = page(site, name).head
        description = head.select_one('meta[name="description"]')
        assert description and "Shanghai Jiao Tong University" in description["content"], name
        assert head.select_one('link[rel~="icon"]'), name


def test_publications_page_lists_every_entry_once_in_cv_categories(site, bib):
    soup = page(site, "publications/index")
    keys = listed_keys(soup)
    assert sorted(keys) == sorted(k for k in bib.entries)
    lists = soup.select("ul.portfolio-publications")
    assert [len(lst.select("li.portfolio-entry")) for lst in lists] == [7, 35, 8]


@pytest.mark.parametrize("name", ["publications/by-topic", "publications/by-year"])
def test_grouped_pages_cover_every_entry(site, bib, name):
    keys = {k.split("-")[0] for k in listed_keys(page(site, name))}
    assert keys == {k for k in bib.entries}


def test_owner_highlighted_in_every_entry_with_all_authors(site, bib):
    soup = page(site, "publications/index")
    for item in soup.select("li.portfolio-entry"):
        key = item.select_one("span[id]")["id"].removeprefix("pub-")
        owners = item.select("strong.portfolio-owner")
        assert len(owners) == 1, key
        text = item.get_text()
        for person in bib.entries[key].persons["author"]:
            assert str(person.last_names[0]).replace("{", "").replace("}", "") in text, (key, person)


def test_markers_match_annotations(site, bib):
    soup = page(site, "publications/index")
    for key, entry in bib.entries.items():
        item = soup.find(id=f"pub-{key}").find_parent("li")
        annotation = entry.fields.get("author+an", "")
        expected = annotation.count("corresponding"), annotation.count("equal")
        found = (len(item.select("sup.portfolio-role-corresponding")),
                 len(item.select("sup.portfolio-role-equal")))
        assert found == expected, key
        assert bool(item.select(".portfolio-alphabetical")) == ("alphabetical" in annotation), key


def test_home_page_shows_the_representative_works_by_theme(site):
    soup = page(site, "index")
    keys = listed_keys(soup)
    assert len(keys) == 11 and len(set(keys)) == 11
    text = soup.get_text("")  # docutils cloaks e-mail addresses with inline spans
    for fact in ("Tenure-track Associate Professor", "Shanghai Jiao Tong University",
                 "xuzhiqin@sjtu.edu.cn", "Deep learning theory", "AI for Science"):
        assert fact in text
    assert soup.select_one('a[href="mailto:xuzhiqin%40sjtu.edu.cn"]')
    assert soup.select_one('a[href="https://ins.sjtu.edu.cn/people/xuzhiqin"]')


def test_cv_facts_are_on_the_site(site):
    text = " ".join(
        " ".join(page(site, name).get_text(" ").split())
        for name in ("cv", "teaching", "service", "index")
    )
    facts = [
        "许志钦", "31,800", "820,000",
        "Data Science", "The mathematical foundation of artificial intelligence",
        "Optimization", "Statistical computing and machine learning",
        "Journal of Machine Learning", "科技论剑:深度学习的前沿基础",
        "AI for Science Summer School", "Mathematical and Scientific Machine Learning",
        "上海交通大学优异学士学位论文指导教师", "高等教育(本科)国家级教学成果奖二等奖(排名第十一)",
        "上海市高等教育优秀教学成果特等奖(排名第八)", "上海交通大学致远学院优秀班主任",
        "世界人工智能大会 青年优秀论文提名奖", "上海海外高层次人才引进计划",
        "Statistical Methods in Neuronal Dynamical Data", "New York University Abu Dhabi",
        "Courant Institute", "Zhiyuan College",
    ]
    missing = [fact for fact in facts if fact not in text]
    assert not missing


def test_research_pages_cite_and_link_into_lists(site):
    soup = page(site, "research/frequency-principle")
    cites = soup.select("span.bibtex-citation a")
    assert cites
    for link in cites:
        href = link["href"]
        assert href.startswith("#pub-") or "publications/index.html#pub-" in href, href
        if href.startswith("#"):
            assert soup.find(id=href[1:]) is not None


def test_cv_links_are_used(bib):
    cv = CV.read_text(encoding="utf-8")
    for key, entry in bib.entries.items():
        for name in ("url", "eprint", "doi"):
            value = entry.fields.get(name)
            if value:
                assert value in cv, (key, name, value)


def test_the_frequency_principle_papers_nomination_is_its_award_badge(site):
    # the CV: "... Communications in Computational Physics (2020), 2021 world artificial
    # intelligence conference youth outstanding paper nomination."
    cv = " ".join(CV.read_text(encoding="utf-8").split()).lower()
    wording = "2021 World Artificial Intelligence Conference Youth Outstanding Paper Nomination"
    assert f"(2020), {wording.lower()}." in cv
    for name in ("publications/index", "papers/xu2020frequency"):
        soup = page(site, name)
        scope = soup.select_one("li.portfolio-key-xu2020frequency") or soup.select_one(
            "p.portfolio-paper-citation")
        badges = [b.get_text() for b in scope.select("span.portfolio-badge-award")]
        assert badges == [wording], name
        assert scope.get_text().count("Outstanding Paper Nomination") == 1, name
    # the only award the CV ties to a paper
    soup = page(site, "publications/index")
    assert len({b.find_parent("li")["class"][1]
                for b in soup.select("span.portfolio-badge-award")}) == 1
