"""A form in progress: answers kept on the server, found through the resident's session cookie."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from flask import session
from sqlalchemy import select

from backend.storage.db import db
from backend.storage.models import Draft, Photo, Report, utcnow
from backend.storage.photostore import photo_store

_DONE = "_pages_done"


def find_draft(slug: str) -> Draft | None:
    draft_id = session.get("drafts", {}).get(slug)
    return db.session.get(Draft, draft_id) if draft_id else None


def get_or_create_draft(slug: str) -> Draft:
    draft = find_draft(slug)
    if draft is None:
        draft = Draft(id=secrets.token_urlsafe(32), form_slug=slug, answers={})
        db.session.add(draft)
        session["drafts"] = {**session.get("drafts", {}), slug: draft.id}
        session.permanent = True
    return draft


def save_page(draft: Draft, number: int, answers: dict[str, Any]) -> None:
    done = sorted({*draft.answers.get(_DONE, []), number})
    # A new dict, so SQLAlchemy sees the JSON column change.
    draft.answers = {**draft.answers, **answers, _DONE: done}


def pages_done(draft: Draft | None) -> set[int]:
    return set(draft.answers.get(_DONE, [])) if draft else set()


def answers_of(draft: Draft | None) -> dict[str, Any]:
    return {k: v for k, v in (draft.answers if draft else {}).items() if k != _DONE}


def replace_photos(draft: Draft, field_name: str, new: list[Photo]) -> None:
    for old in [p for p in draft.photos if p.field_name == field_name]:
        photo_store().delete(old.stored_name)
        db.session.delete(old)
    for photo in new:
        photo.draft = draft
        db.session.add(photo)


def forget_draft(draft: Draft) -> None:
    """Delete a sent draft. The session keeps its id, so "Send" pressed again finds the report."""
    db.session.delete(draft)


def report_made_from(slug: str) -> Report | None:
    """The report already made from this browser's draft of ``slug``, if "Send" was pressed before."""
    draft_id = session.get("drafts", {}).get(slug)
    return db.session.scalar(select(Report).where(Report.source_draft == draft_id)) if draft_id else None


def purge_old_drafts(older_than: dt.timedelta) -> int:
    """Delete forms left unfinished for longer than ``older_than``, with their photos; count them.

    A draft holds what a resident typed and the photos they chose, so it is not kept once the
    session that could finish it (12 hours at most) has gone.
    """
    cutoff = utcnow() - older_than
    old = db.session.scalars(select(Draft).where(Draft.created_at < cutoff)).all()
    for draft in old:
        for photo in draft.photos:
            photo_store().delete(photo.stored_name)
            db.session.delete(photo)
        db.session.delete(draft)
    db.session.commit()
    return len(old)
