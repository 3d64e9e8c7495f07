extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
bibtex_reference_style = "portfolio"
portfolio_owner = ["Doe-Smith, Mary-Jane"]
portfolio_topics = {"theory": "Theory"}
portfolio_publications_page = "pubs"
portfolio_pdf_numbering = "reverse"
project = "Test"
copyright = "2026, Mary-Jane Doe-Smith"
version = release = "1.0"
epub_uid = "test-pdf"
# the PDF takes the toctree's pages, as a CV's book page does
latex_documents = [("index", "test.tex", "Test", "Mary-Jane Doe-Smith", "howto", True)]
