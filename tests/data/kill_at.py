"""A test-only extension: ends the build at once (``os._exit``, as a kill would, with no
clean-up) at the phase named by ``PORTFOLIO_KILL_AT``:

- ``read``: after the environment is saved ("pickling environment... done"), before
  any page is written;
- ``write``: after the first page is written;
- ``index``: after every page but the search page, before the search index is dumped;
- ``finish``: after everything is written, before the build-finished handlers.
"""

from __future__ import annotations

import os


def _exit(*args: object) -> None:
    os._exit(1)


def setup(app):
    phase = os.environ.get("PORTFOLIO_KILL_AT", "")
    if phase == "read":
        app.connect("write-started", _exit)
    elif phase == "write":
        resolved = []

        def second(app, doctree, docname):
            # documents are written in turn: the second one resolved means the first
            # one's page is on disk
            resolved.append(docname)
            if len(resolved) == 2:
                _exit()

        app.connect("doctree-resolved", second)
    elif phase == "index":
        def search_page(app, pagename, *args):
            if pagename == "search":  # the last page, just before the index is dumped
                _exit()

        app.connect("html-page-context", search_page)
    elif phase == "finish":
        app.connect("build-finished", _exit, priority=1)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
