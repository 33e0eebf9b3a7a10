"""What the emails to residents say."""

from __future__ import annotations

from portal import dates
from portal.formspec import FormSpec
from portal.siteconfig import SiteConfig


def confirmation(report: object, form: FormSpec, site: SiteConfig, public_url: str,
                 tracking_url: str) -> tuple[str, str]:
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
        f"See how your {what} is going at any time with this link (it works for 90 days):",
        tracking_url,
        "",
        f"Keep your reference. You can also track your {what} at {public_url}/track/ with your reference "
        "and this email address, or sign in to see all your reports.",
        "",
        site.council_name,
        "This email was sent because this address was given on our website. If that was not you, "
        f"contact us: {public_url}/contact/",
    ]
    return subject, "\n".join(lines)


def sign_in_link(link: str, site: SiteConfig) -> tuple[str, str]:
    """Subject and text of the passwordless sign-in email."""
    return f"Sign in to your {site.short_name} account", "\n".join([
        "Use this link to sign in to your account. It works once, for the next 10 minutes:",
        "",
        link,
        "",
        "If you did not ask to sign in, you can ignore this email: nobody can sign in without the link.",
        "",
        site.council_name,
    ])
