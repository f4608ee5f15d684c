"""inspections and leads

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 02:59:11.005564
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leads",
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=True),
        sa.Column("handler", sa.String(length=40), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("inspection_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["enforcement_units.id"], name=op.f("fk_leads_unit_id_enforcement_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leads")),
    )
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_leads_received_on"), ["received_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_leads_status"), ["status"], unique=False)

    op.create_table(
        "inspections",
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("focus_area", sa.String(length=16), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("enterprise_id", sa.String(length=36), nullable=True),
        sa.Column("on_site", sa.Boolean(), nullable=False),
        sa.Column("quiet_exception", sa.String(length=40), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("recorder", sa.String(length=40), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("conclusion", sa.Text(), nullable=False),
        sa.Column("rectification_required", sa.Boolean(), nullable=False),
        sa.Column("rectification_deadline", sa.Date(), nullable=True),
        sa.Column("lead_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_inspections_enterprise_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_inspections_lead_id_leads")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["enforcement_units.id"],
            name=op.f("fk_inspections_unit_id_enforcement_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspections")),
    )
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspections_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_inspections_started_at"), ["started_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspections_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(
            "uq_inspections_number_live",
            ["number"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.create_index(
            "uq_inspections_office_year_serial", ["origin_office", "year", "serial"], unique=True
        )

    op.create_table(
        "lead_transfers",
        sa.Column("lead_id", sa.String(length=36), nullable=False),
        sa.Column("target", sa.String(length=16), nullable=False),
        sa.Column("organ_name", sa.String(length=120), nullable=False),
        sa.Column("transferred_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("remark", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_lead_transfers_lead_id_leads")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_transfers")),
    )
    with op.batch_alter_table("lead_transfers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_transfers_lead_id"), ["lead_id"], unique=False)

    op.create_table(
        "attachments",
        sa.Column("inspection_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
            name=op.f("fk_attachments_inspection_id_inspections"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachments_inspection_id"), ["inspection_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_attachments_sha256"), ["sha256"], unique=False)

    op.create_table(
        "inspection_problems",
        sa.Column("inspection_id", sa.String(length=36), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("unit_report", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Text(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
            name=op.f("fk_inspection_problems_inspection_id_inspections"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_problems")),
    )
    with op.batch_alter_table("inspection_problems", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_problems_inspection_id"), ["inspection_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_inspection_problems_status_deadline"),
            ["status", "deadline"],
            unique=False,
        )

    op.create_table(
        "inspection_supervisors",
        sa.Column("inspection_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("certificate_number", sa.String(length=40), nullable=False),
        sa.Column("invited", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
            name=op.f("fk_inspection_supervisors_inspection_id_inspections"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_inspection_supervisors_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_supervisors")),
    )
    with op.batch_alter_table("inspection_supervisors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_supervisors_inspection_id"), ["inspection_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_inspection_supervisors_person_id"), ["person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("inspection_supervisors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_supervisors_person_id"))
        batch_op.drop_index(batch_op.f("ix_inspection_supervisors_inspection_id"))

    op.drop_table("inspection_supervisors")
    with op.batch_alter_table("inspection_problems", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_problems_status_deadline"))
        batch_op.drop_index(batch_op.f("ix_inspection_problems_inspection_id"))

    op.drop_table("inspection_problems")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachments_inspection_id"))

    op.drop_table("attachments")
    with op.batch_alter_table("lead_transfers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_transfers_lead_id"))

    op.drop_table("lead_transfers")
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_index("uq_inspections_office_year_serial")
        batch_op.drop_index(
            "uq_inspections_number_live",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_inspections_unit_id"))
        batch_op.drop_index(batch_op.f("ix_inspections_started_at"))
        batch_op.drop_index(batch_op.f("ix_inspections_enterprise_id"))

    op.drop_table("inspections")
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leads_status"))
        batch_op.drop_index(batch_op.f("ix_leads_received_on"))

    op.drop_table("leads")
