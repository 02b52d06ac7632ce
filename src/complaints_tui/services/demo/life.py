"""A case's life as the services leave it: the row changed step by step, and its audit events.

The demo never calls the services (a build makes millions of rows), so this plays
`services._core.audit` on dicts: the same action names, the same before/after values, keeping
only what changed. Rows are gathered per table in a `CaseBatch` and written in bulk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from complaints_tui.services._core import jsonable
from complaints_tui.services.demo.vocabulary import CASE_SET


def audit_values(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The event's before/after as `services._core.audit` keeps them: only what changed."""
    old = {key: jsonable(value) for key, value in before.items()}
    new = {key: jsonable(value) for key, value in after.items()}
    if old and new:
        changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
        old = {key: value for key, value in old.items() if key in changed}
        new = {key: value for key, value in new.items() if key in changed}
    return old or None, new or None


@dataclass
class CaseBatch:
    """The rows of a slice of cases, table by table, in an order foreign keys accept."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)


class Event:
    """One audit event of a case's life; its time of day is chosen once the life is complete."""

    __slots__ = (
        "about_case",
        "action",
        "actor",
        "after",
        "at",
        "before",
        "day",
        "resident_id",
        "seq",
        "stamps",
    )

    def __init__(
        self,
        day: date,
        seq: int,
        action: str,
        actor: int | None,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        at: datetime | None = None,
        resident_id: int | None = None,
        about_case: bool = True,
    ) -> None:
        self.day = day
        self.seq = seq
        self.action = action
        self.actor = actor
        self.before = before
        self.after = after
        self.at = at  # None: a time on `day` after the event before it
        self.resident_id = resident_id
        self.about_case = about_case  # False: an event about the resident (case_id NULL)
        self.stamps: list[tuple[dict[str, Any], str]] = []  # rows that take the event's time


EVENT_ORDER = attrgetter("day", "seq")


class Life:
    """One case as the services leave it: the row, changed step by step, and its audit events
    (their values as written: dates become ISO text as the JSON is made, as `jsonable` does).

    `act` is one service call: it applies `changes` to the row and records the event as
    `services._core.audit` would — the snapshot of `fields` before and after, plus the extra
    `before` / `after` values the service adds, keeping only what changed, then `context`.
    """

    def __init__(self, row: dict[str, Any]) -> None:
        self.row = row
        self.events: list[Event] = []

    def act(
        self,
        day: date,
        actor: int | None,
        action: str,
        changes: Mapping[str, Any] | None = None,
        *,
        fields: frozenset[str] = CASE_SET,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> Event:
        row = self.row
        old: dict[str, Any] = {}
        new: dict[str, Any] = {}
        if not fields and not (before and after):
            # Nothing to compare: audit keeps both sides whole.
            if before:
                old.update(before)
            if after:
                new.update(after)
        else:
            if changes:
                for key, value in changes.items():
                    current = row[key]
                    if current != value and key in fields:
                        old[key] = current
                        new[key] = value
            if before:
                for key, was in before.items():
                    in_fields = key in fields
                    if after and key in after:
                        now = after[key]
                    elif in_fields:
                        now = changes[key] if changes and key in changes else row[key]
                    else:
                        now = None
                    if was == now:
                        old.pop(key, None)
                        new.pop(key, None)
                        continue
                    old[key] = was
                    if in_fields or (after and key in after):
                        new[key] = now
            if after:
                for key, now in after.items():
                    if before and key in before:
                        continue
                    in_fields = key in fields
                    was = row[key] if in_fields else None
                    if was == now:
                        old.pop(key, None)
                        new.pop(key, None)
                        continue
                    if in_fields:
                        old[key] = was
                    new[key] = now
        if changes:
            row.update(changes)
        if context:
            new.update(context)  # kept whether it changed or not: what the change was about
        event = Event(day, len(self.events), action, actor, old or None, new or None)
        self.events.append(event)
        return event
