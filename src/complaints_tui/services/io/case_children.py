"""Writing the rows that hang off imported cases: stages, quick fixes, deadlines, extensions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, insert

from complaints_tui.domain.calendar import WorkingCalendar
from complaints_tui.domain.policy import PolicyProfile
from complaints_tui.services.io.case_rows import CheckedCase
from complaints_tui.services.io.writing import NOT_RECORDED, Origin, insert_ids
from complaints_tui.store import models as m


def write_case_children(
    connection: Connection,
    case_ids: Sequence[int],
    good: Sequence[CheckedCase],
    profile: PolicyProfile,
    calendar: WorkingCalendar,
    today: date,
    origin: Origin,
) -> None:
    """Stage rows, quick fixes, deadlines and their extensions."""
    stage_rows: list[dict[str, Any]] = []
    quick_rows: list[dict[str, Any]] = []
    deadline_rows: list[dict[str, Any]] = []
    extended: list[bool] = []  # per deadline row: the file gave its stage an extended date
    window = profile.quick_fix.escalate_within
    for case_id, checked in zip(case_ids, good, strict=True):
        row, deadlines = checked.row, checked.deadlines
        stage_rows += [
            {
                "case_id": case_id,
                "stage": stage.number,
                "received_on": stage.received_on,
                "acknowledged_on": stage.acknowledged_on,
                "responded_on": stage.responded_on,
            }
            for stage in row.stages
        ]
        if row.quick_fix_on is not None:
            quick_rows.append(
                {
                    "case_id": case_id,
                    "agreed_fix": NOT_RECORDED,
                    "follow_up": "",
                    "letter_text": "",
                    "resolved_on": row.quick_fix_on,
                    "escalate_by": calendar.due_date(row.quick_fix_on, window.days, window.unit)
                    if window is not None
                    else None,
                }
            )
        deadline_rows += [
            {
                "case_id": case_id,
                "stage": deadline.stage,
                "kind": deadline.kind.value,
                "clock_start": deadline.clock_start.value,
                "clock_started_on": deadline.clock_started_on,
                "projected": deadline.projected,
                "length": deadline.length,
                "unit": deadline.unit.value,
                "due_on": deadline.due_on,
                "original_due_on": deadline.original_due_on,
                "met_on": deadline.met_on,
            }
            for deadline in deadlines
        ]
        extended += [deadline.extended for deadline in deadlines]
    if stage_rows:
        connection.execute(insert(m.CaseStage), stage_rows)
    if quick_rows:
        connection.execute(insert(m.QuickFix), quick_rows)
    if deadline_rows:
        deadline_ids = insert_ids(connection, m.Deadline, deadline_rows)
        _write_extensions(connection, deadline_ids, deadline_rows, extended, today, origin)


def _write_extensions(
    connection: Connection,
    deadline_ids: Sequence[int],
    deadline_rows: Sequence[dict[str, Any]],
    extended: Sequence[bool],
    today: date,
    origin: Origin,
) -> None:
    """An extension for each deadline whose stage the file gave an extended date."""
    extensions = [
        {
            "deadline_id": deadline_id,
            "previous_due_on": d["original_due_on"],
            "new_due_on": d["due_on"],
            "reason": NOT_RECORDED,
            "how_told": NOT_RECORDED,
            "told_on": min(d["original_due_on"], today),
            "by_id": origin.actor_id,
            "at": origin.at,
        }
        for deadline_id, d, given in zip(deadline_ids, deadline_rows, extended, strict=True)
        if given
    ]
    if extensions:
        connection.execute(insert(m.Extension), extensions)
