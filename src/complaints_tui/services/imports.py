"""Import residents and cases from CSV files, for landlords moving off spreadsheets.

All or nothing: the whole file is read and checked first, every bad row is reported with its line
number and the reason, and only a file with no problems is written, in one transaction. A failure
while writing rolls the whole import back, so nothing is ever half-written.

Columns (the header row names them; order is free; every column must be present):

- residents: reference, name, address, postcode, phone, email, tenure
- cases: reference, resident_ref, received_on, kind, channel, service_area, category,
  stage1_acknowledged_on, stage1_extended_to, stage1_responded_on, escalated_on,
  stage2_acknowledged_on, stage2_extended_to, stage2_responded_on, withdrawn_on, outcome
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from complaints_tui.domain.calendar import calendar_for_profile
from complaints_tui.domain.deadlines import Deadline, DeadlineKind, StageEvents, stage_deadlines
from complaints_tui.domain.kinds import Channel, ContactKind, Outcome, Tenure
from complaints_tui.services.demo import (
    STATUS_CLOSED,
    STATUS_NEW,
    STATUS_OPEN,
    STATUS_RESPONDED,
    STATUS_WITHDRAWN,
    BulkWriter,
    resolve_profile,
    search_terms,
)
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

RESIDENT_COLUMNS: tuple[str, ...] = (
    "reference",
    "name",
    "address",
    "postcode",
    "phone",
    "email",
    "tenure",
)
CASE_COLUMNS: tuple[str, ...] = (
    "reference",
    "resident_ref",
    "received_on",
    "kind",
    "channel",
    "service_area",
    "category",
    "stage1_acknowledged_on",
    "stage1_extended_to",
    "stage1_responded_on",
    "escalated_on",
    "stage2_acknowledged_on",
    "stage2_extended_to",
    "stage2_responded_on",
    "withdrawn_on",
    "outcome",
)
STAGE_DATE_COLUMNS: tuple[str, ...] = (
    "stage1_acknowledged_on",
    "stage1_extended_to",
    "stage1_responded_on",
    "escalated_on",
    "stage2_acknowledged_on",
    "stage2_extended_to",
    "stage2_responded_on",
)
# Dates of things that have happened (so they cannot lie in the future); extension dates may.
HAPPENED_COLUMNS: tuple[str, ...] = (
    "received_on",
    "stage1_acknowledged_on",
    "stage1_responded_on",
    "escalated_on",
    "stage2_acknowledged_on",
    "stage2_responded_on",
    "withdrawn_on",
)
MAX_PROBLEMS_SHOWN = 200

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_CHARS = re.compile(r"^[0-9 +()\-]+$")


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong with a file: the line (1 is the header) and the reason, in plain words."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class ImportFailed(Exception):
    """The file was not imported; `problems` lists every reason, `str()` is a summary."""

    def __init__(self, path: str, problems: Sequence[RowProblem]) -> None:
        self.path = path
        self.problems = list(problems)
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        lines = [f"{path}: nothing was imported ({len(self.problems)} problem(s)):"]
        lines += [f"  {problem}" for problem in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  … and {len(self.problems) - len(shown)} more")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class ResidentRow:
    line: int
    reference: str
    name: str
    address: str
    postcode: str
    phone: str
    email: str
    tenure: Tenure


@dataclass(frozen=True)
class CaseRow:
    line: int
    reference: str
    resident_ref: str
    received_on: date
    kind: ContactKind
    channel: Channel
    service_area: str
    category: str
    stage1_acknowledged_on: date | None
    stage1_extended_to: date | None
    stage1_responded_on: date | None
    escalated_on: date | None
    stage2_acknowledged_on: date | None
    stage2_extended_to: date | None
    stage2_responded_on: date | None
    withdrawn_on: date | None
    outcome: Outcome | None

    @property
    def stage(self) -> int:
        """The stage the case has reached: 2 once escalated, 1 for any other complaint, else 0."""
        if self.kind is not ContactKind.COMPLAINT:
            return 0
        return 2 if self.escalated_on is not None else 1


@dataclass
class ImportResult:
    what: str  # "residents" or "cases"
    rows: int
    created_service_areas: list[str] = field(default_factory=list)
    created_categories: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"Imported {self.rows} {self.what}."
        if self.created_service_areas:
            text += f" New service areas: {', '.join(self.created_service_areas)}."
        if self.created_categories:
            text += f" New categories: {', '.join(self.created_categories)}."
        return text


# -- reading ------------------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """The file as text (UTF-8, with or without Excel's byte-order mark)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFailed(
            str(path), [RowProblem(0, f"cannot be read ({error.strerror})")]
        ) from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # Count the lines before the bad byte so the user can find it.
        line = raw[: error.start].count(b"\n") + 1
        raise ImportFailed(
            str(path), [RowProblem(line, "is not UTF-8 text (save the file as CSV UTF-8)")]
        ) from error


