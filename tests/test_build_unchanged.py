"""A build with nothing changed since the last one writes nothing (but the feed's time) and says the same."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, NOW, PROJECT, BuiltSite, build

from builder.build import build_site


def _stamps(output: Path) -> dict[str, int]:
    return {p.relative_to(output).as_posix(): p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}


def test_a_build_with_no_change_writes_nothing_and_reports_what_the_last_one_did(content_copy, tmp_path) -> None:
    content = content_copy()
    page = content / "services/pay-council-tax.md"
    page.write_text(page.read_text().replace("review_by: 2027-09-01", "review_by: 2026-10-01"))
    first = build(content, tmp_path)
    assert first.result.problems.warnings, "a page past review is reported as a warning"
    before = _stamps(first.output)
    again = build(content, tmp_path)
    assert again.result.pages == first.result.pages
    assert again.result.problems == first.result.problems
    after = _stamps(again.output)
    assert {name for name in after if after[name] != before[name]} == {"whats-on/events.ics"}


def test_the_feed_of_a_skipped_build_is_the_one_a_full_build_would_write(content_copy, tmp_path) -> None:
    content = content_copy()
    build(content, tmp_path / "kept")
    later = NOW + dt.timedelta(hours=3)
    skipped = build_at(content, tmp_path / "kept", later)
    full = build_at(content, tmp_path / "fresh", later)
    feed = skipped.output / "whats-on/events.ics"
    assert feed.read_bytes() == (full.output / "whats-on/events.ics").read_bytes()
    assert b"DTSTAMP:20261125T150000Z\r\n" in feed.read_bytes()


def build_at(content: Path, tmp: Path, now: dt.datetime) -> BuiltSite:
    output = tmp / "output"
    return BuiltSite(output, build_site(content, output, cache_dir=tmp / "cache", now=now,
                                        forms_dir=FIXTURES / "site-forms"))


def test_an_edit_a_removed_page_or_a_new_day_builds_again(content_copy, tmp_path) -> None:
    content = content_copy()
    site = build(content, tmp_path)
    page = site.output / "services/pay-council-tax/index.html"
    page.unlink()
    assert build(content, tmp_path).html("/services/pay-council-tax/").h1 is not None
    source = content / "services/bin-collection-days.md"
    source.write_text(source.read_text().replace("We collect bins every week.", "We collect bins weekly."))
    assert "We collect bins weekly." in build(content, tmp_path).text("services/bin-collection-days/index.html")
    next_day = build_at(content, tmp_path, NOW + dt.timedelta(days=400))
    assert next_day.result.problems.warnings, "a year on, pages are past review: the day is part of the key"


def test_a_build_with_errors_is_never_skipped(content_copy, tmp_path) -> None:
    content = content_copy()
    (content / "services/broken.md").write_text("---\ntitle: [unclosed\n---\nBody\n")
    first = build(content, tmp_path)
    assert first.result.problems.errors
    assert build(content, tmp_path).result.problems.errors == first.result.problems.errors


def test_a_build_with_no_change_does_not_load_pelican(content_copy, tmp_path) -> None:
    content = content_copy()
    code = (f"import sys; sys.path.insert(0, {str(PROJECT)!r})\n"
            "from pathlib import Path\nfrom builder.build import build_site\n"
            f"result = build_site(Path({str(content)!r}), Path({str(tmp_path / 'out')!r}), "
            f"cache_dir=Path({str(tmp_path / 'cache')!r}), forms_dir=Path({str(FIXTURES / 'site-forms')!r}))\n"
            "print(result.pages, result.problems.errors, 'pelican' in sys.modules)\n")
    first = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    pages = first.stdout.split()[0]
    assert first.stdout.split() == [pages, "[]", "True"]
    assert second.stdout.split() == [pages, "[]", "False"]
