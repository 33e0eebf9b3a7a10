"""What the audit tells people: the terminal summary, report.json, junit.xml and report.html.

The HTML report is meant to be read by the same people the site is for, so it is plain,
semantic HTML with a skip link, headings, captioned tables and high-contrast colours, and it
passes the audit itself (tests/test_build_audit.py checks that).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TextIO

from .checks import CUSTOM_RULES
from .model import IMPACTS, VIEWPORTS, AuditResult, Finding, impact_rank

REPORT_DIR = "_audit"


def _grouped(findings: list[Finding]) -> dict[tuple, list[Finding]]:
    """The same problem at several viewports, as one group (same page, rule, element)."""
    groups: dict[tuple, list[Finding]] = defaultdict(list)
    for f in findings:
        groups[(f.url, f.level, f.rule, f.selector)].append(f)
    return groups


_VIEW_ORDER = {v.name: i for i, v in enumerate(VIEWPORTS)}


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.url, -impact_rank(f.impact), f.rule, f.selector,
                                           _VIEW_ORDER.get(f.viewport, 99)))


def _wcag(f: Finding) -> str:
    if f.wcag:
        return "WCAG " + ", ".join(f.wcag)
    return "best practice" if f.level == "warning" else "no WCAG criterion"


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _count_by_impact(findings: list[Finding]) -> str:
    counts = defaultdict(int)
    for f in findings:
        counts[f.impact] += 1
    return ", ".join(f"{counts[i]} {i}" for i in reversed(IMPACTS) if counts[i])


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# ---------- terminal ----------

def write_terminal(result: AuditResult, out: TextIO) -> None:
    """A readable summary: every violation, grouped by page, and warnings counted by rule."""
    pages = len(result.pages)
    views = ", ".join(str(v) for v in VIEWPORTS)
    print(f"Accessibility audit of {_display(result.site_dir)}: {pages} pages at {len(VIEWPORTS)} "
          f"viewports ({views})", file=out)
    print(f"  {result.browser or 'browser not started'}; {result.checks or 'cached'} checks a page; "
          f"{result.audited} audited, {result.cached} from cache, {result.seconds:.1f} s", file=out)
    violations = _sorted(result.violations)
    by_page: dict[str, list[Finding]] = defaultdict(list)
    for f in violations:
        by_page[f.url].append(f)
    for url, found in by_page.items():
        print("", file=out)
        print(f"{url}  ({found[0].file})", file=out)
        for group in _grouped(found).values():
            f = group[0]
            where = ", ".join(g.viewport for g in group)
            mark = "FAIL" if f.fails else "note"
            print(f"  {mark} {f.impact:<8} {f.rule}  {_wcag(f)}  [{where}]", file=out)
            print(f"       {f.help}", file=out)
            print(f"       element: {_short(f.selector, 90)}", file=out)
            print(f"       html:    {_short(f.html, 90)}", file=out)
            if f.rule in CUSTOM_RULES and f.message:
                print(f"       details: {_short(f.message, 160)}", file=out)
            if f.source:
                print(f"       source:  {f.source}", file=out)
            elif f.template:
                print(f"       template: {f.template}", file=out)
    warnings = result.warnings
    if warnings:
        print("", file=out)
        print("Warnings (best practice; they do not fail the build):", file=out)
        rules: dict[str, set[str]] = defaultdict(set)
        counts: dict[str, int] = defaultdict(int)
        helps: dict[str, str] = {}
        for f in warnings:
            rules[f.rule].add(f.url)
            counts[f.rule] += 1
            helps[f.rule] = f.help
        for rule in sorted(rules, key=lambda r: -counts[r]):
            print(f"  {rule}: {counts[rule]} on {len(rules[rule])} page(s): {helps[rule]}", file=out)
    print("", file=out)
    failing = result.failing
    if failing:
        print(f"FAILED: {len(failing)} violation(s) at impact {result.fail_on} or above on "
              f"{len({f.url for f in failing})} page(s) ({_count_by_impact(failing)})", file=out)
    else:
        below = len(result.violations)
        extra = f"; {below} violation(s) below --fail-on {result.fail_on}" if below else ""
        print(f"PASSED: no violations at impact {result.fail_on} or above{extra}", file=out)
    if warnings:
        print(f"{len(warnings)} warning(s)", file=out)
    if result.reports:
        print("Reports: " + ", ".join(_display(p) for p in result.reports.values()), file=out)


# ---------- report.json ----------

def to_json(result: AuditResult, *, axe_version: str, audit_version: str) -> dict:
    return {
        "tool": {"name": "portal accessibility audit", "version": audit_version, "axe_core": axe_version,
                 "browser": result.browser},
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "site": str(result.site_dir),
        "fail_on": result.fail_on,
        "viewports": [{"name": v.name, "width": v.width, "height": v.height} for v in VIEWPORTS],
        "summary": {
            "pages": len(result.pages),
            "audits": len(result.pages) * len(VIEWPORTS),
            "audited": result.audited,
            "checks": result.checks,
            "cached": result.cached,
            "seconds": round(result.seconds, 2),
            "violations": len(result.violations),
            "failing": len(result.failing),
            "warnings": len(result.warnings),
            "passed": not result.failing,
        },
        "pages": [{"url": p.url, "file": p.file, "template": p.template} for p in result.pages],
        "violations": [f.to_json() for f in _sorted(result.violations)],
        "warnings": [f.to_json() for f in _sorted(result.warnings)],
    }


# ---------- junit.xml ----------

def _finding_text(f: Finding) -> str:
    lines = [f"{f.rule} ({f.impact}, {_wcag(f)}): {f.help}", f"  element: {f.selector}", f"  html: {f.html}"]
    if f.message:
        lines.append(f"  {' '.join(f.message.split())}")
    if f.source:
        lines.append(f"  source: {f.source}")
    elif f.template:
        lines.append(f"  template: {f.template}")
    lines.append(f"  help: {f.help_url}")
    return "\n".join(lines)


def to_junit(result: AuditResult) -> ET.ElementTree:
    """One test suite per viewport, one test case per page."""
    by_case: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_case[(f.viewport, f.url)].append(f)
    root = ET.Element("testsuites", name="accessibility")
    total = failures = 0
    for viewport in VIEWPORTS:
        suite = ET.SubElement(root, "testsuite", name=f"accessibility.{viewport.name}")
        suite_failures = 0
        for page in sorted(result.pages, key=lambda p: p.url):
            found = by_case.get((viewport.name, page.url), [])
            case = ET.SubElement(suite, "testcase", classname=f"accessibility.{viewport.name}",
                                 name=page.url, file=page.file)
            failing = [f for f in found if f.fails]
            if failing:
                suite_failures += 1
                rules = ", ".join(sorted({f.rule for f in failing}))
                failure = ET.SubElement(case, "failure", type="accessibility",
                                        message=f"{len(failing)} violation(s): {rules}")
                failure.text = "\n\n".join(_finding_text(f) for f in _sorted(failing))
            others = [f for f in found if not f.fails]
            if others:
                out = ET.SubElement(case, "system-out")
                out.text = "\n\n".join(f"[{f.level}] " + _finding_text(f) for f in _sorted(others))
        suite.set("tests", str(len(result.pages)))
        suite.set("failures", str(suite_failures))
        suite.set("errors", "0")
        total += len(result.pages)
        failures += suite_failures
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("time", f"{result.seconds:.2f}")
    ET.indent(root)
    return ET.ElementTree(root)


# ---------- report.html ----------

_CSS = """
body { font-family: system-ui, sans-serif; font-size: 1.0625rem; line-height: 1.5; color: #0b0c0c;
  background: #fff; margin: 0; overflow-wrap: break-word; }
.wrap { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
a { color: #1d4f91; }
a:focus-visible { outline: 3px solid #0b0c0c; outline-offset: 2px; background: #ffdd00; color: #0b0c0c; }
main:focus { outline: none; }
.skip { position: absolute; left: -9999px; top: 0; padding: .5rem 1rem; background: #ffdd00; color: #0b0c0c; }
.skip:focus, .skip:focus-visible { left: 0; }
header { border-bottom: 4px solid #0b0c0c; padding: 1rem 0; }
h1 { margin: 0 0 .5rem; font-size: 2rem; line-height: 1.2; }
h2 { margin: 2rem 0 .75rem; font-size: 1.5rem; }
h3 { margin: 1.5rem 0 .5rem; font-size: 1.25rem; }
.status { font-weight: 700; padding: .5rem .75rem; border-left: 6px solid; }
.status--fail { border-color: #b10e1e; background: #fbe9ea; }
.status--pass { border-color: #00703c; background: #e6f4ec; }
.table-scroll { overflow-x: auto; }
.table-scroll:focus-visible { outline: 3px solid #0b0c0c; outline-offset: 2px; box-shadow: 0 0 0 6px #ffdd00; }
table { border-collapse: collapse; width: 100%; font-size: 1rem; margin-bottom: 1rem; }
caption { text-align: left; font-weight: 700; padding-bottom: .25rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem .4rem 0; border-bottom: 1px solid #6f777b; }
ul.findings { list-style: none; padding: 0; margin: 0; }
ul.findings > li { border-left: 4px solid #505a5f; padding: .25rem 0 .25rem .75rem; margin-bottom: 1rem; }
dl { display: grid; grid-template-columns: 1fr; gap: 0 1rem; margin: .25rem 0 0; }
@media (min-width: 40rem) { dl { grid-template-columns: max-content 1fr; } }
dt { font-weight: 700; }
dd { margin: 0 0 .25rem; }
code { font-family: ui-monospace, monospace; font-size: .9375rem; background: #f3f2f1; white-space: pre-wrap;
  overflow-wrap: anywhere; }
dd, h3 { overflow-wrap: anywhere; }
footer { border-top: 1px solid #6f777b; margin-top: 2rem; padding: 1rem 0 2rem; font-size: 1rem; }
"""


def _finding_html(group: list[Finding]) -> str:
    f = group[0]
    where = ", ".join(escape(g.viewport) for g in group)
    rows = [
        ("Problem", f'{escape(f.help)} (<a href="{escape(f.help_url)}">about {escape(f.rule)}</a>)'
         if f.help_url else escape(f.help)),
        ("Impact", escape(f.impact) + ("" if f.fails else " (does not fail the build)")),
        ("WCAG", escape(_wcag(f).removeprefix("WCAG "))),
        ("Viewports", where),
        ("Element", f"<code>{escape(f.selector)}</code>"),
        ("HTML", f"<code>{escape(f.html)}</code>"),
    ]
    if f.message:
        rows.append(("Details", escape(" ".join(f.message.split()))))
    if f.source:
        rows.append(("Source", f"<code>{escape(f.source)}</code>"))
    if f.template:
        rows.append(("Template", escape(f.template)))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f"<li><p><strong>{escape(f.rule)}</strong> ({escape(f.level)})</p><dl>{body}</dl></li>"


def _section(title: str, slug: str, findings: list[Finding]) -> list[str]:
    parts = [f'<h2 id="{slug}">{escape(title)}</h2>']
    if not findings:
        parts.append("<p>None.</p>")
        return parts
    by_page: dict[str, list[Finding]] = defaultdict(list)
    for f in _sorted(findings):
        by_page[f.url].append(f)
    for url, found in by_page.items():
        parts.append(f"<h3>{escape(url)} <small>({escape(found[0].file)})</small></h3>")
        parts.append('<ul class="findings">')
        parts.extend(_finding_html(group) for group in _grouped(found).values())
        parts.append("</ul>")
    return parts


def to_html(result: AuditResult, *, axe_version: str) -> str:
    failing = result.failing
    status = (f"Failed: {len(failing)} violation(s) at impact {result.fail_on} or above."
              if failing else f"Passed: no violations at impact {result.fail_on} or above.")
    rules: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in result.findings:
        rules[(f.level, f.rule)].append(f)
    summary_rows = "".join(
        f"<tr><th scope=\"row\">{escape(rule)}</th>"
        f"<td>{escape(found[0].impact)}{'' if level == 'violation' else ' (warning)'}</td>"
        f"<td>{escape(_wcag(found[0]).removeprefix('WCAG '))}</td>"
        f"<td>{len({f.url for f in found})}</td><td>{len(found)}</td></tr>"
        for (level, rule), found in sorted(rules.items(), key=lambda kv: (kv[0][0] != "violation", kv[0][1]))
    )
    summary = (
        '<div class="table-scroll" role="region" aria-labelledby="summary-caption" tabindex="0">'
        '<table><caption id="summary-caption">Problems by rule</caption><thead><tr>'
        '<th scope="col">Rule</th><th scope="col">Impact</th><th scope="col">WCAG</th>'
        '<th scope="col">Pages</th><th scope="col">Found</th></tr></thead>'
        f"<tbody>{summary_rows}</tbody></table></div>" if summary_rows else "<p>No problems found.</p>"
    )
    views = ", ".join(f"{v.name} ({v.width} by {v.height} CSS pixels)" for v in VIEWPORTS)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Accessibility audit: {'failed' if failing else 'passed'}</title>",
        f"<style>{_CSS}</style></head>",
        "<body>",
        '<a class="skip" href="#main">Skip to the results</a>',
        '<header><div class="wrap"><h1>Accessibility audit</h1>',
        f"<p>{len(result.pages)} pages checked at {len(VIEWPORTS)} viewports: {escape(views)}.</p>",
        "</div></header>",
        '<div class="wrap"><main id="main" tabindex="-1">',
        f'<p class="status status--{"fail" if failing else "pass"}">{escape(status)}</p>',
        f"<p>{len(result.violations)} violation(s) and {len(result.warnings)} warning(s). "
        '<a href="#violations">Violations</a>, <a href="#warnings">warnings</a>.</p>',
        '<h2 id="summary">Summary</h2>',
        summary,
        *_section("Violations", "violations", result.violations),
        *_section("Warnings (best practice)", "warnings", result.warnings),
        "</main></div>",
        f'<footer><div class="wrap"><p>axe-core {escape(axe_version)} in {escape(result.browser or "Chromium")}; '
        f"{result.audited} page audits run, {result.cached} from cache, {result.seconds:.1f} seconds. "
        "Machine-readable results: <a href=\"report.json\">report.json</a>, "
        '<a href="junit.xml">junit.xml</a>; by WCAG 2.2 success criterion: '
        '<a href="conformance.json">conformance.json</a>.</p></div></footer>',
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def write_reports(result: AuditResult, *, axe_version: str, audit_version: str) -> dict[str, Path]:
    """Write report.json, junit.xml and report.html into ``<site>/_audit/``."""
    folder = result.site_dir / REPORT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"json": folder / "report.json", "junit": folder / "junit.xml", "html": folder / "report.html"}
    data = to_json(result, axe_version=axe_version, audit_version=audit_version)
    paths["json"].write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    to_junit(result).write(paths["junit"], encoding="utf-8", xml_declaration=True)
    paths["html"].write_text(to_html(result, axe_version=axe_version), encoding="utf-8")
    return paths
