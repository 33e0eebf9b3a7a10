"""Rebuilds: unchanged pages are left alone, edited ones rewritten, removed ones deleted."""

from __future__ import annotations

from conftest import build


def test_rebuild_rewrites_only_what_changed_and_removes_what_went(content_copy, tmp_path) -> None:
    content = content_copy()
    no_forms = tmp_path / "forms"
    no_forms.mkdir()
    site = build(content, tmp_path, search=False, forms_dir=no_forms)
    untouched = site.output / "services/pay-council-tax/index.html"
    edited = site.output / "services/bin-collection-days/index.html"
    untouched.write_text(untouched.read_text() + "<!-- marker -->")  # survives only if not rewritten

    source = content / "services/bin-collection-days.md"
    source.write_text(source.read_text().replace("We collect bins every week.", "We collect bins weekly."))
    (content / "services/report-a-pothole.md").unlink()
    site = build(content, tmp_path, search=False, forms_dir=no_forms)

    assert site.result.problems.errors == []
    assert untouched.read_text().endswith("<!-- marker -->")
    assert "We collect bins weekly." in edited.read_text()
    assert not (site.output / "services/report-a-pothole/index.html").exists()
    # The A–Z is made afresh from every service, so the removed one has gone from it too.
    assert "Report a pothole" not in site.html("/a-to-z/").get_text()


def test_change_to_site_settings_rewrites_every_page(content_copy, tmp_path) -> None:
    content = content_copy()
    build(content, tmp_path, search=False)
    settings = content / "site.yaml"
    settings.write_text(settings.read_text().replace("Testshire District Council", "Testshire Council"))
    site = build(content, tmp_path, search=False)
    assert site.html("/services/pay-council-tax/").title.get_text() == "Pay your council tax – Testshire Council"


def test_search_index_is_rebuilt_only_when_content_changed(content_copy, tmp_path) -> None:
    content = content_copy()
    site = build(content, tmp_path)
    index = site.output / "pagefind" / "pagefind.js"
    index.write_text(index.read_text() + "// marker")
    build(content, tmp_path)
    assert index.read_text().endswith("// marker")  # nothing changed: the index was kept
    source = content / "services/pay-council-tax.md"
    source.write_text(source.read_text().replace("## Ways to pay", "## How to pay"))
    build(content, tmp_path)
    assert not index.read_text().endswith("// marker")
