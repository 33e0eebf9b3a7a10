"""The conformance summary: every WCAG 2.2 level A and AA success criterion, and what the audit
found for it (pass, fail with a count, or not testable automatically), dated, with the axe-core
version.  Written as ``_audit/conformance.json`` and ``_audit/conformance.html``, and shown on
the site's accessibility statement, so a council's statement is never out of date.

The statement shows it where its Markdown has a paragraph starting with ``PLACEHOLDER``; the
audit puts the table there (between ``<!-- wcag-conformance -->`` comments, so the next audit
replaces it).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from html import escape
from pathlib import Path

from .checks import CUSTOM_RULES
from .model import AuditResult

PLACEHOLDER = "Automated test results for each WCAG 2.2 success criterion"
_PLACED = re.compile(r"<!-- wcag-conformance -->.*?<!-- /wcag-conformance -->", re.DOTALL)
_WAITING = re.compile(r"<p>" + re.escape(PLACEHOLDER) + r"[^<]*</p>")

# (criterion, level, name): WCAG 2.2, levels A and AA (4.1.1 Parsing is obsolete and removed).
CRITERIA: tuple[tuple[str, str, str], ...] = (
    ("1.1.1", "A", "Non-text Content"), ("1.2.1", "A", "Audio-only and Video-only (Prerecorded)"),
    ("1.2.2", "A", "Captions (Prerecorded)"), ("1.2.3", "A", "Audio Description or Media Alternative (Prerecorded)"),
    ("1.2.4", "AA", "Captions (Live)"), ("1.2.5", "AA", "Audio Description (Prerecorded)"),
    ("1.3.1", "A", "Info and Relationships"), ("1.3.2", "A", "Meaningful Sequence"),
    ("1.3.3", "A", "Sensory Characteristics"), ("1.3.4", "AA", "Orientation"),
    ("1.3.5", "AA", "Identify Input Purpose"), ("1.4.1", "A", "Use of Color"), ("1.4.2", "A", "Audio Control"),
    ("1.4.3", "AA", "Contrast (Minimum)"), ("1.4.4", "AA", "Resize Text"), ("1.4.5", "AA", "Images of Text"),
    ("1.4.10", "AA", "Reflow"), ("1.4.11", "AA", "Non-text Contrast"), ("1.4.12", "AA", "Text Spacing"),
    ("1.4.13", "AA", "Content on Hover or Focus"), ("2.1.1", "A", "Keyboard"), ("2.1.2", "A", "No Keyboard Trap"),
    ("2.1.4", "A", "Character Key Shortcuts"), ("2.2.1", "A", "Timing Adjustable"),
    ("2.2.2", "A", "Pause, Stop, Hide"), ("2.3.1", "A", "Three Flashes or Below Threshold"),
    ("2.4.1", "A", "Bypass Blocks"), ("2.4.2", "A", "Page Titled"), ("2.4.3", "A", "Focus Order"),
    ("2.4.4", "A", "Link Purpose (In Context)"), ("2.4.5", "AA", "Multiple Ways"),
    ("2.4.6", "AA", "Headings and Labels"), ("2.4.7", "AA", "Focus Visible"),
    ("2.4.11", "AA", "Focus Not Obscured (Minimum)"), ("2.5.1", "A", "Pointer Gestures"),
    ("2.5.2", "A", "Pointer Cancellation"), ("2.5.3", "A", "Label in Name"), ("2.5.4", "A", "Motion Actuation"),
    ("2.5.7", "AA", "Dragging Movements"), ("2.5.8", "AA", "Target Size (Minimum)"),
    ("3.1.1", "A", "Language of Page"), ("3.1.2", "AA", "Language of Parts"), ("3.2.1", "A", "On Focus"),
    ("3.2.2", "A", "On Input"), ("3.2.3", "AA", "Consistent Navigation"),
    ("3.2.4", "AA", "Consistent Identification"), ("3.2.6", "A", "Consistent Help"),
    ("3.3.1", "A", "Error Identification"), ("3.3.2", "A", "Labels or Instructions"),
    ("3.3.3", "AA", "Error Suggestion"), ("3.3.4", "AA", "Error Prevention (Legal, Financial, Data)"),
    ("3.3.7", "A", "Redundant Entry"), ("3.3.8", "AA", "Accessible Authentication (Minimum)"),
    ("4.1.2", "A", "Name, Role, Value"), ("4.1.3", "AA", "Status Messages"),
)

_AXE_TAG = re.compile(r'"wcag(\d)(\d)(\d{1,2})"')


def tested_criteria(axe_source: str) -> set[str]:
    """Criteria at least one automated check looks at: axe-core's rules (by their tags) and ours."""
    found = {".".join(m.groups()) for m in _AXE_TAG.finditer(axe_source)}
    found |= {rule.wcag for rule in CUSTOM_RULES.values() if rule.wcag}
    return found & {sc for sc, _, _ in CRITERIA}


