# A site that overrides the paper page (tests/test_templates.py)
extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
templates_path = ["_templates"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
portfolio_owner = ["Doe, Jane"]
portfolio_topics = {"theory": "Theory"}
portfolio_publications_page = "index"
version = release = "1.0"
project = "Templates"
copyright = "2026, Jane Doe"
epub_uid = "test-templates"
latex_documents = [("index", "templates.tex", "Templates", "Jane Doe", "howto")]
