"""Hostile input never crashes the backend, and a refusal stores nothing: a seeded Hypothesis fuzz of
every form the backend serves (found from the URL map, so a new route is fuzzed or this fails),
on SQLite and on PostgreSQL.

Each example opens the page as a browser would, then sends its form back with hostile values:
NUL and other control characters, line breaks in one-line boxes, raw bytes that are not UTF-8 or
not percent-encoding, 100,000 characters, letters that grow when lower-cased or NFKC-normalised,
direction overrides, markup, quotes, emoji, huge and negative numbers, impossible dates, unknown
choices, keys sent twice or not at all, and missing or wrong CSRF tokens. The Open311 API, which has
no pages, is sent the fields FixMyStreet sends, hostile in the same ways. Every answer must be
below 500 with nothing logged at ERROR (the error handler turns a crash into a polite page, so the
status alone would not show one), a missing or wrong token must be a 400, and a refusal must leave
reports, updates, the outbox, accounts, staff, sign-in tokens and photos as they were. Drafts are
not counted: a page refused for one answer still keeps the others, as a resident would expect.

``PORTAL_FUZZ_EXAMPLES`` sets how many examples each form gets (default 4, and four times that for
the hand-written routes: the file runs in well
under a minute per database); the seed is fixed (``derandomize``), so a failure replays exactly.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from backend_support import Journey, csrf_token, png_bytes
from fuzz_support import (
    NUMERIC,
    Target,
    counts,
    errors_logged,
    file_fields,
    form_fields,
    hostile_form,
    hostile_upload,
    numeric_fields,
    plausible_answers,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from open311_support import PAVEMENT, add_key
from staff_support import add_staff, make_report, password_step, sign_in

from backend.council import forms_of
from backend.staff import people
from backend.storage.db import db
from backend.storage.models import Delivery, OutboxMessage, Staff
from backend.web.security import limiter

# Examples per form: the form pages of every form (and staff recording them) share one machinery,
# so each needs fewer than the handful of hand-written routes (sign-in, account, case actions) that
# read their forms themselves.
EXAMPLES = int(os.environ.get("PORTAL_FUZZ_EXAMPLES", "4"))
EXAMPLES_HAND_WRITTEN = EXAMPLES * 4
SHARED_MACHINERY = ("submit.page", "submit.check", "staff.new_case_form")


def _settings(examples: int) -> settings:
    return settings(derandomize=True, max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# POST routes whose only input is the CSRF token and whose success ends the session every other
# target here uses: they are fuzzed with missing and wrong tokens and stray keys, never a valid token.
ENDS_SESSION = {
    "account.sign_out": "signs the resident out",
    "account.delete": "deletes the resident's account",
    "staff_signin.sign_out": "signs the officer out",
}
# POST routes left out of the fuzz, each with the reason (none at present).
NOT_FUZZED: dict[str, str] = {}


@dataclass
class World:
    """Clients for each audience, a case to act on and a sign-in link to use, on one app."""

    app: Any
    clients: dict[str, Any]
    reference: str
    link: str
    colleague: int  # a second officer, whom the signed-in admin manages
    delivery: int  # a delivery an admin may retry
    api_key: str  # an Open311 key that may post
    targets: list[Target] = field(default_factory=list)


def _link_for(app: Any, client: Any, email: str) -> str:
    page = client.get("/account/sign-in")
    client.post("/account/sign-in", data={"csrf_token": csrf_token(page.get_data(as_text=True)), "email": email})
    message = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_address == email)
                                 .order_by(OutboxMessage.id.desc())).first()
    return next(w for w in message.body_text.split() if "/account/sign-in/" in w).split(".example", 1)[1]


def _reset_link(world: World) -> str:
    """A fresh link for the colleague to choose a password, as the admin's Reset password sends."""
    colleague = _colleague(world, active=True)
    people.reset_password(colleague, None)
    db.session.commit()
    message = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_address == colleague.email)
                                 .order_by(OutboxMessage.id.desc())).first()
    return next(w for w in message.body_text.split() if "/staff/reset-password/" in w).split(".example", 1)[1]


def _colleague(world: World, *, active: bool) -> Staff:
    """The colleague, disabled or enabled first so the page shows the form being fuzzed."""
    colleague = db.session.get(Staff, world.colleague)
    if colleague.is_active != active:
        (people.enable if active else people.disable)(colleague, None)
        db.session.commit()
    return colleague


