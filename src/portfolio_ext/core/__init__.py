"""The extension's core: BibTeX logic with no Sphinx and no docutils.

Owner names and ``author+an`` annotations, the bib index and its checks, the settings
and their validation, selection and grouping of entries, link rules, exports (clean
BibTeX, CSL-JSON), paper metadata and the chart's layout. ``portfolio-ext check``
runs on this layer alone; an import contract (``[tool.importlinter]`` in
``pyproject.toml``) keeps Sphinx and docutils out of it.
"""
