"""Import residents and cases from CSV or JSON files, for landlords moving off spreadsheets.

All or nothing: the whole file is read and checked first, every bad row is reported with its line
number and every reason (its own values, and clashes with the database), and only a file with no
problems is written, in one transaction. A failure while writing rolls the whole import back, so
nothing is ever half-written.

A file ending in `.json` is read as the JSON `complaints export` writes (a list of objects keyed
by column, `null` for empty); anything else as CSV with a header row naming the columns (any
order, any case). The columns, with the extra optional ones `complaints export` always writes so
that an export imports again unchanged, are documented in docs/import-export.md.

Imported rows are stored exactly as the services store what they make: cases follow the
landlord's policy profile, with the status, stage rows, deadlines (`casework.sync_deadlines`
would change nothing) and next due date (`casework.refresh_next_due`) a case worked by hand
would have; residents get the same search terms as `residents.create_resident` writes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from complaints_tui.domain import schedule
from complaints_tui.domain.calendar import WorkingCalendar, calendar_for_profile
from complaints_tui.domain.deadlines import Deadline
from complaints_tui.domain.kinds import CaseStatus, Channel, ContactKind, Outcome, Tenure
from complaints_tui.domain.policy import DEFAULT_PROFILE, ExclusionCode, PolicyProfile
from complaints_tui.domain.schedule import StageDates
from complaints_tui.domain.triage import TriageAnswers, triage
from complaints_tui.services._core import (
    jsonable,
    landlord_profile_id,
    profile_named,
    uk_date,
    utc_now,
)
from complaints_tui.services.cases.casework import CASE_FIELDS
from complaints_tui.services.people.residents import _next_resident_reference
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from complaints_tui.store.search import normalise_postcode, search_terms

# -- the columns --------------------------------------------------------------------------------

RESIDENT_COLUMNS: tuple[str, ...] = (
    "reference",
    "name",
    "address",
    "postcode",
    "phone",
    "email",
    "tenure",
)
# Optional on import; always written by the export.
RESIDENT_EXTRA_COLUMNS: tuple[str, ...] = ("anonymised_on",)
RESIDENT_EXPORT_COLUMNS = RESIDENT_COLUMNS + RESIDENT_EXTRA_COLUMNS

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
# Optional on import (see docs/import-export.md for what an absent column means); always
# written by the export, so that it carries everything the services can make.
CASE_EXTRA_COLUMNS: tuple[str, ...] = (
    "status",
    "exclusion",
    "quick_fix_on",
    "stage1_received_on",
    "stage3_received_on",
    "stage3_acknowledged_on",
    "stage3_extended_to",
    "stage3_responded_on",
    "closed_on",
)
CASE_EXPORT_COLUMNS = CASE_COLUMNS + CASE_EXTRA_COLUMNS

# Per stage: the column of the day it began, then acknowledged, extended to, responded.
STAGE_COLUMNS: dict[int, tuple[str, str, str, str]] = {
    1: (
        "stage1_received_on",
        "stage1_acknowledged_on",
        "stage1_extended_to",
        "stage1_responded_on",
    ),
    2: ("escalated_on", "stage2_acknowledged_on", "stage2_extended_to", "stage2_responded_on"),
    3: (
        "stage3_received_on",
        "stage3_acknowledged_on",
        "stage3_extended_to",
        "stage3_responded_on",
    ),
}
STAGE_DATE_COLUMNS: tuple[str, ...] = tuple(c for cols in STAGE_COLUMNS.values() for c in cols)
CASE_DATE_COLUMNS: tuple[str, ...] = (
    "received_on",
    "quick_fix_on",
    *STAGE_DATE_COLUMNS,
    "withdrawn_on",
    "closed_on",
)
# Dates of things that have happened (so they cannot lie in the future); extension dates may.
HAPPENED_COLUMNS: tuple[str, ...] = tuple(c for c in CASE_DATE_COLUMNS if "_extended_" not in c)
DECIDED = (Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD)

MAX_PROBLEMS_SHOWN = 200
NOT_RECORDED = "Not recorded (imported)"
# Lengths of the database columns (PostgreSQL refuses longer values), read from the models.
_LIMITS = {
    column: int(attribute.property.columns[0].type.length)
    for column, attribute in {
        "reference": m.Case.reference,
        "resident_ref": m.Resident.reference,
        "name": m.Resident.name,
        "postcode": m.Resident.postcode,
        "phone": m.Resident.phone,
        "email": m.Resident.email,
        "service_area": m.ServiceArea.name,
        "category": m.Category.name,
    }.items()
}


class FileFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


def format_of(path: Path) -> FileFormat:
    """JSON for a `.json` file, else CSV."""
    return FileFormat.JSON if path.suffix.lower() == ".json" else FileFormat.CSV


# -- problems -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    """What is wrong on one line (1 is a CSV header; 0: the file as a whole), in plain words."""

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


class _Problems:
    """Every reason found, gathered per line so a row's problems are reported together."""

    def __init__(self) -> None:
        self._by_line: dict[int, list[str]] = {}

    def add(self, line: int, message: str) -> None:
        self._by_line.setdefault(line, []).append(message)

    def __bool__(self) -> bool:
        return bool(self._by_line)

    def as_list(self) -> list[RowProblem]:
        return [
            RowProblem(line, "; ".join(messages))
            for line, messages in sorted(self._by_line.items())
        ]


