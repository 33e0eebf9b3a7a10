"""The contact-centre handbook built from the sample content with mkdocs-material in its own
environment: what call handlers find in it, that staff notes never reach the public site, that
the backend serves it to signed-in staff, and that it passes the accessibility audit.

These need .venv-handbook (`make handbook` makes it; CI always does): without it they skip,
saying so, except in CI, where they fail.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from builder.build import build_site
from builder.handbook.build import build_handbook
from builder.handbook.markup import RECORD_REPORT_URL
from builder.handbook.model import load_handbook
from builder.handbook.runner import MkdocsMissing, find_mkdocs
from builder.handbook.staffnotes import staff_notes_files
from portal.errors import Problems
from portal.forms import load_forms

PROJECT = Path(__file__).resolve().parent.parent
CONTENT, FORMS = PROJECT / "content", PROJECT / "forms"


def need_handbook_env() -> None:
    try:
        find_mkdocs()
    except MkdocsMissing as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so the handbook tests must run, but: {exc}")
        pytest.skip(f"the handbook's mkdocs-material environment is not installed ({exc}); CI makes it")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample content built twice: the public site and the handbook."""
    need_handbook_env()
    root = tmp_path_factory.mktemp("handbook")
    public = build_site(CONTENT, root / "output", forms_dir=FORMS, cache_dir=root / "cache")
    assert public.problems.errors == []
    result = build_handbook(CONTENT, root / "output-handbook", forms_dir=FORMS, public_output=root / "output",
                            work_dir=root / "work")
    assert result.problems.errors == [] and result.problems.warnings == [], result.problems
    return {"public": root / "output", "handbook": root / "output-handbook", "work": root / "work"}


