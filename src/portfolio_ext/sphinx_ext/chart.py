"""The ``publications-chart`` directive: publications per year, stacked by topic.

One layout, computed in :func:`~portfolio_ext.core.chart.layout`, is drawn twice: as inline SVG in HTML and
ePub (hidden from screen readers) and as a TikZ picture in LaTeX. Next to it goes an
ordinary table of the same counts, which screen readers read in HTML and the PDF
prints, so the figures are never only in a picture.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.texescape import escape

from .._compat import has_latex_package
from .bib import get_index
from .config import get_config
from .counts import read_selection
from .domain import get_domain
from .locale import _
from .nodes import skipped_in

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

    from ..core.chart import ChartData, Layout


class publications_chart(nodes.General, nodes.Element):
    """The picture; its data is in ``node["layout"]``-ready attributes."""


def _visit_chart_html(self: HTML5Translator, node: publications_chart) -> None:
    # the caption is also the table's, which screen readers read: hide this copy
    caption = html.escape(node["caption"])
    chart = _layout_of(node)
    legend = "".join(
        f'<li><span class="portfolio-chart-swatch" style="background:{colour}"></span>'
        f"{html.escape(label)}</li>"
        for _, _, colour, label in chart.legend
    )
    # portfolio.js shows it instead of the chart while a filter selects publications
    hidden = html.escape(_("The chart counts every publication on this page: clear the "
                           "filter to see it."))
    self.body.append(
        f'{_chart().to_svg(chart, legend=False)}'
        f'<ul class="portfolio-chart-legend" aria-hidden="true">{legend}</ul>'
        f'<p class="portfolio-chart-caption" aria-hidden="true">{caption}</p>'
        f'<p class="portfolio-chart-filtered" hidden>{hidden}</p>'
    )
    raise nodes.SkipNode


def _visit_chart_epub(self: HTML5Translator, node: publications_chart) -> None:
    """ePub: the SVG as an image file, since EPUB 3 wants pages with inline SVG
    declared as such in the OPF, which Sphinx does not do."""
    svg = _chart().to_svg(_layout_of(node), text_colour="#333333")
    name = f"portfolio-chart-{hashlib.sha256(svg.encode()).hexdigest()[:16]}.svg"
    folder = Path(self.builder.outdir, self.builder.imagedir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(svg, encoding="utf-8")
    caption = html.escape(node["caption"])
    self.body.append(
        f'<img class="portfolio-chart-svg" src="{self.builder.imgpath}/{name}" alt="" />'
        f'<p class="portfolio-chart-caption" aria-hidden="true">{caption}</p>'
    )
    raise nodes.SkipNode


def _visit_chart_latex(self: LaTeXTranslator, node: publications_chart) -> None:
    self.body.append("\n" + _chart().to_tikz(_layout_of(node), escape) + "\n")
    raise nodes.SkipNode


#: how each builder writes a publications_chart (``app.add_node`` arguments)
VISITORS = {
    "html": (_visit_chart_html, None),
    "epub": (_visit_chart_epub, None),
    "latex": (_visit_chart_latex, None),
    **skipped_in("text", "man", "texinfo"),
}


def _chart() -> Any:
    """``core/chart.py``, imported when a page first has a chart: importing it is some
    2 ms (its dataclasses), which a build of pages without charts need not spend."""
    from ..core import chart

    return chart


def _layout_of(node: publications_chart) -> Layout:
    chart = _chart()
    series = tuple(chart.Series(label, colour, tuple(counts))
                   for label, colour, counts in node["series"])
    return chart.layout(chart.ChartData(tuple(node["years"]), series))


def _table(data: ChartData, caption: str) -> nodes.table:
    """The counts as a plain table: rows are years (newest first), columns topics,
    and the distinct papers of the year."""
    header = [_("Year"), *(s.label for s in data.series), _("Total")]
    papers = data.papers or tuple(data.totals)
    rows = [
        [str(year), *(str(s.counts[i]) for s in data.series), str(papers[i])]
        for i, year in reversed(list(enumerate(data.years))) if papers[i]
    ]
    table = nodes.table(classes=["portfolio-chart-data"])
    table += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(header))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in header)

    def row(cells: list[str]) -> nodes.row:
        return nodes.row("", *(nodes.entry("", nodes.paragraph(c, c)) for c in cells))

    group += nodes.thead("", row(header))
    group += nodes.tbody("", *(row(r) for r in rows))
    return table


class PublicationsChartDirective(SphinxDirective):
    """``publications-chart``: the selected entries per year, stacked by topic."""

    has_content = False
    optional_arguments = 0
    option_spec: ClassVar[dict[str, Any]] = {
        "select": directives.unchanged,
        "caption": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        selection = read_selection(
            self.env, self.options.get("select", ""), self.get_location(), "publications-chart"
        )
        index = get_index(self.env)
        # the untagged entries' series under the translated default "Other"
        config = replace(get_config(self.env), other_label=_(get_config(self.env).other_label))
        keys = selection.select(index)
        get_domain(self.env).note_counted(self.env.docname, keys)
        data = _chart().chart_data(index, keys, config)
        caption = self.options.get("caption", _("Publications per year, by topic"))
        container = nodes.container(classes=["portfolio-chart"])
        if not data.years:
            return [container]
        chart = publications_chart(
            caption=caption,
            years=list(data.years),
            series=[[s.label, s.colour, list(s.counts)] for s in data.series],
        )
        container += chart
        # LaTeX: the year column at its natural width, the counts share the rest
        container += addnodes.tabular_col_spec(spec="l" + "R" * len(data.series) + "r")
        table = _table(data, caption)
        self.set_source_info(table)
        self.set_source_info(table[0])  # the title (see PublicationsDirective._section)
        container += table
        if data.shared:
            note = _("A paper with several topics counts in each of them; "
                     "the Total column counts it once.")
            container += nodes.paragraph(note, note, classes=["portfolio-chart-note"])
        get_domain(self.env).charts[self.env.docname] = True
        return [container]


def use_tikz(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated: the LaTeX preamble loads TikZ only when some page draws a chart."""
    if get_domain(env).charts and not has_latex_package(app, "tikz"):
        app.add_latex_package("tikz")
