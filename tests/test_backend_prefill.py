"""The footer's "Report a problem with this page" link fills in the page's address, and only an
address on this site is taken."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from backend_support import soup

FORM = "/submit/report-a-problem-with-this-page/"


def address_box(client, given: str) -> str:
    started = client.get(f"{FORM}?page_address={quote(given, safe='')}")
    assert started.status_code == 302 and "page_address" not in started.headers["Location"]
    return soup(client.get(started.headers["Location"])).select_one("#page_address").get("value", "")


def test_the_footer_link_fills_in_the_page_address(app, client) -> None:
    link = soup(client.get("/track/")).select_one("footer a[href*='report-a-problem-with-this-page']")["href"]
    started = client.get(link)
    page = soup(client.get(started.headers["Location"]))
    assert page.select_one("#page_address")["value"] == "https://www.kestrelford.example/track/"


@pytest.mark.parametrize(("given", "shown"), [
    ("https://www.kestrelford.example/services/report-a-pothole/", "https://www.kestrelford.example/services/report-a-pothole/"),
    ("/services/report-a-pothole/", "https://www.kestrelford.example/services/report-a-pothole/"),
    ("https://www.kestrelford.example/track/abc?token=secret#x", "https://www.kestrelford.example/track/abc"),
    ("https://evil.example/services/", ""),
    ("//evil.example/services/", ""),
    ("javascript:alert(1)", ""),
    ("/\\evil.example", ""),
    ("services/report-a-pothole/", ""),
    ("/page\nwith a break", ""),
])
def test_only_an_address_on_this_site_is_taken(app, client, given, shown) -> None:
    assert address_box(client, given) == shown


def test_other_forms_ignore_the_parameter(app, client) -> None:
    started = client.get("/submit/report-a-pothole/?page_address=/services/")
    page = soup(client.get(started.headers["Location"]))
    assert page.select_one("#page_address") is None
