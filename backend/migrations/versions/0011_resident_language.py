"""The resident's language on each report and account, so every email to them is written in it

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-01 19:20:00

The language code of the pages the resident used ("cy", "ur"; the site's default language's code
otherwise). Reports and accounts made before have none, which means the default language.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report") as table:
        table.add_column(sa.Column("language", sa.String(8), nullable=True))
    with op.batch_alter_table("account") as table:
        table.add_column(sa.Column("language", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("account") as table:
        table.drop_column("language")
    with op.batch_alter_table("report") as table:
        table.drop_column("language")
