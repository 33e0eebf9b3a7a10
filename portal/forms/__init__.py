"""Form definitions from ``forms/``: the spec classes (``spec``), the field-type registry
(``types``) and the loader (``loader``). Import from here; the parts are an implementation detail.
"""

from portal.forms.loader import FormSpecError, load_form, load_forms, read_site_forms, service_slugs
from portal.forms.spec import (
    ANONYMOUS_CONTACT_PAGE,
    CONTACT_PAGE,
    CONTACT_PAGE_TITLE,
    FORMS_INDEX_URL,
    KINDS,
    MAX_FILES,
    RESERVED_NAMES,
    Choice,
    FieldSpec,
    FormSpec,
    PageSpec,
    start_page_file,
    start_url,
)
from portal.forms.types import (
    FIELD_TYPES,
    FieldType,
    answer_subject,
    display_answer,
    field_type,
    is_question,
    label_in_sentence,
    missing_answer_message,
)

__all__ = [
    "read_site_forms",
    "ANONYMOUS_CONTACT_PAGE", "CONTACT_PAGE", "CONTACT_PAGE_TITLE", "FIELD_TYPES", "FORMS_INDEX_URL", "KINDS",
    "MAX_FILES", "RESERVED_NAMES", "Choice", "FieldSpec", "FieldType", "FormSpec", "FormSpecError", "PageSpec",
    "answer_subject", "display_answer", "field_type", "is_question", "label_in_sentence", "load_form", "load_forms",
    "missing_answer_message", "service_slugs", "start_page_file", "start_url",
]
