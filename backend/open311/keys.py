"""API keys for systems that use the Open311 API: made, listed and revoked from the command line.

`flask --app backend apikey add NAME [--department NAME] [--can-post]` prints the key once; only its
SHA-256 is stored (a key is 32 random bytes, so a plain hash is enough to make a stolen database
useless). A key may be limited to one department's services. Keys are never logged: the log
filter blanks ``api_key=`` in paths, and nothing here writes one.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Any

import click
from flask import request
from flask.cli import AppGroup
from flask_limiter.util import get_remote_address
from sqlalchemy import select

from backend.staff.cli import department_named
from backend.storage.db import db
from backend.storage.models import ApiKey, utcnow

PREFIX = "p311_"
HEADER = "X-Api-Key"
_CACHE = "portal.open311.api_key"  # per request, in its environ (an app context may outlive a request)
apikey_cli = AppGroup("apikey", help="Keys for other systems to use the Open311 API.")


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def given_key() -> str | None:
    """The key the client sent: ``api_key`` in the body or query (as Open311 says), or the header."""
    key = request.headers.get(HEADER) or request.form.get("api_key") or request.args.get("api_key")
    return key.strip() if key and key.strip() else None


def current_key() -> ApiKey | None:
    """The live key this request carries, looked up once per request; None if none or not valid."""
    if _CACHE not in request.environ:
        key = given_key()
        found = None
        if key and len(key) <= 200:
            digest = hash_key(key)
            found = db.session.scalar(select(ApiKey).where(ApiKey.key_hash == digest, ApiKey.revoked_at.is_(None)))
            # The lookup is by an index on the hash; compare again in constant time all the same.
            if found is not None and not hmac.compare_digest(found.key_hash, digest):
                found = None
        request.environ[_CACHE] = found
    return request.environ[_CACHE]


def rate_limit_key() -> str:
    """Rate limits count per key for keyed clients, per address otherwise (so made-up keys do not
    buy a fresh allowance)."""
    key = current_key()
    return f"apikey:{key.id}" if key is not None else f"ip:{get_remote_address()}"


@apikey_cli.command("add")
@click.argument("name")
@click.option("--department", help="Limit the key to this department's services (as forms/*.yaml name it).")
@click.option("--can-post", is_flag=True, help="Let it make reports and send updates, not only read.")
def add(name: str, department: str | None, can_post: bool) -> None:
    """Make a key for another system; it is shown once, here, and never again."""
    name = name.strip()
    if not name or len(name) > 100:
        raise click.ClickException("Give the key a name of 1 to 100 characters, like 'fixmystreet'.")
    if db.session.scalar(select(ApiKey).where(ApiKey.name == name)) is not None:
        raise click.ClickException(f"There is already a key called '{name}'. Revoke it first, or choose another name.")
    key = new_key()
    db.session.add(ApiKey(name=name, key_hash=hash_key(key), can_post=can_post,
                          department=department_named(department) if department else None))
    db.session.commit()
    click.echo(f"API key '{name}' made{' (may post)' if can_post else ' (read only)'}"
               f"{f' for {department}' if department else ''}. Copy it now; it is not shown again:")
    click.echo(key)


@apikey_cli.command("revoke")
@click.argument("name")
def revoke(name: str) -> None:
    """Stop a key working, at once."""
    key = db.session.scalar(select(ApiKey).where(ApiKey.name == name.strip(), ApiKey.revoked_at.is_(None)))
    if key is None:
        raise click.ClickException(f"There is no live key called '{name}'. `flask --app backend apikey list` "
                                   "shows them.")
    key.revoked_at = utcnow()
    db.session.commit()
    click.echo(f"API key '{key.name}' revoked.")


@apikey_cli.command("list")
def list_keys() -> None:
    """The keys, live and revoked (names only: the keys themselves are not kept)."""
    for key in db.session.scalars(select(ApiKey).order_by(ApiKey.name)):
        state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "live"
        click.echo(f"{key.name}\t{'post' if key.can_post else 'read'}\t{key.department or 'all departments'}\t{state}")


def api_key_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """For methods that change things: a live key that may post, or 403 (Open311's error document)."""
    from backend.open311.formats import Open311Error  # noqa: PLC0415

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        key = current_key()
        if key is None:
            raise Open311Error(403, "api_key is missing, not valid or revoked; ask the council for a key")
        if not key.can_post:
            raise Open311Error(403, "this api_key may read but not post; ask the council for one that may post")
        return view(*args, **kwargs)

    wrapped.audience = "api"  # type: ignore[attr-defined]
    return wrapped
