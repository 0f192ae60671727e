"""Where an initiative's participation came from: the agenda item whose decision's positions set
it (empty when it was set by hand).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # An added column with an inline reference: no table rebuild (and its triggers stay).
    op.execute(
        "ALTER TABLE initiative_participant ADD COLUMN source_item_id VARCHAR "
        "REFERENCES agenda_item (id)"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE initiative_participant DROP COLUMN source_item_id")
