"""In-browser accessibility audit of the built site (WCAG 2.2 AA).

Every page of the built site is opened in headless Chromium at two viewports (320×640 and
1280×800) and checked with axe-core plus the audit's own checks for reflow, text spacing and
keyboard use.  Problems are printed, and written to ``<site>/_audit/`` as report.json,
junit.xml and report.html.  ``build.py --audit`` and ``build.py audit --site DIR`` call
``run_audit``.

Modules, one job each: ``browser`` finds Chromium; ``server`` serves the site on loopback;
``session`` drives the browser; ``checks.js``/``checks`` are the custom checks; ``axe`` is
axe-core; ``cache`` skips unchanged pages; ``sources`` maps problems to Markdown lines;
``report`` writes the reports; ``runner`` ties them together.
"""

from .browser import INSTALL_HINT, BrowserNotFound, find_chromium
from .model import IMPACTS, VIEWPORTS, AuditResult, Finding, Viewport
from .runner import AUDIT_VERSION, Auditor, run_audit

__all__ = [
    "AUDIT_VERSION",
    "IMPACTS",
    "INSTALL_HINT",
    "VIEWPORTS",
    "AuditResult",
    "Auditor",
    "BrowserNotFound",
    "Finding",
    "Viewport",
    "find_chromium",
    "run_audit",
]
