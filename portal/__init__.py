"""What the static-site builder and the Flask backend share.

Nothing in this package imports Pelican or Flask: it reads the council's settings
(`content/site.yaml`) and reports problems in editors' files as `file:line: message`.
"""
