"""The backend's settings: one typed object, read from the environment or given by tests.

Defaults are the embedded set-up `make run` uses (SQLite in instance/, mail to a folder of .eml
files). ``production()`` is what a council deploys: it refuses to start without a secret key, a
shared rate-limit store (Redis), its public address or real mail.
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
    # The search index the build writes; by default search-index.json in SITE_DIR.
    SEARCH_INDEX: Path | None = None
    # The built contact-centre handbook (python build.py handbook), served to staff at /staff/handbook/.
    HANDBOOK_DIR: Path = PROJECT / "output-handbook"
    PUBLIC_URL: str = "http://127.0.0.1:8000"
    MAIL_MODE: str = "folder"  # folder | smtp
    MAIL_FOLDER: Path | None = None  # default: INSTANCE_DIR / "outbox"
    MAIL_FROM: str = ""  # empty: site.yaml's mail_from (see backend.mail.outbox.sender)
    SMTP_HOST: str = "127.0.0.1"
    SMTP_PORT: int = 25
    UPLOAD_DIR: Path | None = None  # default: INSTANCE_DIR / "uploads", never a public folder
    # Where photos are kept: "folder" (UPLOAD_DIR, one app server) or "s3" (shared object storage).
    PHOTO_STORE: str = "folder"
    S3_BUCKET: str = ""
    S3_ENDPOINT_URL: str = ""  # empty: AWS itself; set it for MinIO, Ceph and other S3-compatible stores
    S3_REGION: str = ""
    S3_PREFIX: str = "photos/"
    RATELIMIT_STORAGE_URI: str = "memory://"
    # How many reverse proxies stand in front of the app and set X-Forwarded-For/-Proto (0: none).
    # Only then are those headers believed; rate limits key on the resident's own address.
    TRUSTED_PROXIES: int = 0
    RATELIMIT_ENABLED: bool = True
    SUBMIT_RATE_LIMIT: str = "100 per hour"
    PHOTO_MAX_BYTES: int = 10 * 1024 * 1024
    # Per API key (per address without one), across workers when the limits live in Redis.
    OPEN311_RATE_LIMIT: str = "600 per hour"
    # Webhook and Open311 deliveries: how many tries before a case shows "delivery failed".
    DELIVERY_MAX_ATTEMPTS: int = 6
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
        config.OPEN311_RATE_LIMIT = env.get("PORTAL_OPEN311_RATE_LIMIT", config.OPEN311_RATE_LIMIT)
        config.DELIVERY_MAX_ATTEMPTS = int(env.get("PORTAL_DELIVERY_MAX_ATTEMPTS", config.DELIVERY_MAX_ATTEMPTS))
        if env.get("REDIS_URL"):
            config.RATELIMIT_STORAGE_URI = env["REDIS_URL"]
        config.PHOTO_STORE = env.get("PORTAL_PHOTO_STORE", config.PHOTO_STORE)
        config.S3_BUCKET = env.get("PORTAL_S3_BUCKET", config.S3_BUCKET)
        config.S3_ENDPOINT_URL = env.get("PORTAL_S3_ENDPOINT_URL", config.S3_ENDPOINT_URL)
        config.S3_REGION = env.get("PORTAL_S3_REGION", config.S3_REGION)
        config.S3_PREFIX = env.get("PORTAL_S3_PREFIX", config.S3_PREFIX)
        if env.get("PORTAL_TRUSTED_PROXIES"):
            config.TRUSTED_PROXIES = int(env["PORTAL_TRUSTED_PROXIES"])
        if env.get("PORTAL_HANDBOOK_DIR"):
            config.HANDBOOK_DIR = Path(env["PORTAL_HANDBOOK_DIR"])
        if env.get("PORTAL_INSTANCE_DIR"):
            config.INSTANCE_DIR = Path(env["PORTAL_INSTANCE_DIR"])
        config.SERVE_SITE = env.get("PORTAL_SERVE_SITE", "") == "1" or config.SERVE_SITE
        if env.get("PORTAL_SEARCH_INDEX"):
            config.SEARCH_INDEX = Path(env["PORTAL_SEARCH_INDEX"])
        return config

    @classmethod
    def production(cls, **overrides: object) -> Config:
        """Production's settings; refuses to start with any setting that only suits one machine."""
        config = cls.from_env(PRODUCTION=True, **overrides)
        problems = []
        if not os.environ.get("SECRET_KEY") and "SECRET_KEY" not in overrides:
            problems.append("SECRET_KEY is not set: the portal will not start in production without one. "
                            "Set it to a long random value, e.g. "
                            "python -c 'import secrets; print(secrets.token_hex(32))'")
        if config.RATELIMIT_STORAGE_URI.startswith("memory://"):
            problems.append("REDIS_URL is not set: each worker would keep its own rate limits, so they would "
                            "not hold. Set it to a Redis that every app server shares, e.g. redis://cache:6379/0")
        if config.PUBLIC_URL == cls.PUBLIC_URL:
            problems.append(f"PORTAL_PUBLIC_URL is not set: links in emails would point at {cls.PUBLIC_URL}. "
                            "Set it to the portal's address, e.g. https://www.council.gov.uk")
        if config.MAIL_MODE != "smtp":
            problems.append("PORTAL_MAIL_MODE is not smtp: email would be written to a folder and never sent. "
                            "Set PORTAL_MAIL_MODE=smtp and PORTAL_SMTP_HOST / PORTAL_SMTP_PORT")
        if problems:
            raise RuntimeError("The portal will not start in production:\n- " + "\n- ".join(problems))
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
            # The cookie is sent again only when the session changes, not re-signed on every page: the
            # server-side sign-in sessions keep their own idle and absolute limits (web/sessions.py).
            SESSION_REFRESH_EACH_REQUEST=False,
            WTF_CSRF_TIME_LIMIT=12 * 60 * 60,
            # Redis down must not take the forms down: count in memory until it answers again.
            RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
            RATELIMIT_SWALLOW_ERRORS=True,
            RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": 1, "socket_timeout": 1}
            if self.RATELIMIT_STORAGE_URI.startswith(("redis", "rediss")) else {},
        )
        return settings
