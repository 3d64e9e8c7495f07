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
    "sphinxext.opengraph",
]
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "screenshot.png"]
myst_heading_anchors = 3
# attrs_inline: [许志钦]{.language-zh-Hans} becomes <span lang="zh-Hans"> (docutils turns a
# "language-" class into the lang attribute), so browsers pick a Chinese font for it;
# substitution: {{ pdf_cv }}, the link to the PDF edition (below)
myst_enable_extensions = ["attrs_inline", "substitution"]
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
# accessibility fixes on furo's layout and search page (see the comments in them)
templates_path = ["_templates"]

# Where the site is published: canonical links, Open Graph URLs and sitemap.xml use it.
# Read the Docs sets READTHEDOCS_CANONICAL_URL; elsewhere the fallback is the address a
# Read the Docs project named zhi-qin-john-xu gets. Set the variable to publish elsewhere.
html_baseurl = os.environ.get(
    "READTHEDOCS_CANONICAL_URL", "https://zhi-qin-john-xu.readthedocs.io/en/latest/"
)
portfolio_sitemap = True


def _pdf_url(base: str) -> str:
    """The PDF that Read the Docs builds for the site at *base*.

    Read the Docs serves a version's downloads at /_/downloads/<language>/<version>/pdf/
    of the same host, for a site at https://<host>/<language>/<version>/.
    """
    scheme, _, rest = base.partition("://")
    host, _, path = rest.partition("/")
    parts = [part for part in path.split("/") if part]
    if scheme not in ("http", "https") or len(parts) != 2:
        return ""
    return f"{scheme}://{host}/_/downloads/{parts[0]}/{parts[1]}/pdf/"


# the link to the PDF CV, on the home page and the CV page (none off Read the Docs'
# address scheme)
pdf_url = _pdf_url(html_baseurl)
myst_substitutions = {
    "pdf_cv": f"or [download it as PDF]({pdf_url})" if pdf_url else "",
    "pdf_download": f"[Download this CV as PDF]({pdf_url})." if pdf_url else "",
}
# link previews (sphinxext-opengraph); the image is the home page's top, as a browser shows it
ogp_site_url = html_baseurl
ogp_image = "_static/og-image.png"
ogp_image_alt = "The home page of Zhi-Qin John Xu's academic portfolio"
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary_large_image">']
# schema.org Person on the home page (JSON-LD for search engines), from the CV
portfolio_person = {
    "name": "Zhi-Qin John Xu",
    "alternateName": "许志钦",
    "jobTitle": "Tenure-track Associate Professor",
    "affiliation": {"@type": "CollegeOrUniversity", "name": "Shanghai Jiao Tong University"},
    "alumniOf": {"@type": "CollegeOrUniversity", "name": "Shanghai Jiao Tong University"},
    "email": "mailto:xuzhiqin@sjtu.edu.cn",
    "url": "https://ins.sjtu.edu.cn/people/xuzhiqin",
    "knowsAbout": ["Deep learning theory", "AI for Science", "Computational neuroscience"],
}

# -- ePub ----------------------------------------------------------------------
epub_title = "Zhi-Qin John Xu: academic portfolio"
epub_author = author
epub_publisher = "Shanghai Jiao Tong University"
epub_copyright = copyright
# epubcheck wants the OPF identifier and the NCX uid to be the same stable string
epub_uid = epub_identifier = "zhi-qin-john-xu-portfolio"
epub_scheme = "unknown"
# the ePub's metadata, from the CV
epub_description = (
    "Academic portfolio of Zhi-Qin John Xu, Tenure-track Associate Professor, Artificial "
    "Neural Science, Shanghai Jiao Tong University: CV, research (deep learning theory, AI "
    "for Science, computational neuroscience), publications, teaching and service."
)
epub_contributor = author
# the navigation and reading order come from the home page's epub toctree (index.md):
# CV, Research, Publications, Teaching, Service; that toctree is hidden on the page
epub_tocscope = "includehidden"
epub_show_urls = "no"
# a cover page made from _static/cover.svg (nox -s cover renders it to PNG)
epub_cover = ("_static/cover.png", "epub-cover.html")
# book.md orders the PDF only; the SVGs are the sources of cover.png and the favicon
# (og-image.png is the link-preview picture of the website)
# the extension's page is the website's colophon, the lists by topic and by year are the
# website's other views of the publications: neither is part of the book
epub_exclude_files = [
    "search.html", "book.xhtml", "extension.xhtml", "publications/by-topic.xhtml",
    "publications/by-year.xhtml", "_static/cover.svg", "_static/favicon.svg",
    "_static/og-image.png",
]
epub_use_index = False

