"""Shared test helpers: build a content folder into a temporary site and read its pages."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.build import BuildResult, build_site

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).parent.parent
# Every build test runs on the same day, so "upcoming" and "past review" do not drift.
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


class BuiltSite:
    """A built output folder and helpers to read it as a resident's browser would."""

    def __init__(self, output: Path, result: BuildResult) -> None:
        self.output = output
        self.result = result

    def html(self, url: str) -> BeautifulSoup:
        path = self.output / url.strip("/") / "index.html" if not url.endswith(".html") else \
            self.output / url.strip("/")
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def text(self, name: str) -> str:
        return (self.output / name).read_bytes().decode("utf-8")  # keep CRLF as written


def build(content: Path, tmp: Path, **kwargs) -> BuiltSite:
    """Build into ``tmp``; the fixture council's forms unless the test names others."""
    kwargs.setdefault("forms_dir", FIXTURES / "site-forms")
    output = tmp / "output"
    result = build_site(content, output, cache_dir=tmp / "cache", now=NOW, **kwargs)
    return BuiltSite(output, result)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The small fixture council, built once for the golden tests."""
    site = build(FIXTURES / "site", tmp_path_factory.mktemp("fixture-site"))
    assert site.result.problems.errors == [], site.result.problems.errors
    return site


@pytest.fixture
def content_copy(tmp_path: Path) -> Callable[..., Path]:
    """A fresh copy of the fixture content that a test may break."""

    def make() -> Path:
        target = tmp_path / "content"
        shutil.copytree(FIXTURES / "site", target)
        return target

    return make
