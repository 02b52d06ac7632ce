"""The audit trail's hash chain: every event carries the hash of the one before it.

An event's `content_hash` is the SHA-256 of its before/after payload as canonical JSON (sorted
keys, no spaces); its `hash` covers the previous event's hash, its own id, time, actor, action,
case and resident ids and that content hash. Editing, deleting or reordering any row by hand
breaks a link that `services.audit_verify` finds.

Appends are serialised through the one-row `audit_chain_head` table (the last id and hash): it
is read `FOR UPDATE` (PostgreSQL waits there; SQLite's write lock already serialises writers) and
the event's id is the next after it, so two writers can never fork the chain: the second waits,
or (SQLite, a stale read) fails and is retried, and the primary key refuses a duplicate id.

Retention may redact an event's payload once (`redacted_at` set, chain columns untouched): its
content hash is kept, so the chain still verifies; only that row's payload can no longer be
checked against it.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from datetime import UTC, datetime
from hashlib import sha256
from typing import Any

from pydantic_core import to_json
from sqlalchemy import text
from sqlalchemy.engine import Connection

GENESIS = "0" * 64  # the "previous hash" of the first event
HEAD_TABLE = "audit_chain_head"
TRIGGER_MARK = "audit events are append-only"  # in the database triggers' error messages
REDACTED = "[redacted]"


def _sorted(value: Any) -> Any:
    """The value with every mapping's keys in sorted order (lists keep theirs)."""
    kind = type(value)
    if kind is dict:
        return {
            key: _sorted(item) if type(item) in _NESTED else item
            for key, item in sorted(value.items())
        }
    if kind in _NESTED:
        return [_sorted(item) if type(item) in _NESTED else item for item in value]
    return value


_NESTED = frozenset({dict, list, tuple})


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, dates as ISO text: what the JSON column gives back, written the
    same way whichever path wrote it (pydantic's encoder: 4x `json.dumps`)."""
    return to_json(_sorted(value)).decode()


def content_hash(before: Any, after: Any) -> str:
    """SHA-256 of the payload as stored: canonical JSON of {"after": …, "before": …}."""
    payload = to_json({"after": _sorted(after), "before": _sorted(before)})
    return sha256(payload).hexdigest()


def stamp(at: datetime) -> str:
    """The moment as the hash sees it: UTC to the microsecond (what both databases keep)."""
    if at.tzinfo is not UTC:
        # SQLite hands back naive UTC on a raw read
        at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return at.isoformat(timespec="microseconds")


def event_hash(
    prev_hash: str,
    event_id: int,
    at: datetime,
    actor_id: int | None,
    action: str,
    case_id: int | None,
    resident_id: int | None,
    content: str,
) -> str:
    actor = "" if actor_id is None else actor_id
    case = "" if case_id is None else case_id
    resident = "" if resident_id is None else resident_id
    fields = (
        f"{prev_hash}\x1f{event_id}\x1f{stamp(at)}\x1f{actor}\x1f{action}\x1f{case}\x1f"
        f"{resident}\x1f{content}"
    )
    return sha256(fields.encode()).hexdigest()


class ChainHead:
    """The chain's end as this transaction sees it, locked: the next event's id and prev hash."""

    def __init__(self, last_id: int, last_hash: str) -> None:
        self.last_id = last_id
        self.last_hash = last_hash

    def link(self, row: MutableMapping[str, Any]) -> None:
        """Number and hash one event row (a dict of the events columns) after the last."""
        content = content_hash(row.get("before"), row.get("after"))
        event_id = self.last_id + 1
        digest = event_hash(
            self.last_hash,
            event_id,
            row["at"],
            row.get("actor_id"),
            row["action"],
            row.get("case_id"),
            row.get("resident_id"),
            content,
        )
        row["id"] = event_id
        row["prev_hash"] = self.last_hash
        row["content_hash"] = content
        row["hash"] = digest
        self.last_id = event_id
        self.last_hash = digest


def lock_head(connection: Connection) -> ChainHead:
    """Read the chain's end, locked until the transaction ends (PostgreSQL: FOR UPDATE; SQLite:
    the write lock is taken by the first write). The next id is also after any event written
    without the chain (a row added by hand), so that it never collides with one."""
    lock = "" if connection.dialect.name == "sqlite" else " FOR UPDATE"
    found = connection.execute(
        text(
            "SELECT last_id, last_hash, (SELECT COALESCE(MAX(id), 0) FROM events) "
            f"FROM {HEAD_TABLE} WHERE id = 1{lock}"
        )
    ).first()
    if found is None:
        highest = int(
            connection.execute(text("SELECT COALESCE(MAX(id), 0) FROM events")).scalar_one()
        )
        last_hash = connection.execute(
            text("SELECT hash FROM events WHERE id = :id"), {"id": highest}
        ).scalar()
        connection.execute(
            text(f"INSERT INTO {HEAD_TABLE} (id, last_id, last_hash) VALUES (1, :i, :h)"),
            {"i": highest, "h": last_hash or GENESIS},
        )
        return ChainHead(highest, last_hash or GENESIS)
    return ChainHead(max(int(found[0]), int(found[2])), str(found[1]))


def save_head(connection: Connection, head: ChainHead) -> None:
    connection.execute(
        text(f"UPDATE {HEAD_TABLE} SET last_id = :i, last_hash = :h WHERE id = 1"),
        {"i": head.last_id, "h": head.last_hash},
    )


def chain_rows(connection: Connection, rows: Iterable[MutableMapping[str, Any]]) -> None:
    """Number and hash event rows about to be inserted with Core (an import), in order, and move
    the chain's head past them, in the caller's transaction."""
    rows = list(rows)
    if not rows:
        return
    head = lock_head(connection)
    for row in rows:
        head.link(row)
    save_head(connection, head)


def redact_value(value: Any) -> Any:
    """A payload with every text replaced by `[redacted]`, keeping its shape, numbers, flags and
    ISO dates (a timeline still reads; nothing says who or what was said)."""
    if isinstance(value, dict):
        return {key: redact_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_value(item) for item in value]
    if isinstance(value, str) and not _iso_date(value):
        return REDACTED if value else value
    return value


def _iso_date(value: str) -> bool:
    if len(value) < 10 or len(value) > 32 or value[4:5] != "-" or value[7:8] != "-":
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True
