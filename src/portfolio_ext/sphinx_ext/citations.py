"""``{cite}`` links to entries listed by the ``publications`` directive.

sphinxcontrib-bibtex resolves its cite roles against its own ``bibliography``
directives only. This post-transform runs first and resolves every citation whose keys
are all listed by ``publications``: it links to the listing on the citing page, else on
the publications page (``portfolio_publications_page``), else on the first page listing
it. Labels come from sphinxcontrib-bibtex's configured referencing style
(``bibtex_reference_style``), so ``cite:p``, ``cite:t`` and the others keep their forms.
Citations of keys we do not list are left to sphinxcontrib-bibtex, except keys that no
bib file has: those get a ``portfolio.citation`` warning naming the likely key, and are
shown as the key with a question mark rather than as an empty citation.
"""

from __future__ import annotations

import contextlib
import difflib
import importlib.metadata
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import pybtex_docutils
from docutils import nodes
from pybtex.database import Entry
from pybtex.richtext import Text
from pybtex.style import FormattedEntry
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.roles import CiteRole
from sphinxcontrib.bibtex.style.referencing import format_references
from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo

from .._compat import LinkingBuilder, app_of
from .._version import __version__
from ..core.bibindex import BibIndex
from ..style.referencing import PortfolioReferenceStyle, decoded_people
from .bib import get_index
from .config import get_config, tools_signature
from .domain import get_domain
from .formatted import entry_plain_text
from .warnings_ import WarningType, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinxcontrib.bibtex.domain import BibtexDomain

_BACKEND = pybtex_docutils.Backend()
#: the short citations' labels are sphinxcontrib-bibtex's templates: kept under it
_BIBTEX_VERSION = ""
with contextlib.suppress(Exception):  # not installed as a distribution: no version
    _BIBTEX_VERSION = importlib.metadata.version("sphinxcontrib-bibtex")


