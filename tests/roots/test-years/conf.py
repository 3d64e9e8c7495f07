extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
bibtex_reference_style = "portfolio"
portfolio_owner = ["Doe, Jane"]
version = release = "1.0"
project = "Years"
copyright = "2026, Jane Doe"