# -- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One row of a file: every known column's text (stripped; "" when empty or absent), and
    which columns the file gave."""

    line: int
    values: dict[str, str]
    present: frozenset[str]


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
    header: list[str], required: tuple[str, ...], optional: tuple[str, ...], problems: _Problems
) -> dict[str, int]:
    names = [name.strip().lower() for name in header]
    known = required + optional
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in seen:
            problems.add(1, f"the column {name!r} appears twice")
        elif name not in known:
            problems.add(1, f"unknown column {name!r} (expected: {', '.join(known)})")
        seen.setdefault(name, index)
    missing = [name for name in required if name not in seen]
    if missing:
        problems.add(1, f"missing column(s): {', '.join(missing)}")
    return {name: index for name, index in seen.items() if name in known}


def _csv_rows(
    text: str, required: tuple[str, ...], optional: tuple[str, ...], problems: _Problems
) -> list[Record]:
    records = csv_records(text)
    try:
        first = next(records)
    except StopIteration:
        problems.add(1, "the file is empty: it needs a header row")
        return []
    except csv.Error as error:
        problems.add(1, f"not readable as CSV ({error})")
        return []
    positions = _check_header(first[1], required, optional, problems)
    if problems:
        return []
    present = frozenset(positions)
    rows: list[Record] = []
    line = 1
    try:
        for line, record in records:
            if not any(cell.strip() for cell in record):
                continue  # blank lines are ignored
            if len(record) != len(first[1]):
                problems.add(line, f"has {len(record)} field(s) but the header has {len(first[1])}")
                continue
            values = dict.fromkeys(required + optional, "")
            values.update({name: record[i].strip() for name, i in positions.items()})
            rows.append(Record(line, values, present))
    except csv.Error as error:
        problems.add(line + 1, f"not readable as CSV ({error})")
    return rows


def _json_rows(
    text: str, required: tuple[str, ...], optional: tuple[str, ...], problems: _Problems
) -> list[Record]:
    """A JSON list of objects; each object's line is the line its `{` is on."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problems.add(error.lineno, f"not readable as JSON ({error.msg})")
        return []
    if not isinstance(data, list):
        problems.add(1, "the JSON must be a list of objects, one per row")
        return []
    decoder = json.JSONDecoder()
    known = required + optional
    rows: list[Record] = []
    index = text.index("[") + 1
    line, counted = 1, 0
    for _ in data:
        while text[index] in " \t\r\n,":
            index += 1
        line += text.count("\n", counted, index)
        counted = index
        item, index = decoder.raw_decode(text, index)
        if not isinstance(item, dict):
            problems.add(line, "is not an object of column names and values")
            continue
        if not item:
            continue  # an empty object, like a blank CSV line
        values = dict.fromkeys(known, "")
        present: set[str] = set()
        for key, value in item.items():
            name = str(key).strip().lower()
            if name not in known:
                problems.add(line, f"unknown column {name!r}")
            elif value is None:
                present.add(name)
            elif isinstance(value, str):
                values[name] = value.strip()
                present.add(name)
            else:
                problems.add(line, f"{name} must be text or null, not {json.dumps(value)}")
        missing = [name for name in required if name not in present]
        if missing:
            problems.add(line, f"missing column(s): {', '.join(missing)}")
        rows.append(Record(line, values, frozenset(present)))
    return rows


