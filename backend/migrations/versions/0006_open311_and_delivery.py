"""Open311 API keys and submissions; deliveries to back-office systems and the updates they send back

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=True),
        sa.Column("can_post", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        sa.UniqueConstraint("key_hash"),
    )
    op.create_table(
        "api_submission",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("api_key_id", sa.Integer(), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["api_key_id"], ["api_key.id"]),
        sa.ForeignKeyConstraint(["report_id"], ["report.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token"),
    )
    op.create_index("ix_api_submission_report_id", "api_submission", ["report_id"])
    op.create_index("ix_api_submission_request_hash", "api_submission", ["request_hash"])
    op.create_table(
        "delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=500), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("external_id", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["report.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_delivery_report_id", "delivery", ["report_id"])
    op.create_index("ix_delivery_state", "delivery", ["state"])
    op.create_index("ix_delivery_next_attempt_at", "delivery", ["next_attempt_at"])
    op.create_index("ix_delivery_external_id", "delivery", ["external_id"])
    op.create_table(
        "external_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("update_id", sa.String(length=100), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("report_update_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["report.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["report_update_id"], ["report_update.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "update_id"),
    )
    op.create_index("ix_external_update_report_id", "external_update", ["report_id"])
    op.create_table(
        "open311_sync",
        sa.Column("endpoint", sa.String(length=500), nullable=False),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("endpoint"),
    )


def downgrade() -> None:
    op.drop_table("open311_sync")
    op.drop_index("ix_external_update_report_id", table_name="external_update")
    op.drop_table("external_update")
    for name in ("external_id", "next_attempt_at", "state", "report_id"):
        op.drop_index(f"ix_delivery_{name}", table_name="delivery")
    op.drop_table("delivery")
    op.drop_index("ix_api_submission_request_hash", table_name="api_submission")
    op.drop_index("ix_api_submission_report_id", table_name="api_submission")
    op.drop_table("api_submission")
    op.drop_table("api_key")
