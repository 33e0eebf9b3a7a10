"""The site's languages from site.yaml and the message catalogues that templates read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import pytest

from portal import i18n
from portal.languages import Language, default_language, parse_language
from portal.siteconfig import SiteConfigError, load_site_config

FIXTURES = Path(__file__).parent / "fixtures"
WELSH = Language("cy", "cy", "full")
URDU = Language("ur", "ur", "partial")


def _site(tmp_path: Path, languages: str) -> Path:
    text = (FIXTURES / "site" / "site.yaml").read_text(encoding="utf-8")
    path = tmp_path / "site.yaml"
    path.write_text(text + languages, encoding="utf-8")
    return path


def test_site_yaml_declares_the_default_then_each_other_language(tmp_path):
    site = load_site_config(_site(tmp_path, "languages:\n  cy: full\n  ur: partial\n"))
    assert [(lang.code, lang.coverage) for lang in site.languages] == [
        ("en", "default"), ("cy", "full"), ("ur", "partial")]
    assert site.language_of("ur").direction == "rtl"
    assert site.language_of("xx") == site.default_language
    assert site.language_of(None).prefix == ""


def test_a_site_without_languages_has_its_default_only(tmp_path):
    site = load_site_config(_site(tmp_path, ""))
    assert [lang.tag for lang in site.languages] == [site.language]


@pytest.mark.parametrize("entry, message", [
    ("Welsh: full", "'Welsh' is not a language code"),
    ("cy: all", "cy should be 'full' (every page must exist in it) or 'partial'"),
    ("qq: full", "'qq' is not a language Babel knows"),
    ("en: full", "'en' is the site's default language"),
])
def test_a_bad_languages_entry_names_its_line_and_the_fix(tmp_path, entry, message):
    path = _site(tmp_path, f"languages:\n  {entry}\n")
    line = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(SiteConfigError) as raised:
        load_site_config(path)
    [problem] = raised.value.problems.errors
    assert (problem.line, message in problem.message) == (line, True), problem


def test_a_language_knows_its_own_name_direction_and_addresses():
    assert (WELSH.name, WELSH.english_name, WELSH.direction) == ("Cymraeg", "Welsh", "ltr")
    assert (URDU.name, URDU.english_name, URDU.direction) == ("اردو", "Urdu", "rtl")
    assert WELSH.url("/services/report-a-pothole/") == "/cy/services/report-a-pothole/"
    assert default_language("en-GB").url("/a-to-z/") == "/a-to-z/"
    assert parse_language("pl", "partial", default_language("en-GB")).name == "Polski"


def test_templates_speak_the_language_of_the_page_they_draw():
    env = jinja2.Environment(autoescape=True)
    i18n.install(env, [FIXTURES / "locale", FIXTURES / "locale-second"])
    page = env.from_string("{{ _('Contact us') }} | {% trans %}Services A to Z{% endtrans %} | "
                           "{{ _('Track a report') }} | {{ _('Sign in') }} | {{ _('What\\'s on') }}")
    assert page.render(language=WELSH) == ("Cysylltu â ni | Gwasanaethau A i Y | Dilyn adroddiad | "
                                           "Sign in | What's on")
    # The default language, and a page with no language, keep the English source strings.
    assert page.render(language=default_language("en-GB")).startswith("Contact us | Services A to Z")
    assert page.render().startswith("Contact us |")


def test_dates_are_written_in_the_page_language():
    env = jinja2.Environment()
    i18n.install(env, [])
    template = env.from_string("{{ day|long_date }}")
    day = dt.date(2026, 12, 1)
    assert template.render(day=day, language=WELSH) == "1 Rhagfyr 2026"
    assert template.render(day=day) == "1 December 2026"
    assert i18n.long_date(None, WELSH) == ""


def test_an_edited_catalogue_is_read_again(tmp_path):
    folder = tmp_path / "locale"
    path = i18n.catalogue_path(folder, "cy")
    path.parent.mkdir(parents=True)
    path.write_text('msgid "Cookies"\nmsgstr "Cwcis"\n', encoding="utf-8")
    assert i18n.translations([folder], "cy").gettext("Cookies") == "Cwcis"
    path.write_text('msgid "Cookies"\nmsgstr "Briwsion"\n', encoding="utf-8")
    import os
    os.utime(path, ns=(1, 10**18))
    assert i18n.translations([folder], "cy").gettext("Cookies") == "Briwsion"
