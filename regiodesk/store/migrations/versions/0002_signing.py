"""Signing: the root certificates every device trusts for decision lists, and the agenda item
that adopts the previous meeting's decision list.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signing_authority",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("region_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("certificate_pem", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=True),
        sa.Column("withdrawn_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["person.id"]),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256"),
    )
    with op.batch_alter_table("signing_authority", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signing_authority_region_id"), ["region_id"], unique=False
        )
    # SQLite adds a column with an inline reference without rebuilding the table (and so keeps
    # the search index's triggers on agenda_item).
    op.execute(
        "ALTER TABLE agenda_item ADD COLUMN adopts_list_id VARCHAR REFERENCES decision_list (id)"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE agenda_item DROP COLUMN adopts_list_id")
    with op.batch_alter_table("signing_authority", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signing_authority_region_id"))
    op.drop_table("signing_authority")
