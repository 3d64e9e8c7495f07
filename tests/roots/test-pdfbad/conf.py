extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio_ext"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
bibtex_reference_style = "portfolio"
portfolio_owner = ["Doe, Jane"]
portfolio_pdf_numbering = "backwards"
project = "Test"
copyright = "2026, Jane Doe"
version = release = "1.0"
epub_uid = "test-pdfbad"
latex_documents = [("index", "test.tex", "Test", "Jane Doe", "howto")]
