"""The retention run: residents past the profile's retention period are anonymised.

`run_retention(store, actor, today=…, dry_run=…)` (team lead or administrator) finds the
residents whose every case ended more than `retention_years` before today (domain.retention),
and blanks what identifies them or was said by or about them: the resident's name, contact
details, address, needs and search terms; their representatives and restrictions; the free text
of their cases, stages, components, remedies, extensions, redress breakdowns, notes, quick
fixes, satisfaction comments and sent letters; and the payloads of their audit events (redacted
in the one way the database allows: the chain columns stay, so the trail still verifies).

What the reports count is kept: kinds, channels, categories, service areas, stages, decisions,
outcomes, dates, tenure, sums and learning tags. One `retention_run` event records the counts.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.engine import Connection

from complaints_tui.domain.deadlines import describe_date
from complaints_tui.domain.kinds import CaseStatus
from complaints_tui.domain.retention import CaseEnd, past_retention
from complaints_tui.services._core import (
    SUPERVISORS,
    command,
    landlord_profile_id,
    profile_named,
    uk_date,
)
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m
from complaints_tui.store.audit_chain import redact_value
from complaints_tui.store.engine import Store

ANONYMISED = "[anonymised]"
ANONYMOUS_RESIDENT = "Anonymised resident"
ANONYMOUS_REPRESENTATIVE = "Anonymised representative"
_CHUNK = 500  # residents (and their cases, events) changed a batch at a time

# Per table: the free-text columns blanked, and what they become.
_CASE_TEXT: dict[str, dict[str, Any]] = {
    "cases": {
        "description": ANONYMISED,
        "desired_outcome": "",
        "caller_name": "",
        "exclusion_reason": "",
        "out_of_time_reason": "",
        "withdrawn_by": "",
        "withdrawn_reason": "",
    },
    "case_stages": {"declined_reason": "", "late_reason": "", "response_letter": ""},
    "components": {"summary": ANONYMISED, "finding": ""},
    "remedies": {"description": ANONYMISED},
    "redress": {"breakdown": ""},
    "outstanding_actions": {"description": ANONYMISED},
    "satisfaction": {"comment": ""},
    "quick_fixes": {"agreed_fix": ANONYMISED, "follow_up": "", "letter_text": ""},
    "case_notes": {"text": ANONYMISED},
    "sent_letters": {"recipient": ANONYMISED, "content": {"anonymised": True}},
}
_RESIDENT_TEXT: dict[str, Any] = {
    "name": ANONYMOUS_RESIDENT,
    "address": "",
    "postcode": "",
    "phone": "",
    "email": "",
    "preferred_contact": "",
    "support_needs": "",
    "adjustments": "",
    "vulnerability": "",
    "unreasonable_reason": "",
}
_REPRESENTATIVE_TEXT: dict[str, Any] = {
    "name": ANONYMOUS_REPRESENTATIVE,
    "relation": "",
    "phone": "",
    "email": "",
    "authority_how": "",
}


@dataclass(frozen=True)
class RetentionResult:
    dry_run: bool
    today: date
    years: int
    residents: tuple[str, ...]  # their references
    cases: int
    events: int

    def sentences(self) -> list[str]:
        period = f"{self.years} year{'s' if self.years != 1 else ''}"
        if not self.residents:
            return [
                f"No resident's data is past the {period} retention period on "
                f"{describe_date(self.today)}; nothing {'would be' if self.dry_run else 'was'} "
                "anonymised."
            ]
        counts = (
            f"{_count(len(self.residents), 'resident')}, {_count(self.cases, 'case')} and "
            f"{_count(self.events, 'audit event')}"
        )
        if self.dry_run:
            head = (
                f"Dry run on {describe_date(self.today)}: {counts} are past the {period} "
                "retention period and would be anonymised; nothing was changed."
            )
        else:
            head = (
                f"Anonymised {counts} past the {period} retention period; the statistics and "
                "the audit chain are kept."
            )
        return [head, *self.residents]

    def as_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "today": self.today.isoformat(),
            "retention_years": self.years,
            "residents": list(self.residents),
            "cases": self.cases,
            "events": self.events,
        }


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def run_retention(
    store: Store,
    actor: Actor,
    *,
    today: date | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> RetentionResult:
    """Anonymise (or, dry, only count) the residents past the retention period on `today`."""
    with command(store, actor, SUPERVISORS, "run data retention", now) as cmd:
        session = cmd.session
        day = today if today is not None else uk_date(cmd.at)
        years = profile_named(landlord_profile_id(session)).retention_years
        connection = session.connection()
        due = list(_residents_past_retention(connection, years, day))
        references: list[str] = []
        cases = events = 0
        for chunk in _chunks(due, _CHUNK):
            references += _references(connection, chunk)
            case_ids = list(
                connection.scalars(select(m.Case.id).where(m.Case.resident_id.in_(chunk)))
            )
            cases += len(case_ids)
            events += _redact_events(connection, chunk, case_ids, cmd.at, dry_run)
            if not dry_run:
                _anonymise(connection, chunk, case_ids, day)
        result = RetentionResult(dry_run, day, years, tuple(references), cases, events)
        if not dry_run and due:
            cmd.audit(
                "retention_run",
                after={
                    "today": day,
                    "retention_years": years,
                    "residents": len(references),
                    "cases": cases,
                    "events_redacted": events,
                },
            )
        return result


def _residents_past_retention(connection: Connection, years: int, today: date) -> Iterator[int]:
    """Residents not yet anonymised whose every case ended long enough ago, streamed by id."""
    case = m.Case
    rows = connection.execute(
        select(
            case.resident_id,
            case.status,
            case.received_on,
            case.closed_on,
            case.withdrawn_on,
            case.updated_at,
        )
        .join(m.Resident, m.Resident.id == case.resident_id)
        .where(m.Resident.anonymised_on.is_(None))
        .order_by(case.resident_id)
    )
    for resident_id, group in itertools.groupby(rows, key=lambda row: int(row[0] or 0)):
        ends = [
            CaseEnd(
                CaseStatus(row.status),
                row.received_on,
                row.closed_on,
                row.withdrawn_on,
                uk_date(row.updated_at),
            )
            for row in group
        ]
        if past_retention(ends, years, today):
            yield resident_id


def _chunks(items: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _references(connection: Connection, resident_ids: list[int]) -> list[str]:
    return list(
        connection.scalars(
            select(m.Resident.reference)
            .where(m.Resident.id.in_(resident_ids))
            .order_by(m.Resident.id)
        )
    )


def _table(name: str) -> Table:
    return m.Base.metadata.tables[name]


def _anonymise(
    connection: Connection, resident_ids: list[int], case_ids: list[int], day: date
) -> None:
    connection.execute(
        update(m.Resident)
        .where(m.Resident.id.in_(resident_ids))
        .values(**_RESIDENT_TEXT, anonymised_on=day)
    )
    connection.execute(
        _table("resident_search_terms")
        .delete()
        .where(_table("resident_search_terms").c.resident_id.in_(resident_ids))
    )
    connection.execute(
        update(m.Restriction).where(m.Restriction.resident_id.in_(resident_ids)).values(detail="")
    )
    connection.execute(
        update(m.Representative)
        .where(m.Representative.resident_id.in_(resident_ids))
        .values(**_REPRESENTATIVE_TEXT)
    )
    if not case_ids:
        return
    for name, values in _CASE_TEXT.items():
        table = _table(name)
        key = table.c.id if name == "cases" else table.c.case_id
        connection.execute(table.update().where(key.in_(case_ids)).values(**values))
    deadlines = _table("deadlines")
    extensions = _table("extensions")
    connection.execute(
        extensions.update()
        .where(
            extensions.c.deadline_id.in_(
                select(deadlines.c.id).where(deadlines.c.case_id.in_(case_ids))
            )
        )
        .values(reason=ANONYMISED, how_told="")
    )


def _redact_events(
    connection: Connection,
    resident_ids: Iterable[int],
    case_ids: list[int],
    at: datetime,
    dry_run: bool,
) -> int:
    """Replace the payloads of the residents' and their cases' events by their redacted form
    (the one change the append-only triggers allow); returns how many."""
    events = _table("events")
    about = or_(events.c.resident_id.in_(list(resident_ids)), events.c.case_id.in_(case_ids))
    rows = connection.execute(
        select(events.c.id, events.c.before, events.c.after).where(
            about, events.c.redacted_at.is_(None)
        )
    ).all()
    if dry_run or not rows:
        return len(rows)
    connection.execute(
        events.update()
        .where(events.c.id == bindparam("event_id"))
        .values(
            before=bindparam("new_before"),
            after=bindparam("new_after"),
            redacted_at=bindparam("redacted"),
        ),
        [
            {
                "event_id": row.id,
                "new_before": redact_value(row.before),
                "new_after": redact_value(row.after),
                "redacted": at,
            }
            for row in rows
        ],
    )
    return len(rows)
