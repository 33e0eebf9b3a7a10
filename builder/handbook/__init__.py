"""The contact-centre handbook: the public service information plus staff-only notes, built with
mkdocs-material into its own folder and served by the backend at /staff/handbook/ behind the
staff sign-in.

``staffnotes`` reads and checks ``services/<slug>.staff.md``; ``model`` reads everything else the
handbook shows; ``pages`` and ``formpages`` write its Markdown; ``mkdocsconfig`` writes mkdocs.yml;
``runner`` runs mkdocs in its own environment; ``build`` puts it together.
"""