def read_records(
    text: str,
    fmt: FileFormat,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    problems: _Problems,
) -> list[Record]:
    reader = _json_rows if fmt is FileFormat.JSON else _csv_rows
    return reader(text, required, optional, problems)


def _date(record: Record, column: str, errors: list[str]) -> date | None:
    value = record.values[column]
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f"{column} {value!r} is not a date in the form YYYY-MM-DD")
        return None


_E = TypeVar("_E", ContactKind, Channel, Outcome, Tenure, CaseStatus, ExclusionCode)


def _choice(value: str, column: str, enum: type[_E], errors: list[str]) -> _E | None:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        shown = repr(value) if value else "empty"
        errors.append(f"{column} is {shown}; it must be one of {allowed}")
        return None


def _lengths(record: Record, errors: list[str]) -> None:
    for column, limit in _LIMITS.items():
        if len(record.values.get(column, "")) > limit:
            errors.append(f"{column} is longer than {limit} characters")


def _in_future(dates: dict[str, date | None], today: date, errors: list[str]) -> None:
    for column, value in dates.items():
        happened = column in HAPPENED_COLUMNS or column == "anonymised_on"
        if happened and value is not None and value > today:
            errors.append(f"{column} ({value.isoformat()}) is in the future")


def _check_order(
    dates: dict[str, date | None], pairs: Iterable[tuple[str, str, str]], errors: list[str]
) -> None:
    """Each (earlier, later, why) pair: `later` may not come before `earlier`."""
    for earlier, later, why in pairs:
        a, b = dates.get(earlier), dates.get(later)
        if a is not None and b is not None and b < a:
            errors.append(f"{later} ({b.isoformat()}) is before {earlier} ({a.isoformat()}){why}")


def _duplicate(reference: str, line: int, first_line: dict[str, int], errors: list[str]) -> None:
    if not reference:
        return
    if reference in first_line:
        errors.append(f"reference {reference!r} is already used on line {first_line[reference]}")
    else:
        first_line[reference] = line


# -- residents ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResidentRow:
    line: int
    reference: str  # empty: the next RES-nnnnnn is given, as `create_resident` does
    name: str
    address: str
    postcode: str
    phone: str
    email: str
    tenure: Tenure
    anonymised_on: date | None = None


def check_resident(record: Record, today: date, errors: list[str]) -> ResidentRow | None:
    """The resident in `record`, checked by the rules `residents.create_resident` applies (a
    name; the postcode tidied the same way; a tenure), plus the database's column lengths."""
    values = record.values
    _lengths(record, errors)
    anonymised_on = _date(record, "anonymised_on", errors)
    _in_future({"anonymised_on": anonymised_on}, today, errors)
    if not values["name"] and anonymised_on is None:
        errors.append("name is empty")
    tenure = _choice(values["tenure"].upper(), "tenure", Tenure, errors)
    postcode = normalise_postcode(values["postcode"])
    if len(postcode) > _LIMITS["postcode"]:
        errors.append(f"postcode is longer than {_LIMITS['postcode']} characters")
    if errors or tenure is None:
        return None
    return ResidentRow(
        line=record.line,
        reference=values["reference"],
        name=values["name"],
        address=values["address"],
        postcode=postcode,
        phone=values["phone"],
        email=values["email"],
        tenure=tenure,
        anonymised_on=anonymised_on,
    )


def _residents(
    records: list[Record], today: date, problems: _Problems
) -> list[tuple[Record, ResidentRow | None]]:
    checked: list[tuple[Record, ResidentRow | None]] = []
    first_line: dict[str, int] = {}
    for record in records:
        errors: list[str] = []
        _duplicate(record.values["reference"], record.line, first_line, errors)
        row = check_resident(record, today, errors)
        for error in errors:
            problems.add(record.line, error)
        checked.append((record, None if errors else row))
    return checked


def parse_residents(
    text: str, *, today: date | None = None, fmt: FileFormat = FileFormat.CSV
) -> tuple[list[ResidentRow], list[RowProblem]]:
    """Check every resident row on its own; returns the good rows and every problem found."""
    problems = _Problems()
    records = read_records(text, fmt, RESIDENT_COLUMNS, RESIDENT_EXTRA_COLUMNS, problems)
    checked = _residents(records, today or uk_date(utc_now()), problems)
    return [row for _, row in checked if row is not None], problems.as_list()


