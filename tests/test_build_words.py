"""The words residents read: phone numbers that can be tapped, acronyms kept as written, one case
style for titles, lists that split where the editor meant, and each promise made once."""

from __future__ import annotations

import re

import pytest
from conftest import PROJECT, BuiltSite, build

from builder.contentmodel import split_translation
from portal.forms import load_forms
from portal.phones import phone_links, tel_href
from portal.siteconfig import load_site_config


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build(PROJECT / "content", tmp_path_factory.mktemp("sample"), forms_dir=PROJECT / "forms",
                 search=False)


def test_phone_numbers_in_page_text_are_tel_links(sample: BuiltSite) -> None:
    body = sample.html("/services/pay-your-rent/").select_one(".body")
    assert body.find("a", string="0116 496 0241")["href"] == "tel:+441164960241"
    # every number written in any service page's text can be tapped
    for path in (sample.output / "services").glob("*/index.html"):
        html = path.read_text(encoding="utf-8")
        body_html = html.split('<div class="body">', 1)[1].split("</div>", 1)[0]
        text_only = re.sub(r"<a [^>]*>.*?</a>", "", body_html)
        assert not re.search(r"\b0\d{3} \d{3} \d{4}\b", text_only), path


def test_phone_numbers_in_notices_and_opening_hours_are_tel_links(sample: BuiltSite) -> None:
    box = sample.html("/services/report-a-pothole/").select_one(".contact-box")
    assert [a["href"] for a in box.select("a[href^='tel:']")] == ["tel:+441164960200", "tel:+441164960201"]
    assert str(phone_links("Call 0116 496 0555 now <b>")) == \
        'Call <a href="tel:+441164960555">0116 496 0555</a> now &lt;b&gt;'
    assert tel_href("18001 0116 496 0000") == "tel:1800101164960000"  # Relay UK dials the prefix
    # A Relay UK number may wrap after its prefix on a phone, never inside the number itself.
    assert ">18001 0116\u00a0496\u00a00000</a>" in str(phone_links("Textphone 18001 0116 496 0000"))


def test_the_a_to_z_keeps_acronyms_as_written(sample: BuiltSite) -> None:
    entries = [li.get_text(" ", strip=True) for li in sample.html("/a-to-z/").select(".az-list__synonym")]
    for label in ("Band D", "Voter ID", "ID to vote", "FSM", "NNDR"):
        assert any(e.startswith(label + " ") for e in entries), label


# Words that keep their capitals in a sentence-case title: names of places, schemes and services.
PROPER = {"Council", "Tax", "Housing", "Benefit", "Blue", "Badge", "Discretionary", "Payment",
          "Reduction", "Kestrelford", "Market", "Square", "Hollins", "Wood"}


def test_titles_use_sentence_case() -> None:
    titles = []
    for path in (PROJECT / "content").rglob("*.md"):
        if split_translation(path.name[:-3])[1]:
            continue  # English capitalisation rules: a Welsh title has its own proper nouns ("Budd-dal Tai")
        titles += re.findall(r"^title: (.+)$", path.read_text(encoding="utf-8"), re.M)
    site = load_site_config(PROJECT / "content" / "site.yaml")
    titles += [c.title for c in site.categories.values()] + [t.title for t in site.top_tasks]
    for form in load_forms(PROJECT / "forms").values():
        titles += [form.title, *(page.title for page in form.pages)]
    assert len(titles) > 100
    wrong = [t for t in titles if any(w[:1].isupper() and w.strip(",?") not in PROPER and not w.isupper()
                                      for w in t.split()[1:])]
    assert wrong == []


def test_a_list_item_with_a_comma_stays_one_bullet(sample: BuiltSite) -> None:
    items = [li.get_text() for li in sample.html("/forms/comments-compliments-and-complaints/").select("main ul li")]
    assert "the names of any staff you dealt with, if you know them" in items
    assert "if you know them" not in items


def test_start_pages_say_the_response_time_once(sample: BuiltSite) -> None:
    for form in load_forms(PROJECT / "forms").values():
        text = sample.html(f"/forms/{form.slug}/").select_one("main").get_text(" ")
        assert text.count(f"within {form.target_days} working days") <= 1, form.slug
