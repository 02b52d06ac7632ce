"""How a complaint's stage and the complaint itself end: the response, closure, withdrawal.

`send_response` is `services.cases.findings` and `response` (the decision on the component, any
remedy, the letter with its checklist); `close` and `withdraw` are `services.cases.closing`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from complaints_tui.domain.deadlines import Deadline
from complaints_tui.domain.kinds import Decision, Outcome
from complaints_tui.services.demo.kit import CaseKit
from complaints_tui.services.demo.life import CaseBatch, Life
from complaints_tui.services.demo.stages import StagePlan
from complaints_tui.services.demo.vocabulary import (
    AT_FAULT,
    CLOSE_SET,
    CLOSED,
    NO_FIELDS,
    RESPONDED,
    WITHDRAWN,
)
from complaints_tui.services.demo.words import (
    FINDING,
    IMPROVEMENTS,
    LEARNING_TAGS,
    REMEDIES,
    WITHDRAWAL_REASONS,
)


def send_response(
    kit: CaseKit,
    batch: CaseBatch,
    life: Life,
    plan: StagePlan,
    handler: int | None,
    component: dict[str, Any] | None,
    previous: dict[str, Any] | None,
    stage_row: dict[str, Any],
) -> None:
    """The decision on the component, any remedy, and the response with its checklist."""
    rng = kit.rng
    day = plan.responded_on
    decision = plan.decision
    assert day is not None and decision is not None and component is not None
    overturned = previous is not None and previous["decision"] not in (None, decision.value)
    component["finding"] = FINDING
    component["decision"] = decision.value
    component["overturned"] = overturned
    life.act(
        day,
        handler,
        "decision_recorded",
        fields=NO_FIELDS,
        before={"finding": "", "decision": None, "overturned": False},
        after={
            "component_id": component["id"],
            "finding": FINDING,
            "decision": decision.value,
            "overturned": overturned,
        },
    )
    at_fault = decision in AT_FAULT
    remedy = at_fault and rng.random() < 0.6
    if remedy:
        remedy_id = kit.next_id("remedies")
        description = rng.choice(REMEDIES)
        due_on = kit.working_days(day, rng.randint(5, 20))
        done = kit.working_days(day, rng.randint(2, 25))
        done_on = done if done <= kit.today and rng.random() < 0.85 else None
        batch.add(
            "remedies",
            {
                "id": remedy_id,
                "case_id": life.row["id"],
                "stage": plan.number,
                "description": description,
                "due_on": due_on,
                "done_on": done_on,
            },
        )
        life.act(
            day,
            handler,
            "remedy_added",
            fields=NO_FIELDS,
            after={
                "remedy_id": remedy_id,
                "stage": plan.number,
                "description": description,
                "due_on": due_on,
            },
        )
        if done_on is not None:
            # mark_done is for the case's handler at the time, or a team lead: once the
            # case has gone on to the next stage, the complaints team lead records it.
            escalated = plan.escalated_on is not None and plan.escalated_on <= done_on
            life.act(
                done_on,
                kit.lead.id if escalated else handler,
                "remedy_done",
                fields=NO_FIELDS,
                before={"done_on": None},
                after={"id": remedy_id, "done_on": done_on},
            )
    checklist = {
        "thanks": True,
        "apology": at_fault,
        "improvements": rng.choice(IMPROVEMENTS[:-1]) if at_fault else "",
        "escalation_explained": True,
        "nothing_to_put_right": (
            "The repair was completed before this response." if at_fault and not remedy else ""
        ),
    }
    stage_row["response_letter"] = (
        f"Our reference: {life.row['reference']}\n\nThank you for your complaint. We have "
        f"looked into it and our decision is: {decision.value.replace('_', ' ')}.\n"
    )
    stage_row["response_checklist"] = checklist
    life.act(
        day,
        handler,
        "response_sent",
        {
            "status": RESPONDED,
            **kit.next_due(RESPONDED, plan.number, life.row["received_on"], plan.deadlines),
        },
        after={"responded_on": day, **checklist},
        context={"stage": plan.number},
    )


def close(
    kit: CaseKit,
    batch: CaseBatch,
    life: Life,
    day: date,
    actor: int | None,
    decision: Decision | None,
) -> None:
    """`services.cases.closing.close`: learning tags (at least one), the outcome of the last
    stage's decisions, the improvement and any satisfaction score."""
    rng = kit.rng
    case_id = life.row["id"]
    tags = sorted(rng.sample(LEARNING_TAGS, rng.randint(1, 2)))
    for tag in tags:
        batch.add("learning_tags", {"case_id": case_id, "tag": tag})
    at_fault = decision in AT_FAULT
    score: int | None = None
    if rng.random() < 0.35:
        score = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5))
        batch.add(
            "satisfaction",
            {"case_id": case_id, "score": score, "comment": "", "recorded_on": day},
        )
    life.act(
        day,
        actor,
        "closed",
        {
            "outcome": decision.value if decision is not None else None,
            "status": CLOSED,
            "closed_on": day,
            "improvement": rng.choice(IMPROVEMENTS) if at_fault else "",
        },
        fields=CLOSE_SET,
        before={"learning_tags": []},
        after={"learning_tags": tags, "satisfaction": score},
    )


def withdraw(kit: CaseKit, life: Life, day: date, deadlines: Sequence[Deadline]) -> None:
    """`services.cases.closing.withdraw`: withdrawn by the resident, through a call handler
    (`deadlines`: the case's, as they stand)."""
    rng = kit.rng
    life.act(
        day,
        rng.choice(kit.people.call_handlers).id,
        "withdrawn",
        {
            "withdrawn_by": "the resident",
            "withdrawn_reason": rng.choice(WITHDRAWAL_REASONS),
            "withdrawn_on": day,
            "status": WITHDRAWN,
            "outcome": Outcome.WITHDRAWN.value,
            **kit.next_due(WITHDRAWN, life.row["stage"], life.row["received_on"], deadlines),
        },
        fields=CLOSE_SET,
    )
