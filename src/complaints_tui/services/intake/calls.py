"""A call, saved in one transaction: a new representative, the contact as triaged, and the
quick fix or stage 1 the handler chose. A failure anywhere leaves nothing behind, so the handler
retries the same key and nothing is written twice."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from complaints_tui.domain.deadlines import DeadlineKind
from complaints_tui.services._core import EVERYONE, command
from complaints_tui.services.cases.case_view import build_detail
from complaints_tui.services.cases.casework import rules_for
from complaints_tui.services.cases.command import CaseCommand
from complaints_tui.services.cases.stages import stage1_opened
from complaints_tui.services.intake.contacts import contact_logged, quick_fix_recorded
from complaints_tui.services.intake.types import (
    CallCapture,
    CallOutcome,
    CallRecorded,
    ContactCapture,
    DueDateReadout,
)
from complaints_tui.services.people.residents import representative_added
from complaints_tui.services.people.types import Actor, NewRepresentative
from complaints_tui.store.engine import Store

_READ_OUT = (DeadlineKind.ACKNOWLEDGE, DeadlineKind.RESPOND)


def record_call(
    store: Store,
    actor: Actor,
    call: CallCapture,
    outcome: CallOutcome,
    *,
    now: datetime | None = None,
) -> CallRecorded:
    """Save the call as the handler finished it (F5 quick fix, F6 stage 1, F7 log) and return
    what to read out: the reference, the sentence, and each date with the days it skipped.
    A quick fix or stage 1 asked for a contact the triage did not accept is only logged."""
    with command(store, actor, EVERYONE, "log a contact", now) as cmd:
        representative_id = call.representative_id
        if call.new_representative is not None and call.resident_id is not None:
            rep = call.new_representative
            representative_id = representative_added(
                cmd,
                NewRepresentative(
                    call.resident_id,
                    rep.name,
                    rep.relation,
                    authority_how=rep.authority_how,
                    authority_confirmed_on=cmd.today if rep.authority_confirmed else None,
                ),
            ).id
        case, result = contact_logged(
            cmd,
            ContactCapture(
                channel=call.channel,
                answers=call.answers,
                description=call.description,
                desired_outcome=call.desired_outcome,
                resident_id=call.resident_id,
                representative_id=representative_id,
                service_area_id=call.service_area_id,
                category_id=call.category_id,
                complaint_offered=call.complaint_offered,
            ),
        )
        done, due_dates = CallOutcome.LOG, tuple[DueDateReadout, ...]()
        routing = ""
        if outcome is not CallOutcome.LOG and result.accepted:  # accepted: a complaint
            on_case = CaseCommand(cmd.session, cmd.actor, cmd.user, cmd.at, case)
            done, due_dates = outcome, _finished(on_case, call, outcome)
            routing = on_case.routing
        return CallRecorded(
            outcome=done,
            case=replace(build_detail(cmd.session, case, cmd.today), routing=routing),
            accepted=result.accepted,
            say=result.say,
            warnings=tuple(result.warnings),
            exclusion_label=result.exclusion.label if result.exclusion is not None else "",
            due_dates=due_dates,
        )


def _finished(
    cmd: CaseCommand, call: CallCapture, outcome: CallOutcome
) -> tuple[DueDateReadout, ...]:
    """The quick fix or stage 1 on the case just logged; the dates to read out."""
    _, calendar = rules_for(cmd.case)
    if outcome is CallOutcome.QUICK_FIX:
        fix = quick_fix_recorded(cmd, call.agreed_fix, follow_up=call.follow_up)
        due_dates: tuple[DueDateReadout, ...] = ()
        if fix.escalate_by is not None:
            skipped = calendar.explain(fix.resolved_on, fix.escalate_by)
            due_dates = (DueDateReadout("formal", fix.escalate_by, skipped=tuple(skipped)),)
    else:
        due_dates = tuple(
            DueDateReadout(d.kind.value, d.due_on, d.projected, tuple(d.explain(calendar)))
            for d in stage1_opened(cmd)
            if d.kind in _READ_OUT
        )
    cmd.saved()
    return due_dates
