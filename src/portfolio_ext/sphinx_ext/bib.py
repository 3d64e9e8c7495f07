"""Sphinx glue for the bib files: parse once, check, warn, share with sphinxcontrib-bibtex.

The parsed bibliography is kept in the environment with a signature of the bib files'
contents, the settings and the extension version; it is parsed again only when the
signature changes. Pages do not depend on the bib files as a whole: after a change, a
page is re-read only if one of its ``publications`` lists shows, or would now show, an
entry that changed in what the list shows of it when read (``listing.list_shape``:
where it goes, its classes, its legend); a page whose lists show entries changed in
their text only, or that only cites a changed entry, is written again (texts and
citations are filled in when writing). A changed setting or extension version changes
every entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from pybtex.utils import OrderedCaseInsensitiveDict

from .._compat import names_parsed_once, share_bibdata
from ..core.bibindex import BibIndex, build_index, file_signature, same_entry
from ..core.settings import NO_OWNER, SETTINGS
from ..style.formatting import activate
from .config import get_config, report_setting, settings_signature
from .domain import BibChanges, get_domain
from .listing import list_shape, select
from .warnings_ import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinxcontrib.bibtex.domain import BibtexDomain

__all__ = ["BibChanges", "bib_paths", "changed_keys", "get_index"]


def bib_paths(app_or_env: Sphinx | BuildEnvironment) -> list[Path]:
    """The configured bib files, resolved as sphinxcontrib-bibtex resolves them."""
    config = app_or_env.config
    confdir = Path(getattr(app_or_env, "confdir", None) or app_or_env.srcdir)
    return [(confdir / file).resolve() for file in (config.bibtex_bibfiles or [])]


def get_index(env: BuildEnvironment) -> BibIndex:
    """The parsed and checked bibliography of this build."""
    index = get_domain(env).bib_index
    assert index is not None, "the bib files are parsed at builder-inited"
    return index


def parse_bib_files(app: Sphinx) -> None:
    """builder-inited: parse the bib files, unless the last build's parse still holds
    (with ``portfolio_cache = False``, always), and hand the result to
    sphinxcontrib-bibtex."""
    env = app.env
    domain = get_domain(env)
    config = get_config(env)
    activate(config)
    paths = bib_paths(app)
    encoding = app.config.bibtex_encoding
    # the language too: the entries' labels (role names, the alphabetical note) are translated
    settings = f"{settings_signature(config)}|{app.config.language}"
    signature = f"{settings}|{file_signature(paths, encoding)}"
    old = domain.bib_index
    changes = BibChanges()
    if old is None or old.signature != signature or not config.cache:
        # what the last parse read and checked is not read or checked again
        with names_parsed_once():
            index = build_index(paths, config, encoding, signature=signature,
                                settings=settings, previous=old if config.cache else None)
        if old is not None:
            same_settings = old.signature.startswith(f"{settings}|")
            changes.keys = changed_keys(old, index) if same_settings else None
            if changes.keys:
                changes.same_shape = frozenset(
                    k for k in changes.keys if k in old.info and k in index.info
                    and list_shape(old, config, k) == list_shape(index, config, k))
                stored = OrderedCaseInsensitiveDict.__getitem__  # the pickle, as it is
                changes.before = {k: (old.digests[k], old.info[k].venue,
                                      stored(old.data.entries, k))
                                  for k in changes.same_shape if k in old.digests}
        domain.bib_index = index
    else:
        index = old
    domain.bib_changes = changes
    if not configured(app):
        # a site that only loads the extension beside sphinxcontrib-bibtex: the bib
        # files, their messages and warnings stay sphinxcontrib-bibtex's (it parses them
        # at its builder-inited, 500); ours wait for a page that uses our lists
        return
    # Hand our parse to sphinxcontrib-bibtex: it then finds its cache up to date and
    # does not parse again (its parser raises on syntax errors, ending the build).
    share_bibdata(cast("BibtexDomain", env.get_domain("cite")), encoding,
                  index.keys_by_file, index.data)
    # every build repeats the findings, so that -W fails until they are fixed; those
    # about one entry wait until the pages are read (report_entry_findings)
    for finding in index.findings:
        if not finding.key:
            warn(finding.message, finding.subtype, finding.location)


def configured(app: Sphinx) -> bool:
    """Whether conf.py sets any ``portfolio_*`` setting or picks a ``portfolio`` style."""
    config = app.config
    return (
        any(getattr(config, setting.name) != setting.default for setting in SETTINGS)
        or "portfolio" in (config.bibtex_default_style, config.bibtex_reference_style)
    )


def report_entry_findings(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: the problems of the entries that some page lists or counts.

    Entries that only a site's own ``bibliography`` directives show are
    sphinxcontrib-bibtex's business: loading this extension next to it adds no
    warning until a page uses the extension's lists, counts or charts.
    """
    domain = get_domain(env)
    used = domain.used_keys()
    if not used:
        return
    if not get_config(env).owner:
        report_setting(app, NO_OWNER, "portfolio_owner")
    reported = configured(app)  # the others were at builder-inited
    for finding in get_index(env).findings:
        if finding.key in used if finding.key else not reported:
            warn(finding.message, finding.subtype, finding.location)


