extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
portfolio_owner = ["Doe, Jane"]
portfolio_publications_page = "index"
# the lists' style: portfolio (the default), authoryear, numbered or apa
portfolio_style = "apa"
version = release = "1.0"
project = "Styles"
copyright = "2026, Jane Doe"
epub_uid = "test-styles"
latex_documents = [("index", "styles.tex", "Styles", "Jane Doe", "howto")]
