"""Sphinx configuration of Zhi-Qin John Xu's portfolio.

The owner edits Markdown pages and ../refs.bib; nothing here needs changing to add a
publication. See README.md.
"""

from __future__ import annotations

import os
import time

# -- Project -----------------------------------------------------------------
project = "Zhi-Qin John Xu"
author = "Zhi-Qin John Xu"
# reproducible builds: the year comes from SOURCE_DATE_EPOCH when it is set
_year = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))).tm_year
copyright = f"{_year}, Zhi-Qin John Xu"
version = release = "2026.1"
language = "en"

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "portfolio_ext",
]
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "screenshot.png"]
myst_heading_anchors = 3
# one description for search engines and link previews, on every page
myst_html_meta = {
    "description lang=en": (
        "Zhi-Qin John Xu, Tenure-track Associate Professor at Shanghai Jiao Tong "
        "University: deep learning theory (frequency principle, condensation), language "
        "models, AI for Science and computational neuroscience; publications, teaching, "
        "service and CV."
    ),
}

# -- Publications ------------------------------------------------------------
bibtex_bibfiles = ["../refs.bib"]
bibtex_default_style = "portfolio"
bibtex_reference_style = "portfolio"

portfolio_owner = ["Xu, Zhi-Qin John", "Xu, Zhiqin"]
portfolio_topics = {
    "language-models": "Language models",
    "frequency-principle": "Frequency principle",
    "condensation": "Condensation",
    "ai-for-science": "AI for Science",
    "computational-neuroscience": "Computational neuroscience",
}
portfolio_tags = ["representative"]
portfolio_publications_page = "publications/index"

# -- HTML (furo) ---------------------------------------------------------------
html_theme = "furo"
html_title = "Zhi-Qin John Xu"
html_short_title = "Zhi-Qin John Xu"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_css_files = ["site.css"]
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
}

# -- ePub ----------------------------------------------------------------------
epub_title = "Zhi-Qin John Xu: academic portfolio"
epub_author = author
epub_publisher = "Shanghai Jiao Tong University"
epub_copyright = copyright
# epubcheck wants the OPF identifier and the NCX uid to be the same stable string
epub_uid = epub_identifier = "zhi-qin-john-xu-portfolio"
epub_scheme = "unknown"
epub_show_urls = "no"
epub_exclude_files = ["search.html"]

# -- LaTeX / PDF ---------------------------------------------------------------
latex_engine = "xelatex"
latex_use_xindy = False
latex_documents = [
    ("index", "zhi-qin-john-xu.tex", "Zhi-Qin John Xu", "Shanghai Jiao Tong University", "howto"),
]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "preamble": r"""
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK SC}[BoldFont={Noto Serif CJK SC Bold}, AutoFakeSlant]
\setCJKsansfont{Noto Sans CJK SC}[BoldFont={Noto Sans CJK SC Bold}, AutoFakeSlant]
\setCJKmonofont{Noto Sans Mono CJK SC}[AutoFakeSlant]
\xeCJKsetup{CJKecglue={}}
""",
}
