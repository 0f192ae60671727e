"""The first schema: the region, meetings, decisions, governance, audit, and the change log.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


#: The full-text index: one FTS5 table over what people search for, kept current by triggers on the
#: source tables (so every write path, the change log's replay included, keeps it right).  The
#: index row of a source row is ``rowid * 8 + slot``; tombstoned rows leave the index.
SEARCH_SOURCES = (
    # slot, table, title expression, body expression, the columns they read
    (0, "agenda_item", "new.title", "new.proposal", "title, proposal"),
    (1, "decision", "''", "new.text", "text"),
    (2, "private_note", "''", "new.text", "text"),
    (3, "meeting", "new.title", "new.location || ' ' || new.minutes", "title, location, minutes"),
    (4, "document", "new.title", "''", "title"),
    (5, "action", "''", "new.description", "description"),
    (6, "initiative", "new.title", "new.description", "title, description"),
)


def _create_search_index() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "title, body, kind UNINDEXED, ref_id UNINDEXED, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    for slot, table, title, body, columns in SEARCH_SOURCES:
        insert = (
            f"INSERT INTO search_index (rowid, title, body, kind, ref_id) "
            f"SELECT new.rowid * 8 + {slot}, {title}, {body}, '{table}', new.id "
            f"WHERE new.deleted = 0;"
        )
        remove = f"DELETE FROM search_index WHERE rowid = old.rowid * 8 + {slot};"
        op.execute(
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {insert} END"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {remove} END"
        )
        # Only a change of what is indexed (or of the tombstone) touches the index.
        op.execute(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {columns}, deleted ON {table} "
            f"BEGIN {remove} {insert} END"
        )


def _drop_search_index() -> None:
    for _slot, table, _title, _body, _columns in SEARCH_SOURCES:
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{event}")
    op.execute("DROP TABLE IF EXISTS search_index")


def upgrade() -> None:
    op.create_table(
        "device",
        sa.Column("no", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("no"),
        sa.UniqueConstraint("device_id"),
    )
    op.create_table(
        "region",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("appointing_body", sa.Text(), nullable=False),
        sa.Column("appointment_threshold_pct", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "change_log",
        sa.Column("local_seq", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("device_no", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.String(), nullable=True),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("op", sa.String(), nullable=False),
        sa.Column("fields", sa.String(), nullable=False),
        sa.Column("seen", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["device_no"],
            ["device.no"],
        ),
        sa.PrimaryKeyConstraint("local_seq"),
        sa.UniqueConstraint("device_no", "seq"),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_log_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "domain",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("region_id", sa.String(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("domain", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_domain_region_id"), ["region_id"], unique=False)

    op.create_table(
        "municipality",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("region_id", sa.String(), nullable=False),
        sa.Column("cbs_code", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cbs_code"),
    )
    with op.batch_alter_table("municipality", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_municipality_region_id"), ["region_id"], unique=False)

    op.create_table(
        "person",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("municipality_id", sa.String(), nullable=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_municipality_id"), ["municipality_id"], unique=False
        )

    op.create_table(
        "pfo",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("region_id", sa.String(), nullable=False),
        sa.Column("domain_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("short_name", sa.String(), nullable=False),
        sa.Column("quorum_rule", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["domain_id"],
            ["domain.id"],
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pfo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pfo_domain_id"), ["domain_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pfo_region_id"), ["region_id"], unique=False)

    op.create_table(
        "population_figure",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("municipality_id", sa.String(), nullable=False),
        sa.Column("reference_date", sa.Text(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("municipality_id", "reference_date"),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.String(), nullable=True),
        sa.Column("device_id", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("object_kind", sa.String(), nullable=False),
        sa.Column("object_id", sa.String(), nullable=False),
        sa.Column("result", sa.String(), nullable=False),
        sa.Column("detail", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_actor_id"), ["actor_id"], unique=False)

    op.create_table(
        "initiative",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("region_id", sa.String(), nullable=False),
        sa.Column("domain_id", sa.String(), nullable=True),
        sa.Column("pfo_id", sa.String(), nullable=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("budget_per_year", sa.Text(), nullable=False),
        sa.Column("cost_key", sa.Text(), nullable=False),
        sa.Column("reference_date", sa.Text(), nullable=True),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["domain_id"],
            ["domain.id"],
        ),
        sa.ForeignKeyConstraint(
            ["pfo_id"],
            ["pfo.id"],
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_initiative_domain_id"), ["domain_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiative_pfo_id"), ["pfo_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiative_region_id"), ["region_id"], unique=False)

    op.create_table(
        "meeting",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("pfo_id", sa.String(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("starts_at", sa.Text(), nullable=False),
        sa.Column("ends_at", sa.Text(), nullable=False),
        sa.Column("location", sa.String(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("chair_id", sa.String(), nullable=True),
        sa.Column("secretary_id", sa.String(), nullable=True),
        sa.Column("minutes", sa.String(), nullable=False),
        sa.Column("opened_at", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["chair_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["pfo_id"],
            ["pfo.id"],
        ),
        sa.ForeignKeyConstraint(
            ["secretary_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_chair_id"), ["chair_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_pfo_id"), ["pfo_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_secretary_id"), ["secretary_id"], unique=False)

    op.create_table(
        "membership",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("pfo_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("municipality_id", sa.String(), nullable=False),
        sa.Column("start", sa.Text(), nullable=False),
        sa.Column("end", sa.Text(), nullable=True),
        sa.Column("substitute", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["pfo_id"],
            ["pfo.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_membership_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_membership_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_pfo_id"), ["pfo_id"], unique=False)

    op.create_table(
        "role_assignment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("pfo_id", sa.String(), nullable=True),
        sa.Column("start", sa.Text(), nullable=False),
        sa.Column("end", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["pfo_id"],
            ["pfo.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("role_assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_role_assignment_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_role_assignment_pfo_id"), ["pfo_id"], unique=False)

    op.create_table(
        "agenda_item",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("meeting_id", sa.String(), nullable=False),
        sa.Column("ordinal", sa.Float(), nullable=False),
        sa.Column("handled_order", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("proposal", sa.String(), nullable=False),
        sa.Column("rapporteur_id", sa.String(), nullable=True),
        sa.Column("planned_minutes", sa.Integer(), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("initiative_id", sa.String(), nullable=True),
        sa.Column("origin_item_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
        ),
        sa.ForeignKeyConstraint(
            ["origin_item_id"],
            ["agenda_item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["rapporteur_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agenda_item_initiative_id"), ["initiative_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_agenda_item_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("meeting_id", sa.String(), nullable=False),
        sa.Column("municipality_id", sa.String(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=True),
        sa.Column("represented_by_id", sa.String(), nullable=True),
        sa.Column("mandate", sa.String(), nullable=False),
        sa.Column("arrived_at", sa.Text(), nullable=True),
        sa.Column("left_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["represented_by_id"],
            ["municipality.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "municipality_id"),
    )
    op.create_table(
        "decision_list",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("meeting_id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("previous_id", sa.String(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("chair_signed_at", sa.Text(), nullable=True),
        sa.Column("secretary_signed_at", sa.Text(), nullable=True),
        sa.Column("adopted_in_meeting_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["adopted_in_meeting_id"],
            ["meeting.id"],
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
        ),
        sa.ForeignKeyConstraint(
            ["previous_id"],
            ["decision_list.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "version"),
    )
    with op.batch_alter_table("decision_list", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_list_adopted_in_meeting_id"),
            ["adopted_in_meeting_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_decision_list_previous_id"), ["previous_id"], unique=False
        )

    op.create_table(
        "initiative_participant",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("initiative_id", sa.String(), nullable=False),
        sa.Column("municipality_id", sa.String(), nullable=False),
        sa.Column("participates", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("custom_percentage", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("initiative_id", "municipality_id"),
    )
    with op.batch_alter_table("initiative_participant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_initiative_participant_municipality_id"),
            ["municipality_id"],
            unique=False,
        )

    op.create_table(
        "decision",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("agenda_item_id", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("to_councils", sa.Boolean(), nullable=False),
        sa.Column("council_deadline", sa.Text(), nullable=True),
        sa.Column("quorum_met", sa.Boolean(), nullable=False),
        sa.Column("decided_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_agenda_item_id"), ["agenda_item_id"], unique=False
        )

    op.create_table(
        "document",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("meeting_id", sa.String(), nullable=False),
        sa.Column("agenda_item_id", sa.String(), nullable=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_agenda_item_id"), ["agenda_item_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_document_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "position",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("agenda_item_id", sa.String(), nullable=False),
        sa.Column("municipality_id", sa.String(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=True),
        sa.Column("recorded_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("agenda_item_id", "municipality_id"),
    )
    op.create_table(
        "private_note",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("agenda_item_id", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "agenda_item_id"),
    )
    op.create_table(
        "action",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("meeting_id", sa.String(), nullable=False),
        sa.Column("decision_id", sa.String(), nullable=True),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("holder_person_id", sa.String(), nullable=True),
        sa.Column("holder_municipality_id", sa.String(), nullable=True),
        sa.Column("deadline", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("completed_on", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
        ),
        sa.ForeignKeyConstraint(
            ["holder_municipality_id"],
            ["municipality.id"],
        ),
        sa.ForeignKeyConstraint(
            ["holder_person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_decision_id"), ["decision_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_action_holder_municipality_id"), ["holder_municipality_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_action_holder_person_id"), ["holder_person_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_action_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "council_follow_up",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("decision_id", sa.String(), nullable=False),
        sa.Column("municipality_id", sa.String(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("scheduled_on", sa.Text(), nullable=True),
        sa.Column("handled_on", sa.Text(), nullable=True),
        sa.Column("amendment", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("decision_id", "municipality_id"),
    )
    with op.batch_alter_table("council_follow_up", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_council_follow_up_municipality_id"), ["municipality_id"], unique=False
        )

    op.create_table(
        "decision_participant",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("decision_id", sa.String(), nullable=False),
        sa.Column("municipality_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("decision_id", "municipality_id"),
    )
    op.create_table(
        "document_version",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("document_id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(), nullable=False),
        sa.Column("media_type", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.Text(), nullable=False),
        sa.Column("added_by", sa.String(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "version"),
    )
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_version_sha256"), ["sha256"], unique=False)

    op.create_table(
        "nomination",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("pfo_id", sa.String(), nullable=False),
        sa.Column("candidate_id", sa.String(), nullable=False),
        sa.Column("nominated_by", sa.String(), nullable=True),
        sa.Column("motivation", sa.String(), nullable=False),
        sa.Column("nominated_at", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("decision_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
        ),
        sa.ForeignKeyConstraint(
            ["nominated_by"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["pfo_id"],
            ["pfo.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("nomination", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_nomination_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_nomination_decision_id"), ["decision_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_nomination_nominated_by"), ["nominated_by"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_nomination_pfo_id"), ["pfo_id"], unique=False)

    op.create_table(
        "appointment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("pfo_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("nomination_id", sa.String(), nullable=True),
        sa.Column("term_start", sa.Text(), nullable=False),
        sa.Column("term_end", sa.Text(), nullable=False),
        sa.Column("mandate", sa.String(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("effective_on", sa.Text(), nullable=True),
        sa.Column("ended_on", sa.Text(), nullable=True),
        sa.Column("end_reason", sa.String(), nullable=False),
        sa.Column("successor_of_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["nomination.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["pfo_id"],
            ["pfo.id"],
        ),
        sa.ForeignKeyConstraint(
            ["successor_of_id"],
            ["appointment.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appointment_nomination_id"), ["nomination_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_appointment_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appointment_pfo_id"), ["pfo_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_appointment_successor_of_id"), ["successor_of_id"], unique=False
        )

    op.create_table(
        "municipal_appointment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("appointment_id", sa.String(), nullable=False),
        sa.Column("municipality_id", sa.String(), nullable=False),
        sa.Column("vote", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Text(), nullable=True),
        sa.Column("reference", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("appointment_id", "municipality_id"),
    )
    with op.batch_alter_table("municipal_appointment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_municipal_appointment_municipality_id"),
            ["municipality_id"],
            unique=False,
        )
    _create_search_index()


def downgrade() -> None:
    _drop_search_index()
    with op.batch_alter_table("municipal_appointment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_municipal_appointment_municipality_id"))

    op.drop_table("municipal_appointment")
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_successor_of_id"))
        batch_op.drop_index(batch_op.f("ix_appointment_pfo_id"))
        batch_op.drop_index(batch_op.f("ix_appointment_person_id"))
        batch_op.drop_index(batch_op.f("ix_appointment_nomination_id"))

    op.drop_table("appointment")
    with op.batch_alter_table("nomination", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nomination_pfo_id"))
        batch_op.drop_index(batch_op.f("ix_nomination_nominated_by"))
        batch_op.drop_index(batch_op.f("ix_nomination_decision_id"))
        batch_op.drop_index(batch_op.f("ix_nomination_candidate_id"))

    op.drop_table("nomination")
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_version_sha256"))

    op.drop_table("document_version")
    op.drop_table("decision_participant")
    with op.batch_alter_table("council_follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_follow_up_municipality_id"))

    op.drop_table("council_follow_up")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_action_holder_person_id"))
        batch_op.drop_index(batch_op.f("ix_action_holder_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_action_decision_id"))

    op.drop_table("action")
    op.drop_table("private_note")
    op.drop_table("position")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_document_agenda_item_id"))

    op.drop_table("document")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_agenda_item_id"))

    op.drop_table("decision")
    with op.batch_alter_table("initiative_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_participant_municipality_id"))

    op.drop_table("initiative_participant")
    with op.batch_alter_table("decision_list", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_list_previous_id"))
        batch_op.drop_index(batch_op.f("ix_decision_list_adopted_in_meeting_id"))

    op.drop_table("decision_list")
    op.drop_table("attendance")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_item_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_agenda_item_initiative_id"))

    op.drop_table("agenda_item")
    with op.batch_alter_table("role_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_assignment_pfo_id"))
        batch_op.drop_index(batch_op.f("ix_role_assignment_person_id"))

    op.drop_table("role_assignment")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_pfo_id"))
        batch_op.drop_index(batch_op.f("ix_membership_person_id"))
        batch_op.drop_index(batch_op.f("ix_membership_municipality_id"))

    op.drop_table("membership")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_secretary_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_pfo_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_chair_id"))

    op.drop_table("meeting")
    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_region_id"))
        batch_op.drop_index(batch_op.f("ix_initiative_pfo_id"))
        batch_op.drop_index(batch_op.f("ix_initiative_domain_id"))

    op.drop_table("initiative")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_actor_id"))

    op.drop_table("audit_event")
    op.drop_table("population_figure")
    with op.batch_alter_table("pfo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pfo_region_id"))
        batch_op.drop_index(batch_op.f("ix_pfo_domain_id"))

    op.drop_table("pfo")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_municipality_id"))

    op.drop_table("person")
    with op.batch_alter_table("municipality", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_municipality_region_id"))

    op.drop_table("municipality")
    with op.batch_alter_table("domain", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_domain_region_id"))

    op.drop_table("domain")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_log_entity_id"))

    op.drop_table("change_log")
    op.drop_table("store_meta")
    op.drop_table("region")
    op.drop_table("device")
