"""``portfolio-serve SOURCEDIR OUTDIR [OPTIONS]``: the live preview, faster.

sphinx-autobuild (its options, its watcher, its server and the browser's reload), with
each build run in a child process forked from one that has imported Sphinx, the site's
extensions and its theme once. sphinx-autobuild starts a new Python for each build,
and starting one and importing is some 0.45 s of every rebuild (an edit of one entry in
a 1,000-entry ``refs.bib`` rebuilds in 0.35 s forked, 0.8 s started anew). Each build
is still a process of its own. Only the modules of installed packages and of the
standard library are imported ahead: a site's own extensions and packages installed
in editable mode are imported by each build, as they are on disk then. Restart the
server after installing or upgrading a package.

Where there is no ``fork`` (Windows), where process pools do not fork (spawn on macOS,
forkserver from Python 3.14: sphinx-autobuild builds in a pool's worker), or with a
sphinx-autobuild that builds in its own process (before 2024.9), this is
sphinx-autobuild as it is.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import multiprocessing
import os
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path

__all__ = ["ForkedBuilds", "main"]

#: this package (also when this module runs as __main__, as the helper does)
_OWN = (__package__ or __name__).split(".")[0]
#: the end of the module names a build child writes back
_END = "\0"
#: what every build imports, whatever the site: imported before the first build
_ALWAYS = ("sphinx.cmd.build", "sphinx.application", "sphinx.builders.html",
           "sphinx.writers.html5", "sphinx.search")


class ForkedBuilds:
    """Builds run by a helper process (``python -m portfolio_ext.serve --helper``),
    each in a child it forks: the helper imports what the builds import (Sphinx, the
    site's extensions and theme), so that no build after the first imports it again.

    :meth:`build` takes ``sphinx-build``'s arguments and returns its exit status; the
    builds' output goes where this process's goes.
    """

    def __init__(self) -> None:
        answers, self._answer_fd = os.pipe()
        self._answers = os.fdopen(answers, "r", encoding="utf-8")
        self._helper = subprocess.Popen(
            [sys.executable, "-m", "portfolio_ext.serve", "--helper", str(self._answer_fd)],
            stdin=subprocess.PIPE, text=True, pass_fds=(self._answer_fd,))
        os.close(self._answer_fd)

    def build(self, args: Sequence[str]) -> int:
        """Build with ``sphinx-build``'s *args* in a forked child; its exit status.

        Callable from a process forked from this one (sphinx-autobuild builds in a
        process pool's worker), where the helper is no child (its ``poll()`` would
        say it ended): asked through the pipes the worker shares. A helper that has
        gone is replaced by a new ``python -m sphinx``."""
        answer, requests = "", self._helper.stdin
        with contextlib.suppress(OSError, ValueError):  # gone, or closed
            if requests is not None:
                requests.write(json.dumps(list(args)) + "\n")
                requests.flush()
                answer = self._answers.readline()
        if answer.strip():
            return int(answer)
        return subprocess.run([sys.executable, "-m", "sphinx", *args], check=False).returncode

    def close(self) -> None:
        if self._helper.stdin is not None:
            with contextlib.suppress(OSError):
                self._helper.stdin.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._helper.wait(timeout=10)
        self._answers.close()


#: where installed packages and the standard library are: only their modules are
#: imported ahead, so that a build always runs the code of a site's own extensions and
#: of a package installed in editable mode (``pip install -e``) as it is on disk now
_INSTALLED = tuple(str(Path(path).resolve()) for path in {
    *(sysconfig.get_paths().get(name, "") for name in ("stdlib", "platstdlib", "purelib",
                                                        "platlib")),
} if path)


def _installed(name: str) -> bool:
    """Whether module *name* comes from an installed package or the standard library.
    Each package on its way is looked up before the next (looking up a module imports
    its package): only a namespace package (``sphinxcontrib``), which has no code of
    its own, is imported to look further."""
    parts = name.split(".")
    for end in range(1, len(parts) + 1):
        spec = None
        with contextlib.suppress(Exception):  # a name that cannot be looked up
            spec = importlib.util.find_spec(".".join(parts[:end]))
        if spec is None:
            return False
        if spec.origin in ("built-in", "frozen"):
            return True
        if spec.origin is not None:  # a module or a package: all of it is where it is
            return str(Path(spec.origin).resolve()).startswith(_INSTALLED)
    return True  # namespace packages all the way


def _warm_up(names: Sequence[str]) -> None:
    """Import the modules *names* (what a build imported) that come from installed
    packages and the standard library and import alone."""
    for name in names:
        if name in sys.modules or name.startswith("__") or name.endswith("__main__"):
            continue
        if not _installed(name):
            continue
        with contextlib.suppress(Exception):  # one that needs what a build sets up
            importlib.import_module(name)


def _helper(answer_fd: int) -> int:
    """The helper of :class:`ForkedBuilds`: one line of JSON arguments in, a child
    forked to build, its exit status out. The child tells the modules it imported,
    which the helper then imports for the builds that follow: after the first build,
    a build imports nothing."""
    os.set_inheritable(answer_fd, False)  # no program a build starts gets it
    answers = os.fdopen(answer_fd, "w", encoding="utf-8")
    requests = sys.stdin
    # the helper runs this package's code: installed in editable mode, a build is to
    # import it afresh
    own_installed = _installed(_OWN)
    _warm_up(_ALWAYS)
    try:
        for line in requests:
            args = json.loads(line)
            sys.stdout.flush()
            sys.stderr.flush()
            modules, told = os.pipe()
            pid = os.fork()
            if pid == 0:  # the build, in a process of its own
                os.close(modules)
                status = 2
                try:
                    # not the requests: a build that reads its input (pdb, -P) reads nothing
                    with open(os.devnull, "rb") as nothing:
                        os.dup2(nothing.fileno(), 0)
                    if not own_installed:  # this package as it is on disk now, too
                        for name in [n for n in sys.modules if n.split(".")[0] == _OWN]:
                            del sys.modules[name]
                    from sphinx.cmd.build import main as sphinx_build

                    status = sphinx_build(args)  # as "python -m sphinx" runs it (-M too)
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    with contextlib.suppress(OSError), os.fdopen(told, "w") as out:
                        out.write("\n".join([*sys.modules, _END]))
                    os._exit(status)
            os.close(told)
            names: list[str] = []
            with os.fdopen(modules, encoding="utf-8") as imported:
                for name in imported:  # until the end mark: a process the build left
                    name = name.rstrip("\n")  # running may hold the pipe open
                    if name == _END:
                        break
                    names.append(name)
            _, wait_status = os.waitpid(pid, 0)
            answers.write(f"{os.waitstatus_to_exitcode(wait_status)}\n")
            answers.flush()
            _warm_up(names)
    except (KeyboardInterrupt, BrokenPipeError):
        pass
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run sphinx-autobuild with *argv* (its options and ``sphinx-build``'s), its
    builds forked from a helper that has imported what they need."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--helper"]:
        return _helper(int(argv[1]))
    try:
        import sphinx_autobuild  # noqa: F401
    except ImportError:
        print("portfolio-serve needs sphinx-autobuild: pip install sphinx-autobuild",
              file=sys.stderr)
        return 2
    from ._compat import autobuild_main

    if not hasattr(os, "fork"):
        return autobuild_main(argv, None)
    # sphinx-autobuild builds in a process pool's worker: one that is not forked from
    # this process (spawn on macOS, forkserver from Python 3.14) never sees the helper
    method = multiprocessing.get_start_method()
    if method != "fork":
        print(f"portfolio-serve: process pools start by {method!r} here, so each build "
              "starts a new Python, as with sphinx-autobuild", file=sys.stderr)
        return autobuild_main(argv, None)
    builds = ForkedBuilds()
    try:
        return autobuild_main(argv, builds.build)
    finally:
        builds.close()


if __name__ == "__main__":
    sys.exit(main())
