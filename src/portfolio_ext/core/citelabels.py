"""Author-year citations that tell papers apart: "Luo et al., 2022a", "2022b".

Two entries whose citation would read the same (same author label, same year) get a
letter after the year, as biblatex's ``extradate`` and APA do. Letters follow the
titles' alphabetical order (then the keys'), so they depend on the bib file only, not on
which page cites which paper first, and a citation reads the same on every page and
in every format.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable

__all__ = ["letters", "year_suffixes"]


def letters(n: int) -> str:
    """The *n*-th suffix, from 0: a, b, ..., z, aa, ab, ... (as biblatex counts)."""
    if n < 0:
        raise ValueError(n)
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", " ".join(text.split())).casefold()


def year_suffixes(items: Iterable[tuple[str, str, str, str]]) -> dict[str, str]:
    """Entry key -> its letter, for entries whose (author label, year) is shared.

    *items* are ``(key, author label, year, title)``; labels are compared as a reader
    would (case, spacing and Unicode forms aside). Entries without a year get none.
    """
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for key, label, year, title in items:
        year = year.strip()
        if year:
            groups[_fold(label), year].append((_fold(title), key))
    suffixes: dict[str, str] = {}
    for members in groups.values():
        if len(members) > 1:
            for n, (_, key) in enumerate(sorted(members)):
                suffixes[key] = letters(n)
    return suffixes
