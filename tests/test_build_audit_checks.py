"""Every check of the audit, on a failing page and a passing one (tests/fixtures/audit/checks/).

Each fixture is the Markdown source (raw HTML) of one page's main content; its front matter
names the rule it must fail, the element and the source line.  The pages are wrapped in the
fixture site's page shell and audited together at both viewports: a failing page must fail
with its rule alone, on its element, traced to its source file and line; a passing page
must have no violation at all.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from PIL import Image
from test_build_audit import AUDIT_FIXTURES, BOTH, auditor  # noqa: F401 - the shared browser fixture

from builder.audit import Auditor, AuditResult

CHECKS = AUDIT_FIXTURES / "checks"

SHELL = """<!DOCTYPE html>
<html lang="{lang}"{dir}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Kestrelford Borough Council</title>
<link rel="stylesheet" href="/theme/css/site.css">
{head}
</head>
<body>
<a class="skip-link" href="#main-content">Skip to main content</a>
<header class="site-header">
  <div class="site-header__inner">
    <a class="site-header__logo" href="/">Kestrelford Borough Council home page</a>
  </div>
</header>
<div class="wrap">
  <main id="main-content" class="main" tabindex="-1">
<h1>{title}</h1>
{body}
  </main>
</div>
<footer class="site-footer">
  <div class="wrap">
    <p>© Kestrelford Borough Council</p>
  </div>
