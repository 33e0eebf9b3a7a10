"""The performance page and its downloads: who may see what, the figures as shown, the CSV files."""

from __future__ import annotations

import csv
import io

import pytest
from backend_support import soup
from freezegun import freeze_time
from performance_cases import FEEDBACK, HIGHWAYS, TODAY, WASTE, august
from staff_support import add_staff, sign_in

from backend.storage.db import db
from backend.storage.models import Staff

AUGUST_QUERY = "?period=custom&from=2026-08-01&to=2026-08-31"


@pytest.fixture(autouse=True)
def _on_the_day():
    """Staff sign in, and look, on "today" of the worked cases."""
    with freeze_time(TODAY):
        yield


def manager(department: str = HIGHWAYS, email: str = "manager@kestrelford.example") -> Staff:
    staff = add_staff(email, department)
    staff.role = "manager"
    db.session.commit()
    return staff


def table(page, key: str) -> list[list[str]]:
    found = page.select_one(f"#{key}-caption").find_parent("table")
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in found.select("tbody tr")]


def row_of(rows: list[list[str]], name: str) -> list[str]:
    return next(r for r in rows if r[0].startswith(name))


def test_officers_are_refused_and_see_no_link(app, client) -> None:
    sign_in(client, add_staff())
    assert client.get("/staff/performance/").status_code == 403
    assert client.get("/staff/performance/cases.csv").status_code == 403
    assert client.get("/staff/performance/figures.csv").status_code == 403
    assert soup(client.get("/staff/")).find("a", string="Performance") is None


def test_signed_out_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get("/staff/performance/cases.csv")
    assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]


def test_a_manager_sees_their_department_as_worked_out_by_hand(app, client) -> None:
    august(app)
    sign_in(client, manager())
    with freeze_time(TODAY):
        page = soup(client.get("/staff/performance/" + AUGUST_QUERY))
    assert page.h1.get_text(strip=True) == f"Performance: {HIGHWAYS}"
    assert soup(client.get("/staff/")).find("a", string="Performance")
    assert row_of(table(page, "channels"), "Online")[1:] == ["3", "60%"]
    summary = table(page, "summary")
    assert row_of(summary, "Answered within target")[1] == "60%"
    assert row_of(summary, "Median working days to first response")[1] == "2"
    assert row_of(summary, "90% answered within")[1] == "6"
    assert row_of(summary, "Of these, overdue now")[1] == "3"
    assert "held it at the end of the period (2 of these cases changed department" in page.get_text(" ")
    assert page.select_one("#departments") is None  # the committee table is for admins
    costs = table(page, "cost")
    assert row_of(costs, "This period's contacts")[2] == "£7.02"
    assert row_of(costs, "The same contacts at last year's channel mix")[2] == "£34.80"
    svg = page.select("svg.chart")
    assert len(svg) == 2 and all(s.title and s.desc for s in svg)
    assert [r[0] for r in table(page, "shift")][-1] == "August 2026"


@pytest.mark.parametrize("query", ["?department=Customer+feedback", "?department=Waste+and+recycling&period=custom"
                                   "&from=2026-08-01&to=2026-08-31", AUGUST_QUERY + "&department=" + FEEDBACK])
def test_a_manager_cannot_see_another_department_by_any_parameter(app, client, query) -> None:
    august(app)
    sign_in(client, manager(WASTE))
    with freeze_time(TODAY):
        page = soup(client.get("/staff/performance/" + query))
        cases = client.get("/staff/performance/cases.csv" + query).get_data(as_text=True)
        figures = client.get("/staff/performance/figures.csv" + query).get_data(as_text=True)
    assert page.h1.get_text(strip=True) == f"Performance: {WASTE}"
    assert HIGHWAYS not in page.get_text() and FEEDBACK not in page.get_text()
    assert len(cases.splitlines()) == 1  # the header: Waste held none of August's cases
    assert FEEDBACK not in figures and HIGHWAYS not in figures


