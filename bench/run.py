"""Benchmark: the portfolio extension against plain sphinxcontrib-bibtex and no bibliography.

Generates synthetic ``refs.bib`` files (3-12 authors with the owner among them,
``author+an`` annotations, 1-2 of 10 topics each, mixed entry types) and builds the same
site four ways in temporary folders, all with the furo theme:

- ``papers``: one ``publications`` directive grouped by topic, this extension in its
  default configuration: with a page per entry (``portfolio_paper_pages``), which the
  other variants do not have;
- ``ours``: the same without the paper pages;
- ``bibtex``: plain sphinxcontrib-bibtex (``unsrt`` style, no portfolio_ext), one
  ``bibliography`` filtered with ``:filter: keywords % "topic"`` per topic section;
- ``none``: the same pages with no bibliography (citations become plain text).

Each site has an index, ten prose pages that cite entries, and the publications page.
For each it times a clean build, a rebuild with nothing changed, a rebuild after editing
one prose page and one after editing one entry in ``refs.bib`` (medians of ``--runs``
runs; a size built clean once, with ``--runs-large 1``, still times each rebuild of
the extension and of no bibliography three times), counts the pages each rebuild wrote, and records the peak RSS of the clean
build. After each clean build with paper pages, it times writing the same pages' bytes
again as new files, alone: what a static file of that size costs here. At 1,000 entries (``--live``) it also runs the live preview on the default site,
``portfolio-serve`` (``nox -s serve``) and plain ``sphinx-autobuild``, and times it:
from saving ``refs.bib`` with one entry edited to the edited paper page served with the
edit, after the server's reload message. Finally it
builds the real portfolio (``docs/``) clean, next to a copy with every
``publications``/``bibliography`` directive and cite role removed and without the two
bibliography extensions. It prints Markdown tables with the ratios and the goals of
issues 7 and 19.

The extension's modules are compiled to bytecode first, as ``pip install`` does for
the packages it is compared with. Times are the CPU seconds (user + system) of the
serial sphinx-build process, which
other work on a shared machine disturbs far less than wall-clock time; the log shows
both. To measure one commit rather than a working tree that is being edited, export
it and measure that: ``git archive HEAD | tar -x -C /tmp/bench-tree`` (an empty folder),
then ``--repo /tmp/bench-tree``.

Usage::

    python bench/run.py                      # 50, 1000, 5000 entries
    python bench/run.py --sizes 1000 --runs 5
    python bench/run.py --profile 5000       # cProfile of the 5000-entry default clean build
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: variant -> its column heading; "papers" is the default configuration (a page per
#: entry), "ours" the same without paper pages, as the other two have none
VARIANTS = {
    "papers": "ours (default)",
    "ours": "ours, no paper pages",
    "bibtex": "sphinxcontrib-bibtex",
    "none": "no bibliography",
}
DEFAULT_VARIANTS = ("papers", "ours", "bibtex", "none")
#: the variants whose ratios the tables show, by their short name there
MEASURED = {"papers": "default", "ours": "ours"}
TOPICS = {
    "language-models": "Language models",
    "frequency-principle": "Frequency principle",
    "condensation": "Condensation",
    "ai-for-science": "AI for Science",
    "computational-neuroscience": "Computational neuroscience",
    "optimization": "Optimization",
    "generalization": "Generalization",
    "graph-networks": "Graph networks",
    "reinforcement-learning": "Reinforcement learning",
    "combustion": "Combustion",
}
OWNER = ["Xu, Zhi-Qin John", "Xu, Zhiqin"]

# -- synthetic bibliography ---------------------------------------------------------

def _words(text: str) -> list[str]:
    return text.split()


_LAST = _words(
    "Zhang Wang Li Liu Chen Yang Zhao Huang Zhou Wu Luo Zhu Lin Hu Guo He Ma Sun Gao Lu "
    "Smith Johnson Brown Garcia Miller Davis Martin Weber Schmidt Rossi Dubois Novak Sato "
    "Tanaka Kim Park Nguyen Singh Kumar Cohen Levi Silva Santos Ivanov Petrov Jensen"
)
_FIRST = _words(
    "Yaoyu Tao Zhongwang Zhiwei Zhangchen Xiaolong Hanxu Leyang Yuqing Lulu Wei Jun Hui "
    "Min Lei Jing Anna Maria John David Laura Peter Kenji Hana Minh Ravi Sara Olga Ines "
    "Ming-Hao Xiao-Yu Jia-Wei"
)
_WORDS = _words(
    "neural network deep learning training dynamics frequency principle condensation "
    "embedding loss landscape implicit regularization dropout generalization transformer "
    "language model reasoning operator data-driven multiscale sampling combustion kinetics "
    "solving partial differential equations stochastic gradient descent initialization phase "
    "diagram spectral bias overparameterized two-layer infinite width graph convolution "
    "reinforcement policy memory neuronal maximum entropy causality spiking"
)
_JOURNALS = (
    "Journal of Machine Learning Research", "SIAM Journal on Scientific Computing",
    "Communications in Computational Physics", "Neural Computation",
    "Physical Review E", "Combustion and Flame", "Journal of Computational Physics",
    "Proceedings of the National Academy of Sciences",
)
_CONFERENCES = (
    "Advances in Neural Information Processing Systems (NeurIPS)",
    "International Conference on Machine Learning (ICML)",
    "International Conference on Learning Representations (ICLR)",
    "AAAI Conference on Artificial Intelligence",
)
_TYPES = (
    ("article", 50), ("inproceedings", 25), ("misc", 14), ("incollection", 4),
    ("techreport", 3), ("book", 2), ("phdthesis", 2),
)


@dataclass
class Entry:
    key: str
    type: str
    fields: dict[str, str]
    topics: list[str]

    def bibtex(self) -> str:
        body = "".join(f"  {name:<13} = {{{value}}},\n" for name, value in self.fields.items())
        return f"@{self.type}{{{self.key},\n{body}}}\n"


def generate(n: int, seed: int = 7) -> list[Entry]:
    """*n* realistic entries, the same for the same *n* and *seed*."""
    rng = random.Random(seed * 100_003 + n)
    types = [t for t, _ in _TYPES]
    weights = [w for _, w in _TYPES]
    entries = []
    for i in range(n):
        type_ = rng.choices(types, weights)[0]
        n_authors = rng.randint(3, 12)
        people = []
        while len(people) < n_authors - 1:
            name = f"{rng.choice(_LAST)}, {rng.choice(_FIRST)}"
            if name not in people and not name.startswith("Xu,"):
                people.append(name)
        owner_at = rng.randrange(n_authors)
        people.insert(owner_at, rng.choice(OWNER))
        roles = []
        if rng.random() < 0.06:
            roles.append("=alphabetical")
        if rng.random() < 0.2:
            roles += ["1=equal", "2=equal"] if owner_at > 1 else []
        if rng.random() < 0.7:
            roles.append(f"{owner_at + 1}=corresponding")
        year = rng.randint(2008, 2025)
        words = rng.sample(_WORDS, rng.randint(5, 12))
        title = " ".join(words).capitalize()
        if rng.random() < 0.3:
            title += " with {PDEs}"
        topics = rng.sample(list(TOPICS), rng.choice((1, 1, 2)))
        keywords = topics + (["representative"] if rng.random() < 0.03 else [])
        key = f"{people[0].split(',')[0].lower()}{year}{words[0].strip('-')}{i}"
        fields = {"author": " and ".join(people)}
        if roles:
            fields["author+an"] = "; ".join(roles)
        fields["title"] = title
        if type_ == "article":
            fields["journal"] = rng.choice(_JOURNALS)
            fields["volume"] = str(rng.randint(1, 60))
            fields["pages"] = f"{(p := rng.randint(1, 900))}--{p + rng.randint(5, 30)}"
        elif type_ in ("inproceedings", "incollection"):
            fields["booktitle"] = rng.choice(_CONFERENCES)
            if type_ == "incollection":
                fields["publisher"] = "Springer"
        elif type_ == "misc":
            fields["howpublished"] = "arXiv preprint"
        elif type_ == "techreport":
            fields["institution"] = "Shanghai Jiao Tong University"
        elif type_ == "book":
            fields["publisher"] = "Cambridge University Press"
        elif type_ == "phdthesis":
            fields["school"] = "Shanghai Jiao Tong University"
        fields["year"] = str(year)
        if rng.random() < 0.3:
            fields["month"] = rng.choice(("jan", "mar", "jun", "sep", "nov"))
        if type_ == "article" and rng.random() < 0.8:
            fields["doi"] = f"10.1000/bench.{n}.{i}"
        if type_ in ("misc", "inproceedings") or rng.random() < 0.2:
            fields["eprint"] = f"{year % 100:02d}{rng.randint(1, 12):02d}.{i:05d}"
            fields["archiveprefix"] = "arXiv"
        fields["keywords"] = ", ".join(keywords)
        entries.append(Entry(key, type_, fields, topics))
    return entries


# -- the three sites ------------------------------------------------------------------

CONF = {
    "ours": f"""