def changed_keys(old: BibIndex, new: BibIndex) -> frozenset[str] | None:
    """The keys whose listing may differ from *old* to *new* (same settings).

    None when entries changed places in the files: their order breaks ties in lists.
    """
    common = set(old.info) & set(new.info)
    if [k for k in old.keys if k in common] != [k for k in new.keys if k in common]:
        return None
    changed = set(old.info) ^ set(new.info)
    changed.update(
        k for k in common
        if not same_entry(old.data.entries, new.data.entries, k)
        or old.info[k].path != new.info[k].path
    )
    return frozenset(changed)


def outdated_by_bib(app, env, added, changed, removed) -> list[str]:
    """env-get-outdated: the pages to read again because a list on them shows or would
    show a changed entry."""
    domain = get_domain(env)
    changes = domain.bib_changes
    changes.listings_before = dict(domain.listings)
    if changes.keys == frozenset():
        return []
    index, config = get_index(env), get_config(env)
    outdated = []
    for docname, lists in domain.lists.items():
        listed = domain.listings.get(docname, {})
        if changes.keys is None:
            outdated.append(docname)
            continue
        shown = {k for k in changes.keys if k in listed}
        for options in lists:
            shown.update(select(index, config, options, docname, keys=changes.keys)[0])
        if not shown:
            continue
        # edited in their text only, in lists that select without reading the text: the
        # page reads the same, and is written again with the new text (rewrite_citing_pages)
        if shown <= changes.same_shape and not any(o.get("filter") for o in lists):
            changes.rewrite.add(docname)
            changes.rewrite_keys[docname] = frozenset(shown)
        else:
            outdated.append(docname)
    return outdated


def rewrite_citing_pages(app, env) -> list[str]:
    """env-updated: the pages to write again (not read) because the entries they cite
    changed, or because their lists show entries edited in their text only
    (``BibChanges.rewrite``).

    A citation's label, tooltip and link come from the entry and from where it is
    listed; both are looked up when the page is written.
    """
    domain = get_domain(env)
    changes = domain.bib_changes
    before, after = changes.listings_before, domain.listings
    moved: set[str] = set()  # keys listed elsewhere than before: their links change
    for docname in before.keys() | after.keys():
        old, new = before.get(docname, {}), after.get(docname, {})
        if old != new:
            moved.update(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    domain.listings_moved = bool(moved)
    domain.bib_changes = BibChanges()  # for this build only
    bibtex = cast("BibtexDomain", env.get_domain("cite"))
    return sorted(({
        ref.docname
        for ref in bibtex.citation_refs
        if changes.touches({t.key for t in ref.targets}) or any(t.key in moved for t in ref.targets)
    } | (changes.rewrite - changes.patch)) & env.all_docs.keys())
