"""A form in progress: answers kept on the server, found through the resident's session cookie."""

from __future__ import annotations

import datetime as dt
import functools
import re
import secrets
from dataclasses import dataclass
from typing import Any

from flask import session
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from backend.storage.db import db
from backend.storage.models import Draft, Photo, Report, utcnow
from backend.storage.photostore import photo_store
from backend.storage.rows import fetch
from portal.text import clean_or_empty, single_line

_DONE = "_pages_done"
_PHOTO_NAMES = "_photo_names"  # stored name -> the file name the resident chose, to show it back
_NAME_RULE = single_line(100)


@dataclass
class FormDraft:
    """A draft as the journey uses it: its answers, read and written with one SQL statement each,
    without loading ORM objects (``backend.storage.rows``); its photos are read only if it has
    some (``kept_photos``). A page that only shows it reads it on its own connection; a page that
    changes it reads it in the request's transaction, and the change is written there."""

    id: str
    answers: dict[str, Any]

    @functools.cached_property
    def photos(self) -> list[Photo]:
        return list(db.session.scalars(select(Photo).where(Photo.draft_id == self.id)))


_READ = "SELECT answers FROM draft WHERE id = ?"
_TABLE = Draft.__table__


def _read(draft_id: str, connection: Connection) -> FormDraft | None:
    rows = fetch(connection, _READ, [_TABLE.c.answers], draft_id)
    return FormDraft(draft_id, rows[0][0] or {}) if rows else None


def read_draft(slug: str) -> FormDraft | None:
    """This browser's draft of ``slug``, to show (each form page and check your answers)."""
    draft_id = session.get("drafts", {}).get(slug)
    if not draft_id:
        return None
    with db.engine.connect() as connection:
        return _read(draft_id, connection)


def find_draft(slug: str) -> FormDraft | None:
    """This browser's draft of ``slug``, to change in the request's transaction."""
    draft_id = session.get("drafts", {}).get(slug)
    return _read(draft_id, db.session.connection()) if draft_id else None


def get_or_create_draft(slug: str) -> FormDraft:
    return find_draft(slug) or new_draft(slug)


def new_draft(slug: str) -> FormDraft:
    """A new draft of ``slug`` for this browser (its id kept in the session cookie)."""
    draft = FormDraft(secrets.token_urlsafe(32), {})
    db.session.execute(insert(_TABLE).values(id=draft.id, form_slug=slug, answers={}))
    session["drafts"] = {**session.get("drafts", {}), slug: draft.id}
    session.permanent = True
    return draft


def _store(draft: FormDraft, answers: dict[str, Any]) -> None:
    draft.answers = answers
    db.session.execute(update(_TABLE).where(_TABLE.c.id == draft.id).values(answers=answers))


def save_page(draft: FormDraft, number: int, answers: dict[str, Any]) -> None:
    done = sorted({*draft.answers.get(_DONE, []), number})
    _store(draft, {**draft.answers, **answers, _DONE: done})


def pages_done(draft: FormDraft | None) -> set[int]:
    return set(draft.answers.get(_DONE, [])) if draft else set()


def save_answers(draft: FormDraft, answers: dict[str, Any]) -> None:
    """Keep answers from a page that is not finished yet (it had errors), so nothing typed is lost."""
    _store(draft, {**draft.answers, **answers})


def answers_of(draft: FormDraft | None) -> dict[str, Any]:
    return {k: v for k, v in (draft.answers if draft else {}).items() if k not in (_DONE, _PHOTO_NAMES)}


def chosen_name(filename: str | None) -> str:
    """The name of a chosen file as it is shown back: no folders, no control characters."""
    base = re.split(r"[\\/]", filename or "")[-1]
    return clean_or_empty(base, _NAME_RULE) or "your photo"


def replace_photos(draft: FormDraft, field_name: str, new: list[tuple[Photo, str]]) -> None:
    """Put ``new`` (each photo with the name the resident chose) in place of the field's photos."""
    for old in [p for p in draft.photos if p.field_name == field_name]:
        _delete_photo(draft, old)
    names = dict(draft.answers.get(_PHOTO_NAMES, {}))
    for photo, name in new:
        photo.draft_id = draft.id
        db.session.add(photo)
        draft.photos.append(photo)
        names[photo.stored_name] = chosen_name(name)
    _store(draft, {**draft.answers, _PHOTO_NAMES: names})


def kept_photos(draft: FormDraft | None, field_name: str | None = None) -> list[tuple[Photo, str]]:
    """The photos kept in the draft (for one field, or all), each with the name it was chosen by."""
    names = draft.answers.get(_PHOTO_NAMES) if draft is not None else None
    if not names:
        return []  # every kept photo is named here (replace_photos), so no photos: no query for them
    return [(p, names.get(p.stored_name, "your photo")) for p in sorted(draft.photos, key=lambda p: p.id or 0)
            if field_name is None or p.field_name == field_name]


def remove_photo(draft: FormDraft, photo_id: int) -> bool:
    """Take one photo out of the draft; False if the draft has no such photo."""
    photo = next((p for p in draft.photos if p.id == photo_id), None)
    if photo is None:
        return False
    _delete_photo(draft, photo)
    return True


def _delete_photo(draft: FormDraft, photo: Photo) -> None:
    photo_store().delete(photo.stored_name)
    names = {k: v for k, v in draft.answers.get(_PHOTO_NAMES, {}).items() if k != photo.stored_name}
    _store(draft, {**draft.answers, _PHOTO_NAMES: names})
    if photo in draft.photos:
        draft.photos.remove(photo)
    db.session.delete(photo)


def forget_draft(draft: FormDraft) -> None:
    """Delete a sent draft. The session keeps its id, so "Send" pressed again finds the report."""
    db.session.execute(delete(_TABLE).where(_TABLE.c.id == draft.id))


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
