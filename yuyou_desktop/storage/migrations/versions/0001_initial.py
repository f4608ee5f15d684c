"""initial schema: office, settings, change_log, office_directory, enforcement_units

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 01:34:25.364466
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("epoch", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=8), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.CheckConstraint("op IN ('insert', 'update', 'delete')", name=op.f("ck_change_log_op")),
        sa.PrimaryKeyConstraint("epoch", "seq", name=op.f("pk_change_log")),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_change_log_table_name_record_id"),
            ["table_name", "record_id"],
            unique=False,
        )

    op.create_table(
        "enforcement_units",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("township_code", sa.String(length=12), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("contact_person", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("remark", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enforcement_units")),
    )
    with op.batch_alter_table("enforcement_units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enforcement_units_name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_enforcement_units_updated_at"), ["updated_at"], unique=False
        )
        batch_op.create_index(
            "uq_enforcement_units_credit_code_live",
            ["credit_code"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "office",
        sa.Column("singleton", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("db_epoch", sa.String(length=32), nullable=False),
        sa.Column("signing_public_key", sa.String(length=64), nullable=False),
        sa.Column("encryption_public_key", sa.String(length=64), nullable=False),
        sa.Column("key_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("singleton = 1", name=op.f("ck_office_singleton")),
        sa.PrimaryKeyConstraint("singleton", name=op.f("pk_office")),
    )
    op.create_table(
        "office_directory",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("parent_code", sa.String(length=12), nullable=True),
        sa.Column("remark", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_directory")),
    )
    with op.batch_alter_table("office_directory", schema=None) as batch_op:
        batch_op.create_index(
            "uq_office_directory_code_live",
            ["code"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )


def downgrade() -> None:
    op.drop_table("settings")
    with op.batch_alter_table("office_directory", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_office_directory_code_live",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.drop_table("office_directory")
    op.drop_table("office")
    with op.batch_alter_table("enforcement_units", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_enforcement_units_credit_code_live",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_enforcement_units_updated_at"))
        batch_op.drop_index(batch_op.f("ix_enforcement_units_name"))

    op.drop_table("enforcement_units")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_log_table_name_record_id"))

    op.drop_table("change_log")
