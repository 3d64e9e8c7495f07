"""Long author lists cut short: the rich text and docutils nodes of the names left out.

:func:`cut_names` writes a list of names with the ones :func:`~portfolio_ext.core.people.shown_positions`
leaves out in :class:`HiddenNames`, each run announced by a :class:`NamesGap` ("…"), and
a :class:`MoreNames` ("and 296 more") at the end. Every name stays in the text, so each
builder chooses (``sphinx_ext/authors.py``): HTML lists show the cut list with a toggle
that shows the rest in place, paper pages every name; ePub and PDF every name, or the
cut list as text (``portfolio_max_authors_print``). pybtex's other backends (plain
text: citation tooltips) give every name, without the gap and the toggle.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from docutils import nodes
from pybtex.richtext import BaseMultipartText, BaseText, Text
from pybtex_docutils import Backend as DocutilsBackend


def N_(message: str) -> str:
    """Mark *message* for extraction only (as ``sphinx_ext/locale.py`` does): the style
    translates it where it is shown (``_t``)."""
    return message


#: the toggle's labels, before and while the names left out are shown
MORE = N_("and {count} more")
FEWER = N_("show fewer")

__all__ = ["FEWER", "MORE", "HiddenNames", "MoreNames", "NamesGap", "cut_names", "hidden_names", "more_names",
           "names_gap", "separator"]


class hidden_names(nodes.inline):
    """Names (with their separators) that a cut author list leaves out."""


class names_gap(nodes.inline):
    """Where a cut author list leaves names out ("…"); shown only while they are."""


class more_names(nodes.inline):
    """How many names a cut author list leaves out ("and 296 more"): in HTML lists a
    toggle that shows them in place. ``count`` is that number, ``fewer`` the label of
    the toggle while they are shown."""


class _Part(BaseMultipartText):
    """A rich-text part that is a node of *cls* in docutils and *shown* elsewhere."""

    node_class: type[nodes.inline]
    shown_elsewhere = True

    def render(self, backend):
        rendered = super().render(backend)
        if isinstance(backend, DocutilsBackend):
            return [self.node_class("", "", *rendered, **self.attributes())]
        return rendered if self.shown_elsewhere else Text().render(backend)

    def attributes(self) -> dict[str, object]:
        return {}


class HiddenNames(_Part):
    node_class = hidden_names


class NamesGap(_Part):
    node_class = names_gap
    shown_elsewhere = False


class MoreNames(_Part):
    node_class = more_names
    shown_elsewhere = False

    def __init__(self, count: int, fewer: str, *parts) -> None:
        self.count, self.fewer = count, fewer
        self.info = (count, fewer)
        super().__init__(*parts)

    def attributes(self) -> dict[str, object]:
        return {"count": self.count, "fewer": self.fewer}


def separator(position: int, count: int, seps: Mapping[str, str]) -> str:
    """What pybtex's ``join(sep=, sep2=, last_sep=)`` puts before name *position*
    (from 0) of *count*."""
    if position == 0:
        return ""
    if count == 2 and seps.get("sep2") is not None:
        return seps["sep2"]
    if position == count - 1 and seps.get("last_sep") is not None:
        return seps["last_sep"]
    return seps.get("sep", "")


def cut_names(parts: Sequence[BaseText], shown: Sequence[bool], seps: Mapping[str, str],
              more: str, fewer: str) -> Text:
    """*parts* (one per name) joined as pybtex's ``join(**seps)`` joins them, with the
    names not *shown* in :class:`HiddenNames` and *more* (a label with ``{count}``,
    e.g. "and {count} more") at the end."""
    count = len(parts)
    pieces: list[BaseText | str] = []
    position = 0
    while position < count:
        if shown[position]:
            sep = separator(position, count, seps)
            common = seps.get("sep", "")
            if position == count - 1 and sep != common and sep.startswith(common):
                # the last name shown: "…, Xu and 296 more" while cut, and the
                # list's own ", and Xu" once every name is shown
                pieces += [common, HiddenNames(sep[len(common):]), parts[position]]
            else:
                pieces += [sep, parts[position]]
            position += 1
            continue
        run: list[BaseText | str] = []
        while position < count and not shown[position]:
            run += [separator(position, count, seps), parts[position]]
            position += 1
        pieces += [NamesGap(seps.get("sep", ", ") + "\u2026"), HiddenNames(*run)]
    hidden = shown.count(False)
    pieces.append(MoreNames(hidden, fewer, " " + more.format(count=hidden)))
    return Text(*pieces)
