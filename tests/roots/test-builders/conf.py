# Every builder, on a list, a chart, citations and a count (test_builders.py), and the
# directive's output as snapshots (test_snapshots.py)
extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
bibtex_reference_style = "portfolio"
portfolio_owner = ["Doe, Jane"]
portfolio_topics = {"theory": "Theory", "applications": "Applications"}
portfolio_publications_page = "index"
html_theme = "furo"
version = release = "1.0"
project = "Builders"
author = "Jane Doe"
copyright = "2026, Jane Doe"
epub_uid = "test-builders"
