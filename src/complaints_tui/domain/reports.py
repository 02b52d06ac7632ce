"""Tenant Satisfaction Measures for complaints (SPEC §8): CH01 and CH02, pure arithmetic.

- **CH01**: stage 1 and stage 2 complaints *received* in the period per 1,000 homes, each split by
  the resident's tenure (LCRA: low-cost rental accommodation; LCHO: low-cost home ownership).
  Withdrawn complaints count here.
- **CH02**: the share (as a percentage) of stage 1 and stage 2 *responses sent* in the period that
  were within the statutory Code's timescales, split the same way. Withdrawn complaints do not
  count here.

"Within the Code's timescales" is always judged against the statutory Code (the `hos-code`
profile), whatever profile the landlord works to: the response is due a fixed number of working
days from the acknowledgement, and the clock runs from the **earlier** of the actual
acknowledgement and the acknowledgement deadline (a late acknowledgement does not buy time). A
response is on time when it was sent by that respond-by date, or by a recorded extension date that
lies within the Code's cap (respond-by date plus the Code's maximum extension). An extension
recorded beyond the cap does not count at all: the response must then meet the unextended date.

Dates come from the working calendar and the deadline rules in `domain.deadlines`; nothing here
touches a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from complaints_tui.domain.calendar import WorkingCalendar
from complaints_tui.domain.deadlines import (
    DeadlineKind,
    StageEvents,
    extension_limit,
    stage_deadlines,
)
from complaints_tui.domain.kinds import Tenure
from complaints_tui.domain.policy import PolicyProfile

TSM_STAGES = (1, 2)
TENURES = (Tenure.LCRA, Tenure.LCHO)
NO_TENURE = "none"  # the bucket for records whose resident has no tenure recorded


class ReportError(ValueError):
    """Inputs a report cannot be built from; the message is the sentence the user sees."""


@dataclass(frozen=True)
class StageRecord:
    """One complaint at one stage, as the TSM sees it.

    received_on: stage 1, the complaint was received; stage 2, the escalation request was received.
    withdrawn: the complaint was withdrawn at this stage (it counts in CH01, not in CH02).
    reference: the case reference, carried only so figures can be traced back.
    """

    tenure: Tenure | None
    stage: int
    received_on: date
    acknowledged_on: date | None = None
    extended_to: date | None = None
    responded_on: date | None = None
    withdrawn: bool = False
    reference: str = ""


@dataclass(frozen=True)
class CodeTimescale:
    """The Code's dates for one stage record."""

    acknowledge_by: date
    clock_from: date  # the earlier of the actual acknowledgement and acknowledge_by
    respond_by: date
    extension_cap: date | None  # the latest date an extension may reach; None if uncapped
    extension_counts: bool  # an extension is recorded and lies within the cap


_Dates = tuple[date, date, date, date | None]  # acknowledge_by, clock_from, respond_by, cap
_Cache = dict[tuple[int, date, date | None], _Dates]


def _code_dates(
    stage: int,
    received_on: date,
    acknowledged_on: date | None,
    code: PolicyProfile,
    calendar: WorkingCalendar,
    cache: _Cache | None = None,
) -> _Dates:
    key = (stage, received_on, acknowledged_on)
    if cache is not None and key in cache:
        return cache[key]
    first = stage_deadlines(code, stage, StageEvents(received_on), calendar)
    acknowledge = next((d for d in first if d.kind is DeadlineKind.ACKNOWLEDGE), None)
    if acknowledge is None:
        raise ReportError(f"{code.name} sets no acknowledgement deadline at stage {stage}.")
    acknowledge_by = acknowledge.original_due_on
    clock_from = acknowledge_by
    if acknowledged_on is not None and acknowledged_on < acknowledge_by:
        clock_from = acknowledged_on
    events = StageEvents(received_on, acknowledged_on=clock_from)
    deadlines = stage_deadlines(code, stage, events, calendar)
    respond_by = next(d for d in deadlines if d.kind is DeadlineKind.RESPOND).original_due_on
    cap = extension_limit(code, stage, events, calendar)
    dates = (acknowledge_by, clock_from, respond_by, cap)
    if cache is not None:
        cache[key] = dates
    return dates


