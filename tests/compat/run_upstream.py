"""sphinxcontrib-bibtex's own test suite, without and with ``portfolio_ext`` (issue 15).

``nox -s compat`` runs this in a venv that has this project and the pinned
sphinxcontrib-bibtex installed. It downloads that release's sdist from the package
index (no upstream code is kept in this repository), unpacks it, and runs its test suite
twice with the ``portfolio_compat`` pytest plugin (``tests/compat/portfolio_compat.py``):

1. as it is (the baseline);
2. with ``portfolio_ext`` appended to every app that loads ``sphinxcontrib.bibtex``,
   with no ``portfolio_*`` settings;
3. (``--diagnose``) the same with every ``portfolio.*`` warning suppressed, which shows
   the failures that are more than our warnings.

It prints the counts, then the failures of run 2 that run 1 does not have, grouped by
cause (each warning our extension added, ``+``, or took away, ``-``, else the error),
and exits 1 when there is any (unless ``--allow-failures``).

    python tests/compat/run_upstream.py [--version 2.7.0] [--workdir _build/compat]
                                        [--diagnose] [--allow-failures] [-- pytest args]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
PACKAGE = "sphinxcontrib-bibtex"


def fetch(version: str, workdir: Path) -> Path:
    """The unpacked sdist of sphinxcontrib-bibtex *version* (downloaded once)."""
    source = workdir / f"sphinxcontrib_bibtex-{version}"
    if (source / "test" / "conftest.py").exists():
        return source
    workdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-binary", ":all:",
         "--no-deps", "--dest", str(workdir), f"{PACKAGE}=={version}"],
        check=True,
    )
    sdists = [p for p in workdir.glob("sphinxcontrib*bibtex-*.tar.gz") if version in p.name]
    if not sdists:
        sys.exit(f"no sdist of {PACKAGE} {version} in {workdir}")
    with tarfile.open(sdists[0]) as tar:
        tar.extractall(workdir, filter="data")
    if not (source / "test").is_dir():
        sys.exit(f"{sdists[0]} has no test/ folder at {source}")
    return source


def run(source: Path, workdir: Path, name: str, extra_env: dict[str, str],
        pytest_args: list[str]) -> tuple[dict[str, dict], float]:
    report = workdir / f"{name}.json"
    report.unlink(missing_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
        "PORTFOLIO_COMPAT_REPORT": str(report),
        **extra_env,
    }
    # the installed sphinxcontrib-bibtex is tested (the sdist's src/ is not on the path)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
           "-p", "portfolio_compat", "--basetemp", str(workdir / f"tmp-{name}"), *pytest_args]
    print(f"\n=== {name}: {' '.join(cmd[1:])}", flush=True)
    start = time.monotonic()
    subprocess.run(cmd, cwd=source, env=env, check=False)
    elapsed = time.monotonic() - start
    if not report.exists():
        sys.exit(f"the {name} run wrote no report ({report}): it did not get to run")
    return json.loads(report.read_text(encoding="utf-8")), elapsed


def counts(outcomes: dict[str, dict]) -> dict[str, int]:
    result: dict[str, int] = defaultdict(int)
    for entry in outcomes.values():
        result[entry["outcome"]] += 1
    return result


_TMP = re.compile(r"(/[^\s:'\"]*)?/(tmp-\w+|pytest-of-\w+/pytest-\d+)/[^/\s:'\"]+/")


def _normalise(line: str) -> str:
    """A warning without its test's folder, line number and quoted names."""
    line = _TMP.sub("", line)
    line = re.sub(r"^(\S*?):\d+: ", r"\1: ", line)
    line = re.sub(r"^\S+: (WARNING|ERROR):", r"\1:", line)
    return re.sub(r"'[^']*'", "'…'", line)


#: sphinx.testing's second app in one test re-registers docutils' global nodes, roles and
#: directives; a test that now fails before its second app loses these: not a cause
_NOISE = re.compile(r"is already registered")


def _warnings(entry: dict | None) -> set[str]:
    return {_normalise(w) for w in (entry or {}).get("warnings", ()) if not _NOISE.search(w)}


def causes(entry: dict, baseline: dict | None) -> tuple[str, ...]:
    """What the extension changed in a failing test: the warnings it added (+) and
    took away (-); else the error."""
    before, after = _warnings(baseline), _warnings(entry)
    changed = [f"+ {w}" for w in sorted(after - before)]
    changed += [f"- {w}" for w in sorted(before - after)]
    if changed:
        return tuple(changed)
    return ("same warnings; error: " + entry.get("error", "").splitlines()[0][:200],)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", default="2.7.0", help=f"the {PACKAGE} release to test")
    parser.add_argument("--workdir", type=Path, default=REPO / "_build" / "compat")
    parser.add_argument("--diagnose", action="store_true",
                        help="a third run with every portfolio.* warning suppressed")
    parser.add_argument("--allow-failures", action="store_true",
                        help="exit 0 even when the extension breaks upstream tests")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (after --)")
    args = parser.parse_args()
    workdir = args.workdir.resolve()

    from importlib.metadata import version as installed

    if installed(PACKAGE) != args.version:
        sys.exit(f"{PACKAGE} {installed(PACKAGE)} is installed, not {args.version}")
    source = fetch(args.version, workdir)

    runs = {"without portfolio_ext": {"PORTFOLIO_COMPAT_APPEND": "0"},
            "with portfolio_ext": {"PORTFOLIO_COMPAT_APPEND": "1"}}
    if args.diagnose:
        runs["with portfolio_ext, portfolio.* warnings suppressed"] = {
            "PORTFOLIO_COMPAT_APPEND": "1", "PORTFOLIO_COMPAT_SUPPRESS": "1"}
    results = {}
    for i, (name, env) in enumerate(runs.items()):
        results[name] = run(source, workdir, f"run{i}", env, args.pytest_args)

    base = results["without portfolio_ext"][0]
    print(f"\n=== {PACKAGE} {args.version}'s test suite")
    print(f"{'run':<52} {'passed':>6} {'failed':>6} {'error':>6} {'xfail':>6} {'time':>6}")
    for name, (outcomes, elapsed) in results.items():
        c = counts(outcomes)
        print(f"{name:<52} {c['passed']:>6} {c['failed']:>6} {c['error']:>6} "
              f"{c['xfailed']:>6} {elapsed:>5.0f}s")

    broken_total = 0
    for name, (outcomes, _) in list(results.items())[1:]:
        broken = {k: v for k, v in outcomes.items()
                  if v["outcome"] in ("failed", "error")
                  and base.get(k, {}).get("outcome") not in ("failed", "error")}
        if name == "with portfolio_ext":
            broken_total = len(broken)
        if not broken:
            continue
        print(f"\n--- {name}: {len(broken)} tests fail that pass without it, by cause")
        # a cause (a warning added or taken away, or an error) -> the tests it is in
        by_cause: dict[str, list[str]] = defaultdict(list)
        for nodeid, entry in broken.items():
            for cause in causes(entry, base.get(nodeid)):
                by_cause[cause].append(nodeid.removeprefix("test/"))
        for cause, tests in sorted(by_cause.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            print(f"\n[{len(tests)} tests] {cause}")
            for test in sorted(tests):
                print(f"    {test}")
    if broken_total and not args.allow_failures:
        print(f"\n{broken_total} upstream tests fail with portfolio_ext (issue 15)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
