"""Mail claimed one message at a time and marked failed for good; a draft sent once

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Columns added in place, never by a batch copy: on SQLite a copy of `report` would delete every
    # case's history through ON DELETE CASCADE.
    # A worker's claim on a message: others leave it alone until the lease lapses.
    op.add_column("outbox_message", sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
    # Set when a message can never go (it cannot be built, or the server refused it for good).
    op.add_column("outbox_message", sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))
    # The draft a report was made from: a second press of "Send" finds the first one's report.
    op.add_column("report", sa.Column("source_draft", sa.String(length=64), nullable=True))
    op.create_index("ix_report_source_draft", "report", ["source_draft"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_report_source_draft", table_name="report")
    op.drop_column("report", "source_draft")  # SQLite 3.35+ drops a column in place, keeping the rows
    op.drop_column("outbox_message", "failed_at")
    op.drop_column("outbox_message", "claimed_until")
