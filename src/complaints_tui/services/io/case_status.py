"""A case row's status: derived from its dates when the file leaves it out, checked against them
when it gives it; and what a contact that is not a complaint is logged with."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from complaints_tui.domain.kinds import CaseStatus, ContactKind, Outcome
from complaints_tui.domain.policy import ExclusionCode, PolicyProfile
from complaints_tui.domain.schedule import StageDates
from complaints_tui.domain.triage import TriageAnswers, triage
from complaints_tui.services.io.checks import filled_in
from complaints_tui.services.io.columns import STAGE_COLUMNS, STAGE_DATE_COLUMNS

DECIDED = (Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD)
# Dates of what may follow receipt: a complaint not accepted, or a contact only logged, has none.
_AFTER_RECEIPT = ("quick_fix_on", *STAGE_DATE_COLUMNS, "withdrawn_on", "closed_on")


def derived_status(
    stages: list[StageDates],
    quick_fix_on: date | None,
    withdrawn_on: date | None,
    outcome: Outcome | None,
) -> CaseStatus:
    """The status a complaint with these dates has, when the file does not say."""
    if withdrawn_on is not None:
        return CaseStatus.WITHDRAWN
    if outcome in DECIDED:
        return CaseStatus.CLOSED
    answered = stages[-1].responded_on is not None if stages else quick_fix_on is not None
    return CaseStatus.RESPONDED if answered else CaseStatus.OPEN


def check_complaint_status(
    status: CaseStatus,
    stages: list[StageDates],
    dates: Mapping[str, date | None],
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
        filled = [c for c in _AFTER_RECEIPT if dates.get(c) is not None]
        if outcome is not None:
            filled.append("outcome")
        if filled:
            errors.append(
                "a complaint that was not accepted has no stages, quick fix, withdrawal, "
                f"closing or outcome, but {filled_in(filled)}"
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


def check_logged(
    kind: ContactKind,
    values: Mapping[str, str],
    outcome: Outcome | None,
    given: CaseStatus | None,
    errors: list[str],
) -> None:
    """A contact that is not a complaint is only logged: nothing follows its receipt."""
    filled = [c for c in _AFTER_RECEIPT if values[c]]
    if filled:
        errors.append(
            f"kind {kind.value} is only logged (no stages, quick fix, withdrawal or "
            f"closing), but {filled_in(filled)}"
        )
    if outcome is not None:
        errors.append(f"kind {kind.value} has no outcome ({outcome.value} given)")
    if given is not None and given is not CaseStatus.LOGGED:
        errors.append(f"kind {kind.value} is logged, so status must be logged or empty")


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
