# The extension's labels in Simplified Chinese (tests/test_locale.py)
extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
language = "zh_CN"
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
portfolio_owner = ["Doe, Jane"]
portfolio_topics = {"theory": "Theory"}
portfolio_publications_page = "index"
# a site's own label stays as written
portfolio_role_labels = {"equal": "co-first author"}
portfolio_people = {"student": {"names": ["Roe, Richard"], "label": "student supervised"}}
version = release = "1.0"
project = "L10n"
copyright = "2026, Jane Doe"
epub_uid = "test-l10n"
latex_documents = [("index", "l10n.tex", "L10n", "Jane Doe", "howto")]