def csv_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on (quoted fields may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for record in reader:
        yield start, record
        start = reader.line_num + 1


def _check_header(
    header: list[str], expected: tuple[str, ...]
) -> tuple[dict[str, int], list[RowProblem]]:
    names = [name.strip().lower() for name in header]
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in seen:
            problems.append(RowProblem(1, f"the column {name!r} appears twice"))
        elif name not in expected:
            problems.append(
                RowProblem(1, f"unknown column {name!r} (expected: {', '.join(expected)})")
            )
        seen.setdefault(name, index)
    missing = [name for name in expected if name not in seen]
    if missing:
        problems.append(RowProblem(1, f"missing column(s): {', '.join(missing)}"))
    return seen, problems


def _rows(
    text: str, expected: tuple[str, ...]
) -> tuple[list[tuple[int, dict[str, str]]], list[RowProblem]]:
    records = csv_records(text)
    try:
        first = next(records)
    except StopIteration:
        return [], [RowProblem(1, "the file is empty: it needs a header row")]
    except csv.Error as error:
        return [], [RowProblem(1, f"not readable as CSV ({error})")]
    positions, problems = _check_header(first[1], expected)
    if problems:
        return [], problems
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for line, record in records:
            if not any(cell.strip() for cell in record):
                continue  # blank lines are ignored
            if len(record) != len(first[1]):
                problems.append(
                    RowProblem(
                        line,
                        f"has {len(record)} field(s) but the header has {len(first[1])}",
                    )
                )
                continue
            rows.append((line, {name: record[i].strip() for name, i in positions.items()}))
    except csv.Error as error:
        problems.append(RowProblem(0, f"not readable as CSV ({error})"))
    return rows, sorted(problems, key=lambda problem: problem.line)


def _date(value: str, column: str, errors: list[str]) -> date | None:
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f"{column} {value!r} is not a date in the form YYYY-MM-DD")
        return None


_E = TypeVar("_E", ContactKind, Channel, Outcome, Tenure)


def _choice(value: str, column: str, enum: type[_E], errors: list[str]) -> _E | None:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        shown = repr(value) if value else "empty"
        errors.append(f"{column} is {shown}; it must be one of {allowed}")
        return None


def normalise_postcode(value: str) -> str | None:
    """`de1 2ab` -> `DE1 2AB`; None if it is not a UK postcode."""
    compact = re.sub(r"\s+", "", value.upper())
    match = _POSTCODE.match(compact[:-3] + " " + compact[-3:] if len(compact) > 3 else compact)
    if match is None:
        return None
    return f"{match.group(1)} {match.group(2)}"


# -- residents ----------------------------------------------------------------------------------


def parse_residents(text: str) -> tuple[list[ResidentRow], list[RowProblem]]:
    """Check every resident row; returns the good rows and every problem found."""
    raw_rows, problems = _rows(text, RESIDENT_COLUMNS)
    rows: list[ResidentRow] = []
    first_line: dict[str, int] = {}
    for line, raw in raw_rows:
        errors: list[str] = []
        reference = raw["reference"]
        if not reference:
            errors.append("reference is empty")
        elif len(reference) > 40:
            errors.append("reference is longer than 40 characters")
        elif reference in first_line:
            errors.append(
                f"reference {reference!r} is already used on line {first_line[reference]}"
            )
        else:
            first_line[reference] = line
        for column, limit in (("name", 200), ("address", 2000)):
            if not raw[column]:
                errors.append(f"{column} is empty")
            elif len(raw[column]) > limit:
                errors.append(f"{column} is longer than {limit} characters")
        postcode = normalise_postcode(raw["postcode"])
        if postcode is None:
            shown = repr(raw["postcode"]) if raw["postcode"] else "empty"
            errors.append(f"postcode is {shown}; it is not a UK postcode (like DE1 2AB)")
        phone = raw["phone"]
        if phone and (
            not _PHONE_CHARS.match(phone) or not 10 <= sum(c.isdigit() for c in phone) <= 13
        ):
            errors.append(f"phone {phone!r} is not a phone number (10 to 13 digits)")
        email = raw["email"]
        if email and (not _EMAIL.match(email) or len(email) > 200):
            errors.append(f"email {email!r} is not an email address")
        tenure = _choice(raw["tenure"].upper(), "tenure", Tenure, errors)
        if errors:
            problems.append(RowProblem(line, "; ".join(errors)))
            continue
        assert tenure is not None and postcode is not None
        rows.append(
            ResidentRow(
                line, reference, raw["name"], raw["address"], postcode, phone, email, tenure
            )
        )
    return rows, sorted(problems, key=lambda problem: problem.line)