def _photo_page(world: World) -> tuple[str, int]:
    """The first form page with a photo question: where a kept photo shows with its Remove button."""
    return next((slug, n) for slug, spec in forms_of(world.app).items()
                for n, page in enumerate(spec.pages, 1) if any(f.type == "photo" for f in page.fields))


def _keep_a_photo(world: World, target: Target) -> None:
    """Choose a photo on the page with every other answer left blank, so the draft keeps it."""
    slug, number = _photo_page(world)
    spec = forms_of(world.app)[slug]
    journey = Journey(world.clients[target.who], spec)
    for earlier in range(1, number):
        journey.answer_page(earlier)
    photo = next(f.name for f in spec.pages[number - 1].fields if f.type == "photo")
    blanks = {f.name: "" for f in spec.pages[number - 1].fields if f.type != "photo"}
    journey.answer_page(number, {**blanks, photo: [(io.BytesIO(png_bytes()), "pothole.png")]})


def _api(endpoint: str, action: str) -> Callable[[World], list[Target]]:
    return lambda w: [Target(endpoint, "", action, "public")]


# Every POST endpoint, and the pages (with their URL's values filled in) whose forms send to it.
EXPANDERS: dict[str, Callable[[World], list[Target]]] = {
    "submit.page": lambda w: [Target("submit.page", f"/submit/{slug}/{n}", f"/submit/{slug}/{n}", "public")
                              for slug, spec in forms_of(w.app).items() for n in range(1, len(spec.pages) + 1)],
    "submit.check": lambda w: [Target("submit.check", f"/submit/{slug}/check", f"/submit/{slug}/check", "public")
                               for slug in forms_of(w.app)],
    "track.find": lambda w: [Target("track.find", "/track/", "/track/", "public")],
    "account.sign_in": lambda w: [Target("account.sign_in", "/account/sign-in", "/account/sign-in", "public")],
    "account.use_link": lambda w: [Target("account.use_link", w.link, w.link, "public")],
    "account.sign_out": lambda w: [Target("account.sign_out", "/account/", "/account/sign-out", "resident")],
    "account.report": lambda w: [Target("account.report", f"/account/reports/{w.reference}",
                                        f"/account/reports/{w.reference}", "resident")],
    "account.details": lambda w: [Target("account.details", "/account/details", "/account/details", "resident")],
    "account.delete": lambda w: [Target("account.delete", "/account/delete", "/account/delete", "resident")],
    "staff_signin.sign_in": lambda w: [Target("staff_signin.sign_in", "/staff/sign-in", "/staff/sign-in", "public")],
    "staff_signin.sign_in_code": lambda w: [Target("staff_signin.sign_in_code", "/staff/sign-in/code",
                                                   "/staff/sign-in/code", "public")],
    "staff_signin.sign_out": lambda w: [Target("staff_signin.sign_out", "/staff/", "/staff/sign-out", "staff")],
    **{endpoint: (lambda w, endpoint=endpoint, tail=tail: [
        Target(endpoint, f"/staff/cases/{w.reference}", f"/staff/cases/{w.reference}/{tail}", "staff")])
       for endpoint, tail in (("staff.change_status", "status"), ("staff.public_update", "updates"),
                              ("staff.internal_note", "notes"), ("staff.reassign", "department"))},
    "staff.new_case_form": lambda w: [Target("staff.new_case_form", f"/staff/cases/new/{slug}",
                                             f"/staff/cases/new/{slug}", "staff") for slug in forms_of(w.app)],
    "submit.remove_photo": lambda w: [Target("submit.remove_photo", "/submit/{}/{}".format(*_photo_page(w)),
                                             "/submit/{}/{}/remove-photo".format(*_photo_page(w)), "public")],
    # A reset link works once: _open makes a fresh one for each example, so no page is named here.
    "staff_password.choose": lambda w: [Target("staff_password.choose", "/staff/reset-password/",
                                               "/staff/reset-password/", "public")],
    **{f"staff_admin.{name}": (lambda w, name=name: [
        Target(f"staff_admin.{name}", f"/staff/admin/{w.colleague}",
               f"/staff/admin/{w.colleague}/{name.replace('_', '-')}", "staff")])
       for name in ("details", "disable", "enable", "reset_password")},
    "deliveries.retry": lambda w: [Target("deliveries.retry", "/staff/deliveries/",
                                          f"/staff/deliveries/{w.delivery}/retry", "staff")],
    # The Open311 API has no pages: its fields are the ones FixMyStreet sends (see ``_open311_answers``).
    "open311.post_request": _api("open311.post_request", "/open311/v2/requests.json"),
    "open311.post_update": _api("open311.post_update", "/open311/v2/servicerequestupdates.xml"),
    "open311.not_found": _api("open311.not_found", "/open311/v2/requests/1.json"),
}
# Pages whose forms filter by query string (GET): the staff queue, choosing a form to record, and
# the performance reports.
GET_FORMS = [Target("staff.queue", "/staff/", "/staff/", "staff", "get"),
             Target("staff.new_case", "/staff/cases/new", "/staff/cases/new", "staff", "get"),
             Target("performance.page", "/staff/performance/", "/staff/performance/", "staff", "get")]