def summarise(result: AuditResult, *, axe_source: str, axe_version: str, today: date | None = None) -> dict:
    """One row per criterion: {"criterion", "level", "name", "result", "problems", "pages"}."""
    tested = tested_criteria(axe_source)
    problems: dict[str, int] = defaultdict(int)
    pages: dict[str, set[str]] = defaultdict(set)
    for f in result.violations:
        for sc in f.wcag:
            problems[sc] += 1
            pages[sc].add(f.url)
    rows = []
    for sc, level, name in CRITERIA:
        outcome = "fail" if problems[sc] else "pass" if sc in tested else "not testable automatically"
        rows.append({"criterion": sc, "level": level, "name": name, "result": outcome,
                     "problems": problems[sc], "pages": len(pages[sc])})
    return {"date": (today or date.today()).isoformat(), "axe_version": axe_version, "pages": len(result.pages),
            "criteria": rows}


def _result_text(row: dict) -> str:
    if row["result"] == "fail":
        return f"Fails: {row['problems']} problem(s) on {row['pages']} page(s)"
    if row["result"] == "pass":
        return "Passes the automated checks"
    return "Not testable automatically: checked by people"


def to_table(summary: dict) -> str:
    """The summary as an accessible HTML table with an introduction (used on the statement page)."""
    day = date.fromisoformat(summary["date"])
    shown = f"{day.day} {day:%B %Y}"
    rows = "".join(
        f'<tr><th scope="row">{escape(r["criterion"])} {escape(r["name"])}</th><td>{escape(r["level"])}</td>'
        f"<td>{escape(_result_text(r))}</td></tr>" for r in summary["criteria"])
    failing = sum(1 for r in summary["criteria"] if r["result"] == "fail")
    return (
        f'<p>Every page of this website ({summary["pages"]} pages) was tested on {escape(shown)} in a web '
        f"browser at two screen sizes, with axe-core {escape(summary['axe_version'])} and further automated "
        f"checks. {failing} of {len(summary['criteria'])} WCAG 2.2 A and AA success criteria failed them. "
        "Automated checks cannot test everything: the criteria they cannot test are checked by people.</p>"
        '<div class="table-scroll" role="region" aria-labelledby="wcag-results-caption" tabindex="0">'
        '<table><caption id="wcag-results-caption">Automated results by WCAG 2.2 success criterion</caption>'
        '<thead><tr><th scope="col">Success criterion</th><th scope="col">Level</th>'
        f'<th scope="col">Result</th></tr></thead><tbody>{rows}</tbody></table></div>'
    )


def write(result: AuditResult, folder: Path, *, axe_source: str, axe_version: str) -> dict[str, Path]:
    """Write conformance.json and the table into ``folder``; show it on pages that ask for it."""
    summary = summarise(result, axe_source=axe_source, axe_version=axe_version)
    paths = {"conformance": folder / "conformance.json"}
    paths["conformance"].write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    block = f"<!-- wcag-conformance -->{to_table(summary)}<!-- /wcag-conformance -->"
    for page in result.pages:
        if PLACEHOLDER not in page.html and "<!-- wcag-conformance -->" not in page.html:
            continue
        html = page.html
        html = _PLACED.sub(lambda _: block, html) if _PLACED.search(html) else _WAITING.sub(lambda _: block, html, 1)
        if html != page.html:
            (result.site_dir / page.file).write_text(html, encoding="utf-8")
    return paths