def code_timescale(
    record: StageRecord,
    code: PolicyProfile,
    calendar: WorkingCalendar,
    cache: _Cache | None = None,
) -> CodeTimescale:
    """The statutory Code's acknowledge-by, respond-by and extension cap for a stage record.

    `cache` (any dict, reused across calls) saves recomputing records with the same dates.
    """
    acknowledge_by, clock_from, respond_by, cap = _code_dates(
        record.stage, record.received_on, record.acknowledged_on, code, calendar, cache
    )
    counts = record.extended_to is not None and (cap is None or record.extended_to <= cap)
    return CodeTimescale(acknowledge_by, clock_from, respond_by, cap, counts)


def on_time(
    record: StageRecord,
    code: PolicyProfile,
    calendar: WorkingCalendar,
    cache: _Cache | None = None,
) -> bool | None:
    """Whether the stage response was sent within the Code's timescales; None if none was sent."""
    if record.responded_on is None:
        return None
    timescale = code_timescale(record, code, calendar, cache)
    if record.responded_on <= timescale.respond_by:
        return True
    return (
        timescale.extension_counts
        and record.extended_to is not None
        and record.responded_on <= record.extended_to
    )


@dataclass
class ResponseCount:
    on_time: int = 0
    responses: int = 0

    @property
    def late(self) -> int:
        return self.responses - self.on_time


def _tenure_key(tenure: Tenure | None) -> str:
    return tenure.value if tenure is not None else NO_TENURE


def _empty_received() -> dict[int, dict[str, int]]:
    return {stage: {t.value: 0 for t in TENURES} | {NO_TENURE: 0} for stage in TSM_STAGES}


def _empty_responses() -> dict[int, dict[str, ResponseCount]]:
    return {
        stage: {t.value: ResponseCount() for t in TENURES} | {NO_TENURE: ResponseCount()}
        for stage in TSM_STAGES
    }


@dataclass
class TsmReport:
    """CH01 and CH02 for one period, with the counts behind every figure."""

    period_from: date
    period_to: date
    homes: dict[str, int | None]
    received: dict[int, dict[str, int]] = field(default_factory=_empty_received)
    responses: dict[int, dict[str, ResponseCount]] = field(default_factory=_empty_responses)
    withdrawn_responses: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0})
    late_references: dict[int, list[str]] = field(default_factory=lambda: {1: [], 2: []})

    def count_received(self, received: Mapping[tuple[int, Tenure | None], int]) -> None:
        """Add CH01's counts by (stage, tenure) as a database counted them."""
        for (stage, tenure), number in received.items():
            if stage in TSM_STAGES:
                self.received[stage][_tenure_key(tenure)] += number

    def ch01(self, stage: int, tenure: Tenure) -> float | None:
        """Stage `stage` complaints received per 1,000 homes of this tenure (None: no homes)."""
        homes = self.homes.get(tenure.value)
        if not homes:
            return None
        return self.received[stage][tenure.value] * 1000 / homes

    def ch02(self, stage: int, tenure: Tenure) -> float | None:
        """Percentage of stage `stage` responses within the Code's timescales (None: none sent)."""
        count = self.responses[stage][tenure.value]
        if count.responses == 0:
            return None
        return count.on_time * 100 / count.responses

    def as_dict(self, places: int = 2) -> dict[str, Any]:
        """The figures as JSON-ready data: ch01_stage1 … ch02_stage2 per tenure, plus counts."""

        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, places)

        out: dict[str, Any] = {
            "period": {"from": self.period_from.isoformat(), "to": self.period_to.isoformat()},
            "homes": {t.value: self.homes.get(t.value) for t in TENURES},
        }
        for stage in TSM_STAGES:
            out[f"ch01_stage{stage}"] = {t.value: rounded(self.ch01(stage, t)) for t in TENURES}
        for stage in TSM_STAGES:
            out[f"ch02_stage{stage}"] = {t.value: rounded(self.ch02(stage, t)) for t in TENURES}
        counts: dict[str, Any] = {}
        for stage in TSM_STAGES:
            counts[f"ch01_stage{stage}"] = {
                key: {"received": value} for key, value in self.received[stage].items()
            }
        for stage in TSM_STAGES:
            counts[f"ch02_stage{stage}"] = {
                key: {"on_time": value.on_time, "late": value.late, "responses": value.responses}
                for key, value in self.responses[stage].items()
            }
            counts[f"ch02_stage{stage}"]["withdrawn_excluded"] = self.withdrawn_responses[stage]
        out["counts"] = counts
        return out


