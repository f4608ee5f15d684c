"""deleted inspections index: the ids of deleted inspections, so that the problem-status counts
of the list can leave their problems out without reading the inspections table

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 00:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

DELETED = sa.text("deleted_at IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inspections_deleted",
            ["id"],
            unique=False,
            sqlite_where=DELETED,
            postgresql_where=DELETED,
        )


def downgrade() -> None:
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_inspections_deleted", sqlite_where=DELETED, postgresql_where=DELETED
        )
