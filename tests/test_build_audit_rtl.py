"""The accessibility audit on right-to-left pages: the Urdu pages of the Welsh council fixture
(dir="rtl", mirrored by the theme's logical CSS properties) pass at both viewports."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT, build
from test_build_audit import _chromium

from builder.audit import VIEWPORTS, Auditor


@pytest.fixture(scope="module")
def urdu_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's Urdu pages alone (and the theme's files), built."""
    tmp = tmp_path_factory.mktemp("rtl")
    (tmp / "forms").mkdir()
    site = build(FIXTURES / "welsh-council", tmp, forms_dir=tmp / "forms", search=False)
    assert site.result.problems.errors == []
    for page in site.output.rglob("*.html"):
        if page.relative_to(site.output).parts[0] != "ur":
            page.unlink()
    return site.output


def test_urdu_pages_are_right_to_left_and_pass_the_audit_at_both_viewports(urdu_site: Path) -> None:
    pages = sorted(urdu_site.rglob("*.html"))
    assert len(pages) >= 8  # home, contact, A–Z, What's on, search, hubs, categories
    for page in pages:
        assert re.search(r'<html lang="ur" dir="rtl">', page.read_text(encoding="utf-8")), page
    with Auditor(_chromium()) as auditor:
        result = auditor.audit(urdu_site, cache_dir=urdu_site.parent / "audit-cache", out=io.StringIO())
    assert result.audited == len(pages) * len(VIEWPORTS)
    assert [(f.url, f.viewport, f.rule, f.selector) for f in result.findings if f.fails] == []
    assert result.exit_code == 0


def test_the_theme_css_uses_logical_properties_so_pages_mirror() -> None:
    """No left or right that should mirror: margin-inline-start, not margin-left."""
    physical = re.compile(r"(?<![-\w])(?:margin|padding|border)-(?:left|right)\b|(?<![-\w])(?:left|right)\s*:"
                          r"|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)")
    for css in sorted((PROJECT / "theme" / "static" / "css").glob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
        assert physical.findall(text) == [], css.name
    # Four-value shorthands differ left from right, so they would not mirror either.
    site_css = re.sub(r"/\*.*?\*/", "", (PROJECT / "theme/static/css/site.css").read_text(encoding="utf-8"), flags=re.S)
    for value in re.findall(r"(?:margin|padding)\s*:\s*([^;}]+)", site_css):
        parts = value.split()
        assert len(parts) < 4 or parts[1] == parts[3], value


def test_numbers_and_addresses_read_left_to_right_in_rtl_text() -> None:
    site_css = (PROJECT / "theme/static/css/site.css").read_text(encoding="utf-8")
    assert 'a[href^="tel:"], a[href^="mailto:"], .reference { direction: ltr; unicode-bidi: isolate; }' in site_css


