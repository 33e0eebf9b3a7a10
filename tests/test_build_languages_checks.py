"""The build's checks on translations (builder.languages_check, portal.sitewords), each tripped
on a copy of the Welsh council fixture, with the file:line and words an editor reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT, BuiltSite, build

from builder.languages_check import check_catalogue
from portal.errors import Problems
from portal.languages import Language


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "welsh-council", target)
    return target


def built(content: Path, tmp_path: Path, **kwargs) -> BuiltSite:
    (tmp_path / "forms").mkdir(parents=True, exist_ok=True)
    return build(content, tmp_path, forms_dir=tmp_path / "forms", search=False, **kwargs)


def messages(problems: list) -> list[tuple[str, int, str]]:
    return [(Path(p.path).as_posix().split("/content/", 1)[-1], p.line, p.message) for p in problems]


def test_the_fixture_builds_with_no_problems(content: Path, tmp_path: Path) -> None:
    site = built(content, tmp_path)
    assert site.result.problems.errors == [] and site.result.problems.warnings == []


def test_a_full_language_with_a_page_missing_warns_and_fails_under_strict(content: Path, tmp_path: Path) -> None:
    (content / "services" / "garden-waste.cy.md").unlink()
    site = built(content, tmp_path)
    assert messages(site.result.problems.warnings) == [
        ("services/garden-waste.md", 1, "has no Welsh translation, and cy is a full language in site.yaml; "
         f"add {Path(content, 'services/garden-waste.cy.md').as_posix()}")]
    assert site.result.problems.errors == []
    assert site.result.failed(strict=True) and not site.result.failed(strict=False)
    # Meanwhile the Welsh listings lead to the English page, marked as English.
    link = site.html("/cy/category/bins-and-recycling/").find("a", string="Garden waste collections")
    assert (link["href"], link["lang"]) == ("/services/garden-waste/", "en-GB")


def test_a_partial_language_may_leave_pages_out(content: Path, tmp_path: Path) -> None:
    (content / "pages" / "contact.ur.md").unlink()
    site = built(content, tmp_path)
    assert site.result.problems.warnings == [] and site.result.problems.errors == []
    assert not (site.output / "ur" / "contact").exists()
    assert [a.get_text() for a in site.html("/contact/").select(".language-links a")] == ["Cymraeg"]


def test_a_translation_older_than_its_source_is_a_warning(content: Path, tmp_path: Path) -> None:
    source = content / "services" / "garden-waste.md"
    source.write_text(source.read_text(encoding="utf-8").replace("last_reviewed: 2026-10-01",
                                                                 "last_reviewed: 2026-11-02"), encoding="utf-8")
    site = built(content, tmp_path)
    found = messages(site.result.problems.warnings)
    assert found == [("services/garden-waste.cy.md", 7,
                      "the Welsh translation was last reviewed 2026-10-01, before its source "
                      f"{source.as_posix()} (2026-11-02); bring it up to date, then set last_reviewed")]


def test_a_translation_with_no_source_page_is_an_error(content: Path, tmp_path: Path) -> None:
    shutil.copy(content / "services" / "garden-waste.cy.md", content / "services" / "ailgylchu.cy.md")
    site = built(content, tmp_path)
    assert ("services/ailgylchu.cy.md", 0,
            f"translates a page that does not exist: there is no {(content / 'services/ailgylchu.md').as_posix()}; "
            "a translation sits beside its page, named like it with the language code before .md"
            ) in messages(site.result.problems.errors)


@pytest.mark.parametrize(("key", "was", "now", "line", "expected"), [
    ("category", "category: bins-and-recycling", "category: leisure", 4, "'category: bins-and-recycling' as"),
    ("contact", "contact: waste", "contact: general", 6, "'contact: waste' as"),
    ("owner", "owner: Waste services", "owner: Gwasanaethau gwastraff", 9, "'owner: Waste services' as"),
])
def test_a_translation_s_keys_other_than_text_must_match_its_source(
        content: Path, tmp_path: Path, key: str, was: str, now: str, line: int, expected: str) -> None:
    path = content / "services" / "garden-waste.cy.md"
    text = path.read_text(encoding="utf-8").replace(was, now)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(now) + 1
    site = built(content, tmp_path)
    source = (content / "services" / "garden-waste.md").as_posix()
    assert ("services/garden-waste.cy.md", line,
            f"{key} differs from the page it translates: write {expected} {source} (only the text is translated)"
            ) in messages(site.result.problems.errors)


def test_a_translation_missing_a_key_its_source_has_is_an_error(content: Path, tmp_path: Path) -> None:
    source = content / "services" / "garden-waste.md"
    source.write_text(source.read_text(encoding="utf-8").replace("owner: Waste services\n", "owner: Waste services\n"
                                                                 "form: order-a-bin\n"), encoding="utf-8")
    site = built(content, tmp_path)
    assert any(m[0] == "services/garden-waste.cy.md" and m[2].startswith("form differs from the page it translates: "
                                                                          "write 'form: order-a-bin' as")
               for m in messages(site.result.problems.errors))


def test_a_translation_into_an_undeclared_language_is_an_error(content: Path, tmp_path: Path) -> None:
    shutil.copy(content / "services" / "garden-waste.cy.md", content / "services" / "garden-waste.pl.md")
    site = built(content, tmp_path)
    assert ("services/garden-waste.pl.md", 0,
            "is a translation into 'pl', which site.yaml does not declare (languages: cy, ur); add 'pl: partial' "
            "under languages: in content/site.yaml, or rename the file") in messages(site.result.problems.errors)


def test_site_words_name_the_line_of_a_key_site_yaml_lacks(content: Path, tmp_path: Path) -> None:
    words = content / "site.cy.yaml"
    words.write_text(words.read_text(encoding="utf-8").replace("  leisure:\n", "  hamdden:\n"), encoding="utf-8")
    site = built(content, tmp_path)
    line = words.read_text(encoding="utf-8").splitlines().index("  hamdden:") + 1
    found = messages(site.result.problems.errors)
    assert len(found) == 1 and found[0][:2] == ("site.cy.yaml", line)
    assert found[0][2].startswith("categories: 'hamdden' is not in site.yaml's categories; use one of its keys")


def test_a_catalogue_missing_strings_is_a_warning_naming_them(content: Path, tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(PROJECT / "theme", theme)
    po = theme / "locale" / "cy" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Cwcis"', 'msgstr ""')
                  .replace('msgstr "Gwasanaethau cysylltiedig"', 'msgstr ""'), encoding="utf-8")
    site = built(content, tmp_path / "build", theme_dir=theme)
    found = messages(site.result.problems.warnings)
    assert [(Path(p).name, line) for p, line, _ in found] == [("messages.po", 0)]
    assert "2 of the theme's strings have no Welsh translation, so they show in English: " in found[0][2]
    assert "'Cookies'" in found[0][2] and "'Related services'" in found[0][2]
    assert site.html("/cy/services/garden-waste/").select_one(".related h2").get_text() == "Related services"


def test_a_partial_language_s_catalogue_needs_only_the_layout(tmp_path: Path) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(PROJECT / "theme" / "locale", locale)
    po = locale / "ur" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "متعلقہ خدمات"', 'msgstr ""'), encoding="utf-8")
    problems = Problems()
    assert check_catalogue(locale, Language("ur", "ur", "partial"), problems) == []
    assert problems.warnings == []
    # A full language must translate it too, and a layout string is missed even in a partial one.
    assert check_catalogue(locale, Language("ur", "ur", "full"), problems) == ["Related services"]
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "کوکیز"', 'msgstr ""'), encoding="utf-8")
    assert check_catalogue(locale, Language("ur", "ur", "partial"), problems) == ["Cookies"]
    assert problems.warnings[-1].message.startswith("1 of the theme's layout strings have no Urdu translation")


def test_a_rebuild_adds_and_removes_language_links_as_translations_come_and_go(content: Path, tmp_path: Path) -> None:
    """The incremental build rewrites an English page whose translations changed, and leaves the
    others alone (builder.incremental keys a page by its versions too)."""
    (content / "pages" / "contact.ur.md").unlink()
    built(content, tmp_path)
    untouched = tmp_path / "output" / "services" / "pay-council-tax" / "index.html"
    untouched.write_text(untouched.read_text(encoding="utf-8") + "<!-- marker -->", encoding="utf-8")
    shutil.copy(FIXTURES / "welsh-council" / "pages" / "contact.ur.md", content / "pages" / "contact.ur.md")
    site = built(content, tmp_path)
    assert [a.get_text() for a in site.html("/contact/").select(".language-links a")] == ["Cymraeg", "اردو"]
    assert [a.get_text() for a in site.html("/cy/contact/").select(".language-links a")] == ["English", "اردو"]
    assert untouched.read_text(encoding="utf-8").endswith("<!-- marker -->")
    (content / "services" / "pay-council-tax.cy.md").unlink()
    site = built(content, tmp_path)
    assert site.html("/services/pay-council-tax/").select(".language-links a") == []
    assert not (tmp_path / "output" / "cy" / "services" / "pay-council-tax" / "index.html").exists()
