"""Checking the audit trail's hash chain: `verify_audit_trail(store)` walks every event in id
order (streamed, a batch at a time, never all in memory) and names the first broken link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from complaints_tui.store import models as m
from complaints_tui.store.audit_chain import GENESIS, content_hash, event_hash
from complaints_tui.store.engine import Store

_STREAM = 5_000
_MOVED_WITHIN = 50  # a row whose hash fits another id this near was moved (reordered)


@dataclass(frozen=True)
class ChainCheck:
    """What the walk found: `problem` is None when intact, else "changed", "missing",
    "reordered" or "unchained", with the first event it concerns and a sentence."""

    events: int
    redacted: int
    problem: str | None = None
    event_id: int | None = None
    sentence: str = ""

    @property
    def intact(self) -> bool:
        return self.problem is None

    def as_json(self) -> dict[str, Any]:
        return {
            "intact": self.intact,
            "events": self.events,
            "redacted": self.redacted,
            "problem": self.problem,
            "event_id": self.event_id,
            "message": self.sentence,
        }


class _Broken(Exception):
    def __init__(self, problem: str, event_id: int, sentence: str) -> None:
        super().__init__(sentence)
        self.problem, self.event_id, self.sentence = problem, event_id, sentence


def _missing(first: int, last: int, where: str = "") -> str:
    if first == last:
        return f"Event {first} is missing: it was deleted from the trail{where}."
    return f"Events {first} to {last} are missing: they were deleted from the trail{where}."


def verify_audit_trail(store: Store) -> ChainCheck:
    events = m.Event.__table__
    query = select(
        events.c.id,
        events.c.at,
        events.c.actor_id,
        events.c.action,
        events.c.case_id,
        events.c.resident_id,
        events.c.before,
        events.c.after,
        events.c.prev_hash,
        events.c.hash,
        events.c.content_hash,
        events.c.redacted_at,
    ).order_by(events.c.id)
    count = redacted = 0
    with store.engine.connect() as connection:
        head = connection.execute(
            select(m.AuditChainHead.last_id, m.AuditChainHead.last_hash)
        ).first()
        result = connection.execution_options(stream_results=True, yield_per=_STREAM).execute(query)
        previous_id, previous_hash = 0, GENESIS
        try:
            for row in result:
                count += 1
                _check_row(row, previous_id, previous_hash)
                if row.redacted_at is not None:
                    redacted += 1
                previous_id, previous_hash = row.id, row.hash
            if head is not None and head.last_id > previous_id:
                raise _Broken(
                    "missing",
                    previous_id + 1,
                    _missing(previous_id + 1, head.last_id, " (at its end)"),
                )
            if head is not None and head.last_id == previous_id and head.last_hash != previous_hash:
                raise _Broken(
                    "changed",
                    previous_id,
                    f"Event {previous_id}, the last, was changed: the trail's recorded end no "
                    "longer matches it.",
                )
        except _Broken as broken:
            result.close()
            return ChainCheck(count, redacted, broken.problem, broken.event_id, broken.sentence)
    noun = "event" if count == 1 else "events"
    sentence = f"The audit trail of {count:,} {noun} is intact."
    if redacted:
        sentence += f" {redacted:,} were anonymised by the retention run; their place is checked."
    return ChainCheck(count, redacted, sentence=sentence)


def _check_row(row: Any, previous_id: int, previous_hash: str) -> None:
    event_id = int(row.id)
    if row.hash is None or row.content_hash is None or row.prev_hash is None:
        raise _Broken(
            "unchained",
            event_id,
            f"Event {event_id} has no hash: it was added to the trail outside the app.",
        )
    changed = f"Event {event_id} was changed: what it records no longer matches its hash."
    if row.redacted_at is None and content_hash(row.before, row.after) != row.content_hash:
        raise _Broken("changed", event_id, changed)

    def hashed_as(some_id: int) -> str:
        return event_hash(
            row.prev_hash,
            some_id,
            row.at,
            row.actor_id,
            row.action,
            row.case_id,
            row.resident_id,
            row.content_hash,
        )

    if hashed_as(event_id) != row.hash:
        for other in range(event_id - _MOVED_WITHIN, event_id + _MOVED_WITHIN + 1):
            if other != event_id and other > 0 and hashed_as(other) == row.hash:
                raise _Broken(
                    "reordered",
                    event_id,
                    f"Event {event_id} holds what was recorded as event {other}: the events "
                    "were reordered.",
                )
        raise _Broken("changed", event_id, changed)
    if row.prev_hash != previous_hash:
        if event_id > previous_id + 1:
            raise _Broken("missing", previous_id + 1, _missing(previous_id + 1, event_id - 1))
        raise _Broken(
            "changed",
            previous_id,
            f"Event {event_id} does not follow event {previous_id}: event {previous_id} was "
            "rewritten, or an event between them was taken out.",
        )
