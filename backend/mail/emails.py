"""What the portal's emails say: to residents (confirmation, sign-in link, case updates) and to staff (sign-in code)."""

from __future__ import annotations

from portal import dates
from portal.forms import FormSpec
from portal.siteconfig import SiteConfig


def confirmation(report: object, form: FormSpec, site: SiteConfig, public_url: str,
                 tracking_url: str, reported: list[tuple[str, str]] = ()) -> tuple[str, str]:
    """Subject and text of the email sent when a report or request is made; ``reported`` is what
    was reported, as (question, answer), nothing personal among them."""
    what = "report" if form.kind == "report" else "request"
    subject = f"{form.title}: your reference is {report.reference}"
    lines = [
        f"Dear {report.name}," if report.name else "Hello,",
        "",
        f"Thank you. We have received your {what}: {form.title}.",
        "",
        f"Your reference is {report.reference}",
        f"We aim to respond by {dates.long_date(report.due_date)}.",
        "",
        *(["What you told us", *(f"{question} {answer}" if question.endswith("?") else f"{question}: {answer}"
                                   for question, answer in reported), ""] if reported else []),
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


def case_update(report: object, text: str | None, site: SiteConfig, public_url: str) -> tuple[str, str]:
    """Subject and text of the email sent when staff change a case's status or write to the resident."""
    from backend.cases.statuses import label  # here, so adding this function touched nothing above

    what = "report" if report.kind == "report" else "request"
    lines = [
        f"Dear {report.name or 'resident'},",
        "",
        f"There is an update on your {what}: {report.form_title}.",
        "",
        f"Your reference is {report.reference}",
        f"Status: {label(report.status)}",
    ]
    if text:
        lines += ["", f"Message from the {report.department} team:", "", text]
    lines += [
        "",
        f"You can see the whole history at {public_url}/track/ with your reference and this email address, "
        f"or sign in at {public_url}/account/sign-in to see it and add more information.",
        "",
        "Please do not reply to this email: replies are not read.",
        "",
        site.council_name,
    ]
    return f"{report.form_title}: an update on {report.reference}", "\n".join(lines)


def staff_sign_in_code(code: str, minutes: int, site: SiteConfig) -> tuple[str, str]:
    """Subject and text of the email that carries an officer's sign-in code."""
    return f"Your {site.short_name} staff sign-in code", "\n".join([
        f"Your code to sign in to the {site.short_name} staff pages is:",
        "",
        code,
        "",
        f"It works once, for the next {minutes} minutes.",
        "",
        "If you did not just sign in with your password, someone else may know it: change it and tell "
        "your IT service desk. Without this code they cannot sign in.",
        "",
        site.council_name,
    ])


def staff_password_reset(link: str, hours: int, site: SiteConfig) -> tuple[str, str]:
    """Subject and text of the email that lets an officer choose a new password."""
    return f"Choose a new password for the {site.short_name} staff pages", "\n".join([
        f"An administrator has reset your password for the {site.short_name} staff pages.",
        "",
        "Choose a new one here:",
        "",
        link,
        "",
        f"The link works once, for the next {hours} hours. Your old password no longer works.",
        "",
        "If you did not expect this, tell your IT service desk.",
        "",
        site.council_name,
    ])
