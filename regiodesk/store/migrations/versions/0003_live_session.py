"""Live session: the claim on a meeting's session (which device runs it, and its current item),
the timer of each item, the speakers' queue, and the decision text as it is typed.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


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
        "meeting_session",
        sa.Column("meeting_id", sa.String(), nullable=False),
        sa.Column("device_id", sa.String(), nullable=False),
        sa.Column("device_name", sa.String(), nullable=False),
        sa.Column("holder_id", sa.String(), nullable=True),
        sa.Column("claimed_at", sa.Text(), nullable=False),
        sa.Column("released_at", sa.Text(), nullable=True),
        sa.Column("current_item_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["current_item_id"], ["agenda_item.id"]),
        sa.ForeignKeyConstraint(["holder_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.UniqueConstraint("meeting_id"),
    )
    _entity(
        "item_timer",
        sa.Column("agenda_item_id", sa.String(), nullable=False),
        sa.Column("started_at", sa.Text(), nullable=True),
        sa.Column("running_since", sa.Text(), nullable=True),
        sa.Column("ended_at", sa.Text(), nullable=True),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["agenda_item_id"], ["agenda_item.id"]),
        sa.UniqueConstraint("agenda_item_id"),
    )
    _entity(
        "speaker_turn",
        sa.Column("agenda_item_id", sa.String(), nullable=False),
        sa.Column("municipality_id", sa.String(), nullable=True),
        sa.Column("person_id", sa.String(), nullable=True),
        sa.Column("place", sa.Float(), nullable=False),
        sa.Column("requested_at", sa.Text(), nullable=False),
        sa.Column("started_at", sa.Text(), nullable=True),
        sa.Column("ended_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["agenda_item_id"], ["agenda_item.id"]),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
    )
    with op.batch_alter_table("speaker_turn", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_speaker_turn_agenda_item_id"), ["agenda_item_id"], unique=False
        )
    _entity(
        "decision_draft",
        sa.Column("agenda_item_id", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["agenda_item_id"], ["agenda_item.id"]),
        sa.UniqueConstraint("agenda_item_id"),
    )


def downgrade() -> None:
    op.drop_table("decision_draft")
    with op.batch_alter_table("speaker_turn", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_turn_agenda_item_id"))
    op.drop_table("speaker_turn")
    op.drop_table("item_timer")
    op.drop_table("meeting_session")
