"""Entries' buttons, badges and thumbnails in each builder, and the files they name.

The style (``style/richtext.py``) makes :class:`~portfolio_ext.style.nodes.link_buttons`,
:class:`~portfolio_ext.style.nodes.badge` and
:class:`~portfolio_ext.style.nodes.preview_image` nodes. Here:

- the files that entries name (al-folio's ``pdf = {paper.pdf}``, ``preview =
  {thumb.png}``) are looked up in the source folder (and ``portfolio_file_dirs``),
  reported when missing, and copied into the output's ``_portfolio_files/`` (HTML:
  all; ePub: the images, which it shows; LaTeX: none);
- HTML writes the links as compact buttons whose title is what they point at, and
  the thumbnails as lazy images with their size; the address of a copied file is
  relative to the page (:data:`~portfolio_ext.core.links.ROOT`, filled in at
  ``html-page-context``: an entry's markup is made once for every page);
- the PDF lists the links with separators and what each points at ("DOI 10.1/x"),
  links a site's own file under ``html_baseurl`` (or leaves it out without one), and
  leaves the thumbnails out; an ePub likewise for files it does not hold.
"""

from __future__ import annotations

import posixpath
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote

import imagesize
from docutils import nodes

from .._compat import app_of
from ..core.links import FILES_DIR, ROOT, resources_of
from ..core.metadata import field_text
from ..style.nodes import badge, link_button, link_buttons, preview_image
from .bib import get_index
from .config import get_config
from .domain import get_domain
from .nodes import NOT_HTML, skipped_in
from .warnings_ import WarningType, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["ABSTRACT_VISITORS", "BADGE_VISITORS", "BUTTONS_VISITORS", "BUTTON_VISITORS",
           "IDENTIFIER_VISITORS", "PREVIEW_VISITORS", "abstract_of", "abstract_toggle",
           "copy_entry_files", "files_stamp", "fill_in_root", "has_buttons", "has_site_files", "note_entry_files",
           "with_root"]

#: image types an ePub can hold (Sphinx's epub media types)
_EPUB_IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})


class SiteFile(NamedTuple):
    """A file an entry names, found in the source folder."""

    source: Path  #: where it is
    output: str  #: its path in the output folder, "_portfolio_files/..."
    width: int | None = None  #: an image's size in pixels, if it can be read
    height: int | None = None


# The files of this build's entries, by the path the entry gives: found at env-updated
# (before any page is written; forked parallel writers inherit it).
_FILES: dict[str, SiteFile] = {}


def _locate(source: Path, path: str, dirs: tuple[str, ...],
            outputs: tuple[Path, ...] = ()) -> Path | None:
    """Where *path* is: in the source folder *source*, else in one of *dirs* there;
    never in the build's own folders *outputs* (the output and the doctrees), and
    None for a name the system cannot look up (too long, say)."""
    for folder in ("", *dirs):
        try:
            candidate = (source / folder / path).resolve()
            if (candidate.is_file() and candidate.is_relative_to(source)
                    and not any(candidate.is_relative_to(out) for out in outputs)):
                return candidate
        except (OSError, ValueError):  # ENAMETOOLONG, a NUL byte...
            continue
    return None


def _outputs(app: Sphinx) -> tuple[Path, ...]:
    return (Path(app.outdir).resolve(), Path(app.doctreedir).resolve())


def note_entry_files(env: BuildEnvironment, files: Iterable[tuple[str, str]]) -> None:
    """Make the page being read depend on the *files* that an entry it lists names
    (``EntryInfo.files``): it is read (and written) again when one appears, changes or
    goes."""
    if not files:
        return
    dirs = get_config(env).file_dirs
    source = Path(env.srcdir).resolve()
    for _name, path in files:
        found = _locate(source, path, dirs, _outputs(app_of(env)))
        try:
            (found or source / path).exists()
        except (OSError, ValueError):  # a name the system cannot look up: no dependency
            continue
        env.note_dependency(str(found or source / path))


