"""The package's layers: the import contracts of pyproject.toml, and a core that really
loads no Sphinx."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import portfolio_ext.core

ROOT = Path(__file__).parent.parent


def test_import_contracts_are_kept():
    """import-linter's contracts: layers, a Sphinx-free core, no import circles."""
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_core_modules_load_neither_sphinx_nor_docutils():
    """Importing every core module, and the check command, loads no Sphinx, docutils or
    sphinxcontrib-bibtex (a run-time check: the contracts see only static imports)."""
    modules = [f"portfolio_ext.core.{m.name}" for m in pkgutil.iter_modules(portfolio_ext.core.__path__)]
    assert len(modules) >= 10
    code = (
        "import sys\n"
        f"for name in {[*modules, 'portfolio_ext.cli']!r}: __import__(name)\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sphinx', 'docutils', 'sphinxcontrib', 'pybtex_docutils', 'myst_parser'})\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
