"""The sample council that ships with the project builds cleanly, even under --strict."""

from __future__ import annotations

import pytest
from conftest import PROJECT, BuiltSite, build

from portal.siteconfig import load_site_config


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build(PROJECT / "content", tmp_path_factory.mktemp("sample"), forms_dir=PROJECT / "forms")


def test_sample_builds_with_no_errors_or_warnings(sample: BuiltSite) -> None:
    assert [str(p) for p in sample.result.problems.errors] == []
    assert [str(p) for p in sample.result.problems.warnings] == []
    assert not sample.result.failed(strict=True)


def test_sample_has_the_services_residents_need(sample: BuiltSite) -> None:
    services = sorted(p for p in (sample.output / "services").iterdir() if p.is_dir())
    assert len(services) >= 60
    az = sample.html("/a-to-z/").get_text(" ").lower()
    for words in ("missed bin", "anti-social behaviour", "abandoned vehicle", "graffiti", "fly-tipping",
                  "street light", "pothole", "pavement", "council home", "choice-based lettings",
                  "housing benefit", "recycling", "blue badge", "library", "repair", "postal vote",
                  "council tax", "parking permit", "birth", "death", "marriage", "leisure",
                  "school place", "adult social care", "complaints"):
        assert words in az, words
    complaints = next(p for p in services if "complain" in p.name)
    assert "10 working days" in (complaints / "index.html").read_text()


def test_sample_has_upcoming_events_and_the_key_telephone_services(sample: BuiltSite) -> None:
    assert len(sample.html("/whats-on/").select(".event-list li")) >= 5
    rows = [tr.th.get_text(strip=True) for tr in sample.html("/contact/").select(".phone-table tbody tr")]
    contacts = load_site_config(PROJECT / "content" / "site.yaml").contacts.values()
    assert sorted(rows) == sorted(c.name for c in contacts)  # every team in site.yaml's contacts
    table = sample.html("/contact/").select_one(".phone-table")
    highways = next(tr for tr in table.select("tbody tr") if tr.th.get_text() == "Highways and street lighting")
    assert [a["href"] for a in highways.select("a")] == ["tel:+441164960200", "tel:+441164960201"]
    assert all("0116 496 0" in td.get_text() or "18001" in td.get_text()
               for td in sample.html("/contact/").select(".phone-table tbody td:nth-of-type(1)"))
