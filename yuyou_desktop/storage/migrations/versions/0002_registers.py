"""registers: filings, people, certificates, trainings, matters, contact points, enterprises

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 02:00:46.800956
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_points",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("host_kind", sa.String(length=16), nullable=False),
        sa.Column("host_org", sa.String(length=120), nullable=False),
        sa.Column("township_code", sa.String(length=12), nullable=True),
        sa.Column("liaison", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_points")),
    )
    with op.batch_alter_table("contact_points", schema=None) as batch_op:
        batch_op.create_index(
            "uq_contact_points_name_live",
            ["name"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "enterprises",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("township_code", sa.String(length=12), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("contact_person", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprises")),
    )
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enterprises_name"), ["name"], unique=False)
        batch_op.create_index(
            "uq_enterprises_credit_code_live",
            ["credit_code"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "matters",
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["enforcement_units.id"], name=op.f("fk_matters_unit_id_enforcement_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matters")),
    )
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.create_index(
            "uq_matters_unit_id_name_live",
            ["unit_id", "name"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "people",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=True),
        sa.Column("organisation", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("legal_qualification", sa.Boolean(), nullable=False),
        sa.Column("remark", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["enforcement_units.id"], name=op.f("fk_people_unit_id_enforcement_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(
            "uq_people_id_number_live",
            ["id_number"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "supervision_filings",
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("body_name", sa.String(length=120), nullable=False),
        sa.Column("head", sa.String(length=40), nullable=False),
        sa.Column("staff_count", sa.Integer(), nullable=True),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("remark", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["enforcement_units.id"],
            name=op.f("fk_supervision_filings_unit_id_enforcement_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_filings")),
    )
    with op.batch_alter_table("supervision_filings", schema=None) as batch_op:
        batch_op.create_index(
            "uq_supervision_filings_unit_id_year_live",
            ["unit_id", "year"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "certificates",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("issuer", sa.String(length=80), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("revoke_reason", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_certificates_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
    )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificates_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_certificates_valid_to"), ["valid_to"], unique=False)
        batch_op.create_index(
            "uq_certificates_number_active",
            ["number"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL AND revoked_on IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL AND revoked_on IS NULL"),
        )

    op.create_table(
        "trainings",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("course", sa.String(length=120), nullable=False),
        sa.Column("law_exam", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin_office", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_trainings_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trainings")),
    )
    with op.batch_alter_table("trainings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trainings_person_id_year"), ["person_id", "year"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("trainings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trainings_person_id_year"))

    op.drop_table("trainings")
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_certificates_number_active",
            sqlite_where=sa.text("deleted_at IS NULL AND revoked_on IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL AND revoked_on IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_certificates_valid_to"))
        batch_op.drop_index(batch_op.f("ix_certificates_person_id"))

    op.drop_table("certificates")
    with op.batch_alter_table("supervision_filings", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_supervision_filings_unit_id_year_live",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.drop_table("supervision_filings")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_people_id_number_live",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_people_unit_id"))
        batch_op.drop_index(batch_op.f("ix_people_name"))

    op.drop_table("people")
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_matters_unit_id_name_live",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.drop_table("matters")
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_enterprises_credit_code_live",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_enterprises_name"))

    op.drop_table("enterprises")
    with op.batch_alter_table("contact_points", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_contact_points_name_live",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.drop_table("contact_points")