# -- cases --------------------------------------------------------------------------------------


def _check_order(
    dates: dict[str, date | None], pairs: Iterable[tuple[str, str, str]], errors: list[str]
) -> None:
    """Each (earlier, later, why) pair: `later` may not come before `earlier`."""
    for earlier, later, why in pairs:
        a, b = dates.get(earlier), dates.get(later)
        if a is not None and b is not None and b < a:
            errors.append(f"{later} ({b.isoformat()}) is before {earlier} ({a.isoformat()}){why}")


def parse_cases(text: str, today: date) -> tuple[list[CaseRow], list[RowProblem]]:
    """Check every case row on its own (references to residents are checked when writing)."""
    raw_rows, problems = _rows(text, CASE_COLUMNS)
    rows: list[CaseRow] = []
    first_line: dict[str, int] = {}
    for line, raw in raw_rows:
        errors: list[str] = []
        reference = raw["reference"]
        if not reference:
            errors.append("reference is empty")
        elif len(reference) > 40:
            errors.append("reference is longer than 40 characters")
        elif reference in first_line:
            errors.append(
                f"reference {reference!r} is already used on line {first_line[reference]}"
            )
        else:
            first_line[reference] = line
        dates: dict[str, date | None] = {
            column: _date(raw[column], column, errors)
            for column in ("received_on", *STAGE_DATE_COLUMNS, "withdrawn_on")
        }
        if not raw["received_on"]:
            errors.append("received_on is empty")
        for column in HAPPENED_COLUMNS:
            value = dates[column]
            if value is not None and value > today:
                errors.append(f"{column} ({value.isoformat()}) is in the future")
        kind = _choice(raw["kind"], "kind", ContactKind, errors)
        channel = _choice(raw["channel"], "channel", Channel, errors)
        outcome = _choice(raw["outcome"], "outcome", Outcome, errors) if raw["outcome"] else None
        for column in ("service_area", "category"):
            if len(raw[column]) > 200:
                errors.append(f"{column} is longer than 200 characters")
        if raw["category"] and not raw["service_area"]:
            errors.append("category is given without a service_area")
        if kind is not None and kind is not ContactKind.COMPLAINT:
            filled = [column for column in STAGE_DATE_COLUMNS if raw[column]]
            if filled:
                errors.append(
                    f"a {kind.value} has no complaint stages, but {', '.join(filled)} "
                    f"{'is' if len(filled) == 1 else 'are'} filled in"
                )
            if outcome is not None and outcome is not Outcome.WITHDRAWN:
                errors.append(f"a {kind.value} has no outcome ({outcome.value} given)")
        if dates["escalated_on"] is None:
            filled = [c for c in ("stage2_acknowledged_on", "stage2_extended_to",
                                  "stage2_responded_on") if raw[c]]  # fmt: skip
            if filled:
                errors.append(f"{', '.join(filled)} given but escalated_on is empty")
        _check_order(
            dates,
            (
                ("received_on", "stage1_acknowledged_on", ""),
                ("received_on", "stage1_responded_on", ""),
                ("received_on", "stage1_extended_to", ""),
                ("received_on", "escalated_on", ""),
                ("stage1_responded_on", "escalated_on", " (escalation follows the response)"),
                ("escalated_on", "stage2_acknowledged_on", ""),
                ("escalated_on", "stage2_responded_on", ""),
                ("escalated_on", "stage2_extended_to", ""),
                ("received_on", "withdrawn_on", ""),
            ),
            errors,
        )
        withdrawn_on = dates["withdrawn_on"]
        if outcome is Outcome.WITHDRAWN and withdrawn_on is None:
            errors.append("outcome is withdrawn but withdrawn_on is empty")
        if withdrawn_on is not None and outcome is not Outcome.WITHDRAWN:
            errors.append("withdrawn_on is given, so outcome must be withdrawn")
        if outcome in (Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD):
            last_response = (
                dates["stage2_responded_on"]
                if dates["escalated_on"] is not None
                else dates["stage1_responded_on"]
            )
            if last_response is None:
                stage = 2 if dates["escalated_on"] is not None else 1
                errors.append(
                    f"outcome {outcome.value} needs a response: stage{stage}_responded_on is empty"
                )
        if errors:
            problems.append(RowProblem(line, "; ".join(errors)))
            continue
        assert kind is not None and channel is not None
        received_on = dates["received_on"]
        assert received_on is not None
        rows.append(
            CaseRow(
                line=line,
                reference=reference,
                resident_ref=raw["resident_ref"],
                received_on=received_on,
                kind=kind,
                channel=channel,
                service_area=raw["service_area"],
                category=raw["category"],
                stage1_acknowledged_on=dates["stage1_acknowledged_on"],
                stage1_extended_to=dates["stage1_extended_to"],
                stage1_responded_on=dates["stage1_responded_on"],
                escalated_on=dates["escalated_on"],
                stage2_acknowledged_on=dates["stage2_acknowledged_on"],
                stage2_extended_to=dates["stage2_extended_to"],
                stage2_responded_on=dates["stage2_responded_on"],
                withdrawn_on=withdrawn_on,
                outcome=outcome,
            )
        )
    return rows, sorted(problems, key=lambda problem: problem.line)


