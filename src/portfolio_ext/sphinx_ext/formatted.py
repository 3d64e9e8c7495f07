"""Entries formatted once: per process, and across builds in the doctree folder.

Formatting is most of the cost of a list (pybtex's templates and LaTeX decoding). An
entry is formatted once and kept in the forms the pages use: its docutils nodes
(pickled: a fifth of the memory of pybtex's rich text, and quick to restore), its plain
text (citation tooltips), its text as the nodes have it (the search index), and, per
HTML translator, its markup.

These are keyed by a digest of the entry's content, under a signature of the settings
and of the versions of everything that shapes the output. They are saved in the
doctree folder (``portfolio-entries.pickle``) at the end of a build and read back by
the next build that needs an entry: after an edit of ``refs.bib``, only the entries
that changed are formatted again. A clean build (no doctree folder) formats
everything; a changed setting or version starts afresh. With ``portfolio_cache =
False``, each build starts afresh and neither reads nor writes the file.
"""

from __future__ import annotations

import contextlib
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pybtex_docutils
from docutils import nodes
from pybtex.backends.plaintext import Backend as PlaintextBackend
from pybtex.richtext import Text
from pybtex.style.template import FieldIsMissing

from ..core.bibindex import BibIndex
from ..core.latex_markup import math_text
from ..core.settings import PortfolioConfig
from ..style.richtext import Classed
from ..style.styles import style_class
from .bib import get_index
from .config import get_config, tools_signature
from .sidefiles import read_store, write_atomic, write_store
from .warnings_ import WarningType, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["entry_plain_text", "entry_words", "rendered_entry"]

STORE = "portfolio-entries.pickle"
#: each entry's plain text alone (a citation's tooltip), by digest: the whole store is
#: some 3 KB an entry, and a page that only cites entries needs no more than this
PLAIN_STORE = "portfolio-plain.pickle"
_BACKEND = pybtex_docutils.Backend()
_PLAINTEXT = PlaintextBackend()


class Formatted(NamedTuple):
    """What one entry's formatting gives (saved as a plain tuple: quicker to load)."""

    nodes: bytes  #: its docutils nodes, pickled
    plain: str  #: its plain text
    words: str  #: the text of its nodes
    problem: str | None  #: what kept it from being formatted, if anything


class _Formatter:
    """One style and the entries it formatted, for one set of settings.

    A style is made once: pybtex looks its name, label and sorting styles up among the
    installed entry points, which costs more than formatting an entry.
    """

    def __init__(self, signature: str, config: PortfolioConfig) -> None:
        self.signature = signature
        self.style = style_class(config.style)(portfolio_config=config)
        #: entry digest -> its formatting
        self.entries: dict[str, Formatted] = {}
        #: entry digest -> its formatting as an earlier build saved it (a tuple)
        self.saved: dict[str, tuple[bytes, str, str, str | None]] = {}
        #: (translator, linked, entry digest) -> its HTML markup
        self.markup: dict[tuple[str, bool, str], str] = {}
        #: keys whose problem this process has reported
        self.warned: set[str] = set()
        #: the saved formatting of an earlier build, read on the first entry not here
        self.store: Path | None = None
        #: entry digest -> its plain text as an earlier build saved it, and the file it
        #: is read from on the first plain text asked for (see entry_plain_text)
        self.plain: dict[str, str] = {}
        self.plain_store: Path | None = None
        #: the digests and markup keys of the store as last read or written whole
        #: (None if it was not there, or not this signature's): see save
        self._on_disk: dict[str, set] | None = None
        self.changed = False

    def load(self) -> None:
        store, self.store = self.store, None
        if store is None:
            return
        saved, self._on_disk = read_store(store, self.signature, ("entries", "markup"))
        self.saved = {**saved["entries"], **self.saved}
        self.markup = {**saved["markup"], **self.markup}

    def load_plain(self) -> None:
        store, self.plain_store = self.plain_store, None
        if store is not None:
            saved, _ = read_store(store, self.signature, ("plain",))
            self.plain = {**saved["plain"], **self.plain}

    def save(self, store: Path, digests: set[str]) -> None:
        """Write the formatting of the entries with *digests* (those of the current
        bib files) to *store*, or to its additions (sidefiles.write_store)."""
        entries = {d: f for d, f in self.saved.items() if d in digests}
        entries.update((d, tuple(f)) for d, f in self.entries.items() if d in digests)
        markup = {k: m for k, m in self.markup.items() if k[2] in digests}
        self._on_disk = write_store(store, self.signature,
                                    {"entries": entries, "markup": markup}, self._on_disk)
        # the plain texts of the entries formatted without a problem (one with a
        # problem is restored from the store, and its warning given again)
        plain = {d: f[1] for d, f in entries.items() if not f[3]}
        write_atomic(store.with_name(PLAIN_STORE), pickle.dumps(
            {"signature": self.signature, "plain": plain}, pickle.HIGHEST_PROTOCOL))
        self.changed = False


