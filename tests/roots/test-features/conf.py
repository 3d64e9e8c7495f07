extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
portfolio_owner = ["Doe, Jane"]
portfolio_topics = {"theory": "Theory", "applications": "Applications"}
portfolio_tags = ["selected"]
portfolio_publications_page = "index"
version = release = "1.0"
project = "Features"
copyright = "2026, Jane Doe"
epub_uid = "test-features"
latex_documents = [("index", "features.tex", "Features", "Jane Doe", "howto")]
portfolio_people = {
    "student": {"names": ["Roe, Richard"], "label": "student supervised", "symbol": "†"},
}
