"""The audit from start to end: find the pages, skip the cached ones, audit the rest in the
browser (a few workers in parallel), turn raw results into findings, write the reports."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote, unquote

from . import axe, conformance, session
from .browser import find_chromium
from .cache import AuditCache, sha256_text, theme_hash
from .checks import CHECKS_JS, CUSTOM_RULES, OWN_CHECKS
from .model import IMPACTS, VIEWPORTS, AuditResult, Finding, Page, Viewport, impact_rank
from .motion import LIMIT_SECONDS, play_seconds
from .refresh import find_refresh, without_refresh
from .report import REPORT_DIR, write_reports, write_terminal
from .server import serve
from .session import BrowserSession
from .sources import SourceMap

# Bump the first part when the meaning of results changes in Python; changes to checks.js or
# to the axe options change the rest by themselves.  Part of every cache key.
AUDIT_VERSION = "2." + hashlib.sha256(
    (CHECKS_JS + json.dumps(axe.RUN_OPTIONS, sort_keys=True)).encode()
).hexdigest()[:10]

_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_TEMPLATE = re.compile(r"""name\s*=\s*["']?generator-template["'\s>]""", re.IGNORECASE)
_CONTENT = re.compile(r"""content\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_DATA_SCRIPT = re.compile(r"""type\s*=\s*["']?(application/(ld\+)?json|text/template|importmap)""", re.IGNORECASE)
PROGRESS_EVERY = 20.0  # seconds between progress lines on long runs


def default_workers() -> int:
    """Parallel browser tabs: one per core, at least two."""
    return max(2, min(4, os.cpu_count() or 2))


def default_cache_dir() -> Path:
    return Path.cwd() / ".cache" / "audit"


def page_template(html: str) -> str | None:
    """The theme's template name from <meta name="generator-template" content="...">, if any."""
    for tag in _META_TAG.findall(html[:20000]):
        if _TEMPLATE.search(tag):
            match = _CONTENT.search(tag)
            if match:
                return next(g for g in match.groups() if g is not None) or None
    return None


def has_script(html: str) -> bool:
    return any(not _DATA_SCRIPT.search(attrs) for attrs in _SCRIPT.findall(html))


def url_for(relative: str) -> str:
    """URL path of an HTML file in the site: a/index.html -> /a/, 404.html -> /404.html."""
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def discover(site_dir: Path) -> list[Page]:
    """Every *.html of the site except the audit's own reports, sorted by URL."""
    pages = []
    for path in site_dir.rglob("*.html"):
        relative = path.relative_to(site_dir).as_posix()
        if relative.split("/")[0] == REPORT_DIR or not path.is_file():
            continue
        html = path.read_text(encoding="utf-8", errors="replace")
        pages.append(Page(url=url_for(relative), file=relative, html=html, sha256=sha256_text(html),
                          template=page_template(html), has_script=has_script(html)))
    return sorted(pages, key=lambda p: p.url)


def _animated(raw: dict[str, Any], site_dir: Path | None) -> list[dict[str, Any]]:
    """Nodes of images that move for more than 5 s with no pause or stop control beside them."""
    nodes = []
    for image in raw.get("images", []):
        if image.get("stoppable") or site_dir is None:
            continue
        relative = unquote(image["src"]).lstrip("/")
        seconds = play_seconds(site_dir / relative) if relative and ".." not in relative.split("/") else 0.0
        if seconds > LIMIT_SECONDS:
            length = "for ever (it loops)" if seconds == float("inf") else f"for {seconds:.1f} seconds"
            nodes.append({**image["node"], "summary": f"This image moves {length} and nothing on the page pauses "
                          "or stops it, which distracts people who need to concentrate on the page."})
    return nodes


def to_findings(page: Page, viewport: Viewport, raw: dict[str, Any], sources: SourceMap,
                fail_on: str, site_dir: Path | None = None) -> list[Finding]:
    """Turn what the browser returned for one page and viewport into findings."""
    threshold = impact_rank(fail_on)
    findings = []

    def add(rule: str, level: str, impact: str, wcag: list[str], help_text: str, help_url: str,
            node: dict[str, Any]) -> None:
        findings.append(Finding(
            url=page.url, file=page.file, viewport=viewport.name, rule=rule, level=level,
            impact=impact or "minor", wcag=wcag, selector=node.get("target") or "html",
            html=node.get("html") or "", message=node.get("summary") or "", help=help_text,
            help_url=help_url, source=sources.locate(page.url, node.get("anchor")), template=page.template,
            fails=level == "violation" and impact_rank(impact) >= threshold,
        ))

    for rule in raw.get("axe", []):
        level = "violation" if axe.is_violation(rule["id"], rule.get("tags", [])) else "warning"
        for node in rule.get("nodes", []):
            add(rule["id"], level, rule.get("impact") or "minor", axe.criteria(rule["id"], rule.get("tags", [])),
                rule.get("help", ""), rule.get("helpUrl", ""), node)
    for rule in raw.get("incomplete", []):
        level = axe.review_level(rule["id"])
        for node in rule.get("nodes", []) if level else []:
            add(rule["id"], level, rule.get("impact") or "minor", axe.criteria(rule["id"], rule.get("tags", [])),
                rule.get("help", "") + " (axe: needs review)", rule.get("helpUrl", ""), node)
    custom = list(raw.get("custom", []))
    animated = _animated(raw, site_dir)
    if animated:
        custom.append({"id": "animated-image", "nodes": animated})
    refresh = find_refresh(page.html)
    if refresh:
        custom.append({"id": "meta-refresh" if refresh.fails else "page-redirect", "nodes": [
            {"target": 'meta[http-equiv="refresh"]', "html": refresh.tag, "summary": refresh.summary(),
             "anchor": None}]})
    for rule in custom:
        meta = CUSTOM_RULES[rule["id"]]
        for node in rule.get("nodes", []):
            add(meta.id, meta.level, meta.impact, [meta.wcag] if meta.wcag else [], meta.help, meta.help_url, node)
    if raw.get("error"):
        meta = CUSTOM_RULES["audit-error"]
        add(meta.id, "violation", meta.impact, [], meta.help, "",
            {"target": "html", "summary": raw["error"], "anchor": None})
    return findings


class Auditor:
    """Audits sites in one Chromium, started on first need and kept until ``close()``.

    ``run_audit`` makes one for a single audit; tests and benchmarks keep one for several."""

    def __init__(self, executable: str | None = None, *, workers: int | None = None) -> None:
        self.executable = executable or find_chromium()
        self.workers = workers or default_workers()
        self._loop = asyncio.new_event_loop()
        self._session: BrowserSession | None = None

    def __enter__(self) -> Auditor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._session:
            self._loop.run_until_complete(self._session.close())
            self._session = None
        self._loop.close()

    def audit(self, site_dir: Path, *, fail_on: str = "minor", cache_dir: Path | None = None,
              use_cache: bool = True, out: TextIO | None = None) -> AuditResult:
        """Audit every page of ``site_dir`` at every viewport, write the reports, return the result."""
        if fail_on not in IMPACTS:
            raise ValueError(f"fail_on must be one of {', '.join(IMPACTS)}, not {fail_on!r}")
        started = time.perf_counter()
        site_dir = Path(site_dir)
        pages = discover(site_dir)
        cache = AuditCache(cache_dir or default_cache_dir(), theme=theme_hash(site_dir),
                           axe_version=axe.axe_version(), audit_version=AUDIT_VERSION) if use_cache else None
        raws: dict[tuple[str, str], dict[str, Any]] = {}
        jobs: list[tuple[Page, Viewport]] = []
        for page in pages:
            for viewport in VIEWPORTS:
                hit = cache.get(page, viewport) if cache else None
                if hit is not None:
                    raws[(page.url, viewport.name)] = hit
                else:
                    jobs.append((page, viewport))
        result = AuditResult(site_dir=site_dir, fail_on=fail_on, pages=pages, findings=[],
                             cached=len(raws), audited=len(jobs))
        if jobs:
            with serve(site_dir) as base_url:
                self._loop.run_until_complete(self._run(base_url, jobs, raws, cache, out, started))
        if self._session:
            result.browser = self._session.version
        if cache:
            cache.prune()
        result.checks = max((raw.get("axe_rules", 0) for raw in raws.values()), default=0) + len(OWN_CHECKS)
        sources = SourceMap(site_dir)
        for page in pages:
            for viewport in VIEWPORTS:
                result.findings.extend(to_findings(page, viewport, raws[(page.url, viewport.name)], sources, fail_on,
                                                   site_dir))
        result.seconds = time.perf_counter() - started
        result.reports = write_reports(result, axe_version=axe.axe_version(), audit_version=AUDIT_VERSION)
        result.reports.update(conformance.write(result, site_dir / REPORT_DIR, axe_source=axe.axe_source(),
                                                axe_version=axe.axe_version()))
        if out is not None:
            write_terminal(result, out)
        return result

    async def _run(self, base_url: str, jobs: list[tuple[Page, Viewport]], raws: dict, cache: AuditCache | None,
                   out: TextIO | None, started: float) -> None:
        if self._session is None:
            session = BrowserSession(self.executable)
            await session.start()
            self._session = session
        queue: asyncio.Queue[tuple[Page, Viewport]] = asyncio.Queue()
        for job in jobs:
            queue.put_nowait(job)
        progress = {"done": 0, "last": time.perf_counter()}

        async def worker() -> None:
            tabs = {}
            try:
                while not queue.empty():
                    page, viewport = queue.get_nowait()
                    try:
                        if viewport.name not in tabs:
                            tabs[viewport.name] = await self._session.new_tab(viewport)
                        refresh = find_refresh(page.html)
                        html = without_refresh(page.html, refresh) if refresh else page.html
                        raw = await tabs[viewport.name].audit(base_url + quote(page.url), html, page.has_script,
                                                              changed=refresh is not None)
                        if cache:
                            cache.put(page, viewport, raw)
                    except Exception as error:  # noqa: BLE001 - reported as a finding, never cached
                        raw = {"error": _describe(error)}
                        if viewport.name in tabs:
                            await tabs.pop(viewport.name).close()  # a fresh one for the next page
                    raws[(page.url, viewport.name)] = raw
                    progress["done"] += 1
                    now = time.perf_counter()
                    if out is not None and now - progress["last"] >= PROGRESS_EVERY:
                        progress["last"] = now
                        print(f"  audited {progress['done']}/{len(jobs)} in {now - started:.0f} s", file=out,
                              flush=True)
            finally:
                for tab in tabs.values():
                    await tab.close()

        await asyncio.gather(*(worker() for _ in range(min(self.workers, len(jobs)))))


def _describe(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return f"The page was not loaded and checked within {session.PAGE_TIMEOUT:.0f} s (a script that never ends?)"
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else 'no message'}"


def run_audit(site_dir: Path, *, fail_on: str = "minor", cache_dir: Path | None = None,
              out: TextIO = sys.stdout) -> int:
    """Audit a built site; print a summary to ``out``; write ``<site>/_audit/`` reports.

    Returns 0 when no violation at ``fail_on`` impact or above was found, else 1.
    Raises BrowserNotFound when there is no Chromium, ValueError for a bad ``fail_on``."""
    if fail_on not in IMPACTS:
        raise ValueError(f"fail_on must be one of {', '.join(IMPACTS)}, not {fail_on!r}")
    with Auditor() as auditor:
        result = auditor.audit(Path(site_dir), fail_on=fail_on, cache_dir=cache_dir, out=out)
    return result.exit_code
