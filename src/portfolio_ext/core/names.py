"""Owner-name matching on parsed BibTeX name parts.

Pure functions, no Sphinx imports. A name matches the owner when its last name is
the owner's and its given names agree with one of the owner's declared forms.
Case, accents, LaTeX escapes (``{\\"o}``), braces, hyphens and spacing never
matter. Abbreviated given names (``Z.-Q.``) match only when unambiguous: they
must spell out at least two given-name parts of one owner form, position by
position, so a lone ``Z. Xu`` (who might be any Z. Xu) is never taken for the
owner unless ``"Xu, Z."`` itself is one of the declared forms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, TypeVar

from pybtex.database import Person
from pybtex.exceptions import PybtexError

from .latex import decode

__all__ = [
    "OWNER",
    "SYMBOL_CHARS",
    "NameForm",
    "OwnerMatcher",
    "hyphenated_words",
    "last_key",
    "made_once",
    "mark_of",
    "name_parts",
    "normalize",
    "parse_form",
    "typed_symbols",
]

#: letters that Unicode does not decompose into a base letter and a mark, folded by hand
#: (``casefold`` already makes ``ß`` ``ss``); U+0131, the dotless i of "Garc\u0131\u0301a",
#: which a PDF copy or a Turkish keyboard gives
_FOLD = str.maketrans({"ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d",
                       "ð": "d", "þ": "th", "ħ": "h", "ŋ": "n", "ŀ": "l", "ĸ": "k"})
#: marks typed into a name for a role (``Poon*, Art``, al-folio's ``Einstein*†, A.``):
#: never part of the name itself
SYMBOL_CHARS = "*\u2217\u2020\u2021#\u00a7\u00b6"
_SYMBOL_SET = frozenset(SYMBOL_CHARS)
_SYMBOLS = re.compile(f"[{re.escape(SYMBOL_CHARS)}]")
_EDGE_SYMBOLS = re.compile(f"^([{re.escape(SYMBOL_CHARS)}]*)(.*?)([{re.escape(SYMBOL_CHARS)}]*)$",
                           re.DOTALL)

_SPLIT = re.compile(r"[\s\-\u2010\u2011\u2012\u2013~.]+")
_INITIAL = re.compile(r"^\w\.?$")


@lru_cache(maxsize=4096)
def normalize(part: str) -> str:
    """Fold a LaTeX name part to comparable text.

    >>> normalize(r'M{\\"u}ller') == normalize("MÜLLER") == "muller"
    True
    """
    text = str(decode(part)) if ("\\" in part or "{" in part) else part
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("{", "").replace("}", "")
    text = _SYMBOLS.sub("", text.casefold().translate(_FOLD))
    return re.sub(r"[\s\-\u2010\u2011\u2012\u2013~.'’]", "", text)


def name_parts(person: Person) -> tuple[tuple[str, ...], ...]:
    """*person*'s name lists, as tuples: what a name style makes of the person depends
    on these alone (a key for the names formatted once and kept)."""
    return (tuple(person.first_names), tuple(person.middle_names),
            tuple(person.prelast_names), tuple(person.last_names),
            tuple(person.lineage_names))


_Made = TypeVar("_Made")
#: how many names a memo of :func:`made_once` keeps before it starts again (a process
#: that builds one bib file after another)
_KEPT_NAMES = 65536


def made_once(kept: dict[tuple[tuple[str, ...], ...], _Made], person: Person,
              make: Callable[[Person], _Made]) -> _Made:
    """``make(person)``, kept in *kept* under the name's parts (:func:`name_parts`): a
    bib file names its authors in entry after entry."""
    key = name_parts(person)
    found = kept.get(key)
    if found is None:
        if len(kept) >= _KEPT_NAMES:
            kept.clear()
        found = kept[key] = make(person)
    return found


def typed_symbols(person: Person) -> tuple[str, Person]:
    """The role symbols typed at either end of *person*'s name parts (``Poon*``,
    ``*Pang``, ``Einstein*†``), in order, and *person* without them (*person* itself
    if it has none)."""
    written = (person.first_names, person.middle_names, person.prelast_names,
               person.last_names, person.lineage_names)
    if not _SYMBOL_SET.intersection("".join(map("".join, written))):
        return "", person  # nearly every name: one look at its characters
    found = ""
    parts = {}
    for attr in ("first_names", "middle_names", "prelast_names", "last_names",
                 "lineage_names"):
        cleaned = []
        for part in getattr(person, attr):
            match = _EDGE_SYMBOLS.match(part)
            if match[1] or match[3]:
                found += match[1] + match[3]
                part = match[2]
            if part:
                cleaned.append(part)
        parts[attr] = cleaned
    if not found:
        return "", person
    clean = Person()
    for attr, cleaned in parts.items():
        setattr(clean, attr, cleaned)
    return found.replace("\u2217", "*"), clean


def _given_tokens(person: Person) -> tuple[tuple[str, bool], ...]:
    """Return the given-name parts as ``(normalized, is_initial)`` pairs.

    ``"Zhi-Qin John"`` gives ``zhi, qin, john``; ``"Z.-Q."`` gives ``z, q`` flagged
    as initials.
    """
    raw = " ".join(person.first_names + person.middle_names)
    raw = str(decode(raw)) if ("\\" in raw or "{" in raw) else raw
    tokens = []
    # keep the dots while splitting so that "Z." is recognised as an initial
    for chunk in re.split(r"[\s\-\u2010\u2011\u2012\u2013~]+", raw):
        for piece in re.findall(r"[^.]+\.?", chunk):
            norm = normalize(piece)
            if norm:
                tokens.append((norm, bool(_INITIAL.match(piece.strip())) or len(norm) == 1))
    return tuple(tokens)


def last_key(person: Person) -> str:
    """*person*'s "von" and last names, normalised: what a declared form's
    :attr:`NameForm.last` must equal for the forms to match."""
    return normalize(" ".join(person.prelast_names + person.last_names))



@dataclass(frozen=True)
class NameForm:
    """One declared form of the owner's name, pre-normalised for matching."""

    source: str  #: the form as written in ``portfolio_owner``
    last: str  #: normalised prelast + last name
    given: tuple[str, ...]  #: normalised given-name parts, in order
    abbreviated: bool  #: whether the form itself uses initials

    @property
    def given_joined(self) -> str:
        return "".join(self.given)


