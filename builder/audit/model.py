"""The audit's vocabulary: impacts, viewports, pages of the site and the problems found on them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

IMPACTS = ("minor", "moderate", "serious", "critical")  # axe-core's, lowest first


def impact_rank(impact: str | None) -> int:
    """Position of an impact in IMPACTS; unknown impacts count as the lowest."""
    return IMPACTS.index(impact) if impact in IMPACTS else 0


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int

    def __str__(self) -> str:
        return f"{self.name} {self.width}×{self.height}"


VIEWPORTS = (Viewport("mobile", 320, 640), Viewport("desktop", 1280, 800))


@dataclass
class Page:
    """One HTML file of the built site."""

    url: str            # URL path, e.g. "/services/report-a-pothole/"
    file: str           # path relative to the site folder, e.g. "services/report-a-pothole/index.html"
    html: str
    sha256: str
    template: str | None  # from <meta name="generator-template">, when the theme adds it
    has_script: bool      # has <script> to run, so it is loaded by real navigation


@dataclass
class Finding:
    """One problem on one element of one page at one viewport."""

    url: str
    file: str
    viewport: str
    rule: str
    level: str           # "violation" or "warning" (best-practice)
    impact: str
    wcag: list[str]
    selector: str
    html: str
    message: str
    help: str
    help_url: str
    source: str | None   # "content/x.md:12", "content/x.md" or None
    template: str | None
    fails: bool = False  # a violation at or above --fail-on

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class AuditResult:
    """Everything one audit found, and how it went."""

    site_dir: Path
    fail_on: str
    pages: list[Page]
    findings: list[Finding]
    audited: int = 0       # page × viewport audits run in the browser
    cached: int = 0        # page × viewport audits taken from the cache
    seconds: float = 0.0
    browser: str = ""
    checks: int = 0        # checks run on each page: axe-core rules and the audit's own
    reports: dict[str, Path] = field(default_factory=dict)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.fails]

    @property
    def exit_code(self) -> int:
        return 1 if self.failing else 0
