"""The editor's preview: a taken port is one line and exit 2; a failed rebuild shows its problems
on the page being previewed; pages reload themselves after a rebuild; none of it is published."""

from __future__ import annotations

import functools
import io
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from conftest import PROJECT, build
from test_build_output import manifest

from builder.preview import STATUS_PATH, PreviewState
from builder.report import build_and_report
from builder.serve import start_preview_server, watch_and_rebuild


def test_serve_on_a_taken_port_says_so_in_one_line_and_exits_2(tmp_path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([sys.executable, "build.py", "--serve", "--port", str(port), "--content",
                              "tests/fixtures/site", "--output", str(tmp_path / "out")],
                             check=False, cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        f"build.py: port {port} is already in use (is another preview running?); stop it, or use another "
        f"port: python build.py --serve --port {port + 1}"]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
        return response.read().decode("utf-8")


def _wait_for_generation(base: str, generation: int) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = json.loads(_get(base + STATUS_PATH))
        if status["generation"] >= generation:
            return status
        time.sleep(0.2)
    raise AssertionError(f"no rebuild number {generation} within a minute")


def test_a_failed_rebuild_shows_its_problems_on_the_previewed_page_and_pages_reload(content_copy, tmp_path) -> None:
    content, output, forms = content_copy(), tmp_path / "output", PROJECT / "tests" / "fixtures" / "site-forms"
    preview = PreviewState()
    record = functools.partial(preview.record, strict=False)
    assert build_and_report(content, output, strict=False, forms=forms, out=io.StringIO(), search=False,
                            on_result=record) == 0
    server = start_preview_server(output, 0, preview)
    base = f"http://127.0.0.1:{server.server_port}"
    stop = threading.Event()
    watcher = threading.Thread(target=watch_and_rebuild, args=(content, output),
                               kwargs={"forms": forms, "preview": preview, "stop_event": stop}, daemon=True)
    watcher.start()
    try:
        page = _get(base + "/services/report-a-pothole/")
        assert STATUS_PATH in page and 'role="alert"' not in page  # the reload script, no problems
        time.sleep(0.5)  # let the watcher start before the edit
        source = content / "services" / "report-a-pothole.md"
        good = source.read_text()
        source.write_text(good.replace("category: roads\n", "category: road\n"))
        status = _wait_for_generation(base, 2)
        assert status["failed"] is True
        page = _get(base + "/services/report-a-pothole/")
        assert "The last rebuild failed, so this is the page from before it" in page
        assert "report-a-pothole.md:" in page and "category &#x27;road&#x27;" in page
        source.write_text(good)
        assert _wait_for_generation(base, 3)["failed"] is False
        assert 'role="alert"' not in _get(base + "/services/report-a-pothole/")
    finally:
        stop.set()
        server.shutdown()
    published = (output / "services" / "report-a-pothole" / "index.html").read_text()
    assert STATUS_PATH not in published and "location.reload" not in published


def test_a_preview_rebuild_shows_the_page_first_and_brings_search_up_to_date_after(content_copy, tmp_path) -> None:
    content = content_copy()
    first = build(content, tmp_path)
    pagefind_before = manifest(first.output / "pagefind")
    source = content / "services/pay-council-tax.md"
    source.write_text(source.read_text().replace("title: Pay your council tax", "title: Pay your council bill"))
    running = set(threading.enumerate())
    site = build(content, tmp_path, search="background")
    assert "Pay your council bill" in site.html("/services/pay-council-tax/").h1.get_text()
    for thread in set(threading.enumerate()) - running:  # the search index, made in the background
        thread.join(timeout=300)
    titles = [d["title"] for d in json.loads((site.output / "search-index.json").read_text())["documents"]]
    assert "Pay your council bill" in titles and "Pay your council tax" not in titles
    assert manifest(site.output / "pagefind") != pagefind_before
