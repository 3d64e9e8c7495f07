"""Adding portfolio_ext to a sphinxcontrib-bibtex site changes nothing until the site uses
it (issue 15; ``nox -s compat`` runs sphinxcontrib-bibtex's own suite the same way)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from util import html, warnings

ROOT = Path(__file__).parent / "roots" / "test-dropin"


def test_loading_the_extension_adds_no_warning(build_root):
    app = build_root("dropin", "html")
    assert warnings(app) == []
    page = html(app)
    # the key prefix of a bibliography resolves as in sphinxcontrib-bibtex
    citations = page.select("span.bibtex-citation a.reference.internal")
    assert [a.get_text() for a in citations] == ["MD09", "Roe"], citations
    assert "portfolio-unknown-citation" not in str(page)


@pytest.fixture
def using_lists(tmp_path, make_app):
    """The same site once a page lists publications with the extension."""
    src = tmp_path / "dropin-lists"
    shutil.copytree(ROOT, src)
    (src / "list.md").write_text("# List\n\n```{publications}\n:group-by: none\n```\n",
                                 encoding="utf-8")
    (src / "index.md").write_text((src / "index.md").read_text(encoding="utf-8")
                                  + "\n```{toctree}\nlist\n```\n", encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    return app


def test_the_checks_start_with_the_first_list(using_lists):
    found = warnings(using_lists)
    assert any("portfolio_owner is empty" in w for w in found), found
    assert any("entry 'undated': missing year" in w and w.startswith("refs.bib:8:")
               for w in found), found
    # sphinxcontrib-bibtex's citations keep working beside the list
    assert not any("unknown key" in w for w in found), found


def test_a_second_cite_domain_is_a_message_not_a_crash(tmp_path, make_app):
    """An old natbib-style extension already owns the 'cite' domain: sphinxcontrib-bibtex
    cannot load, and portfolio_ext says so instead of Sphinx's crash report."""
    (tmp_path / "oldnatbib.py").write_text(
        "from sphinx.domains import Domain\n\n"
        "class CiteDomain(Domain):\n    name = 'cite'\n\n"
        "def setup(app):\n    app.add_domain(CiteDomain)\n"
        "    return {'parallel_read_safe': True}\n", encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n"
        "extensions = ['oldnatbib', 'portfolio_ext']\n", encoding="utf-8")
    (tmp_path / "index.rst").write_text("Title\n=====\n", encoding="utf-8")
    app = make_app("html", srcdir=tmp_path, freshenv=True)
    app.build()
    found = warnings(app)
    assert len(found) == 1, found
    assert "portfolio_ext is not loaded: it needs sphinxcontrib-bibtex, whose 'cite' domain " \
           "the extension oldnatbib has registered already" in found[0]
    sys.modules.pop("oldnatbib", None)
