"""Where each entry is listed: the per-document state behind citation links and rebuilds."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, cast

from sphinx.domains import Domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class PortfolioDomain(Domain):
    """Records, per document, the anchor of the first listing of each entry, and the
    options of each ``publications`` list (to tell which pages a bib change touches)."""

    name = "portfolio"
    label = "Portfolio publications"
    data_version = 2
    initial_data: dict[str, Any] = {"listings": {}, "lists": {}}

    @property
    def listings(self) -> dict[str, dict[str, str]]:
        """docname -> entry key -> anchor id of its first listing in that document."""
        return self.data["listings"]

    @property
    def lists(self) -> dict[str, list[dict[str, Any]]]:
        """docname -> the options of each ``publications`` directive in that document."""
        return self.data["lists"]

    def note_listing(self, docname: str, key: str, anchor: str) -> None:
        self.listings.setdefault(docname, {}).setdefault(key, anchor)

    def note_list(self, docname: str, options: dict[str, Any]) -> None:
        self.lists.setdefault(docname, []).append(dict(options))

    def clear_doc(self, docname: str) -> None:
        self.listings.pop(docname, None)
        self.lists.pop(docname, None)

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        for name in ("listings", "lists"):
            for docname, value in otherdata[name].items():
                if docname in docnames:
                    self.data[name][docname] = value

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


def setup_domain(app: Sphinx) -> None:
    app.add_domain(PortfolioDomain)
