"""What the portal's emails say: to residents (confirmation, sign-in link, case updates) and to staff (sign-in code).

Residents' emails are written in the current language (``portal.wording``): whoever sends one sets
it to the resident's (``backend.mail.resident``). Staff emails are in the default language.
"""

from __future__ import annotations

from portal.forms import FormSpec
from portal.i18n import long_date
from portal.languages import FULL
from portal.siteconfig import SiteConfig
from portal.wording import current_language
from portal.wording import gettext as _


def confirmation(report: object, form: FormSpec, site: SiteConfig, public_url: str,
                 tracking_url: str, reported: list[tuple[str, str]] = ()) -> tuple[str, str]:
    """Subject and text of the email sent when a report or request is made; ``reported`` is what
    was reported, as (question, answer), nothing personal among them. In the current language
    (``portal.wording``): ``form`` and ``reported`` come already in it."""
    report_kind = form.kind == "report"
    words = {"form": form.title, "reference": report.reference, "name": report.name, "site": public_url,
             "due": long_date(report.due_date, current_language()), "team": form.department,
             "track": resident_page(public_url, "/track/")}
    subject = _("%(form)s: your reference is %(reference)s") % words
    lines = [
        _("Dear %(name)s,") % words if report.name else _("Hello,"),
        "",
        (_("Thank you. We have received your report: %(form)s.") if report_kind
         else _("Thank you. We have received your request: %(form)s.")) % words,
        "",
        _("Your reference is %(reference)s") % words,
        _("We aim to respond by %(due)s.") % words,
        "",
        *([_("What you told us"), *(f"{question} {answer}" if question.endswith("?") else f"{question}: {answer}"
                                    for question, answer in reported), ""] if reported else []),
        _("What happens next"),
        form.what_happens_next or (_("The %(team)s team will look at your report and contact you if they need to "
                                     "know more.") if report_kind else
                                   _("The %(team)s team will look at your request and contact you if they need "
                                     "to know more.")) % words,
        "",
        _("See how your report is going at any time with this link (it works for 90 days):") if report_kind
        else _("See how your request is going at any time with this link (it works for 90 days):"),
        tracking_url,
        "",
        (_("Keep your reference. You can also track your report at %(track)s with your reference and this "
           "email address, or sign in to see all your reports.") if report_kind else
         _("Keep your reference. You can also track your request at %(track)s with your reference and this "
           "email address, or sign in to see all your reports.")) % words,
        "",
        site.council_name,
        _("This email was sent because this address was given on our website. If that was not you, "
          "contact us: %(site)s/contact/") % words,
    ]
    return subject, "\n".join(lines)


def resident_page(public_url: str, path: str) -> str:
    """The full address of a resident page in the current language, where the backend offers it
    (its full languages; a partial language's reader gets the default language's page)."""
    language = current_language()
    return public_url + (language.url(path) if language is not None and language.coverage == FULL else path)


def sign_in_link(link: str, site: SiteConfig) -> tuple[str, str]:
    """Subject and text of the passwordless sign-in email, in the current language."""
    return _("Sign in to your %(council)s account") % {"council": site.short_name}, "\n".join([
        _("Use this link to sign in to your account. It works once, for the next 10 minutes:"),
        "",
        link,
        "",
        _("If you did not ask to sign in, you can ignore this email: nobody can sign in without the link."),
        "",
        site.council_name,
    ])


def case_update(report: object, text: str | None, site: SiteConfig, public_url: str,
                form_title: str | None = None) -> tuple[str, str]:
    """Subject and text of the email sent when staff change a case's status or write to the resident,
    in the current language (``form_title``: the form's title in it)."""
    from backend.cases.statuses import label  # here, so adding this function touched nothing above

    words = {"form": form_title or report.form_title, "reference": report.reference,
             "name": report.name, "status": _(label(report.status)), "team": report.department, "site": public_url,
             "track": resident_page(public_url, "/track/"), "sign_in": resident_page(public_url, "/account/sign-in")}
    lines = [
        _("Dear %(name)s,") % words if report.name else _("Dear resident,"),
        "",
        (_("There is an update on your report: %(form)s.") if report.kind == "report"
         else _("There is an update on your request: %(form)s.")) % words,
        "",
        _("Your reference is %(reference)s") % words,
        _("Status: %(status)s") % words,
    ]
    if text:
        lines += ["", _("Message from the %(team)s team:") % words, "", text]
    lines += [
        "",
        _("You can see the whole history at %(track)s with your reference and this email address, "
          "or sign in at %(sign_in)s to see it and add more information.") % words,
        "",
        _("Please do not reply to this email: replies are not read."),
        "",
        site.council_name,
    ]
    return _("%(form)s: an update on %(reference)s") % words, "\n".join(lines)


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
