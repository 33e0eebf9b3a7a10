#!/usr/bin/env python3
"""What serving residents in their language costs each request: a form page, in one process.

    .venv/bin/python benchmarks/bench_languages.py [--requests 300] [--rounds 7]

On the fixture council of tests/fixtures/backend-languages (Welsh full, Urdu partial), with the Flask
test client (no network), it measures CPU time per request (time.process_time) of:

- the English missed-bin form page with the backend's language hooks on and then off (the
  address's language read, the page's messages looked up once, the other-language links made),
  alternating in the same process, so other work on the machine falls on both alike;
- the same page in Welsh (/cy/submit/...), beside the English one.

Medians of the rounds are printed; the ratio is the figure to compare between runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
FIXTURE = PROJECT / "tests" / "fixtures" / "backend-languages"
ENGLISH, WELSH = "/submit/report-a-missed-bin/1", "/cy/submit/report-a-missed-bin/1"
HOOKS = {"read_language", "speak", "stop_speaking", "keep_language", "page_language"}  # backend.web.languages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    from backend import create_app  # noqa: PLC0415
    from backend.commands import upgrade_database  # noqa: PLC0415
    from backend.config import Config  # noqa: PLC0415

    app = create_app(Config(INSTANCE_DIR=Path(tempfile.mkdtemp()), TESTING=True, SECRET_KEY="bench",
                            CONTENT_DIR=FIXTURE / "content", FORMS_DIR=FIXTURE / "forms", RATELIMIT_ENABLED=False))
    upgrade_database(app)
    client = app.test_client()
    lists = (app.before_request_funcs[None], app.teardown_request_funcs[None], app.url_value_preprocessors[None],
             app.url_default_functions[None], app.template_context_processors[None])
    saved = [list(funcs) for funcs in lists]

    def hooks(on: bool) -> None:
        for funcs, kept in zip(lists, saved, strict=True):
            funcs[:] = kept if on else [f for f in kept if f.__name__ not in HOOKS]

    def cpu_per_request(url: str) -> float:
        start = time.process_time()
        for _ in range(args.requests):
            assert client.get(url).status_code == 200
        return (time.process_time() - start) / args.requests * 1e6

    runs: dict[str, list[float]] = {"on": [], "off": [], "welsh": []}
    for url in (ENGLISH, WELSH):
        client.get(url)  # templates compiled, catalogues read
    for _ in range(args.rounds):
        hooks(True)
        runs["on"].append(cpu_per_request(ENGLISH))
        runs["welsh"].append(cpu_per_request(WELSH))
        hooks(False)
        runs["off"].append(cpu_per_request(ENGLISH))
    on, off, welsh = (statistics.median(runs[k]) for k in ("on", "off", "welsh"))
    print(f"English form page, language hooks off: {off:.0f} µs CPU per request")
    print(f"English form page, language hooks on:  {on:.0f} µs ({on / off:.3f}x; language selection {on - off:.0f} µs)")
    print(f"Welsh form page:                       {welsh:.0f} µs ({welsh / on:.3f}x the English page)")
    with open("/proc/loadavg", encoding="ascii") as load:
        print("load average:", " ".join(load.read().split()[:3]))


if __name__ == "__main__":
    main()
