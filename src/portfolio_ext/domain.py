"""Where each entry is listed: the per-document state behind citation links."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, cast

from sphinx.domains import Domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class PortfolioDomain(Domain):
    """Records, per document, the anchor of the first listing of each entry."""

    name = "portfolio"
    label = "Portfolio publications"
    data_version = 1
    initial_data: dict[str, Any] = {"listings": {}}

    @property
    def listings(self) -> dict[str, dict[str, str]]:
        """docname -> entry key -> anchor id of its first listing in that document."""
        return self.data["listings"]

    def note_listing(self, docname: str, key: str, anchor: str) -> None:
        self.listings.setdefault(docname, {}).setdefault(key, anchor)

    def clear_doc(self, docname: str) -> None:
        self.listings.pop(docname, None)

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        for docname, keys in otherdata["listings"].items():
            if docname in docnames:
                self.listings[docname] = keys

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