# -- cases --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    line: int
    reference: str
    resident_ref: str  # empty: no resident (anonymous, or a caller who is not one)
    received_on: date
    kind: ContactKind
    channel: Channel
    service_area: str
    category: str
    status: CaseStatus
    stages: tuple[StageDates, ...] = ()
    quick_fix_on: date | None = None
    exclusion: ExclusionCode | None = None
    withdrawn_on: date | None = None
    outcome: Outcome | None = None
    closed_on: date | None = None

    @property
    def stage(self) -> int:
        """The stage the case has reached (0: not formal, or not a complaint)."""
        return self.stages[-1].number if self.stages else 0

    def reached(self, number: int) -> StageDates | None:
        return next((s for s in self.stages if s.number == number), None)


def _stage_one_default(
    record: Record, status: CaseStatus | None, quick_fix_on: date | None
) -> bool:
    """Without a stage1_received_on column, a complaint is formal from the day it was received,
    unless it was not accepted or was resolved by a quick fix."""
    return "stage1_received_on" not in record.present and (
        status is not CaseStatus.NOT_ACCEPTED and quick_fix_on is None
    )


def _complaint_stages(
    record: Record,
    dates: dict[str, date | None],
    status: CaseStatus | None,
    profile: PolicyProfile,
    errors: list[str],
) -> list[StageDates]:
    values = record.values
    # The column each stage's start is read from (stage 1 may be formal from receipt).
    began_in = {number: columns[0] for number, columns in STAGE_COLUMNS.items()}
    if _stage_one_default(record, status, dates["quick_fix_on"]):
        began_in[1] = "received_on"
    stages: list[StageDates] = []
    for number, (_, acknowledged, extended, responded) in STAGE_COLUMNS.items():
        began = began_in[number]
        start = dates[began]
        if start is None:
            filled = [c for c in (acknowledged, extended, responded) if values[c]]
            if filled and not (number == 1 and status is CaseStatus.NOT_ACCEPTED):
                errors.append(f"{', '.join(filled)} given but {began} is empty")
            continue
        if number > profile.last_stage:
            errors.append(f"{began} is given but the {profile.name} profile has no stage {number}")
        if number > 1:
            before, answered = began_in[number - 1], STAGE_COLUMNS[number - 1][3]
            if dates[before] is None:
                errors.append(f"{began} is given but {before} is empty")
            elif dates[answered] is None and values[answered] == "":
                errors.append(
                    f"{began} is given but {answered} is empty: a stage is escalated after its "
                    "response"
                )
            _check_order(dates, [(answered, began, " (escalation follows the response)")], errors)
        _check_order(
            dates,
            [
                (began, acknowledged, ""),
                (began, extended, ""),
                (began, responded, ""),
                (acknowledged, responded, ""),
            ],
            errors,
        )
        stages.append(
            StageDates(number, start, dates[acknowledged], dates[extended], dates[responded])
        )
    _check_order(
        dates,
        [
            ("received_on", "stage1_received_on", ""),
            ("received_on", "quick_fix_on", ""),
            ("quick_fix_on", "stage1_received_on", " (going formal follows the quick fix)"),
        ],
        errors,
    )
    return stages


def _derived_status(
    stages: list[StageDates],
    quick_fix_on: date | None,
    withdrawn_on: date | None,
    outcome: Outcome | None,
) -> CaseStatus:
    if withdrawn_on is not None:
        return CaseStatus.WITHDRAWN
    if outcome in DECIDED:
        return CaseStatus.CLOSED
    answered = stages[-1].responded_on is not None if stages else quick_fix_on is not None
    return CaseStatus.RESPONDED if answered else CaseStatus.OPEN


