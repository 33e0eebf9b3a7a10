"""The built site in a real browser: search finds services by residents' own words, and with
JavaScript off the search page points to the A–Z, which works."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import BuiltSite, need_chromium


@pytest.fixture(scope="module")
def site_url(fixture_site: BuiltSite):
    need_chromium()
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(fixture_site.output))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()



def test_search_finds_a_service_by_the_words_residents_use(site_url, browser) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}/")
    page.get_by_label("Search Testshire council services").fill("hole in road")
    page.get_by_role("button", name="Search").click()
    page.wait_for_selector(".search-results a")
    assert page.locator(".search-results a").first.inner_text() == "Report a pothole"
    assert "result" in page.locator("#search-results h2").inner_text()


def test_without_javascript_search_points_to_the_a_to_z_which_works(site_url, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/search/?q=bins")
    message = page.locator(".search-nojs")
    assert message.is_visible() and "Search needs JavaScript" in message.inner_text()
    message.get_by_role("link", name="services A to Z").click()
    page.get_by_role("link", name="B", exact=True).click()
    assert page.url.endswith("/a-to-z/#letter-b")
    page.get_by_role("link", name="Bin collection days").first.click()
    assert page.locator("h1").inner_text() == "Bin collection days"
    context.close()


def test_on_a_phone_tables_stack_and_phone_numbers_never_break(site_url, browser) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(f"{site_url}/contact/")
    row = page.locator(".phone-table tbody tr").first
    assert row.locator("td").first.evaluate("td => getComputedStyle(td).display") == "block"
    assert row.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content") == '"Telephone: "'
    for link in page.locator(".phone-table a[href^='tel:']").all():
        heights = link.evaluate("a => a.getClientRects().length")
        assert heights == 1, link.inner_text()  # one box: the number is on one line
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert page.evaluate("() => window.__portalBrokenWords === undefined")
    page.goto(f"{site_url}/services/pay-council-tax/")
    cell = page.locator(".body table td").first
    assert cell.get_attribute("data-label") == "Way to pay"
    assert cell.evaluate("td => getComputedStyle(td).display") == "block"
    page.close()


@pytest.mark.parametrize(("phrase", "service"), [
    ("my bins were missed", "Report a missed bin"),
    ("pothole compensation please", "Report a pothole"),
])
def test_search_finds_a_service_from_a_whole_phrase(site_url, browser, phrase, service) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}/services/pay-council-tax/")
    page.get_by_role("banner").get_by_label("Search this website").fill(phrase)
    page.get_by_role("banner").get_by_role("button", name="Search").click()
    page.wait_for_selector(".search-results a")
    titles = page.locator(".search-results a").all_inner_texts()
    assert service in titles[:3], titles
    assert titles.index(service) < min((titles.index(t) for t in ("Cookies", "Privacy notice") if t in titles),
                                       default=len(titles))
    page.close()
