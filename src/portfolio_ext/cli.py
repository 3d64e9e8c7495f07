"""``portfolio-ext check [CONFDIR]``: check the bib files without building the site.

Reads the ``portfolio_*``, ``bibtex_*`` and ``suppress_warnings`` settings from
``CONFDIR/conf.py`` (default ``docs``), runs the same checks as the build, and adds what
only a whole-file look finds: likely duplicates (the same title, DOI or arXiv id twice)
and arXiv preprints without an arXiv link. Entries with one title that appeared in
different places (the arXiv preprint, the conference paper, the journal version) are
versions of one paper, not a duplicate: they get an information line. Prints one line
per finding and a summary on stdout; exits 1 if there is any finding.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

from pybtex.database import Entry

from .core.bibindex import BibIndex, build_index
from .core.fields import bibtex_view
from .core.findings import Finding, WarningType
from .core.links import ARXIV_ID, doi_url, links_of
from .core.settings import setting_line, validate


def _settings(confdir: Path) -> tuple[list[Path], str, dict]:
    namespace: dict = {"__file__": str(confdir / "conf.py")}
    code = (confdir / "conf.py").read_text(encoding="utf-8")
    exec(compile(code, str(confdir / "conf.py"), "exec"), namespace)  # noqa: S102 (it is the user's conf.py, as Sphinx does)
    bibfiles = [(confdir / f).resolve() for f in namespace.get("bibtex_bibfiles", [])]
    encoding = namespace.get("bibtex_encoding", "utf-8-sig")
    return bibfiles, encoding, namespace


def whole_file_findings(index: BibIndex) -> list[Finding]:
    """Findings that only a look at the whole file makes: likely duplicates and
    missing arXiv links."""
    findings = []
    for label, value_of in (("title", _title), ("DOI", _doi), ("arXiv id", _eprint)):
        seen: dict[str, list[str]] = defaultdict(list)
        for key in index.keys:
            value = value_of(index.data.entries[key])
            if value:
                seen[value].append(key)
        for keys in seen.values():
            if len(keys) < 2:
                continue
            # one paper's versions differ in where they appeared; a DOI names one
            places = {_place(index.data.entries[k]) for k in keys}
            info = index.info[keys[1]]
            if label != "DOI" and len(places) == len(keys):
                findings.append(Finding(
                    WarningType.NOTE,
                    f"entries {', '.join(map(repr, keys))} have the same {label} and "
                    "appeared in different places: versions of one paper (a preprint, a "
                    "conference and a journal version), each listed",
                    info.path, info.line,
                ))
                continue
            findings.append(Finding(
                WarningType.DUPLICATE_KEY,
                f"entries {', '.join(map(repr, keys))} have the same {label}: likely one "
                "publication entered twice; keep one",
                info.path, info.line,
            ))
    for key in index.keys:
        info = index.info[key]
        problem = arxiv_problem(index.data.entries[key])
        if problem:
            findings.append(Finding(WarningType.LINK, f"entry {key!r}: {problem}", info.path, info.line))
    return sorted(findings, key=lambda f: (f.path, f.line or 0))


def _place(entry: Entry) -> tuple[str, str]:
    """Where *entry* appeared: its type and venue, compared loosely (arXiv, however
    written, is one place)."""
    view = bibtex_view(entry)
    fields = view.fields
    venue = (fields.get("journal") or fields.get("booktitle") or fields.get("howpublished")
             or fields.get("school") or fields.get("institution") or "")
    venue = re.sub(r"[^a-z0-9]+", "", venue.lower())
    if "arxiv" in venue or venue == "corr" or (not venue and fields.get("eprint")):
        return ("preprint", "arxiv")
    return (view.type.lower(), venue)


def _title(entry: Entry) -> str:
    return re.sub(r"[^a-z0-9]+", "", entry.fields.get("title", "").lower())


def _doi(entry: Entry) -> str:
    return (doi_url(entry.fields.get("doi", "")) or "").lower()


def _eprint(entry: Entry) -> str:
    return re.sub(r"v\d+$", "", entry.fields.get("eprint", "").strip().lower())


_ARXIV_MENTION = re.compile(
    r"arxiv(?:\.org/(?:abs|pdf)/|\s*:\s*|\s+)(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE
)


def arxiv_problem(entry: Entry) -> str | None:
    """Why an arXiv preprint gets no arXiv link, if it gets none."""
    fields = {name.lower(): value.strip() for name, value in entry.fields.items()}
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    eprint = fields.get("eprint", "")
    if eprint:
        found = links_of(entry.fields)
        if found.arxiv_id or found.eprint_url:
            return None
        if prefix in ("", "arxiv") and not ARXIV_ID.match(eprint):
            return (f"eprint {eprint!r} is not an arXiv identifier (like 2101.00001 or "
                    "math/0601001), so it is shown as text, not linked; write the bare "
                    "identifier")
        return None
    if "arxiv.org/" in fields.get("url", "").lower():
        return None  # linked by its url
    for name, value in fields.items():
        match = _ARXIV_MENTION.search(value)
        if match and name not in ("url", "doi"):
            return (f"{name} gives arXiv:{match[1]}, but without an eprint field the entry "
                    f"has no arXiv link; add eprint = {{{match[1]}}} and "
                    "archiveprefix = {arXiv}")
    mentions = [name for name in ("howpublished", "journal", "note", "publisher")
                if "arxiv" in fields.get(name, "").lower()]
    if prefix == "arxiv" or mentions:
        where = f"{mentions[0]} says arXiv" if mentions else "archiveprefix is arXiv"
        return (f"{where}, but without an eprint field the entry has no arXiv link; add "
                "eprint = {NNNN.NNNNN} with its arXiv identifier")
    return None


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
    conf = confdir / "conf.py"
    config_findings: list[Finding] = []
    config = validate(namespace, lambda message, name: config_findings.append(
        Finding(WarningType.CONFIG, message, str(conf), setting_line(conf, name))
    ))
    index = build_index(bibfiles, config, encoding)
    suppressed = _suppressed(namespace.get("suppress_warnings", []))
    findings = [f for f in config_findings + index.findings + whole_file_findings(index)
                if not suppressed(f)]
    cwd = Path.cwd()
    problems = 0
    for finding in findings:
        line = str(finding)
        if finding.subtype is WarningType.NOTE:
            line = line.replace("[portfolio.note]", "[note]", 1)
        else:
            problems += 1
        print(line.replace(str(cwd) + "/", ""))
    n = len(index.keys)
    print(f"{n} entries checked, {problems} finding{'s' if problems != 1 else ''}")
    return 1 if problems else 0


def _suppressed(names: object):
    """Whether a finding is silenced by conf.py's ``suppress_warnings``, as Sphinx
    silences the build's warnings: ``portfolio`` all of them, ``portfolio.owner`` one kind."""
    listed = {str(n) for n in names} if isinstance(names, (list, tuple, set)) else set()

    def suppressed(finding: Finding) -> bool:
        if finding.subtype is WarningType.NOTE:
            return False
        return bool({"portfolio", f"portfolio.{finding.subtype.value}"} & listed)

    return suppressed


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
