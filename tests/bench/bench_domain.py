"""Domain benchmark: building the calendar, and 1,000,000 working-day due dates."""

from __future__ import annotations

import time
from datetime import date
from random import Random

from complaints_tui.domain.calendar import WorkingCalendar
from complaints_tui.domain.policy import DayUnit

COUNT = 1_000_000
BUDGET_SECONDS = 2.0


def _inputs(count: int, seed: int = 1) -> list[tuple[date, int]]:
    """Start dates spread over 2000-2059 (weekends and bank holidays included), n in 1..30."""
    rng = Random(seed)
    first = date(2000, 1, 1).toordinal()
    span = date(2059, 12, 31).toordinal() - first
    return [
        (date.fromordinal(first + rng.randrange(span)), rng.randint(1, 30)) for _ in range(count)
    ]


def run() -> list[tuple[str, str]]:
    started = time.perf_counter()
    calendar = WorkingCalendar()
    built = time.perf_counter() - started

    inputs = _inputs(COUNT)
    working = DayUnit.WORKING
    due_date = calendar.due_date
    started = time.perf_counter()
    for start, n in inputs:
        due_date(start, n, working)
    elapsed = time.perf_counter() - started

    per_call = elapsed / COUNT * 1e6
    verdict = "ok" if elapsed < BUDGET_SECONDS else f"OVER the {BUDGET_SECONDS:.0f} s budget"
    print(f"calendar build (1990-2080): {built * 1000:.1f} ms")
    print(f"due_date x {COUNT:,}: {elapsed:.3f} s ({per_call:.2f} µs each), {verdict}")
    return [
        ("calendar build, 1990-2080", f"{built * 1000:.1f} ms"),
        (f"due_date x {COUNT:,} (WD, n 1-30)", f"{elapsed:.3f} s ({per_call:.2f} µs each)"),
    ]


if __name__ == "__main__":
    run()
