"""The static-site builder: content model, Pelican settings and plugin, checks, search index.

``build.py`` is only the command line; ``builder.build.build_site`` does the work.
"""
