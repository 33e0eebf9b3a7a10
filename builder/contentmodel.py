"""The content model: what each kind of Markdown file must say, and where its page goes.

Three kinds live in three folders of ``content/``: services (the A–Z), what's-on events and
plain pages. ``read_source`` checks one file's front matter and body and returns the HTML and
the metadata the Pelican plugin hands on. Checks that need other files (contact keys, links
between pages, duplicate titles) run later, in ``builder.crossrefs``, on every build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from builder.body import render_body
from portal import schema as s
from portal.errors import Problems, SourceError
from portal.frontmatter import split_front_matter
from portal.slugs import is_slug, slugify
from portal.yamlsource import load_yaml

_SUMMARY = s.Field("summary", s.text(160), "One sentence saying what the page helps you do.")
_TITLE = s.Field("title", s.text(90), "Report a pothole")
_REVIEW = [
    s.Field("last_reviewed", s.date(), "2026-10-01"),
    s.Field("review_by", s.date(), "2027-10-01"),
    s.Field("owner", s.text(100), "Highways team"),
]


@dataclass(frozen=True)
class Kind:
    """One folder of content: its fields, URL prefix and template."""

    folder: str
    name: str
    fields: tuple[s.Field, ...]
    url_prefix: str
    template: str


SERVICE = Kind(
    folder="services",
    name="service",
    fields=(
        _TITLE,
        _SUMMARY,
        s.Field("category", s.slug(), "bins-and-recycling"),
        s.Field("keywords", s.text_list(12), "[bins, rubbish, refuse]", required=False),
        s.Field("contact", s.slug(), "waste"),
        s.Field("form", s.slug(), "report-a-pothole", required=False),
        *_REVIEW,
    ),
    url_prefix="services/",
    template="service",
)
EVENT = Kind(
    folder="whats-on",
    name="event",
    fields=(
        _TITLE,
        _SUMMARY,
        s.Field("date", s.date(), "2027-03-31"),
        s.Field("time", s.time_range(), '"10:00 to 16:00"'),
        s.Field("place", s.text(200), "Kestrelford Town Hall, Market Square"),
    ),
    url_prefix="whats-on/",
    template="event",
)
PAGE = Kind(
    folder="pages",
    name="page",
    fields=(
        _TITLE,
        _SUMMARY,
        *(s.Field(f.name, f.parse, f.example, required=False) for f in _REVIEW),
        s.Field("layout", s.choice(["contact"]), "contact", required=False),
    ),
    url_prefix="",
    template="page",
)
KINDS = {kind.folder: kind for kind in (SERVICE, EVENT, PAGE)}
MISPLACED = "Markdown files belong in services/, whats-on/ or pages/; move it there or delete it"
# Staff-only notes beside a service page (services/<slug>.staff.md). They are never public
# pages: Pelican ignores them, and only the contact-centre handbook (builder.handbook) reads them.
STAFF_NOTES_SUFFIX = ".staff.md"

# A translation sits beside its page with the language's code before ".md":
# services/report-a-pothole.cy.md is the Welsh of services/report-a-pothole.md.
_TRANSLATION = re.compile(r"^(?P<slug>.+)\.(?P<code>[a-z]{2,3})$")

# Pelican keeps these names for its own meaning, so the front matter's are stored under others.
_RENAMED = {"category": "topic", "date": "event_date", "time": "event_time"}


def kind_of(source: str) -> Kind | None:
    """The kind of a content-relative source path such as ``services/report-a-pothole.md``."""
    folder, _, name = source.rpartition("/")
    if name.endswith(STAFF_NOTES_SUFFIX):
        return None
    return KINDS.get(folder) if name.endswith(".md") else None


def split_translation(stem: str) -> tuple[str, str | None]:
    """A file name without ".md" as (slug, language code): "x.cy" → ("x", "cy"); "x" → ("x", None)."""
    match = _TRANSLATION.match(stem)
    return (match["slug"], match["code"]) if match else (stem, None)


def url_for_source(source: str) -> str | None:
    """The URL of the page built from a content-relative source path, or None."""
    kind = kind_of(source)
    if kind is None:
        return None
    slug, code = split_translation(source.rpartition("/")[2][:-3])
    return f"{'/' + code if code else ''}/{kind.url_prefix}{slug}/"


def read_source(text: str, *, path: str, source: str) -> tuple[str, dict[str, Any]]:
    """Check and render one Markdown file.

    ``path`` is how problems name the file (``content/services/x.md``); ``source`` is its path
    inside the content folder. Raises ``ContentProblems`` listing every problem in the file.
    """
    kind = kind_of(source)
    problems = Problems()
    folder, _, name = source.rpartition("/")
    if kind is None:
        problems.error(path, 0, MISPLACED)
        raise ContentProblems(problems)
    slug, code = split_translation(name[:-3])
    if not (name.endswith(".md") and is_slug(slug)):
        wanted = slugify(slug) + (f".{code}" if code else "")
        problems.error(path, 0, f"the file name becomes the page's address, so it must be "
                       f"lowercase words joined by hyphens: rename it to '{wanted}.md'")
    try:
        split = split_front_matter(text, path)
    except SourceError as exc:
        problems.errors.append(exc.problem)
        raise ContentProblems(problems) from None
    values: dict[str, Any] = {}
    try:
        data, lines = load_yaml(split.front_matter, path, split.front_matter_line)
    except SourceError as exc:  # the body is still checked, so one build reports all there is
        problems.errors.append(exc.problem)
        lines = {}
    else:
        lines.setdefault((), 1)
        values = s.check_fields(data, kind.fields, path=path, lines=lines, problems=problems)
        if kind is SERVICE or kind is PAGE:
            _check_review_dates(values, path, lines, problems)
    body = render_body(split.body, path=path, first_line=split.body_line, folder=folder,
                       url_for_source=url_for_source, problems=problems)
    metadata: dict[str, Any] = {_RENAMED.get(k, k): v for k, v in values.items()}
    metadata.update(
        kind=kind.name,
        slug=slug,
        url_prefix=f"{code}/{kind.url_prefix}" if code else kind.url_prefix,
        template=values.get("layout") or kind.template,
        source_file=path,
        local_links=body.local_links,
        local_images=body.local_images,
        promises=body.promises,
        field_lines={key[0]: line for key, line in lines.items() if len(key) == 1},
        status="published",
    )
    if code:
        # Not Pelican's own "lang", which would send the page to its translation settings.
        metadata["language_code"] = code
    if problems.errors:
        # What could be read still goes to the checks across files (category, contact, links),
        # so an editor sees every problem of the file in one build, not four at a time.
        raise ContentProblems(problems, metadata)
    return body.html, metadata


def _check_review_dates(values: dict, path: str, lines: dict, problems: Problems) -> None:
    reviewed, review_by = values.get("last_reviewed"), values.get("review_by")
    if reviewed and review_by and review_by <= reviewed:
        problems.error(path, lines.get(("review_by",), 1),
                       f"review_by {review_by} is not after last_reviewed {reviewed}; set a later date")


class ContentProblems(Exception):
    """A content file has problems; ``problems`` lists them all."""

    def __init__(self, problems: Problems, metadata: dict[str, Any] | None = None) -> None:
        super().__init__("\n".join(str(p) for p in problems.errors))
        self.problems = problems
        self.metadata = metadata  # what could be read of the file, if anything
