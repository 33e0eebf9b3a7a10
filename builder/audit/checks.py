"""The audit's own checks, the ones axe-core cannot do: what each rule means and where its code is.

The code runs in the page: the files of ``js/``, joined in ``JS_FILES`` order into one script
(``CHECKS_JS``) that defines ``window.__portalAudit``.  This module holds each rule's impact,
WCAG success criterion and help text, so that a problem found there is reported the same way
as one found by axe-core.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

JS_DIR = Path(__file__).parent / "js"
JS_FILES = ("describe.js", "axe.js", "layout.js", "keyboard.js", "interaction.js", "content.js",
            "broken_words.js", "entry.js")
CHECKS_JS = "(() => {\nif (window.__portalAudit) return;\n" + "\n".join(
    (JS_DIR / name).read_text(encoding="utf-8") for name in JS_FILES) + "\n})();\n"

_WCAG_QUICKREF = "https://www.w3.org/WAI/WCAG22/Understanding/"


@dataclass(frozen=True)
class CustomRule:
    """One check of ``checks.js``: reported like an axe-core rule."""

    id: str
    impact: str
    wcag: str           # success criterion, e.g. "1.4.10"; "" for the audit's own errors
    help: str
    understanding: str  # page name under WCAG 2.2's "Understanding" documents
    level: str = "violation"  # or "warning": shown in the reports, never fails the build

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
        CustomRule("text-resize", "serious", "1.4.4",
                   "Text must not be cut off or overlap when it is resized to 200%", "resize-text.html"),
        CustomRule("click-not-keyboard", "serious", "2.1.1",
                   "Anything that reacts to a click must also work from the keyboard", "keyboard.html"),
        CustomRule("button-space", "serious", "2.1.1",
                   "An element with role=\"button\" must work with the Space key as well as Enter", "keyboard.html"),
        CustomRule("select-navigates", "serious", "3.2.2",
                   "Choosing an option in a list must not load another page by itself", "on-input.html"),
        CustomRule("text-direction", "serious", "1.3.2",
                   "Right-to-left text needs dir=\"rtl\", and left-to-right text must not have it",
                   "meaningful-sequence.html"),
        CustomRule("table-structure", "serious", "1.3.1",
                   "Table rows must line up in columns, and header cells must not hold tables",
                   "info-and-relationships.html"),
        CustomRule("image-alt-title", "serious", "1.1.1",
                   "An image with a title that describes it must not have an empty alt", "non-text-content.html"),
        CustomRule("image-alt-filename", "serious", "1.1.1",
                   "An image's alt text must say what it shows, not its file name", "non-text-content.html"),
        CustomRule("animated-image", "serious", "2.2.2",
                   "An image that moves for more than 5 seconds needs a way to pause or stop it",
                   "pause-stop-hide.html"),
        CustomRule("link-distinguishable", "serious", "1.4.1",
                   "Links in text must be told apart by more than colour", "use-of-color.html"),
        CustomRule("group-fieldset", "serious", "1.3.1",
                   "Radios and checkboxes answering one question must be in a fieldset with a legend",
                   "info-and-relationships.html"),
        CustomRule("label-duplicate", "moderate", "2.4.6",
                   "Two fields of one form must not have the same label", "headings-and-labels.html"),
        CustomRule("placeholder-label", "serious", "3.3.2",
                   "A field needs a label; a placeholder is not one", "labels-or-instructions.html"),
        CustomRule("meta-refresh", "serious", "2.2.1",
                   "A page must not reload or redirect by itself after a delay", "timing-adjustable.html"),
        CustomRule("page-redirect", "minor", "",
                   "This page only redirects to another; the audit checked the page as it is", "",
                   level="warning"),
        CustomRule("audit-error", "critical", "",
                   "The page could not be audited (it crashed, hung or broke the audit script)", ""),
    )
}


# The checks the audit runs on every page (the rest of CUSTOM_RULES report how a page went).
OWN_CHECKS = tuple(rule for rule in CUSTOM_RULES if rule not in ("audit-error", "page-redirect"))
