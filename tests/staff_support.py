"""Helpers for the staff tests: officers, signing in, reports to work on."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from backend_support import csrf_token, good_answer, png_bytes

from backend.cases.reports import create_report
from backend.council import forms_of
from backend.staff.signin import hash_password
from backend.storage.db import db
from backend.storage.models import OutboxMessage, Photo, Report, Staff
from backend.storage.photos import check_photo, store_photo

PASSWORD = "correct horse battery staple"
HIGHWAYS = "Highways and street lighting"
WASTE = "Waste and recycling"
SIGN_IN_PAGES = {"staff_signin.sign_in", "staff_signin.sign_in_code"}
# Every blueprint behind the staff sign-in (the route-audience test walks them all).
STAFF_BLUEPRINTS = ("staff", "staff_signin", "staff_handbook")


def add_staff(email: str = "officer@kestrelford.example", department: str = HIGHWAYS, *,
              admin: bool = False) -> Staff:
    staff = Staff(email=email, department=department, is_admin=admin, password_hash=hash_password(PASSWORD))
    db.session.add(staff)
    db.session.commit()
    return staff


def password_step(client: Any, email: str, password: str = PASSWORD) -> Any:
    page = client.get("/staff/sign-in")
    return client.post("/staff/sign-in", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                               "email": email, "password": password})


def emailed_code(email: str) -> str:
    message = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_address == email)
                                 .order_by(OutboxMessage.id.desc())).first()
    return re.search(r"^(\d{6})$", message.body_text, re.MULTILINE).group(1)


def enter_code(client: Any, code: str) -> Any:
    page = client.get("/staff/sign-in/code")
    assert page.status_code == 200, page.status_code
    return client.post("/staff/sign-in/code", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                                    "code": code})


def sign_in(client: Any, staff: Staff) -> None:
    assert password_step(client, staff.email).status_code == 302
    response = enter_code(client, emailed_code(staff.email))
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/")


def post_with_token(client: Any, url: str, data: dict[str, Any], *, token_from: str = "/staff/") -> Any:
    token = csrf_token(client.get(token_from).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def make_report(app: Any, slug: str = "report-a-pothole", *, status: str = "received", due_in: int = 5,
                email: str | None = "resident@example.com", name: str = "Alex Resident") -> Report:
    spec = forms_of(app)[slug]
    answers = {f.name: good_answer(f) for f in spec.fields if f.type != "photo"}
    answers.update(email=email, name=name)
    for f in spec.fields:
        if f.type == "location":
            answers[f.name] = {"description": good_answer(f), "latitude": None, "longitude": None}
    report = create_report(spec, answers)
    report.status = status
    report.due_date = dt.date.today() + dt.timedelta(days=due_in)
    # The confirmation email is tested with the resident's journey; these tests look at what staff send.
    db.session.execute(db.delete(OutboxMessage))
    db.session.commit()
    return report


def add_photo(app: Any, report: Report) -> Photo:
    checked = check_photo(png_bytes(), "pothole.png", app.config["PHOTO_MAX_BYTES"])
    photo = Photo(stored_name=store_photo(checked), field_name="photos",
                  content_type=checked.content_type, size=len(checked.data), width=checked.width,
                  height=checked.height, report=report)
    db.session.add(photo)
    db.session.commit()
    return photo


def resident_mail() -> list[OutboxMessage]:
    return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_address == "resident@example.com")))


def session_cookie(client: Any) -> str:
    return client.get_cookie("session").value