def _check_complaint_status(
    status: CaseStatus,
    stages: list[StageDates],
    dates: dict[str, date | None],
    outcome: Outcome | None,
    exclusion: ExclusionCode | None,
    errors: list[str],
) -> None:
    quick_fix_on, withdrawn_on = dates["quick_fix_on"], dates["withdrawn_on"]
    last = stages[-1] if stages else None
    responded_column = STAGE_COLUMNS[last.number][3] if last else "stage1_responded_on"
    answered = last.responded_on is not None if last else quick_fix_on is not None
    if status is CaseStatus.LOGGED:
        errors.append("status logged is for contacts that are not complaints")
        return
    if status is CaseStatus.NOT_ACCEPTED:
        filled = [
            c
            for c in ("quick_fix_on", *STAGE_DATE_COLUMNS, "withdrawn_on", "closed_on", "outcome")
            if dates.get(c) is not None or (c == "outcome" and outcome is not None)
        ]
        if filled:
            errors.append(
                "a complaint that was not accepted has no stages, quick fix, withdrawal, "
                f"closing or outcome, but {', '.join(filled)} "
                f"{'is' if len(filled) == 1 else 'are'} filled in"
            )
        if exclusion is None:
            errors.append("status not_accepted needs the exclusion that applied")
        return
    if exclusion is not None:
        errors.append(
            "exclusion is only for a complaint that was not accepted, or a contact that is "
            "not a complaint"
        )
    if (status is CaseStatus.WITHDRAWN) != (withdrawn_on is not None):
        errors.append(
            "withdrawn_on is given, so status must be withdrawn"
            if withdrawn_on is not None
            else "status withdrawn needs withdrawn_on"
        )
    if outcome is Outcome.WITHDRAWN and withdrawn_on is None:
        errors.append("outcome is withdrawn but withdrawn_on is empty")
    if withdrawn_on is not None and outcome is not Outcome.WITHDRAWN:
        errors.append("withdrawn_on is given, so outcome must be withdrawn")
    decided = outcome in DECIDED
    if decided:
        assert outcome is not None
        if not (last and last.responded_on):
            errors.append(f"outcome {outcome.value} needs a response: {responded_column} is empty")
        elif status is not CaseStatus.CLOSED:
            errors.append(f"outcome {outcome.value} is given, so status must be closed")
    if dates["closed_on"] is not None and status is not CaseStatus.CLOSED:
        errors.append("closed_on is given, so status must be closed")
    if status in (CaseStatus.RESPONDED, CaseStatus.CLOSED) and not answered and not decided:
        errors.append(
            f"status {status.value} needs a response: "
            f"{responded_column if last else 'stage1_responded_on (or quick_fix_on)'} is empty"
        )
    if status is CaseStatus.OPEN and answered:
        errors.append(
            f"status open, but {responded_column if last else 'quick_fix_on'} is given: the "
            "response was sent (status responded or closed)"
        )


# Triage answers that make each kind of contact that is not a complaint (domain.triage).
_KIND_ANSWERS: dict[ContactKind, Callable[[date], TriageAnswers]] = {
    ContactKind.SERVICE_REQUEST: lambda on: TriageAnswers(
        on, dissatisfied=True, first_time_reported=True
    ),
    ContactKind.COMMENT: lambda on: TriageAnswers(on, is_suggestion=True),
    ContactKind.ENQUIRY: lambda on: TriageAnswers(on, is_question=True),
    ContactKind.COMPLIMENT: lambda on: TriageAnswers(on, is_praise=True),
    ContactKind.MP_ENQUIRY: lambda on: TriageAnswers(on, from_mp_or_councillor=True),
    ContactKind.ASB: lambda on: TriageAnswers(on, about_neighbour_behaviour=True),
}


def kind_exclusion(profile: PolicyProfile, kind: ContactKind, on: date) -> ExclusionCode | None:
    """The exclusion triage records for a contact of this kind under the profile (a service
    request under Derby Homes: first_time_service_request), as `log_contact` stores it."""
    result = triage(profile, _KIND_ANSWERS[kind](on))
    assert result.kind is kind, (result.kind, kind)
    return result.exclusion.code if result.exclusion is not None else None