# -- LaTeX / PDF ---------------------------------------------------------------
# The PDF is the owner's curriculum vitae: a title block (name, position, contact), then
# the chapters that book.md lists (CV, research, publications by category, teaching,
# service) as unnumbered sections, with no table of contents (the PDF's bookmarks are
# its outline). The research chapter is the themes' prose: its citations give the
# numbers of the publications chapter, where each paper is listed once, numbered.
latex_engine = "xelatex"
latex_use_xindy = False
latex_documents = [
    # toctree_only: the PDF takes book.md's chapters, not the page's own text
    ("book", "zhi-qin-john-xu.tex", "Zhi-Qin John Xu: Curriculum vitae", author,
     "howto", True),
]
latex_show_urls = "no"
# the publications chapter numbers each category's papers, newest first (extension.md)
portfolio_pdf_numbering = "reverse"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "releasename": "",
    "sphinxsetup": "hmargin={2.2cm,2.2cm}, vmargin={2.4cm,2.4cm}",
    # room for the running header's small text (fancyhdr asks for 13.6pt)
    "geometry": r"\usepackage[headheight=14pt]{geometry}",
    "preamble": r"""
\usepackage{xeCJK}
% The family names select the Simplified Chinese faces of the Noto CJK collections
% (their glyph shapes differ from the Japanese face's, e.g. in 直 and 骨). pdffonts names
% every face NotoSerifCJKjp: the faces of a Noto CJK collection share one CFF table,
% named after the Japanese one, and differ in the character map (tests/test_pdf.py
% checks that the PDF prints the Simplified Chinese face's glyphs).
\setCJKmainfont{Noto Serif CJK SC}[BoldFont={Noto Serif CJK SC Bold}, AutoFakeSlant]
\setCJKsansfont{Noto Sans CJK SC}[BoldFont={Noto Sans CJK SC Bold}, AutoFakeSlant]
\setCJKmonofont{Noto Sans Mono CJK SC}[AutoFakeSlant]
\xeCJKsetup{CJKecglue={}}
% curly quotes, apostrophes and dashes in English text keep the Latin font and width
\xeCJKDeclareCharClass{Default}{"2013, "2014, "2018, "2019, "201C, "201D}
% a CV, not a manual: unnumbered sections, in the bookmarks
\setcounter{secnumdepth}{0}
\setcounter{tocdepth}{2}
% long DOIs and URLs in the publication lists break instead of running into the margin
\emergencystretch=3em
\Urlmuskip=0mu plus 1mu
% the document's metadata (pdfinfo: Title, Author, Subject, Keywords)
\hypersetup{
  pdftitle={Zhi-Qin John Xu: Curriculum vitae},
  pdfauthor={Zhi-Qin John Xu},
  pdfsubject={Curriculum vitae of Zhi-Qin John Xu, Tenure-track Associate Professor,
    Artificial Neural Science, Shanghai Jiao Tong University},
  pdfkeywords={Deep learning theory, AI for Science, Computational neuroscience,
    Frequency principle, Condensation, Language models},
}
% running header (the owner, "Curriculum vitae") and footer (page n of N); the first
% page, under the title block, has the footer only
\usepackage{lastpage}
\makeatletter
\newcommand{\cvpagefooter}{{\py@HeaderFamily\small Page \thepage\ of
  \pageref*{LastPage}}}
\fancypagestyle{normal}{%
  \fancyhf{}%
  \fancyhead[L]{{\py@HeaderFamily\small \mbox{Zhi-Qin} John Xu}}%
  \fancyhead[R]{{\py@HeaderFamily\small Curriculum vitae}}%
  \fancyfoot[C]{\cvpagefooter}%
  \renewcommand{\headrulewidth}{0.4pt}%
  \renewcommand{\footrulewidth}{0pt}}
\fancypagestyle{plain}{%
  \fancyhf{}%
  \fancyfoot[C]{\cvpagefooter}%
  \renewcommand{\headrulewidth}{0pt}%
  \renewcommand{\footrulewidth}{0pt}}
\makeatother
""",
    # the bookmarks are the outline: a CV has no table of contents
    "tableofcontents": "",
    "maketitle": r"""
\thispagestyle{plain}
\begin{center}
{\sffamily\bfseries\fontsize{24}{30}\selectfont \mbox{Zhi-Qin} John Xu\par}
\vspace{0.8ex}
{\large Curriculum vitae\par}
\vspace{1.2ex}
Tenure-track Associate Professor, Artificial Neural Science, Shanghai Jiao Tong
University\par
\vspace{0.4ex}
{\href{mailto:xuzhiqin@sjtu.edu.cn}{xuzhiqin@sjtu.edu.cn}\quad
 \url{https://ins.sjtu.edu.cn/people/xuzhiqin}\par}
\end{center}
\vspace{1ex}
""",
}
