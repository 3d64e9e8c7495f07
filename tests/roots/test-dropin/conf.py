# A site that used sphinxcontrib-bibtex before and only adds portfolio_ext: no
# portfolio_* settings, its own bibliography with a key prefix, an entry without a year.
extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
