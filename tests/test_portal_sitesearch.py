"""Site search ranks by how many of a resident's words a page matches: every service keyword and
a list of phrases residents really type each find their service in the top 3 of the sample."""

from __future__ import annotations

import json

import pytest
from conftest import PROJECT, build
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.sitesearch import STOP_WORDS, SearchDocument, SearchIndex, rank

PHRASES = [
    ("my bins were missed", "report-a-missed-bin"),
    ("pothole compensation", "report-a-pothole"),
    ("bus pass for older people", "apply-for-a-bus-pass"),
    ("when is my bin day", "bin-collection-days"),
    ("how do i pay my council tax", "pay-council-tax"),
    ("there is a big hole in the road", "report-a-pothole"),
    ("street light not working", "report-a-street-light-fault"),
    ("someone dumped rubbish in the lane", "report-fly-tipping"),
    ("neighbours playing loud music at night", "report-a-noise-problem"),
    ("car parked for weeks not moved", "report-an-abandoned-vehicle"),
    ("graffiti on the bus shelter", "report-graffiti"),
    ("broken paving slab outside my house", "report-a-damaged-pavement"),
    ("i need a new recycling box", "request-a-recycling-bin-or-box"),
    ("get rid of an old sofa", "bulky-waste-collection"),
    ("tip opening times", "household-recycling-centre"),
    ("brown bin for garden waste", "garden-waste-subscription"),
    ("help paying my rent", "apply-for-housing-benefit"),
    ("i am going to be homeless", "homelessness-help"),
    ("my council house boiler is broken", "repairs-to-your-council-home"),
    ("blue badge for disabled parking", "apply-for-a-blue-badge"),
    ("parking permit for my street", "resident-parking-permits"),
    ("appeal a parking ticket", "parking-fines"),
    ("single person discount council tax", "council-tax-discounts"),
    ("what band is my house", "council-tax-bands"),
    ("register to vote", "register-to-vote"),
    ("vote by post", "apply-for-a-postal-vote"),
    ("where do i vote", "find-your-polling-station"),
    ("register my baby's birth", "register-a-birth"),
    ("someone has died what do i do", "register-a-death"),
    ("copy of birth certificate", "order-a-certificate"),
    ("getting married in kestrelford", "marriages-and-civil-partnerships"),
    ("renew my library books", "renew-library-books"),
    ("library opening hours", "library-opening-times"),
    ("swimming lessons booking", "leisure-centre-bookings"),
    ("apply for a school place", "school-admissions"),
    ("free school dinners", "free-school-meals"),
    ("care for my elderly mum", "get-help-from-adult-social-care"),
    ("rats in my garden", "pest-control"),
    ("dog mess on the pavement", "report-dog-fouling"),
    ("do i need planning permission for an extension", "apply-for-planning-permission"),
    ("make a complaint about the council", "comments-compliments-and-complaints"),
    ("who is my councillor", "find-your-councillor"),
    ("jobs at the council", "jobs-at-the-council"),
    ("damp and mould in my rented flat", "report-a-problem-with-a-rented-home"),
    ("worried about a vulnerable adult", "report-concerns-about-an-adult"),
    ("domestic violence help", "get-help-with-domestic-abuse"),
    ("gritting my road in snow", "road-gritting"),
    ("tree overhanging my garden from the park", "trees-on-council-land"),
    ("rent an allotment", "apply-for-an-allotment"),
    ("taxi driver licence", "taxi-and-private-hire-licences"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    site = build(PROJECT / "content", tmp_path_factory.mktemp("sample"), forms_dir=PROJECT / "forms",
                 search=False)
    return SearchIndex.load(site.output / "search-index.json")


def top3(index: SearchIndex, query: str) -> list[str]:
    return [r.document.url for r in index.rank(query, limit=3)]


def test_every_keyword_of_every_service_finds_it_in_the_top_3(index: SearchIndex) -> None:
    services = [d for d in index.documents if d.kind == "service"]
    assert len(services) >= 60
    missed = [(d.url, k, top3(index, k)) for d in services for k in d.keywords if d.url not in top3(index, k)]
    assert missed == []


def test_every_service_title_finds_it_in_the_top_3(index: SearchIndex) -> None:
    services = [d for d in index.documents if d.kind == "service"]
    assert [(d.url, top3(index, d.title)) for d in services if d.url not in top3(index, d.title)] == []


@pytest.mark.parametrize(("phrase", "slug"), PHRASES, ids=[p for p, _ in PHRASES])
def test_a_residents_phrase_finds_its_service_in_the_top_3(index: SearchIndex, phrase: str, slug: str) -> None:
    assert len(PHRASES) >= 30
    assert f"/services/{slug}/" in top3(index, phrase)


def test_services_rank_above_cookies_and_privacy(index: SearchIndex) -> None:
    urls = [r.document.url for r in index.rank("pothole")]
    assert urls[0] == "/services/report-a-pothole/"
    assert urls.index("/cookies/") > max(urls.index("/services/report-a-pothole/"),
                                          urls.index("/forms/report-a-pothole/"))


DOCS = [
    SearchDocument(url="/a/", title="Report a missed bin", summary="Tell us if we missed your bin.",
                   kind="service", keywords=("bin not emptied",)),
    SearchDocument(url="/b/", title="Bin collection days", summary="Find your collection day.", kind="service"),
    SearchDocument(url="/c/", title="Cookies", summary="The cookies we set.", kind="page",
                   words=("we", "missed", "bin")),
]


def test_words_that_match_nothing_and_common_words_do_not_exclude_pages() -> None:
    assert [r.document.url for r in rank(DOCS, "my bins were missed zzzz")][:1] == ["/a/"]
    assert rank(DOCS, "the and of") == []


def test_pages_rank_by_how_many_words_they_match_then_where() -> None:
    found = rank(DOCS, "missed bin collection")
    assert [r.matched for r in found] == [2, 2, 2]
    assert found[-1].document.url == "/c/"  # words in titles beat words in a plain page's body
    assert [r.document.url for r in rank(DOCS, "missed bin")][0] == "/a/"  # both in the title
    assert [r.document.url for r in rank(DOCS, "bin not emptied")][0] == "/a/"


def test_the_build_writes_one_search_index_file_in_the_documented_shape(tmp_path) -> None:
    site = build(PROJECT / "content", tmp_path, forms_dir=PROJECT / "forms", search=False)
    data = json.loads((site.output / "search-index.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["language"] == "en-GB" and "my" in data["stop_words"]
    by_url = {d["url"]: d for d in data["documents"]}
    pothole = by_url["/services/report-a-pothole/"]
    assert set(pothole) == {"url", "title", "summary", "keywords", "words", "kind"}
    assert pothole["kind"] == "service" and "hole in road" in pothole["keywords"]
    assert "damage" in pothole["words"] and len(pothole["words"]) == len(set(pothole["words"]))
    assert {d["kind"] for d in data["documents"]} == {"service", "form", "event", "page"}
    assert by_url["/forms/report-a-pothole/"]["summary"].startswith("Tell us where a pothole is")
    stop = site.html("/search/").select_one("#search-results")["data-stop-words"].split()
    assert stop == data["stop_words"]  # the browser drops the same common words as the server


def test_the_index_follows_an_edit_and_is_left_alone_when_nothing_changed(content_copy, tmp_path) -> None:
    content = content_copy()
    site = build(content, tmp_path, search=False)
    index_file = site.output / "search-index.json"
    written = index_file.stat().st_mtime_ns
    build(content, tmp_path, search=False)
    assert index_file.stat().st_mtime_ns == written
    page = content / "services" / "report-a-pothole.md"
    page.write_text(page.read_text() + "\nSinkholes are reported here too.\n")
    build(content, tmp_path, search=False)
    pothole = next(d for d in SearchIndex.load(index_file).documents if d.url == "/services/report-a-pothole/")
    assert "sinkholes" in pothole.words



_DOCUMENTS = st.lists(st.builds(
    SearchDocument, url=st.text(), title=st.text(), summary=st.text(), kind=st.sampled_from(["service", "page"]),
    keywords=st.lists(st.text(), max_size=4).map(tuple), words=st.lists(st.text(), max_size=8).map(tuple)),
    max_size=4)


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS, st.text(max_size=5))
def test_the_index_is_written_as_the_json_module_writes_it(documents: list[SearchDocument], language: str) -> None:
    # search-index.json is read by the browser's search and by the backend's; its bytes stay those
    # of json.dumps(indent=0, sort_keys=True), whatever the text (quotes, controls, separators).
    expected = json.dumps({"version": 1, "language": language, "stop_words": sorted(STOP_WORDS),
                           "documents": [vars(d) for d in documents]}, ensure_ascii=False, indent=0, sort_keys=True)
    assert SearchIndex(documents, language=language).to_json() == expected
