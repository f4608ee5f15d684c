"""inspection list indexes: the list's columns of live inspections, and each inspection's live
problems with their status and deadline

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 07:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inspections_list",
            [
                "started_at",
                "id",
                "kind",
                "focus_area",
                "unit_id",
                "enterprise_id",
                "ended_at",
                "deleted_at",
            ],
            unique=False,
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        )
    with op.batch_alter_table("inspection_problems", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inspection_problems_live",
            ["inspection_id", "status", "deadline"],
            unique=False,
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        )


def downgrade() -> None:
    with op.batch_alter_table("inspection_problems", schema=None) as batch_op:
        batch_op.drop_index("ix_inspection_problems_live", sqlite_where=LIVE, postgresql_where=LIVE)
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_index("ix_inspections_list", sqlite_where=LIVE, postgresql_where=LIVE)
