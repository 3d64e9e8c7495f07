"""The ``pubcount`` role: how many entries a selection holds, for use in prose.

``{pubcount}`topic:condensation role:corresponding``` prints the number of
condensation papers on which the owner is a corresponding author.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from ..core.selection import Selection, parse_selection
from .bib import bib_paths, get_index
from .config import get_config
from .domain import get_domain
from .warnings_ import WarningType, warn

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def read_selection(env: BuildEnvironment, text: str, location: object, what: str) -> Selection:
    """Parse *text* with the site's topics and tags, warning about each problem.

    The page depends on the bib files from now on, so editing them re-reads it.
    """
    for path in bib_paths(env):
        env.note_dependency(str(path))
    config = get_config(env)
    selection, problems = parse_selection(text, topics=config.topics, tags=config.tags)
    for problem in problems:
        warn(f"{what}: {problem}", WarningType.DIRECTIVE, location)
    return selection


class PubCountRole(SphinxRole):
    """Replaced by the number of entries that match the selection in its text."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        selection = read_selection(self.env, self.text, self.get_location(), "pubcount")
        keys = selection.select(get_index(self.env))
        get_domain(self.env).note_counted(self.env.docname, keys)
        count = len(keys)
        node = nodes.inline(self.rawtext, str(count), classes=["portfolio-pubcount"])
        return [node], []
