"""What the backend stores: reports, their photos, drafts of forms being filled in, and mail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.storage.db import db


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC time: SQLite hands back naive ones for timezone columns."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class Report(db.Model):
    """One report or request, with the resident's answers and contact details."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True, index=True)
    form_slug: Mapped[str] = mapped_column(String(80), index=True)
    form_title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    department: Mapped[str] = mapped_column(String(100), index=True)
    status: Mapped[str] = mapped_column(String(32), default="received")
    channel: Mapped[str] = mapped_column(String(16), default="web")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    name: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    due_date: Mapped[dt.date] = mapped_column(Date)
    # Kept by backend.performance.definitions as updates are written, so reports add up in SQL:
    # London dates for working-day counts, the department that first held it, and when it moved.
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    received_department: Mapped[str | None] = mapped_column(String(100))
    reassigned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    first_response_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    first_response_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")  # made by `demo-data`
    # The draft it was made from, so a second press of "Send" finds this report instead of making one.
    source_draft: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    # The code of the language the resident used ("cy"); None (older reports) is the default language.
    # Every email to them is written in it, and staff see it on the case.
    language: Mapped[str | None] = mapped_column(String(8))

    photos: Mapped[list[Photo]] = relationship(back_populates="report")
    updates: Mapped[list[ReportUpdate]] = relationship(back_populates="report", order_by="ReportUpdate.id")

    @property
    def is_open(self) -> bool:
        from backend.cases.statuses import OPEN  # noqa: PLC0415

        return self.status in OPEN


class ReportUpdate(db.Model):
    """One entry in a case's history: a status change, a public reply, an internal note, or the
    resident's own addition. Internal notes are never shown to residents."""

    __tablename__ = "report_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    visibility: Mapped[str] = mapped_column(String(16))  # public | internal
    author: Mapped[str] = mapped_column(String(16))  # staff | resident | system
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    status: Mapped[str | None] = mapped_column(String(32))  # set when the update changed the status
    department: Mapped[str | None] = mapped_column(String(100))  # set when it was reassigned
    text: Mapped[str | None] = mapped_column(Text)

    report: Mapped[Report] = relationship(back_populates="updates")
    photos: Mapped[list[Photo]] = relationship(back_populates="update")


class Account(db.Model):
    """A resident who has signed in: saved details, found by the email their reports carry."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    language: Mapped[str | None] = mapped_column(String(8))  # for its emails; None is the default language


# What a member of staff may do: officers work their department's queue; managers also see their
# department's performance reports; admins see and act on every department and manage staff.
ROLES = {"officer": "Officer", "manager": "Manager", "admin": "Admin"}


class Staff(db.Model):
    """A council officer, who works one department's queue (admins see every department).
    Managers also see their department's performance reports; admins see every department's.

    ``is_admin`` is kept equal to ``role == "admin"`` (backend.staff.people sets both), so code and
    data written before roles existed still read right. A disabled officer cannot sign in."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    department: Mapped[str] = mapped_column(String(100))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    role: Mapped[str] = mapped_column(String(16), default="officer", server_default="officer")
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    def __init__(self, **kwargs: Any) -> None:
        # One of role and is_admin given: the other follows, so the two never disagree.
        if "role" not in kwargs:
            kwargs["role"] = "admin" if kwargs.get("is_admin") else "officer"
        kwargs["is_admin"] = kwargs["role"] == "admin"
        super().__init__(**kwargs)

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None


class StaffChange(db.Model):
    """One change to a member of staff's account, and who made it: shown on the admin page."""

    __tablename__ = "staff_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(254))  # the admin's email, or "the command line"
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(String(300))

    staff: Mapped[Staff] = relationship(foreign_keys=[staff_id])


class SignInToken(db.Model):
    """A single-use sign-in link or code. The signed token carries only ``id``; who it is for
    stays here, so a token in a mail log or a browser history gives nothing away."""

    __tablename__ = "sign_in_token"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(32))
    email: Mapped[str] = mapped_column(String(254))
    code_hash: Mapped[str | None] = mapped_column(String(255))  # staff's emailed code
    failed_tries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LoginSession(db.Model):
    """A signed-in session, held on the server so signing out really ends it."""

    __tablename__ = "login_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie's secret
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Draft(db.Model):
    """A form being filled in, kept on the server so answers survive page to page and errors."""

    __tablename__ = "draft"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    form_slug: Mapped[str] = mapped_column(String(80))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # The database empties photo.draft_id when a draft goes (ON DELETE SET NULL): deleting a sent
    # draft need not read its photos first.
    photos: Mapped[list[Photo]] = relationship(back_populates="draft", passive_deletes=True)


class Photo(db.Model):
    """A checked, re-encoded image, stored under a random name outside any public folder."""

    __tablename__ = "photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    field_name: Mapped[str] = mapped_column(String(80))
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"), index=True)
    update_id: Mapped[int | None] = mapped_column(ForeignKey("report_update.id"), index=True)
    draft_id: Mapped[str | None] = mapped_column(ForeignKey("draft.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    report: Mapped[Report | None] = relationship(back_populates="photos")
    update: Mapped[ReportUpdate | None] = relationship(back_populates="photos")
    draft: Mapped[Draft | None] = relationship(back_populates="photos")


class OutboxMessage(db.Model):
    """An email waiting to go, written in the same transaction as what it tells the resident."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    last_error: Mapped[str | None] = mapped_column(String(500))
    claimed_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ApiKey(db.Model):
    """A key for another system to use the Open311 API. Only its SHA-256 is kept: the key itself is
    shown once, when it is made."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    department: Mapped[str | None] = mapped_column(String(100))  # None: every department
    can_post: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ApiSubmission(db.Model):
    """A report made through the Open311 API: the token the client may look it up by, and which key sent it."""

    __tablename__ = "api_submission"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_key.id"))
    # SHA-256 of what was sent, so a client's retry of the same POST gets the same report back.
    request_hash: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Delivery(db.Model):
    """A report on its way to a department's own system (webhook or Open311), queued in the same
    transaction as the report, retried with backoff, and marked failed for an admin to retry."""

    __tablename__ = "delivery"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(16))  # webhook | open311
    target: Mapped[str] = mapped_column(String(500))  # the URL or endpoint, as the form said when queued
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    external_id: Mapped[str | None] = mapped_column(String(100), index=True)  # the back office's service_request_id
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    report: Mapped[Report] = relationship()


class ExternalUpdate(db.Model):
    """An update another system sent or we fetched, by its own id, so it is applied once only."""

    __tablename__ = "external_update"
    __table_args__ = (UniqueConstraint("source", "update_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(500))  # an Open311 endpoint, or "key:<api key id>"
    update_id: Mapped[str] = mapped_column(String(100))
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    report_update_id: Mapped[int | None] = mapped_column(ForeignKey("report_update.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Open311Sync(db.Model):
    """When ``open311 pull-updates`` last fetched an endpoint's updates, so the next run starts there."""

    __tablename__ = "open311_sync"

    endpoint: Mapped[str] = mapped_column(String(500), primary_key=True)
    last_run_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
