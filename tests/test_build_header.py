"""Every page's header leads to tracking, signing in and search, so a resident who reported
something can always find it again."""

from __future__ import annotations

import pytest
from conftest import PROJECT, BuiltSite, build

from portal import i18n
from portal.siteconfig import load_site_config


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build(PROJECT / "content", tmp_path_factory.mktemp("sample"), forms_dir=PROJECT / "forms",
                 search=False)


def test_every_page_has_track_sign_in_and_a_search_box_in_its_header(sample: BuiltSite) -> None:
    site = load_site_config(PROJECT / "content" / "site.yaml")
    pages = sorted(sample.output.rglob("*.html"))
    assert len(pages) > 80
    for path in pages:
        url = "/" + path.relative_to(sample.output).as_posix()
        page = sample.html(url)
        language = site.language_of(page.html["lang"].split("-")[0])
        words = i18n.translations([PROJECT / "theme" / "locale"], language.code).gettext
        header = page.select_one("header.site-header")
        links = {a.get_text(strip=True): a["href"] for a in header.select("nav.site-nav a")}
        # Tracking and signing in are served in the full languages; the sample's are partial.
        assert links[words("Track a report")] == "/track/", url
        assert links[words("Sign in")] == "/account/sign-in", url
        # The home and search pages open with their own larger search box, straight below the header.
        home_or_search = url.removeprefix(language.prefix) in ("/index.html", "/search/index.html")
        where = page.select_one("main") if home_or_search else header
        form = where.select_one("form[role=search]")
        assert form["action"] == language.url("/search/") and form.select_one("input[name=q]"), url
        label = where.select_one(f"label[for={form.select_one('input')['id']}]")
        assert words("Search") in label.get_text(strip=True), url


def test_report_it_page_leads_to_tracking_and_signing_in(sample: BuiltSite) -> None:
    main = sample.html("/report-it/").select_one("main")
    hrefs = {a["href"] for a in main.select("a")}
    assert {"/track/", "/account/sign-in"} <= hrefs