def copy_entry_files(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: find the files the listed entries name, warn of those missing,
    and copy them into the output (those this builder shows)."""
    _FILES.clear()
    index, config = get_index(env), get_config(env)
    used = get_domain(env).used_keys()
    source = Path(app.srcdir).resolve()
    for key, files in index.named_files.items():
        for name, path in files:
            if path in _FILES:
                continue
            found = _locate(source, path, config.file_dirs, _outputs(app))
            if found is None:
                if key in used:
                    where = ", ".join(repr(d) for d in ("", *config.file_dirs))
                    warn(f"entry {key!r}: {name} file {path!r} is not in the source folder "
                         f"(looked in {where}), so it is not shown; add the file there, or "
                         "correct the path (portfolio_file_dirs lists the folders looked in)",
                         WarningType.LINK, index.info[key].location)
                continue
            width = height = None
            if name == "preview":
                try:  # (-1, -1) for a format imagesize does not read
                    size = imagesize.get(str(found))
                except (OSError, ValueError):
                    size = (-1, -1)
                if min(size) > 0:
                    width, height = size
            output = posixpath.join(FILES_DIR, found.relative_to(source).as_posix())
            _FILES[path] = SiteFile(found, output, width, height)
    if app.builder.format != "html":
        return
    epub = app.builder.name.startswith("epub")
    out = Path(app.outdir)
    copied: set[Path] = set()
    for site_file in _FILES.values():
        if epub and site_file.source.suffix.lower() not in _EPUB_IMAGES:
            continue
        target = out / site_file.output
        copied.add(target)
        stat = site_file.source.stat()
        if target.is_file() and (target.stat().st_size, int(target.stat().st_mtime)) == (
                stat.st_size, int(stat.st_mtime)):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(site_file.source, target)
    _prune(out / FILES_DIR, copied)


def _prune(folder: Path, kept: set[Path]) -> None:
    """Remove from *folder* (the output's copied files) what no entry names any more: a
    PDF taken out of the bib file for its copyright does not stay on the site."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), reverse=True):  # files before their folders
        if path.is_file() and path not in kept:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def files_stamp(files: Iterable[tuple[str, str]]) -> tuple[Any, ...]:
    """What the *files* of the site that an entry names (``EntryInfo.files``) are now
    (where, when changed, how big), for the stamps of its paper page; () for most
    entries."""
    stamp = []
    for _name, path in files:
        found = _FILES.get(path)
        try:
            changed = found.source.stat().st_mtime_ns if found is not None else None
        except OSError:  # gone since env-updated
            changed = None
        stamp.append((path, None if found is None else
                      (found.output, changed, found.width, found.height)))
    return tuple(stamp)


def has_buttons(fields: Any) -> bool:
    """Whether an entry with *fields* shows a resource button (an address, or a file of
    the site that was found): its paper page then needs no search link."""
    return any(not r.local or r.target in _FILES for r in resources_of(fields)[0])


def has_site_files(node: nodes.Element) -> bool:
    """Whether *node* shows a file of the site (whose markup depends on the build)."""
    return any(n.get("local") for n in node.findall(link_button)) or \
        node.next_node(preview_image) is not None


def fill_in_root(app: Sphinx, pagename: str, templatename: str,
                 context: dict[str, Any], doctree: nodes.document | None) -> None:
    """html-page-context: the way from this page to the output's root, in the links
    to copied files."""
    body = context.get("body")
    if isinstance(body, str) and ROOT in body:
        context["body"] = with_root(body, app.builder.get_target_uri(pagename))


def with_root(markup: str, target_uri: str) -> str:
    """*markup* of the page at *target_uri* with the way to the output's root in the
    links to copied files (also for the paper pages written on their own)."""
    if ROOT not in markup:
        return markup
    up = posixpath.relpath(".", posixpath.dirname(target_uri) or ".")
    return markup.replace(ROOT, "" if up == "." else f"{up}/")


# -- links -------------------------------------------------------------------------


def _online(app_config: Any, path: str) -> str | None:
    """A site file's address under ``html_baseurl``, if it is set and the file found."""
    found = _FILES.get(path)
    base = (getattr(app_config, "html_baseurl", "") or "").rstrip("/")
    if found is None or not base:
        return None
    return f"{base}/{quote(found.output)}"


def _visit_button_html(self: Any, node: link_button) -> None:
    uri = node["refuri"]
    if node.get("local"):
        found = _FILES.get(uri)
        if self.builder.name.startswith("epub"):  # an ePub holds no PDF: the site's
            uri = _online(self.builder.config, uri)
        elif found is not None:
            uri = ROOT + quote(found.output)  # "paper #1.pdf": a path, not a fragment
        else:
            uri = None
        if uri is None:
            raise nodes.SkipNode
    attributes = {"href": uri, "CLASS": "reference external"}
    if node.get("reftitle"):
        attributes["title"] = node["reftitle"]
    self.body.append(self.starttag(node, "a", "", **attributes))


def _depart_button_html(self: Any, node: link_button) -> None:
    self.body.append("</a>")


def _in_html(self: Any, child: nodes.Node) -> bool:
    """Whether *child* of a :class:`link_buttons` shows in this HTML or ePub build."""
    if not (isinstance(child, link_button) and child.get("local")):
        return True
    if self.builder.name.startswith("epub"):
        return _online(self.builder.config, child["refuri"]) is not None
    return child["refuri"] in _FILES


def _visit_buttons_html(self: Any, node: link_buttons) -> None:
    shown = [child for child in _items(node) if _in_html(self, child)]
    if not shown:
        raise nodes.SkipNode  # no empty container where no link is found
    _set_items(node, shown, nodes.Text(" "))
    self.body.append(self.starttag(node, "span", ""))


def _items(node: link_buttons) -> list[nodes.Node]:
    """The links and texts of *node*, without the spaces between them."""
    return [child for child in node.children
            if not (isinstance(child, nodes.Text) and not child.strip())]


def _set_items(node: link_buttons, items: list[nodes.Node], separator: nodes.Node) -> None:
    node.children = []
    for i, child in enumerate(items):
        if i:
            node += separator.deepcopy()
        node += child


def _visit_identifier_html(self: Any, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="portfolio-sr-only"))


def _depart_span(self: Any, node: nodes.Element) -> None:
    self.body.append("</span>")


def _print_links(node: link_buttons, config: Any, separator: nodes.Node) -> None:
    """*node*'s links as print shows them: a site's file under ``html_baseurl`` or not
    at all, and *separator* between them."""
    shown: list[nodes.Node] = []
    for child in _items(node):
        if isinstance(child, link_button) and child.get("local"):
            uri = _online(config, child["refuri"])
            if uri is None:
                continue
            child["refuri"] = uri
            child["local"] = False
        shown.append(child)
    _set_items(node, shown, separator)


def _visit_buttons_latex(self: Any, node: link_buttons) -> None:
    # the space after a separator written as text is lost in the PDF ("·global-sci.org")
    _print_links(node, self.builder.config,
                 nodes.raw("", r" \textperiodcentered{} ", format="latex"))
    if not node.children:
        raise nodes.SkipNode
    self.visit_inline(node)


def _depart_buttons_latex(self: Any, node: link_buttons) -> None:
    self.depart_inline(node)


def _visit_buttons_text(self: Any, node: link_buttons) -> None:
    _print_links(node, self.builder.config, nodes.Text(" \u00b7 "))
    if not node.children:
        raise nodes.SkipNode
    self.visit_inline(node)


def _depart_buttons_text(self: Any, node: link_buttons) -> None:
    self.depart_inline(node)


# -- badges and thumbnails -----------------------------------------------------------


def _visit_badge_html(self: Any, node: badge) -> None:
    self.body.append(self.starttag(node, "span", ""))


def _visit_badge_latex(self: Any, node: badge) -> None:
    # in the body's font, in brackets: "{[}" as Sphinx writes one, which an \item
    # before it cannot take for its optional argument
    self.body.append("{[}")


def _depart_badge_latex(self: Any, node: badge) -> None:
    self.body.append("{]}")


def _visit_badge_text(self: Any, node: badge) -> None:
    self.add_text("[")


def _depart_badge_text(self: Any, node: badge) -> None:
    self.add_text("]")


def _visit_preview_html(self: Any, node: preview_image) -> None:
    found = _FILES.get(node["path"])
    if found is None:
        raise nodes.SkipNode
    attributes: dict[str, Any] = {"src": ROOT + quote(found.output), "alt": node.get("alt", "")}
    if found.width and found.height:
        attributes.update(width=found.width, height=found.height)
    if not self.builder.name.startswith("epub"):  # not in EPUB 3's XHTML
        attributes.update(loading="lazy", decoding="async")
    self.body.append(self.emptytag(node, "img", "", **attributes))
    raise nodes.SkipNode


# -- abstracts ----------------------------------------------------------------------


class abstract_toggle(nodes.General, nodes.Element):
    """An "Abstract" disclosure under a listed entry ``key`` with an ``abstract``
    field: ``<details>`` in HTML (readable without JavaScript); left out of the ePub's
    and the PDF's lists, which are a CV's (the paper page shows it in full)."""


def abstract_of(entry: Any) -> str:
    """The entry's abstract as plain text, '' if it has none."""
    return field_text(entry, "abstract") if entry.fields.get("abstract", "").strip() else ""


#: ``app.add_node`` arguments of each node
BUTTONS_VISITORS = {
    "html": (_visit_buttons_html, _depart_span),
    "epub": (_visit_buttons_html, _depart_span),
    "latex": (_visit_buttons_latex, _depart_buttons_latex),
    "text": (_visit_buttons_text, _depart_buttons_text),
}
IDENTIFIER_VISITORS = {
    "html": (_visit_identifier_html, _depart_span),
    "epub": (_visit_identifier_html, _depart_span),
}
BUTTON_VISITORS = {
    "html": (_visit_button_html, _depart_button_html),
    "epub": (_visit_button_html, _depart_button_html),
}
BADGE_VISITORS = {
    "html": (_visit_badge_html, _depart_span),
    "epub": (_visit_badge_html, _depart_span),
    "latex": (_visit_badge_latex, _depart_badge_latex),
    "text": (_visit_badge_text, _depart_badge_text),
}
#: how the builders but HTML write an abstract_toggle (html/extras.py: HTML)
ABSTRACT_VISITORS = skipped_in(*NOT_HTML)
PREVIEW_VISITORS = {
    "html": (_visit_preview_html, None),
    "epub": (_visit_preview_html, None),
    **skipped_in("latex", "text", "man", "texinfo"),
}
