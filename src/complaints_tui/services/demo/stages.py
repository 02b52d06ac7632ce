"""A complaint's stages planned ahead: what happens at each and when, then the engine's deadlines.

The plan is the demo's choice of a life (acknowledged late or on time, extended, answered,
escalated, withdrawn); the deadlines every stage row gets are then worked out from the planned
dates by `domain.schedule.case_deadlines`, as `casework.sync_deadlines` stores them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from complaints_tui.domain.deadlines import Deadline
from complaints_tui.domain.kinds import Decision
from complaints_tui.domain.policy import ClockStart, DayUnit, StageRule
from complaints_tui.domain.schedule import StageDates, case_deadlines
from complaints_tui.services.demo.kit import CaseKit
from complaints_tui.services.demo.people import Area
from complaints_tui.services.demo.words import DECISION_MIX


@dataclass
class StagePlan:
    """What happens at one formal stage and when (None: not, or not yet), who handles it, and
    once the plan is final, the stage's deadlines."""

    number: int
    received_on: date
    acknowledged_on: date | None = None
    extended_to: date | None = None
    extension_told_on: date | None = None
    responded_on: date | None = None
    escalated_on: date | None = None
    handler_id: int | None = None
    allocated_on: date | None = None  # when the handler was given the stage (None: never)
    decision: Decision | None = None
    deadlines: list[Deadline] = field(default_factory=list)


