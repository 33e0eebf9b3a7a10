"""Checks across files, run on every build: keys that point nowhere, broken internal links,
duplicate titles and addresses, and pages past their review date.

They run after Pelican has read every file, so they see all pages even when most came from the
cache, and report each problem at the line in the file that causes it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from builder.promises import check_promises
from builder.sitemodel import GENERATED_URLS, SiteModel
from portal.errors import Problems


def check_site(model: SiteModel, *, static_urls: Iterable[str], problems: Problems,
               rejected: Iterable[Any] = ()) -> None:
    """Add every cross-file problem in ``model`` to ``problems``.

    ``rejected`` are files with errors of their own, as far as they could be read: they are
    checked too, so an editor sees all of a file's problems at once, and links to them are not
    reported as going nowhere.
    """
    forms = set(model.forms)
    site = model.site
    rejected = list(rejected)
    for page in (*model.services, *(r for r in rejected if r.kind == "service")):
        for name, value, known, where in (
                ("category", getattr(page, "topic", None), site.categories, "content/site.yaml categories"),
                ("contact", getattr(page, "contact", None), site.contacts, "content/site.yaml contacts"),
                ("form", getattr(page, "form", None), forms, "forms/")):
            if value:
                _check_key(page, name, value, known, where, problems)
    check_promises((*model.services, *model.pages), model.forms_for, problems)
    _check_titles([*model.services, *model.events, *model.pages], problems)
    for page in model.pages:
        if "/" + page.url in GENERATED_URLS:
            problems.error(page.source_file, 0, f"this page's address /{page.url} is one the "
                           "site makes itself; rename the file")
    files = set(static_urls)
    known = model.all_urls() | files | {"/" + r.url for r in rejected}
    for page in (*model.services, *model.events, *model.pages, *rejected):
        for line, target in page.local_links:
            _check_link(page.source_file, line, target, known, problems)
        for line, src in getattr(page, "local_images", None) or []:
            _check_image(page.source_file, line, src, files, problems)
    for line_key, target in [(("alert", "url"), site.alert.url if site.alert else None),
                             *[(("top_tasks", i, "url"), t.url) for i, t in enumerate(site.top_tasks)]]:
        if target:
            _check_link(site.path, site.line_of(*line_key), target, known, problems)
    for page in (*model.services, *model.pages):
        review_by = getattr(page, "review_by", None)
        if review_by and review_by < model.today:
            problems.warning(page.source_file, page.field_lines.get("review_by", 1),
                             f"review_by {review_by} has passed; check the page is still right, "
                             "then set last_reviewed to today and review_by to a later date")


def _check_key(page: Any, name: str, value: str, known: Iterable[str], where: str,
               problems: Problems) -> None:
    if value in known:
        return
    known = sorted(known)
    close = difflib.get_close_matches(value, known, n=1)
    fix = f"did you mean '{close[0]}'?" if close else (
        f"use one of: {', '.join(known)}" if known else f"add it to {where} first")
    problems.error(page.source_file, page.field_lines.get(name, 1),
                   f"{name} '{value}' is not in {where}; {fix}")


def _check_titles(pages: list[Any], problems: Problems) -> None:
    by_title: dict[str, list[Any]] = {}
    for page in sorted(pages, key=lambda p: p.source_file):
        by_title.setdefault(page.title.casefold(), []).append(page)
    # Each file is named, since the build cannot tell which of them is the newcomer.
    for same in by_title.values():
        for page in same if len(same) > 1 else []:
            others = ", ".join(other.source_file for other in same if other is not page)
            problems.error(page.source_file, page.field_lines.get("title", 1),
                           f"title '{page.title}' is also the title of {others}; "
                           "give each page its own title so residents can tell them apart")


def _check_link(path: str, line: int, target: str, known: set[str], problems: Problems) -> None:
    address = target.split("?", 1)[0].split("#", 1)[0]
    if address in known or address + "/" in known or address.rstrip("/") + "/index.html" in known:
        return
    close = difflib.get_close_matches(address, sorted(known), n=1, cutoff=0.7)
    fix = f"did you mean {close[0]}?" if close else "check the address"
    problems.error(path, line, f"link to '{target}' goes to a page that does not exist; {fix}")


def _check_image(path: str, line: int, src: str, files: set[str], problems: Problems) -> None:
    address = src.split("?", 1)[0].split("#", 1)[0]
    if address in files:
        return
    close = difflib.get_close_matches(address, sorted(files), n=1, cutoff=0.7)
    fix = f"did you mean {close[0]}?" if close else "put the file in content/images/ or check its name"
    problems.error(path, line, f"image file not found: '{src}'; {fix}")
