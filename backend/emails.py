"""What the emails to residents say."""

from __future__ import annotations

from portal import dates
from portal.formspec import FormSpec
from portal.siteconfig import SiteConfig


def confirmation(report: object, form: FormSpec, site: SiteConfig, public_url: str) -> tuple[str, str]:
    """Subject and text of the email sent when a report or request is made."""
    what = "report" if form.kind == "report" else "request"
    subject = f"{form.title}: your reference is {report.reference}"
    lines = [
        f"Dear {report.name},",
        "",
        f"Thank you. We have received your {what}: {form.title}.",
        "",
        f"Your reference is {report.reference}",
        f"We aim to respond by {dates.long_date(report.due_date)}.",
        "",
        "What happens next",
        form.what_happens_next or f"The {form.department} team will look at your {what} and contact you "
        "if they need to know more.",
        "",
        f"Keep your reference. You can track your {what} at {public_url}/track/ using your reference "
        "and this email address.",
        "",
        site.council_name,
        "This email was sent because this address was given on our website. If that was not you, "
        f"contact us: {public_url}/contact/",
    ]
    return subject, "\n".join(lines)
