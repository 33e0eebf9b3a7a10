"""The checked shape of a form: ``FormSpec`` of ``PageSpec`` of ``FieldSpec``, the standard contact
page every form ends with, and the addresses of a form's pages.

Each class declares its YAML keys once, with ``portal.schema.key``: the loader reads them from
here, so a new key is one line in one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from portal import schema as s
from portal.formdelivery import DeliverySpec
from portal.forms import parsers as p
from portal.forms.translations import FormWords
from portal.forms.types import FIELD_TYPES, FieldType
from portal.wording import N_

KINDS: tuple[str, ...] = ("report", "request")
RESERVED_NAMES: tuple[str, ...] = ("name", "email", "phone")
CONTACT_PAGE_TITLE = N_("Your contact details")
MAX_FILES = 3
_SECONDS_PER_PAGE = 10


def start_url(slug: str) -> str:
    """The address of a form's start page on the static site: ``/forms/<slug>/``."""
    return f"/forms/{slug}/"


def start_page_file(slug: str) -> str:
    """Where the builder writes a form's start page, inside the output folder."""
    return f"{start_url(slug).strip('/')}/index.html"


FORMS_INDEX_URL = "/forms/"


@dataclass(frozen=True)
class Choice:
    """One option of a radios, checkboxes or select field; ``value`` is what the backend stores."""

    value: str
    label: str


@dataclass(frozen=True)
class FieldSpec:
    """One question. ``line`` is where it is defined (0 for the standard contact fields)."""

    name: str = s.key(p.field_name(), "location")
    type: str = s.key(p.field_type(), "text")
    label: str = s.key(s.text(200), "Where is the pothole?")
    hint: str | None = s.key(s.text(300), "Give the street name and the nearest house number.", required=False,
                             default=None)
    required: bool = s.key(p.true_or_false(), "false", required=False, default=True)
    max_length: int | None = s.key(p.whole_number(1, 5000), "500", required=False, default=None)
    min: float | None = s.key(p.number(), "0", required=False, default=None)
    max: float | None = s.key(p.number(), "20", required=False, default=None)
    choices: tuple[Choice, ...] = s.key(s.text_list(30), "[Yes, No]", required=False, default=())
    max_files: int | None = s.key(p.whole_number(1, MAX_FILES), str(MAX_FILES), required=False, default=None)
    # What to say when a required answer is missing, GOV.UK style ("Enter where the pothole is");
    # without it the backend makes one from the label.
    error: str | None = s.key(s.text(200), "Enter where the pothole is", required=False, default=None)
    # About the resident themselves (their home, their circumstances): never shown outside the
    # council, e.g. in the public Open311 list of requests.
    personal: bool = s.key(p.true_or_false(), "true", required=False, default=False)
    line: int = 0

    @property
    def field_type(self) -> FieldType:
        """This question's entry in the field-type registry."""
        return FIELD_TYPES[self.type]

    @property
    def limit(self) -> int | None:
        """The most characters an answer may have (None for types residents do not type)."""
        return self.max_length or self.field_type.default_length


@dataclass(frozen=True)
class PageSpec:
    """One page of questions, shown with ``title`` as its heading."""

    title: str = s.key(s.text(90), "Where is the pothole?")
    # Checked by the loader, whose message can say how to write a list.
    fields: tuple[FieldSpec, ...] = s.key(p.raw(), "", required=False)


@dataclass(frozen=True)
class FormSpec:
    """A checked form. ``pages`` ends with the standard contact details page."""

    slug: str = s.key(s.slug(), "report-a-pothole")
    title: str = s.key(s.text(90), "Report a pothole")
    kind: str = s.key(s.choice(KINDS), "report")
    service: str = s.key(s.slug(), "report-a-pothole")
    department: str = s.key(s.text(100), "Highways")
    target_days: int = s.key(p.whole_number(1, 90), "5")
    notice: str | None = s.key(s.text(300), "If the pothole is dangerous, call 0116 496 0555 now.", required=False)
    you_will_need: tuple[str, ...] = s.key(s.text_list(8), "[the location of the pothole, a photo]",
                                           required=False)
    what_happens_next: str | None = s.key(s.text(600, multiline=True), "We inspect reported potholes.",
                                          required=False)
    # One of pages and fields is needed; the loader says so, with an example of each.
    pages: tuple[PageSpec, ...] = s.key(p.raw(), "", required=False)
    path: str = ""
    anonymous: bool = s.key(p.true_or_false(), "true", required=False, default=False)  # name and email optional
    # Reported on its own in the performance reports, as complaint handling codes ask.
    complaint: bool = s.key(p.true_or_false(), "true", required=False, default=False)
    # One sentence for the Report it and Request it lists (the build warns when it is missing).
    summary: str | None = s.key(s.text(160), "Tell us where a pothole is so we can repair it.",
                                required=False, default=None)
    # Reports are about public places, so their description may be published (Open311 GET requests).
    public_reports: bool = s.key(p.true_or_false(), "true", required=False, default=False)
    # How reports reach the department's own system; checked by portal.formdelivery.
    delivery: DeliverySpec | None = s.key(p.raw(), "", required=False, default=None)
    # Its words in the site's other languages (portal.forms.translations); checked by the loader.
    translations: tuple[FormWords, ...] = s.key(p.raw(), "", required=False, default=())

    def translation(self, code: str) -> FormWords | None:
        """Its words in language ``code``; None if it has no translation in that language."""
        return next((words for words in self.translations if words.code == code), None)

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        """Every field, page by page, in the order a resident meets them."""
        return tuple(f for page in self.pages for f in page.fields)

    def field(self, name: str) -> FieldSpec:
        """The field called ``name``; raises KeyError if the form has none."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"form '{self.slug}' has no field '{name}'")

    @property
    def has_photos(self) -> bool:
        """Whether the form uploads files, so its HTML form needs multipart encoding."""
        return any(FIELD_TYPES[f.type].takes_files for f in self.fields)

    @property
    def estimated_minutes(self) -> int:
        """About how long the form takes, for the start page; never less than 2 minutes."""
        seconds = sum(FIELD_TYPES[f.type].seconds for f in self.fields) + _SECONDS_PER_PAGE * len(self.pages)
        return max(2, math.ceil(seconds / 60))

    @property
    def start_url(self) -> str:
        """The address of this form's start page on the static site."""
        return start_url(self.slug)


CONTACT_PAGE = PageSpec(
    title=CONTACT_PAGE_TITLE,
    fields=(
        FieldSpec("name", "text", N_("Full name"), max_length=100, error=N_("Enter your full name")),
        FieldSpec("email", "email", N_("Email address"), max_length=254, error=N_("Enter your email address"),
                  hint=N_("We will send your reference number and any updates to this address.")),
        FieldSpec("phone", "tel", N_("Phone number"), required=False, max_length=20,
                  hint=N_("We will only phone you if we need more details.")),
    ),
)


# For reports people may make without saying who they are (anti-social behaviour, say).
ANONYMOUS_CONTACT_PAGE = PageSpec(
    title=CONTACT_PAGE_TITLE,
    fields=(
        FieldSpec("name", "text", N_("Full name"), required=False, max_length=100,
                  hint=N_("You can report without giving your name or email address, but then we cannot tell "
                          "you what happens or ask you for more details.")),
        FieldSpec("email", "email", N_("Email address"), required=False, max_length=254,
                  hint=N_("We will send your reference number and any updates to this address.")),
        FieldSpec("phone", "tel", N_("Phone number"), required=False, max_length=20,
                  hint=N_("We will only phone you if we need more details.")),
    ),
)