def page(built: dict[str, Path], path: str) -> BeautifulSoup:
    return BeautifulSoup((built["handbook"] / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def text_of(folder: Path) -> str:
    """Every file's text, pagefind's compressed index included, unescaped and on one line."""
    parts = []
    for file in folder.rglob("*"):
        if not file.is_file():
            continue
        data = file.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        parts.append(data.decode("utf-8", errors="replace"))
    return " ".join(html.unescape(" ".join(parts)).split())


def staff_phrases() -> list[str]:
    """Each staff note's questions, checks, escalation text and body sentences, as plain text.

    Headings are left out: short labels such as "Bank holidays" are on public pages too."""
    phrases = []
    for file in staff_notes_files(CONTENT):
        _, front, body = file.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.safe_load(front)
        for key in ("questions", "eligibility"):
            phrases += data.get(key) or []
        phrases.append(data["escalate_when"])
        prose = "\n".join(line for line in body.splitlines() if not line.startswith("#"))
        for sentence in re.split(r"(?<=[.:;])\s+|\n+", prose):
            plain = re.sub(r"[#*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", sentence).strip()
            if len(plain) >= 20:
                phrases.append(plain)
    return [" ".join(p.split()) for p in phrases]


def test_the_sample_has_notes_for_the_top_tasks_and_every_service_with_a_form() -> None:
    problems = Problems()
    handbook = load_handbook(CONTENT, FORMS, PROJECT, problems)
    assert problems.errors == []
    top_tasks = {t.url.strip("/").rpartition("/")[2] for t in handbook.site.top_tasks}
    with_forms = {f.service for f in load_forms(FORMS, PROJECT).values()}
    assert top_tasks | with_forms <= set(handbook.notes), (top_tasks | with_forms) - set(handbook.notes)
    assert len(handbook.notes) >= 10


def test_staff_notes_never_reach_the_public_site_its_search_index_or_sitemap(built) -> None:
    phrases = staff_phrases()
    assert len(phrases) > 150
    public, handbook = text_of(built["public"]), text_of(built["handbook"])
    assert (built["public"] / "sitemap.xml").is_file() and any((built["public"] / "pagefind").rglob("*.pf_fragment"))
    # Searched for in the handbook too, so a phrase this test cannot find is not taken as safe.
    assert [p for p in phrases if p not in handbook] == []
    assert [p for p in phrases if p in public] == []
    assert "staff.md" not in public


def test_a_service_page_has_its_staff_notes_beside_the_public_text(built) -> None:
    pothole = page(built, "services/report-a-pothole")
    text = pothole.get_text(" ", strip=True)
    assert pothole.h1.get_text(strip=True) == "Report a pothole"
    headings = [h.get_text(strip=True) for h in pothole.select("article h2")]
    assert headings == ["Staff notes", "What residents read"]
    assert "Which side of the road, and is it in the carriageway" in text  # a question to ask
    assert "The road is adopted, not a private road" in text  # an eligibility check
    assert "Highways customer liaison officer" in text
    escalate = pothole.find("a", string="Highways and street lighting", href="../../contacts/#highways")
    assert escalate is not None
    record = pothole.find("a", href=RECORD_REPORT_URL.format(slug="report-a-pothole"))
    assert record is not None and "Record a phone or face-to-face report" in record.get_text()
    # The public text as residents read it, with its links pointing at the handbook's own pages.
    assert "An inspector will look at the pothole within 5 working days" in text
    assert pothole.select_one('.hb-public a[href="../../services/report-a-damaged-pavement/"]') is not None
    bare = page(built, "services/council-tax-bands").get_text(" ", strip=True)
    assert "There are no staff notes for this service yet" in bare


def test_the_a_to_z_lists_every_service_and_the_words_callers_use(built) -> None:
    az = page(built, "a-to-z")
    links = {a.get_text(strip=True): a["href"] for a in az.select("article li a")}
    assert links["Report a pothole"] == "../services/report-a-pothole/"
    synonym = next(li for li in az.select("article li") if li.em and li.em.get_text() == "Pot hole")
    assert synonym.a["href"] == "../services/report-a-pothole/"
    # Every service once, in English: staff notes and translations (x.cy.md) are not services of their own.
    services = {p.stem for p in (CONTENT / "services").glob("*.md") if "." not in p.stem}
    assert {h.rstrip("/").rpartition("/")[2] for h in links.values()} == services


def test_contacts_and_key_numbers(built) -> None:
    directory = page(built, "contacts").get_text(" ", strip=True)
    site = yaml.safe_load((CONTENT / "site.yaml").read_text(encoding="utf-8"))
    for contact in site["contacts"].values():
        assert contact["name"] in directory and contact["phone"] in directory
    numbers = page(built, "key-numbers")
    entries = [li for li in numbers.select("li") if (first := li.find("a")) and "contacts/#" in first.get("href", "")]
    phones = [li.select_one("a[href^='tel:']").get_text(" ", strip=True) for li in entries]
    # The same table as the public contact page: site.yaml's telephone_table first, then every
    # other team with a phone, so none is missing.
    listed = list(site["telephone_table"])
    rest = [k for k, c in site["contacts"].items() if c.get("phone") and k not in listed]
    assert phones == [site["contacts"][k]["phone"] for k in listed + rest]


def test_each_form_page_asks_exactly_what_the_web_asks_and_links_to_recording_it(built) -> None:
    for form in load_forms(FORMS, PROJECT).values():
        form_page = page(built, f"forms/{form.slug}")
        text = form_page.get_text(" ", strip=True)
        for question in form.fields:
            assert question.label in text, (form.slug, question.label)
            for choice in question.choices:
                assert choice.label in text, (form.slug, choice.label)
        assert form_page.find("a", href=RECORD_REPORT_URL.format(slug=form.slug)) is not None


def test_the_record_link_is_the_backends_record_page(app) -> None:
    with app.test_request_context():
        assert app.url_for("staff.new_case_form", slug="report-a-pothole") == \
            RECORD_REPORT_URL.format(slug="report-a-pothole")


def test_search_covers_staff_notes_and_loads_nothing_from_outside(built) -> None:
    index = json.loads((built["handbook"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("highways duty officer" in doc["text"] for doc in index["docs"])
    everything = text_of(built["handbook"])
    assert "fonts.googleapis" not in everything and "fonts.gstatic" not in everything
    for html_file in built["handbook"].rglob("*.html"):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        # The backend's Content-Security-Policy allows no inline script.
        inline = [s for s in soup.find_all("script") if not s.get("src") and s.get("type") != "application/json"]
        assert inline == [], html_file
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert not (built["handbook"] / "sitemap.xml").exists()


def test_mkdocs_yml_comes_from_site_yaml_with_a_grouped_navigation(built) -> None:
    config = yaml.safe_load((built["work"] / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Kestrelford contact-centre handbook"
    assert config["theme"]["font"] is False and config["theme"]["logo"] == "assets/handbook/logo.svg"
    assert [next(iter(item)) for item in config["nav"]] == ["Home", "Find", "Services", "Forms"]
    categories = [next(iter(group)) for group in config["nav"][2]["Services"]]
    assert "Roads and streets" in categories
    css = (built["handbook"] / "assets" / "handbook" / "council.css").read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #0b4f6c" in css
    # Each page carries the categories and its own category's services, not the whole handbook.
    nav_links = page(built, "services/report-a-pothole").select("nav.hb-nav a")
    assert 20 < len(nav_links) < 60


def test_the_backend_serves_the_built_handbook_to_signed_in_staff(built, app, client) -> None:
    from staff_support import add_staff, sign_in  # noqa: PLC0415

    app.config["HANDBOOK_DIR"] = built["handbook"]
    assert app.test_client().get("/staff/handbook/services/report-a-pothole/").status_code == 302
    sign_in(client, add_staff())
    response = client.get("/staff/handbook/services/report-a-pothole/")
    assert response.status_code == 200
    assert "highways duty officer" in response.get_data(as_text=True)
    assert client.get("/staff/handbook/search/search_index.json").status_code == 200


# One page of each kind the handbook has (every page of a kind comes from the same template and
# page writer); `python build.py audit --site output-handbook` audits all of them.
AUDITED = ("", "a-to-z", "contacts", "key-numbers", "categories/roads-and-streets", "services/report-a-pothole",
           "services/council-tax-bands", "services/apply-for-housing-benefit", "forms",
           "forms/report-a-pothole", "forms/report-anti-social-behaviour")


def test_the_handbook_passes_the_accessibility_audit_at_both_viewports(built, tmp_path: Path) -> None:
    from builder.audit import VIEWPORTS, Auditor, BrowserNotFound, find_chromium  # noqa: PLC0415

    try:
        chromium = find_chromium()
    except BrowserNotFound as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so the browser tests must run, but: {exc}")
        pytest.skip("Chromium not installed; CI installs it (apt-get install chromium)")
    site = tmp_path / "handbook"
    shutil.copytree(built["handbook"], site, ignore=shutil.ignore_patterns("index.html"))
    for path in AUDITED:
        shutil.copy(built["handbook"] / path / "index.html", site / path / "index.html")
    with Auditor(chromium) as auditor:
        checked = auditor.audit(site, cache_dir=tmp_path / "audit-cache")
    assert len(checked.pages) == len(AUDITED) and len(VIEWPORTS) == 2
    assert [(f.url, f.viewport, f.rule, f.selector) for f in checked.violations] == []