# -- writing ------------------------------------------------------------------------------------

CASE_REFERENCE = re.compile(r"^CMP-(\d{4})-(\d{1,9})$")


def _now() -> datetime:
    return datetime.now(UTC)


def _existing(session: Session, column: Any, values: Sequence[str]) -> set[str]:
    """Which of `values` the column already holds (asked in slices, for big files)."""
    found: set[str] = set()
    for start in range(0, len(values), 500):
        chunk = list(values[start : start + 500])
        found.update(str(v) for v in session.scalars(select(column).where(column.in_(chunk))))
    return found


def import_residents(store: Store, path: Path, *, actor_id: int | None = None) -> ImportResult:
    """Add every resident in the file, or none (raises ImportFailed with every problem)."""
    rows, problems = parse_residents(read_text(path))
    with store.transaction() as session:
        taken = _existing(session, m.Resident.reference, [row.reference for row in rows])
        problems += [
            RowProblem(row.line, f"reference {row.reference!r} is already in the database")
            for row in rows
            if row.reference in taken
        ]
        if problems:
            raise ImportFailed(str(path), sorted(problems, key=lambda p: p.line))
        if not rows:
            raise ImportFailed(str(path), [RowProblem(0, "has no resident rows")])
        now = _now()
        connection = session.connection()
        inserted = connection.execute(
            insert(m.Resident).returning(m.Resident.id, sort_by_parameter_order=True),
            [
                {
                    "reference": row.reference,
                    "name": row.name,
                    "address": row.address,
                    "postcode": row.postcode,
                    "phone": row.phone,
                    "email": row.email,
                    "preferred_contact": "phone"
                    if row.phone
                    else ("email" if row.email else "letter"),
                    "tenure": row.tenure.value,
                    "created_at": now,
                }
                for row in rows
            ],
        ).all()
        terms: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for (resident_id,), row in zip(inserted, rows, strict=True):
            for term in sorted(
                search_terms(row.name, row.address, row.postcode, row.phone, row.reference)
            ):
                terms.append({"resident_id": resident_id, "term": term})
            events.append(
                {
                    "case_id": None,
                    "resident_id": resident_id,
                    "actor_id": actor_id,
                    "at": now,
                    "action": "resident_imported",
                    "before": None,
                    "after": {"file": path.name, "line": row.line, "reference": row.reference},
                }
            )
        writer = BulkWriter(connection)
        writer.insert(m.ResidentSearchTerm.__table__, terms)  # type: ignore[arg-type]
        writer.insert(m.Event.__table__, events)  # type: ignore[arg-type]
    return ImportResult("residents", len(rows))


@dataclass
class _Lookups:
    residents: dict[str, int]
    areas: dict[str, int]
    categories: dict[str, tuple[int, int | None]]  # name -> (id, service area id)