def test_admins_see_every_department_and_the_committee_table(app, client) -> None:
    august(app)
    sign_in(client, add_staff("admin@kestrelford.example", admin=True))
    with freeze_time(TODAY):
        page = soup(client.get("/staff/performance/" + AUGUST_QUERY))
        one = soup(client.get("/staff/performance/" + AUGUST_QUERY + "&department=" + FEEDBACK))
    assert page.h1.get_text(strip=True) == "Performance: Every department"
    assert table(page, "departments") == [[FEEDBACK, "2", "1", "50%", "9", "0"], [HIGHWAYS, "5", "3", "60%", "2", "3"]]
    complaints = table(page, "complaints")[0]
    assert complaints[1:] == ["2", "1", "50%", "9", "Resolved: 1; Closed, not fixed: 1"]
    assert one.h1.get_text(strip=True) == f"Performance: {FEEDBACK}"
    assert row_of(table(one, "channels"), "All channels")[1] == "2"


def test_an_empty_period_says_so_rather_than_dividing_by_zero(app, client) -> None:
    sign_in(client, manager())
    with freeze_time(TODAY):
        response = client.get("/staff/performance/?period=custom&from=2026-02-01&to=2026-02-28")
    page = soup(response)
    assert response.status_code == 200
    assert "No cases were received from 1 February 2026 to 28 February 2026." in page.get_text(" ")
    assert row_of(table(page, "summary"), "Answered within target")[1] == "–"


def test_default_is_last_full_month_and_presets_work(app, client) -> None:
    sign_in(client, manager())
    with freeze_time(TODAY):
        default = soup(client.get("/staff/performance/"))
        this_month = soup(client.get("/staff/performance/?period=this-month"))
        year = soup(client.get("/staff/performance/?period=financial-year"))
    assert default.select_one(".lead").get_text(strip=True) == "1 August 2026 to 31 August 2026"
    assert this_month.select_one(".lead").get_text(strip=True) == "1 September 2026 to 15 September 2026"
    assert year.select_one(".lead").get_text(strip=True) == "1 April 2026 to 15 September 2026"


@pytest.mark.parametrize(("query", "message"), [
    ("?period=custom&from=2026-08-31&to=2026-08-01", "The last day must be the same as or after the first day"),
    ("?period=custom&from=yesterday&to=2026-08-01", "Enter the first day as a real date, like 2026-04-01"),
    ("?period=custom&from=2026-08-01", "Enter the last day of the period"),
])
def test_dates_that_make_no_sense_get_an_error_summary(app, client, query, message) -> None:
    sign_in(client, manager())
    response = client.get("/staff/performance/" + query)
    assert response.status_code == 400
    assert message in soup(response).select_one(".error-summary").get_text(" ")


def test_cases_csv_has_one_row_per_case_and_no_personal_details(app, client) -> None:
    cases = august(app)
    sign_in(client, add_staff("admin@kestrelford.example", admin=True))
    with freeze_time(TODAY):
        response = client.get("/staff/performance/cases.csv" + AUGUST_QUERY)
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Reference", "Form", "Department", "Channel", "Received", "First response", "Closed",
                       "Status", "Due date", "Within target", "Working days to first response"]
    by_reference = {r[0]: r for r in rows[1:]}
    assert len(by_reference) == 7
    assert by_reference[cases["A"].reference][2:] == [HIGHWAYS, "Online", "2026-08-25 10:00", "2026-09-02 10:00",
                                                      "2026-09-04 10:00", "Resolved", "2026-09-02", "yes", "5"]
    assert by_reference[cases["C"].reference][5:] == ["", "", "Received", "2026-09-07", "no", ""]
    assert by_reference[cases["D"].reference][2] == HIGHWAYS  # where it was at the end of August
    for personal in ("Alex Resident", "resident@example.com", "0116 496 0123", "KF1 1AA", "Outside"):
        assert personal.lower() not in text.lower()


def test_figures_csv_holds_the_tables_on_screen(app, client) -> None:
    august(app)
    sign_in(client, manager())
    with freeze_time(TODAY):
        text = client.get("/staff/performance/figures.csv" + AUGUST_QUERY).get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Performance report", HIGHWAYS, "1 August 2026 to 31 August 2026"]
    assert ["Cases received", "5"] in rows and ["Online", "3", "60%"] in rows


def test_every_performance_route_is_for_managers(app) -> None:
    views = {rule.rule: app.view_functions[rule.endpoint] for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("performance.")}
    assert set(views) == {"/staff/performance/", "/staff/performance/figures.csv", "/staff/performance/cases.csv"}
    assert {view.audience for view in views.values()} == {"manager"}
