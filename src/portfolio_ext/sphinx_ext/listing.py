"""Which entries a ``publications`` list shows: the one place that decides it."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from .._compat import FilterVisitor
from ..core.badges import selected_of
from ..core.bibindex import BibIndex
from ..core.names import mark_of
from ..core.selection import parse_selection
from ..core.settings import PortfolioConfig

__all__ = ["list_shape", "select"]


def select(
    index: BibIndex,
    config: PortfolioConfig,
    options: Mapping[str, Any],
    docname: str,
    *,
    keys: Collection[str] | None = None,
    report: Callable[[str], None] = lambda message: None,
) -> tuple[list[str], list[str]]:
    """The entries a ``publications`` list with *options* shows on page *docname*.

    Returns the keys, in bib file order, and the topics of the list. This is the one
    place that decides which entries a list shows: the directive lists them, and after
    a change of the bib files a page is re-read when a changed entry is (or was) among
    them (bib.py). *keys* limits the answer to those keys; *report* receives each
    problem found in the options.
    """
    candidates = index.keys if keys is None else [k for k in index.keys if k in keys]
    raw = options.get("topics")
    if raw is None:
        topics = list(config.topics)
    else:
        wanted = [t.strip() for t in raw.split(",") if t.strip()]
        unknown = [t for t in wanted if t not in config.topics]
        if unknown:
            report(f"unknown topic {', '.join(map(repr, unknown))} in :topics:; known "
                   f"topics (portfolio_topics) are {', '.join(config.topics) or 'none'}")
        topics = [t for t in wanted if t in config.topics]
        candidates = [k for k in candidates if set(index.info[k].topics) & set(topics)]
    terms = (options.get("select") or "").split()
    if options.get("role"):
        terms.append("role:" + ",".join(r.strip() for r in options["role"].split(",")))
    if terms:
        selection, problems = parse_selection(" ".join(terms), topics=config.topics,
                                              tags=config.tags)
        for problem in problems:
            report(f":select:/:role: {problem}")
        candidates = [k for k in candidates if selection.matches(index, k)]
    text = (options.get("filter") or "").strip()
    if not text:
        return candidates, topics
    try:
        tree = ast.parse(text)
        return [
            key for key in candidates
            if FilterVisitor(entry=index.data.entries[key], docname=docname,
                              cited_docnames=set()).visit(tree)
        ], topics
    except (SyntaxError, ValueError, TypeError, re.error, RecursionError) as exc:
        # re.error: a '%' pattern that is no regular expression ("[z-a]");
        # RecursionError: thousands of nested 'not' or brackets
        text = text if len(text) <= 80 else text[:79] + "\u2026"
        report(f"cannot read :filter: {text!r}: {exc}; write e.g. "
               "keywords % \"frequency-principle\" and year >= \"2020\" (quote the year)")
        return candidates, topics


def list_shape(index: BibIndex, config: PortfolioConfig, key: str) -> tuple[Any, ...]:
    """What a ``publications`` list shows of entry *key* when its page is read: whether
    and where the list selects it (without ``:filter:``, which may read any field), its
    place in the order, its classes, abstract toggle, files and what its legend
    explains. The entry's text is no part of it: that is filled in when the page is
    written (``directive.entry_text``). After an edit that keeps the shape, a page listing
    the entry is written again, not read again (bib.py)."""
    info = index.info[key]
    entry = index.data.entries[key]
    people: tuple[str | None, ...] = ()
    if config.people:  # the legend explains the marks of the people it shows
        owner, groups = config.matcher, config.people.values()
        people = tuple(getattr(mark_of(person, owner, groups), "key", None)
                       for person in entry.persons.get("author", ()))
    return (info.path, info.topics, info.keywords, info.year, info.month, info.kind,
            info.abstract, info.files, repr(info.annotations), info.owner_positions,
            info.authors, selected_of(entry.fields)[0], people)
