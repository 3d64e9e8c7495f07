"""The publications chart without Sphinx: counts per year and topic, one layout, and
that layout drawn as SVG (HTML, ePub) and as TikZ (LaTeX)."""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .bibindex import BibIndex
from .settings import PortfolioConfig

#: Okabe-Ito colours, distinguishable with the common colour-vision deficiencies;
#: the last one is for entries without a topic
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442")
OTHER_COLOUR = "#999999"

# drawing units: 1 unit = 1 px in the SVG, 0.02 cm in the PDF
WIDTH, PLOT_HEIGHT = 720.0, 240.0
# TOP: room above the highest grid line for its label, which a phone shows at 21 px
LEFT, TOP, BOTTOM = 36.0, 20.0, 28.0
LEGEND_ROW = 22.0
CM_PER_UNIT = 0.02


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    counts: tuple[int, ...]  #: one per year of :attr:`ChartData.years`


@dataclass(frozen=True)
class ChartData:
    years: tuple[int, ...]  #: every year from the first to the last, gaps included
    series: tuple[Series, ...]
    #: the distinct papers of each year (a paper in two topics is in two series)
    papers: tuple[int, ...] = ()

    @property
    def totals(self) -> list[int]:
        """The height of each year's bar: its topic memberships."""
        return [sum(s.counts[i] for s in self.series) for i in range(len(self.years))]

    @property
    def shared(self) -> bool:
        """Whether some paper is counted in more than one series."""
        return bool(self.papers) and list(self.papers) != self.totals


@dataclass(frozen=True)
class Bar:
    x: float
    y: float  #: top edge, y grows downwards as in SVG
    width: float
    height: float
    colour: str
    label: str


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    bars: tuple[Bar, ...]
    #: (y, label) of the horizontal grid lines
    ticks: tuple[tuple[float, str], ...]
    #: (x centre, label) under the bars
    year_labels: tuple[tuple[float, str], ...]
    #: (x, y, colour, label) of the legend swatches
    legend: tuple[tuple[float, float, str, str], ...]


def chart_data(
    index: BibIndex, keys: Sequence[str], config: PortfolioConfig
) -> ChartData:
    """Count *keys* per year and topic: an entry counts under each of its topics, as
    the topic sections of a list show it (untagged entries under ``other_label``), and
    once in :attr:`ChartData.papers`."""
    dated = [key for key in keys if index.info[key].year]
    if not dated:
        return ChartData((), ())
    first = min(index.info[key].year for key in dated)
    last = max(index.info[key].year for key in dated)
    years = tuple(range(first, last + 1))
    labels = [*config.topics, ""]
    counts = {topic: [0] * len(years) for topic in labels}
    papers = [0] * len(years)
    for key in dated:
        year = index.info[key].year - first
        papers[year] += 1
        for topic in [t for t in index.info[key].topics if t in config.topics] or [""]:
            counts[topic][year] += 1
    series = []
    for i, topic in enumerate(labels):
        if any(counts[topic]):
            label = config.topics.get(topic, config.other_label)
            colour = PALETTE[i % len(PALETTE)] if topic else OTHER_COLOUR
            series.append(Series(label, colour, tuple(counts[topic])))
    return ChartData(years, tuple(series), tuple(papers))