# Per process: every entry is formatted at most once however many lists, pages and
# builders show it. What it holds is a pure function of its signature (settings and
# versions, config.py) and of each entry's digest, so it may outlive a build; a changed
# setting or version starts afresh, and so does every build with portfolio_cache =
# False (start_formatting).
_FORMATTER: _Formatter | None = None


def _signature(index: BibIndex) -> str:
    return f"{index.settings}|{tools_signature()}"  # index.settings: settings_signature


def _formatter(index: BibIndex, config: PortfolioConfig) -> _Formatter:
    global _FORMATTER
    signature = _signature(index)
    if _FORMATTER is None or _FORMATTER.signature != signature:
        _FORMATTER = _Formatter(signature, config)
    return _FORMATTER


def _digest(index: BibIndex, key: str) -> str:
    return index.digests[key]  # build_index gives every entry one


def _formatted(index: BibIndex, config: PortfolioConfig, key: str) -> tuple[Formatted, list[nodes.Node] | None]:
    """The formatting of entry *key*, and its nodes when they were made just now."""
    formatter = _formatter(index, config)
    digest = _digest(index, key)
    formatted = formatter.entries.get(digest)
    if formatted is None:
        if formatter.store is not None:
            formatter.load()
        saved = formatter.saved.pop(digest, None)
        if saved is not None:
            formatted = formatter.entries[digest] = Formatted(*saved)
    fresh = None
    if formatted is None:
        formatted, fresh = _format(formatter, index, key)
        formatter.entries[digest] = formatted
        formatter.changed = True
    if formatted.problem and key not in formatter.warned:  # only then is index.info read
        formatter.warned.add(key)
        warn(f"entry {key!r} cannot be formatted: {formatted.problem}; fix the entry",
             WarningType.MISSING_FIELD, index.info[key].location)
    return formatted, fresh


def _format(formatter: _Formatter, index: BibIndex, key: str) -> tuple[Formatted, list[nodes.Node]]:
    entry = index.data.entries[key]
    problem = None
    try:
        text = formatter.style.format_entry(key, entry).text
    except Exception as exc:  # noqa: BLE001 (a bad entry must not end the build)
        # e.g. a field its type needs (journal, booktitle) or a type pybtex lacks:
        # show the entry with the problem rather than drop it from the list
        shown = str(exc) if isinstance(exc, FieldIsMissing) else (
            f"entry type @{entry.type} is not supported "
            "(use article, inproceedings, book, incollection, misc, phdthesis, ...)"
        )
        if getattr(exc, "field_name", None) not in ("author", "title", "year"):
            problem = shown  # those three are reported by the bib checks already
        text = Text(Classed("span", "portfolio-error", f"{key}: {shown}"))
    rendered = _joined(text.render(_BACKEND))
    formatted = Formatted(
        pickle.dumps(rendered, pickle.HIGHEST_PROTOCOL),
        text.render(_PLAINTEXT),
        "".join(_words(node) for node in rendered),
        problem,
    )
    return formatted, rendered


def _words(node: nodes.Node) -> str:
    """The text of *node*, math as Unicode text: the words of the search index."""
    if isinstance(node, nodes.math):
        return math_text(node.astext())
    if isinstance(node, nodes.Element) and node.next_node(nodes.math) is not None:
        return node.child_text_separator.join(_words(child) for child in node.children)
    return node.astext()


