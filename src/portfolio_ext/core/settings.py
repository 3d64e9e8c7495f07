"""The extension's settings and their validation, without Sphinx.

Every setting is a field of :class:`PortfolioConfig` (``portfolio_<field>`` in
``conf.py``), whose metadata says how Sphinx declares it (:data:`SETTINGS`).
:func:`validate` checks the raw values of a ``conf.py`` and gives a
:class:`PortfolioConfig`; the Sphinx glue (``sphinx_ext/config.py``) calls it at
``builder-inited``, and ``portfolio-ext check`` calls it on ``conf.py`` directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any, NamedTuple

from .metadata import person_json_ld
from .names import OwnerMatcher, parse_form
from .people import Homepages, check_homepages

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
    # biblatex's types (and BibTeX's rarer ones), under the label of the nearest
    "conference": "Conference papers",
    "inreference": "Book chapters",
    "bookinbook": "Book chapters",
    "suppbook": "Book chapters",
    "suppcollection": "Book chapters",
    "collection": "Books",
    "mvbook": "Books",
    "mvcollection": "Books",
    "proceedings": "Books",
    "mvproceedings": "Books",
    "reference": "Books",
    "thesis": "Theses",
    "report": "Reports",
    "online": "Preprints and other works",
    "booklet": "Preprints and other works",
    "manual": "Preprints and other works",
    "software": "Software",
    "dataset": "Data sets",
    "patent": "Patents",
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


#: the values of ``portfolio_pdf_numbering``: bullets; 1, 2, 3 ...; n, n-1, ... 1
NUMBERINGS = ("none", "plain", "reverse")

#: the kinds of setting: what ``add_config_value`` accepts, and how a value is described
#: in the warning when it is of the wrong type
KINDS: dict[str, tuple[tuple[type, ...], str]] = {
    "strings": ((list, tuple), "a list of strings"),
    "labels": ((dict,), "a dict of strings to strings"),
    "text": ((str,), "a string"),
    "path": ((str,), "a string"),
    "flag": ((bool,), "True or False"),
    "people": ((dict,), "a dict of groups"),
    "person": ((dict,), "a dict"),
    "count": ((int,), "a whole number, 0 or more"),
}

#: the list styles (``portfolio_style``), by the name of their pybtex plug-in:
#: ``portfolio`` and ``portfolio-<name>`` (``style/styles.py``)
STYLES = ("portfolio", "authoryear", "numbered", "apa")


def _about(rebuild: str, kind: str, help: str) -> dict[str, str]:
    """The metadata of a field of :class:`PortfolioConfig`: what ``add_config_value``
    and :func:`validate` need besides its default.

    :param rebuild: "env" if reading a page uses it (pages are read again when it
        changes, and it is part of :meth:`PortfolioConfig.signature`), "html" if only
        writing does, "" if neither
    :param kind: a key of :data:`KINDS`
    :param help: what it does, one line (Sphinx's ``description``)
    """
    return {"rebuild": rebuild, "kind": kind, "help": help}


@dataclass(frozen=True)
class PortfolioConfig:
    """Validated settings; read it through :func:`get_config`.

    Each field is the setting ``portfolio_<field name>`` of ``conf.py``: its metadata
    drives ``add_config_value`` (``portfolio_ext.setup``) and :func:`validate`.
    """

    #: the owner's name forms, BibTeX syntax ("Last, First Middle")
    owner: tuple[str, ...] = field(
        default=(),
        metadata=_about("env", "strings", "the owner's name forms, 'Last, First'"),
    )
    #: topic key -> heading, in display order
    topics: dict[str, str] = field(
        default_factory=dict,
        metadata=_about("env", "labels", "topic key -> heading, in display order"),
    )
    #: other keywords that entries may carry without being topics (e.g. "representative")
    tags: tuple[str, ...] = field(
        default=(),
        metadata=_about("env", "strings", "keywords that are not topics"),
    )
    #: role -> symbol placed after the name
    role_symbols: dict[str, str] = field(
        default_factory=lambda: dict(DEFAULT_ROLE_SYMBOLS),
        metadata=_about("env", "labels", "role -> symbol after the name, merged"),
    )
    #: role -> meaning (legend, screen readers); "alphabetical" is the list-wide note
    role_labels: dict[str, str] = field(
        default_factory=lambda: dict(DEFAULT_ROLE_LABELS),
        metadata=_about("env", "labels", "role -> meaning, merged"),
    )
    #: entry type -> heading for ``:group-by: type``
    type_labels: dict[str, str] = field(
        default_factory=lambda: dict(DEFAULT_TYPE_LABELS),
        metadata=_about("env", "labels", "entry type -> heading for :group-by: type, merged"),
    )
    #: heading of the group of entries with no known topic
    other_label: str = field(
        default="Other",
        metadata=_about("env", "text", "heading of the entries with no topic"),
    )
    #: the page where citations link when the cited entry is not on the citing page
    publications_page: str = field(
        default="",
        metadata=_about("env", "text", "the page citations link to by default"),
    )
    #: other people marked in author lists (students, ...), by group key
    people: dict[str, PeopleGroup] = field(
        default_factory=dict,
        metadata=_about("env", "people", "other people marked in author lists"),
    )
    #: name form (BibTeX syntax, matched like the owner's) -> homepage, linked in lists
    homepages: dict[str, str] = field(
        default_factory=dict,
        metadata=_about("env", "labels", "name form -> homepage linked from the name"),
    )
    #: show the first this many authors of a longer list, then "and K more" (0: all)
    max_authors: int = field(
        default=0,
        metadata=_about("env", "count", "authors shown before 'and K more' (0: all)"),
    )
    #: cut long author lists in ePub and PDF too (they show every author otherwise)
    max_authors_print: bool = field(
        default=False,
        metadata=_about("env", "flag", "cut long author lists in ePub and PDF too"),
    )
    #: how entries are written: one of :data:`STYLES`
    style: str = field(
        default="portfolio",
        metadata=_about("env", "text", "the list style: " + ", ".join(STYLES)),
    )
    #: venue name (as a journal or booktitle holds it) -> its short label, the badge of
    #: entries without ``abbr``
    venues: dict[str, str] = field(
        default_factory=dict,
        metadata=_about("env", "labels", "venue name -> short label for its badge"),
    )
    #: folders (in the source folder) where the files that entries name are looked up
    file_dirs: tuple[str, ...] = field(
        default=(),
        metadata=_about("html", "strings", "folders where entries' files are looked up"),
    )
    #: a page per publication, and the export files (HTML builders)
    paper_pages: bool = field(
        default=True,
        metadata=_about("html", "flag", "write a page per publication"),
    )
    #: the folder of the paper pages in the output, relative to it
    paper_pages_dir: str = field(
        default="papers",
        metadata=_about("html", "path", "the folder of the paper pages"),
    )
    #: paper pages as the theme's full pages (its navigation, sidebars and scripts)
    #: instead of small static pages with the theme's stylesheets and a header
    paper_pages_themed: bool = field(
        default=False,
        metadata=_about("html", "flag", "paper pages as the theme's full pages"),
    )
    #: a Google Scholar search for the title on the page of an entry with no link
    search_links: bool = field(
        default=True,
        metadata=_about("html", "flag", "a Scholar search on pages with no link"),
    )
    #: schema.org ``Person`` properties for the home page's JSON-LD
    person: dict[str, Any] = field(
        default_factory=dict,
        metadata=_about("html", "person", "schema.org Person of the home page"),
    )
    #: write ``sitemap.xml`` (needs ``html_baseurl``)
    sitemap: bool = field(
        default=False,
        metadata=_about("html", "flag", "write sitemap.xml under html_baseurl"),
    )
    #: reuse work across builds (formatted entries, paper pages); False builds afresh
    cache: bool = field(
        default=True,
        metadata=_about("", "flag", "reuse formatted entries and pages across builds"),
    )

    #: how the PDF numbers the entries of each ``publications`` list (:data:`NUMBERINGS`)
    pdf_numbering: str = field(
        default="none",
        metadata=_about("", "text", "numbers of the PDF's list entries: none, plain, reverse"),
    )

    @property
    def matcher(self) -> OwnerMatcher:
        return _matcher(self.owner)

    @property
    def homepage_index(self) -> Homepages:
        return _homepages(tuple(self.homepages.items()))

    def label(self, role: str) -> str:
        return self.role_labels.get(role, role)

    def signature(self) -> str:
        """A stable text that changes whenever a setting that pages are read with
        changes (rebuild "env"): the cache keys of the bib index and the formatting."""
        return repr(tuple(
            (f.name, _stable(getattr(self, f.name)))
            for f in fields(self) if f.metadata["rebuild"] == "env"
        ))


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


_HOMEPAGES: dict[tuple[tuple[str, str], ...], Homepages] = {}


def _homepages(pages: tuple[tuple[str, str], ...]) -> Homepages:
    # per-process cache of a pure function of the config, like _matcher
    if pages not in _HOMEPAGES:
        _HOMEPAGES[pages] = Homepages(dict(pages))
    return _HOMEPAGES[pages]


class Setting(NamedTuple):
    """One ``conf.py`` setting, as ``add_config_value`` declares it."""

    name: str  #: its name in conf.py, ``portfolio_<field>``
    field: str  #: the field of :class:`PortfolioConfig`
    default: Any  #: its default, as conf.py would write it (a list, not a tuple)
    rebuild: str  #: "env", "html" or ""
    types: frozenset[type]  #: the types Sphinx accepts without a warning of its own
    kind: str  #: a key of :data:`KINDS`
    help: str  #: one line on what it does


def _declared() -> tuple[Setting, ...]:
    result = []
    for f in fields(PortfolioConfig):
        default = f.default_factory() if f.default is MISSING else f.default  # type: ignore[misc]
        kind = f.metadata["kind"]
        result.append(Setting(
            f"portfolio_{f.name}", f.name, list(default) if isinstance(default, tuple) else default,
            f.metadata["rebuild"], frozenset(KINDS[kind][0]), kind, f.metadata["help"],
        ))
    return tuple(result)


#: every ``portfolio_*`` setting, in the order of :class:`PortfolioConfig`
SETTINGS = _declared()
SETTINGS_BY_NAME = {setting.name: setting for setting in SETTINGS}
PEOPLE = "portfolio_people"
_PEOPLE_EXAMPLE = ("e.g. portfolio_people = {'student': {'names': ['Doe, Jane'], "
                   "'label': 'student supervised', 'symbol': '\u2020'}}")
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


#: the message for an empty ``portfolio_owner``
NO_OWNER = ("portfolio_owner is empty: no author will be highlighted; set it to the "
            "owner's name forms, e.g. portfolio_owner = ['Doe, Jane', 'Doe, J.']")


def validate(
    raw: Mapping[str, Any], report: Callable[[str, str], None], *, require_owner: bool = True,
) -> PortfolioConfig:
    """Check the ``portfolio_*`` values in *raw* (missing ones take their defaults).

    Each problem goes to *report* as (message naming the setting, setting name); the
    bad value is replaced by its default (or dropped, for a bad owner form or group).
    *raw* may also hold ``html_baseurl``, which ``portfolio_sitemap`` needs.

    :param require_owner: report an empty ``portfolio_owner`` (:data:`NO_OWNER`); the
        Sphinx glue reports it itself, once a page lists publications
    """
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = raw.get(setting.name, setting.default)
        if not _of_kind(value, setting.kind):
            example = f"; {_PEOPLE_EXAMPLE}" if setting.name == PEOPLE else ""
            report(
                f"{setting.name} must be {KINDS[setting.kind][1]}, not "
                f"{type(value).__name__} {value!r}; using the default{example}",
                setting.name,
            )
            value = setting.default
        if setting.kind == "strings":
            value = tuple(value)
        elif isinstance(value, dict):
            value = dict(value)
        values[setting.field] = value

    owner = []
    for form in values["owner"]:
        try:
            parse_form(form)
        except ValueError as exc:
            report(f"portfolio_owner: {exc}", "portfolio_owner")
        else:
            owner.append(form)
    values["owner"] = tuple(owner)
    if not values["owner"] and require_owner:
        report(
            NO_OWNER, "portfolio_owner",
        )
    # the defaults stay unless overridden key by key
    values["role_symbols"] = {**DEFAULT_ROLE_SYMBOLS, **values["role_symbols"]}
    values["role_labels"] = {**DEFAULT_ROLE_LABELS, **values["role_labels"]}
    values["type_labels"] = {**DEFAULT_TYPE_LABELS, **values["type_labels"]}
    values["people"] = _people(values["people"], report, set(values["role_symbols"]))
    clash = set(values["topics"]) & set(values["tags"])
    if clash:
        report(
            f"portfolio_tags repeats topic keys {sorted(clash)}: a keyword is either a "
            "topic (portfolio_topics) or a tag, not both",
            "portfolio_tags",
        )
    values["homepages"] = check_homepages(values["homepages"], report)
    if values["style"] not in STYLES:
        report(f"portfolio_style must be one of {', '.join(STYLES)}, not "
               f"{values['style']!r}; using 'portfolio'", "portfolio_style")
        values["style"] = "portfolio"
    if values["pdf_numbering"] not in NUMBERINGS:
        report(
            f"portfolio_pdf_numbering must be one of {', '.join(map(repr, NUMBERINGS))}, "
            f"not {values['pdf_numbering']!r}; the PDF's lists are not numbered",
            "portfolio_pdf_numbering",
        )
        values["pdf_numbering"] = "none"
    values["paper_pages_dir"] = _folder(values["paper_pages_dir"], report)
    values["person"] = _person(values["person"], report)
    if values["sitemap"] and not raw.get("html_baseurl"):
        report(
            "portfolio_sitemap needs html_baseurl, the address where the site is published "
            "(e.g. html_baseurl = 'https://example.org/'); no sitemap is written",
            "portfolio_sitemap",
        )
        values["sitemap"] = False
    return PortfolioConfig(**values)


def _of_kind(value: Any, kind: str) -> bool:
    if not isinstance(value, KINDS[kind][0]):
        return False
    if kind == "strings":
        return all(isinstance(v, str) for v in value)
    if kind == "count":
        return not isinstance(value, bool) and value >= 0
    if kind == "labels":
        return all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    return True


def _folder(value: str, report: Callable[[str, str], None]) -> str:
    """``portfolio_paper_pages_dir`` as page names use it ("papers/", "./papers" ->
    "papers"), or the default if it is not a folder inside the output."""
    name = "portfolio_paper_pages_dir"
    parts = [part for part in re.split(r"[/\\]", value) if part not in ("", ".")]
    if not parts or value.startswith(("/", "\\")) or ":" in parts[0] or ".." in parts:
        report(
            f"{name} must be a folder inside the output, relative to it and without "
            f"'..' (e.g. 'papers'), not {value!r}; using the default",
            name,
        )
        return SETTINGS_BY_NAME[name].default
    return "/".join(parts)


def _person(person: dict[str, Any], report: Callable[[str, str], None]) -> dict[str, Any]:
    """``portfolio_person``, or none if it cannot make a schema.org ``Person``."""
    problem = ""
    if person and not isinstance(person.get("name"), str):
        problem = "needs a 'name' (a string): the person's name as shown on the site"
    elif not all(isinstance(key, str) for key in person):
        problem = "must have string keys (schema.org property names)"
    else:
        try:
            person_json_ld(person)
        except (TypeError, ValueError) as exc:
            problem = f"must hold only JSON values (strings, numbers, lists, dicts): {exc}"
    if problem:
        report(f"portfolio_person {problem}; no Person metadata is written", "portfolio_person")
        return {}
    return person


def _people(
    raw: Mapping[str, Any], report: Callable[[str, str], None], roles: set[str]
) -> dict[str, PeopleGroup]:
    """Validate ``portfolio_people``; a bad group is reported and left out."""
    example = _PEOPLE_EXAMPLE
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
