"""What every step of a demo case's life draws on: the rng, the ids, the rules and the dates.

Date sums are the calendar's and next due dates the deadline engine's (`domain.schedule`),
memoised where a build asks the same question hundreds of thousands of times.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from complaints_tui.domain.policy import DayUnit
from complaints_tui.domain.schedule import DueDate, NextDue, next_due
from complaints_tui.services.demo.chance import FastRandom
from complaints_tui.services.demo.people import People
from complaints_tui.services.demo.recipe import DemoError
from complaints_tui.services.demo.vocabulary import OPEN


class CaseKit:
    """The state a case's life needs, shared by every case of a build: ids, counters, the rng."""

    def __init__(self, people: People, ids: dict[str, int]) -> None:
        self.people = people
        self.rng = FastRandom(f"{people.recipe.seed}:cases")
        self.ids = ids  # last id used per table
        self.counters: dict[int, int] = {}  # last reference number per year
        self.profile = people.profile
        self.calendar = people.calendar
        self.today = people.today
        if people.complaints_lead is None or people.director is None:
            raise DemoError("The demo's staff must be made before its cases.")
        self.lead = people.complaints_lead
        self.director = people.director
        self._dates: dict[tuple[date, int, bool], date] = {}
        self._first_due: dict[date, NextDue | None] = {}  # a stage 0 complaint's, by receipt

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def working_days(self, start: date, n: int) -> date:
        """n working days after the effective receipt of `start` (n == 0: that receipt day)."""
        return self.plus(start, n, DayUnit.WORKING)

    def plus(self, start: date, n: int, unit: DayUnit) -> date:
        key = (start, n, unit is DayUnit.WORKING)
        day = self._dates.get(key)
        if day is None:  # a few thousand distinct sums in a whole build
            day = self._dates[key] = self.calendar.due_date(start, n, unit)
        return day

    def next_due(
        self, status: str, stage: int, received_on: date, deadlines: Iterable[DueDate] = ()
    ) -> dict[str, Any]:
        """The case's next_due_on / next_due_kind once `status` and `stage` hold, as
        `casework.refresh_next_due` stores them: the engine's `next_due` of `deadlines` (the
        stage's deadlines as they stand at that point)."""
        waiting = status == OPEN
        memo = self._first_due if waiting and stage == 0 else None
        if memo is not None and received_on in memo:
            due = memo[received_on]  # before stage 1 only the receipt date counts
        else:
            due = next_due(
                self.profile,
                self.calendar,
                waiting=waiting,
                stage=stage,
                received_on=received_on,
                deadlines=deadlines,
            )
            if memo is not None:
                memo[received_on] = due
        if due is None:
            return {"next_due_on": None, "next_due_kind": None}
        return {"next_due_on": due.due_on, "next_due_kind": due.kind._value_}
