"""Performance reports: staff roles, and each case's moments as columns, with their indexes

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-01 15:00:00

Existing cases get their London received date, first response and closing time from their
history (backend.performance.definitions says what those are), in batches.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None

LONDON = ZoneInfo("Europe/London")
OPEN = ("received", "in-progress", "scheduled")  # backend.statuses.OPEN when this was written
BATCH = 5000


COLUMNS = (
    ("received_on", sa.Date()), ("received_department", sa.String(100)),
    ("reassigned_at", sa.DateTime(timezone=True)), ("first_response_at", sa.DateTime(timezone=True)),
    ("first_response_on", sa.Date()), ("closed_at", sa.DateTime(timezone=True)), ("closed_on", sa.Date()),
)


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch copy of the table: on SQLite a copy drops the old table, and
    # with foreign keys on that deletes every case's history (ON DELETE CASCADE) and every session.
    op.add_column("staff", sa.Column("role", sa.String(16), nullable=False, server_default="officer"))
    for name, kind in COLUMNS:
        op.add_column("report", sa.Column(name, kind, nullable=True))
    op.add_column("report", sa.Column("demo", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE staff SET role = 'admin' WHERE is_admin")
    _backfill()
    # The reports read cases by received date, within a department; the queue by due date.
    op.create_index("ix_report_received_on", "report", ["received_on", "department"])
    op.create_index("ix_report_department_received_on", "report", ["department", "received_on"])
    # The 13 months of channel shift read only these: PostgreSQL answers from the index alone.
    op.create_index("ix_report_received_on_channel", "report", ["received_on", "channel"],
                    postgresql_include=["department", "reassigned_at", "received_department", "id"])
    op.create_index("ix_report_update_reassigned", "report_update", ["report_id", "created_at"],
                    postgresql_where=sa.text("department IS NOT NULL"),
                    sqlite_where=sa.text("department IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("ix_report_update_reassigned", "report_update")
    op.drop_index("ix_report_received_on_channel", "report")
    op.drop_index("ix_report_department_received_on", "report")
    op.drop_index("ix_report_received_on", "report")
    for name in ("demo", *reversed([name for name, _ in COLUMNS])):
        op.drop_column("report", name)  # SQLite 3.35+ drops a column in place, keeping the rows
    op.drop_column("staff", "role")


def _day(moment: dt.datetime | str | None) -> dt.date | None:
    if moment is None:
        return None
    if isinstance(moment, str):  # SQLite hands back text
        moment = dt.datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(LONDON).date()


def _backfill() -> None:
    bind = op.get_bind()
    report = sa.table("report", sa.column("id", sa.Integer), sa.column("created_at", sa.DateTime(timezone=True)),
                      sa.column("status", sa.String), sa.column("department", sa.String),
                      sa.column("received_on", sa.Date), sa.column("received_department", sa.String),
                      sa.column("reassigned_at", sa.DateTime(timezone=True)),
                      sa.column("first_response_at", sa.DateTime(timezone=True)),
                      sa.column("first_response_on", sa.Date), sa.column("closed_at", sa.DateTime(timezone=True)),
                      sa.column("closed_on", sa.Date))
    update = sa.table("report_update", sa.column("report_id", sa.Integer),
                      sa.column("created_at", sa.DateTime(timezone=True)), sa.column("author", sa.String),
                      sa.column("visibility", sa.String), sa.column("status", sa.String),
                      sa.column("department", sa.String))
    last_id = 0
    while True:
        rows = bind.execute(sa.select(report.c.id, report.c.created_at, report.c.status, report.c.department)
                            .where(report.c.id > last_id).order_by(report.c.id).limit(BATCH)).all()
        if not rows:
            return
        last_id = rows[-1].id
        history: dict[int, list] = {}
        for u in bind.execute(sa.select(update).where(update.c.report_id.in_([r.id for r in rows]))
                              .order_by(update.c.created_at)):
            history.setdefault(u.report_id, []).append(u)
        for r in rows:
            changes = _moments(r, history.get(r.id, []))
            bind.execute(report.update().where(report.c.id == r.id).values(**changes))


def _moments(r: sa.Row, updates: list[sa.Row]) -> dict[str, object]:
    responses = [u.created_at for u in updates
                 if u.author == "staff" and (u.visibility == "public" or u.status is not None)]
    moved = [u.created_at for u in updates if u.department]
    closes = [u.created_at for u in updates if u.status is not None]
    closed_at = closes[-1] if closes and r.status not in OPEN else None
    # Where it started is not recorded for a case moved before this migration: the current one.
    return {"received_on": _day(r.created_at), "received_department": r.department,
            "reassigned_at": moved[-1] if moved else None,
            "first_response_at": responses[0] if responses else None, "first_response_on": _day(
                responses[0] if responses else None),
            "closed_at": closed_at, "closed_on": _day(closed_at)}
