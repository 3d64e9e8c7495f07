"""How a ``publications`` list groups and orders its entries, without Sphinx.

Within a group, entries are newest first (year, then month), ties in bib file order.
"""

from __future__ import annotations

from collections.abc import Callable

from .bibindex import BibIndex, EntryInfo
from .settings import PortfolioConfig

__all__ = ["GROUPINGS", "Group", "by_topic", "by_type", "by_year", "newest_first", "single"]

#: the values of ``:group-by:``
GROUPINGS = ("topic", "year", "type", "none")


class Group:
    """One section of a list: a heading, an anchor and its entries."""

    def __init__(self, slug: str, title: str, keys: list[str]) -> None:
        self.slug, self.title, self.keys = slug, title, keys


def by_topic(
    index: BibIndex, config: PortfolioConfig, keys: list[str], topics: list[str],
    *, other: bool = True,
) -> list[Group]:
    """A group per topic of *topics*; with *other*, one more for entries without topic."""
    groups = [
        Group(f"topic-{t}", config.topics[t],
              newest_first(index, [k for k in keys if t in index.info[k].topics]))
        for t in topics
    ]
    if other:
        rest = [k for k in keys if not index.info[k].topics]
        groups.append(Group("topic-other", config.other_label, newest_first(index, rest)))
    return groups


def _sort_key(index: BibIndex, order: dict[str, int]) -> Callable[[str], tuple[int, int, int]]:
    def key(k: str) -> tuple[int, int, int]:
        info: EntryInfo = index.info[k]
        return (-info.year, -info.month, order[k])
    return key


def newest_first(index: BibIndex, keys: list[str]) -> list[str]:
    order = {k: i for i, k in enumerate(index.keys)}
    return sorted(keys, key=_sort_key(index, order))


def by_year(index: BibIndex, config: PortfolioConfig, keys: list[str]) -> list[Group]:
    years = sorted({index.info[k].year for k in keys}, reverse=True)
    return [
        Group(f"year-{y}" if y else "year-none", str(y) if y else "No year",
              newest_first(index, [k for k in keys if index.info[k].year == y]))
        for y in years
    ]


def by_type(index: BibIndex, config: PortfolioConfig, keys: list[str]) -> list[Group]:
    labels = list(dict.fromkeys(config.type_labels.values()))
    label_of = {}
    for key in keys:
        type_ = index.info[key].kind
        label_of[key] = config.type_labels.get(type_, type_.capitalize())
    present = set(label_of.values())
    ordered = [lab for lab in labels if lab in present] + sorted(present - set(labels))
    return [
        Group(f"type-{lab}", lab, newest_first(index, [k for k in keys if label_of[k] == lab]))
        for lab in ordered
    ]


def single(index: BibIndex, config: PortfolioConfig, keys: list[str]) -> list[Group]:
    return [Group("publications", "", newest_first(index, keys))]
