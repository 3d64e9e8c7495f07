"""The extension's message catalog, and a site built in Simplified Chinese
(tests/roots/test-l10n)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from util import html, scripted, text_of, warnings

import portfolio_ext
from portfolio_ext.core.links import RESOURCE_FIELDS
from portfolio_ext.core.settings import DEFAULT_ROLE_LABELS, DEFAULT_TYPE_LABELS, PortfolioConfig
from portfolio_ext.sphinx_ext.locale import CORE_DEFAULTS, LOCALE_DIR

PACKAGE = Path(portfolio_ext.__file__).parent
LANGUAGES = ["zh_CN"]


def _read(path: Path, reader=read_po):
    with path.open("rb") as f:
        return reader(f)


def extracted() -> set[str]:
    """Every message of the code and the templates, as ``pybabel extract -F
    locale/babel.cfg -k N_ -k __`` finds them."""
    try:
        from babel.messages.frontend import parse_mapping_cfg as parse
    except ImportError:  # babel < 2.14
        from babel.messages.frontend import parse_mapping as parse
    with (LOCALE_DIR / "babel.cfg").open() as f:
        method_map, options_map = parse(f)
    keywords = {**DEFAULT_KEYWORDS, "N_": None, "__": None}
    return {message for _file, _line, message, _comments, _context
            in extract_from_dir(PACKAGE, method_map, options_map, keywords)}


def test_the_template_has_every_message_of_the_code():
    pot = {m.id for m in _read(LOCALE_DIR / "portfolio.pot") if m.id}
    assert pot == extracted(), "run pybabel extract (docs/extension.md, Translations)"


def test_the_core_defaults_are_marked():
    config = PortfolioConfig()
    defaults = {*DEFAULT_ROLE_LABELS.values(), *DEFAULT_TYPE_LABELS.values(), config.other_label}
    assert defaults <= set(CORE_DEFAULTS)
    # the texts of core/metadata.py that readers see (the links of a paper page)
    # and the labels of an entry's links (core/links.py, style/formatting.py)
    links = {"Web", *(label for _field, label in RESOURCE_FIELDS)}
    assert set(CORE_DEFAULTS) - defaults == {"Publisher's page", "Preprint", *links}
    metadata = (PACKAGE / "core" / "metadata.py").read_text(encoding="utf-8")
    assert "\"Publisher's page\"" in metadata and '"Preprint"' in metadata


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_is_complete_and_compiled(language):
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    pot = {m.id for m in _read(LOCALE_DIR / "portfolio.pot") if m.id}
    po = {m.id: m.string for m in _read(folder / "portfolio.po") if m.id}
    assert set(po) == pot, "run pybabel update (docs/extension.md, Translations)"
    assert all(po.values()), [m for m, s in po.items() if not s]
    mo = {m.id: m.string for m in _read(folder / "portfolio.mo", read_mo) if m.id}
    assert mo == po, "run pybabel compile (docs/extension.md, Translations)"


@pytest.fixture(scope="module")
def site(build_root):
    return build_root("l10n", "html")


@pytest.fixture(scope="module")
def latex(build_root):
    app = build_root("l10n", "latex")
    return (Path(app.outdir) / "l10n.tex").read_text(encoding="utf-8")


#: the bib file leaves out a year and a topic, for "No year" and "Other"
EXPECTED = ["[portfolio.topic]", "[portfolio.missing_field]"]


def test_labels_come_out_in_chinese_in_html(site):
    assert [w[w.rindex("["):] for w in warnings(site)] == EXPECTED
    page = html(site)
    legend = page.select_one("p.portfolio-legend").get_text()
    # a default label translated, the site's own labels as written
    assert legend == "* 通讯作者; # co-first author; 斜体姓名: student supervised"
    headings = [text_of(h).removesuffix(" ¶") for h in page.select("section.portfolio-group > h2, "
                                                "section.portfolio-group > h3")]
    assert {"其他 (1)", "期刊论文 (1)", "会议论文 (1)", "预印本及其他 (1)",
            "年份不详 (1)"} <= set(headings)
    assert "(作者按字母顺序排列)" in text_of(page.select_one("span.portfolio-alphabetical"))
    chart = page.select_one("div.portfolio-chart")
    assert text_of(chart.select_one("table caption")).startswith("历年论文数（按主题）")
    assert [text_of(th) for th in chart.select("thead th")] == ["年份", "Theory", "其他", "合计"]
    form = page.select_one("form.portfolio-filter")
    assert form["aria-label"] == "筛选论文"
    assert [text_of(o) for o in form.select("select[name=role] option")] == [
        "任意角色", "第一作者", "通讯作者", "同等贡献"]
    assert text_of(form.select_one(".portfolio-filter-count")) == "共 3 篇论文"
    # what portfolio.js writes, in the language of the page
    assert form["data-count-match"] == "%(total)s 篇论文中有 %(shown)s 篇符合条件"
    toggle = scripted(page).select_one("details.portfolio-bibtex-toggle")
    assert text_of(toggle.select_one("button.portfolio-copy")) == "复制 BibTeX"
    assert toggle.select_one("button.portfolio-copy")["data-copied"] == "已复制。"


def test_the_paper_page_comes_out_in_chinese(site):
    page = html(site, "papers/doe2018first")
    facts = [text_of(dt) for dt in page.select("dl.portfolio-paper-facts dt")]
    assert facts == ["类型", "主题"]  # the citation shows the venue, year and links
    assert text_of(page.select("dl.portfolio-paper-facts dd")[0]) == "期刊论文"
    assert text_of(page.select_one("h2#cite")) == "引用"
    assert "在论文列表中查看" in text_of(page.select_one("section.portfolio-paper"))


def test_labels_come_out_in_chinese_in_latex(latex):
    assert "通讯作者" in latex
    assert "(作者按字母顺序排列)" in latex
    assert r"\section{其他 (1)}" in latex
    assert r"\subsection{年份不详 (1)}" in latex
    assert "co\\sphinxhyphen{}first author" in latex


@pytest.mark.browser
def test_the_script_writes_in_the_language_of_the_page(site, browser):
    from browser_tools import serve
    from playwright.sync_api import expect

    with serve(Path(site.outdir)) as base:
        context = browser.new_context()
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.goto(f"{base}index.html")
        count = page.locator(".portfolio-filter-count")
        assert count.inner_text() == "共 3 篇论文"
        page.get_by_label("搜索论文").fill("third")
        assert count.inner_text() == "3 篇论文中有 1 篇符合条件"
        page.goto(f"{base}papers/doe2018first.html")
        page.get_by_role("button", name="复制 BibTeX").click()
        expect(page.get_by_role("status")).to_have_text("已复制。")
        context.close()
