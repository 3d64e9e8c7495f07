"""Reading and checking the ``.bib`` files, without Sphinx.

pybtex reports syntax errors by raising or printing, and sphinxcontrib-bibtex does not
catch its syntax errors, so a typo in ``refs.bib`` ends a build with a traceback. Here
every problem becomes a :class:`Finding` naming the file, the line and the entry, and
the entries that pybtex could read are kept. The same findings feed the Sphinx warnings
and the ``portfolio-ext check`` command.
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import pickle
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData, BibliographyDataError, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexSyntaxError
from pybtex.utils import OrderedCaseInsensitiveDict

from .annotations import Annotations, entry_annotations
from .badges import field_problems, venue_label
from .dates import date_parts, month_problem, year_of
from .fields import KNOWN_TYPES, bibtex_view, latex_problems, missing_required
from .findings import Finding, WarningType
from .links import links_of, site_files
from .names import OWNER, mark_of
from .settings import PortfolioConfig

__all__ = ["BibIndex", "EntryInfo", "Finding", "PickledEntries", "build_index", "keywords_of"]

_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s{}()]+)[ \t]*,", re.MULTILINE)
#: an entry commented out line by line (``%@article{key,``), as BibDesk and people do:
#: biber skips it, pybtex would read it and stumble on the '%' of its next line
_COMMENTED = re.compile(r"^[ \t]*%+[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s{}()]+)[ \t]*,.*\n?"
                        r"(?:[ \t]*%.*(?:\n|$))*", re.MULTILINE)


@dataclass(frozen=True)
class EntryInfo:
    """What the extension derives from one entry, computed once per bib change."""

    key: str
    path: str
    line: int | None
    year: int  #: 0 when missing or not a year
    month: int  #: 0 when missing
    topics: tuple[str, ...]  #: known topic keys, in portfolio_topics order
    annotations: dict[str, Annotations]  #: name role -> annotations
    owner_positions: tuple[int, ...]  #: 1-based author positions of the owner
    kind: str = ""  #: the entry type, lower-case ("article")
    authors: int = 0  #: how many authors it has
    keywords: tuple[str, ...] = ()  #: its keywords (topics and tags), as written
    #: (field, site path) of the files of the site it names (links.site_files): read
    #: by the lists and paper pages without the entry
    files: tuple[tuple[str, str], ...] = ()
    abstract: bool = False  #: whether it has an abstract (the lists' toggle)
    venue: str = ""  #: its venue badge's label (badges.venue_label), '' if none

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class PickledEntries(OrderedCaseInsensitiveDict):
    """pybtex's mapping of keys to entries, keeping each entry pickled.

    Pickled, an entry takes a quarter of the memory, and the index lives in Sphinx's
    environment: loading it for a rebuild restores bytes, not thousands of entries. Each
    read rebuilds the entry (some 20 microseconds): read it once where it is needed.
    """

    def __init__(self, entries: Iterable[tuple[str, Entry]] = (),
                 raw: dict[str, bytes] | None = None) -> None:
        """*entries* pickled, or taken as *raw* has them (lower-case key -> the entry
        pickled already, e.g. by the parse of its piece: the same bytes, kept once)."""
        super().__init__()
        raw = raw or {}
        for key, entry in entries:
            pickled = raw.get(key.lower())
            if pickled is None:
                self[key] = entry
            else:
                super().__setitem__(key, pickled)

    def __setitem__(self, key: str, entry: Entry) -> None:
        super().__setitem__(key, pickle.dumps(entry, pickle.HIGHEST_PROTOCOL))

    def __getitem__(self, key: str) -> Entry:
        return pickle.loads(super().__getitem__(key))


def same_entry(old: OrderedCaseInsensitiveDict, new: OrderedCaseInsensitiveDict, key: str) -> bool:
    """Whether entry *key* is the same in the entries *old* and *new* (pickles compared
    first: equal pickles are equal entries)."""
    stored = OrderedCaseInsensitiveDict.__getitem__
    return stored(old, key) == stored(new, key) or old[key] == new[key]


@dataclass
class BibIndex:
    """Parsed bib files plus derived per-entry information and findings."""

    signature: str  #: settings, extension version and bib file contents
    data: BibliographyData
    keys_by_file: dict[Path, list[str]]
    info: dict[str, EntryInfo] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    settings: str = ""  #: the part of the signature that is not the bib files
    #: key -> digest of the entry's content (entry_digest); outside ``info``, which is
    #: restored as a whole on first use
    digests: dict[str, str] = field(default_factory=dict)
    #: digest of a piece of a bib file (one entry's text) -> its entries as pybtex read
    #: them: (key, the entry pickled, its entry_digest, its crossref): the next parse
    #: reads only the pieces not here, and restores no entry of those (see _parse_pieces)
    pieces: dict[str, tuple[Piece, ...]] = field(default_factory=dict)
    #: whether an entry names another in ``crossref`` (then no entry keeps its checks)
    crossrefs: bool = False
    #: key -> the files of the site it names (``EntryInfo.files``), for the entries
    #: that name some: outside ``info``, so that a build that finds and copies them
    #: restores no entry's information
    named_files: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        return [k for keys in self.keys_by_file.values() for k in keys]

    # The index is pickled with Sphinx's environment, which every build loads: the
    # per-entry information is kept as one pickle, restored when first read.

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        if "info" in state:
            state["_info"] = pickle.dumps(state.pop("info"), pickle.HIGHEST_PROTOCOL)
        return state

    def __getattr__(self, name: str) -> object:
        if name == "info" and "_info" in self.__dict__:
            self.info = pickle.loads(self.__dict__.pop("_info"))
            return self.info
        raise AttributeError(name)


#: one entry of a piece of a bib file, as BibIndex.pieces keeps it: its key, the entry
#: pickled, its entry_digest and its crossref field (stripped, '' if none)
Piece = tuple[str, bytes, str, str]


class _Unread:
    """An entry of a piece read by an earlier parse, not restored from its bytes: the
    index takes the bytes as they are (PickledEntries), and the digest and crossref
    they were read with. build_index restores it only to check it or to give it the
    fields of the volume it names."""

    __slots__ = ("crossref", "key", "pickled")

    def __init__(self, piece: Piece) -> None:
        self.key, self.pickled, _digest, self.crossref = piece


def entry_digest(key: str, entry: Entry) -> str:
    """A digest of everything in *entry* that its formatting reads."""
    persons = [
        (role, [(p.first_names, p.middle_names, p.prelast_names, p.last_names,
                 p.lineage_names) for p in people])
        for role, people in entry.persons.items()
    ]
    content = repr((key, entry.type, list(entry.fields.items()), persons))
    return hashlib.sha256(content.encode()).hexdigest()[:32]


def keywords_of(entry: Entry) -> list[str]:
    raw = entry.fields.get("keywords", "")
    return [k.strip() for k in re.split(r"[,;]", raw) if k.strip()]


def file_signature(paths: list[Path], encoding: str) -> str:
    digest = hashlib.sha256(encoding.encode())
    for path in paths:
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


def build_index(
    paths: list[Path], config: PortfolioConfig, encoding: str = "utf-8-sig", *,
    signature: str = "", settings: str = "", previous: BibIndex | None = None,
) -> BibIndex:
    """Parse *paths* and check every entry against *config*.

    With *previous*, the index of an earlier parse: the pieces of text it read are not
    parsed again, and, under the same *settings*, an entry whose content, file and
    place are the same keeps its checks (with its line moved).
    """
    kept: dict[str, tuple[Piece, ...]] = {}
    pieces = previous.pieces if previous is not None else {}
    raw: dict[str, bytes] = {}  # lower-case key -> the entry as its piece pickled it
    known: dict[str, str] = {}  # lower-case key -> the entry_digest its piece has
    data, keys_by_file, lines, findings = _parse(paths, encoding, pieces, kept, raw, known)
    index = BibIndex(signature, data, keys_by_file, findings=findings, settings=settings,
                     pieces=kept)
    used_topics: Counter[str] = Counter()
    #: crossref target (folded) -> the keys that name it (DBLP's "crossref" export)
    crossrefs: dict[str, list[str]] = {}
    for key, entry in data.entries.items():
        target = (entry.crossref if isinstance(entry, _Unread)
                  else entry.fields.get("crossref", "").strip())
        if target:
            crossrefs.setdefault(target.lower(), []).append(key)
    if crossrefs:  # an entry's checks read the volume it names: every entry is read
        for key, entry in list(data.entries.items()):
            if isinstance(entry, _Unread):
                data.entries[key] = pickle.loads(entry.pickled)
        for key, entry in data.entries.items():
            target = entry.fields.get("crossref", "").strip()
            if target and target in data.entries:
                _inherit(entry, data.entries[target])
                raw.pop(key.lower(), None)  # changed: pickled again
    index.crossrefs = bool(crossrefs)
    reuse = _checks_of(previous, settings) if not crossrefs else None
    for path, keys in keys_by_file.items():
        for key in keys:
            entry = data.entries[key]
            # as its piece was read, unless it took a volume's fields (crossrefs)
            digest = None if crossrefs else known.get(key.lower())
            if digest is None:
                digest = entry_digest(key, entry)
            index.digests[key] = digest
            line = lines.get(key)
            checked = reuse(key, digest, str(path), line) if reuse else None
            if checked is None and isinstance(entry, _Unread):
                entry = data.entries[key] = pickle.loads(entry.pickled)
            info, entry_findings = checked or _check_entry(
                entry, str(path), line, config, data, crossrefs.get(key.lower(), []))
            index.info[key] = info
            if info.files:
                index.named_files[key] = info.files
            index.findings.extend(entry_findings)
            used_topics.update(info.topics)
    data.entries = PickledEntries(data.entries.items(), raw)
    if keys_by_file and any(keys_by_file.values()):
        for topic in config.topics:
            if not used_topics[topic]:
                index.findings.append(Finding(
                    WarningType.TOPIC,
                    f"portfolio_topics: topic {topic!r} is not used by any entry; tag "
                    "entries with it in their keywords field, or remove it",
                ))
    return index


def _checks_of(previous: BibIndex | None, settings: str):
    """A lookup of *previous*'s checks of an entry, or None when they cannot hold: no
    previous index, other settings (what the checks compare entries with), or
    crossrefs (an entry's checks read the volume it names, or the entries naming it)."""
    if previous is None or not settings or previous.settings != settings or previous.crossrefs:
        return None
    by_key: dict[str, list[Finding]] = {}
    for finding in previous.findings:
        if finding.key:
            by_key.setdefault(finding.key, []).append(finding)

    def checks(key: str, digest: str, path: str, line: int | None):
        info = previous.info.get(key)
        if info is None or previous.digests.get(key) != digest or info.path != path:
            return None
        if info.line == line:
            return info, by_key.get(key, [])
        return replace(info, line=line), [replace(f, line=line) for f in by_key.get(key, [])]

    return checks


def _parse(
    paths: list[Path], encoding: str, pieces: dict[str, tuple[Piece, ...]],
    kept: dict[str, tuple[Piece, ...]], raw: dict[str, bytes], known: dict[str, str],
) -> tuple[BibliographyData, dict[Path, list[str]], dict[str, int], list[Finding]]:
    """The entries of *paths*; those of pieces read before (*pieces*) stay unread
    (:class:`_Unread`). Of each entry read from a piece, *raw* gets the bytes and
    *known* the digest."""
    findings: list[Finding] = []
    try:
        codecs.lookup(encoding)
    except LookupError:
        findings.append(Finding(
            WarningType.CONFIG,
            f"bibtex_encoding {encoding!r} is not an encoding Python knows, so the bib files "
            "are read as UTF-8; set it to the files' encoding, e.g. 'utf-8' or 'latin-1'",
        ))
        encoding = "utf-8-sig"
    parser = Parser(encoding)
    keys_by_file: dict[Path, list[str]] = {}
    lines: dict[str, int] = {}
    seen: set[str] = set()
    #: folded key -> (file, line) of its first definition in an earlier file
    defined: dict[str, tuple[Path, int]] = {}
    for path in paths:
        if path in keys_by_file:
            findings.append(Finding(
                WarningType.DUPLICATE_KEY,
                "bibtex_bibfiles names this file twice; it is read once: remove the repeat",
                str(path),
            ))
            continue
        text = _read(path, encoding, findings)
        if text is None:
            keys_by_file[path] = []
            continue
        text = _skip_commented(text, path, findings)
        declared: list[tuple[str, int]] = []
        line, counted = 1, 0  # lines are counted on from the previous entry
        for match in _ENTRY_START.finditer(text):
            line += text.count("\n", counted, match.start())
            counted = match.start()
            if match[1].lower() not in ("comment", "preamble", "string"):
                declared.append((match[2], line))
        first_line: dict[str, int] = {}
        repeated = False
        for key, line in declared:
            folded = key.lower()
            if folded in first_line or folded in defined:
                repeated = True
                where = (f"at line {first_line[folded]}" if folded in first_line
                         else f"in {defined[folded][0].name} at line {defined[folded][1]}")
                findings.append(Finding(
                    WarningType.DUPLICATE_KEY,
                    f"duplicate key {key!r} (first defined {where}): only the first entry "
                    "is used; give the second one its own key",
                    str(path), line,
                ))
            else:
                first_line[folded] = line
        for folded, line in first_line.items():
            defined.setdefault(folded, (path, line))
        before = set(parser.data.entries.keys())
        # a file without repeated keys and macros is read piece by piece, each piece
        # parsed once (pieces); any problem, and it is read whole, as pybtex reads it,
        # for its messages and lines
        pieced = None if repeated or _MACROS.search(text) else _parse_pieces(text, pieces, kept)
        with pybtex.errors.capture() as errors:
            if pieced is not None:
                entries = parser.data.entries
                for key, entry, (_, pickled, digest, _crossref) in pieced:
                    if isinstance(entry, _Unread) and key not in entries:
                        # as add_entry adds it (no crossref wanted: a Parser wants all)
                        entries[parser.data.get_canonical_key(key)] = entry
                    else:  # read now, or a repeat, which pybtex refuses and reports
                        if isinstance(entry, _Unread):
                            entry = pickle.loads(pickled)
                        parser.data.add_entry(key, entry)
                    # the entry kept under its key: not one that pybtex refused as a
                    # repeat (two entries on one line hide the second from the key scan)
                    if entries.get(key) is entry:
                        raw[key.lower()], known[key.lower()] = pickled, digest
            else:
                try:
                    parser.parse_string(text)
                except (PybtexSyntaxError, BibliographyDataError) as exc:  # pragma: no cover
                    errors.append(exc)
        keys = [k for k in parser.data.entries if k not in before]
        read = {k.lower() for k in keys}
        for exc in errors:
            if isinstance(exc, BibliographyDataError) and "repeated" in str(exc):
                continue  # reported above, with both lines
            lineno = getattr(exc, "lineno", None)
            # the entry being read when pybtex gave up: the last one it kept that
            # starts before the error (an unclosed brace runs on to the end of file)
            culprit = _entry_at([d for d in declared if d[0].lower() in read], lineno)
            culprit = culprit or _entry_at(declared, lineno)
            message = re.sub(r"^syntax error in line \d+: ", "", str(exc))
            if culprit:
                where = f" in entry {culprit[0]!r}"
                if lineno and lineno != culprit[1]:
                    where += f" (pybtex stopped at line {lineno})"
                line = culprit[1]
            else:
                where, line = "", lineno
            findings.append(Finding(
                WarningType.BIB_SYNTAX,
                f"syntax error{where}: {message}; check the braces, quotes and commas "
                "of this entry",
                str(path), line,
            ))
        keys_by_file[path] = keys
        found = {k.lower() for k in keys} | {k.lower() for k in seen}
        for key, line in declared:
            if key.lower() not in found and first_line.get(key.lower()) == line:
                findings.append(Finding(
                    WarningType.BIB_SYNTAX,
                    f"entry {key!r} could not be read because of a syntax error at or before "
                    "this line; fix it so that the entry is not lost",
                    str(path), line,
                ))
        for key in keys:
            folded = key.lower()
            if folded in first_line:
                lines[key] = first_line[folded]
        seen.update(keys)
    return parser.data, keys_by_file, lines, findings


#: what makes an entry's text depend on others': @string macros, @preamble
_MACROS = re.compile(r"@[ \t]*(string|preamble)[ \t]*[{(]", re.IGNORECASE)


def _parse_pieces(text: str, pieces: dict[str, tuple[Piece, ...]],
                  kept: dict[str, tuple[Piece, ...]],
                  ) -> list[tuple[str, Entry | _Unread, Piece]] | None:
    """The entries of *text* (a bib file without macros), read piece by piece: the file
    cut where each entry starts, each piece parsed on its own, or taken from *pieces*
    by its digest. Every piece read goes into *kept*. None if a piece has an error
    (the file is then parsed whole, as pybtex reads it).

    pybtex reads one entry after another, each from its own text: without macros, an
    entry read alone is the entry read in its file, and an edit of one entry parses
    one entry (pybtex parses some 1 ms an entry). The entries of the pieces found are
    not restored (:class:`_Unread`: some 60 microseconds an entry, with its digest).
    """
    starts = [match.start() for match in _ENTRY_START.finditer(text)][1:]
    entries: list[tuple[str, Entry | _Unread, Piece]] = []
    for start, end in zip([0, *starts], [*starts, len(text)], strict=True):
        piece = text[start:end]
        digest = hashlib.sha256(piece.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        found = pieces.get(digest) or kept.get(digest)
        if found is None:
            parser = Parser()
            with pybtex.errors.capture() as errors:
                try:
                    parser.parse_string(piece)
                except (PybtexSyntaxError, BibliographyDataError) as exc:  # pragma: no cover
                    errors.append(exc)
            if errors:
                return None
            found = tuple((key, pickle.dumps(entry, pickle.HIGHEST_PROTOCOL),
                           entry_digest(key, entry), entry.fields.get("crossref", "").strip())
                          for key, entry in parser.data.entries.items())
            # the entries just read, as they are (not restored from what they pickled to)
            entries.extend((piece[0], entry, piece) for piece, entry
                           in zip(found, parser.data.entries.values(), strict=True))
        else:
            entries.extend((piece[0], _Unread(piece), piece) for piece in found)
        kept[digest] = found
    return entries


def _skip_commented(text: str, path: Path, findings: list[Finding]) -> str:
    """*text* with the entries commented out with '%' blanked (their lines kept, so
    that lines are counted right), each noted: biber skips them, and so do the lists."""
    def blank(match: re.Match[str]) -> str:
        if match[1].lower() in ("comment", "preamble", "string"):
            return match[0]
        findings.append(Finding(
            WarningType.NOTE,
            f"entry {match[2]!r} is commented out with '%' and is not listed (biber "
            "skips it too); remove the '%' signs to list it, or delete it",
            str(path), text.count("\n", 0, match.start()) + 1,
        ))
        return re.sub(r"[^\n]", " ", match[0])

    return _COMMENTED.sub(blank, text) if "%" in text else text


def _read(path: Path, encoding: str, findings: list[Finding]) -> str | None:
    """The text of *path*; what cannot be decoded is replaced, and reported.

    pybtex would raise on the first byte that is not *encoding*, ending the build; here
    the file is read with that byte shown as U+FFFD and a warning names its line.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        findings.append(Finding(
            WarningType.BIB_SYNTAX,
            f"cannot read bibliography file: {exc.strerror}; check bibtex_bibfiles",
            str(path),
        ))
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and "16" not in encoding:
        findings.append(Finding(
            WarningType.BIB_SYNTAX,
            "the file is in UTF-16, not in the bibtex_encoding "
            f"{encoding!r}; it is read as UTF-16: save it as UTF-8 (or set "
            "bibtex_encoding = 'utf-16')",
            str(path), 1,
        ))
        encoding = "utf-16"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = len(re.findall(r"\ufffd", data.decode(encoding, errors="replace")))
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        more = f" (and {bad - 1} more)" if bad > 1 else ""
        findings.append(Finding(
            WarningType.BIB_SYNTAX,
            f"byte 0x{data[exc.start]:02x} at column {column} is not {encoding}{more}: it "
            f"is shown as \ufffd; save the file as {encoding}, or set bibtex_encoding to "
            "the encoding it was saved in",
            str(path), line,
        ))
        text = data.decode(encoding, errors="replace")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        findings.append(Finding(
            WarningType.BIB_SYNTAX,
            f"the file holds {text.count(chr(0))} NUL character(s), the first here; they "
            "are left out: save the file as plain text",
            str(path), line,
        ))
        text = text.replace("\x00", "")
    return text


def _entry_at(declared: list[tuple[str, int]], lineno: int | None) -> tuple[str, int] | None:
    """The last declared entry starting at or before *lineno*."""
    if lineno is None:
        return None
    culprit = None
    for key, line in declared:
        if line <= lineno:
            culprit = (key, line)
    return culprit


#: what an entry does not take from the one its crossref names
_NOT_INHERITED = frozenset({"crossref", "keywords", "author+an", "editor+an", "title",
                            "ids", "key", "abstract", "note"})


def _inherit(entry: Entry, parent: Entry) -> None:
    """Give *entry* what it lacks of *parent*, the volume its ``crossref`` names, as
    biber does: the volume's fields and editors, its title as the ``booktitle``.

    pybtex would take only fields of the same name, and only where it is given the
    whole bibliography; the lists, paper pages and exports all read the entry alone.
    """
    have = {name.lower() for name in entry.fields}
    if "booktitle" not in have and parent.fields.get("title", "").strip():
        entry.fields["booktitle"] = parent.fields["title"]
    for name, value in parent.fields.items():
        if name.lower() not in have and name.lower() not in _NOT_INHERITED:
            entry.fields[name] = value
    if "editor" not in entry.persons and parent.persons.get("editor"):
        entry.persons["editor"] = list(parent.persons["editor"])


def _close_key(keyword: str, known: list[str]) -> str | None:
    """The topic or tag *keyword* is a likely typo of (other case, a letter or two
    off), or None if it is just another word."""
    folded = {k.casefold(): k for k in known}
    if keyword.casefold() in folded:
        return folded[keyword.casefold()]
    close = difflib.get_close_matches(keyword.casefold(), list(folded), n=1, cutoff=0.8)
    return folded[close[0]] if close else None


def _ends_with_others(people: list) -> bool:
    """Whether a name list stops at BibTeX's ``and others`` (or ADS's ``et al.``)."""
    last = people[-1]
    text = " ".join(last.first_names + last.middle_names + last.prelast_names
                    + last.last_names).strip().lower()
    return text in ("others", "et al.", "et al", "al.", "et~al.")


def _check_entry(
    entry: Entry, path: str, line: int | None, config: PortfolioConfig,
    data: BibliographyData | None = None, referenced_by: list[str] | None = None,
) -> tuple[EntryInfo, list[Finding]]:
    key = entry.key
    findings: list[Finding] = []

    def add(subtype: WarningType, message: str) -> None:
        findings.append(Finding(subtype, f"entry {key!r}: {message}", path, line, key))

    fields = entry.fields
    kind = entry.type.lower()
    if kind not in KNOWN_TYPES:
        add(WarningType.ENTRY_TYPE,
            f"entry type @{entry.type} is neither a BibTeX nor a biblatex type; it is shown "
            "as its authors, title, venue and year: use a type such as @article, "
            "@inproceedings, @book, @thesis, @report or @misc")
    year, month = date_parts(fields)
    missing = [f for f in ("title",) if not fields.get(f, "").strip()]
    if not year and not fields.get("year", "").strip() and not fields.get("date", "").strip():
        missing.append("year")
    if not entry.persons.get("author") and not entry.persons.get("editor"):
        missing.insert(0, "author")
    if missing:
        add(WarningType.MISSING_FIELD,
            f"missing {', '.join(missing)}; add {'them' if len(missing) > 1 else 'it'} to the entry")
    parent = None
    if data is not None and (target := fields.get("crossref", "").strip()):
        parent = data.entries.get(target)
    view = bibtex_view(entry, parent)
    # (an entry without title or year is mostly one a syntax error cut short: once)
    if not missing and (needed := missing_required(view, parent)):
        shown = f"@{entry.type}" + (f" (shown as @{view.type})" if view.type != kind else "")
        add(WarningType.MISSING_FIELD,
            f"{shown} needs {' and '.join(needed)}, so it is shown as its authors, title "
            f"and year only; add {' and '.join(needed)}, or give it a type that does not "
            "need it (e.g. @misc)")
    year_text = fields.get("year", "").strip()
    date_text = fields.get("date", "").strip()
    if year_text and not year_of(year_text):
        add(WarningType.BAD_YEAR, f"year {year_text!r} is not a year; write four digits, e.g. 2024")
    elif date_text and not year_text and not year:
        add(WarningType.BAD_YEAR,
            f"date {date_text!r} is not an ISO 8601 date; write e.g. 2024, 2024-03 or "
            "2024-03-05 (or give the year in a year field)")
    for problem in latex_problems(entry):  # text that pybtex would silently drop
        add(WarningType.BIB_SYNTAX, problem)
    if problem := month_problem(fields.get("month", "")):
        add(WarningType.BAD_YEAR, f"{problem}; the entry is sorted as if it had none")

    annotations, problems = entry_annotations(entry.fields, entry.persons, config.role_symbols)
    for problem in problems:
        add(WarningType.ANNOTATION, problem)

    owner_positions: tuple[int, ...] = ()
    matcher = config.matcher
    if matcher:
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        owner_positions = tuple(i for i, p in enumerate(people, 1)
                                if mark_of(p, matcher) == OWNER)
        if people and not owner_positions:
            bibfile = Path(path).name or "the bib file"
            if referenced_by:
                names = ", ".join(map(repr, referenced_by[:3]))
                add(WarningType.OWNER,
                    f"the owner is not among its {'authors' if entry.persons.get('author') else 'editors'}: "
                    f"it is the volume whose title {names} take as booktitle (crossref), "
                    "listed as an entry of its own; export "
                    "from DBLP without crossref (its 'standard' BibTeX), or write the "
                    "booktitle into those entries and delete this one")
            elif _ends_with_others(people):
                add(WarningType.OWNER,
                    "the author list ends with 'and others': the owner may be among them; "
                    f"list all authors in {bibfile} (the owner cannot be shown in bold "
                    "otherwise)")
            else:
                add(WarningType.OWNER,
                    "the owner is not among its authors (looked for "
                    f"{'; '.join(config.owner)}); fix the spelling of the name in "
                    f"{bibfile}, or add this form of it to portfolio_owner")

    topics: list[str] = []
    if config.topics or config.tags:
        known = list(config.topics) + list(config.tags)
        for keyword in keywords_of(entry):
            if keyword in config.topics:
                topics.append(keyword)
            elif keyword not in config.tags:
                # free text (ADS, Zotero and Google Scholar fill keywords with subject
                # terms) is no business of the site; a near miss of a key is a typo
                close = _close_key(keyword, known)
                if close:
                    add(WarningType.TOPIC,
                        f"keyword {keyword!r} is not a topic in portfolio_topics (nor in "
                        f"portfolio_tags); did you mean {close!r}?")
        if config.topics and not topics:
            add(WarningType.TOPIC,
                f"no topic in its keywords: it is listed under {config.other_label!r}; add one "
                f"of {', '.join(config.topics)} to its keywords field")
    order = list(config.topics)
    topics.sort(key=order.index)

    links = links_of(entry.fields)
    url = entry.fields.get("url", "").strip()
    if url and not links.url:
        add(WarningType.LINK, f"url {url!r} is not an http(s) address; it is shown as text, not as a link")
    for problem in field_problems(entry.fields):  # buttons, thumbnails, selected
        add(WarningType.LINK, problem)
    doi = entry.fields.get("doi", "").strip()
    if doi and not links.doi:
        add(WarningType.LINK, f"doi {doi!r} does not look like a DOI (10.NNNN/...); it is shown as text")

    info = EntryInfo(
        key=key, path=path, line=line, year=year, month=month,
        topics=tuple(dict.fromkeys(topics)), annotations=annotations,
        owner_positions=owner_positions, kind=kind,
        authors=len(entry.persons.get("author", ())), keywords=tuple(keywords_of(entry)),
        files=site_files(entry.fields), abstract=bool(entry.fields.get("abstract", "").strip()),
        venue=venue_label(entry.fields, config.venues),
    )
    return info, findings
