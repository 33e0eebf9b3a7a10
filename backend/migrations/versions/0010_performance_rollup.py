"""Performance reports: the daily roll-up of settled days, and an index of moved cases

Revision ID: 0010_performance_rollup
Revises: 0009
Create Date: 2026-12-01 19:30:00

``performance_rollup`` adds up each settled day's cases (backend.performance.rollup says how),
and whole months of them (backend.performance.rollup_months); ``performance_rollup_day`` says
which days it stands for. The backfill builds every settled day a month at a time from the cases
as they are: it reads the report table without locking it, so it runs on a live database, and any
day that changes while it runs is marked stale by the change and counted straight from the cases
until the page or ``flask --app backend report rollup`` builds it again. Whole months need the
bank holidays of site.yaml, so the page and that command build them.
Cases moved between departments after a period are counted straight from the cases, by
``ix_report_reassigned_at``.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0010_performance_rollup"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "performance_rollup",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("kind", sa.String(1), nullable=False),
        sa.Column("department", sa.String(100), nullable=False),
        sa.Column("form_slug", sa.String(80)),
        sa.Column("form_title", sa.String(200)),
        sa.Column("channel", sa.String(16)),
        sa.Column("status", sa.String(32)),
        sa.Column("due_date", sa.Date),
        sa.Column("on_day", sa.Date),
        sa.Column("cases", sa.Integer, nullable=False),
        *(sa.Column(name, sa.Integer, nullable=False, server_default="0")
          for name in ("within", "late", "unanswered", "moved", "demo")),
        sa.Column("days", sa.Integer),
        sa.Column("holidays", sa.String(16)),
    )
    op.create_index("ix_performance_rollup_kind_day", "performance_rollup", ["kind", "received_on"])
    op.create_table(
        "performance_rollup_day",
        sa.Column("received_on", sa.Date, primary_key=True),
        sa.Column("fresh", sa.Boolean, nullable=False),
    )
    op.create_index("ix_report_reassigned_at", "report", ["reassigned_at"],
                    postgresql_where=sa.text("reassigned_at IS NOT NULL"),
                    sqlite_where=sa.text("reassigned_at IS NOT NULL"))
    # The roll-up's rows are what backend.performance.rollup builds, one definition for the
    # backfill, the page and the command alike.
    from backend.performance.rollup import backfill  # noqa: PLC0415

    backfill(op.get_bind(), dt.datetime.now(ZoneInfo("Europe/London")).date())


def downgrade() -> None:
    op.drop_index("ix_report_reassigned_at", "report")
    op.drop_table("performance_rollup_day")
    op.drop_index("ix_performance_rollup_kind_day", "performance_rollup")
    op.drop_table("performance_rollup")
