"""The ``publications`` directive: entries from the bib files, grouped into sections."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .._compat import app_of, writes_markup
from ..core.bibindex import BibIndex
from ..core.grouping import GROUPINGS, Group, by_topic, by_type, by_year, single
from ..core.latex_markup import math_text
from ..core.names import mark_of
from ..core.settings import PeopleGroup, PortfolioConfig
from ..style.nodes import role_symbol
from .authors import entry_nodes, parse_limit
from .badges import abstract_toggle, has_site_files, note_entry_files
from .bib import get_index
from .config import get_config
from .domain import get_domain
from .formatted import cached_markup, entry_words, keep_markup
from .listing import select
from .locale import _, __
from .warnings_ import WarningType, warn

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

class PublicationsDirective(SphinxDirective):
    """List publications from the bib files, grouped into sections.

    Options: ``:group-by:`` (topic, year, type, none), ``:topics:`` (comma-separated
    topic keys), ``:filter:`` (a sphinxcontrib-bibtex filter expression),
    ``:no-legend:`` (leave out the legend of role markers), ``:max-authors:`` (the
    authors shown before "and K more"; 0: all), ``:number-prefix:`` (the text before
    the entries' numbers in the PDF, with ``portfolio_pdf_numbering``).
    """

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        "group-by": directives.unchanged,
        "topics": directives.unchanged,
        "filter": directives.unchanged,
        "select": directives.unchanged,
        "role": directives.unchanged,
        "no-legend": directives.flag,
        "max-authors": directives.unchanged,
        "number-prefix": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        config = get_config(self.env)
        index = get_index(self.env)
        # instead of a dependency on the bib files: a change to them re-reads this page
        # only when an entry it shows, or would now show, changed (bib.py)
        get_domain(self.env).note_list(self.env.docname, self.options)

        group_by = self.options.get("group-by", "topic").strip().lower()
        if group_by not in GROUPINGS:
            self._warn(__("unknown :group-by: value %r; use one of %s (showing the list "
                          "grouped by topic)") % (group_by, ", ".join(GROUPINGS)))
            group_by = "topic"
        keys, topics = select(index, config, self.options, self.env.docname, report=self._warn)

        if group_by == "topic":
            groups = by_topic(index, config, keys, topics, other="topics" not in self.options)
        else:
            groups = {"year": by_year, "type": by_type, "none": single}[group_by](
                index, config, keys
            )
        if not any(group.keys for group in groups):
            self._warn(__("this publications list selects no entry; check its :filter: and "
                          ":topics: options against the keywords in the bib file"))
            return []

        self._limit = None
        if "max-authors" in self.options:
            self._limit = parse_limit(self.options["max-authors"])
            if self._limit is None:
                self._warn(__("invalid :max-authors: value %r; give the number of authors "
                              "to show before 'and K more', or 0 for all (using "
                              "portfolio_max_authors)") % self.options["max-authors"])
        shown = {key for group in groups for key in group.keys}
        result: list[nodes.Node] = []
        legend = self._legend(index, config, shown)
        if legend is not None and "no-legend" not in self.options:
            result.append(legend)
        # the PDF numbers the entries of one directive as one list (sphinx_ext/latex.py)
        numbering = {"portfolio-list": f"{self.env.docname}:{self.lineno}"}
        if self.options.get("number-prefix", "").strip():
            numbering["portfolio-number-prefix"] = self.options["number-prefix"].strip()
        for group in groups:
            if not group.keys:
                continue
            items = self._list(index, config, group.keys)
            items.attributes.update(numbering)
            if group_by == "none":
                result.append(items)
            else:
                result.append(self._section(group, items, group_by))
        return result

    # options

    def _warn(self, message: str) -> None:
        warn(message, WarningType.DIRECTIVE, self.get_location())

    # grouping

    # nodes

    def _legend(
        self, index: BibIndex, config: PortfolioConfig, keys: Iterable[str]
    ) -> nodes.paragraph | None:
        return entry_legend(index, config, keys)

    def _list(self, index: BibIndex, config: PortfolioConfig, keys: list[str]) -> nodes.Element:
        document = self.state.document
        domain = get_domain(self.env)
        if config.style == "numbered":  # [1], [2], ... in each list
            items = nodes.enumerated_list(enumtype="arabic", prefix="[", suffix="]",
                                          classes=["portfolio-publications"])
        else:
            items = nodes.bullet_list(classes=["portfolio-publications"])
        for key in keys:
            anchor = _unique_id(document, f"pub-{nodes.make_id(key)}")
            target = nodes.target("", "", ids=[anchor])
            # citations, the filter and the paper pages link here; without this, docutils
            # adds an INFO message "Hyperlink target ... is not referenced" per entry
            # to the stored doctree (DanglingReferences)
            target.referenced = True
            document.ids[anchor] = target
            domain.note_listing(self.env.docname, key, anchor)
            text = entry_text(key=key)
            if self._limit is not None:
                text["max-authors"] = self._limit
            paragraph = nodes.paragraph("", "", target, text)
            item = nodes.list_item("", paragraph, classes=["portfolio-entry"])
            note_entry_files(self.env, index.info[key].files)
            if index.info[key].abstract:
                item += abstract_toggle(key=key)  # HTML only (html/extras.py)
            item["portfolio-key"] = key  # for the HTML extras (filter, paper links)
            item["classes"].extend(
                f"portfolio-topic-{nodes.make_id(t)}" for t in index.info[key].topics)
            items += item
        return items

    def _section(self, group: Group, items: nodes.Element, group_by: str) -> nodes.section:
        document = self.state.document
        section = nodes.section(classes=["portfolio-group", f"portfolio-group-{group_by}"])
        section["ids"].append(_unique_id(document, nodes.make_id(group.slug) or group.slug))
        heading = _heading(group)
        section["names"].append(nodes.fully_normalize_name(heading))
        title = nodes.title(heading, heading)
        title += nodes.inline("", f" ({len(group.keys)})", classes=["portfolio-count"])
        # a title without a source costs Sphinx an XML dump of it per read (a debug
        # message of ApplySourceWorkaround), and its warnings would name no file
        self.set_source_info(section)
        self.set_source_info(title)
        section += title
        section += items
        document.note_implicit_target(section, section)
        return section


class entry_text(nodes.inline):
    """Where the formatted text of entry ``key`` goes, filled in when a page is written.

    Pages are read with the entries' structure only (items, anchors, classes): the
    read-time transforms then run over a few nodes per entry instead of dozens, the
    stored doctree stays small, and each entry is formatted once (formatted.py), when
    a page showing it is written.

    HTML and ePub keep the node: its visitor writes the entry's markup, made once per
    kind of translator (:func:`_visit_entry_text_html`), and its one child is the
    entry's text for the search index and other readers of the page's text. Other
    builders get the entry's docutils nodes in its place (:class:`RenderEntries`).
    An optional ``paper-uri`` links the entry's title there.
    """


class RenderEntries(SphinxPostTransform):
    """Put the formatted text of each listed entry in its place."""

    # after Sphinx resolves references (10), which these texts do not need, and before
    # the transforms that look at the entries' contents (e.g. LaTeX's shown URLs, 400)
    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(entry_text))
        if not placeholders:
            return
        index, config = get_index(self.env), get_config(self.env)
        if writes_markup(app_of(self.env)):
            for node in placeholders:
                node[:] = [nodes.Text(entry_words(index, config, node["key"]))]
            return
        for node in placeholders:
            node.replace_self(entry_nodes(index, config, node["key"], node.get("max-authors")))


def link_title(children: list[nodes.Node], uri: str) -> None:
    """Make the title among *children* (the entry's nodes) a link to *uri*."""
    for child in children:
        if not isinstance(child, nodes.Element):
            continue
        title = next((n for n in child.findall(nodes.inline)
                      if "portfolio-title" in n["classes"]), None)
        if title is not None:
            title[:] = [nodes.reference("", "", *title.children, refuri=uri, internal=True,
                                        classes=["portfolio-paper-link"])]
            return


#: where the link to the paper page goes in an entry's cached markup
_PAPER_URI = "\ue000paper-uri\ue000"


def _translator_kind(translator: HTML5Translator) -> str:
    """What shapes the markup a translator writes: the builder, the translator class,
    and the loaded extensions (any of which may change how a node is written)."""
    extensions = tuple(app_of(translator.builder.env).extensions)
    return _kind(translator.builder.name, type(translator), extensions)


@functools.lru_cache(maxsize=64)
def _kind(builder: str, cls: type, extensions: tuple[str, ...]) -> str:
    # a pure function of its arguments, so a per-process cache (once per entry written)
    digest = hashlib.sha256(repr(sorted(extensions)).encode()).hexdigest()[:16]
    return f"{builder}:{cls.__module__}.{cls.__qualname__}:{digest}"


def markup_kind(builder: Any, limit: int | None) -> str:
    """The kind of markup (see _translator_kind) that *builder*'s translator keeps for
    a list's entry shown with *limit* names (``:max-authors:``; None: the setting)."""
    extensions = tuple(app_of(builder.env).extensions)
    kind = _kind(builder.name, builder.get_translator_class(), extensions)
    return kind + ("" if limit is None else f"|authors={limit}")


#: where the paper page's address goes in an entry's kept markup
PAPER_URI = _PAPER_URI


def _visit_entry_text_html(self: HTML5Translator, node: entry_text) -> None:
    """The entry's markup, made by this kind of translator from the entry's nodes the
    first time it writes the entry, then reused (formatted.py keeps it): a list entry
    is some thirty nodes, which a page would otherwise copy, transform and translate."""
    env = self.builder.env
    index, config, key = get_index(env), get_config(env), node["key"]
    uri = node.get("paper-uri")
    limit = node.get("max-authors")
    translator = _translator_kind(self) + ("" if limit is None else f"|authors={limit}")
    markup = cached_markup(index, config, translator, uri is not None, key)
    if markup is None:
        children = entry_nodes(index, config, key, limit)
        if uri is not None:
            link_title(children, _PAPER_URI)
        # translated in the entry's place: visitors may look at the parents
        text, node[:] = node.children[:], children
        if self.builder.name == "epub":  # an ePub has no MathJax: math as Unicode text
            for math in list(node.findall(nodes.math)):
                math.replace_self(nodes.Text(math_text(math.astext())))
        start = len(self.body)
        for child in node.children:
            child.walkabout(self)
        markup = "".join(self.body[start:])
        del self.body[start:]
        # math: each page's translator must see it (MathJax), so its markup is not kept
        has_math = node.next_node(nodes.math) is not None
        # and a site's files, found or not in this build (badges.py): not kept either
        has_math = has_math or has_site_files(node)
        # and the text child back: what reads the page's doctree after it is written
        # (sphinxext-opengraph's description) sees the same whether the markup was made
        # now or reused
        node[:] = text
        if not has_math:
            keep_markup(index, config, translator, uri is not None, key, markup)
    if uri is not None:
        markup = markup.replace(_PAPER_URI, self.attval(uri))
    self.body.append(markup)
    raise nodes.SkipNode


#: the classes of what a list entry's markup shows as it does for its place: a cut
#: author list, which a paper page shows in full (authors.py)
_PLACE_CLASSES = ("portfolio-names-hidden", "portfolio-names-gap", "portfolio-more")


def listed_markup(translator: HTML5Translator, key: str,
                  walk: Callable[[nodes.Node], str]) -> str | None:
    """The markup of entry *key* as a list written by this kind of translator has it,
    without the link of its title: what *translator* writes of the entry's nodes (a
    paper page's citation, html/papers.py), made from that list's markup rather than
    the nodes. None if no list kept its markup, or it shows a cut author list.

    *walk* writes a node with *translator* (as the paper pages do): the tags of the
    title's link are taken from a sample link it writes, and taken out only where the
    list's markup holds them once, with no other link inside.
    """
    env = translator.builder.env
    index, config = get_index(env), get_config(env)
    kind = _translator_kind(translator)
    markup = cached_markup(index, config, kind, False, key)
    if markup is None:
        linked = cached_markup(index, config, kind, True, key)
        if linked is None:
            return None
        if kind not in _LINK_TAGS:  # the same for every entry: made once
            _LINK_TAGS[kind] = _link_tags(walk)
        markup = _unlinked(linked, _LINK_TAGS[kind])
    if markup is None or any(name in markup for name in _PLACE_CLASSES):
        return None
    return markup


#: translator kind -> what it writes around a title's link's text (_link_tags)
_LINK_TAGS: dict[str, tuple[str, str] | None] = {}


def _link_tags(walk: Callable[[nodes.Node], str]) -> tuple[str, str] | None:
    """What *walk* writes before and after the text of a title's link (link_title)."""
    mark = "\ue001"
    inline = walk(nodes.inline("", "", nodes.Text(mark)))
    link = nodes.reference("", "", nodes.Text(mark), refuri=_PAPER_URI, internal=True,
                           classes=["portfolio-paper-link"])
    linked = walk(nodes.inline("", "", link))
    if inline.count(mark) != 1 or linked.count(mark) != 1:
        return None
    (outer_before, outer_after), (before, after) = inline.split(mark), linked.split(mark)
    if not (before.startswith(outer_before) and after.endswith(outer_after)):
        return None
    return (before[len(outer_before):],
            after[:len(after) - len(outer_after)] if outer_after else after)


def _unlinked(markup: str, tags: tuple[str, str] | None) -> str | None:
    """*markup* without the link *tags* (start, end) around the title, or None."""
    if tags is None or not tags[0] or not tags[1] or markup.count(tags[0]) != 1:
        return None
    start = markup.index(tags[0])
    inner_start = start + len(tags[0])
    end = markup.find(tags[1], inner_start)
    if end < 0 or "<a" in markup[inner_start:end]:
        return None
    return markup[:start] + markup[inner_start:end] + markup[end + len(tags[1]):]


def _heading(group: Group) -> str:
    """The group's heading in the site's language: the core gives the English
    defaults (type labels, the other topics' label, "No year"), a site's own labels
    and its topics stay as written."""
    if group.slug == "year-none":
        return _("No year")
    if group.slug == "topic-other" or group.slug.startswith("type-"):
        return _(group.title)
    return group.title


#: how HTML and ePub write an entry_text (``app.add_node`` arguments)
ENTRY_TEXT_VISITORS = {
    "html": (_visit_entry_text_html, None),
    "epub": (_visit_entry_text_html, None),
}


def _shows_member(
    index: BibIndex, config: PortfolioConfig, keys: Iterable[str], group: PeopleGroup
) -> bool:
    """Whether some author of *keys* is marked as a member of *group* (never the owner)."""
    owner, groups = config.matcher, config.people.values()
    return any(
        mark_of(person, owner, groups) is group
        for key in keys
        for person in index.data.entries[key].persons.get("author", ())
    )


def _unique_id(document: nodes.document, base: str) -> str:
    candidate, n = base, 1
    while candidate in document.ids:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def entry_legend(
    index: BibIndex, config: PortfolioConfig, keys: Iterable[str]
) -> nodes.paragraph | None:
    """What the role markers and marked people of the entries *keys* mean, or None
    if they show none: the legend of a list, and of a paper page (html/papers.py)."""
    return legend_node(legend_items(index, config, keys))


def legend_items(
    index: BibIndex, config: PortfolioConfig, keys: Iterable[str]
) -> tuple[tuple[str, str, str], ...]:
    """(role or group key, its symbol, its label) of what the legend of the entries
    *keys* explains, in the order it does: all that :func:`legend_node` reads, so
    pages whose legends read the same can share its markup (html/papers.py)."""
    keys = list(keys)
    used: set[str] = set()
    for key in keys:
        for parsed in index.info[key].annotations.values():
            used.update(r for values in parsed.item_roles.values() for r in values)
    roles = [r for r in config.role_symbols if r in used]
    groups = [g for g in config.people.values() if _shows_member(index, config, keys, g)]
    # the English defaults translated; a site's own labels stay as written
    items = [(role, config.role_symbols[role], str(_(config.label(role)))) for role in roles]
    items += [(g.key, g.symbol, g.label) for g in groups]
    return tuple(items)


def legend_node(items: tuple[tuple[str, str, str], ...]) -> nodes.paragraph | None:
    """The legend that explains *items* (:func:`legend_items`), None if there are none."""
    if not items:
        return None
    legend = nodes.paragraph(classes=["portfolio-legend"])
    for i, (role, symbol, label) in enumerate(items):
        if i:
            legend += nodes.Text("; ")
        if symbol:
            sup = nodes.superscript("", "", classes=["portfolio-role", f"portfolio-role-{role}"])
            sup += role_symbol(symbol, symbol)
            legend += sup
        else:  # a group marked by its style only: show the style
            italics = _("names in italics")
            legend += nodes.emphasis(italics, italics,
                                     classes=["portfolio-person", f"portfolio-person-{role}"])
            legend += nodes.Text(":")
        legend += nodes.Text(f" {label}")
    return legend
