"""Sphinx glue for the bib files: parse once, check, warn, share with sphinxcontrib-bibtex."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

from . import __version__
from .bibdata import BibIndex, build_index, file_signature
from .config import get_config
from .style import activate
from .warnings_ import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinxcontrib.bibtex.domain import BibtexDomain

_ATTR = "portfolio_bib_index"


def setup_bib(app: Sphinx) -> None:
    # before sphinxcontrib-bibtex's own builder-inited (priority 500) parses the files
    app.connect("builder-inited", _builder_inited, priority=400)
    app.connect("env-get-outdated", _env_get_outdated)


def bib_paths(app_or_env: Sphinx | BuildEnvironment) -> list[Path]:
    """The configured bib files, resolved as sphinxcontrib-bibtex resolves them."""
    config = app_or_env.config
    confdir = Path(getattr(app_or_env, "confdir", None) or app_or_env.srcdir)
    return [(confdir / file).resolve() for file in (config.bibtex_bibfiles or [])]


def get_index(env: BuildEnvironment) -> BibIndex:
    """The parsed and checked bibliography of this build."""
    return getattr(env, _ATTR)


def _builder_inited(app: Sphinx) -> None:
    env = app.env
    config = get_config(app.config)
    activate(config)
    paths = bib_paths(app)
    encoding = app.config.bibtex_encoding
    signature = "|".join((
        __version__, config.signature(), file_signature(paths, encoding)
    ))
    old: BibIndex | None = getattr(env, _ATTR, None)
    if old is None or old.signature != signature:
        index = build_index(paths, config, encoding, signature=signature)
        env._portfolio_bib_changed = old is not None  # type: ignore[attr-defined]
        setattr(env, _ATTR, index)
    else:
        index = old
        env._portfolio_bib_changed = False  # type: ignore[attr-defined]
    # Hand our parse to sphinxcontrib-bibtex: it then finds its cache up to date and
    # does not parse again (its parser raises on syntax errors, ending the build).
    domain = cast("BibtexDomain", env.get_domain("cite"))
    domain.data["bibdata"] = BibData(
        encoding=encoding,
        bibfiles={
            path: BibFile(mtime=get_mtime(path), keys=dict.fromkeys(keys))
            for path, keys in index.keys_by_file.items()
        },
        data=index.data,
    )
    # every build repeats the findings, so that -W fails until they are fixed
    for finding in index.findings:
        warn(finding.message, finding.subtype, finding.location)


def _env_get_outdated(app, env, added, changed, removed) -> list[str]:
    """Re-write pages that cite entries when the bibliography changed.

    Pages that list entries depend on the bib files (``note_dependency``) and are
    re-read anyway; pages that only cite them show labels taken from the entries.
    """
    if not getattr(env, "_portfolio_bib_changed", False):
        return []
    domain = cast("BibtexDomain", env.get_domain("cite"))
    return sorted({ref.docname for ref in domain.citation_refs} - set(removed))
