"""The extension's state, in one place: what each page lists, and this build's settings,
bib index and changes.

Per-document records live in the domain's data, keyed by docname, so that
``clear_doc`` and ``merge_domaindata`` (parallel reads) handle them all. The bib index
lives in the data too: it is pickled with the environment (on demand, see
``core/bibindex.py``) and reused by the next build. What holds for this build only (the
validated settings, the bib changes, navigation snapshots, generated pages) are
attributes of the domain object: Sphinx pickles ``env.domaindata``, not the domains, so
none of it reaches the next build, and worker processes (``-j``), forked after
``builder-inited``, see what the main process set.
"""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sphinx.domains import Domain

from ..core.bibindex import BibIndex

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..core.settings import PortfolioConfig

#: the keys of the domain's data that hold one record per document
PER_DOCUMENT = ("listings", "lists", "topic_sections", "charts", "counted")


@dataclass
class BibChanges:
    """What changed in the bibliography since the last build, for this build only."""

    #: keys whose entry was added, removed or edited; None: all (settings or version)
    keys: frozenset[str] | None = frozenset()
    #: those of *keys* edited in their text only: their lists read the same
    #: (``listing.list_shape``), and are written again, not read again
    same_shape: frozenset[str] = frozenset()
    #: pages whose lists show only such entries of *keys*: written again, not read
    rewrite: set[str] = field(default_factory=set)
    #: docname -> key -> anchor, as the listings were before this build read pages
    listings_before: dict[str, dict[str, str]] = field(default_factory=dict)
    #: page of *rewrite* -> the entries of *keys* its lists show
    rewrite_keys: dict[str, frozenset[str]] = field(default_factory=dict)
    #: key of *same_shape* -> (its digest, its venue label, the entry pickled) before
    before: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)
    #: pages of *rewrite* whose written HTML is patched rather than written again
    #: (``html/patching.py``)
    patch: set[str] = field(default_factory=set)

    def touches(self, keys: Collection[str]) -> bool:
        return self.keys is None or not self.keys.isdisjoint(keys)


