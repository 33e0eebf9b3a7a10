"""The resident's language on each report and account, so every email to them is written in it

Revision ID: 0011
Revises: 0010_performance_rollup
Create Date: 2026-12-01 19:20:00

The language code of the pages the resident used ("cy", "ur"; the site's default language's code
otherwise). Reports and accounts made before have none, which means the default language.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010_performance_rollup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("report", sa.Column("language", sa.String(8), nullable=True))
    op.add_column("account", sa.Column("language", sa.String(8), nullable=True))


def downgrade() -> None:
    # In place, not batch mode: recreating "report" on SQLite would cascade-delete its history rows.
    op.drop_column("account", "language")  # SQLite 3.35+ drops a column in place, keeping the rows
    op.drop_column("report", "language")
