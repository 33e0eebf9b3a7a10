"""Benchmark the Open311 API on SQLite: a full page of ``GET requests`` (1,000 records) in XML and
JSON, measured alternately in one run, and ``POST requests`` one report at a time.

    python benchmarks/bench_open311.py --reports 1000 --rounds 5

Reports are made through ``create_report`` (the case flow) before timing starts. Prints a
Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend import create_app  # noqa: E402
from backend.cases.reports import create_report  # noqa: E402
from backend.commands import upgrade_database  # noqa: E402
from backend.config import Config  # noqa: E402
from backend.council import forms_of  # noqa: E402
from backend.storage.db import db  # noqa: E402

PAVEMENT = {"service_code": "report-a-damaged-pavement", "lat": "52.6369", "long": "-1.1398",
            "attribute[damage]": "a-damaged-kerb", "description": "The kerb is loose"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Config(INSTANCE_DIR=Path(tmp), TESTING=True, RATELIMIT_ENABLED=False))
        upgrade_database(app)
        with app.app_context():
            spec = forms_of(app)["report-a-damaged-pavement"]
            for n in range(args.reports):
                create_report(spec, {"location": {"description": f"{n} High Street", "latitude": "52.6",
                                                  "longitude": "-1.1"}, "damage": "a-damaged-kerb",
                                     "description": "Loose kerb stone", "name": "A", "email": None})
            db.session.commit()
            key = app.test_cli_runner().invoke(args=["apikey", "add", "bench", "--can-post"]).output.split()[-1]
        client = app.test_client()
        timings: dict[str, list[float]] = {"xml": [], "json": []}
        for _ in range(args.rounds):
            for fmt in ("xml", "json"):  # alternately, so both see the same load on a shared machine
                start = time.perf_counter()
                response = client.get(f"/open311/v2/requests.{fmt}", query_string={"page_size": 1000})
                timings[fmt].append(time.perf_counter() - start)
                assert response.status_code == 200
        posts = []
        for _ in range(args.rounds * 4):
            start = time.perf_counter()
            response = client.post("/open311/v2/requests.json", data={**PAVEMENT, "api_key": key})
            posts.append(time.perf_counter() - start)
            assert response.status_code == 200, response.data
    xml, js = statistics.median(timings["xml"]), statistics.median(timings["json"])
    print(f"| GET requests, {min(args.reports, 1000)} records | XML {xml * 1000:.0f} ms | JSON {js * 1000:.0f} ms "
          f"| XML/JSON {xml / js:.2f} |")
    print(f"| POST requests, one report | median {statistics.median(posts) * 1000:.0f} ms over {len(posts)} |")


if __name__ == "__main__":
    main()
