"""The settings in Sphinx: declared with ``add_config_value``, validated at ``config-inited``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.settings import _SETTINGS, PEOPLE, PortfolioConfig, setting_line, validate
from .warnings_ import WarningType, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def setup_config(app: Sphinx) -> None:
    for name, (_, default, kind) in _SETTINGS.items():
        types = (list, tuple) if kind is list else (kind,)
        # every setting changes what the directive renders: re-read on change
        app.add_config_value(name, default, "env", types=frozenset(types))
    app.add_config_value(PEOPLE, {}, "env", types=frozenset({dict}))
    # before sphinxcontrib-bibtex and our own builder-inited handlers read them
    app.connect("config-inited", _config_inited, priority=400)


def _config_inited(app: Sphinx, config: Config) -> None:
    raw = {name: getattr(config, name) for name in (*_SETTINGS, PEOPLE)}
    conf_py = Path(app.confdir) / "conf.py" if app.confdir else None

    def report(message: str, name: str) -> None:
        line = setting_line(conf_py, name) if conf_py is not None else None
        # a location without a line would be taken for a document name
        warn(message, WarningType.CONFIG, f"{conf_py}:{line}" if line else None)

    # stored on the config so that every process (parallel builds fork) sees it
    config._portfolio = validate(raw, report)  # type: ignore[attr-defined]



def get_config(env_or_config: BuildEnvironment | Config) -> PortfolioConfig:
    """The validated settings of this build."""
    config = getattr(env_or_config, "config", env_or_config)
    result = getattr(config, "_portfolio", None)
    return result if result is not None else PortfolioConfig()