def check_case(
    record: Record, profile: PolicyProfile, today: date, errors: list[str]
) -> CaseRow | None:
    """The case in `record`, checked on its own under `profile` (the database is not asked)."""
    values = record.values
    if not values["reference"]:
        errors.append("reference is empty")
    _lengths(record, errors)
    dates: dict[str, date | None] = {
        column: _date(record, column, errors) for column in CASE_DATE_COLUMNS
    }
    received_on = dates["received_on"]
    if not values["received_on"]:
        errors.append("received_on is empty")
    _in_future(dates, today, errors)
    kind = _choice(values["kind"], "kind", ContactKind, errors)
    channel = _choice(values["channel"], "channel", Channel, errors)
    outcome = _choice(values["outcome"], "outcome", Outcome, errors) if values["outcome"] else None
    given = _choice(values["status"], "status", CaseStatus, errors) if values["status"] else None
    exclusion = None
    if values["exclusion"]:
        exclusion = _choice(values["exclusion"], "exclusion", ExclusionCode, errors)
        if exclusion is not None and profile.exclusion(exclusion) is None:
            listed = ", ".join(e.code.value for e in profile.exclusions)
            errors.append(
                f"exclusion {exclusion.value} is not one of the {profile.name} profile's ({listed})"
            )
    if values["category"] and not values["service_area"]:
        errors.append("category is given without a service_area")
    _check_order(
        dates,
        [("received_on", "withdrawn_on", ""), ("received_on", "closed_on", "")],
        errors,
    )
    stages: list[StageDates] = []
    status = given
    if kind is ContactKind.COMPLAINT:
        stages = _complaint_stages(record, dates, given, profile, errors)
        status = given or _derived_status(
            stages, dates["quick_fix_on"], dates["withdrawn_on"], outcome
        )
        _check_complaint_status(status, stages, dates, outcome, exclusion, errors)
        if dates["quick_fix_on"] is not None and not profile.quick_fix.enabled:
            errors.append(f"quick_fix_on is given but the {profile.name} profile has no quick fix")
        if (
            not values["resident_ref"]
            and status is not CaseStatus.NOT_ACCEPTED
            and not profile.allows_anonymous
        ):
            errors.append(
                f"{profile.name} does not accept anonymous complaints: give a resident_ref, or "
                "status not_accepted with exclusion anonymous"
            )
    elif kind is not None:
        filled = [
            c
            for c in ("quick_fix_on", *STAGE_DATE_COLUMNS, "withdrawn_on", "closed_on")
            if values[c]
        ]
        if filled:
            errors.append(
                f"kind {kind.value} is only logged (no stages, quick fix, withdrawal or "
                f"closing), but {', '.join(filled)} {'is' if len(filled) == 1 else 'are'} "
                "filled in"
            )
        if outcome is not None:
            errors.append(f"kind {kind.value} has no outcome ({outcome.value} given)")
        if given is not None and given is not CaseStatus.LOGGED:
            errors.append(f"kind {kind.value} is logged, so status must be logged or empty")
        status = CaseStatus.LOGGED
        if exclusion is None and received_on is not None:
            exclusion = kind_exclusion(profile, kind, received_on)
    if errors:
        return None
    assert kind is not None and channel is not None and received_on is not None
    assert status is not None
    closed_on = dates["closed_on"]
    if status is CaseStatus.CLOSED and closed_on is None:
        closed_on = stages[-1].responded_on if stages else dates["quick_fix_on"]
    return CaseRow(
        line=record.line,
        reference=values["reference"],
        resident_ref=values["resident_ref"],
        received_on=received_on,
        kind=kind,
        channel=channel,
        service_area=values["service_area"],
        category=values["category"],
        status=status,
        stages=tuple(stages),
        quick_fix_on=dates["quick_fix_on"],
        exclusion=exclusion,
        withdrawn_on=dates["withdrawn_on"],
        outcome=outcome,
        closed_on=closed_on,
    )


def case_deadlines(
    row: CaseRow, profile: PolicyProfile, calendar: WorkingCalendar
) -> list[Deadline]:
    """Every stage's deadlines, from the deadline engine. Raises KeyError or ValueError where the
    profile cannot place them."""
    return schedule.case_deadlines(profile, calendar, row.stages)


@dataclass
class _CheckedCase:
    record: Record
    row: CaseRow | None
    deadlines: list[Deadline] = field(default_factory=list)


def _cases(
    records: list[Record], profile: PolicyProfile, today: date, problems: _Problems
) -> list[_CheckedCase]:
    calendar = calendar_for_profile(profile)
    checked: list[_CheckedCase] = []
    first_line: dict[str, int] = {}
    for record in records:
        errors: list[str] = []
        _duplicate(record.values["reference"], record.line, first_line, errors)
        row = check_case(record, profile, today, errors)
        deadlines: list[Deadline] = []
        if row is not None and not errors:
            try:
                deadlines = case_deadlines(row, profile, calendar)
            except (KeyError, ValueError) as refused:
                errors.append(f"the {profile.name} profile: {refused}")
        for message in errors:
            problems.add(record.line, message)
        checked.append(_CheckedCase(record, None if errors else row, deadlines))
    return checked


