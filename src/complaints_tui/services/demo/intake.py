"""Contacts coming in, as `services.intake.contacts.log_contact` takes them: triaged and logged.

Triage is the domain's (`domain.triage`), run once per shape of contact rather than per contact;
contacts that are not complaints end here (a compliment is passed on to the person praised).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from complaints_tui.domain.kinds import ContactKind
from complaints_tui.domain.policy import ExclusionCode
from complaints_tui.domain.triage import Representative as TriageRepresentative
from complaints_tui.domain.triage import TriageAnswers, TriageResult, triage
from complaints_tui.services._core import jsonable, status_after_triage
from complaints_tui.services.cases.casework import CASE_FIELDS
from complaints_tui.services.demo.kit import CaseKit
from complaints_tui.services.demo.life import CaseBatch, Event, Life
from complaints_tui.services.demo.people import Area
from complaints_tui.services.demo.vocabulary import (
    EXCEPTIONAL_CIRCUMSTANCES,
    EXCLUSION_ANSWERS,
    KIND_ANSWERS,
    NO_FIELDS,
)


class Intake:
    """Logs contacts; knows which refusals and late acceptances the profile's triage makes."""

    def __init__(self, kit: CaseKit) -> None:
        self.kit = kit
        self.profile = kit.profile
        self.today = kit.today
        self.out_of_time_days = 31 * self.profile.time_limit.months + 45
        self._triaged: dict[tuple[Any, ...], tuple[TriageResult, dict[str, Any]]] = {}
        # The exclusions a complaint can meet under this profile: those triage really applies.
        self.exclusions: list[ExclusionCode] = []
        for exclusion in self.profile.exclusions:
            if exclusion.code not in EXCLUSION_ANSWERS:
                continue  # a kind of contact, not a reason to refuse a complaint
            anonymous = exclusion.code is ExclusionCode.ANONYMOUS
            result, _ = self.triage(ContactKind.COMPLAINT, exclusion.code, False, anonymous, None)
            if result.exclusion is not None and result.exclusion.code is exclusion.code:
                self.exclusions.append(exclusion.code)
        late, _ = self.triage(ContactKind.COMPLAINT, None, True, False, None)
        self.late_accepted = late.accepted and late.override_applied

    def triage(
        self,
        kind: ContactKind,
        exclusion: ExclusionCode | None,
        late: bool,
        anonymous: bool,
        representative_confirmed: bool | None,
    ) -> tuple[TriageResult, dict[str, Any]]:
        """`domain.triage` on the answers that make this kind of contact (once per shape: the
        result does not depend on the dates, which stay well inside or outside the limit).
        Returns the result and the answers as the audit event keeps them."""
        key = (kind, exclusion, late, anonymous, representative_confirmed)
        hit = self._triaged.get(key)
        if hit is not None:
            return hit
        answers: dict[str, Any] = dict(KIND_ANSWERS[kind])
        if exclusion is not None:
            answers.update(EXCLUSION_ANSWERS[exclusion])
        answers["anonymous"] = anonymous or bool(answers.get("anonymous"))
        if kind is ContactKind.COMPLAINT:
            out_of_time = late or exclusion is ExclusionCode.OUT_OF_TIME
            days = self.out_of_time_days if out_of_time else 30
            answers["issue_known_on"] = self.today - timedelta(days=days)
        if late:
            answers["exceptional_circumstances"] = EXCEPTIONAL_CIRCUMSTANCES
        if representative_confirmed is not None:
            answers["representative"] = TriageRepresentative(
                "A representative", "advocate", representative_confirmed
            )
        triage_answers = TriageAnswers(contacted_on=self.today, **answers)
        result = triage(self.profile, triage_answers)
        hit = self._triaged[key] = (result, jsonable(asdict(triage_answers)))
        return hit

    def log(
        self,
        life: Life,
        kind: ContactKind,
        logger: int,
        *,
        exclusion: ExclusionCode | None = None,
        late: bool = False,
        representative: dict[str, Any] | None = None,
    ) -> None:
        """`services.intake.contacts.log_contact`: triaged, stored, and the contact_logged event."""
        row = life.row
        confirmed = (
            None if representative is None else representative["authority_confirmed_on"] is not None
        )
        result, base = self.triage(kind, exclusion, late, row["resident_id"] is None, confirmed)
        answers = dict(base)
        answers["contacted_on"] = row["received_on"].isoformat()
        issue: date | None = row["issue_known_on"]
        answers["issue_known_on"] = issue.isoformat() if issue is not None else None
        if representative is not None:
            answers["representative"] = {
                "name": representative["name"],
                "relation": representative["relation"],
                "authority_confirmed": confirmed,
                "how_confirmed": representative["authority_how"],
            }
        status = status_after_triage(result.kind, result.accepted)
        row["kind"] = result.kind.value
        row["status"] = status.value
        row["accepted"] = result.accepted
        row["exclusion_code"] = result.exclusion.code.value if result.exclusion else None
        row["exclusion_reason"] = result.exclusion.say if result.exclusion else ""
        row["out_of_time_reason"] = EXCEPTIONAL_CIRCUMSTANCES if result.override_applied else ""
        row.update(self.kit.next_due(row["status"], row["stage"], row["received_on"]))
        after = {name: row[name] for name in CASE_FIELDS}
        after["triage"] = answers
        after["say"] = result.say
        life.events.append(
            Event(
                row["received_on"],
                len(life.events),
                "contact_logged",
                logger,
                None,
                after,
                at=row["received_at"],
                resident_id=row["resident_id"],
            )
        )

    def other(
        self, batch: CaseBatch, life: Life, kind: ContactKind, area: Area, logger: int
    ) -> None:
        """Logged and kept: nothing after log_contact changes a non-complaint's status."""
        rng = self.kit.rng
        row = life.row
        received: date = row["received_on"]
        if kind is ContactKind.SERVICE_REQUEST:
            row["complaint_offered"] = True  # dissatisfied: triage says offer a complaint
        elif kind is ContactKind.MP_ENQUIRY:
            title = rng.choice(("Cllr", "Councillor", "MP"))
            name = self.kit.people.person_name(rng)
            row["caller_name"] = f"{name} MP" if title == "MP" else f"{title} {name}"
        self.log(life, kind, logger)
        if kind is not ContactKind.COMPLIMENT:
            return
        routed = self.kit.working_days(received, rng.randint(0, 3))
        if routed > self.today:
            return  # not passed on yet
        manager = rng.choice([area.head, *area.managers])
        person = rng.choice([rng.choice(area.managers).name, f"the {area.spec.team} team"])
        batch.add(
            "compliments",
            {
                "id": self.kit.next_id("compliments"),
                "case_id": row["id"],
                "person_or_team": person,
                "manager_id": manager.id,
                "routed_on": routed,
            },
        )
        life.act(
            routed,
            logger,
            "compliment_routed",
            fields=NO_FIELDS,
            after={"person_or_team": person, "manager_id": manager.id, "routed_on": routed},
        )
