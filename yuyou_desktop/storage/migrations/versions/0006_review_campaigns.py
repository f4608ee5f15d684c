"""review campaigns (案卷评查): scoring standard versions, campaigns and their units, case files,
reviewers' sheets and the finalise/reopen log

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 01:08:30
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "review_campaigns",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("files_per_unit", sa.Integer(), nullable=False),
        sa.Column("standards", sa.Text(), nullable=False),
        sa.Column("discussion_threshold", sa.String(length=8), nullable=False),
        sa.Column("sample_seed", sa.String(length=32), nullable=True),
        sa.Column("sampled_at", sa.DateTime(), nullable=True),
        sa.Column("remark", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_campaigns")),
    )
    with op.batch_alter_table("review_campaigns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_campaigns_year"), ["year"], unique=False)

    op.create_table(
        "scoring_standards",
        sa.Column("case_type", sa.String(length=24), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("remark", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scoring_standards")),
    )
    with op.batch_alter_table("scoring_standards", schema=None) as batch_op:
        batch_op.create_index(
            "uq_scoring_standards_case_type_number_live",
            ["case_type", "number"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "review_campaign_units",
        sa.Column("campaign_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["review_campaigns.id"],
            name=op.f("fk_review_campaign_units_campaign_id_review_campaigns"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["enforcement_units.id"],
            name=op.f("fk_review_campaign_units_unit_id_enforcement_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_campaign_units")),
    )
    with op.batch_alter_table("review_campaign_units", schema=None) as batch_op:
        batch_op.create_index(
            "uq_review_campaign_units_campaign_id_unit_id_live",
            ["campaign_id", "unit_id"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "review_case_files",
        sa.Column("campaign_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("case_number", sa.String(length=60), nullable=False),
        sa.Column("case_type", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("party", sa.String(length=120), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("officers", sa.String(length=120), nullable=False),
        sa.Column("sampled", sa.Boolean(), nullable=False),
        sa.Column("sample_order", sa.Integer(), nullable=True),
        sa.Column("final_score", sa.String(length=8), nullable=True),
        sa.Column("final_grade", sa.String(length=16), nullable=True),
        sa.Column("discussed", sa.Boolean(), nullable=False),
        sa.Column("discussion_note", sa.Text(), nullable=False),
        sa.Column("finalised_by", sa.String(length=40), nullable=False),
        sa.Column("finalised_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["review_campaigns.id"],
            name=op.f("fk_review_case_files_campaign_id_review_campaigns"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["enforcement_units.id"],
            name=op.f("fk_review_case_files_unit_id_enforcement_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_case_files")),
    )
    with op.batch_alter_table("review_case_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_case_files_campaign_id_unit_id"),
            ["campaign_id", "unit_id"],
            unique=False,
        )
        batch_op.create_index(
            "uq_review_case_files_campaign_id_unit_id_case_number_live",
            ["campaign_id", "unit_id", "case_number"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "review_events",
        sa.Column("case_file_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("by_name", sa.String(length=40), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("score", sa.String(length=8), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_file_id"],
            ["review_case_files.id"],
            name=op.f("fk_review_events_case_file_id_review_case_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_events")),
    )
    with op.batch_alter_table("review_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_events_case_file_id"), ["case_file_id"], unique=False
        )

    op.create_table(
        "review_sheets",
        sa.Column("case_file_id", sa.String(length=36), nullable=False),
        sa.Column("reviewer_id", sa.String(length=36), nullable=False),
        sa.Column("vetoes", sa.Text(), nullable=False),
        sa.Column("entries", sa.Text(), nullable=False),
        sa.Column("total", sa.String(length=8), nullable=True),
        sa.Column("grade", sa.String(length=16), nullable=True),
        sa.Column("scored_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_file_id"],
            ["review_case_files.id"],
            name=op.f("fk_review_sheets_case_file_id_review_case_files"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["people.id"], name=op.f("fk_review_sheets_reviewer_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_sheets")),
    )
    with op.batch_alter_table("review_sheets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_sheets_reviewer_id"), ["reviewer_id"], unique=False
        )
        batch_op.create_index(
            "uq_review_sheets_case_file_id_reviewer_id_live",
            ["case_file_id", "reviewer_id"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )


def downgrade() -> None:

    with op.batch_alter_table("review_sheets", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_review_sheets_case_file_id_reviewer_id_live",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_review_sheets_reviewer_id"))

    op.drop_table("review_sheets")
    with op.batch_alter_table("review_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_events_case_file_id"))

    op.drop_table("review_events")
    with op.batch_alter_table("review_case_files", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_review_case_files_campaign_id_unit_id_case_number_live",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_review_case_files_campaign_id_unit_id"))

    op.drop_table("review_case_files")
    with op.batch_alter_table("review_campaign_units", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_review_campaign_units_campaign_id_unit_id_live",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.drop_table("review_campaign_units")
    with op.batch_alter_table("scoring_standards", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_scoring_standards_case_type_number_live",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.drop_table("scoring_standards")
    with op.batch_alter_table("review_campaigns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_campaigns_year"))

    op.drop_table("review_campaigns")
