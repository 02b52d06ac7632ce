"""A complaint's life from the call to its end: refused or accepted, perhaps through a
representative, perhaps put right at the point of call, else its stages planned, played, and
ended by withdrawal or closure.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from complaints_tui.domain.kinds import ContactKind
from complaints_tui.domain.policy import ExclusionCode
from complaints_tui.services._core import jsonable
from complaints_tui.services.demo.ending import close, withdraw
from complaints_tui.services.demo.intake import Intake
from complaints_tui.services.demo.kit import CaseKit
from complaints_tui.services.demo.life import CaseBatch, Event, Life
from complaints_tui.services.demo.people import Area
from complaints_tui.services.demo.playing import StagePlayer
from complaints_tui.services.demo.stages import StagePlanner, set_deadlines
from complaints_tui.services.demo.vocabulary import RESPONDED
from complaints_tui.services.demo.words import PHONE_RANGES
from complaints_tui.services.letters.quick_fix import quick_fix_letter


class ComplaintMaker:
    """Plays one complaint after another (the rng is the build's: the order of draws matters)."""

    def __init__(self, kit: CaseKit, intake: Intake) -> None:
        self.kit = kit
        self.intake = intake
        self.planner = StagePlanner(kit)
        self.player = StagePlayer(kit)
        self.today = kit.today

    def make(
        self,
        batch: CaseBatch,
        life: Life,
        area: Area,
        category: str,
        logger: int,
        resident_name: str,
        scenario: str | None,
    ) -> None:
        """`scenario`: the life SHOWCASE wants this complaint to have (None: chance decides)."""
        rng = self.kit.rng
        intake = self.intake
        row = life.row
        received: date = row["received_on"]
        row["complaint_offered"] = True
        ordinary = scenario is None
        # Some dissatisfaction is not accepted as a complaint: the reason is recorded.
        refused = scenario == "not_accepted" or (ordinary and rng.random() < 0.03)
        if intake.exclusions and refused:
            code = rng.choice(intake.exclusions)
            if code is ExclusionCode.ANONYMOUS:
                row["resident_id"] = None
            elif code is ExclusionCode.OUT_OF_TIME:
                row["issue_known_on"] = received - timedelta(days=intake.out_of_time_days)
            intake.log(life, ContactKind.COMPLAINT, logger, exclusion=code)
            return
        late = ordinary and intake.late_accepted and rng.random() < 0.01
        if late:
            row["issue_known_on"] = received - timedelta(days=intake.out_of_time_days)
        representative: dict[str, Any] | None = None
        if ordinary and rng.random() < 0.02 and row["resident_id"] is not None:
            representative = self._representative(batch, life, logger)
        intake.log(life, ContactKind.COMPLAINT, logger, late=late, representative=representative)
        if representative is not None and representative["authority_confirmed_on"] is None:
            return  # held at stage 0 until the representative's authority is confirmed
        if ordinary and self.kit.profile.quick_fix.enabled and rng.random() < 0.30:
            asked = self._quick_fix(batch, life, category, logger, resident_name)
            if asked is None:
                return
            stage1_received = asked
        elif ordinary and received >= self.today - timedelta(days=3) and rng.random() < 0.2:
            return  # logged this week, not yet made formal: open at stage 0, unassigned
        else:
            stage1_received = received
        stalled = scenario == "overdue" or (ordinary and rng.random() < 0.05)
        withdrawing = scenario == "withdrawn" or (ordinary and rng.random() < 0.04)
        escalation: bool | None = None if ordinary else scenario == "escalated"
        manager = rng.choice(area.managers).id
        plans = self.planner.plan(stage1_received, stalled, scenario == "extended", escalation)
        self.planner.allocate(plans, area, manager)
        last = plans[-1]
        withdrawn_on = self.planner.withdrawal(last, quick=not ordinary) if withdrawing else None
        set_deadlines(self.kit, plans)
        component: dict[str, Any] | None = None
        for plan in plans:
            component = self.player.play(batch, life, plan, area, category, component)
        if withdrawn_on is not None:
            deadlines = [deadline for plan in plans for deadline in plan.deadlines]
            withdraw(self.kit, life, withdrawn_on, deadlines)
            return
        if last.responded_on is None:
            return  # open: waiting for the landlord
        closing = self.kit.working_days(last.responded_on, rng.randint(0, 5))
        if closing <= self.today and scenario != "responded":
            close(self.kit, batch, life, closing, last.handler_id, last.decision)
        # else: responded, the resident may still escalate

    def _representative(self, batch: CaseBatch, life: Life, logger: int) -> dict[str, Any]:
        """Someone acting for the resident, added before the contact is logged; a recent one's
        authority may not be confirmed yet."""
        rng = self.kit.rng
        row = life.row
        received: date = row["received_on"]
        held = received >= self.today - timedelta(days=10) and rng.random() < 0.5
        representative = {
            "id": self.kit.next_id("representatives"),
            "resident_id": row["resident_id"],
            "name": self.kit.people.person_name(rng),
            "relation": rng.choice(("advocate", "daughter", "son", "councillor", "support worker")),
            "phone": f"{rng.choice(PHONE_RANGES)}{rng.randint(0, 999):03d}",
            "email": "",
            "authority_how": "" if held else "Signed consent form on file",
            "authority_confirmed_on": None if held else received,
            "created_at": row["received_at"] - timedelta(minutes=2),
        }
        batch.add("representatives", representative)
        row["representative_id"] = representative["id"]
        life.events.append(
            Event(
                received,
                len(life.events),
                "representative_added",
                logger,
                None,
                {
                    key: jsonable(representative[key])
                    for key in ("id", "name", "relation", "authority_how")
                }
                | {"authority_confirmed_on": jsonable(representative["authority_confirmed_on"])},
                at=representative["created_at"],
                resident_id=row["resident_id"],
                about_case=False,
            )
        )
        return representative

    def _quick_fix(
        self, batch: CaseBatch, life: Life, category: str, logger: int, resident_name: str
    ) -> date | None:
        """`services.intake.contacts.record_quick_fix`, then closed or taken to stage 1 when the
        fix did not hold. Returns the day the resident asked for stage 1 (None: it ends here)."""
        rng = self.kit.rng
        profile = self.kit.profile
        row = life.row
        received: date = row["received_on"]
        within = profile.quick_fix.resolve_within
        resolved = self.kit.working_days(received, rng.randint(0, within.days if within else 0))
        if resolved > self.today:
            return None  # being put right at the point of call: open at stage 0
        escalate = profile.quick_fix.escalate_within
        escalate_by = self.kit.plus(resolved, escalate.days, escalate.unit) if escalate else None
        fix = f"{category}: put right at the point of call."
        batch.add(
            "quick_fixes",
            {
                "case_id": row["id"],
                "agreed_fix": fix,
                "follow_up": "",
                "letter_text": quick_fix_letter(
                    profile=profile,
                    reference=row["reference"],
                    resident_name=resident_name,
                    received_on=received,
                    problem=row["description"],
                    agreed_fix=fix,
                    follow_up="",
                    escalate_by=escalate_by,
                    handler_name=self.kit.people.user_name(logger),
                ),
                "resolved_on": resolved,
                "escalate_by": escalate_by,
            },
        )
        life.act(
            resolved,
            logger,
            "quick_fix_recorded",
            {
                "status": RESPONDED,
                "handler_id": logger,
                **self.kit.next_due(RESPONDED, row["stage"], received),
            },
            after={
                "agreed_fix": fix,
                "follow_up": "",
                "resolved_on": resolved,
                "escalate_by": escalate_by,
            },
        )
        if rng.random() >= 0.12:
            settled = escalate_by or self.kit.working_days(resolved, 10)
            closing = self.kit.working_days(settled, rng.randint(1, 5))
            if closing <= self.today:
                # The call handler who fixed it is no case worker: a team lead closes it.
                close(self.kit, batch, life, closing, self.kit.lead.id, None)
            return None
        asked = self.kit.working_days(resolved, rng.randint(1, 5))
        if escalate_by is not None:
            asked = min(asked, escalate_by)
        return asked if asked <= self.today else None