def _check_against_database(
    session: Session, rows: Sequence[CaseRow]
) -> tuple[_Lookups, list[RowProblem]]:
    problems: list[RowProblem] = []
    taken = _existing(session, m.Case.reference, [row.reference for row in rows])
    wanted = sorted({row.resident_ref for row in rows if row.resident_ref})
    residents: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for reference, resident_id in session.execute(
            select(m.Resident.reference, m.Resident.id).where(m.Resident.reference.in_(chunk))
        ):
            residents[str(reference)] = int(resident_id)
    for row in rows:
        errors: list[str] = []
        if row.reference in taken:
            errors.append(f"reference {row.reference!r} is already in the database")
        if row.resident_ref and row.resident_ref not in residents:
            errors.append(f"resident_ref {row.resident_ref!r} is not a resident in the database")
        if row.kind is ContactKind.COMPLAINT and not row.resident_ref:
            errors.append("a complaint needs a resident_ref")
        if errors:
            problems.append(RowProblem(row.line, "; ".join(errors)))
    areas = {
        str(n): int(i) for i, n in session.execute(select(m.ServiceArea.id, m.ServiceArea.name))
    }
    categories = {
        str(n): (int(i), None if a is None else int(a))
        for i, n, a in session.execute(
            select(m.Category.id, m.Category.name, m.Category.service_area_id)
        )
    }
    return _Lookups(residents, areas, categories), problems


def _stage_events(row: CaseRow) -> list[tuple[int, StageEvents]]:
    """The stages a case row reached, with what happened at each."""
    if row.kind is not ContactKind.COMPLAINT:
        return []
    stages = [
        (
            1,
            StageEvents(
                received_on=row.received_on,
                acknowledged_on=row.stage1_acknowledged_on,
                extended_to=row.stage1_extended_to,
                extension_reason="Imported" if row.stage1_extended_to else None,
                responded_on=row.stage1_responded_on,
                escalated_on=row.escalated_on,
            ),
        )
    ]
    if row.escalated_on is not None:
        stages.append(
            (
                2,
                StageEvents(
                    received_on=row.escalated_on,
                    acknowledged_on=row.stage2_acknowledged_on,
                    extended_to=row.stage2_extended_to,
                    extension_reason="Imported" if row.stage2_extended_to else None,
                    responded_on=row.stage2_responded_on,
                ),
            )
        )
    return stages


def _status(row: CaseRow, stages: list[tuple[int, StageEvents]]) -> tuple[str, date | None]:
    """Status and closing date of an imported case (history: answered cases are closed)."""
    if row.withdrawn_on is not None:
        return STATUS_WITHDRAWN, row.withdrawn_on
    if not stages:
        return STATUS_CLOSED, row.received_on
    last = stages[-1][1]
    if last.responded_on is not None:
        if row.outcome is not None:
            return STATUS_CLOSED, last.responded_on
        return STATUS_RESPONDED, None
    return (STATUS_OPEN if last.acknowledged_on is not None else STATUS_NEW), None


