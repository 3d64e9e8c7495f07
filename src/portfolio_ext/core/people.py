"""People's homepages (``portfolio_homepages``) and long author lists cut short.

Pure functions, no Sphinx imports. A name in the bib file gets a homepage when it
matches a declared name as a name matches the owner (:class:`~.names.OwnerMatcher`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from urllib.parse import urlparse

from pybtex.database import Person

from .names import OwnerMatcher, last_key, parse_form

__all__ = ["Homepages", "check_homepages", "shown_positions"]

HOMEPAGES = "portfolio_homepages"
_EXAMPLE = "e.g. portfolio_homepages = {'Doe, Jane': 'https://jane.example.org/'}"


def check_homepages(raw: Mapping[str, str], report: Callable[[str, str], None]) -> dict[str, str]:
    """The entries of *raw* (name form -> address) that are a BibTeX name and an
    http(s) address; each other entry is reported and left out."""
    kept: dict[str, str] = {}
    for name, url in raw.items():
        where = f"{HOMEPAGES}[{name!r}]"
        try:
            parse_form(name)
        except ValueError as exc:
            report(f"{where}: {exc}; {_EXAMPLE}", HOMEPAGES)
            continue
        parsed = urlparse(url.strip())
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            report(f"{where}: {url!r} is not an http(s) address; write the homepage's full "
                   f"address; {_EXAMPLE}", HOMEPAGES)
            continue
        kept[name] = url.strip()
    return kept


class Homepages:
    """Who has a homepage: ``Homepages({"Doe, Jane": "https://..."}).of(person)``.

    Names are looked up by last name first, so a list of hundreds of authors costs
    one dictionary look-up per name that has no homepage.
    """

    def __init__(self, pages: Mapping[str, str]) -> None:
        self._by_last: dict[str, list[tuple[OwnerMatcher, str]]] = {}
        for name, url in pages.items():
            form = parse_form(name)
            self._by_last.setdefault(form.last, []).append((OwnerMatcher([name]), url))

    def __bool__(self) -> bool:
        return bool(self._by_last)

    def of(self, person: Person) -> str | None:
        """The homepage of *person*, if a declared name matches it."""
        candidates = self._by_last.get(last_key(person))
        if not candidates:
            return None
        return next((url for matcher, url in candidates if matcher.matches(person)), None)


def shown_positions(marked: Sequence[bool], limit: int) -> list[bool]:
    """Which names of a list are shown when it is cut to *limit* names: the first
    *limit*, and every marked one (the owner, people with a role or in a group) in its
    place. All of them when *limit* is 0, or when cutting would hide fewer than two
    names ("and 1 more" saves nothing).

    >>> shown_positions([False, False, False, True, False, False], 2)
    [True, True, False, True, False, False]
    """
    shown = [i < limit or mark for i, mark in enumerate(marked)]
    if limit <= 0 or shown.count(False) < 2:
        return [True] * len(marked)
    return shown
