"""Export cases (and residents) in the import's columns, so an export imports again unchanged.

Rows are streamed from the database in reference order, so a million cases never sit in memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from typing import Any, TextIO

from sqlalchemy import and_, case, select
from sqlalchemy.orm import aliased

from complaints_tui.services.imports import CASE_COLUMNS, RESIDENT_COLUMNS
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


Row = dict[str, date | str | None]


def case_rows(store: Store) -> Iterator[Row]:
    """Every case as a dict keyed by CASE_COLUMNS (dates as `date`, empty as None)."""
    stage1 = aliased(m.CaseStage)
    stage2 = aliased(m.CaseStage)
    respond1 = aliased(m.Deadline)
    respond2 = aliased(m.Deadline)

    def extended(deadline: Any) -> Any:
        return case((deadline.due_on != deadline.original_due_on, deadline.due_on), else_=None)

    def respond_join(deadline: Any, stage: int) -> Any:
        return and_(
            deadline.case_id == m.Case.id, deadline.stage == stage, deadline.kind == "respond"
        )

    statement = (
        select(
            m.Case.reference,
            m.Resident.reference.label("resident_ref"),
            m.Case.received_on,
            m.Case.kind,
            m.Case.channel,
            m.ServiceArea.name.label("service_area"),
            m.Category.name.label("category"),
            stage1.acknowledged_on.label("stage1_acknowledged_on"),
            extended(respond1).label("stage1_extended_to"),
            stage1.responded_on.label("stage1_responded_on"),
            stage2.received_on.label("escalated_on"),
            stage2.acknowledged_on.label("stage2_acknowledged_on"),
            extended(respond2).label("stage2_extended_to"),
            stage2.responded_on.label("stage2_responded_on"),
            m.Case.withdrawn_on,
            m.Case.outcome,
        )
        .outerjoin(m.Resident, m.Resident.id == m.Case.resident_id)
        .outerjoin(m.ServiceArea, m.ServiceArea.id == m.Case.service_area_id)
        .outerjoin(m.Category, m.Category.id == m.Case.category_id)
        .outerjoin(stage1, and_(stage1.case_id == m.Case.id, stage1.stage == 1))
        .outerjoin(stage2, and_(stage2.case_id == m.Case.id, stage2.stage == 2))
        .outerjoin(respond1, respond_join(respond1, 1))
        .outerjoin(respond2, respond_join(respond2, 2))
        .order_by(m.Case.id)
        .execution_options(yield_per=5000)
    )
    with store.reading() as session:
        for row in session.execute(statement):
            yield dict(zip(CASE_COLUMNS, row, strict=True))


def resident_rows(store: Store) -> Iterator[Row]:
    statement = (
        select(*(getattr(m.Resident, column) for column in RESIDENT_COLUMNS))
        .where(m.Resident.anonymised_on.is_(None))
        .order_by(m.Resident.id)
        .execution_options(yield_per=5000)
    )
    with store.reading() as session:
        for row in session.execute(statement):
            yield dict(zip(RESIDENT_COLUMNS, row, strict=True))


def _cell(value: date | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_rows(
    rows: Iterator[Row], columns: tuple[str, ...], out: TextIO, fmt: ExportFormat
) -> int:
    """Write rows as CSV (header first) or as a JSON array of objects; returns how many."""
    count = 0
    if fmt is ExportFormat.CSV:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row[c]) for c in columns])
            count += 1
        return count
    out.write("[")
    for row in rows:
        item = {c: (None if row[c] is None else _cell(row[c])) for c in columns}
        out.write(("\n  " if count == 0 else ",\n  ") + json.dumps(item, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def export_cases(store: Store, out: TextIO, fmt: ExportFormat = ExportFormat.CSV) -> int:
    return write_rows(case_rows(store), CASE_COLUMNS, out, fmt)


def export_residents(store: Store, out: TextIO, fmt: ExportFormat = ExportFormat.CSV) -> int:
    return write_rows(resident_rows(store), RESIDENT_COLUMNS, out, fmt)