def parse_cases(
    text: str,
    today: date,
    profile: PolicyProfile | None = None,
    *,
    fmt: FileFormat = FileFormat.CSV,
) -> tuple[list[CaseRow], list[RowProblem]]:
    """Check every case row on its own under `profile` (default: the statutory Code); the
    database (references taken, residents known) is checked when importing."""
    problems = _Problems()
    records = read_records(text, fmt, CASE_COLUMNS, CASE_EXTRA_COLUMNS, problems)
    checked = _cases(records, profile or profile_named(DEFAULT_PROFILE), today, problems)
    return [c.row for c in checked if c.row is not None], problems.as_list()


# -- writing ------------------------------------------------------------------------------------

CASE_REFERENCE = re.compile(r"^CMP-(\d{4})-(\d{1,9})$")
_RESIDENT_FIELDS = (*RESIDENT_COLUMNS, "anonymised_on")


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


def _existing(session: Session, column: Any, values: Sequence[str]) -> set[str]:
    """Which of `values` the column already holds (asked in slices, for big files)."""
    found: set[str] = set()
    wanted = sorted({value for value in values if value})
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(str(v) for v in session.scalars(select(column).where(column.in_(chunk))))
    return found


def import_residents(
    store: Store, path: Path, *, today: date | None = None, actor_id: int | None = None
) -> ImportResult:
    """Add every resident in the file, or none (raises ImportFailed with every problem)."""
    problems = _Problems()
    records = read_records(
        read_text(path), format_of(path), RESIDENT_COLUMNS, RESIDENT_EXTRA_COLUMNS, problems
    )
    checked = _residents(records, today or uk_date(utc_now()), problems)
    with store.transaction() as session:
        taken = _existing(
            session, m.Resident.reference, [r.values["reference"] for r, _ in checked]
        )
        for record, _ in checked:
            if record.values["reference"] in taken:
                reference = record.values["reference"]
                problems.add(record.line, f"reference {reference!r} is already in the database")
        if problems:
            raise ImportFailed(str(path), problems.as_list())
        rows = [row for _, row in checked if row is not None]
        if not rows:
            raise ImportFailed(str(path), [RowProblem(0, "has no resident rows")])
        now = utc_now()
        used = {row.reference for row in rows if row.reference}

        def new_reference() -> str:
            """The next RES-nnnnnn, as `create_resident` gives, skipping any this file uses."""
            while True:
                reference = _next_resident_reference(session)
                if reference not in used:
                    used.add(reference)
                    return reference

        references = [row.reference or new_reference() for row in rows]
        values = [
            {
                "reference": reference,
                "name": row.name,
                "address": row.address,
                "postcode": row.postcode,
                "phone": row.phone,
                "email": row.email,
                "preferred_contact": "",
                "tenure": row.tenure.value,
                "anonymised_on": row.anonymised_on,
                "created_at": now,
            }
            for row, reference in zip(rows, references, strict=True)
        ]
        connection = session.connection()
        inserted = connection.execute(
            insert(m.Resident).returning(m.Resident.id, sort_by_parameter_order=True), values
        ).all()
        terms: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for (resident_id,), row, reference, stored in zip(
            inserted, rows, references, values, strict=True
        ):
            if row.anonymised_on is None:
                terms += [
                    {"resident_id": resident_id, "term": term}
                    for term in sorted(
                        search_terms(row.name, row.address, row.postcode, row.phone, reference)
                    )
                ]
            events.append(
                {
                    "case_id": None,
                    "resident_id": resident_id,
                    "actor_id": actor_id,
                    "at": now,
                    "action": "resident_imported",
                    "before": None,
                    "after": jsonable(
                        {name: stored[name] for name in _RESIDENT_FIELDS}
                        | {"file": path.name, "line": row.line}
                    ),
                }
            )
        if terms:
            connection.execute(insert(m.ResidentSearchTerm), terms)
        connection.execute(insert(m.Event), events)
    return ImportResult("residents", len(rows))


@dataclass
class _Lookups:
    residents: dict[str, int]
    areas: dict[str, int]
    categories: dict[str, tuple[int, int | None]]  # name -> (id, service area id)


