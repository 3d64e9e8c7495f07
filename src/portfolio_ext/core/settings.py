"""The extension's settings and their validation, without Sphinx.

:func:`validate` checks the raw ``portfolio_*`` values of a ``conf.py`` and gives a
:class:`PortfolioConfig`; the Sphinx glue (``sphinx_ext/config.py``) calls it at
``config-inited``, and ``portfolio-ext check`` calls it on ``conf.py`` directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .names import OwnerMatcher, parse_form

#: roles an author can carry, with the symbol shown after the name
DEFAULT_ROLE_SYMBOLS = {"corresponding": "*", "equal": "#"}
#: what each role means, for the legend and for screen readers
DEFAULT_ROLE_LABELS = {
    "corresponding": "corresponding author",
    "equal": "equal contribution",
    "alphabetical": "authors in alphabetical order",
}
#: headings for ``:group-by: type``, in display order
DEFAULT_TYPE_LABELS = {
    "article": "Journal articles",
    "inproceedings": "Conference papers",
    "incollection": "Book chapters",
    "inbook": "Book chapters",
    "book": "Books",
    "phdthesis": "Theses",
    "mastersthesis": "Theses",
    "techreport": "Reports",
    "misc": "Preprints and other works",
    "unpublished": "Preprints and other works",
}


@dataclass(frozen=True)
class PeopleGroup:
    """A set of names marked in every author list, e.g. the students supervised."""

    key: str  #: CSS class suffix and marker role: ``portfolio-person-<key>``
    names: tuple[str, ...]  #: name forms, BibTeX syntax, matched like the owner's
    label: str  #: meaning, for the legend and screen readers
    symbol: str = ""  #: marker after the name (none: the name is only styled)

    @property
    def matcher(self) -> OwnerMatcher:
        return _matcher(self.names)


@dataclass(frozen=True)
class PortfolioConfig:
    """Validated settings; read it through :func:`get_config`."""

    #: the owner's name forms, BibTeX syntax ("Last, First Middle")
    owner: tuple[str, ...] = ()
    #: topic key -> heading, in display order
    topics: dict[str, str] = field(default_factory=dict)
    #: other keywords that entries may carry without being topics (e.g. "representative")
    tags: tuple[str, ...] = ()
    #: role -> symbol placed after the name
    role_symbols: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ROLE_SYMBOLS))
    #: role -> meaning (legend, screen readers); "alphabetical" is the list-wide note
    role_labels: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ROLE_LABELS))
    #: entry type -> heading for ``:group-by: type``
    type_labels: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TYPE_LABELS))
    #: heading of the group of entries with no known topic
    other_label: str = "Other"
    #: the page where citations link when the cited entry is not on the citing page
    publications_page: str = ""
    #: other people marked in author lists (students, ...), by group key
    people: dict[str, PeopleGroup] = field(default_factory=dict)

    @property
    def matcher(self) -> OwnerMatcher:
        return _matcher(self.owner)

    def label(self, role: str) -> str:
        return self.role_labels.get(role, role)

    def signature(self) -> str:
        """A stable text that changes whenever any setting changes (cache keys)."""
        return repr(tuple((f.name, _stable(getattr(self, f.name))) for f in fields(self)))


def _stable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple(value.items())
    return value


_MATCHERS: dict[tuple[str, ...], OwnerMatcher] = {}


def _matcher(owner: tuple[str, ...]) -> OwnerMatcher:
    # per-process cache of a pure function of the config: no document data here
    if owner not in _MATCHERS:
        _MATCHERS[owner] = OwnerMatcher(owner)
    return _MATCHERS[owner]


# name in conf.py -> (field, default, expected kind)
_SETTINGS: dict[str, tuple[str, Any, type]] = {
    "portfolio_owner": ("owner", [], list),
    "portfolio_topics": ("topics", {}, dict),
    "portfolio_tags": ("tags", [], list),
    "portfolio_role_symbols": ("role_symbols", DEFAULT_ROLE_SYMBOLS, dict),
    "portfolio_role_labels": ("role_labels", DEFAULT_ROLE_LABELS, dict),
    "portfolio_type_labels": ("type_labels", DEFAULT_TYPE_LABELS, dict),
    "portfolio_other_label": ("other_label", "Other", str),
    "portfolio_publications_page": ("publications_page", "", str),
}


#: a setting of its own shape: group key -> {"names": [...], "label": ..., "symbol": ...}
PEOPLE = "portfolio_people"
_GROUP_KEY = re.compile(r"^[a-z][a-z0-9-]*$")


def setting_line(conf_py: Path, name: str) -> int | None:
    """The line of conf.py where *name* is last assigned, if it is."""
    try:
        text = conf_py.read_text(encoding="utf-8")
    except OSError:
        return None
    found = None
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"{name}\s*(:[^=]*)?=(?!=)", line):
            found = number
    return found


def validate(raw: Mapping[str, Any], report: Callable[[str, str], None]) -> PortfolioConfig:
    """Check the ``portfolio_*`` values in *raw* (missing ones take their defaults).

    Each problem goes to *report* as (message naming the setting, setting name); the
    bad value is replaced by its default (or dropped, for a bad owner form).
    """
    values: dict[str, Any] = {}
    for name, (attr, default, kind) in _SETTINGS.items():
        value = raw.get(name, default)
        ok = isinstance(value, (list, tuple)) if kind is list else isinstance(value, kind)
        if ok and kind is list:
            ok = all(isinstance(v, str) for v in value)
        elif ok and kind is dict:
            ok = all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
        if not ok:
            shape = {list: "a list of strings", dict: "a dict of strings to strings", str: "a string"}
            report(
                f"{name} must be {shape[kind]}, not {type(value).__name__} {value!r}; "
                "using the default",
                name,
            )
            value = default
        values[attr] = tuple(value) if kind is list else (dict(value) if kind is dict else value)

    owner = []
    for form in values["owner"]:
        try:
            parse_form(form)
        except ValueError as exc:
            report(f"portfolio_owner: {exc}", "portfolio_owner")
        else:
            owner.append(form)
    values["owner"] = tuple(owner)
    if not values["owner"]:
        report(
            "portfolio_owner is empty: no author will be highlighted; set it to the "
            "owner's name forms, e.g. portfolio_owner = ['Doe, Jane', 'Doe, J.']",
            "portfolio_owner",
        )
    # the defaults stay unless overridden key by key
    values["role_symbols"] = {**DEFAULT_ROLE_SYMBOLS, **values["role_symbols"]}
    values["role_labels"] = {**DEFAULT_ROLE_LABELS, **values["role_labels"]}
    values["type_labels"] = {**DEFAULT_TYPE_LABELS, **values["type_labels"]}
    values["people"] = _people(raw.get(PEOPLE, {}), report, set(values["role_symbols"]))
    clash = set(values["topics"]) & set(values["tags"])
    if clash:
        report(
            f"portfolio_tags repeats topic keys {sorted(clash)}: a keyword is either a "
            "topic (portfolio_topics) or a tag, not both",
            "portfolio_tags",
        )
    return PortfolioConfig(**values)


def _people(
    raw: Any, report: Callable[[str, str], None], roles: set[str]
) -> dict[str, PeopleGroup]:
    """Validate ``portfolio_people``; a bad group is reported and left out."""
    example = ("e.g. portfolio_people = {'student': {'names': ['Doe, Jane'], "
               "'label': 'student supervised', 'symbol': '\u2020'}}")
    if not isinstance(raw, Mapping):
        report(f"{PEOPLE} must be a dict of groups, not {type(raw).__name__}; {example}", PEOPLE)
        return {}
    groups: dict[str, PeopleGroup] = {}
    for key, spec in raw.items():
        where = f"{PEOPLE}[{key!r}]"
        if not isinstance(key, str) or not _GROUP_KEY.match(key) or key in roles:
            report(f"{where}: a group key must be lower-case letters, digits and '-', and "
                   f"not a role name ({', '.join(sorted(roles))}); {example}", PEOPLE)
            continue
        if not isinstance(spec, Mapping) or set(spec) - {"names", "label", "symbol"}:
            report(f"{where} must be a dict with the keys names, label and (optionally) "
                   f"symbol; {example}", PEOPLE)
            continue
        names, label, symbol = spec.get("names"), spec.get("label"), spec.get("symbol", "")
        if (not isinstance(names, (list, tuple)) or not names
                or not all(isinstance(n, str) for n in names)):
            report(f"{where}['names'] must be a non-empty list of names; {example}", PEOPLE)
            continue
        if not isinstance(label, str) or not label.strip() or not isinstance(symbol, str):
            report(f"{where} needs a 'label' (what the marking means) and, if any, a "
                   f"'symbol' as strings; {example}", PEOPLE)
            continue
        forms = []
        for form in names:
            try:
                parse_form(form)
            except ValueError as exc:
                report(f"{where}: {exc}", PEOPLE)
            else:
                forms.append(form)
        if forms:
            groups[key] = PeopleGroup(key, tuple(forms), label.strip(), symbol.strip())
    return groups
