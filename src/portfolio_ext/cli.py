"""``portfolio-ext check [CONFDIR]``: check the bib files without building the site.

Reads the ``portfolio_*`` and ``bibtex_*`` settings from ``CONFDIR/conf.py`` (default
``docs``), runs the same checks as the build, and adds what only a whole-file look
finds: likely duplicates (the same title twice). Prints one line per finding; exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

from .bibdata import BibIndex, Finding, build_index
from .config import validate
from .warnings_ import WarningType


def _settings(confdir: Path) -> tuple[list[Path], str, dict]:
    namespace: dict = {"__file__": str(confdir / "conf.py")}
    code = (confdir / "conf.py").read_text(encoding="utf-8")
    exec(compile(code, str(confdir / "conf.py"), "exec"), namespace)  # noqa: S102 (it is the user's conf.py, as Sphinx does)
    bibfiles = [(confdir / f).resolve() for f in namespace.get("bibtex_bibfiles", [])]
    encoding = namespace.get("bibtex_encoding", "utf-8-sig")
    return bibfiles, encoding, namespace


def whole_file_findings(index: BibIndex) -> list[Finding]:
    """Findings that need all entries at once."""
    findings = []
    titles: dict[str, list[str]] = defaultdict(list)
    for key in index.keys:
        entry = index.data.entries[key]
        title = re.sub(r"[^a-z0-9]+", "", entry.fields.get("title", "").lower())
        if title:
            titles[title].append(key)
    for keys in titles.values():
        if len(keys) > 1:
            info = index.info[keys[1]]
            findings.append(Finding(
                WarningType.DUPLICATE_KEY,
                f"entries {', '.join(map(repr, keys))} have the same title: likely one "
                "publication entered twice; keep one",
                info.path, info.line,
            ))
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portfolio-ext", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check the bib files named in CONFDIR/conf.py")
    check.add_argument("confdir", nargs="?", default="docs", type=Path)
    args = parser.parse_args(argv)

    confdir: Path = args.confdir
    if not (confdir / "conf.py").is_file():
        print(f"{confdir}/conf.py: not found; pass the folder holding conf.py", file=sys.stderr)
        return 2
    bibfiles, encoding, namespace = _settings(confdir.resolve())
    if not bibfiles:
        print(f"{confdir}/conf.py: bibtex_bibfiles is empty; name your .bib files there",
              file=sys.stderr)
        return 2
    conf = str(confdir / "conf.py")
    config_findings: list[Finding] = []
    config = validate(
        namespace, lambda message: config_findings.append(Finding(WarningType.CONFIG, message, conf))
    )
    index = build_index(bibfiles, config, encoding)
    findings = config_findings + index.findings + whole_file_findings(index)
    cwd = Path.cwd()
    for finding in findings:
        line = str(finding)
        print(line.replace(str(cwd) + "/", ""))
    n = len(index.keys)
    print(f"{n} entries checked, {len(findings)} finding{'s' if len(findings) != 1 else ''}",
          file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
