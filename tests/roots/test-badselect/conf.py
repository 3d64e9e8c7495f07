# Counts, a chart and a list whose selections cannot be read (test_features.py)
extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
portfolio_owner = ["Doe, Jane"]
portfolio_topics = {"theory": "Theory", "applications": "Applications"}
project = "Bad selections"
root_doc = "bad"
