"""A site in more than one language (builder.translations): the Welsh council fixture
(tests/fixtures/welsh-council: Welsh full, Urdu partial) built once, read as residents' browsers would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, BuiltSite, build

LANGUAGES = FIXTURES / "welsh-council"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    tmp = tmp_path_factory.mktemp("languages")
    (tmp / "forms").mkdir()
    built = build(LANGUAGES, tmp, forms_dir=tmp / "forms")
    assert [str(p) for p in built.result.problems.errors] == []
    assert [str(p) for p in built.result.problems.warnings] == []
    return built


def pages(site: BuiltSite) -> list[str]:
    return sorted("/" + p.relative_to(site.output).as_posix().removesuffix("index.html")
                  for p in site.output.rglob("*.html") if "_audit" not in p.parts and p.name == "index.html")


def test_the_welsh_a_to_z_puts_ch_entries_after_every_c_entry(site: BuiltSite) -> None:
    page = site.html("/cy/a-to-z/")
    headings = [h.get_text() for h in page.select(".az-group h2")]
    assert headings.index("Ch") == headings.index("C") + 1
    groups = {g.h2.get_text(): [li.get_text(" ", strip=True) for li in g.select(".az-list li")]
              for g in page.select(".az-group")}
    assert [e.split(" — ")[0] for e in groups["C"]] == ["Campfa", "Casglu gwastraff gardd", "Cyfarfodydd y cyngor"]
    assert groups["Ch"] == ["Chwaraeon a chanolfannau hamdden"]
    # The letters across the top are the Welsh alphabet's, digraphs included.
    letters = [li.get_text() for li in page.select(".az-letters li")]
    assert letters[:5] == ["A", "B", "C", "Ch", "D"] and "Ll" in letters and "K" not in letters


def test_welsh_synonyms_come_from_welsh_keywords_only(site: BuiltSite) -> None:
    text = site.html("/cy/a-to-z/").main.get_text(" ")
    assert "Campfa — gweler Chwaraeon a chanolfannau hamdden" in " ".join(text.split())
    assert "Gym" not in text and "Swimming" not in text
    assert "Gym — see Sport and leisure centres" in " ".join(site.html("/a-to-z/").main.get_text(" ").split())


@pytest.mark.parametrize(("url", "lang", "direction"), [
    ("/services/garden-waste/", "en-GB", None),
    ("/", "en-GB", None),
    ("/cy/services/garden-waste/", "cy", "ltr"),
    ("/cy/", "cy", "ltr"),
    ("/ur/contact/", "ur", "rtl"),
    ("/ur/", "ur", "rtl"),
])
def test_each_page_says_its_language_and_direction(site: BuiltSite, url: str, lang: str, direction: str | None) -> None:
    html = site.html(url).html
    assert (html["lang"], html.get("dir")) == (lang, direction)


def alternates(site: BuiltSite, url: str) -> dict[str, str]:
    page = site.html(url)
    return {link["hreflang"]: link["href"].removeprefix("https://www.testshire.example")
            for link in page.select('head link[rel="alternate"][hreflang]')}


def test_hreflang_pairs_point_both_ways_on_every_page(site: BuiltSite) -> None:
    checked = 0
    for url in pages(site):
        found = alternates(site, url)
        for target in found.values():
            assert (site.output / target.strip("/") / "index.html").is_file(), f"{url} → {target}"
            back = alternates(site, target)
            assert back == found, f"{url} and {target} disagree on their versions"
            checked += 1
    assert checked > 30
    assert alternates(site, "/contact/") == {"en-GB": "/contact/", "cy": "/cy/contact/", "ur": "/ur/contact/"}


def test_language_links_use_each_language_s_own_name_and_only_where_the_page_exists(site: BuiltSite) -> None:
    links = site.html("/contact/").select(".language-links a")
    assert [(a.get_text(), a["href"], a["lang"], a["hreflang"]) for a in links] == [
        ("Cymraeg", "/cy/contact/", "cy", "cy"), ("اردو", "/ur/contact/", "ur", "ur")]
    # No Urdu translation of this service: no Urdu link, so no dead end.
    links = site.html("/services/garden-waste/").select(".language-links a")
    assert [a.get_text() for a in links] == ["Cymraeg"]
    back = site.html("/ur/contact/").select(".language-links a")
    assert [(a.get_text(), a["href"], a["lang"]) for a in back] == [
        ("English", "/contact/", "en-GB"), ("Cymraeg", "/cy/contact/", "cy")]
    for url in pages(site):
        for a in site.html(url).select(".language-links a"):
            assert (site.output / a["href"].strip("/") / "index.html").is_file(), f"{url} links to {a['href']}"


def test_a_page_of_a_one_language_site_has_no_language_links(fixture_site: BuiltSite) -> None:
    page = fixture_site.html("/services/report-a-pothole/")
    assert page.select(".language-links") == [] and page.select('link[rel="alternate"]') == []
    assert page.html["lang"] == "en-GB" and page.html.get("dir") is None


def test_welsh_pages_speak_welsh_from_the_catalogue_site_words_and_dates(site: BuiltSite) -> None:
    page = site.html("/cy/services/garden-waste/")
    assert page.title.get_text() == "Casglu gwastraff gardd – Cyngor Sir Testshire"
    assert page.select_one(".skip-link").get_text() == "Neidio i'r prif gynnwys"
    assert page.select_one(".last-reviewed").get_text(" ", strip=True) == "Adolygwyd ddiwethaf: 1 Hydref 2026"
    assert [a.get_text() for a in page.select(".breadcrumbs a")] == ["Hafan", "Biniau ac ailgylchu"]
    assert page.select_one(".breadcrumbs a")["href"] == "/cy/"
    assert page.select_one(".alert p").get_text(" ", strip=True).startswith("Pwysig: Mae casgliadau biniau")
    event = site.html("/cy/whats-on/")
    assert "5 Rhagfyr 2026, 10:00\u2009–\u200916:00" in event.select_one(".event-list__when").get_text()
    assert site.html("/whats-on/").select_one(".event-list__when").get_text().startswith("5 December 2026, 10am to 4pm")


def test_links_in_a_translation_go_to_the_same_language_s_page(site: BuiltSite) -> None:
    body = site.html("/cy/services/bin-collection-days/").select_one(".body")
    assert body.a["href"] == "/cy/services/garden-waste/"
    assert site.html("/services/bin-collection-days/").select_one(".body").a["href"] == "/services/garden-waste/"


def test_a_partial_language_lists_untranslated_services_in_english_marked_so(site: BuiltSite) -> None:
    items = site.html("/ur/category/bins-and-recycling/").select(".service-list li")
    link = items[0].a
    assert (link.get_text(), link["href"], link["lang"], link["hreflang"]) == (
        "Bin collection days", "/services/bin-collection-days/", "en-GB", "en-GB")
    assert (items[0].p["lang"], items[0].p["dir"]) == ("en-GB", "ltr")  # an English sentence in an Urdu page
    # The Urdu home page's top tasks lead to the English pages (none is translated), marked so.
    tasks = site.html("/ur/").select(".top-tasks a")
    assert [(a["href"], a.get("lang")) for a in tasks] == [
        ("/services/bin-collection-days/", "en-GB"), ("/services/pay-council-tax/", "en-GB")]
    # A page in its own language carries no such mark.
    assert site.html("/cy/category/bins-and-recycling/").select_one(".service-list a").get("lang") is None
    # The header's contact link goes to the Urdu contact page, which exists.
    nav = {a.get_text(): a for a in site.html("/ur/").select(".site-nav a")}
    assert nav["ہم سے رابطہ کریں"]["href"] == "/ur/contact/" and nav["ہم سے رابطہ کریں"].get("lang") is None


def test_each_language_has_its_home_a_to_z_categories_what_s_on_and_search(site: BuiltSite) -> None:
    for code in ("cy", "ur"):
        for path in ("", "a-to-z/", "whats-on/", "search/", "report-it/", "category/leisure/"):
            assert (site.output / code / path / "index.html").is_file(), f"/{code}/{path}"
    assert site.html("/cy/").h1.get_text() == "Cyngor Sir Testshire"
    assert site.html("/cy/search/").select_one("form.search-form")["action"] == "/cy/search/"
    sitemap = site.text("sitemap.xml")
    assert "https://www.testshire.example/cy/services/garden-waste/" in sitemap
    assert "https://www.testshire.example/ur/contact/" in sitemap


def test_each_language_has_its_own_search_index(site: BuiltSite) -> None:
    welsh = json.loads(site.text("search-index.cy.json"))
    assert welsh["language"] == "cy"
    titles = {d["title"] for d in welsh["documents"]}
    assert "Casglu gwastraff gardd" in titles and "Garden waste collections" not in titles
    assert ["campfa", "nofio"] in [d["keywords"] for d in welsh["documents"]]
    english = json.loads(site.text("search-index.json"))
    assert "Casglu gwastraff gardd" not in {d["title"] for d in english["documents"]}
    # Pagefind splits its index by <html lang>: one index per language.
    entry = json.loads(site.text("pagefind/pagefind-entry.json"))
    assert {code: lang["page_count"] for code, lang in entry["languages"].items()} == {
        "en-gb": 7, "cy": 7, "ur": 1}
    for lang in entry["languages"].values():
        assert list((site.output / "pagefind" / "index").glob(f"{lang['hash']}_*.pf_index")) or \
            list((site.output / "pagefind").glob(f"pagefind.{lang['hash']}.pf_meta"))


def test_the_same_site_comes_out_of_a_parallel_build(site: BuiltSite, tmp_path: Path) -> None:
    (tmp_path / "forms").mkdir()
    parallel = build(LANGUAGES, tmp_path, forms_dir=tmp_path / "forms", workers=2, search=False)
    for path in site.output.rglob("*.html"):
        if "_audit" not in path.parts:
            mine = parallel.output / path.relative_to(site.output)
            assert mine.read_bytes() == path.read_bytes(), path