class PortfolioDomain(Domain):
    """Records, per document, the anchor of the first listing of each entry, the
    options of each ``publications`` list (to tell which pages a bib change touches),
    the sections grouping each topic and the pages that draw a chart."""

    name = "portfolio"
    label = "Portfolio publications"
    data_version = 10  # 10: bib pieces keep their entries' digests and crossrefs
    initial_data: dict[str, Any] = {
        **{name: {} for name in PER_DOCUMENT},
        "bib_index": None,
        "paper_search": {},
        "year_suffixes": ("", {}),
        "author_labels": ("", {}),
        "paper_names": ("", {}),
    }

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: the validated settings, set at builder-inited (``config.py``)
        self.config: PortfolioConfig | None = None
        #: what changed in the bib files, from builder-inited to env-updated (``bib.py``)
        self.bib_changes = BibChanges()
        #: every page's title and toctrees before this build read pages (``incremental.py``)
        self.navigation_before: dict[str, Any] | None = None
        #: docname -> read time, before this build read pages (``incremental.py``)
        self.read_times_before: dict[str, int] = {}
        #: whether an earlier build stopped before it finished writing (``incremental.py``)
        self.interrupted = False
        #: the pages that build did not finish writing
        self.unwritten: set[str] = set()
        #: the navigation HTML shared by the paper pages: toctree() arguments -> HTML
        self.paper_navigation: dict[str, str] = {}
        #: the previous build's search index, loaded at env-get-updated
        #: (``incremental.py``): the paper pages that did not change keep their words
        #: from it (``html/papers.py``), then it is dropped
        self.search_before: Any = None
        #: the generated pages this build wrote (``html/seo.py``); written in the main
        #: process after the documents, so this one set sees them all
        self.generated_pages: set[str] = set()
        #: whether this build moved an entry: listed in another place, or no longer
        #: or newly listed (from env-updated, ``bib.rewrite_citing_pages``); where a
        #: citation and a paper page's "see it in the list" link go
        self.listings_moved = True
        #: the documents this build wrote, counted as they are (``incremental.py``):
        #: none, and the search index on disk is the one to write
        self.documents_written = 0
        #: the documents this build wrote (``incremental.py``, for ``html/patching.py``)
        self.written_pages: set[str] = set()
        #: the list pages to patch, and how, from env-updated (``html/patching.py``)
        self.patches: dict[str, Any] = {}
        #: the list pages patched by this build
        self.patched: set[str] = set()
        #: list page -> word -> how often it comes in the page's text: as the builds
        #: that indexed them counted (None: not read yet), and as this build counts
        self.page_words: dict[str, dict[str, int]] | None = None
        self.counted_words: dict[str, dict[str, int]] = {}

    # -- per document -------------------------------------------------------------

    @property
    def listings(self) -> dict[str, dict[str, str]]:
        """docname -> entry key -> anchor id of its first listing in that document."""
        return self.data["listings"]

    @property
    def lists(self) -> dict[str, list[dict[str, Any]]]:
        """docname -> the options of each ``publications`` directive in that document."""
        return self.data["lists"]

    @property
    def topic_sections(self) -> dict[str, dict[str, str]]:
        """docname -> topic key -> id of the first section grouping that topic."""
        return self.data["topic_sections"]

    @property
    def charts(self) -> dict[str, bool]:
        """docname -> True for each document with a ``publications-chart``."""
        return self.data["charts"]

    @property
    def counted(self) -> dict[str, list[str]]:
        """docname -> the keys its counts and charts (``pubcount``, ``publications-chart``)
        select: their years and topics are read, so their problems are reported."""
        return self.data["counted"]

    def note_counted(self, docname: str, keys: list[str]) -> None:
        self.counted.setdefault(docname, []).extend(keys)

    def used_keys(self) -> set[str]:
        """The entries that some page lists or counts: the ones whose problems matter."""
        used = {key for keys in self.listings.values() for key in keys}
        used.update(key for keys in self.counted.values() for key in keys)
        return used

    def note_listing(self, docname: str, key: str, anchor: str) -> None:
        self.listings.setdefault(docname, {}).setdefault(key, anchor)

    def note_list(self, docname: str, options: dict[str, Any]) -> None:
        self.lists.setdefault(docname, []).append(dict(options))

    def clear_doc(self, docname: str) -> None:
        for name in PER_DOCUMENT:
            self.data[name].pop(docname, None)

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        for name in PER_DOCUMENT:
            for docname, value in otherdata[name].items():
                if docname in docnames:
                    self.data[name][docname] = value

    # -- the whole build ----------------------------------------------------------

    @property
    def bib_index(self) -> BibIndex | None:
        """The parsed and checked bibliography, kept for the next build (``bib.py``)."""
        return self.data["bib_index"]

    @property
    def paper_search(self) -> dict[str, tuple[str, str, str]]:
        """entry key -> (its digest, title, authors-venue-year): the search text of its
        paper page, kept for the next build (``html/papers.py``)."""
        return self.data.setdefault("paper_search", {})

    @property
    def year_suffixes(self) -> tuple[str, dict[str, str]]:
        """(what they were made from, entry key -> the letter after its year in
        author-year citations, "2022a"), as the last build gave them (``citations.py``)."""
        saved = self.data.get("year_suffixes")
        return saved if isinstance(saved, tuple) else ("", {})

    @year_suffixes.setter
    def year_suffixes(self, saved: tuple[str, dict[str, str]]) -> None:
        self.data["year_suffixes"] = saved

    @property
    def paper_names(self) -> tuple[str, dict[str, str]]:
        """(``portfolio_paper_pages_dir``, entry key -> the name of its page), as the
        last build made them (``html/papers.py``)."""
        saved = self.data.get("paper_names")
        return saved if isinstance(saved, tuple) else ("", {})

    @paper_names.setter
    def paper_names(self, saved: tuple[str, dict[str, str]]) -> None:
        self.data["paper_names"] = saved

    @property
    def author_labels(self) -> tuple[str, dict[str, str | None]]:
        """(the style and tools they were made with, entry digest -> the authors of its
        short citation, "Luo et al."; None if it has none), as the last build made
        them for the letters (``citations.py``)."""
        saved = self.data.get("author_labels")
        return saved if isinstance(saved, tuple) else ("", {})

    @author_labels.setter
    def author_labels(self, saved: tuple[str, dict[str, str | None]]) -> None:
        self.data["author_labels"] = saved

    @bib_index.setter
    def bib_index(self, index: BibIndex) -> None:
        self.data["bib_index"] = index

    def locate(self, key: str, fromdocname: str, preferred: str = "") -> tuple[str, str] | None:
        """Where a citation of *key* from *fromdocname* should point.

        The citing page itself if it lists the entry, else *preferred* (the
        publications page), else the first page in name order that lists it.
        """
        for docname in (fromdocname, preferred):
            anchor = self.listings.get(docname, {}).get(key)
            if anchor:
                return docname, anchor
        for docname in sorted(self.listings):
            anchor = self.listings[docname].get(key)
            if anchor:
                return docname, anchor
        return None

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []


def get_domain(env: BuildEnvironment) -> PortfolioDomain:
    return cast(PortfolioDomain, env.get_domain("portfolio"))
