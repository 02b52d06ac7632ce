"""A demo build stopped or failing half way keeps nothing (issue 18, point 6): no rows, every
index still there, and the next build (or any other command) finds the database as it was."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, inspect
from sqlalchemy import select as sql_select
from typer.testing import CliRunner

from complaints_tui.cli import app
from complaints_tui.services.demo import DemoRecipe, build_demo
from complaints_tui.services.demo.build import LOADED_TABLES
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

RECIPE = DemoRecipe(residents=40, cases=300, seed=5, today=date(2026, 3, 2))
STATE_TABLES = (*LOADED_TABLES, "settings", "case_counters")


class Stop(Exception):
    """The failure a test injects half way through a build."""


def state(store: Store) -> dict[str, object]:
    """What a build could change: every table's row count and every table's indexes."""
    with store.engine.connect() as connection:
        counts = {
            name: connection.execute(
                sql_select(func.count()).select_from(m.Base.metadata.tables[name])
            ).scalar()
            for name in STATE_TABLES
        }
        inspector = inspect(connection)
        indexes = {
            name: sorted(str(index["name"]) for index in inspector.get_indexes(name))
            for name in STATE_TABLES
        }
    return {"rows": counts, "indexes": indexes}


@pytest.mark.parametrize(
    ("phase", "error"),
    [
        ("residents", KeyboardInterrupt),  # residents written, indexes dropped
        ("cases", Stop),  # cases written too
        ("indexes", KeyboardInterrupt),  # some indexes built again, not all
        ("analyse", Stop),  # all done but the commit
    ],
)
def test_a_build_stopped_half_way_keeps_nothing(
    store: Store, phase: str, error: type[BaseException]
) -> None:
    before = state(store)
    assert sum(before["rows"].values()) == 0  # type: ignore[attr-defined]

    def stop(at: str, done: int, total: int) -> None:
        # Once some of the phase is done (on PostgreSQL, which keeps its indexes through the
        # load, the index phase has nothing to do).
        if at == phase and (done > 0 or total == 0):
            raise error

    with pytest.raises(error):
        build_demo(store, RECIPE, stop, batch_cases=100)
    assert state(store) == before
    summary = build_demo(store, RECIPE)
    assert summary.rows["cases"] == RECIPE.cases
    assert state(store)["indexes"] == before["indexes"]


# -- the command, stopped by a signal ------------------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_RESIDENTS_WRITTEN = re.compile(r"Residents\b[^\n\r]*?\b([0-9]+)/200000")


def _complaints() -> list[str]:
    script = shutil.which("complaints", path=str(Path(sys.executable).parent))
    return (
        [script]
        if script
        else [sys.executable, "-c", "from complaints_tui.cli import main; main()"]
    )


def _default_sigint() -> None:
    # A child of a shell's background job inherits SIGINT ignored; Ctrl-C must reach this one.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Terminal:
    """A command whose stderr is a terminal (so that it draws its progress bars), read as it
    goes."""

    def __init__(self, *args: str) -> None:
        master, child = pty.openpty()
        env = {**os.environ, "COLUMNS": "120", "TERM": "xterm-256color"}
        env.pop("NO_COLOR", None)
        self.process = subprocess.Popen(
            [*_complaints(), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=child,
            env=env,
            preexec_fn=_default_sigint,
        )
        os.close(child)
        self.master = master
        self.text = ""

    def read(self, timeout: float) -> bool:
        """Read what has come within `timeout` seconds; False once the command has closed it."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: every copy of the terminal's other end is closed
            return False
        self.text += _ANSI.sub("", chunk.decode("utf-8", "replace"))
        return bool(chunk)

    def wait_for(self, pattern: re.Pattern[str], seconds: float) -> re.Match[str]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for found in pattern.finditer(self.text):
                if int(found.group(1)) > 0:
                    return found
            if not self.read(0.2) or self.process.poll() is not None:
                break
        raise AssertionError(f"never saw {pattern.pattern}; the terminal showed {self.text!r}")

    def finish(self, seconds: float) -> int:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.read(0.2):
            pass
        code = self.process.wait(timeout=max(1.0, deadline - time.monotonic()))
        os.close(self.master)
        assert self.process.stdout is not None
        self.process.stdout.close()
        return code


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_the_command_stopped_by_a_signal_keeps_nothing(
    tmp_path: Path, sqlite_template: Path, signum: int, code: int
) -> None:
    path = tmp_path / "stopped.sqlite3"
    url = f"sqlite:///{path}"
    command = Terminal("--db", url, "demo", "--residents", "200000", "--cases", "400000")
    try:
        command.wait_for(_RESIDENTS_WRITTEN, seconds=60)  # rows written, indexes dropped
        command.process.send_signal(signum)
        assert command.finish(seconds=30) == code, command.text
    finally:
        if command.process.poll() is None:
            command.process.kill()
            command.process.wait()
    said = command.text.strip().splitlines()[-1]
    assert said == "The demo was stopped before it finished, so none of its data was kept."

    with sqlite3.connect(path) as stopped, sqlite3.connect(sqlite_template) as fresh:
        for table in ("residents", "events", "cases", "users"):
            assert stopped.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
        indexes = "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name"
        assert stopped.execute(indexes).fetchall() == fresh.execute(indexes).fetchall()
    stopped.close()
    fresh.close()

    runner = CliRunner()
    exported = runner.invoke(app, ["--db", url, "export", "cases"])
    assert exported.exit_code == 0 and len(exported.stdout.splitlines()) == 1  # the header
    upgraded = runner.invoke(app, ["--db", url, "db", "upgrade"])
    assert upgraded.stdout.startswith("The database is up to date")
    again = runner.invoke(app, ["--db", url, "demo", "--residents", "20", "--cases", "100"])
    assert again.exit_code == 0, again.output
