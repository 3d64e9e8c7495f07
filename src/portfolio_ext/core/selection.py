"""Selections of entries by topic, tag, type, year and the owner's role.

Pure functions, no Sphinx imports. The same small language serves the ``pubcount``
role, the ``publications-chart`` directive and the ``:role:`` option of
``publications``::

    topic:condensation role:corresponding year:2020-2024

Terms are separated by spaces and must all hold; a term's values are separated by
commas and any one of them may hold (``type:article,inproceedings``); a leading ``-``
negates a term (``-type:misc``: anything but preprints). ``all`` (or nothing) selects
every entry. A value with spaces (a topic key such as ``machine learning``) is written
in double quotes: ``topic:"machine learning",theory``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .badges import SELECTED, selected_of
from .bibindex import BibIndex, EntryInfo

__all__ = ["CRITERIA", "OWNER_ROLES", "Selection", "owner_roles", "parse_selection"]

#: what a term may select on
CRITERIA = ("topic", "tag", "type", "year", "role")
#: the owner's roles in an entry: first or last author, or a role from author+an
OWNER_ROLES = ("first", "last", "corresponding", "equal", "alphabetical")

_YEARS = re.compile(r"^(?P<start>\d{4})?(?P<dash>-)?(?P<end>\d{4})?$")


@dataclass(frozen=True)
class Selection:
    """A parsed selection: a conjunction of (criterion, accepted values) terms."""

    terms: tuple[tuple[str, tuple[str, ...], bool], ...] = ()  #: (criterion, values, negated)

    def matches(self, index: BibIndex, key: str) -> bool:
        info = index.info[key]
        facts: dict[str, Callable[[], Iterable[str]]] = {
            "topic": lambda: info.topics,
            # al-folio's selected = {true} is the tag "selected"
            "tag": lambda: (*info.keywords, *(
                (SELECTED,) if selected_of(index.data.entries[key].fields)[0] else ())),
            "type": lambda: (info.kind,),
            "role": lambda: owner_roles(info, info.authors),
        }
        for criterion, values, negated in self.terms:
            if criterion == "year":
                holds = any(_year_in(info.year, value) for value in values)
            else:
                holds = bool(set(values) & set(facts[criterion]()))
            if holds == negated:
                return False
        return True

    def select(self, index: BibIndex) -> list[str]:
        """The keys of *index* that match, in bib file order."""
        return [key for key in index.keys if key in index.info and self.matches(index, key)]


def owner_roles(info: EntryInfo, n_authors: int) -> set[str]:
    """The owner's roles in one entry (empty when the owner is not an author)."""
    roles: set[str] = set()
    annotations = info.annotations.get("author")
    for position in info.owner_positions:
        if position == 1:
            roles.add("first")
        if position == n_authors:
            roles.add("last")
        if annotations:
            roles.update(annotations.roles_of(position))
    if annotations and info.owner_positions:
        roles.update(annotations.field_roles)
    return roles


def parse_selection(
    text: str, *, topics: Iterable[str], tags: Iterable[str]
) -> tuple[Selection, list[str]]:
    """Parse *text*; each problem is returned as a message and its term is ignored.

    :param topics: the known topic keys (``portfolio_topics``).
    :param tags: the known tags (``portfolio_tags``); ``selected`` (al-folio's
        ``selected = {true}``, or the keyword) is always known.
    """
    known = {
        "topic": set(topics),
        "tag": {*tags, SELECTED},
        "role": set(OWNER_ROLES),
    }
    terms: list[tuple[str, tuple[str, ...], bool]] = []
    problems: list[str] = []
    for word in _TERM.findall(text):
        if word == "all":
            continue
        negated = word.startswith("-")
        criterion, colon, raw = word.removeprefix("-").partition(":")
        values = tuple(v.strip('"') for v in _VALUE.findall(raw) if v.strip('"'))
        if not colon or criterion not in CRITERIA or not values:
            problems.append(
                f"cannot read {word!r}: write criterion:value with a criterion out of "
                f"{', '.join(CRITERIA)} (e.g. 'topic:{_quoted(next(iter(sorted(known['topic'])), 'x'))}',"
                " 'role:corresponding', 'year:2020-2024'), or 'all'"
            )
            continue
        if criterion == "year":
            bad = [v for v in values if not _valid_years(v)]
            if bad:
                problems.append(
                    f"cannot read year {', '.join(map(repr, bad))}: write 2020, 2018-2020, "
                    "2020- or -2019"
                )
                continue
        elif criterion == "type":
            values = tuple(v.lower() for v in values)
        elif unknown := [v for v in values if v not in known[criterion]]:
            choices = ", ".join(sorted(known[criterion])) or "none are set"
            spaced = [k for k in sorted(known[criterion]) for v in unknown
                      if " " in k and k.startswith(f"{v} ")]
            hint = (f" (a value with spaces is written in double quotes: "
                    f"{criterion}:\"{spaced[0]}\")" if spaced else "")
            problems.append(
                f"unknown {criterion} {', '.join(map(repr, unknown))}; known: {choices}{hint}"
            )
            continue
        terms.append((criterion, values, negated))
    return Selection(tuple(terms)), problems


def _quoted(value: str) -> str:
    return f'"{value}"' if " " in value else value


#: a term: what is not a space, and double-quoted text with its spaces
_TERM = re.compile(r'(?:"[^"]*"|[^\s"])+')
#: a value of a term: comma-separated, commas inside double quotes kept
_VALUE = re.compile(r'(?:"[^"]*"|[^,"])+')


def _valid_years(text: str) -> bool:
    match = _YEARS.match(text)
    if not match or not (match["start"] or match["end"]):
        return False
    if not match["dash"] and match["end"]:
        return False  # "20202021"
    return not (match["start"] and match["end"] and int(match["start"]) > int(match["end"]))


def _year_in(year: int, text: str) -> bool:
    match = _YEARS.match(text)
    assert match  # checked by parse_selection
    if not match["dash"]:
        return year == int(match["start"])
    start = int(match["start"] or 0)
    end = int(match["end"] or 9999)
    return bool(year) and start <= year <= end
