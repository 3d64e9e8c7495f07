"""Sphinx glue for every builder: settings, warnings, the domain that holds the
per-document state, the bib files, the formatting cache, the ``publications`` and
``publications-chart`` directives, the ``pubcount`` role, citations and incremental
builds. ``portfolio_ext.setup`` registers what each module offers, in one place.
"""