def _in_period(day: date | None, period_from: date, period_to: date) -> bool:
    return day is not None and period_from <= day <= period_to


def tsm_report(
    records: Iterable[StageRecord],
    period_from: date,
    period_to: date,
    *,
    homes_lcra: int | None,
    homes_lcho: int | None = None,
    code: PolicyProfile,
    calendar: WorkingCalendar,
    received: Mapping[tuple[int, Tenure | None], int] | None = None,
) -> TsmReport:
    """CH01 and CH02 for the period (both ends included), judged against `code` (`hos-code`).

    Records with a stage other than 1 or 2 are ignored (the TSM counts only those two stages).
    `received`: CH01's counts by (stage, tenure), when a database has already counted them; the
    records then only feed CH02 (they may be just the responses sent in the period).
    """
    if period_to < period_from:
        raise ReportError(
            f"The period ends ({period_to.isoformat()}) before it starts "
            f"({period_from.isoformat()})."
        )
    for label, homes in (("LCRA", homes_lcra), ("LCHO", homes_lcho)):
        if homes is not None and homes < 0:
            raise ReportError(f"The number of {label} homes cannot be negative ({homes}).")
    report = TsmReport(
        period_from,
        period_to,
        homes={Tenure.LCRA.value: homes_lcra, Tenure.LCHO.value: homes_lcho},
    )
    if received is not None:
        report.count_received(received)
    cache: _Cache = {}
    for record in records:
        if record.stage not in TSM_STAGES:
            continue
        key = _tenure_key(record.tenure)
        if received is None and _in_period(record.received_on, period_from, period_to):
            report.received[record.stage][key] += 1
        if not _in_period(record.responded_on, period_from, period_to):
            continue
        if record.withdrawn:
            report.withdrawn_responses[record.stage] += 1
            continue
        count = report.responses[record.stage][key]
        count.responses += 1
        if on_time(record, code, calendar, cache):
            count.on_time += 1
        elif record.reference:
            report.late_references[record.stage].append(record.reference)
    return report


def format_report(report: TsmReport) -> list[str]:
    """The report as plain lines for a terminal (no markup)."""
    lines = [
        f"Tenant Satisfaction Measures: complaints, "
        f"{report.period_from.isoformat()} to {report.period_to.isoformat()}",
        "",
    ]
    for tenure in TENURES:
        homes = report.homes.get(tenure.value)
        lines.append(f"{tenure.value} homes: {homes if homes is not None else 'not given'}")
    lines.append("")
    lines.append("CH01 complaints received per 1,000 homes")
    for stage in TSM_STAGES:
        for tenure in TENURES:
            figure = report.ch01(stage, tenure)
            received = report.received[stage][tenure.value]
            shown = "n/a" if figure is None else f"{figure:.2f}"
            why = ""
            if figure is None:
                homes = report.homes.get(tenure.value)
                given = "not given" if homes is None else "0"
                why = f"; no rate per 1,000 homes: the number of {tenure.value} homes is {given}"
            lines.append(f"  stage {stage} {tenure.value}: {shown:>8}  ({received} received{why})")
    lines.append("")
    lines.append("CH02 responses within the Complaint Handling Code's timescales")
    for stage in TSM_STAGES:
        for tenure in TENURES:
            figure = report.ch02(stage, tenure)
            count = report.responses[stage][tenure.value]
            shown = "n/a" if figure is None else f"{figure:.1f}%"
            why = "; no share: no responses were sent in the period" if figure is None else ""
            lines.append(
                f"  stage {stage} {tenure.value}: {shown:>8}  "
                f"({count.on_time} of {count.responses} on time{why})"
            )
    without = sum(report.received[s][NO_TENURE] for s in TSM_STAGES) + sum(
        report.responses[s][NO_TENURE].responses for s in TSM_STAGES
    )
    withdrawn = sum(report.withdrawn_responses.values())
    if without:
        lines.append("")
        lines.append(f"{without} record(s) had no tenure recorded and are left out of the figures.")
    if withdrawn:
        lines.append(f"{withdrawn} response(s) to withdrawn complaints are left out of CH02.")
    return lines
