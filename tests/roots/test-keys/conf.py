extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
portfolio_owner = ["Doe, Jane"]
portfolio_topics = {"machine learning": "Machine learning", "other": "Other things"}
version = release = "1.0"
project = "Keys"
copyright = "2026, Jane Doe"
