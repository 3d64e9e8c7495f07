"""One rule for an entry's links (core/links.py), and every place that uses it agrees:
list entries, paper pages, Google Scholar tags, CSL-JSON and the bib checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pybtex.database import Entry, Person

from portfolio_ext.core.bibindex import build_index
from portfolio_ext.core.export import csl_item
from portfolio_ext.core.findings import WarningType
from portfolio_ext.core.links import ARXIV_ID, DOI, EntryLinks, eprint_type, links_of
from portfolio_ext.core.metadata import EntryFacts, entry_links, highwire_tags
from portfolio_ext.core.settings import PortfolioConfig
from portfolio_ext.style.formatting import PortfolioStyle


@pytest.mark.parametrize(("fields", "expected"), [
    ({}, EntryLinks()),
    ({"doi": "10.1000/xyz"}, EntryLinks(doi="10.1000/xyz")),
    ({"doi": " https://doi.org/10.1000/xyz "}, EntryLinks(doi="10.1000/xyz")),
    ({"doi": "doi:10.1000/xyz"}, EntryLinks(doi="10.1000/xyz")),
    ({"doi": "not a doi"}, EntryLinks()),
    ({"eprint": "2101.00001v2"}, EntryLinks(arxiv_id="2101.00001v2")),
    ({"eprint": "2101.00001", "archiveprefix": "arXiv"}, EntryLinks(arxiv_id="2101.00001")),
    ({"eprint": "math/0601001", "eprinttype": "arxiv"}, EntryLinks(arxiv_id="math/0601001")),
    ({"eprint": "hal-01234567", "eprinttype": "HAL"}, EntryLinks()),
    ({"eprint": "2101.00001", "archiveprefix": "HAL"}, EntryLinks()),
    ({"eprint": "arXiv:2101.00001", "archiveprefix": "arXiv"}, EntryLinks()),
    ({"url": "https://example.org/a~b%20c"}, EntryLinks(url="https://example.org/a~b%20c")),
    ({"url": "HTTP://Example.org"}, EntryLinks(url="HTTP://Example.org")),
    ({"url": "ftp://example.org/x"}, EntryLinks()),
    ({"url": "https:nohost"}, EntryLinks()),
    ({"url": "http://[::1"}, EntryLinks()),
    ({"url": "javascript:alert(1)"}, EntryLinks()),
])
def test_links_of(fields, expected):
    assert links_of(fields) == expected


def test_addresses():
    links = links_of({"doi": "10.1000/xyz", "eprint": "2101.00001"})
    assert links.doi_url == "https://doi.org/10.1000/xyz"
    assert links.arxiv_url == "https://arxiv.org/abs/2101.00001"
    assert EntryLinks().doi_url is None and EntryLinks().arxiv_url is None


def test_eprint_type_prefers_archiveprefix():
    assert eprint_type({"archiveprefix": " arXiv ", "eprinttype": "hal"}) == "arXiv"
    assert eprint_type({"eprinttype": "hal"}) == "hal"
    assert eprint_type({}) == "arXiv"


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
_FIELDS = st.fixed_dictionaries({}, optional={
    "doi": st.one_of(_TEXT, st.sampled_from(["10.1000/xyz", "https://doi.org/10.1/x", "10.12345/a b"])),
    "eprint": st.one_of(_TEXT, st.sampled_from(["2101.00001", "math/0601001v3", "1234.5"])),
    "archiveprefix": st.sampled_from(["arXiv", "arxiv", "HAL", ""]),
    "eprinttype": st.sampled_from(["arxiv", "hal", "pubmed"]),
    "url": st.one_of(_TEXT, st.sampled_from(["https://example.org/x", "http://a.b", "ftp://a.b",
                                             "https://", "http://[x"])),
})


@given(_FIELDS)
def test_links_are_what_they_claim(fields):
    links = links_of(fields)
    if links.doi:
        assert DOI.match(links.doi)
    if links.arxiv_id:
        assert ARXIV_ID.match(links.arxiv_id) and eprint_type(fields).lower() == "arxiv"
    if links.url:
        assert re.match(r"(?i)https?://[^/]", links.url)


def _entry(fields) -> Entry:
    entry = Entry("misc", fields={"title": "T", "year": "2020", **fields},
                  persons={"author": [Person("Doe, Jane")]})
    entry.key = "k"
    return entry


def _style_hrefs(entry: Entry) -> list[str]:
    text = PortfolioStyle(portfolio_config=PortfolioConfig()).format_entry("1", entry).text
    return re.findall(r'href="([^"]*)"', text.render_as("html"))


@given(_FIELDS)
def test_every_place_links_the_same(fields):
    entry = _entry(fields)
    links = links_of(entry.fields)
    addresses = [a for a in (links.doi_url, links.arxiv_url, links.url) if a]
    # paper pages: the page and its JSON-LD read the links of the entry's facts, made
    # once (a list each: what one reader does with it leaves the other's alone)
    assert [url for _, url in entry_links(entry)] == addresses
    facts = EntryFacts(entry)
    first = entry_links(facts)
    assert first == entry_links(entry)
    first.clear()
    assert entry_links(facts) == entry_links(entry)
    # list entries (the HTML backend escapes "&")
    assert [h.replace("&amp;", "&") for h in _style_hrefs(entry)] == addresses
    # Google Scholar
    tags = " ".join(highwire_tags(entry))
    assert ("citation_arxiv_id" in tags) == bool(links.arxiv_id)
    assert ("citation_doi" in tags) == bool(links.doi)
    # CSL-JSON
    item = csl_item("k", entry)
    assert item.get("URL") == (links.url or links.arxiv_url)
    assert item.get("DOI") == links.doi
    assert ("number" in item) == bool(links.arxiv_id)


def test_the_checks_warn_about_what_is_not_linked(tmp_path: Path):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@misc{a, author={Doe, Jane}, title={T}, year={2020}, url={ftp://x.org/a}, doi={nope}}\n"
        "@misc{b, author={Doe, Jane}, title={T}, year={2020}, url={https://x.org/a},"
        " doi={10.1000/x}}\n"
    )
    index = build_index([bib], PortfolioConfig())
    links = [f.message for f in index.findings if f.subtype is WarningType.LINK]
    assert len(links) == 2 and all("'a'" in message for message in links), links


@pytest.mark.parametrize(("booktitle", "year_shown"), [
    ("Neural Information Processing (ICONIP 2019)", False),
    ("Machine Learning Conference (MSML2019)", False),
    ("Neural Information Processing", True),
    ("Conference 2019 (Part II)", True),
])
def test_proceedings_whose_title_ends_with_the_year_do_not_repeat_it(booktitle, year_shown):
    entry = Entry("inproceedings", fields={"title": "T", "year": "2019", "booktitle": booktitle},
                  persons={"author": [Person("Doe, Jane")]})
    entry.key = "k"
    text = PortfolioStyle(portfolio_config=PortfolioConfig()).format_entry("1", entry).text
    plain = text.render_as("text")
    assert plain.count("2019") == 1 + ("2019" in booktitle and year_shown), plain
    assert plain.rstrip().endswith(f"{booktitle}, 2019." if year_shown else f"{booktitle}.")
