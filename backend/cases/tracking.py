"""What lets someone track a report without an account: its reference plus one detail given with
it (the email address, the phone number or the postcode), compared as people write them."""

from __future__ import annotations

from backend.cases.tracked import TrackedReport
from backend.storage.models import Report
from portal.email_address import is_email, normalise_email
from portal.phones import comparable_number

# How a detail is named to an officer telling a caller how to track their report.
DETAIL_NAMES = {"email": "the email address they gave", "phone": "the phone number they gave",
                "postcode": "their postcode"}


def _compact_postcode(value: str) -> str:
    return "".join(value.split()).upper()


def matches(report: Report | TrackedReport, given: str) -> bool:
    """Whether ``given`` is the email address, phone number or postcode given with ``report``."""
    given = given.strip()
    if "@" in given:
        return bool(report.email) and is_email(given) and report.email == normalise_email(given)
    number = comparable_number(given)
    if number is not None:
        return bool(report.phone) and comparable_number(report.phone) == number
    return bool(report.postcode) and _compact_postcode(report.postcode) == _compact_postcode(given)


def tracking_details(report: Report) -> str | None:
    """The details this report can be tracked with, as an officer says them ("the phone number they
    gave or their postcode"); None when there are none."""
    given = {"email": report.email, "phone": comparable_number(report.phone), "postcode": report.postcode}
    names = [DETAIL_NAMES[key] for key, value in given.items() if value]
    if not names:
        return None
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
