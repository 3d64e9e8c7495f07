"""The ``portfolio`` citation style: author-year in round brackets, with letters that
tell apart papers whose citations would read the same.

``{cite:p}`key``` gives "(Xu et al., 2020)" and ``{cite:t}`key``` "Xu et al. (2020)",
as readers of the sciences expect, where sphinxcontrib-bibtex's ``author_year`` uses
square brackets. Three papers by Luo and co-authors from 2022 are cited as "(Luo et al.,
2022a)", "(Luo et al., 2022b)" and "(Luo et al., 2022c)"
(:func:`~portfolio_ext.core.citelabels.year_suffixes`). Select it with
``bibtex_reference_style = "portfolio"``; it is registered under sphinxcontrib-bibtex's
``sphinxcontrib.bibtex.style.referencing`` entry point.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from pybtex.database import Entry, Person
from pybtex.richtext import Text
from pybtex.style.template import FieldIsMissing, Node, first_of, node, optional
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.referencing.basic_author_year import (
    BasicAuthorYearParentheticalReferenceStyle,
    BasicAuthorYearTextualReferenceStyle,
)
from sphinxcontrib.bibtex.style.referencing.extra_author import ExtraAuthorReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_empty import ExtraEmptyReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_label import ExtraLabelReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_year import ExtraYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join
from sphinxcontrib.bibtex.style.template import year as year_node

from ..core.citelabels import year_suffixes
from ..core.names import name_parts
from .formatting import plain_field
from .richtext import DecodedPerson


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")")


#: sphinxcontrib-bibtex's ``year`` ("n.d." for an entry without one), its field decoded
#: as the lists decode fields (style/formatting.py): LaTeX only where there is some
_YEAR = first_of[optional[plain_field("year")], "n.d."]


@node
def suffixed_year(children, data):
    """sphinxcontrib-bibtex's ``year``, followed by the entry's letter, if it has one."""
    assert not children
    year = _YEAR.format_data(data)
    suffix = data["style"].year_suffixes.get(data["entry"].key, "")
    return Text(year, suffix) if suffix else year


def _with_suffixed_years(template):
    """A copy of *template* whose ``year`` nodes are :func:`suffixed_year` nodes."""
    if not isinstance(template, Node):
        return template
    if template.f is year_node.f:
        return suffixed_year
    copy = Node(template.name, template.f)
    copy.args, copy.kwargs = list(template.args), dict(template.kwargs)
    copy.children = [_with_suffixed_years(child) for child in template.children]
    return copy


#: what a short citation of three or more people shows: the first, then "et al."
_SHOWN = 3
#: sphinxcontrib-bibtex's styles of the roles: a role's author list is the full one
#: where its name has an "s" (``ts``, ``authors``), and short otherwise
_ROLE_STYLES = (BasicAuthorYearParentheticalReferenceStyle,
                BasicAuthorYearTextualReferenceStyle, ExtraAuthorReferenceStyle,
                ExtraLabelReferenceStyle, ExtraYearReferenceStyle, ExtraEmptyReferenceStyle)
#: a name part that shows as some text: a letter or digit, no LaTeX command or comment
_SHOWS = re.compile(r"^[^\\%]*\w")


def _first_people(entry: Entry) -> Entry:
    """*entry* with its first three authors and editors only, where the short
    citation of the whole lists reads the same: sphinxcontrib-bibtex's ``names`` in
    a short citation joins the names that show as some text, and of three or more
    gives the first and "et al." (``other``). Where each of the first three shows as
    some text, that is the first one and "et al." either way; the names are then
    formatted three, not all of them (pybtex decodes each as LaTeX)."""
    persons = entry.persons
    if all(len(people) <= _SHOWN for people in persons.values()):
        return entry
    for people in persons.values():
        if len(people) > _SHOWN and not all(
                _SHOWS.match(" ".join(p.prelast_names + p.last_names)) for p in people[:_SHOWN]):
            return entry
    view = Entry(entry.type, fields=entry.fields,
                 persons={role: people[:_SHOWN] for role, people in persons.items()})
    view.key = entry.key
    return view


def decoded_people(entry: Entry) -> Entry:
    """*entry* with its people as :class:`~portfolio_ext.style.richtext.DecodedPerson`:
    the same names, decoded only where they hold LaTeX."""
    view = Entry(entry.type, fields=entry.fields, persons={
        role: [DecodedPerson(p) for p in people] for role, people in entry.persons.items()})
    view.key = entry.key
    return view


@dataclass
class PortfolioReferenceStyle(AuthorYearReferenceStyle):
    """Author-year citations with round brackets and disambiguating letters."""

    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)
    #: entry key -> the letter after its year; set by :meth:`tell_apart`
    year_suffixes: Mapping[str, str] = field(default_factory=dict)
    #: a name's parts (and the person style's) -> its short form (see _short_name)
    _short_names: dict[tuple, Text] = field(default_factory=dict, init=False, repr=False,
                                            compare=False)

    def inner(self, role_name: str) -> Node:
        return _with_suffixed_years(super().inner(role_name))

    def label(self, entry: Entry) -> str | None:
        """:meth:`author_label`, or None for an entry with no author, editor or title
        (it shares no label with any other)."""
        try:
            return self.author_label(entry)
        except FieldIsMissing:
            return None

    def author_label(self, entry: Entry) -> str:
        """The authors as a short citation shows them ("Luo et al."), as plain text:
        sphinxcontrib-bibtex's ``author_or_editor_or_title`` (short), with each name
        formatted once per style (:meth:`_short_name`) and, with "et al.", only until
        three show; the title, for an entry whose people show nothing, from the
        template itself."""
        person = self.person
        for role in ("author", "editor"):
            parts = []
            for someone in entry.persons.get(role, ()):
                name = self._short_name(someone)
                if name:  # sphinxcontrib-bibtex's join leaves out empty names
                    parts.append(name)
                    if person.other is not None and len(parts) == _SHOWN:
                        break  # the first and "et al." however many follow
            text = join(sep=person.sep, sep2=person.sep2, last_sep=person.last_sep,
                        other=person.other)[parts].format()
            if text:
                return str(text)
        template = person.author_or_editor_or_title(full=False)
        return str(template.format_data({"entry": decoded_people(entry), "style": self}))

    def _short_name(self, someone: Person) -> Text:
        """*someone*'s name as the person style formats it in a citation ("Luo"),
        decoded as pybtex decodes it; made once per name (a name template is some 40
        microseconds, and a bib file names the same people again and again)."""
        person = self.person
        key = (type(person.style_plugin), person.abbreviate, *name_parts(someone))
        name = self._short_names.get(key)
        if name is None:
            name = self._short_names[key] = person.style_plugin.format(
                DecodedPerson(someone), person.abbreviate).format()
        return name

    def cited(self, entry: Entry, role_name: str) -> Entry:
        """*entry* as citation role *role_name* reads it: its people decoded only where
        they hold LaTeX, and where the role shows a short author list ("Luo et al.":
        sphinxcontrib-bibtex's roles without an "s") the first three alone, if the
        citation reads the same (:func:`_first_people`)."""
        if ("s" not in role_name and self.person.other is not None
                and type(self.role_style.get(role_name)) in _ROLE_STYLES):
            entry = _first_people(entry)
        return decoded_people(entry)

    def tell_apart(self, entries: Iterable[Entry],
                   label_of: Callable[[Entry], str | None] | None = None) -> Mapping[str, str]:
        """Give letters to the *entries* whose short citations would read the same, and
        return them (key -> letter). *label_of* gives an entry's :meth:`label`, e.g.
        from what an earlier build made of the same entry."""
        items = []
        for entry in entries:
            label = (label_of or self.label)(entry)
            if label is None:
                continue
            items.append((entry.key, label, entry.fields.get("year", ""),
                          entry.fields.get("title", "")))
        self.year_suffixes = year_suffixes(items)
        return self.year_suffixes
