"""Golden tests: the fixture council's pages, as a resident would see them."""

from __future__ import annotations

import re

from conftest import BuiltSite


def links(soup, selector: str = "main a") -> dict[str, str]:
    return {a.get_text(" ", strip=True): a["href"] for a in soup.select(selector)}


def test_home_page_has_search_top_tasks_entry_points_and_alert(fixture_site: BuiltSite) -> None:
    home = fixture_site.html("/")
    assert home.find("h1").get_text() == "Testshire District Council"
    assert home.title.get_text() == "Home – Testshire District Council"
    form = home.select_one("main form[role=search]")
    assert form["action"] == "/search/" and form["method"] == "get"
    assert home.select_one(f"label[for={form.input['id']}]").get_text() == "Search Testshire council services"
    tasks = links(home, ".top-tasks a")
    assert tasks == {"Report a missed bin": "/services/report-a-missed-bin/",
                     "Pay your council tax": "/services/pay-council-tax/"}
    entry = links(home, ".entry-points a")
    assert list(entry) == ["Report it", "Request it", "What's on", "Services A to Z"]
    alert = home.select_one(".alert").get_text(" ", strip=True)
    assert "Bin collections are running a day late because of snow." in alert


def test_every_page_has_one_h1_a_skip_link_and_lang(fixture_site: BuiltSite) -> None:
    for page in fixture_site.output.rglob("*.html"):
        soup = fixture_site.html(str(page.relative_to(fixture_site.output)))
        assert len(soup.find_all("h1")) == 1, page
        assert soup.html["lang"] == "en-GB"
        skip = soup.body.find("a")
        assert skip.get_text() == "Skip to main content" and skip["href"] == "#main-content"
        assert soup.find("main", id="main-content")


def test_a_to_z_lists_services_and_synonyms_under_letters(fixture_site: BuiltSite) -> None:
    az = fixture_site.html("/a-to-z/")
    letters = az.select(".az-letters li")
    assert [li.get_text(strip=True) for li in letters][:26] == [chr(c) for c in range(65, 91)]
    linked = {li.get_text(strip=True) for li in letters if li.a}
    assert linked == {"B", "C", "H", "P", "R"}
    assert az.select_one(".az-letters li span").get_text() == "A"  # no entry: shown, not a link
    b_group = az.find(id="letter-b").find_parent("section")
    entries = [li.get_text(" ", strip=True) for li in b_group.select("li")]
    assert entries == [
        "Bin collection days",
        "Bin day — see Bin collection days",
        "Bin not emptied — see Report a missed bin",
        "Bins — see Bin collection days , Report a missed bin",
    ]
    hole = az.find(string=re.compile("Hole in road")).find_parent("li")
    assert links(hole, "a") == {"Report a pothole": "/services/report-a-pothole/"}


def test_category_page_lists_its_services_with_summaries(fixture_site: BuiltSite) -> None:
    page = fixture_site.html("/category/bins-and-recycling/")
    assert page.find("h1").get_text() == "Bins and recycling"
    items = [(li.a.get_text(), li.p.get_text()) for li in page.select(".service-list li")]
    assert items == [
        ("Bin collection days", "Find out which day we collect your bins and recycling."),
        ("Report a missed bin", "Tell us if we did not empty your bin on your collection day."),
    ]
    assert links(page, ".breadcrumbs a") == {"Home": "/"}


def test_service_page_shows_body_contact_review_date_and_related(fixture_site: BuiltSite) -> None:
    page = fixture_site.html("/services/report-a-missed-bin/")
    assert page.find("h1").get_text() == "Report a missed bin"
    assert links(page, ".breadcrumbs a") == {"Home": "/", "Bins and recycling": "/category/bins-and-recycling/"}
    # An editor's link to another file by name becomes that page's address.
    assert links(page, ".body a") == {"bin collection days": "/services/bin-collection-days/"}
    box = page.select_one(".contact-box")
    assert box.h2.get_text() == "Contact Waste and recycling team"
    assert box.find("a", href="tel:+441164960100").get_text() == "0116 496 0100"
    assert page.select_one(".last-reviewed").get_text() == "Last reviewed: 1 October 2026"
    assert links(page, ".related a") == {"Bin collection days": "/services/bin-collection-days/"}


def test_markdown_tables_render_as_tables(fixture_site: BuiltSite) -> None:
    page = fixture_site.html("/services/pay-council-tax/")
    assert [th.get_text() for th in page.select(".body table th")] == ["Way to pay", "When it arrives"]


def test_whats_on_lists_upcoming_events_only(fixture_site: BuiltSite) -> None:
    listing = fixture_site.html("/whats-on/")
    titles = [h.get_text(strip=True) for h in listing.select(".event-list h2")]
    assert titles == ["Winter fair"]
    when = listing.select_one(".event-list__when").get_text(" ", strip=True)
    assert when == "5 December 2026 , 10am to 4pm, Town Hall, Market Square, TS1 1AA"
    past = fixture_site.html("/whats-on/autumn-walk/")
    assert past.select_one(".notice").get_text() == "This event has finished."