def _joined(children: list[nodes.Node]) -> list[nodes.Node]:
    """*children* with neighbouring text nodes made one, at every level.

    pybtex renders each piece of an entry (a name, a comma, a space) as its own text
    node; joined, a list holds a third of the nodes to pickle, transform and write.
    """
    result: list[nodes.Node] = []
    for child in children:
        if isinstance(child, nodes.Text) and result and isinstance(result[-1], nodes.Text):
            result[-1] = nodes.Text(result[-1] + child)
            continue
        if isinstance(child, nodes.Element) and len(child) > 1:
            child[:] = _joined(child.children)
        result.append(child)
    return result


def rendered_entry(index: BibIndex, config: PortfolioConfig, key: str) -> list[nodes.Node]:
    """The text of entry *key* as docutils nodes, a new copy on each call.

    Each further list showing the entry unpickles the nodes: a fifth of the cost of
    rendering pybtex's rich text again, and a tenth of formatting the entry.
    """
    formatted, fresh = _formatted(index, config, key)
    return fresh if fresh is not None else pickle.loads(formatted.nodes)


def entry_plain_text(index: BibIndex, config: PortfolioConfig, key: str) -> str:
    """The text of entry *key* as plain text: from the plain texts an earlier build
    saved (:data:`PLAIN_STORE`), where this process has not formatted or restored the
    entry, so that a page that cites entries does not read the whole store."""
    formatter = _formatter(index, config)
    digest = _digest(index, key)
    if digest not in formatter.entries and digest not in formatter.saved:
        formatter.load_plain()
        found = formatter.plain.get(digest)
        if found is not None:
            return found
    return _formatted(index, config, key)[0].plain


def entry_words(index: BibIndex, config: PortfolioConfig, key: str) -> str:
    """The text of entry *key* as its docutils nodes have it."""
    return _formatted(index, config, key)[0].words


def cached_markup(index: BibIndex, config: PortfolioConfig, translator: str, linked: bool,
                  key: str) -> str | None:
    """The markup of entry *key* that *translator* made, if it made it."""
    return _formatter(index, config).markup.get((translator, linked, _digest(index, key)))


def earlier_formatting(index: BibIndex, config: PortfolioConfig, digest: str,
                       kinds: list[tuple[str, bool]]) -> tuple[str | None, list[str | None]]:
    """The words of the entry formatted under *digest* (say, before an edit), and its
    markup for each (translator, linked) of *kinds*, as this process or the store of
    an earlier build has them; None where neither has them."""
    formatter = _formatter(index, config)
    if formatter.store is not None:
        formatter.load()
    found = formatter.entries.get(digest)
    words = found.words if found is not None else (
        formatter.saved[digest][2] if digest in formatter.saved else None)
    return words, [formatter.markup.get((kind, linked, digest)) for kind, linked in kinds]


def keep_markup(index: BibIndex, config: PortfolioConfig, translator: str, linked: bool,
                key: str, markup: str) -> None:
    formatter = _formatter(index, config)
    formatter.markup[(translator, linked, _digest(index, key))] = markup
    formatter.changed = True


# -- the store in the doctree folder -----------------------------------------------


def start_formatting(app: Sphinx) -> None:
    """builder-inited: where the saved formatting is, read on the first entry needed."""
    global _FORMATTER
    index, config = get_index(app.env), get_config(app.env)
    if not config.cache:
        _FORMATTER = _Formatter(_signature(index), config)  # nothing from earlier builds
        return
    formatter = _formatter(index, config)
    formatter.store = Path(app.doctreedir) / STORE
    formatter.plain_store = Path(app.doctreedir) / PLAIN_STORE


def save_formatting(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: save what this build formatted, for the next one."""
    formatter = _FORMATTER
    if (exception is not None or formatter is None or not formatter.changed
            or not get_config(app.env).cache):
        return
    index = get_index(app.env)
    if formatter.signature != _signature(index):
        return
    formatter.load()  # keep what an earlier build saved and this one did not need
    with contextlib.suppress(OSError):  # a cache: the next build formats again
        formatter.save(Path(app.doctreedir) / STORE, set(index.digests.values()))
