"""portfolio-serve: sphinx-autobuild with each build forked from a helper that has
imported Sphinx and the site's extensions once (src/portfolio_ext/serve.py)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

from portfolio_ext import _compat
from portfolio_ext.serve import ForkedBuilds, _warm_up

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork: plain sphinx-autobuild")


@pytest.fixture
def site(rootdir, tmp_path):
    src = tmp_path / "site"
    shutil.copytree(rootdir / "test-basic", src)
    return src


def _args(src: Path) -> list[str]:
    return ["-q", "-b", "html", "-d", str(src / "_build" / "doctrees"), str(src),
            str(src / "_build" / "html")]


def test_forked_builds_build_each_change_and_say_how_they_ended(site, capfd):
    builds = ForkedBuilds()
    try:
        assert builds.build(_args(site)) == 0
        page = site / "_build" / "html" / "other.html"
        assert page.is_file()
        other = site / "other.md"
        other.write_text(other.read_text(encoding="utf-8") + "\nA line added live.\n",
                         encoding="utf-8")
        assert builds.build(_args(site)) == 0  # a child of the same helper
        assert "A line added live." in page.read_text(encoding="utf-8")
        # a build that fails says so (Sphinx's own message), and the helper goes on
        assert builds.build(["-q", "-b", "html", str(site / "missing"), str(site / "out")]) != 0
        assert builds.build(_args(site)) == 0
    finally:
        builds.close()
    err = capfd.readouterr().err
    assert "Cannot find source directory" in err and "serve.py" not in err


def test_each_build_runs_the_sites_own_extension_as_it_is_now(site, monkeypatch):
    """Only installed packages are imported ahead: a site's own extension (and this
    package, installed in editable mode) is imported by each build from disk, even
    where the helper could import it (here: on its PYTHONPATH)."""
    monkeypatch.setenv("PYTHONPATH", str(site))
    (site / "localext.py").write_text(
        'WORD = "first"\n\n'
        "def setup(app):\n"
        "    def note(app, exception):\n"
        '        (app.outdir / "word.txt").write_text(WORD, encoding="utf-8")\n'
        '    app.connect("build-finished", note)\n', encoding="utf-8")
    conf = site / "conf.py"
    conf.write_text("import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n"
                    + conf.read_text(encoding="utf-8")
                    + '\nextensions.append("localext")\n', encoding="utf-8")
    word = site / "_build" / "html" / "word.txt"
    builds = ForkedBuilds()
    try:
        assert builds.build(_args(site)) == 0 and word.read_text(encoding="utf-8") == "first"
        assert builds.build(_args(site)) == 0  # the helper has imported what it may now
        (site / "localext.py").write_text(
            (site / "localext.py").read_text(encoding="utf-8").replace("first", "second"),
            encoding="utf-8")
        assert builds.build(_args(site)) == 0
        assert word.read_text(encoding="utf-8") == "second"
    finally:
        builds.close()


def test_make_mode_builds_as_sphinx_build_makes_them(site):
    builds = ForkedBuilds()
    try:
        assert builds.build(["-M", "html", str(site), str(site / "_make"), "-q"]) == 0
        assert (site / "_make" / "html" / "index.html").is_file()
    finally:
        builds.close()


def test_a_build_asked_from_a_forked_process_goes_to_the_same_helper(site):
    """sphinx-autobuild builds in a process pool's worker, forked from the server."""
    builds = ForkedBuilds()
    try:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(reader)
            status = builds.build(_args(site))
            os.write(writer, str(status).encode())
            os._exit(0)
        os.close(writer)
        with os.fdopen(reader) as answer:
            assert answer.read() == "0"
        os.waitpid(pid, 0)
        assert (site / "_build" / "html" / "index.html").is_file()
    finally:
        builds.close()


def test_the_helper_imports_what_imports_alone():
    _warm_up(["json", "__main__", "portfolio_ext.no_such_module", "sphinx.__main__"])
    assert "json" in sys.modules and "portfolio_ext.no_such_module" not in sys.modules


def test_sphinx_autobuilds_builds_go_to_the_given_builder(monkeypatch):
    """What sphinx-autobuild would start as ``python -m sphinx build ...`` is built by
    the given function; its other commands run as they are."""
    pytest.importorskip("sphinx_autobuild")
    import sphinx_autobuild.__main__ as autobuild_main
    import sphinx_autobuild.build as building

    asked: list[list[str]] = []
    ran: list[object] = []

    def fake_main(argv):
        ran.append(building.subprocess.run([sys.executable, "-m", "sphinx", "build", "-b",
                                            "html", "src", "out"], check=True))
        ran.append(building.subprocess.run([sys.executable, "-c", "pass"], check=True))
        with pytest.raises(subprocess.CalledProcessError):  # as a failed build raises
            building.subprocess.run([sys.executable, "-m", "sphinx", "-b", "bad"], check=True)

    monkeypatch.setattr(autobuild_main, "main", fake_main)
    builder = lambda args: asked.append(args) or (1 if "bad" in args else 0)
    assert _compat.autobuild_main(["src", "out"], builder) == 0
    assert asked == [["build", "-b", "html", "src", "out"], ["-b", "bad"]]
    assert [r.returncode for r in ran] == [0, 0]
    assert building.subprocess is subprocess  # put back


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_portfolio_serve_serves_each_edit_and_reloads_the_browser(site):
    pytest.importorskip("sphinx_autobuild")
    from websockets.sync.client import connect

    port, out = _free_port(), site / "_build" / "html"
    server = subprocess.Popen(
        [sys.executable, "-m", "portfolio_ext.serve", "--port", str(port), "--host",
         "127.0.0.1", "--ignore", str(site / "_build"), *_args(site)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/other.html"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urlopen(url, timeout=10) as response:
                    response.read()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        with connect(f"ws://127.0.0.1:{port}/websocket-reload") as reload:
            time.sleep(1)  # the watcher is up
            other = site / "other.md"
            other.write_text(other.read_text(encoding="utf-8") + "\nServed live.\n",
                             encoding="utf-8")
            assert reload.recv(timeout=60) == "refresh"
            with urlopen(url, timeout=10) as response:
                assert "Served live." in response.read().decode("utf-8")
        assert (out / "other.html").is_file()
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output, output


def test_the_helper_knows_its_own_package_when_run_as_a_script():
    """The helper runs as ``python -m portfolio_ext.serve``: a build forgets this
    package's modules (editable install) by the package's name, not ``__main__``."""
    code = ("import runpy; print(runpy.run_module('portfolio_ext.serve', "
            "run_name='__not_main__')['_OWN'])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "portfolio_ext"
