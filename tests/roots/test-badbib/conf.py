extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib", "more.bib"]
bibtex_default_style = "portfolio"
bibtex_reference_style = "portfolio"
portfolio_owner = ["Xu, Zhi-Qin John"]
portfolio_topics = {"theory": "Theory", "unused": "Unused topic"}
version = release = "1.0"
project = "Bad input"
