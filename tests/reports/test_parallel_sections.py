"""`read_sections`: a report's sections read by two workers give the results in the order asked,
report each section to the progress bar once, and pass a section's failure on as raised."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import pytest

from complaints_tui.services.errors import ServiceError
from complaints_tui.services.reports.access import Steps
from complaints_tui.services.reports.parallel import read_sections
from complaints_tui.store.engine import Store


class _Sessions:
    """A store whose read sessions are plain objects, counting how many were opened at once."""

    def __init__(self) -> None:
        self.opened = 0
        self.lock = threading.Lock()

    @contextmanager
    def reading(self) -> Iterator[object]:
        with self.lock:
            self.opened += 1
        yield object()


def _store(sessions: _Sessions) -> Store:
    return cast(Store, sessions)


def test_results_keep_the_order_asked_and_each_section_is_announced_once() -> None:
    sessions = _Sessions()
    both_started = threading.Barrier(2, timeout=10)

    def waits(value: int) -> Any:
        def read(_session: object) -> int:
            both_started.wait()  # only passes if two workers really read at the same time
            return value

        return read

    seen: list[tuple[str, int, int]] = []
    sections = [("first", waits(1)), ("second", waits(2))]
    sections += [(f"more {n}", lambda _s, n=n: n * 10) for n in range(3, 7)]
    results = read_sections(
        _store(sessions), sections, Steps(lambda *a: seen.append(a), len(sections))
    )
    assert results == [1, 2, 30, 40, 50, 60]
    assert sorted(what for what, _, _ in seen) == sorted(what for what, _ in sections)
    assert sorted(done for _, done, _ in seen) == list(range(len(sections)))
    assert sessions.opened == 2  # one read session per worker, not one per section


def test_a_failing_section_is_raised_after_the_others_stop() -> None:
    finished: list[str] = []

    def fails(_session: object) -> None:
        raise ServiceError("The period is not a year.")

    def works(_session: object) -> str:
        finished.append("works")
        return "ok"

    with pytest.raises(ServiceError, match="not a year"):
        read_sections(_store(_Sessions()), [("bad", fails), ("good", works)], Steps(None, 2))
    assert finished == ["works"]