def import_cases(
    store: Store,
    path: Path,
    *,
    today: date | None = None,
    actor_id: int | None = None,
) -> ImportResult:
    """Add every case in the file, or none (raises ImportFailed with every problem).

    Deadlines follow the landlord's policy profile and are stored, as for a case logged by hand.
    """
    today = today or date.today()
    rows, problems = parse_cases(read_text(path), today)
    profile = resolve_profile(store, None)
    calendar = calendar_for_profile(profile)
    result = ImportResult("cases", len(rows))
    with store.transaction() as session:
        lookups, more = _check_against_database(session, rows)
        problems += more
        stage_events = {row.reference: _stage_events(row) for row in rows}
        deadlines_of: dict[str, list[Deadline]] = {}
        for row in rows:
            try:
                deadlines_of[row.reference] = [
                    deadline
                    for number, events in stage_events[row.reference]
                    for deadline in stage_deadlines(profile, number, events, calendar)
                ]
            except (KeyError, ValueError) as error:
                problems.append(RowProblem(row.line, f"the {profile.name} profile: {error}"))
        if problems:
            raise ImportFailed(str(path), sorted(problems, key=lambda p: p.line))
        if not rows:
            raise ImportFailed(str(path), [RowProblem(0, "has no case rows")])
        connection = session.connection()
        now = _now()
        # Service areas and categories named for the first time are created.
        for row in rows:
            if row.service_area and row.service_area not in lookups.areas:
                area_id = connection.execute(
                    insert(m.ServiceArea).values(name=row.service_area).returning(m.ServiceArea.id)
                ).scalar_one()
                lookups.areas[row.service_area] = int(area_id)
                result.created_service_areas.append(row.service_area)
            if row.category and row.category not in lookups.categories:
                area = lookups.areas.get(row.service_area)
                category_id = connection.execute(
                    insert(m.Category)
                    .values(name=row.category, service_area_id=area)
                    .returning(m.Category.id)
                ).scalar_one()
                lookups.categories[row.category] = (int(category_id), area)
                result.created_categories.append(row.category)
        case_rows: list[dict[str, Any]] = []
        for row in rows:
            stages = stage_events[row.reference]
            status, closed_on = _status(row, stages)
            next_due: Deadline | None = None
            if status in (STATUS_NEW, STATUS_OPEN):
                current = stages[-1][0]
                pending = [
                    d
                    for d in deadlines_of[row.reference]
                    if d.stage == current
                    and d.met_on is None
                    and d.kind in (DeadlineKind.ACKNOWLEDGE, DeadlineKind.RESPOND)
                ]
                next_due = min(pending, key=lambda d: d.due_on) if pending else None
            received_at = datetime(
                row.received_on.year, row.received_on.month, row.received_on.day, 12, tzinfo=UTC
            )
            case_rows.append(
                {
                    "reference": row.reference,
                    "kind": row.kind.value,
                    "channel": row.channel.value,
                    "received_at": received_at,
                    "received_on": row.received_on,
                    "service_area_id": lookups.areas.get(row.service_area),
                    "category_id": lookups.categories[row.category][0] if row.category else None,
                    "profile_id": profile.id,
                    "stage": row.stage,
                    "status": status,
                    "resident_id": lookups.residents.get(row.resident_ref),
                    "accepted": row.kind is ContactKind.COMPLAINT,
                    "complaint_offered": row.kind is ContactKind.COMPLAINT,
                    "next_due_on": next_due.due_on if next_due else None,
                    "next_due_kind": next_due.kind.value if next_due else None,
                    "outcome": row.outcome.value if row.outcome else None,
                    "withdrawn_on": row.withdrawn_on,
                    "withdrawn_reason": "Imported" if row.withdrawn_on else "",
                    "closed_on": closed_on,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
        case_ids = [
            int(i)
            for (i,) in connection.execute(
                insert(m.Case).returning(m.Case.id, sort_by_parameter_order=True), case_rows
            )
        ]
        stage_rows: list[dict[str, Any]] = []
        deadline_rows: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for case_id, row in zip(case_ids, rows, strict=True):
            for number, ev in stage_events[row.reference]:
                stage_rows.append(
                    {
                        "case_id": case_id,
                        "stage": number,
                        "received_on": ev.received_on,
                        "acknowledged_on": ev.acknowledged_on,
                        "responded_on": ev.responded_on,
                    }
                )
            for deadline in deadlines_of[row.reference]:
                deadline_rows.append(
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
                )
            events.append(
                {
                    "case_id": case_id,
                    "resident_id": lookups.residents.get(row.resident_ref),
                    "actor_id": actor_id,
                    "at": now,
                    "action": "case_imported",
                    "before": None,
                    "after": {"file": path.name, "line": row.line, "reference": row.reference},
                }
            )
        if stage_rows:
            connection.execute(insert(m.CaseStage), stage_rows)
        if deadline_rows:
            deadline_ids = [
                int(i)
                for (i,) in connection.execute(
                    insert(m.Deadline).returning(m.Deadline.id, sort_by_parameter_order=True),
                    deadline_rows,
                )
            ]
            extensions = [
                {
                    "deadline_id": deadline_id,
                    "previous_due_on": d["original_due_on"],
                    "new_due_on": d["due_on"],
                    "reason": "Imported from a spreadsheet",
                    "how_told": "not recorded",
                    "told_on": min(d["original_due_on"], today),
                    "by_id": actor_id,
                    "at": now,
                }
                for deadline_id, d in zip(deadline_ids, deadline_rows, strict=True)
                if d["due_on"] != d["original_due_on"]
            ]
            if extensions:
                connection.execute(insert(m.Extension), extensions)
        BulkWriter(connection).insert(m.Event.__table__, events)  # type: ignore[arg-type]
        _bump_counters(session, [row.reference for row in rows])
    return result


def _bump_counters(session: Session, references: Iterable[str]) -> None:
    """Imported references in our own pattern (CMP-YYYY-NNNNNN) are never issued again."""
    highest: dict[int, int] = {}
    for reference in references:
        match = CASE_REFERENCE.match(reference)
        if match:
            year, number = int(match.group(1)), int(match.group(2))
            highest[year] = max(highest.get(year, 0), number)
    for year, number in highest.items():
        counter = session.get(m.CaseCounter, year)
        if counter is None:
            session.add(m.CaseCounter(year=year, last_number=number))
        elif counter.last_number < number:
            counter.last_number = number
    session.flush()
