"""The backend's side of the field-type registry: WTForms fields for each type, answers as people read them."""
