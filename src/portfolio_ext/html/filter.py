"""Client-side filtering of the publication lists on a page: ``publications-filter``.

The directive places a form (HTML only) whose choices come from the entries listed
on its page. Each listed entry carries classes that say its key, year, type, topics
and the owner's roles, which ``portfolio.js`` reads; the form stays ``hidden`` until
that script runs, so without JavaScript the page is the full static list.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..core.bibindex import BibIndex
from ..core.selection import owner_roles
from ..sphinx_ext.bib import get_index
from ..sphinx_ext.config import get_config
from ..sphinx_ext.nodes import NOT_HTML, skipped_in

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

#: the owner's roles the form offers, with their labels
ROLE_CHOICES = {
    "first": "First author",
    "corresponding": "Corresponding author",
    "equal": "Equal contribution",
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


def entry_classes(key_id: str, year: int, kind: str, topics: tuple[str, ...],
                  roles: set[str]) -> list[str]:
    """The classes that describe an entry to the filter script."""
    classes = [f"portfolio-key-{key_id}", f"portfolio-type-{nodes.make_id(kind)}"]
    if year:
        classes.append(f"portfolio-year-{year}")
    classes += [f"portfolio-owner-{role}" for role in sorted(roles) if role in ROLE_CHOICES]
    return classes


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
        for item, key in listed_entries(self.document, index):
            info = index.info[key]
            roles = owner_roles(info, info.authors)
            item["classes"].extend(entry_classes(
                entry_id(key), info.year, info.kind, info.topics, roles))
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
            labels.setdefault(config.type_labels.get(kind, kind), []).append(nodes.make_id(kind))
        choices = {
            "topic": [(nodes.make_id(t), config.topics[t]) for t in config.topics
                      if any(t in i.topics for i in infos)],
            "year": [(str(y), str(y)) for y in sorted({i.year for i in infos if i.year},
                                                       reverse=True)],
            "type": [(",".join(types), label) for label, types in labels.items()],
            "role": list(ROLE_CHOICES.items()),
        }
        for form in forms:
            form["choices"] = choices
            form["total"] = len(unique)


_ALL = {"topic": "All topics", "year": "All years", "type": "All types", "role": "Any role"}
_LABELS = {"topic": "Topic", "year": "Year", "type": "Type", "role": "Owner's role"}


def _visit_filter_html(self: HTML5Translator, node: publications_filter) -> None:
    esc = html.escape
    total = node.get("total", 0)
    fields = [
        ('<label class="portfolio-filter-field portfolio-filter-search">'
        '<span>Search publications</span><input type="search" name="q" autocomplete="off" '
        'placeholder="Title, author, venue"></label>')
    ]
    for name, choices in node.get("choices", {}).items():
        # a type with one value, or a topic list with one topic, is no choice at all
        if len(choices) < 2 and name != "role":
            continue
        options = [f'<option value="">{_ALL[name]}</option>']
        options += [f'<option value="{esc(value)}">{esc(label)}</option>'
                    for value, label in choices]
        fields.append(
            f'<label class="portfolio-filter-field"><span>{_LABELS[name]}</span>'
            f'<select name="{name}">{"".join(options)}</select></label>'
        )
    self.body.append(
        '<form class="portfolio-filter" role="search" aria-label="Filter the publications" '
        f'hidden data-total="{total}">'
        f'<div class="portfolio-filter-fields">{"".join(fields)}'
        '<button type="reset" class="portfolio-filter-reset">Show all</button></div>'
        f'<p class="portfolio-filter-count" role="status">{total} of {total} publications</p>'
        "</form>"
    )
    raise nodes.SkipNode


#: how each builder writes a publications_filter (``app.add_node`` arguments)
VISITORS = {"html": (_visit_filter_html, None), **skipped_in(*NOT_HTML)}
