"""The ``portfolio`` citation style: author-year in round brackets.

``{cite:p}`key``` gives "(Xu et al., 2020)" and ``{cite:t}`key``` "Xu et al. (2020)",
as readers of the sciences expect, where sphinxcontrib-bibtex's ``author_year`` uses
square brackets. Select it with ``bibtex_reference_style = "portfolio"``; it is
registered under sphinxcontrib-bibtex's ``sphinxcontrib.bibtex.style.referencing``
entry point.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")")


@dataclass
class PortfolioReferenceStyle(AuthorYearReferenceStyle):
    """Author-year citations with round brackets."""

    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)
