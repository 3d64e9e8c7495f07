"""Mutation fuzzing of the real site: refs.bib, the MyST pages and conf.py.

Each case copies the site (``docs/`` and ``refs.bib``) to a fresh folder, applies one
seeded mutation and builds it as HTML in a new process, as a user would. A case fails
when the build

- ends in a Python traceback (Sphinx's "Exception occurred", or exit status 2);
- writes a file outside its output and doctree folders;
- drops entries without a word: fewer publications on the publications page than
  before the mutation, and no warning.

``tests/test_fuzz.py`` runs a few dozen cases in CI; ``nox -s fuzz`` (or
``python tests/fuzz.py --cases 300``) runs more and prints the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENTRY_CLASS = re.compile(r'class="[^"]*\bportfolio-key-([^\s"]+)')


@dataclass
class Site:
    """A copy of the site in *root*: ``root/docs``, ``root/refs.bib``, built to ``root/out``."""

    root: Path

    @property
    def bib(self) -> Path:
        return self.root / "refs.bib"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def conf(self) -> Path:
        return self.docs / "conf.py"

    @property
    def out(self) -> Path:
        return self.root / "out"

    def pages(self) -> list[Path]:
        return sorted(self.docs.rglob("*.md"))

    def list_pages(self) -> list[Path]:
        return [p for p in self.pages() if "```{publications}" in p.read_text(encoding="utf-8")]


@dataclass
class Result:
    case: str
    seconds: float
    status: int
    warnings: int
    entries: int
    traceback: str = ""
    outside: list[str] = field(default_factory=list)
    silent_drop: bool = False

    @property
    def ok(self) -> bool:
        return not (self.traceback or self.outside or self.silent_drop)

    def __str__(self) -> str:
        problems = []
        if self.traceback:
            problems.append(f"traceback: {self.traceback}")
        if self.outside:
            problems.append(f"wrote outside the output: {self.outside[:3]}")
        if self.silent_drop:
            problems.append(f"silently dropped entries ({self.entries} listed, no warning)")
        return f"{self.case}: " + ("; ".join(problems) or "ok")


# -- mutations of refs.bib ------------------------------------------------------------

HOSTILE_TEXT = [
    "\ufeff", "\u202e", "\u200b", "\u0000", "\\", "{", "}", "%", "$", "#", "~", "^", "_", "&",
    "\\emph{", "\\relax", "\\\\", "'", '"', "@", "@misc{x,", ",", "=", "</script>", "\u0661",
    "\uff11", "\U0001f600", "\xad", "\r", "\t", "\\'{e}", "--", "{\\\"o}",
]


def _bib_bytes(site: Site, rng: random.Random) -> str:
    data = bytearray(site.bib.read_bytes())
    where = rng.randrange(len(data) + 1)
    byte = rng.choice([b"\xff", b"\xc3", b"\x00", b"\x80", b"\xfe\xff", b"\x1b"])
    data[where:where] = byte
    site.bib.write_bytes(bytes(data))
    return f"bib: byte {byte!r} at offset {where}"


def _bib_encoding(site: Site, rng: random.Random) -> str:
    encoding = rng.choice(["utf-16", "utf-16-le", "latin-1", "cp1252"])
    text = site.bib.read_text(encoding="utf-8")
    site.bib.write_bytes(text.encode(encoding, errors="replace"))
    return f"bib: re-encoded as {encoding}"


def _bib_insert(site: Site, rng: random.Random) -> str:
    text = site.bib.read_text(encoding="utf-8")
    where = rng.randrange(len(text) + 1)
    piece = rng.choice(HOSTILE_TEXT) * rng.choice([1, 1, 2, 5])
    site.bib.write_text(text[:where] + piece + text[where:], encoding="utf-8")
    return f"bib: inserted {piece!r} at {where}"


def _bib_delete(site: Site, rng: random.Random) -> str:
    text = site.bib.read_text(encoding="utf-8")
    start = rng.randrange(len(text))
    length = rng.choice([1, 1, 3, 20, 200])
    site.bib.write_text(text[:start] + text[start + length:], encoding="utf-8")
    return f"bib: deleted {length} characters at {start}"


def _bib_truncate(site: Site, rng: random.Random) -> str:
    text = site.bib.read_text(encoding="utf-8")
    where = rng.randrange(len(text))
    site.bib.write_text(text[:where], encoding="utf-8")
    return f"bib: truncated at {where}"


def _bib_lines(site: Site, rng: random.Random) -> str:
    lines = site.bib.read_text(encoding="utf-8").splitlines(keepends=True)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    how = rng.choice(["duplicate", "swap", "drop"])
    if how == "duplicate":
        lines.insert(j, lines[i])
    elif how == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    else:
        del lines[i]
    site.bib.write_text("".join(lines), encoding="utf-8")
    return f"bib: {how} line {i + 1} (and {j + 1})"


FIELD_VALUES = [
    "{}", "{ }", "{\\}", "{1=equal}", "{\u0661=equal}", "{\uff11=equal}", "{;}", "{=alphabetical; =alphabetical}",
    "{0=corresponding}", "{99=equal}", "{1:family=equal}", "{javascript:alert(1)}", "{../../etc/passwd}",
    "{/tmp/x}", "{10.1000/\u202eabc}", "{2101.00001v999999}", "{9999}", "{-1}", "{20\u200b20}",
    "{\ufeffTitle}", "{Xu, Zhi-Qin John\\}", "{Xu, Zhi, Qin, John, X}", "{and and and}", "{others}",
    "{" + "x" * 5000 + "}", "{" + "{" * 200 + "}" * 200 + "}", "{\\begin{x}}", "{$\\alpha$}",
]
FIELDS = ["author", "author+an", "title", "year", "month", "doi", "eprint", "url", "keywords",
          "journal", "booktitle", "editor", "pages", "note", "archiveprefix", "editor+an", "date"]


def _bib_field(site: Site, rng: random.Random) -> str:
    text = site.bib.read_text(encoding="utf-8")
    starts = [m.end() for m in re.finditer(r"@\w+\{[^,]+,\n", text)]
    where = rng.choice(starts)
    name, value = rng.choice(FIELDS), rng.choice(FIELD_VALUES)
    line = f"  {name} = {value},\n"
    site.bib.write_text(text[:where] + line + text[where:], encoding="utf-8")
    return f"bib: {line.strip()!r} in an entry at {where}"


# -- mutations of the pages -----------------------------------------------------------

OPTION_VALUES = {
    "filter": ['keywords % "("', 'title % "[z-a]"', "not " * 5000 + "True", "__import__('os')",
               "year >= 2020", 'key == "x" or', "1/0", "keywords % ''", '"a" in title'],
    "group-by": ["decade", "", "TOPIC", "year year"],
    "topics": ["nosuch", ",", "condensation,,condensation"],
    "select": ["role:", "year:3000-1000", "-", "topic:(", "all all", "type:\u0000"],
    "role": ["nosuch", ",", "corresponding,"],
}


def _page_option(site: Site, rng: random.Random) -> str:
    page = rng.choice(site.list_pages())
    text = page.read_text(encoding="utf-8")
    starts = [m.end() for m in re.finditer(r"```\{publications\}\n", text)]
    where = rng.choice(starts)
    name = rng.choice(list(OPTION_VALUES))
    value = rng.choice(OPTION_VALUES[name])
    page.write_text(text[:where] + f":{name}: {value}\n" + text[where:], encoding="utf-8")
    return f"page {page.relative_to(site.docs)}: :{name}: {value[:40]!r}"


def _page_cite(site: Site, rng: random.Random) -> str:
    page = rng.choice(site.pages())
    target = rng.choice(["nosuch2020", "", ",", "xu2020frequency,,", "{", "x" * 300, "\u202e"])
    role = rng.choice(["cite:p", "cite:t", "pubcount", "cite"])
    with page.open("a", encoding="utf-8") as f:
        f.write(f"\n\n{{{role}}}`{target}`\n")
    return f"page {page.relative_to(site.docs)}: {{{role}}}`{target[:20]}`"


# -- mutations of conf.py ---------------------------------------------------------------

SETTING_VALUES = {
    "portfolio_owner": ['["Xu, Zhi, Qin, John, X"]', '"Xu, Zhi-Qin John"', "[5]", "[]", '["{"]', '["\\\\"]'],
    "portfolio_topics": ["[]", "{1: 2}", '{"a": 5}', "None"],
    "portfolio_tags": ['"representative"', "[None]", "{}"],
    "portfolio_role_symbols": ["[]", '{"corresponding": 5}', '{"x": "<script>"}'],
    "portfolio_paper_pages": ['"yes"', "0", "None"],
    "portfolio_paper_pages_dir": ["5", '"/ESCAPE/x"', '"../../x"', '""', '"."', '"a/../../b"', "None"],
    "portfolio_person": ['"me"', '{"name": 5}', "{1: 2}", '{"name": "x", "v": object()}'],
    "portfolio_sitemap": ['"yes"', "1"],
    "portfolio_publications_page": ["5", '"nosuch"', '"../x"'],
    "portfolio_people": ['{"Bad Key": {}}', '{"s": {"names": []}}', '{"s": 5}', "[]"],
    "bibtex_encoding": ['"nosuch-codec"', '"utf-16"', '"ascii"'],
    "bibtex_bibfiles": ['["../refs.bib", "../refs.bib"]', '["../nosuch.bib"]', "[]", '["/ESCAPE/x.bib"]'],
}


def _conf_setting(site: Site, rng: random.Random) -> str:
    name = rng.choice(list(SETTING_VALUES))
    value = rng.choice(SETTING_VALUES[name]).replace("/ESCAPE", str(site.root / "escape"))
    with site.conf.open("a", encoding="utf-8") as f:
        f.write(f"\n{name} = {value}\n")
    return f"conf.py: {name} = {value.replace(str(site.root), '<root>')}"


MUTATIONS: list[Callable[[Site, random.Random], str]] = [
    _bib_bytes, _bib_encoding, _bib_insert, _bib_insert, _bib_delete, _bib_truncate, _bib_lines,
    _bib_field, _bib_field, _bib_field, _page_option, _page_option, _page_cite, _conf_setting,
    _conf_setting,
]


# -- running a case -------------------------------------------------------------------


def make_site(root: Path) -> Site:
    shutil.copytree(REPO / "docs", root / "docs",
                    ignore=shutil.ignore_patterns("_build", "screenshot.png"))
    shutil.copy2(REPO / "refs.bib", root / "refs.bib")
    return Site(root)


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _entries(out: Path) -> int:
    page = out / "html" / "publications" / "index.html"
    if not page.is_file():
        return 0
    return len(set(ENTRY_CLASS.findall(page.read_text(encoding="utf-8", errors="replace"))))


def build(site: Site, case: str, baseline: int | None) -> Result:
    before = _files(site.root)
    start = time.perf_counter()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(site.out / "doctrees"),
         str(site.docs), str(site.out / "html")],
        capture_output=True, text=True, errors="replace", env=env, check=False, timeout=300,
    )
    seconds = time.perf_counter() - start
    err = proc.stderr
    traceback = ""
    if proc.returncode not in (0, 1) or "Traceback" in err or "Exception occurred" in err:
        # Sphinx's crash report: a "Traceback" section whose last line is the exception
        block = err.split("Traceback\n=========", 1)[-1].split("The full traceback", 1)[0]
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        traceback = (lines[-1] if lines else f"exit status {proc.returncode}")[:300]
    outside = sorted(
        name for name in _files(site.root) - before if not name.startswith("out/")
    )
    warnings = sum(1 for line in err.splitlines() if "WARNING" in line or "ERROR" in line)
    entries = _entries(site.out)
    silent = baseline is not None and entries < baseline and warnings == 0 and not traceback
    return Result(case, seconds, proc.returncode, warnings, entries, traceback, outside, silent)


def run_case(seed: int, baseline: int | None, keep: Path | None = None) -> Result:
    rng = random.Random(seed)
    mutation = rng.choice(MUTATIONS)
    with tempfile.TemporaryDirectory(prefix="portfolio-fuzz-") as tmp:
        site = make_site(Path(tmp))
        case = f"seed {seed}: " + mutation(site, rng)
        result = build(site, case, baseline)
        if keep is not None and not result.ok:
            shutil.copytree(tmp, keep / f"seed-{seed}", dirs_exist_ok=True)
        return result


def baseline_entries() -> int:
    with tempfile.TemporaryDirectory(prefix="portfolio-fuzz-") as tmp:
        site = make_site(Path(tmp))
        result = build(site, "unchanged", None)
        assert result.ok and result.warnings == 0, result
        return result.entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0, help="the first case's seed")
    parser.add_argument("--keep", type=Path, help="copy failing cases' sites here")
    args = parser.parse_args(argv)
    baseline = baseline_entries()
    results = []
    for seed in range(args.seed, args.seed + args.cases):
        result = run_case(seed, baseline, args.keep)
        results.append(result)
        if not result.ok:
            print(result, flush=True)
    failed = [r for r in results if not r.ok]
    print(f"{len(results)} inputs, {len(results)} builds ({sum(r.seconds for r in results):.0f} s): "
          f"tracebacks {sum(bool(r.traceback) for r in results)}, "
          f"silent drops {sum(r.silent_drop for r in results)}, "
          f"files outside the output {sum(bool(r.outside) for r in results)}, "
          f"warned {sum(r.warnings > 0 for r in results)}, clean {sum(r.warnings == 0 for r in results)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