def tell_apart_years(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated: give the ``portfolio`` referencing style the letters that tell apart
    papers cited alike ("Luo et al., 2022a"), and return the pages to write again
    because a letter of a paper they cite changed (a paper added or retitled)."""
    bibtex = cast("BibtexDomain", env.get_domain("cite"))
    style = getattr(bibtex, "reference_style", None)
    if not isinstance(style, PortfolioReferenceStyle):
        return []
    domain = get_domain(env)
    made_from, before = domain.year_suffixes
    # the letters depend on the bib files only: unchanged files (sphinxcontrib-bibtex's
    # own test for parsing them again) keep the last build's (0.2 s at 1,000 entries)
    signature = repr((type(style).__module__, type(style).__qualname__, __version__,
                      _BIBTEX_VERSION, sorted((str(path), bibfile.mtime)
                                              for path, bibfile in bibtex.bibdata.bibfiles.items())))
    if signature == made_from and get_config(env).cache:
        style.year_suffixes = before
        return []
    suffixes = dict(style.tell_apart(bibtex.bibdata.data.entries.values(),
                                     _labels(env, style, bibtex.bibdata.data)))
    domain.year_suffixes = (signature, suffixes)
    # pybtex, like BibTeX, compares keys ignoring case ({cite:p}`Luo2022` is luo2022)
    changed = {k.lower() for k in before.keys() | suffixes.keys()
               if before.get(k) != suffixes.get(k)}
    if not changed:
        return []
    return sorted({ref.docname for ref in bibtex.citation_refs
                   if any(t.key.lower() in changed for t in ref.targets)} & env.all_docs.keys())


def _labels(env: BuildEnvironment, style: PortfolioReferenceStyle,
            data: Any) -> Callable[[Entry], str | None] | None:
    """The short citation's authors of each entry ("Luo et al.", the labels that the
    letters tell apart), from the last build's for the entries that did not change (by
    their digests, under the same style and tools): an edit of one entry formats one
    label, not thousands (some 0.25 ms each). None where the entries are not ours."""
    index, domain = get_index(env), get_domain(env)
    if data is not index.data or not get_config(env).cache:
        return None
    # the person style's settings (its plugin object's address left out)
    person = re.sub(r" at 0x[0-9a-fA-F]+", "", repr(style.person))
    signature = repr((type(style).__module__, type(style).__qualname__, person,
                      __version__, tools_signature(), _BIBTEX_VERSION))
    made_from, before = domain.author_labels
    labels = before if made_from == signature else {}
    used: dict[str, str | None] = {}

    def label_of(entry: Entry) -> str | None:
        digest = index.digests.get(entry.key)
        if digest is None:
            return style.label(entry)
        if digest not in labels:
            labels[digest] = style.label(entry)
        used[digest] = labels[digest]
        return used[digest]

    domain.author_labels = (signature, used)  # filled as the entries are told apart
    return label_of


class ResolvePortfolioCitations(SphinxPostTransform):
    """Resolve cite roles whose keys the ``publications`` directive lists."""

    # before Sphinx's ReferencesResolver (10), where sphinxcontrib-bibtex would
    # resolve (and warn about) the same pending_xref nodes
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        index = get_index(self.env)
        self._unknown_keys(index)
        if not domain.listings:
            return
        bibtex = cast("BibtexDomain", self.env.get_domain("cite"))
        style = bibtex.reference_style
        config = get_config(self.env)
        app = app_of(self.env)
        # LaTeX too links to our list items, not to bibitems (see LinkingBuilder)
        builder = LinkingBuilder(app.builder)
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("refdomain") != "cite":
                continue
            # LaTeX and singlehtml resolve one merged tree: the citing page is refdoc
            docname = node.get("refdoc", self.env.docname)
            targets = list(parse_citation_targets(node["reftarget"]))
            places = [domain.locate(t.key, docname, config.publications_page) for t in targets]
            if not targets or None in places or any(t.key not in index.data.entries for t in targets):
                continue  # not all ours: sphinxcontrib-bibtex resolves or warns
            references = []
            for target, (todocname, anchor) in zip(targets, places, strict=True):
                info = SphinxReferenceInfo(
                    builder=builder,
                    fromdocname=docname,
                    todocname=todocname,
                    citation_id=anchor,
                    title=(entry_plain_text(index, config, target.key)
                           if self.config.bibtex_tooltips else None),
                    pre_text=target.pre,
                    post_text=target.post,
                )
                # the referencing styles read the entry's label only (entry_label), and
                # its people's names (those the citation shows, decoded only where
                # they hold LaTeX: PortfolioReferenceStyle.cited)
                formatted = FormattedEntry(target.key, Text(), target.key)
                entry = index.data.entries[target.key]
                references.append((style.cited(entry, node["reftype"])
                                   if isinstance(style, PortfolioReferenceStyle)
                                   else decoded_people(entry), formatted, info))
            try:
                text = format_references(style, node["reftype"], references)
            except Exception as exc:  # noqa: BLE001 (a bad entry must not end the build)
                # e.g. FieldIsMissing: the referencing style needs an author or a title
                keys = ", ".join(t.key for t in targets)
                warn(f"citation of {keys!r}: its label cannot be made ({exc}); give the "
                     "entry an author (or editor), a title and a year", WarningType.CITATION,
                     node)
                node.replace_self(_shown_as_written(node, keys))
                continue
            result = nodes.inline(rawsource=node["reftarget"], classes=["bibtex-citation"])
            result["reftype"] = node["reftype"]  # the PDF's numbers replace a cite:p
            result += text.render(_BACKEND)
            node.replace_self(result)

    def _unknown_keys(self, index: BibIndex) -> None:
        """Citations of keys that no bib file has: a warning with the likely key, and
        the keys shown with a question mark instead of an empty citation.

        Only on sites that use the extension's lists or counts: elsewhere the citations
        and their warnings (``bibtex.key_not_found``) are sphinxcontrib-bibtex's. A key
        with the ``:keyprefix:`` of a ``bibliography`` directive is known.
        """
        domain = get_domain(self.env)
        if not (domain.listings or domain.counted):
            return
        bibtex = cast("BibtexDomain", self.env.get_domain("cite"))
        prefixes = {value.keyprefix for value in bibtex.bibliographies.values()
                    if value.keyprefix}

        def known(key: str) -> bool:
            return key in index.data.entries or any(
                key.startswith(p) and key[len(p):] in index.data.entries for p in prefixes)

        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("refdomain") != "cite":
                continue
            try:
                keys = [t.key for t in parse_citation_targets(node["reftarget"])]
            except ValueError as exc:  # "malformed citation target: ," (an empty key)
                warn(f"cannot read the citation {node['reftarget']!r} ({exc}); write its keys "
                     "separated by commas, e.g. {cite:p}`xu2020frequency,luo2021phase`",
                     WarningType.CITATION, node)
                node.replace_self(_shown_as_written(node, node["reftarget"]))
                continue
            # pybtex, like BibTeX, compares keys ignoring case
            unknown = [key for key in keys if not known(key)]
            if not unknown:
                continue
            files = ", ".join(path.name for path in index.keys_by_file) or "the bib files"
            for key in unknown:
                close = difflib.get_close_matches(key, index.keys, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                warn(f"citation of unknown key {key!r}: no entry in {files} has this key{hint}; "
                     "correct the key, or add the entry", WarningType.CITATION, node)
            node.replace_self(nodes.inline(
                node["reftarget"], ", ".join(f"{k}?" if k in unknown else k for k in keys),
                classes=["bibtex-citation", "portfolio-unknown-citation"],
            ))


def _shown_as_written(node: addnodes.pending_xref, text: str) -> nodes.inline:
    """What a citation that cannot be resolved shows: its text, marked as unresolved."""
    return nodes.inline(node["reftarget"], text,
                        classes=["bibtex-citation", "portfolio-unknown-citation"])


class CheckedCiteRole(CiteRole):
    """sphinxcontrib-bibtex's cite roles, with a warning where they would raise.

    Its role reads the keys while the page is read (``CitationRef``), and its
    ``parse_citation_targets`` raises ``ValueError`` on a target such as ``,`` or
    ``a,,b``, ending the build. Here such a citation is shown as written, with a
    ``portfolio.citation`` warning naming the page and line; any other is left to it.
    """

    def result_nodes(self, document, env, node, is_ref):
        try:
            list(parse_citation_targets(self.target))
        except ValueError as exc:
            warn(f"cannot read the citation {self.target!r} ({exc}); write its keys separated "
                 "by commas, e.g. {cite:p}`xu2020frequency,luo2021phase`",
                 WarningType.CITATION, node)
            return [_shown_as_written(node, self.target)], []
        return super().result_nodes(document, env, node, is_ref)
