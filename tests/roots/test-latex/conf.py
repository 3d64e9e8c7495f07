extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
portfolio_owner = ["Doe, Jane"]
portfolio_topics = {"theory": "Theory"}
project = "Test"
copyright = "2026, Jane Doe"
version = release = "1.0"
epub_uid = "test-latex"
html_baseurl = "https://example.org/jane/"
latex_documents = [("index", "test.tex", "Test", "Jane Doe", "howto")]
