"""Sphinx glue for every builder: settings, warnings, the domain that holds the
per-document state, the bib files, the formatting cache, the ``publications`` and
``publications-chart`` directives, the ``pubcount`` role, citations and incremental
builds. Each module has a ``setup_<part>(app)``, called from ``portfolio_ext.setup``.
"""
