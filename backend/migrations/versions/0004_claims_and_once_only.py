"""Mail claimed one message at a time and marked failed for good; a draft sent once

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        # A worker's claim on a message: others leave it alone until the lease lapses.
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
        # Set when a message can never go (it cannot be built, or the server refused it for good).
        batch_op.add_column(sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("report", schema=None) as batch_op:
        # The draft a report was made from: a second press of "Send" finds the first one's report.
        batch_op.add_column(sa.Column("source_draft", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_report_source_draft", ["source_draft"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index("ix_report_source_draft")
        batch_op.drop_column("source_draft")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("failed_at")
        batch_op.drop_column("claimed_until")