</footer>
</body>
</html>
"""


def _fixture(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _cases(kind: str) -> list[str]:
    return sorted(p.stem for p in (CHECKS / kind).glob("*.md"))


def _gif(path: Path, *, loop: int | None, frame_ms: int) -> None:
    frames = [Image.new("RGB", (40, 40), colour) for colour in ("#1d4f91", "#ffdd00")]
    extra = {} if loop is None else {"loop": loop}
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=frame_ms, **extra)


def build_fixture_site(root: Path) -> Path:
    """Every fixture page, wrapped in the page shell, as a site under ``root`` (with sources.json
    pointing at copies of the fixtures under ``root/content``); returns the site folder."""
    site = root / "site"
    for folder in ("theme", "images"):
        shutil.copytree(AUDIT_FIXTURES / "site" / folder, site / folder)
    _gif(site / "images" / "loops-for-ever.gif", loop=0, frame_ms=500)
    _gif(site / "images" / "plays-once.gif", loop=None, frame_ms=300)
    sources = {}
    for kind in ("fail", "pass"):
        for name in _cases(kind):
            meta, body = _fixture(CHECKS / kind / f"{name}.md")
            page = site / kind / name / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(SHELL.format(lang=meta.get("lang", "en-GB"), title=meta["title"], body=body,
                                         dir=f' dir="{meta["dir"]}"' if meta.get("dir") else "",
                                         head=meta.get("head", "")), encoding="utf-8")
            source = f"content/checks/{kind}/{name}.md"
            (root / source).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(CHECKS / kind / f"{name}.md", root / source)
            sources[f"/{kind}/{name}/"] = source
    (site / "_audit").mkdir()
    (site / "_audit" / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def checked(auditor: Auditor, tmp_path_factory: pytest.TempPathFactory) -> AuditResult:  # noqa: F811
    root = tmp_path_factory.mktemp("audit-checks")
    return auditor.audit(build_fixture_site(root), cache_dir=root / "cache", out=io.StringIO())


def _line(kind: str, name: str, needle: str) -> int:
    lines = (CHECKS / kind / f"{name}.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("---", 1) + 1
    return next(i for i, line in enumerate(lines, start=1) if i > start and needle in line)


@pytest.mark.parametrize("name", _cases("fail"))
def test_a_failing_page_fails_with_its_rule_on_its_element_and_source(checked: AuditResult, name: str) -> None:
    meta, _ = _fixture(CHECKS / "fail" / f"{name}.md")
    url = f"/fail/{name}/"
    found = [f for f in checked.findings if f.url == url and f.fails]
    assert {f.rule for f in found} - set(meta.get("also", [])) == {meta["rule"]}, \
        [(f.rule, f.viewport, f.selector, f.message) for f in found]
    failing = [f for f in found if f.rule == meta["rule"]]
    assert {f.viewport for f in failing} == set(meta.get("viewports", BOTH))
    elements = meta["element"] if isinstance(meta["element"], list) else [meta["element"]]
    assert {f.selector for f in failing} == set(elements)
    markdown = f"content/checks/fail/{name}.md"
    expected = f"{markdown}:{_line('fail', name, meta['needle'])}" if meta.get("needle") else markdown
    assert {f.source for f in failing} == {expected}
    for f in failing:
        assert f.level == "violation" and f.wcag and f.help and f.message
        assert f.file == f"fail/{name}/index.html"


@pytest.mark.parametrize("name", _cases("pass"))
def test_a_passing_page_has_no_violation(checked: AuditResult, name: str) -> None:
    found = [(f.rule, f.viewport, f.selector, f.message) for f in checked.violations if f.url == f"/pass/{name}/"]
    assert found == []


def test_an_immediate_redirect_is_audited_and_reported_as_a_warning(checked: AuditResult) -> None:
    found = [f for f in checked.findings if f.url == "/pass/meta-refresh/"]
    assert {(f.rule, f.level) for f in found} == {("page-redirect", "warning")}
    assert "/pass/image-alt-filename/" in found[0].message
    assert not [f for f in checked.findings if f.rule == "audit-error"]


def test_every_audit_rule_has_a_failing_fixture() -> None:
    from builder.audit.checks import CUSTOM_RULES

    covered = {_fixture(CHECKS / "fail" / f"{name}.md")[0]["rule"] for name in _cases("fail")}
    own = set(CUSTOM_RULES) - {"audit-error", "page-redirect", "skip-link-first", "focus-obscured",
                                "keyboard-reachable"}  # checks older than these fixtures
    assert own <= covered, own - covered


# ---------- without a browser ----------

@pytest.mark.parametrize(("html", "delay", "target", "fails"), [
    ('<meta http-equiv="refresh" content="5; url=/new/">', 5, "/new/", True),
    ("<META HTTP-EQUIV='Refresh' CONTENT='0;URL=https://example.org/x'>", 0, "https://example.org/x", False),
    ('<meta content="30" http-equiv="refresh">', 30, "", True),
    ('<meta http-equiv="refresh" content="72000; url=/later/">', 72000, "/later/", False),
])
def test_a_meta_refresh_is_read_and_judged(html: str, delay: float, target: str, fails: bool) -> None:
    from builder.audit.refresh import find_refresh, without_refresh

    page = f"<!DOCTYPE html><html><head>{html}<title>x</title></head><body></body></html>"
    refresh = find_refresh(page)
    assert (refresh.delay, refresh.target, refresh.fails) == (delay, target, fails)
    assert find_refresh(without_refresh(page, refresh)) is None
    assert find_refresh('<meta name="description" content="5; url=/x/">') is None


def test_how_long_an_animated_image_plays(tmp_path: Path) -> None:
    from builder.audit.motion import play_seconds

    _gif(tmp_path / "for-ever.gif", loop=0, frame_ms=100)
    _gif(tmp_path / "once.gif", loop=None, frame_ms=1000)
    _gif(tmp_path / "three-times.gif", loop=2, frame_ms=1000)
    Image.new("RGB", (4, 4)).save(tmp_path / "still.png")
    assert play_seconds(tmp_path / "for-ever.gif") == float("inf")
    assert play_seconds(tmp_path / "once.gif") == 2.0
    assert play_seconds(tmp_path / "three-times.gif") == 6.0
    assert play_seconds(tmp_path / "still.png") == 0.0
    assert play_seconds(tmp_path / "missing.gif") == 0.0
    (tmp_path / "broken.gif").write_bytes(b"GIF89a not really")
    assert play_seconds(tmp_path / "broken.gif") == 0.0


def test_needs_review_results_are_decided_rule_by_rule() -> None:
    from builder.audit.axe import REVIEW, review_level

    assert review_level("th-has-data-cells") == "violation"
    assert review_level("color-contrast") == "warning"
    assert review_level("link-in-text-block") is None
    assert review_level("some-future-rule") == "warning"
    assert all(reason for _, reason in REVIEW.values())
