"""Where a policy profile departs from the Housing Ombudsman's Complaint Handling Code (2024).

`departures_from_code` lists the rules a profile breaks: each names the Code's requirement and
what the profile does instead. `code_notes` lists things that differ from the Code without
breaking it, for information: a response counted from receipt rather than acknowledgement
(Dérive, Derwent Living) is stricter, because acknowledgement never comes before receipt, so it
is a note, not a departure. Shorter timescales than the Code's are otherwise not mentioned.

Timescales are compared in the Code's unit, working days. A period in calendar days is within N
working days for sure only if it is no longer than the shortest calendar span of N working days
(a week of five working days spans seven calendar days): 10 working days span at least 14.
"""

from __future__ import annotations

from dataclasses import dataclass

from complaints_tui.domain.policy import (
    ClockStart,
    DayUnit,
    ExtensionRule,
    HandlerRule,
    Period,
    PolicyProfile,
    StageRule,
)

CODE_TIME_LIMIT_MONTHS = 12
CODE_ACKNOWLEDGE_WD = 5  # both stages, from receipt of the complaint or escalation request
CODE_RESPOND_WD = {1: 10, 2: 20}  # from acknowledgement
CODE_EXTENSION_WD = {1: 10, 2: 20}


@dataclass(frozen=True)
class CodeDeparture:
    key: str  # the profile rule, e.g. "stages[1].acknowledge"
    requirement: str  # what the Code requires
    finding: str  # what the profile does


@dataclass(frozen=True)
class CodeNote:
    key: str
    requirement: str
    finding: str


