"""The command line: staff roles, `report performance` in every format, and `demo-data`."""

from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup
from freezegun import freeze_time
from performance_cases import HIGHWAYS, TODAY, august
from staff_support import PASSWORD

from backend.storage.db import db
from backend.storage.models import Report, Staff

AUGUST = ["report", "performance", "--from", "2026-08-01", "--to", "2026-08-31"]


@pytest.mark.parametrize(("flags", "role", "admin"), [
    ([], "officer", False), (["--role", "manager"], "manager", False), (["--role", "admin"], "admin", True),
    (["--admin"], "admin", True)])
def test_staff_add_sets_the_role(app, flags, role, admin) -> None:
    result = app.test_cli_runner().invoke(args=["staff", "add", "m@kestrelford.example", "--department", "waste and "
                                                "recycling", "--password-stdin", *flags], input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert f"as a{'n' if role[0] in 'aeiou' else ''} {role}." in result.output
    staff = db.session.scalar(db.select(Staff))
    assert (staff.role, staff.is_admin) == (role, admin)


def test_admin_and_another_role_disagree(app) -> None:
    result = app.test_cli_runner().invoke(args=["staff", "add", "m@kestrelford.example", "--department", HIGHWAYS,
                                                "--admin", "--role", "manager", "--password-stdin"],
                                          input=f"{PASSWORD}\n")
    assert result.exit_code != 0 and "disagree" in result.output


def report(app, *extra: str) -> str:
    with freeze_time(TODAY):
        result = app.test_cli_runner().invoke(args=[*AUGUST, *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_report_table_and_markdown_give_the_hand_worked_figures(app) -> None:
    august(app)
    table = report(app, "--department", "highways and street lighting")
    assert table.startswith(f"Performance: {HIGHWAYS}, 1 August 2026 to 31 August 2026")
    assert "Answered within target (3 of 5 due so far)  60%" in table
    md = report(app, "--format", "md")
    assert "| Highways and street lighting | 5 | 3 | 60% | 2 | 3 |" in md
    assert "| Customer feedback | 2 | 1 | 50% | 9 | 0 |" in md


def test_report_csv_and_printable_html(app) -> None:
    august(app)
    rows = list(csv.reader(io.StringIO(report(app, "--format", "csv"))))
    assert ["Cases received", "7"] in rows
    page = BeautifulSoup(report(app, "--format", "html"), "html.parser")
    assert page.html["lang"] == "en-GB" and page.find("link") is None and page.find("script") is None
    assert page.h1.get_text(strip=True) == "Performance: Every department, 1 August 2026 to 31 August 2026"
    assert len(page.select("svg[role=img] title")) >= 2 and page.select_one("#departments")
    assert "@media print" in page.style.get_text()


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2026-08-31", "--to", "2026-08-01"], "--to: The last day must be the same as or after the first day"),
    (["--from", "1/8/2026", "--to", "2026-08-31"], "--from: Enter the first day as a real date"),
    (["--from", "2026-08-01", "--to", "2026-08-31", "--department", "Parks"], "No form uses the department 'Parks'"),
])
def test_report_refuses_what_it_cannot_do_and_says_why(app, args, message) -> None:
    result = app.test_cli_runner().invoke(args=["report", "performance", *args])
    assert result.exit_code != 0 and message in result.output


def test_demo_data_fills_thirteen_months_marked_as_demo_and_replaces_itself(app) -> None:
    runner = app.test_cli_runner()
    with freeze_time(TODAY):
        assert runner.invoke(args=["demo-data", "--cases", "400"]).exit_code == 0
        result = runner.invoke(args=["demo-data", "--cases", "300"])
    assert "replacing 400 earlier demo cases" in result.output
    reports = db.session.scalars(db.select(Report)).all()
    assert len(reports) == 300 and all(r.demo and r.email is None and r.name is None for r in reports)
    assert min(r.received_on for r in reports).isoformat() >= "2025-09-01"
    assert {r.channel for r in reports} == {"web", "phone", "face-to-face"}
    with freeze_time(TODAY):
        text = report(app)
    assert "Demo data:" in text


def test_demo_data_refuses_to_run_in_production(app) -> None:
    app.config["PRODUCTION"] = True
    result = app.test_cli_runner().invoke(args=["demo-data", "--cases", "10"])
    assert result.exit_code != 0 and "refuses to run in production" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Report)) == 0
