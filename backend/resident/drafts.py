"""A form in progress: answers kept on the server, found through the resident's session cookie."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Any

from flask import session
from sqlalchemy import select

from backend.storage.db import db
from backend.storage.models import Draft, Photo, utcnow

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


def replace_photos(draft: Draft, field_name: str, new: list[Photo], upload_dir: Path) -> None:
    for old in [p for p in draft.photos if p.field_name == field_name]:
        (upload_dir / old.stored_name).unlink(missing_ok=True)
        db.session.delete(old)
    for photo in new:
        photo.draft = draft
        db.session.add(photo)


def forget_draft(slug: str, draft: Draft) -> None:
    db.session.delete(draft)
    session["drafts"] = {k: v for k, v in session.get("drafts", {}).items() if k != slug}


def purge_old_drafts(upload_dir: Path, older_than: dt.timedelta) -> int:
    """Delete forms left unfinished for longer than ``older_than``, with their photos; count them.

    A draft holds what a resident typed and the photos they chose, so it is not kept once the
    session that could finish it (12 hours at most) has gone.
    """
    cutoff = utcnow() - older_than
    old = db.session.scalars(select(Draft).where(Draft.created_at < cutoff)).all()
    for draft in old:
        for photo in draft.photos:
            (upload_dir / photo.stored_name).unlink(missing_ok=True)
            db.session.delete(photo)
        db.session.delete(draft)
    db.session.commit()
    return len(old)
