extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
portfolio_owner = ["Doe, Jane"]
portfolio_topics = {"theory": "Theory"}
project = "Test"
copyright = "2026, Jane Doe"
version = release = "1.0"
epub_uid = "test-seo"
html_baseurl = "https://example.org/jane/"
portfolio_sitemap = True
portfolio_person = {
    "name": "Jane Doe",
    "alternateName": "杜简",
    "jobTitle": "Professor </script> of Alpha",
    "affiliation": {"@type": "CollegeOrUniversity", "name": "Example University"},
    "knowsAbout": ["Theory"],
}


def _extra_page(app):
    # a page an extension generates (like the publication pages): listed in the sitemap
    yield "generated/extra", {"title": "Extra", "body": "<p>Generated.</p>"}, "page.html"


def setup(app):
    app.connect("html-collect-pages", _extra_page)
