"""inspections per enterprise and year index

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 15:08:18.833986
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

WHERE = "deleted_at IS NULL AND enterprise_id IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inspections_year_enterprise",
            ["year", "enterprise_id", "origin_office", "unit_id", "deleted_at"],
            unique=False,
            sqlite_where=sa.text(WHERE),
            postgresql_where=sa.text(WHERE),
        )


def downgrade() -> None:
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_inspections_year_enterprise",
            sqlite_where=sa.text(WHERE),
            postgresql_where=sa.text(WHERE),
        )
