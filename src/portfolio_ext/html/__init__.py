"""Features of the HTML builders only: paper pages and export files, the filter form,
search-engine metadata and the sitemap, static assets, and a fix-up of furo's wrappers.
Other builders skip their nodes (``sphinx_ext/nodes.py``: ``skipped_in``).
"""
