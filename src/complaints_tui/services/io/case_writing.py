"""Writing checked case rows as the services would have left them: the status, stage rows,
deadlines (`casework.sync_deadlines` would change nothing) and next due date
(`casework.refresh_next_due`) of a case worked by hand, under the landlord's policy profile."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import Session

from complaints_tui.domain import schedule
from complaints_tui.domain.calendar import WorkingCalendar, calendar_for_profile
from complaints_tui.domain.deadlines import Deadline
from complaints_tui.domain.kinds import CaseStatus, ContactKind
from complaints_tui.domain.policy import PolicyProfile
from complaints_tui.services.cases.casework import CASE_FIELDS
from complaints_tui.services.io.case_children import write_case_children
from complaints_tui.services.io.case_rows import CaseRow, CheckedCase
from complaints_tui.services.io.lookups import Lookups
from complaints_tui.services.io.writing import (
    NOT_RECORDED,
    ImportResult,
    Origin,
    insert_ids,
    insert_rows,
)
from complaints_tui.store import models as m
from complaints_tui.store.audit_chain import chain_rows

CASE_REFERENCE = re.compile(r"^CMP-(\d{4})-(\d{1,9})$")
_AREAS = m.Base.metadata.tables[m.ServiceArea.__tablename__]
_CATEGORIES = m.Base.metadata.tables[m.Category.__tablename__]
_COUNTERS = m.Base.metadata.tables[m.CaseCounter.__tablename__]


def write_cases(
    session: Session,
    good: Sequence[CheckedCase],
    profile: PolicyProfile,
    lookups: Lookups,
    today: date,
    origin: Origin,
    calendar: WorkingCalendar | None = None,
) -> ImportResult:
    """Insert the cases, the service areas and categories they name for the first time, their
    child rows and an audit event each; references in our own pattern are never issued again.
    `calendar`: the database's (with its closure days), else the profile's own."""
    calendar = calendar if calendar is not None else calendar_for_profile(profile)
    rows = [c.row for c in good]
    result = ImportResult("cases", len(rows))
    connection = session.connection()
    _create_areas(connection, rows, lookups, result)
    case_rows = [_case_values(c.row, c.deadlines, profile, calendar, lookups, origin) for c in good]
    case_ids = insert_ids(connection, m.Case, case_rows)
    write_case_children(connection, case_ids, good, profile, calendar, today, origin)
    events = [
        origin.event(
            "case_imported", (case_id, values["resident_id"]), values, CASE_FIELDS, row.line
        )
        for case_id, row, values in zip(case_ids, rows, case_rows, strict=True)
    ]
    chain_rows(connection, events)  # the audit chain: ids and hashes
    connection.execute(insert(m.Event), events)
    _bump_counters(connection, [row.reference for row in rows])
    return result


def _next_due(
    row: CaseRow,
    deadlines: list[Deadline],
    profile: PolicyProfile,
    calendar: WorkingCalendar,
) -> tuple[date | None, str | None]:
    """The case's next due date and kind, from the deadline engine."""
    due = schedule.next_due(
        profile,
        calendar,
        waiting=row.status is CaseStatus.OPEN,
        stage=row.stage,
        received_on=row.received_on,
        deadlines=deadlines,
    )
    return (due.due_on, due.kind.value) if due is not None else (None, None)


def _case_values(
    row: CaseRow,
    deadlines: list[Deadline],
    profile: PolicyProfile,
    calendar: WorkingCalendar,
    lookups: Lookups,
    origin: Origin,
) -> dict[str, Any]:
    """The cases row, as `contacts.log_contact` and the stage services would leave it."""
    next_due_on, next_due_kind = _next_due(row, deadlines, profile, calendar)
    exclusion = profile.exclusion(row.exclusion) if row.exclusion is not None else None
    day = row.received_on
    return {
        "reference": row.reference,
        "kind": row.kind.value,
        "channel": row.channel.value,
        "received_at": datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        "received_on": day,
        "issue_known_on": None,
        "service_area_id": lookups.areas.get(row.service_area),
        "category_id": lookups.categories[row.category][0] if row.category else None,
        "description": "",
        "desired_outcome": "",
        "profile_id": profile.id,
        "stage": row.stage,
        "status": row.status.value,
        "handler_id": None,
        "resident_id": lookups.residents.get(row.resident_ref),
        "representative_id": None,
        "caller_name": "",
        "complaint_offered": False,
        "accepted": row.kind is ContactKind.COMPLAINT and row.status is not CaseStatus.NOT_ACCEPTED,
        "exclusion_code": exclusion.code.value if exclusion is not None else None,
        "exclusion_reason": exclusion.say if exclusion is not None else "",
        "out_of_time_reason": "",
        "next_due_on": next_due_on,
        "next_due_kind": next_due_kind,
        "outcome": row.outcome.value if row.outcome is not None else None,
        "improvement": "",
        "withdrawn_by": NOT_RECORDED if row.withdrawn_on else "",
        "withdrawn_reason": NOT_RECORDED if row.withdrawn_on else "",
        "withdrawn_on": row.withdrawn_on,
        "closed_on": row.closed_on,
        "logged_by_id": origin.actor_id,
        "created_at": origin.at,
        "updated_at": origin.at,
        "version": 1,
    }


def _create_areas(
    connection: Connection, rows: Sequence[CaseRow], lookups: Lookups, result: ImportResult
) -> None:
    """Service areas and categories named for the first time are created, safely when other
    imports create the same names at the same moment: each is inserted unless it exists by
    then (`skip_conflicts_on`), in name order (so that two imports never wait for each other's
    rows in a circle), and then looked up."""
    areas = sorted({row.service_area for row in rows} - set(lookups.areas) - {""})
    if areas:
        insert_rows(connection, _AREAS, [{"name": name} for name in areas], ["name"])
        found = select(m.ServiceArea.id, m.ServiceArea.name).where(m.ServiceArea.name.in_(areas))
        lookups.areas.update({str(name): int(i) for i, name in connection.execute(found)})
        result.created_service_areas += areas
    wanted: dict[str, int | None] = {}
    for row in rows:
        if row.category and row.category not in lookups.categories:
            wanted.setdefault(row.category, lookups.areas.get(row.service_area))
    if wanted:
        names = sorted(wanted)
        made = [{"name": name, "service_area_id": wanted[name]} for name in names]
        insert_rows(connection, _CATEGORIES, made, ["name"])
        filed = select(m.Category.id, m.Category.name, m.Category.service_area_id).where(
            m.Category.name.in_(names)
        )
        for category_id, name, area_id in connection.execute(filed):
            lookups.categories[str(name)] = (int(category_id), area_id)
        result.created_categories += names


def _bump_counters(connection: Connection, references: Iterable[str]) -> None:
    """Imported references in our own pattern (CMP-YYYY-NNNNNN) are never issued again. The
    counter row of a year is made if missing, and only ever moved up, in one statement each, so
    that imports running at once cannot lose each other's numbers."""
    highest: dict[int, int] = {}
    for reference in references:
        match = CASE_REFERENCE.match(reference)
        if match:
            year, number = int(match.group(1)), int(match.group(2))
            highest[year] = max(highest.get(year, 0), number)
    for year, number in sorted(highest.items()):
        insert_rows(connection, _COUNTERS, [{"year": year, "last_number": number}], ["year"])
        connection.execute(
            update(m.CaseCounter)
            .where(m.CaseCounter.year == year, m.CaseCounter.last_number < number)
            .values(last_number=number)
        )
