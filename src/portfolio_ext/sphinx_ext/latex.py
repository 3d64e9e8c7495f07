"""What the LaTeX builder makes of the lists and citations: the PDF's own shape.

Sphinx's LaTeX builder merges every page of ``latex_documents`` into one tree before
the post-transforms run, so :class:`PdfLists` sees the whole PDF at once. It

- numbers the entries of each ``publications`` list (``portfolio_pdf_numbering``,
  ``:number-prefix:``), newest first or in the list's order;
- points each citation at a list that the PDF shows: a list left out of the PDF (in an
  ``only`` block) leaves its page's citations to the entry's other list; with numbers,
  a parenthetical citation (``{cite:p}``) becomes the entries' numbers in brackets, and
  the other forms get the numbers after them;
- gives the markers one legend, before the section of the first list;
- keeps names whole: the words of the names in an entry, and the owner's hyphenated
  names anywhere, are never hyphenated or broken across lines; nor are the words of the
  chart's table headings;
- leaves out the sections marked by a ``web-only`` directive.

Sphinx's ``only`` directive cannot leave out a section of a Markdown page (MyST puts
the heading outside it), hence ``web-only``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.texescape import escape
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from ..core.names import hyphenated_words
from ..core.numbering import entry_labels
from .bib import get_index
from .config import get_config
from .directive import entry_legend
from .domain import get_domain
from .nodes import NOT_HTML, skipped_in
from .warnings_ import WarningType, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.latex import LaTeXTranslator

__all__ = ["VISITORS", "CheckWebOnly", "PdfLists", "WebOnlyDirective"]


class web_only(nodes.Element):
    """Marks its section as the website's and the ePub's only: the PDF leaves it out.
    No builder writes anything for it."""


class WebOnlyDirective(SphinxDirective):
    """``web-only``: the section that holds it is left out of the PDF."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = web_only()
        self.set_source_info(node)
        return [node]


class CheckWebOnly(SphinxTransform):
    """A ``web-only`` outside a section marks nothing: a warning, and it goes."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        for marker in list(self.document.findall(web_only)):
            if not isinstance(marker.parent, nodes.section):
                warn("web-only marks the section that holds it, and this one is in none; "
                     "put it under the heading of the section to leave out of the PDF",
                     WarningType.DIRECTIVE, marker)
                marker.parent.remove(marker)


class numbered_list(nodes.bullet_list):
    """A ``publications`` list whose entries carry their numbers (LaTeX only)."""


class numbered_entry(nodes.list_item):
    """An entry of a :class:`numbered_list`, with its ``label`` ("P12")."""


class word_wide_columns(nodes.Element):
    """The chart's table, set small."""


class unbroken(nodes.inline):
    """Text that LaTeX never breaks or hyphenates (a name, a word of one)."""


def _visit_numbered_list(self: LaTeXTranslator, node: numbered_list) -> None:
    widest = max((child["label"] for child in node.children), key=len, default="0")
    self.body.append(f"\n\\begin{{portfolionumbered}}{{{escape(widest)}}}\n")


def _depart_numbered_list(self: LaTeXTranslator, node: numbered_list) -> None:
    self.body.append("\\end{portfolionumbered}\n")


def _visit_numbered_entry(self: LaTeXTranslator, node: numbered_entry) -> None:
    self.body.append(f"\\item[{{[{escape(node['label'])}]}}] ")


def _depart_numbered_entry(self: LaTeXTranslator, node: numbered_entry) -> None:
    self.body.append("\n")


def _visit_word_wide_columns(self: LaTeXTranslator, node: word_wide_columns) -> None:
    # a small table, as a CV's tables of figures are
    self.body.append("\n\\begingroup\\small\n")


def _depart_word_wide_columns(self: LaTeXTranslator, node: word_wide_columns) -> None:
    self.body.append("\\endgroup\n")


def _visit_unbroken(self: LaTeXTranslator, node: unbroken) -> None:
    # a title is also a PDF bookmark, where \mbox has no place (and a title rarely breaks)
    self.body.append("" if self.in_title else "\\mbox{")


def _depart_unbroken(self: LaTeXTranslator, node: unbroken) -> None:
    self.body.append("" if self.in_title else "}")


