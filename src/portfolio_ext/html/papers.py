"""A page per publication, and the whole list as clean BibTeX and CSL-JSON files.

HTML only (``html`` and ``dirhtml`` builders), like the source pages of
``sphinx.ext.viewcode``: the pages are made from ``refs.bib`` at write time through
``html-collect-pages``, so the owner writes no file per paper. Each page carries the
full citation with the owner and role markers, venue, year, type, links, its topics
with links back to their lists, a BibTeX block to copy, Google Scholar's Highwire
Press ``citation_*`` tags and schema.org ``ScholarlyArticle`` JSON-LD.
"""

from __future__ import annotations

import hashlib
import html
import os
import posixpath
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.utils import new_document
from markupsafe import Markup
from sphinx.util.osutil import relative_uri

from .._compat import (
    adopt_search_index,
    adopted_pages,
    copy_indexed_pages,
    index_generated_text,
    keep_search_index,
    site_assets,
)
from .._version import __version__
from ..core.badges import award_of
from ..core.bibindex import BibIndex
from ..core.export import clean_bibtex, csl_part, join_csl
from ..core.highlight import bibtex_spans
from ..core.metadata import (
    EntryFacts,
    entry_links,
    highwire_tags,
    json_ld_script,
    meta_tag,
    open_graph_tags,
    scholar_search_url,
    scholarly_article,
    venue_of,
)
from ..core.settings import PortfolioConfig
from ..sphinx_ext.badges import abstract_of, files_stamp, has_buttons, with_root
from ..sphinx_ext.bib import get_index
from ..sphinx_ext.config import get_config, settings_signature, tools_signature
from ..sphinx_ext.directive import (
    entry_text,
    legend_items,
    legend_node,
    link_title,
    listed_markup,
)
from ..sphinx_ext.domain import get_domain
from ..sphinx_ext.formatted import rendered_entry
from ..sphinx_ext.locale import N_, _
from ..sphinx_ext.nodes import NOT_HTML, skipped_in
from ..sphinx_ext.sidefiles import (
    added_path,
    is_str_dict,
    read_json,
    read_store,
    write_json,
    write_store,
)
from .filter import entry_id, listed_entries
from .templates import Shaped, filled, js_texts

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment

#: the builders that get paper pages and export files
BUILDERS = ("html", "dirhtml")
BIB_FILE = "publications.bib"
CSL_FILE = "publications.json"
#: each entry's parts of the two files, in the doctree folder (see _export_parts)
EXPORT_STORE = "portfolio-export.pickle"
#: the paper pages' stamps file's name for what all the stamps are made of (no bib key
#: has a space)
INPUTS = " inputs"
#: entry type -> what one such publication is called ("Type" on its page), in English:
#: translated where shown
TYPE_NAMES = {
    "article": N_("Journal article"),
    "inproceedings": N_("Conference paper"),
    "conference": N_("Conference paper"),
    "incollection": N_("Book chapter"),
    "inbook": N_("Book chapter"),
    "book": N_("Book"),
    "phdthesis": N_("PhD thesis"),
    "mastersthesis": N_("Master's thesis"),
    "techreport": N_("Report"),
    "misc": N_("Preprint"),
    "unpublished": N_("Preprint"),
}


def paper_docname(config: PortfolioConfig, key: str) -> str:
    """The page name of entry *key*'s page, e.g. ``papers/xu2020frequency``."""
    return posixpath.join(config.paper_pages_dir, entry_id(key))


def enabled(app: Sphinx) -> bool:
    return app.builder.name in BUILDERS and get_config(app.env).paper_pages


def paper_pages(app: Sphinx) -> set[str]:
    """The page names of every entry's page, if this builder writes them."""
    if not enabled(app):
        return set()
    return set(paper_names(app.env).values())


def paper_names(env: BuildEnvironment) -> dict[str, str]:
    """Entry key -> the name of its page (:func:`paper_docname`), in bib file order:
    kept in the domain, so that a rebuild makes the names (some 4 microseconds each)
    of the new entries only."""
    index, config, domain = get_index(env), get_config(env), get_domain(env)
    folder, names = domain.paper_names
    if folder != config.paper_pages_dir:
        names = {}
    found = {}
    for key in index.keys:
        if key in index.digests:
            page = names.get(key)
            found[key] = page if page is not None else paper_docname(config, key)
    if found != names:
        domain.paper_names = (config.paper_pages_dir, found)
    return found


