"""Each type of the field-type registry has, in the backend, a WTForms field and a widget template."""

from __future__ import annotations

from pathlib import Path

from backend.forms.fields import TYPE_FIELDS
from portal.forms import FIELD_TYPES

WIDGETS = Path(__file__).parent.parent / "backend" / "templates" / "widgets"


def test_every_registry_type_has_a_wtforms_field_and_a_widget_template() -> None:
    assert set(TYPE_FIELDS) == set(FIELD_TYPES)
    assert {t.widget for t in FIELD_TYPES.values()} == {p.stem for p in WIDGETS.glob("[!_]*.html")}


def test_one_box_widgets_take_their_html_type_from_the_registry() -> None:
    one_box = {t.name: t.html_type for t in FIELD_TYPES.values() if t.widget == "input"}
    assert one_box == {"text": "text", "email": "email", "tel": "tel", "number": "text", "postcode": "text"}
