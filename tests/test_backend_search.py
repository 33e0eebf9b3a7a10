"""Server search: /search/?q= answers without JavaScript from the index the build writes, with
the query kept in the box, phrases finding services, and a plain page when there is no index."""

from __future__ import annotations

import os
import shutil

from backend_support import soup


def use_index(app, fixture_site, tmp_path):
    copy = tmp_path / "search-index.json"
    shutil.copy(fixture_site.output / "search-index.json", copy)
    app.config["SEARCH_INDEX"] = copy
    return copy


def titles(response) -> list[str]:
    return [a.get_text(strip=True) for a in soup(response).select(".search-results__title a")]


def test_a_phrase_finds_the_service_without_javascript(app, client, fixture_site, tmp_path) -> None:
    use_index(app, fixture_site, tmp_path)
    response = client.get("/search/?q=my+bins+were+not+emptied")
    assert response.status_code == 200
    page = soup(response)
    assert page.find("script", src=True) is None or "search.js" not in str(page.find_all("script"))
    assert "Report a missed bin" in titles(response)[:3]
    assert page.select_one("main form[role=search][action='/search/'] input[name=q]")["value"] == \
        "my bins were not emptied"  # the query stays in the box
    assert page.title.get_text().startswith("my bins were not emptied")
    first = page.select_one(".search-results__item")
    assert first.a["href"].startswith("/") and first.p.get_text(strip=True)
    assert titles(client.get("/search/?q=hole+in+road"))[0] == "Report a pothole"
    assert "Pay your council tax" in titles(client.get("/search/?q=ctax"))


def test_nothing_found_and_an_empty_query_say_what_to_do(app, client, fixture_site, tmp_path) -> None:
    use_index(app, fixture_site, tmp_path)
    none = soup(client.get("/search/?q=zzqxv"))
    assert "No pages match zzqxv" in none.get_text(" ", strip=True)
    assert none.select_one("#search-results a[href='/a-to-z/']")
    empty = client.get("/search/")
    assert empty.status_code == 200 and "Type what you are looking for" in empty.get_data(as_text=True)
    hostile = client.get("/search/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert hostile.status_code == 200 and "<script>alert" not in hostile.get_data(as_text=True)


def test_a_rebuilt_index_is_used_at_once(app, client, fixture_site, tmp_path) -> None:
    path = use_index(app, fixture_site, tmp_path)
    assert titles(client.get("/search/?q=pothole"))
    text = path.read_text(encoding="utf-8").replace("Report a pothole", "Report a road defect")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert "Report a road defect" in titles(client.get("/search/?q=pothole"))


def test_without_an_index_search_points_to_the_a_to_z(app, client, tmp_path) -> None:
    app.config["SEARCH_INDEX"] = tmp_path / "missing.json"
    response = client.get("/search/?q=bins")
    assert response.status_code == 503
    assert soup(response).select_one("#search-results a[href='/a-to-z/']")