extensions = ["myst_parser", "portfolio_ext"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
bibtex_reference_style = "portfolio"
portfolio_owner = {OWNER!r}
portfolio_topics = {TOPICS!r}
portfolio_tags = ["representative"]
portfolio_publications_page = "publications"
portfolio_paper_pages = False  # the others have no page per entry; variant "papers" has
""",
    "bibtex": """
extensions = ["myst_parser", "sphinxcontrib.bibtex"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "unsrt"
bibtex_reference_style = "author_year"
""",
    "none": """
extensions = ["myst_parser"]
""",
}
# the default configuration: portfolio_paper_pages left alone (True)
CONF["papers"] = CONF["ours"].replace(
    "portfolio_paper_pages = False  # the others have no page per entry; variant \"papers\" has\n", "")
_COMMON_CONF = """
project = "Bench"
html_theme = "furo"
exclude_patterns = ["_build"]
suppress_warnings = ["myst.header"]
"""
PROSE_PAGE = "topics/optimization"  #: the page edited by the one-page rebuild


def _prose(rng: random.Random, keys: list[str], variant: str) -> str:
    """A paragraph citing *keys* (plain text where there is no bibliography)."""
    words = " ".join(rng.choice(_WORDS) for _ in range(40))
    cites = []
    for i, key in enumerate(keys):
        role = "p" if i % 2 else "t"
        cites.append(f"({key})" if variant == "none" else f"{{cite:{role}}}`{key}`")
    return f"{words.capitalize()} {' and '.join(cites)}.\n"


@dataclass
class Site:
    """One benchmark site on disk."""

    root: Path
    variant: str
    entries: list[Entry]
    edited_entry: str = ""  #: the key that the one-entry rebuild edits
    edits: int = 0
    cited: dict[str, set[str]] = field(default_factory=dict)  #: key -> docnames citing it

    @property
    def out(self) -> Path:
        return self.root / "_build" / "html"

    def write(self) -> None:
        rng = random.Random(1)
        src = self.root
        (src / "topics").mkdir(parents=True, exist_ok=True)
        (src / "conf.py").write_text(_COMMON_CONF + CONF[self.variant], encoding="utf-8")
        self.write_bib()
        (src / "index.md").write_text(
            "# Bench portfolio\n\nA synthetic portfolio.\n\n```{toctree}\n"
            + "".join(f"topics/{t}\n" for t in TOPICS) + "publications\n```\n",
            encoding="utf-8",
        )
        by_topic = {t: [e.key for e in self.entries if t in e.topics] for t in TOPICS}
        for topic, title in TOPICS.items():
            keys = by_topic[topic][:12]
            text = [f"# {title}\n\n"]
            for i in range(0, len(keys), 3):
                text.append(_prose(rng, keys[i:i + 3], self.variant) + "\n")
            for key in keys:
                self.cited.setdefault(key, set()).add(f"topics/{topic}")
            (src / "topics" / f"{topic}.md").write_text("".join(text), encoding="utf-8")
        # the edited entry: one that exactly one prose page cites
        self.edited_entry = next(k for k, docs in self.cited.items() if len(docs) == 1)
        (src / "publications.md").write_text(self.publications_page(), encoding="utf-8")

    def publications_page(self) -> str:
        text = "# Publications\n\nAll publications, grouped by topic.\n\n"
        if self.variant in ("ours", "papers"):
            return text + "```{publications}\n:group-by: topic\n```\n"
        for number, (topic, title) in enumerate(TOPICS.items(), 1):
            text += f"## {title}\n\n"
            if self.variant == "bibtex":
                # citation lists (the default): cite roles resolve only to those
                text += (f"```{{bibliography}}\n:labelprefix: T{number}-\n"
                         f':filter: keywords % "{topic}"\n```\n\n')
            else:
                text += "The list of this topic.\n\n"
        return text

    def write_bib(self) -> None:
        text = "% synthetic benchmark bibliography\n\n" + "\n".join(e.bibtex() for e in self.entries)
        (self.root / "refs.bib").write_text(text, encoding="utf-8")

    def edit_page(self) -> None:
        self.edits += 1
        with (self.root / f"{PROSE_PAGE}.md").open("a", encoding="utf-8") as f:
            f.write(f"\nEdited paragraph number {self.edits}.\n")

    def edit_entry(self) -> None:
        self.edits += 1
        entry = next(e for e in self.entries if e.key == self.edited_entry)
        entry.fields["title"] = re.sub(r"( \(revision \d+\))?$", f" (revision {self.edits})",
                                       entry.fields["title"], count=1)
        self.write_bib()

    def pages(self) -> dict[str, float]:
        """Output HTML page -> modification time."""
        return {p.relative_to(self.out).as_posix(): p.stat().st_mtime_ns
                for p in self.out.rglob("*.html")}


# -- running sphinx-build -------------------------------------------------------------

#: the environment of sphinx-build (--repo puts that checkout's src/ first on the path)
_ENV = dict(os.environ)


@dataclass
class Build:
    wall: float  #: wall-clock seconds
    cpu: float  #: user + system CPU seconds of sphinx-build
    peak_mb: float
    written: int  #: source pages (re)written
    warnings: int


def sphinx_build(src: Path, before: dict[str, float] | None = None,
                 extra: tuple[str, ...] = ()) -> Build:
    """Run sphinx-build on *src* as a child process: time, peak RSS and pages written."""
    out, doctrees = src / "_build" / "html", src / "_build" / "doctrees"
    cmd = [sys.executable, *extra, "-m", "sphinx", "-b", "html", "-q", "-d", str(doctrees),
           str(src), str(out)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=_ENV)
    stderr = proc.stderr.read() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"sphinx-build failed on {src}:\n{stderr}")
    after = {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}
    sources = {p.relative_to(src).with_suffix(".html").as_posix() for p in src.rglob("*.md")
               if "_build" not in p.parts}
    written = sum(1 for page, mtime in after.items()
                  if page in sources and (before or {}).get(page) != mtime)
    return Build(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, written,
                 stderr.count("WARNING"))


MEASURES = ("clean", "no-op", "page edit", "entry edit")
#: how many of each rebuild a size gets at the least (the median is reported)
REBUILDS = 3


#: writes the paper pages' bytes again, each as a new file in a new folder: the CPU
#: seconds a file, what a paper page costs at the least ("the cost of a static file")
_WRITE_FILES = """
import resource, sys, tempfile
from pathlib import Path
data = [p.read_bytes() for p in sorted(Path(sys.argv[1]).glob("*.html"))]
with tempfile.TemporaryDirectory(dir=sys.argv[2]) as folder:
    start = resource.getrusage(resource.RUSAGE_SELF)
    for i, page in enumerate(data):
        (Path(folder) / f"{i}.html").write_bytes(page)
    end = resource.getrusage(resource.RUSAGE_SELF)
print((end.ru_utime - start.ru_utime + end.ru_stime - start.ru_stime) / max(len(data), 1))
"""


def static_file(papers: Path) -> float:
    """CPU seconds of writing one static file of a paper page's size, alone: the
    pages in *papers* written again as new files, next to the site."""
    done = subprocess.run([sys.executable, "-c", _WRITE_FILES, str(papers), str(papers.parent.parent)],
                          capture_output=True, text=True, check=True)
    return float(done.stdout)


def measure_size(n: int, runs: int, workdir: Path, log: Callable[[str], None],
                 variants: tuple[str, ...] = DEFAULT_VARIANTS) -> dict:
    """{variant: {measure: [Build, ...]}} for *n* entries."""
    entries = generate(n)
    results: dict[str, dict[str, list[Build]]] = {v: {m: [] for m in MEASURES} for v in VARIANTS}
    for run in range(runs):
        # interleave the variants so that machine noise hits all three alike
        shift = run % len(variants)
        for variant in variants[shift:] + variants[:shift]:
            # a folder of its own for each run, removed with the work folder at the end:
            # files made just after many were deleted cost ext4 here some 0.1-0.3 ms each,
            # against 0.02 ms in a fresh folder (as on a fresh checkout), a cost that the
            # variant writing 1,000s of paper pages would carry from the run before
            root = workdir / f"{variant}-{n}-{run + 1}"
            shutil.rmtree(root, ignore_errors=True)  # left by --keep
            site = Site(root, variant, [Entry(e.key, e.type, dict(e.fields), e.topics)
                                        for e in entries])
            site.write()
            steps: list[tuple[str, Callable[[], None] | None]] = [
                ("clean", None), ("no-op", None), ("page edit", site.edit_page),
            ]
            if variant != "none":
                steps.append(("entry edit", site.edit_entry))
            for name, change in steps:
                # a size built clean once (the large ones) still gets a median of three
                # of each rebuild, which takes a second or so (plain sphinxcontrib-bibtex
                # re-reads everything: its rebuilds are as slow as its clean build)
                once = name == "clean" or variant == "bibtex" or runs >= REBUILDS
                for _ in range(1 if once else REBUILDS):
                    before = site.pages() if site.out.exists() else None
                    if change:
                        time.sleep(0.01)  # a later mtime than the last build's outputs
                        change()
                    build = sphinx_build(root, before)
                    results[variant][name].append(build)
                    if variant == "papers" and name == "clean":
                        results.setdefault("static", []).append(static_file(site.out / "papers"))
                    log(f"  {n:>5} entries, run {run + 1}/{runs}, {variant:<6} {name:<10} "
                        f"{build.cpu:7.2f} s CPU {build.wall:7.2f} s wall "
                        f"{build.peak_mb:6.0f} MB, {build.written} pages written, "
                        f"{build.warnings} warnings")
    return results


# -- the real portfolio ---------------------------------------------------------------

#: an opening or closing fence: its backticks or tildes, its {directive}, the rest
_FENCE = re.compile(r"^(`{3,}|~{3,})\s*(\{([\w-]+)\})?(.*)$")
#: a cite or pubcount role, or an inline code span (left as it is: it may show a role)
_INLINE = re.compile(r"\{(cite:\w+|pubcount)\}`([^`]*)`|(`+)(?:.*?[^`])?\3(?!`)")
#: the directives that show bibliography data
_LISTS = ("publications", "bibliography", "publications-chart", "publications-filter")


def strip_bibliographies(text: str) -> str:
    """*text* without the directives that show entries, and with citations and counts
    as plain text; code blocks and inline code (examples of them) are kept as they are."""
    out: list[str] = []
    open_fences: list[tuple[str, bool]] = []  # (fence, is a code block), innermost last
    skip = None  # the fence of the list directive being dropped

    def closes(match: re.Match[str] | None, fence: str) -> bool:
        return bool(match and match[1][0] == fence[0] and len(match[1]) >= len(fence)
                    and not match[2] and not match[4].strip())

    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line.rstrip("\n"))
        if skip is not None:
            if closes(match, skip):
                skip = None
            continue
        if open_fences and open_fences[-1][1]:  # in a code block: verbatim
            if closes(match, open_fences[-1][0]):
                open_fences.pop()
            out.append(line)
            continue
        if open_fences and closes(match, open_fences[-1][0]):
            open_fences.pop()  # the end of a directive
        elif match and match[3] in _LISTS:
            skip = match[1]
            continue
        elif match:  # a directive (its content is parsed) or a code block
            open_fences.append((match[1], not match[2]))
        else:
            line = _INLINE.sub(lambda m: m[0] if m[3] else f"({m[2]})", line)
        out.append(line)
    return "".join(out)


REAL = ("portfolio", "no paper pages", "no bibliography", "stripped")


def real_portfolio(repo: Path, workdir: Path, runs: int,
                   log: Callable[[str], None]) -> dict[str, list[Build]]:
    """Clean builds of *repo*'s docs/: as configured; without paper pages; without
    bibliographies (no directive showing entries, cite and pubcount roles as plain text,
    an empty bibtex_bibfiles), the extensions still loaded for the rest of what they
    do; and "stripped": that, and neither sphinxcontrib-bibtex nor portfolio_ext."""
    results: dict[str, list[Build]] = {variant: [] for variant in REAL}
    for run in range(runs):
        shift = run % len(REAL)
        for variant in REAL[shift:] + REAL[:shift]:
            root = workdir / f"real-{variant.replace(' ', '-')}"
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(repo / "docs", root / "docs",
                            ignore=shutil.ignore_patterns("_build"))
            shutil.copy(repo / "refs.bib", root / "refs.bib")
            conf = root / "docs" / "conf.py"
            if variant != "portfolio":
                with conf.open("a", encoding="utf-8") as f:
                    f.write("\nportfolio_paper_pages = False\n")
            if variant in ("no bibliography", "stripped"):
                for page in (root / "docs").rglob("*.md"):
                    page.write_text(strip_bibliographies(page.read_text(encoding="utf-8")),
                                    encoding="utf-8")
                with conf.open("a", encoding="utf-8") as f:
                    f.write("\nbibtex_bibfiles = []\n")
            if variant == "stripped":
                conf.write_text(conf.read_text(encoding="utf-8")
                                + '\nextensions = [e for e in extensions if e not in '
                                  '("sphinxcontrib.bibtex", "portfolio_ext")]\n',
                                encoding="utf-8")
            build = sphinx_build(root / "docs")
            results[variant].append(build)
            log(f"  real portfolio, run {run + 1}/{runs}, {variant:<15} {build.cpu:6.2f} s CPU "
                f"{build.peak_mb:5.0f} MB, {build.warnings} warnings")
    return results


# -- the report -----------------------------------------------------------------------


def _median(builds: list[Build]) -> float:
    return statistics.median(b.cpu for b in builds)


def _floor(res: dict, name: str) -> list[Build]:
    """The no-bibliography build that *name* is measured against: an entry edit
    against the page edit (that site has no entry to edit)."""
    return res["none"]["page edit" if name == "entry edit" else name]


def _goal(n: int, name: str) -> tuple[str, str, float] | None:
    """(text, compared with, limit) of the goal for build *name* at *n* entries."""
    if name in ("no-op", "page edit"):
        return "≤ 1.5× none", "none", 1.5
    if name == "clean" and n >= 1000:
        return "≤ 0.5× bibtex", "bibtex", 0.5
    if name == "entry edit" and n >= 5000:
        return "≤ 3× none", "none", 3.0
    return None


def report(sizes: dict[int, dict], real: dict[str, list[Build]] | None, repo: Path,
           live: dict[str, list[float]] | None = None) -> str:
    columns = [v for v in VARIANTS if any(res[v]["clean"] for res in sizes.values())]
    measured = [v for v in MEASURED if v in columns]
    ratios = [(v, other) for v in measured for other in ("bibtex", "none") if other in columns]
    rows = [
        ("| entries | build | " + " | ".join(VARIANTS[v] for v in columns) + " | "
         + "".join(f"{MEASURED[v]} ÷ {other} | " for v, other in ratios) + "goal |"),
        "| ---: | --- | " + "---: | " * (len(columns) + len(ratios)) + "--- |",
    ]
    checks: list[tuple[str, float | None, float]] = []  # (what, ratio, limit)
    for n, res in sizes.items():
        for name in MEASURES:
            cells, values = [], {}
            for variant in columns:
                builds = res[variant][name]
                if not builds:
                    cells.append("–")
                    continue
                values[variant] = _median(builds)
                written = max(b.written for b in builds)
                cells.append(f"{values[variant]:.2f} s"
                             + (f" ({written} p.)" if name != "clean" else ""))
            against = {"bibtex": res["bibtex"][name], "none": _floor(res, name)}
            found = {(v, other): _ratio(values.get(v), against[other]) for v, other in ratios}
            goal = _goal(n, name)
            if goal:
                checks += [(f"{n} entries, {name}: {MEASURED[v]} ÷ {goal[1]}",
                            found.get((v, goal[1])), goal[2]) for v in measured]
            rows.append(f"| {n} | {name} | {' | '.join(cells)} | "
                        + "".join(f"{_cell(found[r])} | " for r in ratios)
                        + f"{goal[0] if goal else ''} |")
        peak = {v: max(b.peak_mb for b in res[v]["clean"]) for v in columns if res[v]["clean"]}
        found = {(v, o): peak[v] / peak[o] if v in peak and o in peak else None
                 for v, o in ratios}
        rows.append(f"| {n} | peak RSS | "
                    + " | ".join(f"{peak[v]:.0f} MB" if v in peak else "–" for v in columns)
                    + " | " + "".join(f"{_cell(found[r])} | " for r in ratios) + "≤ 1× bibtex |")
        checks += [(f"{n} entries, peak RSS: {MEASURED[v]} ÷ bibtex", found.get((v, "bibtex")), 1.0)
                   for v in measured]
        if res["papers"]["clean"] and res["ours"]["clean"]:
            # what the paper pages add to a clean build, per page
            extra = (_median(res["papers"]["clean"]) - _median(res["ours"]["clean"])) / n * 1000
            rows.append(f"| {n} | paper pages, per page | {extra:.2f} ms |"
                        + " |" * (len(columns) - 1 + len(ratios)) + " ≤ 0.3 ms |")
            checks.append((f"{n} entries, a paper page (ms)", extra, 0.3))
            if res.get("static"):
                alone = statistics.median(res["static"]) * 1000
                rows.append(f"| {n} | of which its file, written alone | {alone:.2f} ms |"
                            + " |" * (len(columns) - 1 + len(ratios)) + " |")
    text = "\n".join(rows) + "\n\n(N p.) = source pages written by the rebuild; an entry edit is " \
        "compared with the no-bibliography page edit.\n" if sizes else ""
    for variant in measured:
        if all(sizes.get(n, {}).get(variant, {}).get("clean") for n in (1000, 5000)):
            growth = _median(sizes[5000][variant]["clean"]) / _median(sizes[1000][variant]["clean"])
            checks.append((f"{MEASURED[variant]}, clean: 5000 ÷ 1000 entries", growth, 5.5))
    if live:
        text += (f"\n| live preview ({LIVE_SIZE} entries, default), one entry edited: saved "
                 "to page served | median | slowest | goal |\n| --- | ---: | ---: | --- |\n")
        for server, times in live.items():
            goal = "≤ 1 s" if server == "portfolio-serve" else ""
            text += (f"| {server} | {statistics.median(times):.2f} s | {max(times):.2f} s | "
                     f"{goal} |\n")
        if live.get("portfolio-serve"):
            checks.append(("live preview (portfolio-serve), one entry edited (s)",
                           statistics.median(live["portfolio-serve"]), 1.0))
    if real:
        bib = (repo / "refs.bib").read_text(encoding="utf-8")
        count = len(re.findall(r"^@\w+\{", bib, re.MULTILINE))
        times = {variant: _median(builds) for variant, builds in real.items()}
        text += (f"\n| real portfolio ({count} entries), clean build | CPU | "
                 "÷ no bibliography | ÷ stripped |\n| --- | ---: | ---: | ---: |\n")
        text += "".join(
            f"| {variant} | {times[variant]:.2f} s | "
            f"{times[variant] / times['no bibliography']:.2f} | "
            f"{times[variant] / times['stripped']:.2f} |\n"
            for variant in REAL
        )
        # the goal: the same pages and settings, without bibliographies ("stripped"
        # also leaves the two extensions out: shown in the table, for information)
        checks.append(("real portfolio, clean, same pages: ours ÷ no bibliography",
                       times["no paper pages"] / times["no bibliography"], 1.3))
    text += "\n| goal | ratio | limit | met |\n| --- | ---: | ---: | --- |\n"
    text += "".join(f"| {what} | {ratio:.2f} | {limit} | {'yes' if ratio <= limit else 'NO'} |\n"
                    for what, ratio, limit in checks if ratio is not None)
    return text


def _ratio(value: float | None, builds: list[Build]) -> float | None:
    return value / _median(builds) if value is not None and builds else None


def _cell(ratio: float | None) -> str:
    return "–" if ratio is None else f"{ratio:.2f}"


# -- the live preview -----------------------------------------------------------------

LIVE_SIZE = 1000  #: entries of the site whose live preview is timed


def _get(url: str) -> str:
    from urllib.request import urlopen

    with urlopen(url, timeout=30) as response:  # our own local server
        return response.read().decode("utf-8")


#: the live previews timed: the command after ``python -m``
SERVERS = {"portfolio-serve": "portfolio_ext.serve", "sphinx-autobuild": "sphinx_autobuild"}


def live_preview(n: int, runs: int, workdir: Path, log: Callable[[str], None],
                 server: str = "portfolio-serve") -> list[float]:
    """Seconds from saving ``refs.bib`` with one entry edited to the edited entry's
    paper page served with the edit, under *server* (``portfolio-serve``, which
    ``nox -s serve`` runs, or plain ``sphinx-autobuild``) on the default site of *n*
    entries: after the reload message the browser gets, the page is fetched as the
    browser then fetches it. One time per run."""
    import socket

    from websockets.sync.client import connect

    root = workdir / f"live-{n}-{server}"
    shutil.rmtree(root, ignore_errors=True)
    site = Site(root, "papers", generate(n))
    site.write()
    sphinx_build(root)  # the server's first build is then a no-op one
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out, doctrees = root / "_build" / "html", root / "_build" / "doctrees"
    process = subprocess.Popen(
        [sys.executable, "-m", SERVERS[server], "--port", str(port), "--host", "127.0.0.1",
         "--ignore", str(root / "_build"), "-b", "html", "-q", "-d", str(doctrees),
         str(root), str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_ENV)
    times = []
    try:
        base = f"http://127.0.0.1:{port}"
        page = f"{base}/papers/{site.edited_entry}.html"
        deadline = time.monotonic() + 120
        while True:  # until the server has made its first build and serves
            try:
                _get(page)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{server} did not start") from None
                time.sleep(0.2)
        with connect(f"ws://127.0.0.1:{port}/websocket-reload") as reload:
            time.sleep(1)  # the watcher is up
            for run in range(runs):
                site.edit_entry()
                saved = time.perf_counter()
                message = reload.recv(timeout=60)
                text = _get(page)
                seconds = time.perf_counter() - saved
                if message != "refresh" or f"(revision {site.edits})" not in text:
                    raise RuntimeError(f"the live preview did not show the edit ({message!r})")
                times.append(seconds)
                log(f"  live preview ({server}), {n} entries, run {run + 1}/{runs}: "
                    f"{seconds:.2f} s from saving refs.bib to the page served")
                time.sleep(0.5)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return times


def profile(n: int, workdir: Path, top: int) -> str:
    """cProfile of the default configuration's clean build at *n* entries: the
    functions where time goes."""
    import pstats

    root = workdir / f"profile-{n}"
    shutil.rmtree(root, ignore_errors=True)
    site = Site(root, "papers", generate(n))
    site.write()
    stats_file = workdir / f"papers-{n}.prof"
    build = sphinx_build(root, extra=("-m", "cProfile", "-o", str(stats_file)))
    from io import StringIO

    stream = StringIO()
    stats = pstats.Stats(str(stats_file), stream=stream).strip_dirs()
    stream.write(f"clean build of {n} entries under cProfile: {build.cpu:.1f} s CPU\n")
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return stream.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median)")
    parser.add_argument("--runs-large", type=int, default=1,
                        help="runs for sizes above 2000 entries (plain sphinxcontrib-bibtex "
                             "takes minutes there)")
    parser.add_argument("--variants", nargs="+", choices=list(VARIANTS),
                        default=list(DEFAULT_VARIANTS))
    parser.add_argument("--no-real", action="store_true", help="skip the real portfolio")
    parser.add_argument("--no-live", action="store_true",
                        help=f"skip the live preview (timed when --sizes has {LIVE_SIZE})")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="only profile our clean build of N entries")
    parser.add_argument("--top", type=int, default=30, help="profile lines to show")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--repo", type=Path, default=REPO,
                        help="the checkout to measure, e.g. an export of one commit: its "
                             "src/ goes first on sphinx-build's path, its docs/ is the real "
                             "portfolio (default: this one, as installed)")
    args = parser.parse_args(argv)

    if args.repo.resolve() != REPO:
        _ENV["PYTHONPATH"] = os.pathsep.join(
            filter(None, (str(args.repo.resolve() / "src"), _ENV.get("PYTHONPATH"))))
    # bytecode for the measured extension, as `pip install` writes it: an editable
    # install run with PYTHONDONTWRITEBYTECODE would compile every module in every
    # build (some 40 ms) while the installed packages it is compared with do not
    compileall.compile_dir(str(args.repo.resolve() / "src"), quiet=1)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="portfolio-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        if args.profile:
            print(profile(args.profile, workdir, args.top))
            return 0
        sizes = {}
        for n in args.sizes:
            runs = args.runs_large if n > 2000 else args.runs
            sizes[n] = measure_size(n, runs, workdir, log, tuple(args.variants))
        live = None
        if LIVE_SIZE in sizes and not args.no_live and "papers" in args.variants:
            live = {server: live_preview(LIVE_SIZE, args.runs, workdir, log, server)
                    for server in SERVERS}
        real = None if args.no_real else real_portfolio(args.repo, workdir, args.runs, log)
        print(report(sizes, real, args.repo, live))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
