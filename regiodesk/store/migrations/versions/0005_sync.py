"""Sync: the devices the region trusts, the conflicts sync found (both synced), and per store the
reading marks of each root and the changes held back in quarantine (local).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trusted_device",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("public_key", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("approved_at", sa.Text(), nullable=True),
        sa.Column("approved_by", sa.String(), nullable=True),
        sa.Column("revoked_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["approved_by"], ["person.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("device_id"),
    )
    with op.batch_alter_table("trusted_device", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trusted_device_person_id"), ["person_id"], unique=False
        )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("entry_a", sa.String(length=36), nullable=False),
        sa.Column("entry_b", sa.String(length=36), nullable=False),
        sa.Column("value_a", sa.String(), nullable=False),
        sa.Column("value_b", sa.String(), nullable=False),
        sa.Column("found_at", sa.Text(), nullable=False),
        sa.Column("resolved_at", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["resolved_by"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_conflict_entity_id"), ["entity_id"], unique=False)
    op.create_table(
        "sync_mark",
        sa.Column("root_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("chain", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("root_id", "device_id"),
    )
    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entry", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("received_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("quarantine", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quarantine_device_id"), ["device_id"], unique=False)


def downgrade() -> None:
    op.drop_table("quarantine")
    op.drop_table("sync_mark")
    op.drop_table("sync_conflict")
    op.drop_table("trusted_device")
