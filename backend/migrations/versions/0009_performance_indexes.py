"""Performance reports: an index of open cases by age, for "oldest open case" at any size

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 16:10:00

Open cases are few next to closed ones; the report asks for the oldest of them received in a
period, which this index answers by reading from its start rather than sorting a year of cases.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OPEN = "status IN ('in-progress', 'received', 'scheduled')"  # backend.cases.statuses.OPEN when this was written


def upgrade() -> None:
    op.create_index("ix_report_open_created", "report", ["created_at", "id"],
                    postgresql_where=sa.text(OPEN), sqlite_where=sa.text(OPEN))


def downgrade() -> None:
    op.drop_index("ix_report_open_created", "report")
