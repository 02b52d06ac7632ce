"""What a case action will do, said before it is done: the dates and rules a form shows (the
latest extension without a good reason, whether this stage may be declined, who may review)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from complaints_tui.domain.deadlines import extension_limit
from complaints_tui.domain.policy import DayUnit
from complaints_tui.services.cases.casework import current_stage, respond_events, rules_for
from complaints_tui.services.errors import NotFound
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store


@dataclass(frozen=True)
class StageAdvice:
    """The current stage's rules as the forms need them."""

    stage: int
    stage_name: str
    profile_name: str
    respond_by: date | None  # the current response date (extended where it was)
    latest_without_reason: date | None  # the profile's cap; later needs a good reason
    extension_rule: str  # a sentence: "Derby Homes allows up to 10 more working days …"
    may_decline: bool
    reviewer_rule: str  # who may handle this stage under the profile
    last_stage: int


def stage_advice(store: Store, case_id: int) -> StageAdvice:
    with store.reading() as session:
        case = session.get(m.Case, case_id)
        if case is None:
            raise NotFound(f"There is no case with id {case_id}.")
        profile, calendar = rules_for(case)
        if case.stage < 1:
            return StageAdvice(0, "point of call", profile.name, None, None, "", False, "", 0)
        row = current_stage(session, case)
        rule = profile.stage(row.stage)
        respond, events = respond_events(session, row)
        latest = extension_limit(profile, row.stage, events, calendar)
        if rule.extension is None:
            said = f"{profile.name} makes no provision for extending: it needs a good reason"
        elif rule.extension.max_days is None:
            said = f"{profile.name} allows a new date agreed with the resident"
        else:
            unit = "working days" if rule.extension.unit is DayUnit.WORKING else "days"
            said = (
                f"{profile.name} allows up to {rule.extension.max_days} more {unit} without a "
                "good reason"
            )
        return StageAdvice(
            stage=row.stage,
            stage_name=rule.name,
            profile_name=profile.name,
            respond_by=respond.due_on if respond is not None else None,
            latest_without_reason=latest,
            extension_rule=said,
            may_decline=rule.may_decline,
            reviewer_rule=rule.handler_description or "",
            last_stage=profile.last_stage,
        )
