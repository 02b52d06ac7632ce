"""UI timings on a 100,000-case demo database (issue 4's speed targets).

1. Process start → the lookup screen ready for typing (search box focused), beside a bare Textual
   app with one Input in the same run; each a fresh `python` process, run headless, median of 5.
   Also process start → the store open and the first search answered, for honesty: the lookup is
   drawn before the store finishes opening (keys typed meanwhile wait in the box).
2. Search keystroke → results shown: a character added to the search box, until the table holds
   that query's page (the worker's SQL, the hand-back to the UI thread, the table filled). Keys
   come 0.1 s apart, as a fast typist's do: typing into a screen that has not painted the last
   results timed that paint (p95 70-170 ms) rather than the search. The wait is on the screen's
   own step that shows the results, not a busy poll that starves the search thread of the GIL.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from complaints_tui.domain.roles import Role

CASES = int(os.environ.get("COMPLAINTS_BENCH_UI_CASES", "100000"))
RUNS = 5
REPO = Path(__file__).resolve().parents[2]

# Each child prints the wall-clock moment its search box is focused and drawn, then exits.
BARE_APP = """
import time
from textual.app import App
from textual.widgets import Input
class Bare(App[None]):
    def compose(self):
        yield Input()
    def on_mount(self):
        self.query_one(Input).focus()
        self.call_after_refresh(self.ready)
    def ready(self):
        print("READY", time.time(), flush=True)
        self.exit()
Bare().run(headless=True)
"""

OUR_APP = """
import sys, time
from complaints_tui.app import create_app
app = create_app(sys.argv[1], user_id=int(sys.argv[2]))
def ready():
    print("READY", time.time(), flush=True)
    app.exit()
app.lookup_ready = ready
app.run(headless=True)
"""

# Start, then exit once the store is open and a first search has been answered.
OUR_APP_FIRST_SEARCH = """
import sys, time
from complaints_tui.app import create_app
from complaints_tui.screens.lookup import LookupScreen
app = create_app(sys.argv[1], user_id=int(sys.argv[2]))
shown = LookupScreen._show
def show(self, rows, has_more, status):
    shown(self, rows, has_more, status)
    if rows:
        print("READY", time.time(), flush=True)
        app.exit()
LookupScreen._show = show
original = LookupScreen.on_mount
def on_mount(self):
    original(self)
    self.query_one("#search").value = "smith"
LookupScreen.on_mount = on_mount
app.run(headless=True)
"""


def _database() -> tuple[str, int]:
    """The store bench's demo database at this size (built once, cached under a digest of all
    that shapes it), and a call handler to sign in as."""
    from tests.bench.bench_store import _database as demo_database

    path, _ = demo_database(CASES)
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            "SELECT id FROM users WHERE role = ? ORDER BY id LIMIT 1", (Role.CALL_HANDLER.value,)
        ).fetchone()
    connection.close()
    return f"sqlite:///{path}", int(row[0])


def _process_seconds(code: str, *args: str) -> float:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    ready = next(line for line in done.stdout.splitlines() if line.startswith("READY"))
    return float(ready.split()[1]) - started


def _startup(url: str, user_id: int) -> tuple[float, float, float]:
    bare, ours, first = [], [], []
    _process_seconds(BARE_APP)  # warm the file cache for both
    _process_seconds(OUR_APP, url, str(user_id))
    for _ in range(RUNS):
        bare.append(_process_seconds(BARE_APP))
        ours.append(_process_seconds(OUR_APP, url, str(user_id)))
        first.append(_process_seconds(OUR_APP_FIRST_SEARCH, url, str(user_id)))
    return statistics.median(bare), statistics.median(ours), statistics.median(first)


async def _keystrokes(url: str, user_id: int) -> list[float]:
    from textual.widgets import Input

    from complaints_tui.app import create_app
    from complaints_tui.screens.lookup import LookupScreen

    app = create_app(url, user_id=user_id)
    timings: list[float] = []
    async with app.run_test(size=(120, 36)) as pilot:
        while not isinstance(app.screen, LookupScreen) or not app.session.is_open:
            await pilot.pause(0.05)
        lookup = app.screen
        search = lookup.query_one("#search", Input)
        # Wait on the screen's own "results shown" step rather than polling: a busy poll keeps
        # the event loop spinning and starves the search thread of the GIL, which measured the
        # poll (p95 70-170 ms) more than the search (2 ms of SQL).
        shown = asyncio.Event()
        show_page = lookup._show_page

        def show_and_signal(*args: Any) -> None:
            show_page(*args)
            if lookup.results_for == lookup.searching_for:
                shown.set()

        lookup._show_page = show_and_signal  # type: ignore[method-assign]
        for word in ("smith", "jones", "high", "de1", "taylor", "park", "brown", "evans"):
            search.value = ""
            await pilot.pause(0.05)
            for character in word:
                wanted = (search.value + character).strip()
                shown.clear()
                started = time.perf_counter()
                search.insert_text_at_cursor(character)
                while lookup.searching_for != wanted or lookup.results_for != wanted:
                    await shown.wait()
                    shown.clear()
                timings.append(time.perf_counter() - started)
                # A fast typist's next key comes 100+ ms later; by then the results are painted.
                # Typing into an unpainted screen timed the previous paint, not this search.
                await pilot.pause(0.1)
        await pilot.pause()
    return timings


def run() -> list[tuple[str, str]]:
    url, user_id = _database()
    bare, ours, first = _startup(url, user_id)
    typed = asyncio.run(_keystrokes(url, user_id))
    typed.sort()
    p95 = typed[int(len(typed) * 0.95) - 1]
    keystroke = statistics.median(typed)
    # PASS / OVER beside each target: run_all fails `make bench` on an OVER.
    start_verdict = "PASS" if ours / bare <= 1.5 else "OVER"
    keystroke_verdict = "PASS" if keystroke < 0.050 else "OVER"
    return [
        (f"UI bench database ({CASES:,} cases)", url.removeprefix("sqlite:///")),
        ("start → typing ready: bare Textual app (median of 5)", f"{bare * 1000:.0f} ms"),
        ("start → lookup ready for typing (median of 5)", f"{ours * 1000:.0f} ms"),
        ("  ratio to the bare app (target ≤ 1.5)", f"{ours / bare:.2f}× {start_verdict}"),
        ("start → store open and first search shown", f"{first * 1000:.0f} ms"),
        (
            f"search keystroke → results shown (median of {len(typed)}, target < 50 ms)",
            f"{keystroke * 1000:.1f} ms {keystroke_verdict}",
        ),
        ("search keystroke → results shown (95th percentile)", f"{p95 * 1000:.1f} ms"),
    ]


if __name__ == "__main__":
    for what, figure in run():
        print(f"{what:<70} {figure}")
