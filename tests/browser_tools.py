"""The tools behind tests/test_browser.py: where they are, how to run them, and the link walk.

The browser is Debian's Chromium driven by Python Playwright (its own browser download
does not work everywhere, see ../shared/QA.md); axe-core, Lighthouse 12 and the Nu HTML
checker (vnu-jar) come from ``npm ci`` (package.json at the top of the repository).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).parent.parent
NODE_MODULES = REPO / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: where screenshots and reports land for a reviewer
SCREENSHOTS = REPO / "_build" / "screenshots"
REPORTS = REPO / "_build" / "reports"

#: set by .ci/run: a missing tool fails the tests there instead of skipping them
REQUIRED = os.environ.get("PORTFOLIO_REQUIRE_BROWSER", "") not in ("", "0")

INSTALL = {
    "chromium": "apt-get install chromium (or set CHROMIUM to a Chromium/Chrome binary)",
    "playwright": "pip install -e '.[testing]' (Python playwright; never `playwright install`)",
    "node": "apt-get install nodejs npm, then npm ci at the top of the repository",
    "npm": "npm ci at the top of the repository (axe-core, lighthouse, vnu-jar)",
    "java": "apt-get install default-jre-headless (for the Nu HTML checker)",
}

#: every Chromium launch needs these here: no sandbox as root, and no background
#: traffic to hosts the machine cannot reach (../shared/QA.md)
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium() -> str | None:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")
    return found if found and Path(found).exists() else None


def missing(*tools: str) -> list[str]:
    """The tools among *tools* that this machine lacks."""
    absent = []
    for tool in tools:
        if tool == "chromium" and not chromium():
            absent.append(tool)
        elif tool == "playwright":
            try:
                import playwright.sync_api  # noqa: F401
            except ImportError:
                absent.append(tool)
        elif (tool in ("node", "java") and not shutil.which(tool)) or (tool == "npm" and not all(p.exists() for p in (AXE, LIGHTHOUSE, VNU))):
            absent.append(tool)
    return absent


def need(*tools: str) -> None:
    """Skip the test (fail it under PORTFOLIO_REQUIRE_BROWSER) if a tool is missing."""
    absent = missing(*tools)
    if absent:
        message = "missing " + "; ".join(f"{t}: {INSTALL[t]}" for t in absent)
        if REQUIRED:
            pytest.fail(message + " (PORTFOLIO_REQUIRE_BROWSER is set)")
        pytest.skip(message)


@contextlib.contextmanager
def launch() -> Iterator:
    """Debian's Chromium under Playwright, or a skip saying what to install."""
    need("chromium", "playwright")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # Playwright adds its own --headless and a fresh profile folder
        browser = p.chromium.launch(
            executable_path=chromium(),
            args=[f for f in CHROMIUM_FLAGS if not f.startswith("--headless")],
        )
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve *directory* on 127.0.0.1 with ``python -m http.server``; yields the base URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port),
         "--directory", str(directory)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(base, timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"http.server did not start on port {port}") from None
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def lighthouse(url: str, report: Path) -> dict:
    """Lighthouse 12, mobile preset, four categories; returns the parsed JSON report."""
    report.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        flags = [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
        subprocess.run(
            ["node", str(LIGHTHOUSE), url,
             "--only-categories=performance,accessibility,best-practices,seo",
             f"--chrome-flags={' '.join(flags)}", "--output=json",
             f"--output-path={report}", "--quiet"],
            env={**os.environ, "CHROME_PATH": chromium() or ""},
            check=True, capture_output=True, timeout=180,
        )
    return json.loads(report.read_text(encoding="utf-8"))


def lighthouse_failures(result: dict) -> list[str]:
    """The weighted audits that lost points, for a readable assertion message."""
    lost = []
    for category in result["categories"].values():
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{category['id']}/{ref['id']}: {audit['score']} "
                            f"{audit.get('displayValue', '')}".strip())
    return lost


def vnu(directory: Path) -> list[dict]:
    """The Nu HTML checker's errors on every HTML file under *directory*."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json",
         str(directory)],
        capture_output=True, text=True, check=False, timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


# -- the link walk -----------------------------------------------------------------

#: attributes that hold a URL the browser follows or loads
URL_ATTRIBUTES = ("href", "src")
EXTERNAL_SCHEMES = {"http", "https", "mailto"}


@dataclass
class LinkReport:
    internal: int = 0
    #: every external URL with the pages that use it
    external: dict[str, set[str]] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)


def _ids(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        cache[path] = {t["id"] for t in soup.find_all(id=True)} | {
            t["name"] for t in soup.find_all("a", attrs={"name": True})}
    return cache[path]


def external_syntax_problem(url: str) -> str:
    """Why *url* is not a well-formed external link ("" when it is)."""
    if any(c.isspace() for c in url):
        return "contains white space"
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        address = unquote(parts.path)
        local, _, domain = address.partition("@")
        return "" if local and "." in domain else "not an e-mail address"
    if parts.scheme in ("http", "https"):
        host = parts.hostname or ""
        if not host or ("." not in host and host != "localhost"):
            return "no host name"
        try:
            parts.port  # noqa: B018 (raises on a bad port)
        except ValueError:
            return "bad port"
        return ""
    return f"scheme {parts.scheme!r} is not http, https or mailto"


def walk_links(site: Path, base_url: str = "") -> LinkReport:
    """Check every href/src and #fragment in the HTML under *site*, offline.

    Relative URLs must name a file of the site and, with a fragment, an id in it. URLs
    under *base_url* (where the site is published: canonical links, Open Graph) are
    checked the same way. Other URLs are external: listed, and checked for syntax only.
    """
    report = LinkReport()
    ids: dict[Path, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        name = page.relative_to(site).as_posix()
        urls = [tag[attr] for attr in URL_ATTRIBUTES for tag in soup.find_all(attrs={attr: True})]
        urls += [tag["content"] for tag in soup.find_all("meta", property=["og:url", "og:image"])]
        for url in urls:
            if base_url and url.startswith(base_url):
                # an address on the published site: a path from the site's root
                parts, folder, here = urlsplit(url[len(base_url):]), site, site / "index.html"
            else:
                parts, folder, here = urlsplit(url), page.parent, page
                if parts.scheme in EXTERNAL_SCHEMES or parts.netloc:
                    problem = external_syntax_problem(url)
                    if problem:
                        report.broken.append(f"{name}: {url}: {problem}")
                    report.external.setdefault(url, set()).add(name)
                    continue
                if parts.scheme:
                    report.broken.append(f"{name}: {url}: unexpected scheme")
                    continue
            report.internal += 1
            target = (folder / unquote(parts.path)).resolve() if parts.path else here
            if parts.path.endswith("/"):
                target = target / "index.html"
            if not target.is_file() or site.resolve() not in target.parents:
                report.broken.append(f"{name}: {url}: no such file in the site")
            elif parts.fragment and target.suffix == ".html" and unquote(
                    parts.fragment) not in _ids(target, ids):
                report.broken.append(f"{name}: {url}: no id {parts.fragment!r} in the target")
    return report
