"""Everything the handbook shows, read and checked once: services, forms, staff notes, site.yaml.

This is the handbook's one way in to the form definitions (``load_forms``), and it reads the
public service pages with the same content model as the public build, so a file that fails
there fails here with the same ``file:line`` message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from builder.contentmodel import SERVICE, STAFF_NOTES_SUFFIX, ContentProblems, read_source, split_translation
from builder.handbook.staffnotes import StaffNotes, load_staff_notes
from builder.sitemodel import SiteModel
from portal.errors import Problems, SourceError, shown_path
from portal.forms import FieldSpec, FormSpec, field_type, read_site_forms
from portal.siteconfig import SiteConfig, SiteConfigError, load_site_config

__all__ = ["FieldSpec", "FormSpec", "Handbook", "ServicePage", "field_type", "load_handbook"]


@dataclass
class ServicePage:
    """A public service page as the handbook needs it (the attributes ``SiteModel`` reads)."""

    slug: str
    title: str
    summary: str
    topic: str
    keywords: list[str]
    contact: str
    form: str | None
    html: str
    source_file: str
    kind: str = "service"


@dataclass
class Handbook:
    """The site model the public build uses, plus the staff notes by service slug."""

    model: SiteModel
    notes: dict[str, StaffNotes] = field(default_factory=dict)

    @property
    def site(self) -> SiteConfig:
        return self.model.site


def load_handbook(content_dir: Path, forms_dir: Path, display_root: Path, problems: Problems,
                  today: dt.date | None = None) -> Handbook | None:
    """Read everything; None if site.yaml cannot be read. Other problems go to ``problems``."""
    try:
        site = load_site_config(content_dir / "site.yaml", shown_path(content_dir / "site.yaml", display_root))
    except SiteConfigError as exc:
        problems.extend(exc.problems)
        return None
    except SourceError as exc:
        problems.errors.append(exc.problem)
        return None
    services = _read_services(content_dir, display_root, problems)
    forms = read_site_forms(forms_dir, content_dir, display_root, site.languages, problems)
    model = SiteModel.from_pages(services, site, today or dt.date.today(), forms)
    notes = load_staff_notes(content_dir, display_root, services={s.slug for s in services},
                             contacts=site.contacts, forms=forms, problems=problems)
    return Handbook(model=model, notes=notes)


def _read_services(content_dir: Path, display_root: Path, problems: Problems) -> list[ServicePage]:
    found = []
    for file in sorted((content_dir / SERVICE.folder).glob("*.md")):
        # Staff notes are read apart; translations are the residents' (the handbook is in English).
        if file.name.endswith(STAFF_NOTES_SUFFIX) or split_translation(file.name[:-3])[1] is not None:
            continue
        shown = shown_path(file, display_root)
        try:
            html, meta = read_source(file.read_text(encoding="utf-8"), path=shown,
                                     source=f"{SERVICE.folder}/{file.name}")
        except UnicodeDecodeError as exc:
            problems.error(shown, 0, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")
            continue
        except ContentProblems as exc:
            problems.extend(exc.problems)
            continue
        found.append(ServicePage(
            slug=meta["slug"], title=meta["title"], summary=meta["summary"], topic=meta["topic"],
            keywords=meta.get("keywords") or [], contact=meta["contact"], form=meta.get("form"),
            html=html, source_file=shown))
    return found