#: how LaTeX writes the nodes of this module (``app.add_node`` arguments); other builders
#: never see them
VISITORS = {
    numbered_list: {"latex": (_visit_numbered_list, _depart_numbered_list)},
    numbered_entry: {"latex": (_visit_numbered_entry, _depart_numbered_entry)},
    unbroken: {"latex": (_visit_unbroken, _depart_unbroken)},
    word_wide_columns: {"latex": (_visit_word_wide_columns, _depart_word_wide_columns)},
    web_only: skipped_in("html", *NOT_HTML),
}


#: the LaTeX package of the lists' environment and styles (``static/portfolio.sty``)
PACKAGE = Path(__file__).parent.parent / "static" / "portfolio.sty"


def add_package(app: Sphinx) -> None:
    """builder-inited: LaTeX builders get ``portfolio.sty``, and the preamble loads it.

    It defines the numbered lists' environment, sets a citation's numbers upright and
    the alphabetical-order note in italics (``\\DUrole`` styles of their classes)."""
    if app.builder.format != "latex":
        return
    Path(app.outdir).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PACKAGE, Path(app.outdir) / PACKAGE.name)
    app.add_latex_package(PACKAGE.stem)


def _docnames(tree: nodes.Node, docname: str) -> Any:
    """(node, the page it comes from) for every node of the merged tree *tree*."""
    stack = [(tree, docname)]
    while stack:
        node, doc = stack.pop()
        if isinstance(node, addnodes.start_of_file):
            doc = node["docname"]
        yield node, doc
        if isinstance(node, nodes.Element):
            stack.extend((child, doc) for child in reversed(node.children))


