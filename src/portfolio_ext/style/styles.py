"""Well-known reference formats as ``portfolio`` styles: author-year, numbered, APA.

Each is a small subclass of :class:`~portfolio_ext.style.formatting.PortfolioStyle`, so
each keeps the owner highlighted, the role markers, the marked people, the homepages,
long author lists cut short, the titles as written and the safe links; they differ in
how names are written and joined, where the year goes, and (numbered, APA) how articles
and conference papers are laid out:

=========================  ==============================================================
``portfolio-authoryear``   Chicago author-date: Doe, Jane, Edgar Poe, and Anna Moe. 2019.
                           Title. *Journal* 3(2):10-19.
``portfolio-numbered``     IEEE: J. Doe, E. Poe, and A. Moe, “Title,” *Journal*, vol. 3,
                           no. 2, pp. 10-19, 2019. (numbered lists: [1], [2], ...)
``portfolio-apa``          APA 7: Doe, J., Poe, E., & Moe, A. (2019). Title. *Journal*,
                           *3*(2), 10-19.
=========================  ==============================================================

They are registered under the ``pybtex.style.formatting`` entry point by these names
(``:style: portfolio-apa`` in a ``bibliography`` directive), and ``portfolio_style``
chooses one for the ``publications`` lists (:func:`style_class`).
"""

from __future__ import annotations

from typing import ClassVar

from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date as unsrt_date
from pybtex.style.formatting.unsrt import pages
from pybtex.style.names.lastfirst import NameStyle as LastFirstNameStyle
from pybtex.style.template import Node, field, first_of, join, optional, sentence, tag

from .formatting import PortfolioStyle, _with_plain_fields

__all__ = ["APAStyle", "AuthorYearStyle", "NumberedStyle", "style_class"]

_LAST_FIRST = LastFirstNameStyle()


def _year_after_names(template: Node, year: Node) -> Node:
    """*template* without pybtex's date, and *year* after its first part (the names)."""
    arranged = _with_plain_fields(template, without=unsrt_date)
    arranged.children.insert(1, year)
    return arranged


class AuthorYearStyle(PortfolioStyle):
    """Chicago author-date: the first name last name first, the year after the names."""

    name_separators: ClassVar[dict[str, str]] = {"sep": ", ", "sep2": ", and ",
                                                 "last_sep": ", and "}

    def name_style_at(self, position: int):
        return _LAST_FIRST.format if position == 1 else self.format_name

    def arrange(self, template: Node) -> Node:
        # an entry without a year (a @misc, @unpublished) is "n.d.", as APA has it
        return _year_after_names(template, sentence[first_of[optional[field("year")], "n.d."]])

    # the year moves after the names, so the place and publisher end the entry in a
    # sentence of their own, as pybtex's unsrt has them ("5-9. Springfield.")
    get_inproceedings_template = UnsrtStyle.get_inproceedings_template


class _Initials(PortfolioStyle):
    """Given names as initials ("Z.-Q. J. Xu"), whatever pybtex is asked."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.abbreviate_names = True


class NumberedStyle(_Initials):
    """IEEE: initials, the title in quotes, ``vol.``, ``no.`` and ``pp.``; the lists are
    numbered."""

    def _quoted_title(self, e):
        return join["\u201c", self.format_title(e, "title", as_sentence=False), ",\u201d"]

    def get_article_template(self, e):
        return toplevel[
            join[self.format_names("author", as_sentence=False), ","],
            self._quoted_title(e),
            sentence[
                tag("em")[field("journal")],
                optional[join["vol. ", field("volume")]],
                optional[join["no. ", field("number")]],
                optional[join["pp. ", pages]],
                unsrt_date,
            ],
            sentence[optional_note()],
            self.format_web_refs(e),
        ]

    def get_inproceedings_template(self, e):
        return toplevel[
            join[self.format_names("author", as_sentence=False), ","],
            self._quoted_title(e),
            sentence[
                join(sep=" ")["in", self.format_btitle(e, "booktitle", as_sentence=False)],
                optional[field("address")],
                unsrt_date,
                optional[join["pp. ", pages]],
            ],
            sentence[optional_note()],
            self.format_web_refs(e),
        ]


class APAStyle(_Initials):
    """APA 7: "Last, F." names joined with "&", the year in brackets after them."""
    name_separators: ClassVar[dict[str, str]] = {"sep": ", ", "sep2": ", & ",
                                                 "last_sep": ", & "}

    def name_style_at(self, position: int):
        return _LAST_FIRST.format

    def arrange(self, template: Node) -> Node:
        return _year_after_names(template, sentence[first_of[
            optional[join["(", field("year"), ")"]], "(n.d.)"]])

    get_inproceedings_template = UnsrtStyle.get_inproceedings_template  # as AuthorYearStyle

    def get_article_template(self, e):
        return toplevel[
            self.format_names("author"),
            self.format_title(e, "title"),
            sentence[
                tag("em")[field("journal")],
                optional[join[tag("em")[field("volume")], optional["(", field("number"), ")"]]],
                optional[pages],
            ],
            sentence[optional_note()],
            self.format_web_refs(e),
        ]


def optional_note():
    return optional[field("note")]


#: ``portfolio_style`` value -> style (core/settings.py STYLES)
_STYLES: dict[str, type[PortfolioStyle]] = {
    "portfolio": PortfolioStyle,
    "authoryear": AuthorYearStyle,
    "numbered": NumberedStyle,
    "apa": APAStyle,
}


def style_class(name: str) -> type[PortfolioStyle]:
    """The style that ``portfolio_style = name`` chooses (a validated name)."""
    return _STYLES[name]
