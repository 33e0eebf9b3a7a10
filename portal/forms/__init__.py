"""Form definitions from ``forms/``: the spec classes, the field-type registry and the loader."""

from portal.forms.spec import *  # noqa: F403
