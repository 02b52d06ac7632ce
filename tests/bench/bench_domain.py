"""Domain benchmark: building the calendar, and 1,000,000 working-day due dates.

Target (issue 3): 1,000,000 due dates in under 2 s. One untimed warm-up pass over 100,000 dates,
then `RUNS` timed passes over the full 1,000,000; the figure is the median pass (the slowest is
printed beside it). A median over the target says OVER, and `run_all` then exits nonzero.
"""

from __future__ import annotations

import statistics
import time
from datetime import date
from random import Random

from complaints_tui.domain.calendar import WorkingCalendar
from complaints_tui.domain.policy import DayUnit

COUNT = 1_000_000
BUDGET_SECONDS = 2.0
RUNS = 5
WARMUP = 100_000


def _inputs(count: int, seed: int = 1) -> list[tuple[date, int]]:
    """Start dates spread over 2000-2059 (weekends and bank holidays included), n in 1..30."""
    rng = Random(seed)
    first = date(2000, 1, 1).toordinal()
    span = date(2059, 12, 31).toordinal() - first
    return [
        (date.fromordinal(first + rng.randrange(span)), rng.randint(1, 30)) for _ in range(count)
    ]


def _pass(calendar: WorkingCalendar, inputs: list[tuple[date, int]]) -> float:
    working = DayUnit.WORKING
    due_date = calendar.due_date
    started = time.perf_counter()
    for start, n in inputs:
        due_date(start, n, working)
    return time.perf_counter() - started


def run() -> list[tuple[str, str]]:
    started = time.perf_counter()
    calendar = WorkingCalendar()
    built = time.perf_counter() - started

    inputs = _inputs(COUNT)
    _pass(calendar, inputs[:WARMUP])
    passes = [_pass(calendar, inputs) for _ in range(RUNS)]
    elapsed = statistics.median(passes)

    per_call = elapsed / COUNT * 1e6
    verdict = "PASS" if elapsed < BUDGET_SECONDS else "OVER"
    figure = (
        f"{elapsed:.3f} s (slowest {max(passes):.3f} s; {per_call:.2f} µs each); "
        f"target < {BUDGET_SECONDS:g} s: {verdict}"
    )
    print(f"calendar build (1990-2080): {built * 1000:.1f} ms")
    print(f"due_date x {COUNT:,}: {figure}", flush=True)
    return [
        ("calendar build, 1990-2080", f"{built * 1000:.1f} ms"),
        (f"due_date x {COUNT:,} (WD, n 1-30), median of {RUNS} after a warm-up", figure),
    ]


if __name__ == "__main__":
    from tests.bench.run_all import main

    raise SystemExit(main(["bench_domain"]))
