"""SQLite's write lock: why a unit of work takes it up front, and the bounded retry when another
program holds it past the busy timeout. Locks are held by a second real connection."""

from __future__ import annotations

import sqlite3
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
    """The other program holds the lock past the busy timeout and lets go during the pause:
    the second ask gets it, and the caller never hears of the first."""
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
    assert 0.5 * engine.WRITE_LOCK_PAUSE_S <= pauses[0] <= 1.5 * engine.WRITE_LOCK_PAUSE_S
    assert _setting(quick_store, "mine") == "v"


def test_a_lock_never_released_ends_in_one_sentence_after_bounded_tries(
    quick_store: Store, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[float] = []
    real_begin = Store._begin

    def counting(self: Store, write_lock: bool) -> object:
        asked.append(time.perf_counter())
        return real_begin(self, write_lock)

    attempts: list[int] = []
    real_sleep = time.sleep
    monkeypatch.setattr(engine.time, "sleep", lambda s: (attempts.append(1), real_sleep(s)))
    monkeypatch.setattr(Store, "_begin", counting)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreBusy) as caught, unit_of_work(quick_store) as session:
            session.add(m.Setting(key="mine", value="v"))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert str(caught.value).endswith("is locked by another program; try again in a moment.")
    assert len(asked) == 1
    assert len(attempts) == engine.WRITE_LOCK_TRIES - 1  # a pause between each two asks
    assert _setting(quick_store, "mine") is None
