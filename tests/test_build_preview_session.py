"""The preview's rebuilds after an edit: whatever the sequence of edits, the output folder (pages,
search index, Pagefind's index) is byte for byte what a full build of the same content writes;
edits to content pages are rebuilt in memory, anything wider by a full build; errors still show
as file:line."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from conftest import FIXTURES, NOW, PROJECT
from test_build_output import manifest

from builder.build import build_site
from builder.previewsession import PreviewSession


class Preview:
    """A preview session on a copy of ``source``, checked against full builds in fresh folders."""

    def __init__(self, tmp: Path, source: Path, forms: Path) -> None:
        self.tmp = tmp
        self.content = tmp / "content"
        shutil.copytree(source, self.content)
        self.forms = tmp / "forms"
        shutil.copytree(forms, self.forms)
        self.theme = tmp / "theme"
        shutil.copytree(PROJECT / "theme", self.theme)
        self.session = PreviewSession(self.content, tmp / "output", forms=self.forms, theme=self.theme,
                                      cache_dir=tmp / "cache", clock=lambda: NOW)
        self.fresh = 0

    def start(self) -> None:
        result = self.session.build()
        assert result.problems.errors == []
        self.session.wait_for_search()

    def edit(self, *changed: Path, full: bool = False) -> list[str]:
        """Rebuild after ``changed``; the problems, as the editor sees them."""
        result = self.session.build(changed)
        assert self.session.last_was_full is full
        self.session.wait_for_search()
        return [str(p) for p in result.problems.errors]

    def assert_as_full_build(self) -> None:
        self.fresh += 1
        folder = self.tmp / f"fresh-{self.fresh}"
        result = build_site(self.content, folder / "output", theme_dir=self.theme, forms_dir=self.forms,
                            cache_dir=folder / "cache", now=NOW)
        assert result.problems.errors == []
        ours, theirs = manifest(self.tmp / "output"), manifest(folder / "output")
        assert sorted(set(ours) ^ set(theirs)) == []
        assert [name for name in ours if ours[name] != theirs[name] and name != _ENTRY] == []
        # Pagefind lists the languages of a site in no fixed order, so two full builds differ there too.
        entry = json.loads((self.tmp / "output" / _ENTRY).read_text())
        assert entry == json.loads((folder / "output" / _ENTRY).read_text())


_ENTRY = "pagefind/pagefind-entry.json"


def _replace(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert re.search(old, text, flags=re.M), old
    path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")
    return path


def test_edits_to_pages_rebuild_in_memory_and_write_what_a_full_build_writes(tmp_path) -> None:
    preview = Preview(tmp_path, FIXTURES / "site", FIXTURES / "site-forms")
    preview.start()
    services = preview.content / "services"
    pothole = services / "report-a-pothole.md"

    preview.edit(_replace(pothole, "^We inspect every pothole", "We inspect and mend every pothole"))
    preview.assert_as_full_build()
    assert "We inspect and mend" in (tmp_path / "output/services/report-a-pothole/index.html").read_text()

    preview.edit(_replace(pothole, "^title: .*$", "title: Report a road defect"))
    preview.assert_as_full_build()
    preview.edit(_replace(pothole, "^keywords: .*$", "keywords: [hole in road, crater, rut]"))
    preview.assert_as_full_build()
    preview.edit(_replace(pothole, "^category: roads$", "category: council-tax"))  # a category emptied
    preview.assert_as_full_build()

    added = services / "report-a-blocked-drain.md"
    added.write_text(pothole.read_text().replace("title: Report a road defect", "title: Report a blocked drain")
                     .replace("keywords: [hole in road, crater, rut]", "keywords: [drain]"))
    preview.edit(added)
    preview.assert_as_full_build()

    renamed = services / "report-a-flooded-drain.md"
    added.rename(renamed)
    preview.edit(added, renamed)
    preview.assert_as_full_build()
    renamed.unlink()
    preview.edit(renamed)
    preview.assert_as_full_build()

    swap = services / ".report-a-pothole.md.swp"  # an editor's file, which the build does not read
    swap.write_text("not a page")
    preview.edit(swap)
    swap.unlink()
    preview.assert_as_full_build()

    event = preview.content / "whats-on" / "winter-fair.md"
    preview.edit(_replace(event, "^title: .*$", "title: Winter fair and market"))
    preview.assert_as_full_build()
    preview.edit(_replace(preview.content / "pages" / "contact.md", "^summary: .*$", "summary: How to reach us."))
    preview.assert_as_full_build()


def test_wider_changes_and_errors_go_to_a_full_build(tmp_path) -> None:
    preview = Preview(tmp_path, FIXTURES / "site", FIXTURES / "site-forms")
    preview.start()
    pothole = preview.content / "services" / "report-a-pothole.md"

    preview.edit(_replace(preview.content / "site.yaml", "title: Roads and streets", "title: Roads and pavements"),
                 full=True)
    preview.assert_as_full_build()
    preview.edit(_replace(preview.forms / "report-a-pothole.yaml", "^title: .*$", "title: Report a road defect"),
                 full=True)
    preview.assert_as_full_build()
    preview.edit(_replace(preview.theme / "templates" / "service.html", "<h1>", '<h1 class="service-title">'),
                 full=True)
    preview.assert_as_full_build()
    preview.edit(_replace(pothole, "^We inspect", "We look at"))  # and rebuilds in memory again after
    preview.assert_as_full_build()

    # An error: the full build's message, at its line; the page as it was stays.
    problems = preview.edit(_replace(pothole, "^category: roads$", "category: road"), full=True)
    assert any("report-a-pothole.md:4: category 'road' is not in" in p for p in problems), problems
    preview.edit(_replace(pothole, "^category: road$", "category: roads"), full=True)
    problems = preview.edit(_replace(pothole, "\\[contact us\\]", "[click here]"), full=True)
    assert any("report-a-pothole.md:11: link text 'click here'" in p for p in problems), problems
    preview.edit(_replace(pothole, "\\[click here\\]", "[contact us]"), full=True)
    preview.edit(_replace(pothole, "^We look at", "We check"))
    preview.assert_as_full_build()

def test_translations_and_their_language_links_rebuild_in_memory(tmp_path) -> None:
    preview = Preview(tmp_path, PROJECT / "content", PROJECT / "forms")
    preview.start()
    services = preview.content / "services"
    english = sorted(p for p in services.glob("*.md") if p.name.count(".") == 1
                     and not (services / p.name.replace(".md", ".cy.md")).exists())[0]
    welsh = english.with_name(english.name.replace(".md", ".cy.md"))
    welsh.write_text(_replace(english, "^title: (.*)$", "title: \\1").read_text().replace("title: ", "title: Cy ", 1))
    preview.edit(welsh)  # the English page and every Welsh listing now link to it
    preview.assert_as_full_build()
    existing = sorted(services.glob("*.cy.md"))[0]
    preview.edit(_replace(existing, "^title: (.*)$", "title: \\1 (newydd)"))
    preview.assert_as_full_build()
    accessibility = preview.content / "pages" / "accessibility.cy.md"
    accessibility.write_text((preview.content / "pages" / "accessibility.md").read_text())
    preview.edit(accessibility)  # every Welsh page's footer now links to it
    preview.assert_as_full_build()
    welsh.unlink()
    preview.edit(welsh)
    preview.assert_as_full_build()