class StagePlanner:
    """Plans the stages of one complaint after another (the rng is the build's)."""

    def __init__(self, kit: CaseKit) -> None:
        self.kit = kit
        self.profile = kit.profile
        self.today = kit.today
        self.stalled_horizon = kit.today - timedelta(days=100)

    def plan(
        self, received: date, stalled: bool, extend: bool, escalation: bool | None
    ) -> list[StagePlan]:
        """Stage 1 from `received`, and each stage the resident goes on to (`escalation`: as
        `_escalation`'s `forced`, for stage 1)."""
        plans: list[StagePlan] = []
        number, stage_received = 1, received
        while True:
            plan = self._stage(number, stage_received, stalled, extend)
            plans.append(plan)
            plan.escalated_on = self._escalation(plan, escalation if number == 1 else None)
            if plan.escalated_on is None:
                break
            number, stage_received = number + 1, plan.escalated_on
        return plans

    def _stage(self, number: int, received: date, stalled: bool, extend: bool = False) -> StagePlan:
        rng = self.kit.rng
        rule: StageRule = self.profile.stage(number)
        plan = StagePlan(number, received)
        ack_rule = rule.acknowledge
        ack_planned: date | None = None
        if ack_rule is not None:
            late = rng.random() < 0.10
            offset = ack_rule.days + rng.randint(1, 4) if late else rng.randint(0, ack_rule.days)
            ack_planned = self.kit.working_days(received, offset)
            if ack_planned <= self.today:
                plan.acknowledged_on = ack_planned
        respond = rule.respond
        if respond.clock_start is ClockStart.ACKNOWLEDGEMENT and ack_planned is not None:
            clock = ack_planned
        else:
            clock = received
        # The date the plan aims at; the stored deadlines come from the engine once it is final.
        respond_due = self.kit.plus(clock, respond.days, respond.unit)
        target = respond_due
        extension = rule.extension
        if extension is not None and (extend or rng.random() < 0.10):
            told = self.kit.working_days(clock, max(respond.days - 2, 0))
            cap = extension.max_days if extension.max_days is not None else 10
            extended_to = self.kit.working_days(respond_due, rng.randint(2, max(cap, 2)))
            if told <= self.today and told >= received:
                plan.extended_to, plan.extension_told_on = extended_to, told
                target = extended_to
        if stalled and respond_due >= self.stalled_horizon:
            return plan  # left unanswered: overdue once its date passes
        roll = rng.random()
        if roll < 0.80 or stalled:
            if target is respond_due:
                span = respond.days if respond.unit is DayUnit.WORKING else respond.days * 5 // 7
                response = self.kit.working_days(
                    clock, rng.randint(max(1, span // 2), max(1, span))
                )
                response = min(response, respond_due)
            else:
                response = self.kit.working_days(respond_due, rng.randint(1, 3))
                response = min(response, target)
        else:
            response = self.kit.working_days(target, rng.randint(1, 8))
        if plan.acknowledged_on is not None and response < plan.acknowledged_on:
            response = plan.acknowledged_on
        if ack_planned is not None and ack_planned > response:
            ack_planned = response  # acknowledged with the response at the latest
            plan.acknowledged_on = response if response <= self.today else None
        if response <= self.today:
            plan.responded_on = response
            if plan.acknowledged_on is None and ack_rule is not None:
                plan.acknowledged_on = ack_planned
            plan.decision = DECISION_MIX(rng)
        return plan

    def _escalation(self, plan: StagePlan, forced: bool | None = None) -> date | None:
        """When the resident asks for the next stage after this one's response, if they do
        (`forced`: True, they do if they can; False, they never do; None, by chance)."""
        rng = self.kit.rng
        if plan.responded_on is None or plan.number >= self.profile.last_stage:
            return None
        if forced is False:
            return None
        if not forced and rng.random() >= (0.17 if plan.number == 1 else 0.10):
            return None
        window = self.profile.stage(plan.number).escalation_window
        if window is not None:
            asked = self.kit.plus(
                plan.responded_on, rng.randint(1, max(1, window.days)), window.unit
            )
        else:
            asked = self.kit.working_days(plan.responded_on, rng.randint(1, 15))
        return asked if asked <= self.today else None

    def allocate(self, plans: list[StagePlan], area: Area, manager: int) -> None:
        """Who handles each stage, and from when."""
        rng = self.kit.rng
        for plan in plans:
            if plan.number == 1:
                # Routed to the area's default manager; a team lead gives it to another.
                plan.handler_id = manager
                if manager != area.default_manager_id:
                    plan.allocated_on = plan.received_on
                continue
            done = [
                d
                for d in (plan.acknowledged_on, plan.extension_told_on, plan.responded_on)
                if d is not None
            ]
            allocated = self.kit.working_days(plan.received_on, rng.randint(0, 1))
            if done:
                allocated = min(allocated, *done)
            elif allocated > self.today or (
                plan.received_on >= self.today - timedelta(days=5) and rng.random() < 0.5
            ):
                continue  # waiting for a team lead to allocate the reviewer
            plan.allocated_on = allocated
            plan.handler_id = area.head.id if plan.number == 2 else self.kit.director.id

    def withdrawal(self, last: StagePlan, quick: bool) -> date | None:
        """When the resident withdraws at the last stage (None: too late, or answered first),
        with nothing at the stage left after it. `quick`: the next working day."""
        rng = self.kit.rng
        withdrawn_on = self.kit.working_days(last.received_on, 1 if quick else rng.randint(1, 8))
        answered_first = last.responded_on is not None and last.responded_on < withdrawn_on
        if withdrawn_on > self.today or answered_first:
            return None
        # Nothing at the stage can happen after the complaint was withdrawn.
        last.responded_on = None
        last.decision = None
        if last.acknowledged_on is not None and last.acknowledged_on > withdrawn_on:
            last.acknowledged_on = None
        if last.extension_told_on is not None and last.extension_told_on > withdrawn_on:
            last.extended_to = last.extension_told_on = None
        if last.allocated_on is not None and last.allocated_on > withdrawn_on:
            last.allocated_on = None
            last.handler_id = None
        return withdrawn_on


def set_deadlines(kit: CaseKit, plans: list[StagePlan]) -> None:
    """Each stage's deadlines as `casework.sync_deadlines` stores them from the stage rows: the
    engine's, a stage's escalation window met by the next stage's request."""
    found = case_deadlines(
        kit.profile,
        kit.calendar,
        [
            StageDates(
                number=plan.number,
                received_on=plan.received_on,
                acknowledged_on=plan.acknowledged_on,
                extended_to=plan.extended_to,
                responded_on=plan.responded_on,
            )
            for plan in plans
        ],
    )
    for plan in plans:
        plan.deadlines = [deadline for deadline in found if deadline.stage == plan.number]
