"""Parsing of biblatex data annotations (``author+an``).

Pure functions, no Sphinx imports. The syntax is biblatex's (manual, section 3.7):
``author+an = {=alphabetical; 1=equal; 2=equal; 4=corresponding}``.

- ``=value`` annotates the whole field (here: ``alphabetical``);
- ``N=value[,value]`` annotates the N-th name (1-based);
- ``N:part=value`` annotates a part of a name (accepted by biblatex, not used here).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from .names import typed_symbols

__all__ = ["FIELD_ROLES", "NAME_ROLES", "AnnotationError", "Annotations", "entry_annotations",
           "parse_annotations"]

#: name lists whose ``+an`` annotations are read
NAME_ROLES = ("author", "editor")
#: the roles of a whole name list
FIELD_ROLES = frozenset({"alphabetical"})

# [0-9], not \d: an Arabic-Indic or fullwidth "1" (U+0661, U+FF11) is no position biblatex reads
_ITEM = re.compile(r"^\s*(?:(?P<index>[0-9]+)(?::(?P<part>[A-Za-z]+))?)?\s*=\s*(?P<values>.*?)\s*$")
_VALUE = re.compile(r'^(?:"[^"]*"|[A-Za-z][\w\-]*)$')


class AnnotationError(ValueError):
    """A problem in an annotation; the message says what to write instead."""


@dataclass(frozen=True)
class Annotations:
    """The parsed annotations of one name-list field."""

    #: roles of the whole field, e.g. ``("alphabetical",)``
    field_roles: tuple[str, ...] = ()
    #: 1-based name index -> roles of that name
    item_roles: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def roles_of(self, index: int) -> tuple[str, ...]:
        return self.item_roles.get(index, ())

    @property
    def used_roles(self) -> set[str]:
        roles = set(self.field_roles)
        for values in self.item_roles.values():
            roles.update(values)
        return roles


def parse_annotations(
    text: str,
    *,
    n_names: int | None = None,
    item_roles: frozenset[str] | set[str] | None = None,
    field_roles: frozenset[str] | set[str] | None = None,
) -> tuple[Annotations, list[str]]:
    """Parse an ``+an`` field value.

    Parsing never raises: each problem is returned as a message and the rest of the
    annotation is kept, so a typo in one item does not lose the others.

    :param text: the field value, e.g. ``"1=equal; 2=equal; 4=corresponding"``.
    :param n_names: number of names in the annotated field, to check indices.
    :param item_roles: allowed roles for single names (``None``: any).
    :param field_roles: allowed roles for the whole field (``None``: any).
    :returns: the annotations and a list of problems found.
    """
    problems: list[str] = []
    field_values: list[str] = []
    items: dict[int, tuple[str, ...]] = {}
    if not text.replace(";", "").strip():
        problems.append(
            "the annotation is empty: remove the field, or write e.g. '2=corresponding' "
            "or '=alphabetical'"
        )
    for raw in text.split(";"):
        if not raw.strip():
            continue
        match = _ITEM.match(raw)
        if not match:
            digits = "" if raw.isascii() else " (with the digits 0-9)"
            problems.append(
                f"cannot read annotation {raw.strip()!r}: write 'N=role'{digits} "
                "(e.g. '2=corresponding') or '=role' for the whole list"
            )
            continue
        values = [v.strip() for v in match["values"].split(",")]
        bad = [v for v in values if not _VALUE.match(v)]
        if bad or not values:
            problems.append(
                f"cannot read annotation value {match['values']!r} in {raw.strip()!r}: "
                "roles are words such as 'corresponding' or 'equal', separated by commas"
            )
            continue
        values = [v.strip('"') for v in values]
        if len(set(values)) < len(values):
            twice = sorted({v for v in values if values.count(v) > 1})
            problems.append(
                f"role {', '.join(map(repr, twice))} is given twice in {raw.strip()!r}: "
                "give each role once"
            )
        if match["part"]:
            problems.append(
                f"part annotation {raw.strip()!r} is not supported: "
                f"annotate the whole name instead ('{match['index']}={match['values']}')"
            )
            continue
        if match["index"] is None:
            allowed = field_roles
            unknown = [v for v in values if allowed is not None and v not in allowed]
            if unknown:
                problems.append(_unknown(unknown, allowed, "the whole list", raw, fixed=True))
                values = [v for v in values if v not in unknown]
            again = [v for v in values if v in field_values]
            if again:
                problems.append(
                    f"the whole list is annotated {', '.join(map(repr, again))} twice: "
                    "keep one"
                )
            field_values.extend(v for v in values if v not in field_values)
            continue
        index = int(match["index"])
        if index < 1 or (n_names is not None and index > n_names):
            size = (
                f"the list has {n_names} name{'s' if n_names != 1 else ''}"
                if n_names is not None else "names are counted from 1"
            )
            problems.append(
                f"annotation {raw.strip()!r} points at name {index}, but {size}: "
                "count names from 1"
            )
            continue
        if index in items:
            problems.append(
                f"name {index} is annotated twice: merge into one item "
                f"('{index}={','.join(items[index] + tuple(values))}')"
            )
            continue
        allowed = item_roles
        unknown = [v for v in values if allowed is not None and v not in allowed]
        if unknown:
            problems.append(_unknown(unknown, allowed, f"name {index}", raw))
            values = [v for v in values if v not in unknown]
        if values:
            items[index] = tuple(dict.fromkeys(values))
    return Annotations(tuple(field_values), items), problems


def entry_annotations(
    fields: Mapping[str, str], persons: Mapping[str, Sequence[object]],
    item_roles: Collection[str],
) -> tuple[dict[str, Annotations], list[str]]:
    """The annotations of an entry's name lists (:data:`NAME_ROLES`), with its problems.

    The one reading of an entry's annotations: the bib checks report the problems,
    the style marks the names.

    :param fields: the entry's fields (pybtex's, or any mapping).
    :param persons: the entry's name lists, role -> names.
    :param item_roles: the roles a single name may have (``portfolio_role_symbols``).
    :returns: role -> annotations, and each problem as a message naming its field.
    """
    annotations: dict[str, Annotations] = {}
    problems: list[str] = []
    for role in NAME_ROLES:
        raw = fields.get(f"{role}+an")
        typed = _typed_roles(persons.get(role, ()), item_roles, role, problems)
        if raw is None:
            if typed:
                annotations[role] = Annotations((), typed)
            continue
        if role not in persons:
            problems.append(f"{role}+an annotates a {role} list that the entry does not have")
            continue
        parsed, found = parse_annotations(
            raw, n_names=len(persons[role]), item_roles=frozenset(item_roles),
            field_roles=FIELD_ROLES,
        )
        if typed:  # author+an first, then what the names say
            items = dict(parsed.item_roles)
            for index, roles in typed.items():
                items[index] = tuple(dict.fromkeys(items.get(index, ()) + roles))
            parsed = Annotations(parsed.field_roles, items)
        annotations[role] = parsed
        problems += [f"{role}+an: {problem}" for problem in found]
    for name in fields:
        base = name.lower().split("+", 1)[0]
        if name.lower().endswith("+an") and base not in NAME_ROLES:
            problems.append(f"{name} is not read (only author+an and editor+an are); remove "
                            "it or move the roles to author+an")
    return annotations, problems


#: symbols that stand for a role by convention, beside portfolio_role_symbols' own
#: (al-folio's templates mark equal contribution with a dagger)
_CONVENTIONAL = {"*": "corresponding", "\u2020": "equal", "#": "equal"}


def _typed_roles(
    people: Sequence[object], item_roles: Collection[str], role: str, problems: list[str],
) -> dict[int, tuple[str, ...]]:
    """Roles that symbols typed into the names stand for (``Poon*, Art``), by position;
    each such name is reported with the ``+an`` item to write instead."""
    by_symbol = {sym: r for sym, r in _CONVENTIONAL.items() if r in item_roles}
    if isinstance(item_roles, Mapping):
        by_symbol.update({sym: r for r, sym in item_roles.items()})
    found: dict[int, tuple[str, ...]] = {}
    named, items, left = [], [], ""
    for index, person in enumerate(people, 1):
        try:
            symbols, clean = typed_symbols(person)  # type: ignore[arg-type]
        except AttributeError:  # not a pybtex Person
            continue
        if not symbols:
            continue
        roles = tuple(dict.fromkeys(by_symbol[s] for s in symbols if s in by_symbol))
        left += "".join(s for s in symbols if s not in by_symbol)
        if roles:
            found[index] = roles
            items.append(f"{index}={','.join(roles)}")
        named.append(f"{index} ({clean}: {symbols!r})")
    if named:
        read = (f"read as the roles of portfolio_role_symbols ({'; '.join(items)})"
                if items else "left out")
        if left and items:
            read += f"; {''.join(dict.fromkeys(left))!r} stands for no role and is left out"
        hint = (f"{role}+an = {{{'; '.join(items)}}}" if items else f"{role}+an")
        problems.append(
            f"{role} {', '.join(named)}: role symbols typed into the names are {read}; "
            f"write the names without them and give the roles in {hint}"
        )
    return found


def _unknown(
    unknown: list[str], allowed: frozenset[str] | set[str] | None, what: str, raw: str,
    *, fixed: bool = False,
) -> str:
    known = ", ".join(sorted(allowed or ())) or "none"
    hint = "" if fixed else " (add new ones to portfolio_role_symbols)"
    return (
        f"unknown role {', '.join(repr(u) for u in unknown)} for {what} in {raw.strip()!r}: "
        f"known roles are {known}{hint}"
    )
