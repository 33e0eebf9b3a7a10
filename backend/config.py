"""The backend's settings: one typed object, read from the environment or given by tests.

Defaults are the embedded set-up `make run` uses (SQLite in instance/, mail to a folder of .eml
files). ``production()`` is what a council deploys: it refuses to start without a secret key.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


@dataclass
class Config:
    SECRET_KEY: str | None = "dev-only-not-secret"
    # Old keys still accepted for signatures while links made with them are in circulation.
    SECRET_KEY_FALLBACKS: list[str] = field(default_factory=list)
    INSTANCE_DIR: Path = PROJECT / "instance"
    DATABASE_URL: str = ""  # empty: a SQLite file in INSTANCE_DIR
    CONTENT_DIR: Path = PROJECT / "content"
    FORMS_DIR: Path = PROJECT / "forms"
    # Where the built static site is; the backend serves it only when SERVE_SITE is on (make run).
    SITE_DIR: Path = PROJECT / "output"
    SERVE_SITE: bool = False
    # The built contact-centre handbook (python build.py handbook), served to staff at /staff/handbook/.
    HANDBOOK_DIR: Path = PROJECT / "output-handbook"
    PUBLIC_URL: str = "http://127.0.0.1:8000"
    MAIL_MODE: str = "folder"  # folder | smtp
    MAIL_FOLDER: Path | None = None  # default: INSTANCE_DIR / "outbox"
    MAIL_FROM: str = "no-reply@council.example"
    SMTP_HOST: str = "127.0.0.1"
    SMTP_PORT: int = 25
    UPLOAD_DIR: Path | None = None  # default: INSTANCE_DIR / "uploads", never a public folder
    RATELIMIT_STORAGE_URI: str = "memory://"
    RATELIMIT_ENABLED: bool = True
    SUBMIT_RATE_LIMIT: str = "100 per hour"
    PHOTO_MAX_BYTES: int = 10 * 1024 * 1024
    TESTING: bool = False
    PRODUCTION: bool = False
    WTF_CSRF_ENABLED: bool = True

    @classmethod
    def from_env(cls, **overrides: object) -> Config:
        """Settings from PORTAL_* / DATABASE_URL / SECRET_KEY / REDIS_URL environment variables."""
        env = os.environ
        config = cls(**overrides)  # type: ignore[arg-type]
        config.SECRET_KEY = env.get("SECRET_KEY", config.SECRET_KEY)
        if env.get("SECRET_KEY_FALLBACKS"):
            config.SECRET_KEY_FALLBACKS = env["SECRET_KEY_FALLBACKS"].split(",")
        config.DATABASE_URL = env.get("DATABASE_URL", config.DATABASE_URL)
        config.PUBLIC_URL = env.get("PORTAL_PUBLIC_URL", config.PUBLIC_URL)
        config.MAIL_MODE = env.get("PORTAL_MAIL_MODE", config.MAIL_MODE)
        config.MAIL_FROM = env.get("PORTAL_MAIL_FROM", config.MAIL_FROM)
        config.SMTP_HOST = env.get("PORTAL_SMTP_HOST", config.SMTP_HOST)
        config.SMTP_PORT = int(env.get("PORTAL_SMTP_PORT", config.SMTP_PORT))
        if env.get("REDIS_URL"):
            config.RATELIMIT_STORAGE_URI = env["REDIS_URL"]
        if env.get("PORTAL_HANDBOOK_DIR"):
            config.HANDBOOK_DIR = Path(env["PORTAL_HANDBOOK_DIR"])
        if env.get("PORTAL_INSTANCE_DIR"):
            config.INSTANCE_DIR = Path(env["PORTAL_INSTANCE_DIR"])
        config.SERVE_SITE = env.get("PORTAL_SERVE_SITE", "") == "1" or config.SERVE_SITE
        return config

    @classmethod
    def production(cls, **overrides: object) -> Config:
        config = cls.from_env(PRODUCTION=True, **overrides)
        if not os.environ.get("SECRET_KEY") and "SECRET_KEY" not in overrides:
            raise RuntimeError(
                "SECRET_KEY is not set: the portal will not start in production without one. "
                "Set it to a long random value, e.g. python -c 'import secrets; print(secrets.token_hex(32))'"
            )
        return config

    def database_url(self) -> str:
        url = self.DATABASE_URL or f"sqlite:///{self.INSTANCE_DIR / 'portal.db'}"
        # psycopg 3 is the driver we ship; plain postgresql:// URLs would ask for psycopg2.
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url

    def flask_settings(self) -> dict[str, object]:
        settings = asdict(self)
        settings.update(
            SQLALCHEMY_DATABASE_URI=self.database_url(),
            MAIL_FOLDER=self.MAIL_FOLDER or self.INSTANCE_DIR / "outbox",
            UPLOAD_DIR=self.UPLOAD_DIR or self.INSTANCE_DIR / "uploads",
            # Three photos of 10 MB and the rest of the form; anything larger is refused at once.
            MAX_CONTENT_LENGTH=3 * self.PHOTO_MAX_BYTES + 1024 * 1024,
            MAX_FORM_MEMORY_SIZE=512 * 1024,
            SESSION_COOKIE_HTTPONLY=True,
            SESSION_COOKIE_SAMESITE="Lax",
            SESSION_COOKIE_SECURE=self.PRODUCTION,
            PERMANENT_SESSION_LIFETIME=12 * 60 * 60,
            WTF_CSRF_TIME_LIMIT=12 * 60 * 60,
        )
        return settings
