"""One contact at a time: its case row, the life its kind and chance give it, its events timed.

The case's version and updated_at follow its events, as `services._core.touch` moves them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from complaints_tui.domain.kinds import ContactKind
from complaints_tui.services.demo.chance import MINUTES, moment_on
from complaints_tui.services.demo.complaints import ComplaintMaker
from complaints_tui.services.demo.intake import Intake
from complaints_tui.services.demo.kit import CaseKit
from complaints_tui.services.demo.life import EVENT_ORDER, CaseBatch, Life
from complaints_tui.services.demo.people import People
from complaints_tui.services.demo.vocabulary import LOGGED
from complaints_tui.services.demo.words import CHANNEL_MIX


class CaseMaker:
    """Makes one case at a time; every case of a build shares its kit (ids, counters, rng)."""

    def __init__(self, people: People, ids: dict[str, int]) -> None:
        self.kit = kit = CaseKit(people, ids)
        self.intake = Intake(kit)
        self.complaints = ComplaintMaker(kit, self.intake)
        self.people = people
        self.profile = kit.profile
        neighbourhoods = [a for a in people.areas if a.spec.team == "Neighbourhoods"]
        self.asb_area = neighbourhoods[0] if neighbourhoods else people.areas[0]

    @property
    def counters(self) -> dict[int, int]:
        """The last reference number used in each year."""
        return self.kit.counters

    def make(
        self, batch: CaseBatch, received: date, kind: ContactKind, scenario: str | None = None
    ) -> None:
        """One contact; `scenario` (a complaint only): the life SHOWCASE wants it to have."""
        rng = self.kit.rng
        b = self.people
        case_id = self.kit.next_id("cases")
        year = received.year
        self.kit.counters[year] = self.kit.counters.get(year, 0) + 1
        reference = f"CMP-{year}-{self.kit.counters[year]:06d}"
        area_index = b.area_picker(rng) if b.area_picker else 0
        area = self.asb_area if kind is ContactKind.ASB else b.areas[area_index]
        category_id = area.categories(rng)
        category = area.category_names[category_id]
        channel = CHANNEL_MIX(rng)
        logger = rng.choice(b.call_handlers)
        resident_index: int | None = None
        if b.resident_refs and (kind is ContactKind.COMPLAINT or rng.random() > 0.03):
            resident_index = int(len(b.resident_refs) * rng.random() ** 1.7)
        resident_id = None if resident_index is None else b.resident_ids[resident_index]
        street = b.resident_street[resident_index] if resident_index is not None else "the estate"
        description = rng.choice(b.lists.descriptions).format(
            category=category.lower(), weeks=rng.randint(2, 16), street=street
        )
        received_at = moment_on(received, rng, 7, 20)
        complaint = kind is ContactKind.COMPLAINT
        row: dict[str, Any] = {
            "id": case_id,
            "reference": reference,
            "kind": kind.value,
            "channel": channel.value,
            "received_at": received_at,
            "received_on": received,
            # Asked only once a contact is a complaint (the triage time questions).
            "issue_known_on": received - timedelta(days=rng.randint(0, 60)) if complaint else None,
            "service_area_id": area.id,
            "category_id": category_id,
            "description": description,
            "desired_outcome": rng.choice(b.lists.desired_outcomes) if complaint else "",
            "profile_id": self.profile.id,
            "stage": 0,
            "status": LOGGED,
            "handler_id": None,
            "resident_id": resident_id,
            "representative_id": None,
            "caller_name": "",
            "complaint_offered": False,
            "accepted": False,
            "exclusion_code": None,
            "exclusion_reason": "",
            "out_of_time_reason": "",
            "next_due_on": None,
            "next_due_kind": None,
            "outcome": None,
            "improvement": "",
            "withdrawn_by": "",
            "withdrawn_reason": "",
            "withdrawn_on": None,
            "closed_on": None,
            "logged_by_id": logger.id,
            "created_at": received_at,
            "updated_at": received_at,
            "version": 1,
        }
        life = Life(row)
        if complaint:
            name = b.resident_names[resident_index] if resident_index is not None else ""
            self.complaints.make(batch, life, area, category, logger.id, name, scenario)
        else:
            self.intake.other(batch, life, kind, area, logger.id)
        self._finish(batch, life)
        batch.add("cases", row)

    def _finish(self, batch: CaseBatch, life: Life) -> None:
        """Give each event its time (in order, after the one before), then write them; the
        case's version and updated_at follow its events, as `services._core.touch` moves them."""
        rng = self.kit.rng
        row = life.row
        case_id = row["id"]
        events = sorted(life.events, key=EVENT_ORDER)
        out = batch.tables.setdefault("events", [])
        last: datetime | None = None
        version = 0
        for event in events:
            at = event.at
            if at is None:
                at = moment_on(event.day, rng)
                if last is not None and at <= last:
                    at = last + MINUTES[1 + int(rng.random() * 30)]
            last = at if last is None or at > last else last
            for target, key in event.stamps:
                target[key] = at
            owner: int | None = None
            if event.about_case:
                owner = case_id
                version += 1
                row["updated_at"] = at
            out.append(
                {
                    "case_id": owner,
                    "resident_id": event.resident_id,
                    "actor_id": event.actor,
                    "at": at,
                    "action": event.action,
                    "before": event.before,
                    "after": event.after,
                }
            )
        row["version"] = version
