"""One stage of a complaint played service call by service call: opened or escalated to,
allocated, acknowledged, investigated, extended and answered, each with its audit event.

The case's next due date at each point is the engine's (`domain.schedule.next_due`) over the
stage's deadlines as they stood then: the acknowledgement unmet until it is made, the response
due on its original date until it is extended, and not yet sent (the escalation window opens
only with the response).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from complaints_tui.domain.deadlines import Deadline, DeadlineKind
from complaints_tui.services.demo.ending import send_response
from complaints_tui.services.demo.kit import CaseKit
from complaints_tui.services.demo.life import CaseBatch, Life
from complaints_tui.services.demo.people import Area
from complaints_tui.services.demo.stages import StagePlan
from complaints_tui.services.demo.vocabulary import NO_FIELDS, OPEN

_ACKNOWLEDGE, _RESPOND = DeadlineKind.ACKNOWLEDGE, DeadlineKind.RESPOND
# (status, stage, acknowledge due, acknowledged on, respond due): what `next_due` reads of a stage.
_StateKey = tuple[str, int, date | None, date | None, date]


class _Stood(NamedTuple):
    """A deadline as it stood earlier in the stage: what the engine's `next_due` reads of one
    (a `schedule.DueDate`; a tenth of the cost of copying a `Deadline`)."""

    stage: int
    kind: DeadlineKind
    due_on: date
    met_on: date | None


class _Duties(NamedTuple):
    """The landlord's duties at a stage, as the engine worked them out from the planned dates."""

    stage: int
    acknowledge: Deadline | None
    respond: Deadline


def _duties(plan: StagePlan) -> _Duties:
    """The stage's acknowledge and respond deadlines, found once for all its steps."""
    acknowledge = respond = None
    for deadline in plan.deadlines:
        if deadline.kind is _ACKNOWLEDGE:
            acknowledge = deadline
        elif deadline.kind is _RESPOND:
            respond = deadline
    assert respond is not None  # every stage of every profile has a response deadline
    return _Duties(plan.number, acknowledge, respond)


