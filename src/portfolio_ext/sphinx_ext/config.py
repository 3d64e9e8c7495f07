"""The settings in Sphinx: declared from :class:`~portfolio_ext.core.settings.PortfolioConfig`
(``portfolio_ext.setup``), validated at ``builder-inited``, read through :func:`get_config`."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docutils
import pybtex
import pybtex_docutils
import pylatexenc
import sphinx

from .._version import __version__
from ..core.settings import SETTINGS, PortfolioConfig, setting_line, validate
from .domain import get_domain
from .warnings_ import WarningType, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def validate_settings(app: Sphinx) -> None:
    """builder-inited: check the settings, warn about each problem, keep the result
    in the domain (where get_config finds it, in this process and forked workers).

    Not at config-inited: there is no environment to keep it in yet, and the config
    itself stays as conf.py wrote it (Sphinx compares it with the last build's).
    """
    raw = {setting.name: getattr(app.config, setting.name) for setting in SETTINGS}
    raw["html_baseurl"] = app.config.html_baseurl  # portfolio_sitemap needs it

    def report(message: str, name: str) -> None:
        report_setting(app, message, name)

    # an empty portfolio_owner is reported once a page lists publications (bib.py):
    # a site that only loads the extension next to sphinxcontrib-bibtex is not told
    get_domain(app.env).config = validate(raw, report, require_owner=False)


def report_setting(app: Sphinx, message: str, name: str) -> None:
    """A ``portfolio.config`` warning located at the line of conf.py that sets *name*."""
    conf_py = Path(app.confdir) / "conf.py" if app.confdir else None
    line = setting_line(conf_py, name) if conf_py is not None else None
    # a location without a line would be taken for a document name
    warn(message, WarningType.CONFIG, f"{conf_py}:{line}" if line else None)


def get_config(env: BuildEnvironment) -> PortfolioConfig:
    """The validated settings of this build.

    :raises RuntimeError: before the settings are validated (builder-inited): the
        defaults would silently stand in for the site's settings
    """
    config = get_domain(env).config
    if config is None:
        raise RuntimeError(
            "portfolio_ext: the settings are read before they are validated; read them "
            "at or after builder-inited (priority above 300), not at config-inited"
        )
    return config


# -- the signatures every cache of the extension is kept under ----------------------


def settings_signature(config: PortfolioConfig) -> str:
    """The settings pages are read with, and this extension's version: a change
    re-reads every page that lists entries. The bib index is kept under it (bib.py)."""
    return f"{__version__}|{config.signature()}"


def tools_signature() -> str:
    """The versions of the tools that shape an entry's nodes and markup: the formatted
    entries are kept under it and the settings (formatted.py), and so are the paper
    pages' stamps (html/papers.py). A change formats entries again, not re-reads pages."""
    return _versions(sphinx.__version__, docutils.__version__, pybtex.__version__,
                     getattr(pybtex_docutils, "__version__", ""), pylatexenc.__version__,
                     sys.version_info[:2])


@functools.lru_cache(maxsize=8)
def _versions(*versions: Any) -> str:
    """The signature of *versions*, made once (a build asks for it per entry)."""
    return repr(versions)
