"""A case row of an import file, checked on its own under the landlord's policy profile (the
database is asked later, when importing), with the deadlines the deadline engine gives it."""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date

from complaints_tui.domain import schedule
from complaints_tui.domain.calendar import WorkingCalendar, calendar_for_profile
from complaints_tui.domain.deadlines import Deadline
from complaints_tui.domain.kinds import CaseStatus, Channel, ContactKind, Outcome
from complaints_tui.domain.policy import DEFAULT_PROFILE, ExclusionCode, PolicyProfile
from complaints_tui.domain.schedule import StageDates
from complaints_tui.services._core import profile_named
from complaints_tui.services.io.case_stages import complaint_stages
from complaints_tui.services.io.case_status import (
    check_complaint_status,
    check_logged,
    derived_status,
    kind_exclusion,
)
from complaints_tui.services.io.checks import (
    check_each,
    check_not_future,
    check_order,
    check_text,
    choice_in,
    date_in,
)
from complaints_tui.services.io.columns import (
    CASE_COLUMNS,
    CASE_DATE_COLUMNS,
    CASE_EXTRA_COLUMNS,
    CASE_TEXT,
)
from complaints_tui.services.io.problems import Problems, RowProblem
from complaints_tui.services.io.reading import FileFormat, Record, read_records


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


@dataclass(frozen=True)
class CheckedCase:
    """A good case row and the deadlines to store with it."""

    row: CaseRow
    deadlines: list[Deadline]


def _exclusion_given(value: str, profile: PolicyProfile, errors: list[str]) -> ExclusionCode | None:
    """The exclusion column, which must be one the profile lists."""
    exclusion = choice_in(value, "exclusion", ExclusionCode, errors)
    if exclusion is not None and profile.exclusion(exclusion) is None:
        listed = ", ".join(e.code.value for e in profile.exclusions)
        errors.append(
            f"exclusion {exclusion.value} is not one of the {profile.name} profile's ({listed})"
        )
    return exclusion


def _check_complaint_profile(
    record: Record,
    quick_fix_on: date | None,
    status: CaseStatus,
    profile: PolicyProfile,
    errors: list[str],
) -> None:
    """What the profile allows a complaint: a quick fix, and no resident."""
    if quick_fix_on is not None and not profile.quick_fix.enabled:
        errors.append(f"quick_fix_on is given but the {profile.name} profile has no quick fix")
    if (
        not record.values["resident_ref"]
        and status is not CaseStatus.NOT_ACCEPTED
        and not profile.allows_anonymous
    ):
        errors.append(
            f"{profile.name} does not accept anonymous complaints: give a resident_ref, or "
            "status not_accepted with exclusion anonymous"
        )


def check_case(
    record: Record, profile: PolicyProfile, today: date, errors: list[str]
) -> CaseRow | None:
    """The case in `record`, checked on its own under `profile` (the database is not asked)."""
    values = record.values
    if not values["reference"]:
        errors.append("reference is empty")
    check_text(record, CASE_TEXT, errors)
    dates: dict[str, date | None] = {
        column: date_in(record, column, errors) for column in CASE_DATE_COLUMNS
    }
    received_on = dates["received_on"]
    if not values["received_on"]:
        errors.append("received_on is empty")
    check_not_future(dates, today, errors)
    kind = choice_in(values["kind"], "kind", ContactKind, errors)
    channel = choice_in(values["channel"], "channel", Channel, errors)
    outcome = (
        choice_in(values["outcome"], "outcome", Outcome, errors) if values["outcome"] else None
    )
    given = choice_in(values["status"], "status", CaseStatus, errors) if values["status"] else None
    exclusion = (
        _exclusion_given(values["exclusion"], profile, errors) if values["exclusion"] else None
    )
    if values["category"] and not values["service_area"]:
        errors.append("category is given without a service_area")
    check_order(
        dates,
        [("received_on", "withdrawn_on", ""), ("received_on", "closed_on", "")],
        errors,
    )
    stages: list[StageDates] = []
    status = given
    if kind is ContactKind.COMPLAINT:
        stages = complaint_stages(record, dates, given, profile, errors)
        status = given or derived_status(
            stages, dates["quick_fix_on"], dates["withdrawn_on"], outcome
        )
        check_complaint_status(status, stages, dates, outcome, exclusion, errors)
        _check_complaint_profile(record, dates["quick_fix_on"], status, profile, errors)
    elif kind is not None:
        check_logged(kind, values, outcome, given, errors)
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


def _checked_case(
    record: Record,
    profile: PolicyProfile,
    calendar: WorkingCalendar,
    today: date,
    errors: list[str],
) -> CheckedCase | None:
    row = check_case(record, profile, today, errors)
    if row is None or errors:
        return None
    try:
        return CheckedCase(row, case_deadlines(row, profile, calendar))
    except (KeyError, ValueError) as refused:
        errors.append(f"the {profile.name} profile: {refused}")
        return None


def check_cases(
    records: Iterable[Record],
    profile: PolicyProfile,
    today: date,
    problems: Problems,
    taken: Container[str] = (),
    calendar: WorkingCalendar | None = None,
) -> list[tuple[Record, CheckedCase | None]]:
    """Every record with its case and deadlines (None where anything is wrong); `taken`: the
    references the database holds already; `calendar`: the database's (with its closure days),
    else the profile's own."""
    calendar = calendar if calendar is not None else calendar_for_profile(profile)
    return check_each(
        records,
        lambda record, errors: _checked_case(record, profile, calendar, today, errors),
        problems,
        taken=taken,
    )


def parse_cases(
    text: str,
    today: date,
    profile: PolicyProfile | None = None,
    *,
    fmt: FileFormat = FileFormat.CSV,
) -> tuple[list[CaseRow], list[RowProblem]]:
    """Check every case row on its own under `profile` (default: the statutory Code); the
    database (references taken, residents known) is checked when importing."""
    problems = Problems()
    records = read_records(text, fmt, CASE_COLUMNS, CASE_EXTRA_COLUMNS, problems)
    checked = check_cases(records, profile or profile_named(DEFAULT_PROFILE), today, problems)
    return [c.row for _, c in checked if c is not None], problems.as_list()
