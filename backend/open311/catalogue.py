"""The services the API offers, made from the forms: ``services`` and ``services/{code}``.

A service is a form: its code is the form's slug, its attributes the form's questions. Keywords,
group and description come from the form's service page in content/services/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from flask import Flask

from portal.errors import SourceError
from portal.forms import CONTACT_PAGE, FieldSpec, FormSpec
from portal.frontmatter import split_front_matter
from portal.siteconfig import SiteConfig

# Photos and the location are not attributes: they arrive as media_url and lat/long/address.
NOT_ATTRIBUTES = ("photo", "location")
_DATATYPE_DESCRIPTIONS = {
    "email": "An email address, like name@example.com.", "tel": "A UK phone number, like 01632 960 001.",
    "date": "A date, written YYYY-MM-DD.", "postcode": "A full UK postcode, like KF1 1AA.",
    "singlevaluelist": "One of the keys in values.", "multivaluelist": "One or more of the keys in values.",
}
CONTACT_NAMES = frozenset(f.name for f in CONTACT_PAGE.fields)


@dataclass(frozen=True)
class ServicePage:
    summary: str
    keywords: tuple[str, ...]
    group: str


def description_field(spec: FormSpec) -> FieldSpec | None:
    """The form's main free-text question, which Open311's ``description`` fills: its first long
    answer that is not marked personal (a form without one keeps the description as it came)."""
    return next((f for f in spec.fields if f.type == "textarea" and not f.personal), None)


def location_field(spec: FormSpec) -> FieldSpec | None:
    return next((f for f in spec.fields if f.type == "location"), None)


def attribute_fields(spec: FormSpec) -> list[FieldSpec]:
    """The questions a client answers as ``attribute[code]``, in the form's order."""
    main = description_field(spec)
    return [f for f in spec.fields
            if f.name not in CONTACT_NAMES and f.type not in NOT_ATTRIBUTES and f is not main]


def service_pages(content_dir: Path, site: SiteConfig) -> dict[str, ServicePage]:
    """Summary, keywords and category title of each service page (the build has checked them)."""
    pages = {}
    for path in sorted((content_dir / "services").glob("*.md")):
        try:
            data = yaml.safe_load(split_front_matter(path.read_text(encoding="utf-8"), str(path)).front_matter)
        except (OSError, UnicodeDecodeError, SourceError, yaml.YAMLError):
            continue
        if not isinstance(data, dict):
            continue
        category = site.categories.get(str(data.get("category", "")))
        keywords = data.get("keywords") or []
        pages[path.stem] = ServicePage(
            summary=str(data.get("summary") or ""),
            keywords=tuple(str(k) for k in keywords) if isinstance(keywords, list) else (),
            group=category.title if category else "")
    return pages


def init_app(app: Flask, site: SiteConfig) -> None:
    app.extensions["open311_service_pages"] = service_pages(app.config["CONTENT_DIR"], site)


def service(spec: FormSpec, page: ServicePage | None) -> dict[str, Any]:
    return {
        "service_code": spec.slug,
        "service_name": spec.title,
        "description": page.summary if page else "",
        "metadata": bool(attribute_fields(spec)),
        "type": "realtime",
        "keywords": ", ".join(page.keywords) if page else "",
        "group": page.group if page else "",
    }


def _attribute(field: FieldSpec, order: int) -> dict[str, Any]:
    datatype = field.field_type.open311  # from the field-type registry
    described = _DATATYPE_DESCRIPTIONS.get(field.type) or _DATATYPE_DESCRIPTIONS.get(datatype, "")
    if field.type == "number":
        low, high = field.min, field.max
        described = "A whole number" + (f" from {low:g} to {high:g}" if low is not None and high is not None else
                                        f" of {low:g} or more" if low is not None else
                                        f" of {high:g} or less" if high is not None else "") + "."
    elif datatype in ("string", "text"):
        described = described or f"Up to {field.max_length:,} characters."
    return {
        "variable": True,
        "code": field.name,
        "datatype": datatype,
        "required": field.required,
        "datatype_description": described,
        "order": order,
        "description": field.label + (f" {field.hint}" if field.hint else ""),
        "values": [{"key": c.value, "name": c.label} for c in field.choices],
    }


def definition(spec: FormSpec) -> dict[str, Any]:
    return {"service_code": spec.slug,
            "attributes": [_attribute(f, n) for n, f in enumerate(attribute_fields(spec), start=1)]}