@pytest.fixture
def world(app, monkeypatch) -> World:
    # Rate limits would answer most examples with a polite 429 before the form is read.
    monkeypatch.setattr(limiter, "enabled", False)
    officer = add_staff(admin=True)
    report = make_report(app, email="sam@example.com")
    clients = {who: app.test_client() for who in ("public", "resident", "staff")}
    resident_link = _link_for(app, clients["resident"], "sam@example.com")
    page = clients["resident"].get(resident_link)
    clients["resident"].post(resident_link, data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    sign_in(clients["staff"], officer)
    colleague = add_staff("colleague@kestrelford.example")
    delivery = Delivery(report_id=report.id, method="webhook", target="https://crm.kestrelford.example/hook",
                        state="failed", last_error="503 from the back office")
    db.session.add(delivery)
    db.session.commit()
    found = World(app, clients, report.reference, _link_for(app, app.test_client(), "new@example.com"),
                  colleague.id, delivery.id, add_key(app, "fixmystreet", "--can-post"))
    found.targets = [t for expand in EXPANDERS.values() for t in expand(found)]
    return found


def _open(world: World, target: Target) -> tuple[Any, str]:
    """The target's page and where its form sends, with what has to come before it done (earlier
    pages of a form answered, the password step of the staff sign-in, a fresh link once one is used)."""
    client = world.clients[target.who]
    db.session.rollback()  # see what the app committed since
    if target.endpoint == "staff_password.choose":  # a link works once: each example gets its own
        link = _reset_link(world)
        return client.get(link), link
    if target.endpoint.startswith("staff_admin."):
        _colleague(world, active=target.endpoint != "staff_admin.enable")
    elif target.endpoint == "deliveries.retry":
        db.session.get(Delivery, world.delivery).state = "failed"
        db.session.commit()
    page = client.get(target.page)
    if target.endpoint == "submit.remove_photo" and target.action not in page.get_data(as_text=True):
        _keep_a_photo(world, target)
        page = client.get(target.page)
    if page.status_code == 400 and target.endpoint == "account.use_link":
        fresh = _link_for(world.app, world.app.test_client(), "new@example.com")
        return client.get(fresh), fresh
    if page.status_code == 302 and target.endpoint in ("submit.page", "submit.check"):
        slug = target.page.split("/")[2]
        spec = forms_of(world.app)[slug]
        journey = Journey(client, spec)
        last = len(spec.pages) if target.endpoint == "submit.check" else int(target.page.rsplit("/", 1)[1]) - 1
        for number in range(1, last + 1):
            journey.answer_page(number)
        page = client.get(target.page)
    elif page.status_code == 302 and target.endpoint == "staff_signin.sign_in_code":
        password_step(client, "officer@kestrelford.example")
        page = client.get(target.page)
    assert page.status_code == 200, (target, page.status_code)
    return page, target.action


def _send_and_check(client: Any, target: Target, action: str, sent: dict[str, Any]) -> None:
    """Send one hostile body; no 5xx, nothing logged at ERROR, and a refusal stores nothing."""
    before = counts()
    with errors_logged() as errors:
        if target.method == "get":
            response = client.get(action + "?" + sent["body"].decode("latin-1"))
        elif "multipart" in sent:
            response = client.post(action, data=sent["multipart"], content_type="multipart/form-data")
        else:
            response = client.post(action, data=sent["body"],
                                   content_type="application/x-www-form-urlencoded")
    db.session.rollback()  # see what other connections committed, not this session's snapshot
    assert response.status_code < 500 and not errors, (target, sent, response.status_code,
                                                        [r.getMessage() for r in errors])
    if target.method == "post" and sent["token"] != "valid":
        assert response.status_code == 400, (target, sent, response.status_code)
    if response.status_code >= 400 or target.method == "get":
        assert counts() == before, (target, sent, response.status_code)


def _fuzz(world: World, target: Target) -> None:
    client = world.clients[target.who]

    @_settings(EXAMPLES if target.endpoint in SHARED_MACHINERY else EXAMPLES_HAND_WRITTEN)
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        page, action = _open(world, target)
        html = page.get_data(as_text=True)
        names = form_fields(html, action, target.method)
        assert names, f"{target.page} shows no form that sends to {action}"
        token = csrf_token(html) if "csrf_token" in names else ""
        files = file_fields(html, action)
        if files and data.draw(st.booleans()):
            sent = data.draw(hostile_upload(names, files, token=token))
        else:
            sent = data.draw(hostile_form(names, token=token, allow_valid_token=target.endpoint not in ENDS_SESSION,
                                          numeric=tuple(numeric_fields(html, action)),
                                          plausible=plausible_answers(html, action)))
        _send_and_check(client, target, action, sent)

    one()


def test_every_post_route_in_the_url_map_is_fuzzed(app) -> None:
    posts = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert posts - EXPANDERS.keys() - NOT_FUZZED.keys() == set(), "a new POST route: add it to EXPANDERS"
    assert EXPANDERS.keys() - posts == set(), "a fuzzed route no longer exists: remove it from EXPANDERS"


def test_every_resident_form_page_survives_hostile_input(world) -> None:
    for target in world.targets:
        if target.endpoint.startswith("submit."):
            _fuzz(world, target)


def test_sign_in_tracking_and_account_forms_survive_hostile_input(world) -> None:
    for target in world.targets:
        if target.endpoint.split(".")[0] in ("track", "account", "staff_signin"):
            _fuzz(world, target)


def test_staff_case_actions_recording_and_filters_survive_hostile_input(world) -> None:
    for target in [*world.targets, *GET_FORMS]:
        if target.endpoint.split(".")[0] in ("staff", "performance"):
            _fuzz(world, target)


def test_staff_management_password_and_delivery_forms_survive_hostile_input(world) -> None:
    for target in world.targets:
        if target.endpoint.split(".")[0] in ("staff_admin", "staff_password", "deliveries"):
            _fuzz(world, target)


def _open311_answers(world: World) -> dict[str, dict[str, str]]:
    """What FixMyStreet sends to each Open311 route, with a key that may post."""
    return {"open311.post_request": {**PAVEMENT, "api_key": world.api_key},
            "open311.post_update": {"service_request_id": world.reference, "update_id": "77", "status": "CLOSED",
                                    "description": "Filled in", "updated_datetime": "2026-11-27T10:00:00+00:00",
                                    "api_key": world.api_key},
            "open311.not_found": {"api_key": world.api_key, "service_code": "report-a-damaged-pavement"}}


def _fuzz_api(world: World, target: Target, answers: dict[str, str]) -> None:
    @_settings(EXAMPLES_HAND_WRITTEN)
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        sent = data.draw(hostile_form([*answers], token="", plausible=answers))
        _send_and_check(world.clients[target.who], target, target.action, {**sent, "token": "valid"})

    one()


def test_open311_posts_survive_hostile_input(world) -> None:
    """The API takes no CSRF token (a key instead), so every example counts as a valid one: a refusal
    is a 4xx in the API's own format, stores nothing, and logs nothing at ERROR."""
    for target in world.targets:
        if target.endpoint.startswith("open311."):
            _fuzz_api(world, target, _open311_answers(world)[target.endpoint])


def test_every_number_box_takes_any_number_without_a_crash(world) -> None:
    """A sweep rather than a sample: each number a box could be sent, in each number box of every
    form (the three date boxes, number questions), with plausible answers everywhere else, since a
    date box only reaches its arithmetic when the other two boxes make sense."""
    for target in world.targets:
        if target.endpoint not in ("submit.page", "staff.new_case_form"):
            continue
        page, action = _open(world, target)
        html = page.get_data(as_text=True)
        plausible, token = plausible_answers(html, action), csrf_token(html)  # one token serves the session
        for box in numeric_fields(html, action):
            for value in NUMERIC:
                body = urlencode({"csrf_token": token, **plausible, box: value}, doseq=True).encode()
                _send_and_check(world.clients[target.who], target, action, {"body": body, "token": "valid"})