class PdfLists(SphinxPostTransform):
    """Number the lists, point the citations at them, keep names whole (LaTeX only)."""

    builders = ("latex",)
    # after the entries' text is in place (directive.RenderEntries, 200), before the
    # LaTeX builder's own transforms that read the text (shown URLs, 400)
    default_priority = 210

    def run(self, **kwargs: Any) -> None:
        # each marker's section (CheckWebOnly) once: a section may hold several
        sections = {id(m.parent): m.parent for m in self.document.findall(web_only)}
        for section in sections.values():
            if section.parent is not None and section in section.parent.children:
                section.parent.remove(section)
        config = get_config(self.env)
        lists: dict[str, list[tuple[nodes.Element, str]]] = {}
        citations: list[tuple[nodes.inline, str]] = []
        for node, doc in _docnames(self.document, self.env.docname):
            # bullets, or [1], [2]... with portfolio_style = "numbered"
            if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)) and "portfolio-list" in node:
                lists.setdefault(node["portfolio-list"], []).append((node, doc))
            elif isinstance(node, nodes.inline) and "bibtex-citation" in node["classes"]:
                citations.append((node, doc))
        if not lists and not citations:
            return
        # (page, anchor) -> key, and each key's first place and number in the PDF
        shown: dict[tuple[str, str], str] = {}
        first: dict[str, tuple[str, str, str]] = {}
        for parts in lists.values():
            items = [(item, doc) for bullets, doc in parts for item in bullets.children
                     if isinstance(item, nodes.list_item)]
            prefix = parts[0][0].get("portfolio-number-prefix", "")
            labels = entry_labels(len(items), config.pdf_numbering, prefix)
            for i, (item, doc) in enumerate(items):
                key = item.get("portfolio-key")
                anchor = next((t["ids"][0] for t in item.findall(nodes.target) if t["ids"]), None)
                if key is None or anchor is None:
                    continue
                shown[doc, anchor] = key
                first.setdefault(key, (doc, anchor, labels[i] if labels else ""))
                _keep_names_whole(item)
            if labels:
                for (bullets, _doc), numbered in _numbered(parts, labels):
                    bullets.replace_self(numbered)
        # every listing's (page, anchor) -> key, those the PDF left out included
        listed = {(page, anchor): key for page, keys in get_domain(self.env).listings.items()
                  for key, anchor in keys.items()}
        for citation, doc in citations:
            self._cite(citation, doc, shown, first, listed)
        self._one_legend(list(first))
        # the chart's table: its headings wrap between words, never inside one
        for table in self.document.findall(nodes.table):
            if "portfolio-chart-data" in table["classes"]:
                _fit_headings(table)
        words = hyphenated_words(config.owner)
        if words:
            _unbreak_words(self.document, words)

    def _one_legend(self, keys: list[str]) -> None:
        """One legend of the markers for the whole PDF, before the section of the first
        list that has one."""
        legends = [p for p in self.document.findall(nodes.paragraph)
                   if "portfolio-legend" in p["classes"]]
        if len(legends) < 2:
            return
        legend = entry_legend(get_index(self.env), get_config(self.env), keys)
        for other in legends[1:]:
            other.parent.remove(other)
        first, section = legends[0], legends[0].parent
        if legend is None:
            return
        # the legend of several sections' lists comes before the first of them
        # (under "Publications", not "Preprints")
        parent = section.parent
        if (isinstance(section, nodes.section) and isinstance(parent, nodes.section)
                and not any(isinstance(n, nodes.section)
                            for n in parent.children[:parent.index(section)])):
            first.parent.remove(first)
            parent.insert(parent.index(section), legend)
        else:
            first.replace_self(legend)

    def _cite(
        self,
        citation: nodes.inline,
        doc: str,
        shown: dict[tuple[str, str], str],
        first: dict[str, tuple[str, str, str]],
        listed: dict[tuple[str, str], str],
    ) -> None:
        labels = []
        for reference in citation.findall(nodes.reference):
            place = _place(reference, doc)
            if place is None:
                continue
            key = shown.get(place)
            if key is None:  # its list is not in the PDF: the entry's list that is
                key = listed.get(place)
                if key not in first:
                    warn(f"citation {citation.rawsource!r}: no list of the PDF shows the "
                         "entry it links to; list it on a page of latex_documents",
                         WarningType.CITATION, citation)
                    continue
                target_doc, anchor, _label = first[key]
                reference.attributes.pop("refid", None)
                reference["refuri"] = f"%{target_doc}#{anchor}"
            target_doc, anchor, label = first[key]
            if label and label not in [lab for lab, _ in labels]:
                labels.append((label, f"%{target_doc}#{anchor}"))
        if not labels:
            return
        numbers = nodes.inline("", "", classes=["portfolio-numbers"])
        numbers += nodes.Text("[")
        for i, (label, uri) in enumerate(labels):
            if i:
                numbers += nodes.Text(", ")
            numbers += nodes.reference("", label, refuri=uri, internal=True)
        numbers += nodes.Text("]")
        if citation.get("reftype") == "p" and not _has_notes(citation.rawsource):
            citation[:] = [numbers]
            # "networks~[D10]": the numbers never begin a line
            before = citation.previous_sibling()
            if isinstance(before, nodes.Text) and before.endswith(" "):
                before.parent.replace(before, nodes.Text(before[:-1] + "\u00a0"))
        else:
            if citation.get("reftype") in _TEXTUAL and not _has_notes(citation.rawsource):
                _drop_years(citation)  # "Roe et al. [A2]", not "Roe et al. (2021) [A2]"
            citation += [nodes.Text("\u00a0"), numbers]


#: the chart's table (chart.py: the year, the counts per topic, the total) in LaTeX:
#: the counts share the width the year and the total leave, right-aligned, their
#: headings wrapping between words
_COUNT_COLUMN = r">{\raggedleft\arraybackslash}p{\dimexpr(\linewidth-7em)/%d-2\tabcolsep\relax}"


def _fit_headings(table: nodes.table) -> None:
    """The chart's *table* in a :class:`word_wide_columns`, with columns of equal
    width for the counts, and headings whose words never break."""
    head = next(iter(table.findall(nodes.thead)), None)
    spec = table.previous_sibling()
    if head is None or not isinstance(spec, addnodes.tabular_col_spec):
        return
    counts = len(list(table.findall(nodes.colspec))) - 2
    spec["spec"] = "l" + _COUNT_COLUMN % counts * counts + "r"
    for text in list(head.findall(nodes.Text)):
        _wrap(text, _ANY_WORD)
    wrapper = word_wide_columns()
    spec.replace_self(wrapper)
    table.parent.remove(table)
    wrapper += [spec, table]