class StagePlayer:
    """Writes a planned stage: its row, its deadlines, and the events of each step in order."""

    def __init__(self, kit: CaseKit) -> None:
        self.kit = kit
        self.lead = kit.lead
        # The engine's next due per state of a stage: the same few thousand states recur.
        self._next_dues: dict[_StateKey, Mapping[str, Any]] = {}

    def play(
        self,
        batch: CaseBatch,
        life: Life,
        plan: StagePlan,
        area: Area,
        category: str,
        previous: dict[str, Any] | None,
    ) -> dict[str, Any] | None:
        """One stage, service call by service call, in date order; returns its component."""
        rng = self.kit.rng
        row = life.row
        case_id = row["id"]
        n = plan.number
        stage_row: dict[str, Any] = {
            "id": self.kit.next_id("case_stages"),
            "case_id": case_id,
            "stage": n,
            "received_on": plan.received_on,
            "acknowledged_on": plan.acknowledged_on,
            "responded_on": plan.responded_on,
            "handler_id": plan.handler_id,
            "declined_reason": "",
            "late_reason": "",
            "response_letter": "",
            "response_checklist": None,
        }
        batch.add("case_stages", stage_row)
        duties = _duties(plan)
        respond_id = 0
        for deadline in plan.deadlines:
            deadline_id = self.kit.next_id("deadlines")
            if deadline.kind is DeadlineKind.RESPOND:
                respond_id = deadline_id
            batch.add(
                "deadlines",
                {
                    "id": deadline_id,
                    "case_id": case_id,
                    "stage": deadline.stage,
                    "kind": deadline.kind._value_,  # ._value_: .value's property is slow
                    "clock_start": deadline.clock_start._value_,
                    "clock_started_on": deadline.clock_started_on,
                    "projected": deadline.projected,
                    "length": deadline.length,
                    "unit": deadline.unit._value_,
                    "due_on": deadline.due_on,
                    "original_due_on": deadline.original_due_on,
                    "met_on": deadline.met_on,
                },
            )
        component: dict[str, Any] | None = None
        if n == 1:
            life.act(
                plan.received_on,
                row["logged_by_id"],
                "stage_opened",
                {
                    "stage": 1,
                    "status": OPEN,
                    "handler_id": area.default_manager_id,
                    **self._next_due(OPEN, row, duties, acknowledged=False, extended=False),
                },
                after={"stage_received_on": plan.received_on, "late_reason": ""},
            )
        else:
            if previous is not None:  # the components are carried to the review
                component = {
                    "id": self.kit.next_id("components"),
                    "case_id": case_id,
                    "stage": n,
                    "summary": previous["summary"],
                    "finding": "",
                    "decision": None,
                    "previous_id": previous["id"],
                    "overturned": False,
                }
                batch.add("components", component)
            life.act(
                plan.received_on,
                rng.choice(self.kit.people.call_handlers).id,
                "escalation_requested",
                {
                    "stage": n,
                    "status": OPEN,
                    "handler_id": None,
                    "closed_on": None,
                    "outcome": None,
                    **self._next_due(OPEN, row, duties, acknowledged=False, extended=False),
                },
                after={"stage": n, "requested_on": plan.received_on, "late_reason": ""},
            )
        steps: list[tuple[date, int]] = []
        if plan.allocated_on is not None:
            steps.append((plan.allocated_on, 0))
        if plan.acknowledged_on is not None:
            steps.append((plan.acknowledged_on, 1))
        investigated = plan.acknowledged_on or plan.responded_on
        if n == 1 and investigated is not None:
            steps.append((investigated, 2))
        if plan.extension_told_on is not None:
            steps.append((plan.extension_told_on, 3))
        if plan.responded_on is not None:
            steps.append((plan.responded_on, 4))
        steps.sort()
        handler = plan.handler_id
        acknowledged = extended = False
        for day, step in steps:
            if step == 0:
                assert handler is not None
                if n == 1:
                    life.act(day, self.lead.id, "assigned", {"handler_id": handler})
                else:
                    life.act(
                        day,
                        self.lead.id,
                        "reviewer_allocated",
                        {"handler_id": handler},
                        after={"reviewer": self.kit.people.user_name(handler)},
                    )
            elif step == 1:
                acknowledged = True
                life.act(
                    day,
                    handler,
                    "acknowledged",
                    self._next_due(row["status"], row, duties, acknowledged, extended),
                    before={"acknowledged_on": None},
                    after={"acknowledged_on": day},
                    context={"stage": n},
                )
            elif step == 2:
                component = {
                    "id": self.kit.next_id("components"),
                    "case_id": case_id,
                    "stage": n,
                    "summary": category,
                    "finding": "",
                    "decision": None,
                    "previous_id": None,
                    "overturned": False,
                }
                batch.add("components", component)
                life.act(
                    day,
                    handler,
                    "component_added",
                    fields=NO_FIELDS,
                    after={"component_id": component["id"], "stage": n, "summary": category},
                )
            elif step == 3:
                extended = True
                self._extend(batch, life, plan, duties, handler, respond_id, acknowledged)
            else:
                send_response(self.kit, batch, life, plan, handler, component, previous, stage_row)
        return component

    def _extend(
        self,
        batch: CaseBatch,
        life: Life,
        plan: StagePlan,
        duties: _Duties,
        handler: int | None,
        deadline_id: int,
        acknowledged: bool,
    ) -> None:
        """`services.cases.stages.extend`: the extension row, the new date, the event."""
        respond = duties.respond
        told = plan.extension_told_on
        assert told is not None
        reason, how_told = "Waiting for a contractor's report", "Letter and phone call"
        extension = {
            "id": self.kit.next_id("extensions"),
            "deadline_id": deadline_id,
            "previous_due_on": respond.original_due_on,
            "new_due_on": respond.due_on,
            "reason": reason,
            "how_told": how_told,
            "told_on": told,
            "by_id": handler,
            "at": None,
        }
        batch.add("extensions", extension)
        event = life.act(
            told,
            handler,
            "extended",
            self._next_due(life.row["status"], life.row, duties, acknowledged, extended=True),
            fields=NO_FIELDS,
            before={"respond_by": respond.original_due_on},
            after={
                "respond_by": respond.due_on,
                "reason": reason,
                "how_told": how_told,
                "told_on": told,
                "stage": plan.number,
            },
        )
        event.stamps.append((extension, "at"))

    def _next_due(
        self,
        status: str,
        row: dict[str, Any],
        duties: _Duties,
        acknowledged: bool,
        extended: bool,
    ) -> Mapping[str, Any]:
        """The case's next due fields once it has `status` at this point of the stage: the
        engine's, from the duties as they stood (the receipt date is read only at stage 0)."""
        stage, acknowledge, respond = duties
        acknowledge_due = acknowledged_on = None
        if acknowledge is not None:
            acknowledge_due = acknowledge.due_on
            acknowledged_on = acknowledge.met_on if acknowledged else None
        respond_due = respond.due_on if extended else respond.original_due_on
        key = (status, stage, acknowledge_due, acknowledged_on, respond_due)
        found = self._next_dues.get(key)
        if found is None:
            stood = [_Stood(stage, _RESPOND, respond_due, None)]
            if acknowledge is not None:
                stood.append(_Stood(stage, _ACKNOWLEDGE, acknowledge.due_on, acknowledged_on))
            found = self.kit.next_due(status, stage, row["received_on"], stood)
            self._next_dues[key] = found
        return found
