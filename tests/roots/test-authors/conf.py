extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
portfolio_owner = ["Doe, Jane"]
portfolio_publications_page = "index"
portfolio_people = {
    "student": {"names": ["Roe, Richard"], "label": "student supervised", "symbol": "†"},
}
# the first three authors, then "and K more"
portfolio_max_authors = 3
# co-authors' homepages, matched like the owner's name
portfolio_homepages = {
    "Poe, Edgar": "https://poe.example.org/",
    "Author002, Alex": "https://author002.example.org/",
}
version = release = "1.0"
project = "Authors"
copyright = "2026, Jane Doe"
epub_uid = "test-authors"
latex_documents = [("index", "authors.tex", "Authors", "Jane Doe", "howto")]
