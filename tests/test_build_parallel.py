"""A build on several cores writes the same bytes and reports the same problems as on one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, build
from test_build_output import broken_content, manifest

from builder.workers import MIN_FILES, worker_count


def many_services(content: Path, count: int) -> None:
    """Add ``count`` services that link to each other, enough for every core to get a share."""
    for i in range(count):
        (content / "services" / f"extra-service-{i:03d}.md").write_text(
            f"---\ntitle: Extra service {i}\nsummary: Service number {i}.\ncategory: roads\n"
            f"contact: general\nlast_reviewed: 2026-10-01\nreview_by: 2027-10-01\nowner: Team\n---\n"
            f"Read [the next one](extra-service-{(i + 1) % count:03d}.md).\n\n## Steps\n\n1. One\n2. Two\n",
            encoding="utf-8")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(FIXTURES / "site", folder)
    many_services(folder, MIN_FILES + 10)
    return folder


def test_a_site_built_on_two_cores_is_byte_for_byte_the_one_built_on_one(content, tmp_path) -> None:
    serial = build(content, tmp_path / "one", workers=1)
    parallel = build(content, tmp_path / "two", workers=2)
    assert serial.result.problems == parallel.result.problems
    assert serial.result.pages == parallel.result.pages > MIN_FILES
    assert manifest(parallel.output) == manifest(serial.output)


def test_problems_found_on_two_cores_are_the_ones_found_on_one(content, tmp_path) -> None:
    broken_content(content)
    serial = build(content, tmp_path / "one", search=False, workers=1).result
    parallel = build(content, tmp_path / "two", search=False, workers=2).result
    assert serial.problems.errors, "the broken files must be reported"
    assert sorted(serial.problems.errors) == sorted(parallel.problems.errors)
    assert sorted(serial.problems.warnings) == sorted(parallel.problems.warnings)


def test_an_edit_after_a_parallel_build_rebuilds_only_that_page(content, tmp_path) -> None:
    build(content, tmp_path, workers=2)
    page = content / "services" / "extra-service-005.md"
    page.write_text(page.read_text(encoding="utf-8").replace("## Steps", "## What to do"), encoding="utf-8")
    site = build(content, tmp_path, workers=2)
    assert "What to do" in site.text("services/extra-service-005/index.html")
    assert "What to do" not in site.text("services/extra-service-006/index.html")


def test_a_template_that_fails_on_a_worker_fails_the_build_as_it_would_on_one_core(content, tmp_path) -> None:
    templates = content / "templates"
    templates.mkdir()
    template = (Path(__file__).parent.parent / "theme" / "templates" / "service.html").read_text(encoding="utf-8")
    (templates / "service.html").write_text(template.replace("{% block main %}", "{% block main %}{{ 1 // 0 }}", 1),
                                            encoding="utf-8")
    for workers in (1, 2):
        with pytest.raises(ZeroDivisionError):
            build(content, tmp_path / str(workers), search=False, workers=workers)


def test_small_builds_stay_in_one_process_and_big_ones_use_every_core() -> None:
    assert worker_count(MIN_FILES - 1) == 1
    assert worker_count(10, requested=2) == 2
    assert worker_count(5000) == (os.cpu_count() or 1)


def test_a_build_that_fails_while_pages_are_written_leaves_the_last_search_index_alone(content, tmp_path) -> None:
    good = build(content, tmp_path, workers=2)
    index_before = manifest(good.output / "pagefind")
    page = content / "services" / "extra-service-001.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Service number 1.", "Renamed."), encoding="utf-8")
    templates = content / "templates"
    templates.mkdir()
    template = (Path(__file__).parent.parent / "theme" / "templates" / "service.html").read_text(encoding="utf-8")
    (templates / "service.html").write_text(template.replace("{% block main %}", "{% block main %}{{ 1 // 0 }}", 1),
                                            encoding="utf-8")
    with pytest.raises(ZeroDivisionError):  # Pagefind was started beside the workers, then stopped
        build(content, tmp_path, workers=2)
    assert manifest(good.output / "pagefind") == index_before
    assert not list((tmp_path / "cache").rglob("pagefind-next"))


def _children() -> list[str]:
    tasks = Path(f"/proc/{os.getpid()}/task")
    return [pid for task in tasks.iterdir() for pid in (task / "children").read_text().split()]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux) to list child processes")
def test_a_parallel_build_leaves_no_process_behind_to_slow_the_next_one(content, tmp_path) -> None:
    before = _children()
    build(content, tmp_path, workers=2)  # reading and writing workers, and Pagefind beside them
    assert _children() == before


def test_content_pages_are_drawn_by_the_workers_not_the_build_process(content, tmp_path, monkeypatch) -> None:
    # Each content page comes to the writer with Pelican's override_output set (the plugin fixes
    # every page's save_as once); those pages must still go to the workers, or one core does it all.
    from builder.incremental import IncrementalWriter  # noqa: PLC0415

    drawn_by = tmp_path / "drawn-by"
    original = IncrementalWriter._write_claimed

    def write_and_note(self, name, *args, **kwargs):
        with drawn_by.open("a", encoding="utf-8") as note:
            note.write(f"{os.getpid()} {name}\n")
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(IncrementalWriter, "_write_claimed", write_and_note)
    build(content, tmp_path / "site", search=False, workers=2)
    lines = [line.split() for line in drawn_by.read_text(encoding="utf-8").splitlines()]
    services = [(pid, name) for pid, name in lines if name.startswith("services/")]
    assert len(services) > MIN_FILES
    assert {pid for pid, _ in services} - {str(os.getpid())}, "no page was drawn by a worker"
    assert str(os.getpid()) not in {pid for pid, _ in services}
