extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
portfolio_owner = ["Doe, Jane"]
portfolio_publications_page = "index"
# al-folio keeps PDFs in assets/pdf and thumbnails in assets/img/publication_preview
portfolio_file_dirs = ["assets/pdf", "assets/img/publication_preview"]
portfolio_venues = {
    "Advances in Neural Information Processing Systems": "NeurIPS",
    "Physical Review Letters": "PRL",
    "Physical Review": "PR",
}
version = release = "1.0"
project = "al-folio fields"
copyright = "2026, Jane Doe"
epub_uid = "test-alfolio"
latex_documents = [("index", "alfolio.tex", "al-folio fields", "Jane Doe", "howto")]
