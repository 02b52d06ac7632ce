"""SQLite's write lock: why a unit of work takes it up front, and the bounded retry when another
program holds it past the busy timeout. Locks are held by a second real connection."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from complaints_tui.services._core import unit_of_work
from complaints_tui.store import engine
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store, StoreBusy, open_store
from tests.conftest_store import sqlite_template

__all__ = ["sqlite_template"]

BUSY_MS = 100  # the busy timeout in these tests, so that "held past it" takes a moment


@pytest.fixture
def path(tmp_path: Path, sqlite_template: Path) -> Path:
    copy = tmp_path / "busy.sqlite3"
    copy.write_bytes(sqlite_template.read_bytes())
    return copy


@pytest.fixture
def quick_store(path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A store whose connections wait only BUSY_MS for a lock."""
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", BUSY_MS)
    opened = open_store(f"sqlite:///{path}")
    try:
        yield opened
    finally:
        opened.close()


def _setting(store: Store, key: str) -> str | None:
    with store.reading() as session:
        row = session.get(m.Setting, key)
        return row.value if row is not None else None


def _write_elsewhere(path: Path, key: str) -> None:
    other = sqlite3.connect(path, timeout=5)
    try:
        other.execute("INSERT INTO settings (key, value) VALUES (?, 'other')", (key,))
        other.commit()
    finally:
        other.close()


def test_sqlite_refuses_at_once_a_write_after_a_read_when_another_wrote_between(
    path: Path,
) -> None:
    """Why a unit of work takes the lock up front: a transaction that read, and then writes after
    another connection committed, is refused at once; its 5 s busy timeout does not help."""
    mine = sqlite3.connect(path, timeout=5, isolation_level=None)
    try:
        mine.execute("BEGIN")
        mine.execute("SELECT count(*) FROM settings").fetchall()  # the snapshot starts here
        _write_elsewhere(path, "theirs")
        started = time.perf_counter()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            mine.execute("INSERT INTO settings (key, value) VALUES ('mine', 'v')")
        assert time.perf_counter() - started < 1
    finally:
        mine.close()


def test_a_unit_of_work_holds_the_write_lock_so_another_waits_its_turn(
    quick_store: Store, path: Path
) -> None:
    """The same interleaving through `unit_of_work`: the other writer waits, both commit."""
    other_done = threading.Event()
    errors: list[BaseException] = []

    def other_writer() -> None:
        try:
            _write_elsewhere(path, "theirs")  # timeout=5 s: waits for the unit of work
        except BaseException as error:
            errors.append(error)
        other_done.set()

    with unit_of_work(quick_store) as session:
        session.scalars(select(m.Setting)).all()
        thread = threading.Thread(target=other_writer)
        thread.start()
        assert not other_done.wait(0.3), "the other writer got in while the lock was held"
        session.add(m.Setting(key="mine", value="v"))
    thread.join(10)
    assert not errors, errors
    assert _setting(quick_store, "mine") == "v"
    assert _setting(quick_store, "theirs") == "other"


def test_a_lock_held_past_the_busy_timeout_is_asked_for_again(
    quick_store: Store, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other program holds the lock past one look and lets go during the pause: the next
    look gets it, and the caller never hears of the first."""
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    pauses: list[float] = []

    def other_lets_go(seconds: float) -> None:
        pauses.append(seconds)
        blocker.execute("ROLLBACK")

    monkeypatch.setattr(engine.time, "sleep", other_lets_go)
    try:
        with unit_of_work(quick_store) as session:
            session.add(m.Setting(key="mine", value="v"))
    finally:
        blocker.close()
    assert len(pauses) == 1
    assert 0 < pauses[0] <= 1.5 * engine.WRITE_LOCK_PAUSE_MAX_S
    assert _setting(quick_store, "mine") == "v"


def test_a_lock_never_released_ends_in_one_sentence_after_the_wait(
    quick_store: Store, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bounded: after WRITE_LOCK_WAIT_S of short looks, the user's sentence; nothing saved, and
    the connection goes back to the pool with its usual busy timeout."""
    monkeypatch.setattr(engine, "WRITE_LOCK_WAIT_S", 0.5)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    started = time.perf_counter()
    try:
        with pytest.raises(StoreBusy) as caught, unit_of_work(quick_store) as session:
            session.add(m.Setting(key="mine", value="v"))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    waited = time.perf_counter() - started
    assert 0.5 <= waited < 5
    assert str(caught.value).endswith("is locked by another program; try again in a moment.")
    assert _setting(quick_store, "mine") is None
    with quick_store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_MS


BUSY_WRITER = """
import sqlite3, sys, time
other = sqlite3.connect(sys.argv[1], timeout=5, isolation_level=None)
print("started", flush=True)
ends = time.monotonic() + float(sys.argv[2])
while time.monotonic() < ends:
    other.execute("BEGIN IMMEDIATE")
    time.sleep(0.03)
    other.execute("COMMIT")
    time.sleep(0.003)
"""


def test_a_writer_that_lets_go_only_for_a_moment_does_not_starve_a_unit_of_work(
    quick_store: Store, path: Path
) -> None:
    """Another process holds the lock 30 ms at a time and takes it again 3 ms later (a terminal
    saving in a loop). SQLite's own waiting soon looks only every 100 ms and mostly misses
    the moment; the short looks find it."""
    other = subprocess.Popen(
        [sys.executable, "-c", BUSY_WRITER, str(path), "30"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert other.stdout is not None and other.stdout.readline() == "started\n"
        for number in range(20):
            with unit_of_work(quick_store) as session:
                session.add(m.Setting(key=f"mine-{number}", value="v"))
    finally:
        other.kill()
        other.wait()
    assert _setting(quick_store, "mine-19") == "v"
