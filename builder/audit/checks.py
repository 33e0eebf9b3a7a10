"""The audit's own checks, the ones axe-core cannot do: what each rule means and where its code is.

The code runs in the page (``checks.js``); this module holds each rule's impact, WCAG
success criterion and help text, so that a problem found by ``checks.js`` is reported the
same way as one found by axe-core.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# broken_words.js defines one check that checks.js calls; it is kept apart to be read on its own.
CHECKS_JS = "\n".join((Path(__file__).parent / name).read_text(encoding="utf-8")
                      for name in ("broken_words.js", "checks.js"))

_WCAG_QUICKREF = "https://www.w3.org/WAI/WCAG22/Understanding/"


@dataclass(frozen=True)
class CustomRule:
    """One check of ``checks.js``: reported like an axe-core rule."""

    id: str
    impact: str
    wcag: str           # success criterion, e.g. "1.4.10"; "" for the audit's own errors
    help: str
    understanding: str  # page name under WCAG 2.2's "Understanding" documents

    @property
    def help_url(self) -> str:
        return _WCAG_QUICKREF + self.understanding if self.understanding else ""


CUSTOM_RULES: dict[str, CustomRule] = {
    rule.id: rule
    for rule in (
        CustomRule("reflow", "serious", "1.4.10",
                   "Content must fit 320 CSS px without scrolling sideways", "reflow.html"),
        CustomRule("broken-words", "serious", "1.4.10",
                   "Phone numbers, references and words in table cells must not break mid-word at 320 px",
                   "reflow.html"),
        CustomRule("text-spacing", "serious", "1.4.12",
                   "Text must not be cut off or overlap when WCAG text spacing is applied",
                   "text-spacing.html"),
        CustomRule("focus-indicator", "serious", "2.4.7",
                   "Every element that takes keyboard focus must show that it has it",
                   "focus-visible.html"),
        CustomRule("focus-obscured", "serious", "2.4.11",
                   "An element with keyboard focus must be visible", "focus-not-obscured-minimum.html"),
        CustomRule("focus-order", "moderate", "2.4.3",
                   "The tab order must follow the order the page is read in", "focus-order.html"),
        CustomRule("keyboard-reachable", "serious", "2.1.1",
                   "Every link and control must be reachable with the Tab key", "keyboard.html"),
        CustomRule("skip-link-first", "moderate", "2.4.1",
                   "The first Tab stop must be a skip link that moves focus to the main content",
                   "bypass-blocks.html"),
        CustomRule("audit-error", "critical", "",
                   "The page could not be audited (it crashed, hung or broke the audit script)", ""),
    )
}
