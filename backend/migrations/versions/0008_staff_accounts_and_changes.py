"""Disabled staff accounts, and the log of changes to staff accounts (roles came in 0005)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch copy: on SQLite a copy drops the old table, and with foreign
    # keys on that would delete every session and case note that points at staff.
    op.add_column("staff", sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "staff_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id", ondelete="CASCADE"), nullable=False),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("staff.id", ondelete="SET NULL"), nullable=True),
        sa.Column("actor", sa.String(254), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("detail", sa.String(300), nullable=True),
    )
    op.create_index("ix_staff_change_created_at", "staff_change", ["created_at"])
    op.create_index("ix_staff_change_staff_id", "staff_change", ["staff_id"])


def downgrade() -> None:
    op.drop_index("ix_staff_change_staff_id", table_name="staff_change")
    op.drop_index("ix_staff_change_created_at", table_name="staff_change")
    op.drop_table("staff_change")
    op.drop_column("staff", "disabled_at")