def shortest_calendar_span(working_days: int) -> int:
    """The fewest calendar days that `working_days` working days can span."""
    return 7 * (working_days // 5) + working_days % 5


def _within_working_days(days: int, unit: DayUnit, limit: int) -> bool:
    if unit is DayUnit.WORKING:
        return days <= limit
    return days <= shortest_calendar_span(limit)


def _days(days: int, unit: DayUnit) -> str:
    return f"{days} {'working days' if unit is DayUnit.WORKING else 'calendar days'}"


def _acknowledge(stage: StageRule, key: str) -> list[CodeDeparture]:
    requirement = (
        f"Stage {stage.number}: acknowledge within {CODE_ACKNOWLEDGE_WD} working days of "
        "receiving the " + ("complaint." if stage.number == 1 else "escalation request.")
    )
    ack = stage.acknowledge
    if ack is None:
        return [CodeDeparture(key, requirement, "No acknowledgement step.")]
    if ack.clock_start is not ClockStart.RECEIPT:
        finding = f"Acknowledges {ack.describe()}."
        return [CodeDeparture(key, requirement, finding)]
    if not _within_working_days(ack.days, ack.unit, CODE_ACKNOWLEDGE_WD):
        finding = f"Acknowledges within {_days(ack.days, ack.unit)}."
        return [CodeDeparture(key, requirement, finding)]
    return []


def _respond(stage: StageRule, key: str) -> tuple[list[CodeDeparture], list[CodeNote]]:
    limit = CODE_RESPOND_WD[stage.number]
    requirement = f"Stage {stage.number}: respond within {limit} working days of acknowledgement."
    respond: Period = stage.respond
    finding = f"Responds within {respond.describe()}."
    fits = _within_working_days(respond.days, respond.unit, limit)
    if respond.clock_start is ClockStart.RESPONSE or not fits:
        return [CodeDeparture(key, requirement, finding)], []
    if respond.clock_start is ClockStart.RECEIPT:
        note = finding + " Counting from receipt is stricter than the Code."
        return [], [CodeNote(key, requirement, note)]
    return [], []


def _extension(stage: StageRule, key: str) -> list[CodeDeparture]:
    limit = CODE_EXTENSION_WD[stage.number]
    requirement = (
        f"Stage {stage.number}: an extension of no more than {limit} further working days "
        "without good reason, explained to the resident."
    )
    rule: ExtensionRule | None = stage.extension
    if rule is None:
        return []  # no extension at all is stricter than the Code
    if rule.max_days is None:
        finding = f"Extensions have no stated limit ({rule.resident_told_by})."
        return [CodeDeparture(key, requirement, finding)]
    if not _within_working_days(rule.max_days, rule.unit, limit):
        finding = f"Extensions of up to {_days(rule.max_days, rule.unit)}."
        return [CodeDeparture(key, requirement, finding)]
    return []


def _stage_checks(stage: StageRule) -> tuple[list[CodeDeparture], list[CodeNote]]:
    key = f"stages[{stage.number - 1}]"
    departures = _acknowledge(stage, f"{key}.acknowledge")
    respond_departures, notes = _respond(stage, f"{key}.respond")
    departures += respond_departures
    departures += _extension(stage, f"{key}.extension")
    window = stage.escalation_window
    if window is not None:
        departures.append(
            CodeDeparture(
                f"{key}.escalation_window",
                "No unreasonable time limit on asking for the next stage, and no reasons "
                "needed to escalate.",
                f"Stage {stage.number}: the next stage must be asked for within "
                f"{_days(window.days, window.unit)}"
                + (" (may be extended)." if window.extendable else "."),
            )
        )
    if stage.number == 2 and stage.handler is HandlerRule.ANY:
        departures.append(
            CodeDeparture(
                f"{key}.handler",
                "Stage 2: the person considering the complaint is not the stage 1 handler.",
                "Stage 2 may be handled by anyone, including the stage 1 handler.",
            )
        )
    if stage.number == 2 and stage.may_decline:
        departures.append(
            CodeDeparture(
                f"{key}.may_decline",
                "A request for stage 2 is escalated unless an exclusion applies; it is not "
                "refused unreasonably.",
                stage.decline_note or "The stage 2 review may be declined.",
            )
        )
    return departures, notes


def _whole_profile_checks(profile: PolicyProfile) -> list[CodeDeparture]:
    found: list[CodeDeparture] = []
    if profile.quick_fix.enabled:
        found.append(
            CodeDeparture(
                "quick_fix.enabled",
                "No informal stage: a first-time issue fixed at once is a service request; "
                "other dissatisfaction goes straight to stage 1.",
                "Has a quick-fix (informal) stage before stage 1.",
            )
        )
    if len(profile.stages) != 2:
        names = ", ".join(stage.name for stage in profile.stages)
        found.append(
            CodeDeparture(
                "stages",
                "Exactly two stages; stage 2 is final.",
                f"{len(profile.stages)} stage(s): {names}.",
            )
        )
    limit = profile.time_limit
    if limit.months < CODE_TIME_LIMIT_MONTHS:
        found.append(
            CodeDeparture(
                "time_limit.months",
                f"Complaints accepted within {CODE_TIME_LIMIT_MONTHS} months of the issue or "
                "of the resident becoming aware of it.",
                f"Only {limit.months} months from {limit.counted_from}.",
            )
        )
    if not limit.exceptions_allowed:
        found.append(
            CodeDeparture(
                "time_limit.exceptions_allowed",
                "Discretion to accept an older complaint where there is good reason.",
                "No exceptions to the time limit.",
            )
        )
    if profile.closure_days_stop_clock:
        found.append(
            CodeDeparture(
                "closure_days_stop_clock",
                "Office closure days count as working days.",
                "Office closure days stop the clock.",
            )
        )
    if not any("housing ombudsman" in o.name.lower() for o in profile.ombudsman):
        found.append(
            CodeDeparture(
                "ombudsman",
                "Every response and refusal tells the resident they can go to the Housing "
                "Ombudsman.",
                "The profile names no Housing Ombudsman signposting.",
            )
        )
    return found


def _checks(profile: PolicyProfile) -> tuple[list[CodeDeparture], list[CodeNote]]:
    departures = _whole_profile_checks(profile)
    notes: list[CodeNote] = []
    for stage in profile.stages[:2]:  # a third stage is itself the departure
        stage_departures, stage_notes = _stage_checks(stage)
        departures += stage_departures
        notes += stage_notes
    return departures, notes


def departures_from_code(profile: PolicyProfile) -> list[CodeDeparture]:
    """Each rule of `profile` that breaks the Code; empty for a profile that follows it."""
    return _checks(profile)[0]


def code_notes(profile: PolicyProfile) -> list[CodeNote]:
    """Differences from the Code that do not break it (for information)."""
    return _checks(profile)[1]
