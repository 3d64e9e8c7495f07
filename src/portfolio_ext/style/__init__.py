"""Plug-ins for pybtex and sphinxcontrib-bibtex.

- ``formatting.py``: the ``portfolio`` pybtex formatting style (entry point
  ``pybtex.style.formatting``);
- ``referencing.py``: the ``portfolio`` citation style (entry point
  ``sphinxcontrib.bibtex.style.referencing``);
- ``richtext.py`` and ``nodes.py``: the rich-text elements the style uses and the
  docutils nodes they render to.
"""