def parse_form(form: str) -> NameForm:
    """Parse a BibTeX name (``"Last, First Middle"``) into a :class:`NameForm`.

    :raises ValueError: if the form is no BibTeX name or has no last name.
    """
    try:
        person = Person(form)
    except PybtexError as exc:  # "Too many commas in 'Xu, Zhi, Qin, John, X'"
        raise ValueError(
            f"{form!r} is not a BibTeX name ({exc}); write it as 'Last, First' or "
            "'Last, Jr, First'"
        ) from None
    last = last_key(person)
    if not last:
        raise ValueError(f"{form!r} has no last name; write it as 'Last, First'")
    tokens = _given_tokens(person)
    return NameForm(
        source=form,
        last=last,
        given=tuple(tok for tok, _ in tokens),
        abbreviated=any(initial for _, initial in tokens),
    )


def hyphenated_words(forms: tuple[str, ...] | list[str]) -> list[str]:
    """The hyphenated words of the name *forms* as they are printed ("Xu, Zhi-Qin John"
    gives "Zhi-Qin"): words that a line break must not split. Forms that are no
    BibTeX name are left out (the settings' checks report them)."""
    words: list[str] = []
    for form in forms:
        try:
            person = Person(form)
        except PybtexError:
            continue
        for part in person.first_names + person.middle_names + person.last_names:
            word = part.replace("{", "").replace("}", "")
            if "-" in word.strip("-") and word not in words:
                words.append(word)
    return words


class OwnerMatcher:
    """Decide whether a :class:`pybtex.database.Person` is the owner.

    :param forms: the owner's name forms in BibTeX syntax.
    """

    def __init__(self, forms: list[str] | tuple[str, ...]) -> None:
        self.forms: tuple[NameForm, ...] = tuple(parse_form(f) for f in forms)
        self._cache: dict[str, bool] = {}

    def __bool__(self) -> bool:
        return bool(self.forms)

    def matches(self, person: Person | str) -> bool:
        """Return whether *person* is one of the owner's forms."""
        if isinstance(person, str):
            person = Person(person)
        key = str(person)
        if key not in self._cache:
            self._cache[key] = self._match(person)
        return self._cache[key]

    def _match(self, person: Person) -> bool:
        last = last_key(person)
        tokens = _given_tokens(person)
        joined = "".join(tok for tok, _ in tokens)
        for form in self.forms:
            if form.last != last:
                continue
            # same given names however they are hyphenated, spaced or braced
            if joined == form.given_joined:
                return True
            if _abbreviates(tokens, form.given):
                return True
        return False


def _abbreviates(tokens: tuple[tuple[str, bool], ...], given: tuple[str, ...]) -> bool:
    """Whether *tokens* spell out the leading parts of *given*, initials allowed.

    A full token may stand for several consecutive parts ("Zhiqin" for "Zhi-Qin"), an
    initial for exactly one. At least two parts of *given* must be covered, so a
    single initial is never enough.
    """
    def covers(t: int, g: int) -> int:
        """Parts of *given* covered by tokens[t:] starting at part g; -1 if no match."""
        if t == len(tokens):
            return g
        tok, initial = tokens[t]
        if initial:
            if g < len(given) and given[g].startswith(tok):
                return covers(t + 1, g + 1)
            return -1
        joined = ""
        for end in range(g, len(given)):
            joined += given[end]
            if joined == tok:
                found = covers(t + 1, end + 1)
                if found >= 0:
                    return found
            elif not tok.startswith(joined):
                break
        return -1

    if not tokens:
        return False
    return covers(0, 0) >= 2


class _Marked(Protocol):
    @property
    def matcher(self) -> OwnerMatcher: ...


_Group = TypeVar("_Group", bound=_Marked)

#: what :func:`mark_of` gives for the owner
OWNER = "owner"


def mark_of(
    person: Person, owner: OwnerMatcher | None, groups: Iterable[_Group] = (),
) -> str | _Group | None:
    """How an author list marks *person*: as the owner (:data:`OWNER`), else as a member
    of the first of *groups* whose names have them, else not at all.

    The one rule for the style's highlighting, the legend and the bib checks: the owner
    is never also shown as a group member, and a member of two groups as the first.
    """
    if owner and owner.matches(person):
        return OWNER
    return next((group for group in groups if group.matcher.matches(person)), None)
