"""The audit trail made tamper-evident: events are hash-chained (prev_hash, hash, content_hash),
existing events chained in id order, and database triggers refuse UPDATE and DELETE of events
(PostgreSQL: TRUNCATE too) whoever asks, not only the app's ORM.

The one change allowed is retention's redaction: once (`redacted_at` set from empty), with every
chain column (ids, time, actor, action, hashes) unchanged, the payload may be replaced by its
anonymised form. The same rule in both databases, with no session flag to forge or forget.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from complaints_tui.store.audit_chain import GENESIS, HEAD_TABLE, content_hash, event_hash

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5_000
# The columns a redaction must leave as they were.
_KEPT = (
    "id",
    "at",
    "actor_id",
    "action",
    "case_id",
    "resident_id",
    "prev_hash",
    "hash",
    "content_hash",
)
_SQLITE_KEPT = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _KEPT)
_PG_KEPT = " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in _KEPT)
_SQLITE_TRIGGERS = (
    "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events BEGIN "
    "SELECT RAISE(ABORT, 'audit events are append-only: an event cannot be deleted'); END",
    "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events "
    f"WHEN NOT (OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL AND {_SQLITE_KEPT}) "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only: an event cannot be changed'); END",
)
_PG_FUNCTION = f"""
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL AND {_PG_KEPT} THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: an event cannot be changed';
  END IF;
  RAISE EXCEPTION 'audit events are append-only: an event cannot be deleted';
END $$
"""
_PG_TRIGGERS = (
    _PG_FUNCTION,
    "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
    "FOR EACH ROW EXECUTE FUNCTION events_append_only()",
    "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events "
    "FOR EACH STATEMENT EXECUTE FUNCTION events_append_only()",
)

_events = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("resident_id", sa.Integer),
    sa.column("actor_id", sa.Integer),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("action", sa.String),
    sa.column("before", sa.JSON),
    sa.column("after", sa.JSON),
)


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("content_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("redacted_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        HEAD_TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{HEAD_TABLE}")),
    )
    connection = op.get_bind()
    last_id, last_hash = _chain_existing(connection)
    connection.execute(
        sa.text(f"INSERT INTO {HEAD_TABLE} (id, last_id, last_hash) VALUES (1, :i, :h)"),
        {"i": last_id, "h": last_hash},
    )
    for statement in _SQLITE_TRIGGERS if connection.dialect.name == "sqlite" else _PG_TRIGGERS:
        connection.exec_driver_sql(statement)


def _chain_existing(connection: sa.engine.Connection) -> tuple[int, str]:
    """Hash the events already there, in id order, a batch at a time."""
    last_id, last_hash = 0, GENESIS
    update = sa.text("UPDATE events SET prev_hash = :p, hash = :h, content_hash = :c WHERE id = :i")
    while True:
        rows = connection.execute(
            sa.select(_events).where(_events.c.id > last_id).order_by(_events.c.id).limit(_BATCH)
        ).all()
        if not rows:
            return last_id, last_hash
        changes = []
        for row in rows:
            content = content_hash(row.before, row.after)
            digest = event_hash(
                last_hash,
                row.id,
                row.at,
                row.actor_id,
                row.action,
                row.case_id,
                row.resident_id,
                content,
            )
            changes.append({"p": last_hash, "h": digest, "c": content, "i": row.id})
            last_id, last_hash = row.id, digest
        connection.execute(update, changes)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS events_append_only_delete")
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS events_append_only_update")
    else:
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS events_no_truncate ON events")
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS events_append_only ON events")
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS events_append_only()")
    op.drop_table(HEAD_TABLE)
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("redacted_at")
        batch_op.drop_column("content_hash")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