def test_icalendar_feed_has_upcoming_events(fixture_site: BuiltSite) -> None:
    feed = fixture_site.text("whats-on/events.ics")
    assert feed.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert feed.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Winter fair\r\n" in feed
    assert "DTSTART:20261205T100000Z\r\nDTEND:20261205T160000Z\r\n" in feed
    assert "LOCATION:Town Hall\\, Market Square\\, TS1 1AA\r\n" in feed
    assert "Autumn walk" not in feed


def test_contact_page_has_key_telephone_services_table(fixture_site: BuiltSite) -> None:
    page = fixture_site.html("/contact/")
    rows = [[cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])]
            for tr in page.select(".phone-table tbody tr")]
    assert rows == [["Customer services", "0116 496 0000", "Monday to Friday, 9am to 5pm"],
                    ["Waste and recycling team", "0116 496 0100", "Monday to Friday, 8am to 5pm"]]


def test_search_page_works_without_javascript_by_pointing_to_a_to_z(fixture_site: BuiltSite) -> None:
    page = fixture_site.html("/search/")
    message = page.select_one(".search-nojs")
    assert "Search needs JavaScript" in message.get_text()
    assert message.a["href"] == "/a-to-z/"
    assert (fixture_site.output / "pagefind" / "pagefind.js").is_file()


def test_content_pages_load_no_javascript(fixture_site: BuiltSite) -> None:
    for url in ("/", "/a-to-z/", "/services/report-a-missed-bin/", "/whats-on/", "/contact/"):
        assert fixture_site.html(url).find("script") is None, url


def test_nothing_is_loaded_from_another_site(fixture_site: BuiltSite) -> None:
    for page in fixture_site.output.rglob("*.html"):
        soup = fixture_site.html(str(page.relative_to(fixture_site.output)))
        for tag in soup.select("link[href], script[src], img[src]"):
            address = tag.get("href") or tag.get("src")
            assert address.startswith("/") and not address.startswith("//"), (page, address)


def test_404_sitemap_robots_and_council_colours(fixture_site: BuiltSite) -> None:
    assert fixture_site.html("404.html").find("h1").get_text() == "Page not found"
    sitemap = fixture_site.text("sitemap.xml")
    assert "<loc>https://www.testshire.example/services/report-a-pothole/</loc>" in sitemap
    assert "autumn-walk" not in sitemap
    assert fixture_site.text("robots.txt").endswith("Sitemap: https://www.testshire.example/sitemap.xml\n")
    assert "--brand:#0b4f6c" in fixture_site.text("theme/css/council.css")


def test_sources_map_pages_to_markdown_files(fixture_site: BuiltSite) -> None:
    import json

    sources = json.loads(fixture_site.text("_audit/sources.json"))
    assert sources["/services/report-a-pothole/"] == "tests/fixtures/site/services/report-a-pothole.md"


def test_report_it_hub_lists_report_forms(fixture_site: BuiltSite) -> None:
    hub = fixture_site.html("/report-it/")
    assert hub.find("h1").get_text() == "Report it"
    assert links(hub, ".service-list a") == {"Report a missed bin": "/forms/report-a-missed-bin/",
                                             "Report a pothole": "/forms/report-a-pothole/"}
    assert "There are no online forms here yet" in fixture_site.html("/request-it/").get_text()


def test_form_start_page_says_what_you_need_and_starts_the_form(fixture_site: BuiltSite) -> None:
    start = fixture_site.html("/forms/report-a-pothole/")
    assert start.find("h1").get_text() == "Report a pothole"
    text = start.get_text(" ", strip=True)
    assert "It takes about" in text and "What happens next" in text and "working days" in text
    button = start.find("a", string="Start now")
    assert button["href"] == "/submit/report-a-pothole/"
    assert links(start, ".breadcrumbs a") == {"Home": "/", "Report it": "/report-it/"}


def test_service_page_leads_to_its_form(fixture_site: BuiltSite) -> None:
    page = fixture_site.html("/services/report-a-pothole/")
    box = page.select_one(".form-start")
    assert box.a["href"] == "/forms/report-a-pothole/" and box.a.get_text() == "Report a pothole"


def test_a_service_with_a_form_shows_do_it_online_straight_after_its_summary(fixture_site) -> None:
    main = fixture_site.html("/services/report-a-pothole/").select_one("main")
    shown = [el for el in main.find_all(recursive=False) if "visually-hidden" not in (el.get("class") or [])]
    assert [el.name for el in shown[:2]] == ["h1", "p"] and "lead" in shown[1]["class"]
    assert "form-start" in shown[2]["class"]
    assert shown[2].h2.get_text() == "Do it online: Report a pothole"
