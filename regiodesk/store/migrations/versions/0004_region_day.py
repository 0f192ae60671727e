"""The Twente-dag (region day): the day, its rooms and time slots, sessions and the rounds they run
in, factions and their members, preferences, the planned assignments, and what each session
yields.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = (
    "region_day",
    "region_day_room",
    "region_day_slot",
    "region_day_session",
    "region_day_session_round",
    "region_day_faction",
    "region_day_member",
    "region_day_preference",
    "region_day_assignment",
    "region_day_yield",
)


def _entity(name: str, *columns: sa.Column[object] | sa.Constraint) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("id"),
    )


def upgrade() -> None:
    _entity(
        "region_day",
        sa.Column("region_id", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("held_on", sa.Text(), nullable=False),
        sa.Column("venue", sa.String(), nullable=False),
        sa.Column("municipality_cap_pct", sa.Integer(), nullable=False),
        sa.Column("planned_at", sa.Text(), nullable=True),
        sa.Column("plan_score", sa.Float(), nullable=True),
        sa.Column("plan_objective", sa.Float(), nullable=True),
        sa.Column("plan_bound", sa.Float(), nullable=True),
        sa.Column("plan_status", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"]),
    )
    with op.batch_alter_table("region_day", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_region_day_region_id"), ["region_id"], unique=False)
    _entity(
        "region_day_room",
        sa.Column("region_day_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["region_day_id"], ["region_day.id"]),
    )
    with op.batch_alter_table("region_day_room", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_region_day_room_region_day_id"), ["region_day_id"], unique=False
        )
    _entity(
        "region_day_slot",
        sa.Column("region_day_id", sa.String(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("starts_at", sa.Text(), nullable=False),
        sa.Column("ends_at", sa.Text(), nullable=False),
        sa.Column("room_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["region_day_id"], ["region_day.id"]),
        sa.ForeignKeyConstraint(["room_id"], ["region_day_room.id"]),
    )
    with op.batch_alter_table("region_day_slot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_region_day_slot_region_day_id"), ["region_day_id"], unique=False
        )
    _entity(
        "region_day_session",
        sa.Column("region_day_id", sa.String(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("topic", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("pfo_id", sa.String(), nullable=True),
        sa.Column("initiative_id", sa.String(), nullable=True),
        sa.Column("host_id", sa.String(), nullable=True),
        sa.Column("room_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["host_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["initiative_id"], ["initiative.id"]),
        sa.ForeignKeyConstraint(["pfo_id"], ["pfo.id"]),
        sa.ForeignKeyConstraint(["region_day_id"], ["region_day.id"]),
        sa.ForeignKeyConstraint(["room_id"], ["region_day_room.id"]),
    )
    with op.batch_alter_table("region_day_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_region_day_session_region_day_id"), ["region_day_id"], unique=False
        )
    _entity(
        "region_day_session_round",
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("slot_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["region_day_session.id"]),
        sa.ForeignKeyConstraint(["slot_id"], ["region_day_slot.id"]),
        sa.UniqueConstraint("session_id", "slot_id"),
    )
    _entity(
        "region_day_faction",
        sa.Column("region_day_id", sa.String(), nullable=False),
        sa.Column("municipality_id", sa.String(), nullable=False),
        sa.Column("party", sa.String(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.ForeignKeyConstraint(["region_day_id"], ["region_day.id"]),
    )
    with op.batch_alter_table("region_day_faction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_region_day_faction_region_day_id"), ["region_day_id"], unique=False
        )
    _entity(
        "region_day_member",
        sa.Column("faction_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["faction_id"], ["region_day_faction.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
    )
    with op.batch_alter_table("region_day_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_region_day_member_faction_id"), ["faction_id"], unique=False
        )
    _entity(
        "region_day_preference",
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("member_id", sa.String(), nullable=True),
        sa.Column("faction_id", sa.String(), nullable=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["faction_id"], ["region_day_faction.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["region_day_member.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["region_day_session.id"]),
    )
    with op.batch_alter_table("region_day_preference", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_region_day_preference_faction_id"), ["faction_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_region_day_preference_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_region_day_preference_session_id"), ["session_id"], unique=False
        )
    _entity(
        "region_day_assignment",
        sa.Column("member_id", sa.String(), nullable=False),
        sa.Column("slot_id", sa.String(), nullable=False),
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["region_day_member.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["region_day_session.id"]),
        sa.ForeignKeyConstraint(["slot_id"], ["region_day_slot.id"]),
        sa.UniqueConstraint("member_id", "slot_id"),
    )
    with op.batch_alter_table("region_day_assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_region_day_assignment_session_id"), ["session_id"], unique=False
        )
    _entity(
        "region_day_yield",
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=True),
        sa.Column("recorded_at", sa.Text(), nullable=False),
        sa.Column("agenda_item_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["agenda_item_id"], ["agenda_item.id"]),
        sa.ForeignKeyConstraint(["recorded_by"], ["person.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["region_day_session.id"]),
    )
    with op.batch_alter_table("region_day_yield", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_region_day_yield_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    # Dropping a table drops its indexes with it (SQLite).
    for name in reversed(TABLES):
        op.drop_table(name)