# -- where topic groups are listed (for the links back) -----------------------------


def note_topic_sections(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: where this page groups each topic (domain.topic_sections)."""
    config = get_config(app.env)
    by_id = {nodes.make_id(f"topic-{topic}"): topic for topic in config.topics}
    found: dict[str, str] = {}
    for section in doctree.findall(nodes.section):
        if "portfolio-group-topic" in section["classes"] and section["ids"]:
            topic = by_id.get(section["ids"][0])
            if topic:
                found.setdefault(topic, section["ids"][0])
    if found:
        get_domain(app.env).topic_sections[app.env.docname] = found


# -- the pages ------------------------------------------------------------------


class _PageMaker:
    """Renders the pages of one build; holds what every page needs."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
        self.env = app.env
        self.index: BibIndex = get_index(app.env)
        self.config: PortfolioConfig = get_config(app.env)
        self.settings = get_default_settings()
        self._translator: Any = None  # see fragment()
        self._outfile: tuple[str, str, int] | None = None  # see outfile()
        self._outfile_checked: bool | None = None
        #: legend items -> its markup: pages whose legends read the same share it
        self._legends: dict[tuple[tuple[str, str, str], ...], Markup] = {}
        self._file_uris: dict[tuple[str, str], str] = {}  # see file_uri()
        self._uris: dict[tuple[str, str], str] = {}  # see uri()
        self._folders: set[Path] = set()  # the folders write_static made

    @cached_property
    def _paper_template(self) -> Shaped:
        return Shaped(self.builder, "paper.html", {})

    @cached_property
    def _page_template(self) -> Shaped:
        return Shaped(self.builder, "paper-page.html", self.chrome)

    def legend(self, key: str) -> Markup | str:
        """The markup of the legend of entry *key*'s page, '' if it has none."""
        items = legend_items(self.index, self.config, [key])
        if not items:
            return ""
        markup = self._legends.get(items)
        if markup is None:
            node = legend_node(items)
            assert node is not None
            markup = self._legends[items] = self.fragment(node)
        return markup

    def fragment(self, node: nodes.Element) -> Markup:
        """The HTML of *node*, as ``builder.render_partial`` writes it, from the
        builder's translator alone: render_partial runs a docutils publisher with its
        transforms for each node (some 0.3 ms), which a paragraph or a code block does
        not need. One translator writes them all (making one is some 0.2 ms): each
        node is walked on its own, in a document of its own, into an empty body."""
        document = new_document("<partial node>", self.builder.docsettings)
        document += node
        if self._translator is None:
            self._translator = self.builder.create_translator(document, self.builder)
        visitor = self._translator
        visitor.document, visitor.body = document, []
        node.walkabout(visitor)
        return Markup("".join(visitor.body))

    def citation_markup(self, key: str) -> tuple[Markup, bool]:
        """The markup of entry *key*'s citation, and whether it holds maths: from the
        markup the lists kept of the entry (directive.listed_markup: the entry's nodes
        are neither restored nor written again), or written from its nodes."""
        frame = self._citation_frame
        listed = self.listed(key) if frame is not None else None
        if listed is not None:  # lists keep no markup with maths (directive.py)
            return Markup(listed.join(frame)), False
        citation = self.citation(key)
        return self.fragment(citation), citation.next_node(nodes.math) is not None

    def listed(self, key: str) -> str | None:
        if self._translator is None:
            self.fragment(nodes.inline())  # makes the translator
        return listed_markup(self._translator, key, self.fragment)

    @cached_property
    def _citation_frame(self) -> tuple[str, str] | None:
        """What the citation's paragraph writes around the entry's markup (the same
        around any content: its parent is the document, so it is never compact)."""
        mark = "\ue001"
        written = str(self.fragment(nodes.paragraph(
            "", "", nodes.Text(mark), classes=["portfolio-paper-citation"])))
        if written.count(mark) != 1:
            return None
        before, after = written.split(mark)
        return before, after

    def highlight(self, bibtex: str) -> Markup:
        """The highlighted code block of an entry's clean BibTeX, as the builder writes
        it: the spans from core/highlight.py in the frame the builder puts around them,
        or, where those do not apply, the builder's own highlighting."""
        spans, frame = bibtex_spans(bibtex), self._bibtex_frame
        if spans is not None and frame is not None:
            return Markup(spans.join(frame))
        return self.fragment(nodes.literal_block(bibtex, bibtex, language="bibtex"))

    @cached_property
    def _bibtex_frame(self) -> tuple[str, str] | None:
        """What the builder writes before and after the spans of a BibTeX block, from
        one sample; None if its spans are not core/highlight.py's (another Pygments
        version, highlighter options), and Pygments then highlights every block."""
        sample = '@misc{sample,\n    title = {A "Quoted" {Title} & <More>, it\'s}\n}'
        spans = bibtex_spans(sample)
        written = str(self.fragment(nodes.literal_block(sample, sample, language="bibtex")))
        if spans is None or written.count(spans) != 1:
            return None
        before, after = written.split(spans)
        return before, after

    @cached_property
    def chrome(self) -> dict[str, Any]:
        """What every static paper page shows around its body (paper-page.html): all
        of them are in one folder, so their links to the rest of the site are alike."""
        builder, config = self.builder, self.app.config
        base = builder.get_target_uri(paper_docname(self.config, "page")).rsplit("#", 1)[0]

        def static(filename: str) -> str:
            return filename if "://" in filename else relative_uri(base, filename)

        context = builder.globalcontext
        stylesheets, scripts = site_assets(builder)  # not those of one page (MathJax)
        # in the order of their priority, as Sphinx orders each page's (stable sort)
        stylesheets = sorted(stylesheets, key=lambda a: getattr(a, "priority", 500))
        scripts = sorted(scripts, key=lambda a: getattr(a, "priority", 500))
        head = [_tag("link", {"rel": "stylesheet", "type": "text/css",
                              **getattr(css, "attributes", {}),
                              "href": static(str(getattr(css, "filename", css)))})
                for css in stylesheets]
        for script in scripts:
            attributes = dict(getattr(script, "attributes", {}))
            body = attributes.pop("body", "")
            filename = getattr(script, "filename", script)  # a str in old extensions
            if filename:
                attributes["src"] = static(str(filename))
            head.append(_tag("script", attributes) + f"{body}</script>")
        favicon = context.get("favicon_url") or ""
        return {
            "lang": config.language or "en",
            # texts, escaped by render() as Sphinx's layout escapes them ("Lab <R&D>")
            "site_title": str(context.get("docstitle") or ""),
            "home": relative_uri(base, builder.get_target_uri(config.root_doc)),
            "copyright": str(context.get("copyright") or ""),
            # as Sphinx's page context has it: a file in _static, or an address
            "favicon": (favicon if "://" in favicon else static(f"_static/{favicon}"))
                       if favicon else "",
            "head": Markup("\n".join(head)),
        }

    def write_static(self, page: str, context: dict[str, Any]) -> None:
        """Write paper page *page* on its own, from paper-page.html (see
        ``portfolio_paper_pages_themed``)."""
        base = self.app.config.html_baseurl
        markup = self._page_template({
            "title": Markup(context["title"]),
            "metatags": Markup(context["metatags"]),
            "body": Markup(with_root(context["body"], self.builder.get_target_uri(page))),
            "canonical": posixpath.join(base, self.builder.get_target_uri(page)) if base else "",
        })
        target = Path(self.outfile(page))
        if target.parent not in self._folders:  # one folder for all: made once
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        target.write_text(markup, encoding=self.app.config.html_output_encoding,
                          errors="xmlcharrefreplace")

    def outfile(self, page: str) -> str:
        """The output file of paper page *page*, as ``builder.get_outfilename`` names
        it: from one sample name, since every paper page's is its id in the same
        place (get_outfilename costs some 0.1 ms, and a build asks for every page)."""
        if self._outfile is None:
            sample = paper_docname(self.config, "portfolio-sample")
            name = str(self.builder.get_outfilename(sample))
            before, _, after = name.rpartition("portfolio-sample")
            self._outfile = (before, after, len(posixpath.dirname(sample)))
        before, after, start = self._outfile
        name = f"{before}{page[start:].lstrip('/')}{after}"
        if self._outfile_checked is None:  # the sample stands for them all, or not
            self._outfile_checked = name == str(self.builder.get_outfilename(page))
        return name if self._outfile_checked else str(self.builder.get_outfilename(page))

    def existing(self, pages: Iterable[str]) -> set[str]:
        """The paper pages of *pages* whose output file exists: from one listing of
        their folder where they share one (html), else a look at each file (dirhtml)."""
        files = {page: self.outfile(page) for page in pages}
        folders = {os.path.dirname(name) for name in files.values()}
        if len(folders) != 1:
            return {page for page, name in files.items() if os.path.isfile(name)}
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                found = {entry.name for entry in entries if entry.is_file()}
        except OSError:
            found = set()
        start = len(os.path.join(folder, ""))  # the file names after the folder's
        return {page for page, name in files.items() if name[start:] in found}

    def uri(self, from_page: str, to_page: str, anchor: str = "") -> str:
        """A link from paper page *from_page* to *to_page* (a list): the same from every
        page in one folder, as all paper pages are (html and dirhtml links differ in
        the folder's part, and from the page itself or a page under it in dirhtml's):
        made once per folder and page, some 8 microseconds each."""
        folder = posixpath.dirname(from_page)
        if to_page == from_page or to_page.startswith(f"{from_page}/"):
            uri = self.builder.get_relative_uri(from_page, to_page)
        elif (uri := self._uris.get((folder, to_page))) is None:
            uri = self._uris[(folder, to_page)] = self.builder.get_relative_uri(
                from_page, to_page)
        return f"{uri}#{anchor}" if anchor else uri

    def file_uri(self, from_page: str, filename: str) -> str:
        """A link from *from_page* to a file at the root of the output folder (the
        same from every page in one folder, as all paper pages are: made once)."""
        folder = posixpath.dirname(self.builder.get_target_uri(from_page)) or "."
        uri = self._file_uris.get((folder, filename))
        if uri is None:
            uri = self._file_uris[(folder, filename)] = posixpath.relpath(filename, folder)
        return uri

    def topic_links(self, page: str, key: str) -> list[tuple[str, str]]:
        """(heading, link to its list or "") for each topic of entry *key*."""
        where = self._topic_places
        return [(self.config.topics[topic],
                 self.uri(page, *where[topic]) if topic in where else "")
                for topic in self.index.info[key].topics]

    @cached_property
    def _topic_places(self) -> dict[str, tuple[str, str]]:
        """Topic -> (the first page, by name, that groups it, its section's id)."""
        sections = get_domain(self.env).topic_sections
        places: dict[str, tuple[str, str]] = {}
        for doc in sorted(sections):
            for topic, section in sections[doc].items():
                places.setdefault(topic, (doc, section))
        return places

    def citation(self, key: str) -> nodes.paragraph:
        citation = nodes.paragraph(classes=["portfolio-paper-citation"])
        citation.extend(rendered_entry(self.index, self.config, key))
        return citation

    def search_text(self, key: str) -> tuple[str, str]:
        """What the search indexes of a paper page (see :func:`note_search_text`)."""
        found = _search_text(self.index, get_domain(self.env).paper_search, key)
        return found[1], found[2]

    def search_doctree(self, key: str, title: str, facts: str) -> nodes.document:
        """A document of *title* and *facts* for the search indexer, where it is fed
        one (_compat.index_generated_text: the first page, or every page if indexing
        from the text does not index alike): one document for all, each page's section
        put in it in turn (the indexer reads it, and keeps nothing of it; making a
        document is some 40 microseconds)."""
        document = self._search_document
        section = nodes.section(ids=[nodes.make_id(key) or key])
        section += nodes.title(title, title)
        section += nodes.paragraph(facts, facts)
        document.children = []
        document += section
        return document

    @cached_property
    def _search_document(self) -> nodes.document:
        # one set of docutils settings for all: making them is a millisecond a page
        return new_document(paper_docname(self.config, "page"), self.settings)

    def page(self, key: str, page: str | None = None) -> tuple[str, dict[str, Any], str]:
        """Paper page *page* (named by paper_names; made from the key if None) of entry
        *key*: its name, context and template."""
        entry = self.index.data.entries[key]
        facts = EntryFacts(entry)  # one view of the entry for all that follows
        page = page or paper_docname(self.config, key)
        anchor = nodes.make_id(key) or key
        title = facts.text("title") or key
        citation, has_maths = self.citation_markup(key)
        venue = venue_of(facts)
        year = facts.text("year")
        listed = get_domain(self.env).locate(key, page, self.config.publications_page)
        bibtex = clean_entry_bibtex(self.index, key)
        links = [(_(label), url) for label, url in entry_links(facts)]
        search = (scholar_search_url(title) if self.config.search_links and not links
                  and not has_buttons(entry.fields) else "")
        award = award_of(entry.fields)
        # what templates/portfolio/paper.html shows (documented in docs/extension.md)
        body = self._paper_template({
            "key": key,
            "id": anchor,
            "title": title,
            "citation": citation,
            "legend": self.legend(key),
            "venue": venue,
            "year": year,
            "type_name": _(TYPE_NAMES.get(entry.type.lower(), entry.type)),
            "topics": self.topic_links(page, key),
            "links": links,
            "search_link": search,
            # a note that reads as an award is the award (core/badges.py)
            "note": "" if award[2] == "note" else facts.text("note"),
            # in full, where the badge in the citation gives its short name only
            "award": award[1] if award[1] != award[0] else "",
            "abstract": abstract_of(entry),
            "bibtex_id": f"bibtex-{anchor}",
            "bibtex": bibtex,
            "highlighted": self.highlight(bibtex),
            "copy_texts": js_texts("copied", "selected"),
            "bib_file": self.file_uri(page, BIB_FILE),
            "csl_file": self.file_uri(page, CSL_FILE),
            "listed": self.uri(page, *listed) if listed else "",
        })
        names = facts.names
        description = f"{title}. {', '.join(names)}. {venue}{', ' if venue else ''}{year}."
        base = self.app.config.html_baseurl
        url = f"{base.rstrip('/')}/{self.builder.get_target_uri(page)}" if base else ""
        topics = [self.config.topics[t] for t in self.index.info[key].topics]
        metatags = "\n".join([
            meta_tag("description", description),
            *open_graph_tags(self.app.config, title, description, url),
            *highwire_tags(facts),
            # "</" cannot end the script early: JSON allows "<\/"
            json_ld_script(scholarly_article(facts, topics, url)),
        ])
        context = {
            "title": html.escape(title),
            "body": body,
            "metatags": metatags,
            "parents": [],
            "display_toc": False,
            "toc": "",
            "has_maths_elements": has_maths,  # MathJax
        }
        return page, context, "page.html"


def _tag(name: str, attributes: dict[str, Any]) -> str:
    """An opening tag, its attributes sorted, as Sphinx writes them (without None)."""
    text = " ".join(f'{key}="{html.escape(str(value), quote=True)}"'
                    for key, value in sorted(attributes.items()) if value is not None)
    return f"<{name} {text}>" if text else f"<{name}>"


def themed(app: Sphinx, has_maths: bool) -> bool:
    """Whether a paper page is the theme's full page: when the setting asks for it,
    and for a page with maths, whose MathJax Sphinx adds to the theme's page only."""
    return get_config(app.env).paper_pages_themed or has_maths


# -- written only when something they show changed ------------------------------

def _site_stamp(app: Sphinx) -> str:
    """What every generated page shows besides its entry: the theme, the navigation
    (page names and titles), where the topics are listed, the settings and the
    versions of the tools."""
    env, builder = app.env, app.builder
    config = get_config(env)
    titles = sorted((doc, env.titles[doc].astext()) for doc in env.titles)
    # every html-category setting (copyright, css files, ogp_*, ...) and tag, as the
    # HTML builder itself compares them, and the newest template
    info = getattr(builder, "build_info", None)
    templates = getattr(builder, "templates", None)
    parts = (
        builder.name, getattr(info, "config_hash", ""), getattr(info, "tags_hash", ""),
        templates.newest_template_mtime() if templates is not None else 0,
        settings_signature(config), tools_signature(),
        app.config.html_theme, repr(app.config.html_theme_options), app.config.html_title,
        app.config.html_baseurl, config.paper_pages_dir, repr(titles),
        sorted(get_domain(env).topic_sections.items()),  # the topics' links
        app.config.language,  # the pages' labels
        # the stylesheets and scripts that static pages link to (paper-page.html)
        [[str(f) for f in files] for files in site_assets(builder)],
        getattr(app.config, "ogp_image", None), getattr(app.config, "ogp_site_url", None),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _entry_stamp(maker: _PageMaker, site: str, key: str, page: str) -> str:
    """What page *page* of entry *key* shows: the site (with where each topic is
    listed), the entry (its digest: its type, fields and people, and so its topics)
    and where it is listed, and the files of the site it names (``badges.py``)."""
    parts = (
        site, maker.index.digests[key],
        get_domain(maker.env).locate(key, page, maker.config.publications_page),
        files_stamp(maker.index.named_files.get(key, ())),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def share_navigation(app: Sphinx, pagename: str, templatename: str,
                     context: dict[str, Any], doctree: nodes.document | None) -> None:
    """html-page-context: paper pages are siblings outside every toctree, so the theme's
    navigation is the same HTML on each: make it once per build, not once per page
    (furo resolves the whole toctree for each page it writes, ~5 ms)."""
    make = context.get("toctree")
    config = get_config(app.env)
    if (doctree is not None or make is None or not enabled(app) or not config.cache
            or posixpath.dirname(pagename) != config.paper_pages_dir):
        return
    shared = get_domain(app.env).paper_navigation  # emptied by collect_pages

    def toctree(**kwargs: Any) -> str:
        key = repr(sorted(kwargs.items()))
        if key not in shared:
            shared[key] = make(**kwargs)
        return shared[key]

    context["toctree"] = toctree


def _search_text(index: BibIndex, kept: dict[str, tuple[str, str, str]],
                 key: str, *, with_parts: bool = False) -> tuple[str, str, str]:
    """(digest, title, authors-venue-year) of entry *key*, from *kept* if it is current.
    Made afresh *with_parts*, the entry's export parts are made too (_made_parts), from
    the same reading of the entry (some 40 microseconds each)."""
    digest = index.digests[key]
    found = kept.get(key)
    if found is None or found[0] != digest:
        entry = index.data.entries[key]
        facts = EntryFacts(entry)
        title = facts.text("title") or key
        text = ", ".join([*facts.names, venue_of(facts), facts.text("year")])
        found = kept[key] = (digest, title, text)
        made = _made_parts(index)
        if with_parts and made.get(key, ("", None))[1] is None:
            made[key] = (clean_bibtex([(key, entry)]), csl_part(key, entry))
    return found


def note_search_text(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: the search text of every paper page (title, authors, venue, year,
    read from the fields), kept in the domain under each entry's digest. Here, before
    Sphinx saves the environment: a rebuild decodes only the entries that changed
    (every build indexes every paper page, since Sphinx starts its index afresh)."""
    if not enabled(app):
        return
    index, kept = get_index(env), get_domain(env).paper_search
    for key in index.keys:
        if key in index.digests:
            # an entry whose search text is made afresh is new or changed: its page,
            # its export parts and its BibTeX in the lists are made afresh too
            _search_text(index, kept, key, with_parts=True)
    for key in set(kept) - set(index.digests):
        del kept[key]
    paper_names(env)  # kept with the environment too


def start_search_index(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated, after incremental.restart_search_index: Sphinx's index starts
    from the ``searchindex.js`` that read, with the words of the paper pages, instead of
    reading the file again (see collect_pages)."""
    adopt_search_index(app.builder, get_domain(env).search_before, paper_pages(app))
    return []


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """html-collect-pages: yield the pages whose content changed (or that are missing
    from the output); all of them with ``portfolio_cache = False``."""
    if not enabled(app):
        return
    get_domain(app.env).paper_navigation.clear()
    maker = _PageMaker(app)
    out = Path(app.builder.outdir)
    # one file per builder: html and dirhtml share the doctree folder under -M
    stamp_file = Path(app.doctreedir) / f"portfolio-papers-{app.builder.name}.json"
    # no stamps to trust: caching off, a damaged file (sidefiles.py), or an earlier
    # build stopped before it finished (incremental.py), whose pages may be half written
    trusted = maker.config.cache and not get_domain(app.env).interrupted
    old = (read_json(stamp_file, is_str_dict) if trusted else None) or {}
    site = _site_stamp(app)
    pages = paper_names(app.env)
    # what every page's stamp is made of, at once: the same as the last build's, and
    # no entry moved to another list (bib.rewrite_citing_pages), the stamps are too
    inputs = hashlib.sha256(repr((site, maker.index.signature, [
        (key, files_stamp(files)) for key, files in maker.index.named_files.items()])).encode()
    ).hexdigest()
    kept = old.get(INPUTS) == inputs and not get_domain(app.env).listings_moved and all(
        key in old for key in pages)
    if kept:
        stamps = {key: old[key] for key in pages}
    else:
        stamps = {key: _entry_stamp(maker, site, key, page) for key, page in pages.items()}
    # every build: a page whose stamp holds keeps its words from the last build's
    # index (incremental.py read it); the others are indexed from their text. Sphinx's
    # index started from that file, the paper pages' words kept (start_search_index),
    # unless it could not: the words are then copied from the file's.
    search_before, get_domain(app.env).search_before = get_domain(app.env).search_before, None
    same = {page for key, page in pages.items() if old.get(key) == stamps[key]}
    adopted = adopted_pages(app.builder, search_before, same)
    if (len(same) == len(pages) and get_domain(app.env).documents_written == 0
            and keep_search_index(app.builder, search_before, same)):
        copied = same  # nothing to index afresh: the index on disk stays (a no-op build)
    elif adopted is not None:
        copied = adopted
    else:
        copied = copy_indexed_pages(search_before, app.builder, same)
    del search_before
    written = maker.existing(pages.values())
    for key, page in pages.items():
        if page not in copied:
            title, facts = maker.search_text(key)
            index_generated_text(app.builder, page, title, facts,
                                 partial(maker.search_doctree, key, title, facts))
        if old.get(key) != stamps[key] or page not in written:
            page, context, template = maker.page(key, page)
            if themed(app, context["has_maths_elements"]):
                yield page, context, template
            else:
                maker.write_static(page, context)
    # in bib file order: moving an entry changes the order of the export files
    whole = old[""] if kept and "" in old else hashlib.sha256(  # kept: in the same order
        repr(list(stamps.items())).encode()).hexdigest()
    files = (out / BIB_FILE, out / CSL_FILE)
    if old.get("") != whole or not all(f.is_file() for f in files):
        parts = _export_parts(app, maker.index, cache=maker.config.cache)
        files[0].write_text("\n".join(bib for bib, _ in parts), encoding="utf-8")
        files[1].write_text(join_csl([csl for _, csl in parts]), encoding="utf-8")
    if not maker.config.cache:
        # no stamps to trust in the next build, which may cache again
        stamp_file.unlink(missing_ok=True)
        return
    stamps[""], stamps[INPUTS] = whole, inputs
    if stamps != old:  # a no-op build leaves the file as it is
        write_json(stamp_file, stamps)


def _export_parts(app: Sphinx, index: BibIndex, *, cache: bool) -> list[tuple[str, str]]:
    """(clean BibTeX, CSL-JSON item) of every entry in bib file order: those of the
    entries that did not change from the last build's (``portfolio-export.pickle``, by
    entry digest, under the extension's and tools' versions), the others made now.
    An edit of one entry then re-encodes one entry, not thousands (some 1 ms each), and
    adds its part to the store's additions (sidefiles.write_store)."""
    store = Path(app.doctreedir) / EXPORT_STORE
    saved, on_disk = _read_exports(app) if cache else ({}, None)
    parts: dict[str, tuple[str, str]] = {}
    for key in index.keys:
        digest = index.digests.get(key, key)
        part = saved.get(digest)
        if part is None:
            made = _made_parts(index).get(key)
            if made is not None and made[1] is not None:
                part = (made[0], made[1])
            else:
                entry = index.data.entries[key]
                # the lists' BibTeX of the entry, if they made it (clean_entry_bibtex)
                part = (made[0] if made else clean_bibtex([(key, entry)]), csl_part(key, entry))
        parts[digest] = part
    if not cache:
        store.unlink(missing_ok=True)
        added_path(store).unlink(missing_ok=True)
    elif parts.keys() != saved.keys():  # a part made now, or one of an entry gone
        write_store(store, _export_signature(), {"parts": parts}, on_disk)
    return [parts[index.digests.get(key, key)] for key in index.keys]


def _export_signature() -> str:
    return f"{__version__}|{tools_signature()}"


def _saved_exports(app: Sphinx) -> dict[str, tuple[str, str]]:
    """The export parts the last builds kept (see _export_parts), by entry digest."""
    return _read_exports(app)[0]


def _read_exports(app: Sphinx) -> tuple[dict[str, tuple[str, str]], dict[str, set] | None]:
    """The export parts kept, and the digests the store holds (read_store); a store
    missing, damaged or foreign gives none (they are made afresh)."""
    found, on_disk = read_store(Path(app.doctreedir) / EXPORT_STORE, _export_signature(),
                                ("parts",))
    return found["parts"], on_disk


# -- the lists link to the pages and offer each entry's BibTeX ---------------------


class bibtex_toggle(nodes.General, nodes.Element):
    """A "BibTeX" disclosure after a listed entry: ``<details>`` in HTML."""


#: bibliography signature -> key -> the entry's clean BibTeX and, if made, its CSL-JSON
#: part, as its export part has them (see _made_parts)
_MADE: dict[str, dict[str, tuple[str, str | None]]] = {}


def _made_parts(index: BibIndex) -> dict[str, tuple[str, str | None]]:
    """Key -> (clean BibTeX, CSL-JSON part or None) of the entries whose parts this
    process made or took from an earlier build's, for the bibliography *index*: each
    entry is read once for its search text and both parts (note_search_text), and the
    lists, the pages and the export files take them."""
    made = _MADE.get(index.signature)
    if made is None:
        _MADE.clear()
        made = _MADE[index.signature] = {}
    return made


def clean_entry_bibtex(index: BibIndex, key: str,
                       saved: dict[str, tuple[str, str]] | None = None) -> str:
    """The clean BibTeX of one entry, made once per bibliography and process (and
    then also the export part's, _export_parts), or taken from the export parts
    *saved* by an earlier build (_saved_exports)."""
    made = _made_parts(index)
    if key not in made:
        part = saved.get(index.digests.get(key, "")) if saved else None
        made[key] = part if part else (clean_bibtex([(key, index.data.entries[key])]), None)
    return made[key][0].strip()


def link_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, HTML: each listed title links to its paper page; each entry
    gets its BibTeX."""
    if not enabled(app):
        return
    index, config = get_index(app.env), get_config(app.env)
    saved = None  # read once the first entry that this process has not made is listed
    names, uri_of = paper_names(app.env), _sibling_uris(app.builder, docname)
    for item, key in listed_entries(doctree, index):
        if saved is None and config.cache and key not in _made_parts(index):
            saved = _saved_exports(app)
        uri = uri_of(names.get(key) or paper_docname(config, key))
        text = target = None
        for node in item.findall(_text_or_target):  # the first of each, in one walk
            if isinstance(node, entry_text):
                text = text or node
            else:
                target = target or node
            if text is not None and target is not None:
                break
        if text is not None:
            text["paper-uri"] = uri  # linked by its visitor
        else:
            link_title(item.children, uri)
        assert target is not None  # every listed entry has its anchor (directive.py)
        item += bibtex_toggle(key=key, anchor=target["ids"][0],
                              bibtex=clean_entry_bibtex(index, key, saved))


def _text_or_target(node: nodes.Node) -> bool:
    return isinstance(node, (entry_text, nodes.target))


def _sibling_uris(builder: Any, docname: str) -> Callable[[str], str]:
    """``builder.get_relative_uri(docname, page)`` for paper pages *page*: from one
    sample page's, as every paper page is named by its id in the same folder (some 8
    microseconds a link otherwise, and a list links every entry). The first link is
    checked against the builder's own; if they differ, the builder makes every link."""
    sample = paper_docname(get_config(builder.env), "portfolio-sample")
    folder = len(posixpath.dirname(sample))
    before, found, after = builder.get_relative_uri(docname, sample).rpartition(
        "portfolio-sample")
    trusted: bool | None = None if found else False

    def uri(page: str) -> str:
        nonlocal trusted
        if trusted is False:
            return builder.get_relative_uri(docname, page)
        name = f"{before}{page[folder:].lstrip('/')}{after}"
        if trusted is None:
            trusted = name == builder.get_relative_uri(docname, page)
            return uri(page)
        return name

    return uri


def _visit_toggle_html(self: Any, node: bibtex_toggle) -> None:
    values = {"key": node["key"], "bibtex_id": f"bibtex-{node['anchor']}",
              "bibtex": node["bibtex"]}
    template = filled(self.builder, "bibtex-toggle.html", {
        "highlighted": "", "copy_texts": js_texts("copied", "selected")}, values)
    self.body.append(template(values))
    raise nodes.SkipNode


#: how each builder writes a bibtex_toggle (``app.add_node`` arguments)
TOGGLE_VISITORS = {"html": (_visit_toggle_html, None), **skipped_in(*NOT_HTML)}