def _numbered(
    parts: list[tuple[nodes.Element, str]], labels: list[str]
) -> Any:
    """Each bullet list of *parts* as a :class:`numbered_list`, its items numbered."""
    labels = iter(labels)
    for bullets, doc in parts:
        numbered = numbered_list("", classes=bullets["classes"], **{
            k: v for k, v in bullets.attributes.items() if k not in ("classes", "ids", "names",
                                                                    "dupnames", "backrefs")})
        numbered["ids"] = bullets["ids"]
        for item in bullets.children:
            if isinstance(item, nodes.list_item):
                entry = numbered_entry("", *item.children, **item.attributes)
                entry["label"] = next(labels)
                numbered += entry
        yield (bullets, doc), numbered


def _place(reference: nodes.reference, doc: str) -> tuple[str, str] | None:
    """(page, anchor) that a resolved citation's *reference* links to."""
    if reference.get("refid"):
        return doc, reference["refid"]
    uri = reference.get("refuri", "")
    if uri.startswith("%") and "#" in uri:
        page, _, anchor = uri[1:].partition("#")
        return page, anchor
    return None


#: the textual citation roles ({cite:t} and its variants): names, then the year
_TEXTUAL = ("t", "ts", "ct", "cts")


def _drop_years(citation: nodes.inline) -> None:
    """A textual citation without its years in brackets: the numbers that follow it in
    the PDF say which entries it names ("Zhang et al. (2024a)" -> "Zhang et al.")."""
    for reference in list(citation.findall(nodes.reference)):
        parent = reference.parent
        at = parent.index(reference)
        before = parent[at - 1] if at else None
        after = parent[at + 1] if at + 1 < len(parent) else None
        if (isinstance(before, nodes.Text) and before.rstrip().endswith("(")
                and isinstance(after, nodes.Text) and after.startswith(")")):
            parent.replace(before, nodes.Text(before.rstrip()[:-1].rstrip()))
            parent.replace(after, nodes.Text(after[1:]))
            parent.remove(reference)


def _has_notes(target: str) -> bool:
    """Whether a citation's target gives text before or after a key ("see {}")."""
    try:
        return any(t.pre or t.post for t in parse_citation_targets(target))
    except ValueError:
        return True


#: a word of at least four letters: the words that TeX might hyphenate
_ANY_WORD = re.compile(r"\S+")
_WORD = re.compile(r"\S*[^\W\d_]{4}\S*|\S+-\S+")


def _keep_names_whole(item: nodes.Element) -> None:
    """The words of the author names in entry *item* (what precedes its title) in
    :class:`unbroken` nodes: TeX breaks the list between names, never inside one."""
    paragraph = next(iter(item.findall(nodes.paragraph)), None)
    if paragraph is None:
        return
    names = []
    for child in paragraph.children:
        if isinstance(child, nodes.Element) and any(
            "portfolio-title" in n["classes"] for n in child.findall(nodes.inline)
        ):
            break
        names.append(child)
    else:
        return  # no title: nothing tells the names from the rest
    for child in names:
        for text in list(child.findall(nodes.Text)) if isinstance(child, nodes.Element) else [child]:
            if isinstance(text.parent, nodes.superscript) or _in(text, unbroken) or any(
                {"portfolio-alphabetical", "portfolio-badge"} & set(p["classes"])
                for p in _parents(text)
            ):
                continue
            _wrap(text, _WORD)


def _unbreak_words(document: nodes.document, words: list[str]) -> None:
    """The owner's hyphenated names (``Zhi-Qin``) in :class:`unbroken` nodes, anywhere."""
    pattern = re.compile("|".join(rf"\b{re.escape(w)}\b" for w in sorted(words, key=len, reverse=True)))
    for text in list(document.findall(nodes.Text)):
        if _in(text, unbroken, nodes.literal, nodes.literal_block, nodes.raw, nodes.math):
            continue
        if pattern.search(text):
            _wrap(text, pattern)


def _parents(node: nodes.Node) -> Any:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _in(node: nodes.Node, *classes: type) -> bool:
    return any(isinstance(parent, classes) for parent in _parents(node))


def _wrap(text: nodes.Text, pattern: re.Pattern[str]) -> None:
    """Replace *text* by its pieces, each match of *pattern* in an :class:`unbroken`."""
    value, pieces, end = str(text), [], 0
    for match in pattern.finditer(value):
        if match.start() > end:
            pieces.append(nodes.Text(value[end:match.start()]))
        pieces.append(unbroken("", match.group()))
        end = match.end()
    if not pieces:
        return
    if end < len(value):
        pieces.append(nodes.Text(value[end:]))
    text.parent.replace(text, pieces)
