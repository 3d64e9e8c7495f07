"""Client-side filtering of the publication lists on a page: ``publications-filter``.

The directive places a form (HTML only) whose choices come from the entries listed
on its page. Each listed entry carries classes that say its key, year, type, topics,
venue badge and the owner's roles, which ``portfolio.js`` reads; the form stays ``hidden`` until
that script runs, so without JavaScript the page is the full static list.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from markupsafe import Markup
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..core.bibindex import BibIndex
from ..core.selection import owner_roles
from ..sphinx_ext.bib import get_index
from ..sphinx_ext.config import get_config
from ..sphinx_ext.locale import N_, _
from ..sphinx_ext.nodes import NOT_HTML, skipped_in
from .templates import JS_TEXTS, js_texts, render

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

#: the owner's roles the form offers, with their labels (translated where shown)
ROLE_CHOICES = {
    "first": N_("First author"),
    "corresponding": N_("Corresponding author"),
    "equal": N_("Equal contribution"),
}


class publications_filter(nodes.General, nodes.Element):
    """The form; its choices are filled in by :class:`EntryClasses`."""


class PublicationsFilterDirective(SphinxDirective):
    """``publications-filter``: a search box and topic/year/type/role choices for
    every publication list on the page."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        return [publications_filter()]


@functools.lru_cache(maxsize=65536)  # a pure function, asked for each list and page
def entry_id(key: str) -> str:
    """A unique id for entry *key*, usable as a class, an anchor and a file name.

    The key itself when it is a plain id (lower-case letters, digits, '-'); any other
    key gets its id plus a short hash of the key, so that ids stay unique (``Xu2020``
    and ``xu2020``, ``2001.08361`` and ``2105.01234``) and no key can name a path.
    """
    slug = nodes.make_id(key)
    if slug != key:
        digest = hashlib.sha256(key.encode()).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else f"entry-{digest}"
    return slug


@functools.lru_cache(maxsize=4096)
def venue_id(label: str) -> str:
    """A venue badge's label as a class and choice value: ``NeurIPS`` -> ``neurips``;
    a label that ``make_id`` would empty or merge with another ("计算机学报", "C++"
    and "C") gets a short hash of itself."""
    slug = nodes.make_id(label)
    if slug and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ._-]*", label):
        return slug
    digest = hashlib.sha256(label.encode()).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else f"venue-{digest}"


def entry_classes(key_id: str, year: int, kind: str, topics: tuple[str, ...],
                  roles: set[str]) -> list[str]:
    """The classes that describe an entry to the filter script."""
    classes = [f"portfolio-key-{key_id}", f"portfolio-type-{_type_id(kind)}"]
    if year:
        classes.append(f"portfolio-year-{year}")
    classes += [f"portfolio-owner-{role}" for role in sorted(roles) if role in ROLE_CHOICES]
    return classes


@functools.lru_cache(maxsize=256)
def _type_id(kind: str) -> str:
    return nodes.make_id(kind)


def listed_entries(document: nodes.document, index: BibIndex) -> Iterator[tuple[nodes.list_item, str]]:
    """The ``publications`` list items of *document*, with their entry keys."""
    for item in document.findall(nodes.list_item):
        key = item.get("portfolio-key")
        if key is not None and key in index.info:
            yield item, key


class EntryClasses(SphinxPostTransform):
    """Describe each listed entry in its classes; fill in the filter forms' choices."""

    default_priority = 400

    def run(self, **kwargs: Any) -> None:
        index = get_index(self.env)
        config = get_config(self.env)
        listed: list[str] = []
        venues: dict[str, str] = {}  # the venue badges' labels, by their class
        for item, key in listed_entries(self.document, index):
            info = index.info[key]
            roles = owner_roles(info, info.authors)
            item["classes"].extend(entry_classes(
                entry_id(key), info.year, info.kind, info.topics, roles))
            if venue := info.venue:
                item["classes"].append(f"portfolio-venue-{venue_id(venue)}")
                venues.setdefault(venue_id(venue), venue)
            listed.append(key)
        forms = list(self.document.findall(publications_filter))
        if not forms:
            return
        unique = list(dict.fromkeys(listed))
        infos = [index.info[k] for k in unique]
        kinds = {index.info[k].kind for k in unique}
        # a choice's value is what the entries' classes say: make_id of the key, and
        # every type that shares the label ("misc,unpublished": one "Preprints")
        labels: dict[str, list[str]] = {}
        for kind in sorted(kinds, key=lambda k: (list(config.type_labels).index(k)
                                                 if k in config.type_labels else 99, k)):
            labels.setdefault(_(config.type_labels.get(kind, kind)), []).append(nodes.make_id(kind))
        choices = {
            "topic": [(nodes.make_id(t), config.topics[t]) for t in config.topics
                      if any(t in i.topics for i in infos)],
            "year": [(str(y), str(y)) for y in sorted({i.year for i in infos if i.year},
                                                       reverse=True)],
            "type": [(",".join(types), label) for label, types in labels.items()],
            "venue": sorted(((v, label) for v, label in venues.items() if v),
                            key=lambda choice: choice[1].lower()),
            "role": [(role, _(label)) for role, label in ROLE_CHOICES.items()],
        }
        for form in forms:
            form["choices"] = choices
            form["total"] = len(unique)


_ALL = {"topic": N_("All topics"), "year": N_("All years"), "type": N_("All types"),
        "venue": N_("All venues"), "role": N_("Any role")}
_LABELS = {"topic": N_("Topic"), "year": N_("Year"), "type": N_("Type"), "venue": N_("Venue"),
           "role": N_("Owner's role")}


def _visit_filter_html(self: HTML5Translator, node: publications_filter) -> None:
    total = node.get("total", 0)
    # what templates/portfolio/filter.html shows (documented in docs/extension.md)
    fields = [
        {"name": name, "label": Markup(_(_LABELS[name])), "all": Markup(_(_ALL[name])),
         "choices": choices}
        for name, choices in node.get("choices", {}).items()
        # a type with one value, or a topic list with one topic, is no choice at all
        if len(choices) >= 2 or name == "role"
    ]
    self.body.append(render(self.builder, "filter.html", {
        "total": total,
        "fields": fields,
        "count": Markup(_(JS_TEXTS["count"]) % {"shown": total, "total": total}),
        "count_texts": js_texts("count", "count-match"),
    }))
    raise nodes.SkipNode


#: how each builder writes a publications_filter (``app.add_node`` arguments)
VISITORS = {"html": (_visit_filter_html, None), **skipped_in(*NOT_HTML)}
