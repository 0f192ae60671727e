"""Indexes on optional references hold only the rows that have one (partial indexes): with every
empty row sharing one key, SQLite's statistics made a lookup by such a column look like thousands
of rows, and the planner scanned the table instead (an initiative hit in the search took 6 ms).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: (table, column) of every index on an optional reference, as the model has them at 0007.
OPTIONAL_REFERENCES = (
    ("person", "municipality_id"),
    ("audit_event", "actor_id"),
    ("initiative", "domain_id"),
    ("initiative", "pfo_id"),
    ("meeting", "secretary_id"),
    ("meeting", "chair_id"),
    ("role_assignment", "pfo_id"),
    ("trusted_device", "person_id"),
    ("decision_list", "adopted_in_meeting_id"),
    ("decision_list", "previous_id"),
    ("agenda_item", "initiative_id"),
    ("region_day_preference", "member_id"),
    ("region_day_preference", "faction_id"),
    ("document", "agenda_item_id"),
    ("action", "holder_person_id"),
    ("action", "decision_id"),
    ("action", "holder_municipality_id"),
    ("nomination", "nominated_by"),
    ("nomination", "decision_id"),
    ("appointment", "nomination_id"),
    ("appointment", "successor_of_id"),
)


def upgrade() -> None:
    for table, column in OPTIONAL_REFERENCES:
        name = f"ix_{table}_{column}"
        op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(f"CREATE INDEX {name} ON {table} ({column}) WHERE {column} IS NOT NULL")


def downgrade() -> None:
    for table, column in OPTIONAL_REFERENCES:
        name = f"ix_{table}_{column}"
        op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(f"CREATE INDEX {name} ON {table} ({column})")
