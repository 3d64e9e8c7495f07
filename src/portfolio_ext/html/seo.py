"""Search-engine metadata for the HTML site: a schema.org ``Person`` and a sitemap.

- ``portfolio_person``: a dict of schema.org ``Person`` properties. The root document
  (the home page) gets them as JSON-LD, the form search engines read for a person's
  name, job and affiliation.
- ``portfolio_sitemap``: when true, ``sitemap.xml`` lists every page's address under
  ``html_baseurl``: the documents, and the pages extensions generate (such as the
  publication pages), but not the search page or the general index.

Both are for a published web site only: the ePub and other offline HTML bundles
(``builder.embedded``) get neither, nor does any non-HTML builder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from ..core.metadata import person_json_ld
from ..sphinx_ext.config import get_config
from ..sphinx_ext.domain import get_domain
from ..sphinx_ext.sidefiles import is_str_list, read_json, write_json
from .papers import paper_pages

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SITEMAP = "sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: generated pages that are no content of their own
NOT_LISTED = {"search", "genindex"}
#: the generated pages of earlier builds, in the doctree folder: an incremental build
#: need not write a generated page again (the publication pages are written only when
#: they change), and the sitemap must still list it
GENERATED = "portfolio-generated-pages.json"


def _is_web_site(app: Sphinx) -> bool:
    return app.builder.format == "html" and not app.builder.embedded


def page_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: note the generated pages; the home page gets the Person."""
    if doctree is None and pagename not in NOT_LISTED and not pagename.endswith("modindex"):
        get_domain(app.env).generated_pages.add(pagename)
    person = get_config(app.env).person
    if person and pagename == app.config.root_doc and _is_web_site(app):
        context["metatags"] = context.get("metatags", "") + person_json_ld(person)


def generated_pages(app: Sphinx) -> set[str]:
    """The generated pages written by this build or by an earlier one and still there."""
    record = Path(app.doctreedir) / GENERATED
    # damaged or missing (sidefiles.py): the paper pages are known without it, so the
    # sitemap still lists the pages an incremental build did not write again
    earlier = set(read_json(record, is_str_list) or ()) | paper_pages(app)
    pages = get_domain(app.env).generated_pages | {
        name for name in earlier if Path(app.builder.get_outfilename(name)).is_file()
    }
    write_json(record, sorted(pages))
    return pages


def sitemap_urls(app: Sphinx) -> list[str]:
    """The absolute address of every page to list, in page-name order."""
    base = app.config.html_baseurl.rstrip("/") + "/"
    pages = set(app.env.found_docs) | generated_pages(app)
    return [base + app.builder.get_target_uri(name) for name in sorted(pages)]


def write_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """build-finished: ``sitemap.xml``, if asked for."""
    if exception is not None or not get_config(app.env).sitemap or not _is_web_site(app):
        return
    # documents from the environment, not from html-page-context: they may be written in
    # parallel processes, and an incremental build writes only some of them
    ElementTree.register_namespace("", SITEMAP_NS)
    urlset = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for url in sitemap_urls(app):
        ElementTree.SubElement(ElementTree.SubElement(urlset, f"{{{SITEMAP_NS}}}url"),
                               f"{{{SITEMAP_NS}}}loc").text = url
    ElementTree.indent(urlset)
    ElementTree.ElementTree(urlset).write(
        app.outdir / SITEMAP, encoding="utf-8", xml_declaration=True
    )