def _check_against_database(
    session: Session, checked: Sequence[_CheckedCase], problems: _Problems
) -> _Lookups:
    """References already taken and residents not known, for every row (good or not)."""
    records = [c.record for c in checked]
    taken = _existing(session, m.Case.reference, [r.values["reference"] for r in records])
    wanted = sorted({r.values["resident_ref"] for r in records if r.values["resident_ref"]})
    residents: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for reference, resident_id in session.execute(
            select(m.Resident.reference, m.Resident.id).where(m.Resident.reference.in_(chunk))
        ):
            residents[str(reference)] = int(resident_id)
    for record in records:
        reference, resident_ref = record.values["reference"], record.values["resident_ref"]
        if reference in taken:
            problems.add(record.line, f"reference {reference!r} is already in the database")
        if resident_ref and resident_ref not in residents:
            problems.add(
                record.line, f"resident_ref {resident_ref!r} is not a resident in the database"
            )
    areas = {
        str(n): int(i) for i, n in session.execute(select(m.ServiceArea.id, m.ServiceArea.name))
    }
    categories = {
        str(n): (int(i), None if a is None else int(a))
        for i, n, a in session.execute(
            select(m.Category.id, m.Category.name, m.Category.service_area_id)
        )
    }
    return _Lookups(residents, areas, categories)


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
    lookups: _Lookups,
    actor_id: int | None,
    now: datetime,
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
        "logged_by_id": actor_id,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }


def _create_areas(
    connection: Any, rows: Sequence[CaseRow], lookups: _Lookups, result: ImportResult
) -> None:
    """Service areas and categories named for the first time are created."""
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


def import_cases(
    store: Store,
    path: Path,
    *,
    today: date | None = None,
    actor_id: int | None = None,
) -> ImportResult:
    """Add every case in the file, or none (raises ImportFailed with every problem).

    Cases follow the landlord's policy profile; their deadlines are stored as for a case worked
    by hand.
    """
    today = today or uk_date(utc_now())
    text = read_text(path)
    problems = _Problems()
    records = read_records(text, format_of(path), CASE_COLUMNS, CASE_EXTRA_COLUMNS, problems)
    with store.transaction() as session:
        profile = profile_named(landlord_profile_id(session))
        calendar = calendar_for_profile(profile)
        checked = _cases(records, profile, today, problems)
        lookups = _check_against_database(session, checked, problems)
        if problems:
            raise ImportFailed(str(path), problems.as_list())
        good = [(c.row, c.deadlines) for c in checked if c.row is not None]
        if not good:
            raise ImportFailed(str(path), [RowProblem(0, "has no case rows")])
        rows = [row for row, _ in good]
        result = ImportResult("cases", len(rows))
        connection = session.connection()
        now = utc_now()
        _create_areas(connection, rows, lookups, result)
        case_rows = [
            _case_values(row, deadlines, profile, calendar, lookups, actor_id, now)
            for row, deadlines in good
        ]
        case_ids = [
            int(i)
            for (i,) in connection.execute(
                insert(m.Case).returning(m.Case.id, sort_by_parameter_order=True), case_rows
            )
        ]
        _write_case_children(connection, case_ids, good, profile, calendar, today, actor_id, now)
        connection.execute(
            insert(m.Event),
            [
                {
                    "case_id": case_id,
                    "resident_id": values["resident_id"],
                    "actor_id": actor_id,
                    "at": now,
                    "action": "case_imported",
                    "before": None,
                    "after": jsonable(
                        {name: values[name] for name in CASE_FIELDS}
                        | {"file": path.name, "line": row.line}
                    ),
                }
                for case_id, (row, _), values in zip(case_ids, good, case_rows, strict=True)
            ],
        )
        _bump_counters(session, [row.reference for row in rows])
    return result


def _write_case_children(
    connection: Any,
    case_ids: list[int],
    good: list[tuple[CaseRow, list[Deadline]]],
    profile: PolicyProfile,
    calendar: WorkingCalendar,
    today: date,
    actor_id: int | None,
    now: datetime,
) -> None:
    """Stage rows, quick fixes, deadlines and their extensions."""
    stage_rows: list[dict[str, Any]] = []
    quick_rows: list[dict[str, Any]] = []
    deadline_rows: list[dict[str, Any]] = []
    extended: list[bool] = []  # per deadline row: the file gave its stage an extended date
    window = profile.quick_fix.escalate_within
    for case_id, (row, deadlines) in zip(case_ids, good, strict=True):
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
    if not deadline_rows:
        return
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
            "reason": NOT_RECORDED,
            "how_told": NOT_RECORDED,
            "told_on": min(d["original_due_on"], today),
            "by_id": actor_id,
            "at": now,
        }
        for deadline_id, d, given in zip(deadline_ids, deadline_rows, extended, strict=True)
        if given
    ]
    if extensions:
        connection.execute(insert(m.Extension), extensions)


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
