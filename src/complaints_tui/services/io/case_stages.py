"""The stages a complaint row reached, read from its date columns, each checked against the
stage before it and against the landlord's policy profile."""

from __future__ import annotations

from datetime import date

from complaints_tui.domain.kinds import CaseStatus
from complaints_tui.domain.policy import PolicyProfile
from complaints_tui.domain.schedule import StageDates
from complaints_tui.services.io.checks import check_order
from complaints_tui.services.io.columns import STAGE_COLUMNS
from complaints_tui.services.io.reading import Record


def _stage_one_default(
    record: Record, status: CaseStatus | None, quick_fix_on: date | None
) -> bool:
    """Without a stage1_received_on column, a complaint is formal from the day it was received,
    unless it was not accepted or was resolved by a quick fix."""
    return "stage1_received_on" not in record.present and (
        status is not CaseStatus.NOT_ACCEPTED and quick_fix_on is None
    )


def complaint_stages(
    record: Record,
    dates: dict[str, date | None],
    status: CaseStatus | None,
    profile: PolicyProfile,
    errors: list[str],
) -> list[StageDates]:
    """Each stage the row's dates begin, in order; `errors` says where the dates disagree."""
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
            check_order(dates, [(answered, began, " (escalation follows the response)")], errors)
        check_order(
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
    check_order(
        dates,
        [
            ("received_on", "stage1_received_on", ""),
            ("received_on", "quick_fix_on", ""),
            ("quick_fix_on", "stage1_received_on", " (going formal follows the quick fix)"),
        ],
        errors,
    )
    return stages
