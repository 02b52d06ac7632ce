"""When contacts come in, and which of them live the lives every demo shows however small."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, timedelta

from complaints_tui.domain.calendar import WorkingCalendar
from complaints_tui.domain.kinds import ContactKind
from complaints_tui.services.demo.chance import FastRandom
from complaints_tui.services.demo.recipe import DemoRecipe

# Lives every demo shows, however small: (scenario, about how many days before today the
# complaint came in). The complaint received nearest that day lives it; the rest is chance.
SHOWCASE: tuple[tuple[str, int], ...] = (
    ("not_accepted", 300),  # refused under one of the profile's exclusions
    ("withdrawn", 200),
    ("escalated", 150),  # asked for stage 2
    ("extended", 75),  # stage 1 response date moved
    ("overdue", 45),  # stage 1 still unanswered, past its date
    ("responded", 35),  # answered, not yet closed
)


def showcase(dates: Sequence[date], kinds: Sequence[ContactKind], today: date) -> dict[int, str]:
    """Which contact (by index) lives each SHOWCASE scenario: the complaint nearest its day."""
    chosen: dict[int, str] = {}
    for scenario, days_ago in SHOWCASE:
        start = bisect_right(dates, today - timedelta(days=days_ago))
        found = False
        for distance in range(len(dates) + 1):
            for index in (start - 1 - distance, start + distance):
                if not 0 <= index < len(dates) or index in chosen:
                    continue
                if kinds[index] is ContactKind.COMPLAINT:
                    chosen[index] = scenario
                    found = True
                    break
            if found or (start - 1 - distance < 0 and start + distance >= len(dates)):
                break
    return chosen


def received_dates(recipe: DemoRecipe, today: date, calendar: WorkingCalendar) -> list[date]:
    """When each contact came in: spread over the recipe's years, mostly on working days."""
    rng = FastRandom(f"{recipe.seed}:received")
    span = max(1, int(365 * recipe.years))
    first = today.toordinal() - span
    out: list[int] = []
    while len(out) < recipe.cases:
        ordinal = first + rng.randint(0, span)
        day = date.fromordinal(ordinal)
        if not calendar.is_working_day(day) and rng.random() > 0.15:
            continue
        out.append(ordinal)
    out.sort()
    return [date.fromordinal(o) for o in out]
