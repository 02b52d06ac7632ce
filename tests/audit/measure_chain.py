"""The cost of the audit chain, measured (not a test): an audited service call, and a demo build.

    .venv/bin/python -m tests.audit.measure_chain calls 400
    .venv/bin/python -m tests.audit.measure_chain demo 20000

Run it against another checkout with PYTHONPATH=<that checkout>/src to compare.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from complaints_tui import services as s
from complaints_tui.store.engine import open_store

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)


def calls(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'calls.sqlite3'}")
        store.upgrade()
        admin = s.create_first_admin(store, "Ada Admin", now=NOW)
        handler = s.create_user(
            store, admin, s.NewUser("Cal Handler", s.Role.CALL_HANDLER), now=NOW
        )
        for n in range(20):  # warm up
            s.create_resident(store, handler, s.NewResident(f"Warm {n}"), now=NOW)
        started, cpu = time.perf_counter(), time.process_time()
        for n in range(count):
            s.create_resident(store, handler, s.NewResident(f"Resident {n}"), now=NOW)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        store.close()
    print(
        f"create_resident: {took / count * 1000:.2f} ms a call, "
        f"{cpu / count * 1000:.2f} ms CPU ({count} calls)"
    )


def demo(cases: int) -> None:
    from complaints_tui.services.demo.build import build_demo
    from complaints_tui.services.demo.recipe import DemoRecipe

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'demo.sqlite3'}")
        store.upgrade()
        started, cpu = time.perf_counter(), time.process_time()
        summary = build_demo(
            store, DemoRecipe(residents=cases // 5, cases=cases, seed=1, today=date(2026, 3, 2))
        )
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        store.close()
    events = summary.rows.get("events", 0)
    print(f"demo build, {cases} cases, {events} events: {took:.2f} s, {cpu:.2f} s CPU")


if __name__ == "__main__":
    {"calls": calls, "demo": demo}[sys.argv[1]](int(sys.argv[2]))