def _step(maximum: int) -> int:
    """A round tick step giving at most six grid lines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if maximum / step <= 5:
            return step
    return 10 ** math.ceil(math.log10(maximum / 5))


def layout(data: ChartData) -> Layout:
    """Place the bars, grid lines, year labels and legend of *data*."""
    totals = data.totals
    step = _step(max(totals, default=1) or 1)
    top_value = step * math.ceil((max(totals, default=1) or 1) / step)
    scale = PLOT_HEIGHT / top_value
    base = TOP + PLOT_HEIGHT
    slot = (WIDTH - LEFT) / max(len(data.years), 1)
    bar_width = slot * 0.7
    bars: list[Bar] = []
    for i in range(len(data.years)):
        x = LEFT + i * slot + (slot - bar_width) / 2
        y = base
        for series in data.series:
            height = series.counts[i] * scale
            if height:
                y -= height
                # what hovering the bar says: "2021: Condensation, 3"
                label = f"{data.years[i]}: {series.label}, {series.counts[i]}"
                bars.append(Bar(x, y, bar_width, height, series.colour, label))
    ticks = tuple((base - v * scale, str(v)) for v in range(0, top_value + 1, step))
    every = 1 if len(data.years) <= 16 else math.ceil(len(data.years) / 16)
    year_labels = tuple(
        (LEFT + (i + 0.5) * slot, str(year))
        for i, year in enumerate(data.years) if i % every == 0
    )
    legend = []
    x, row = LEFT, base + BOTTOM + 6
    for series in data.series:
        width = 26 + 8.5 * len(series.label)
        if x + width > WIDTH and x > LEFT:
            x, row = LEFT, row + LEGEND_ROW
        legend.append((x, row, series.colour, series.label))
        x += width + 16
    height = row + LEGEND_ROW if data.series else base + BOTTOM
    return Layout(WIDTH, height, tuple(bars), ticks, year_labels, tuple(legend))


def to_svg(chart: Layout, text_colour: str = "currentColor", legend: bool = True) -> str:
    """The chart as SVG; inline, its text uses ``currentColor`` to follow the theme.

    Without *legend*, the picture ends under the year labels (the page then shows the
    legend as HTML, which wraps on a phone where SVG text would shrink).
    """
    esc = html.escape
    height = chart.height if legend else TOP + PLOT_HEIGHT + BOTTOM
    out = [
        (f'<svg class="portfolio-chart-svg" xmlns="http://www.w3.org/2000/svg" '
         f'viewBox="0 0 {chart.width:g} {height:g}" aria-hidden="true" '
         'focusable="false">'),
        f'<g class="portfolio-chart-grid" stroke="{text_colour}" stroke-opacity="0.2">',
    ]
    for y, _ in chart.ticks:
        out.append(f'<line x1="{LEFT:g}" x2="{chart.width:g}" y1="{y:.1f}" y2="{y:.1f}"/>')
    out.append(f'</g><g fill="{text_colour}" font-size="12">')
    for y, label in chart.ticks:
        out.append(f'<text x="{LEFT - 6:g}" y="{y + 4:.1f}" text-anchor="end">{esc(label)}</text>')
    base = TOP + PLOT_HEIGHT
    # more than eight years: every other label is "minor", which a phone leaves out
    minor = len(chart.year_labels) > 8
    for i, (x, label) in enumerate(chart.year_labels):
        kind = ' class="portfolio-chart-minor"' if minor and i % 2 else ""
        out.append(f'<text{kind} x="{x:.1f}" y="{base + 18:g}" '
                   f'text-anchor="middle">{esc(label)}</text>')
    for x, y, colour, label in chart.legend if legend else ():
        out.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="14" height="14" fill="{colour}"/>')
        out.append(f'<text x="{x + 20:.1f}" y="{y + 2:.1f}">{esc(label)}</text>')
    out.append("</g><g>")
    for bar in chart.bars:
        out.append(
            f'<rect x="{bar.x:.1f}" y="{bar.y:.1f}" width="{bar.width:.1f}" '
            f'height="{bar.height:.1f}" fill="{bar.colour}"><title>{esc(bar.label)}</title></rect>'
        )
    out.append("</g></svg>")
    return "".join(out)


def to_tikz(chart: Layout, escape: Callable[[str], str]) -> str:
    """The same chart as a TikZ picture (y flipped: TikZ grows upwards).

    :param escape: makes a label LaTeX text (Sphinx's ``texescape.escape``)
    """

    def pt(x: float, y: float) -> str:
        return f"({x * CM_PER_UNIT:.3f},{(chart.height - y) * CM_PER_UNIT:.3f})"

    colours = sorted({bar.colour for bar in chart.bars} | {c for _, _, c, _ in chart.legend})
    names = {colour: f"portfoliochart{i}" for i, colour in enumerate(colours)}
    # every label's box the same height and depth, whatever its letters: year labels
    # (hung from their tops) on one baseline, legend labels centred on their swatches
    out = [(r"\begin{center}\begin{tikzpicture}[font=\footnotesize, "
            r"every node/.style={text height=1.5ex, text depth=0.25ex}]")]
    out += [rf"\definecolor{{{names[c]}}}{{HTML}}{{{c[1:]}}}" for c in colours]
    for y, label in chart.ticks:
        out.append(rf"\draw[black!20] {pt(LEFT, y)} -- {pt(chart.width, y)};")
        out.append(rf"\node[anchor=east] at {pt(LEFT - 4, y)} {{{label}}};")
    base = TOP + PLOT_HEIGHT
    for x, label in chart.year_labels:
        out.append(rf"\node[anchor=north] at {pt(x, base + 2)} {{{label}}};")
    for bar in chart.bars:
        out.append(
            rf"\fill[{names[bar.colour]}] {pt(bar.x, bar.y + bar.height)} rectangle "
            rf"{pt(bar.x + bar.width, bar.y)};"
        )
    for x, y, colour, label in chart.legend:
        out.append(rf"\fill[{names[colour]}] {pt(x, y + 4)} rectangle {pt(x + 14, y - 10)};")
        out.append(rf"\node[anchor=west] at {pt(x + 18, y - 3)} {{{escape(label)}}};")
    out.append(r"\end{tikzpicture}\end{center}")
    return "\n".join(out)

