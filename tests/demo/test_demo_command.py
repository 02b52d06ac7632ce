"""`complaints demo` given bad input (issue 18, points 3, 5 and the demo's part of 15): each
refusal is one sentence on stderr, first thing, never a traceback, and a refused date writes
nothing, not even a database file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from complaints_tui.cli import app
from complaints_tui.store import engine


@dataclass(frozen=True)
class Held:
    path: Path
    other: sqlite3.Connection  # the other program, in the middle of a write transaction


SMALL = ["--residents", "20", "--cases", "100", "--seed", "4", "--today", "2026-03-02"]


def demo(path: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", f"sqlite:///{path}", "demo", *args])


def sentence(result: Result, code: int = 1) -> str:
    """The refusal: exit `code`, and stderr exactly one line (no blank line before it)."""
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, repr(result.stderr)
    return result.stderr.rstrip("\n")


@pytest.fixture
def held(tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Held]:
    """A database another program is writing to (a write transaction left open), with the busy
    timeout cut so that the test need not wait five seconds for the lock."""
    path = tmp_path / "held.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO settings (key, value) VALUES ('other', 'program')")
    try:
        yield Held(path, other)
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


def test_a_database_another_program_is_writing_to_is_one_sentence(held: Held) -> None:
    said = sentence(demo(held.path, *SMALL))
    assert said == (
        f"The demo was not built: The database sqlite:///{held.path} is locked by another "
        "program; try again in a moment."
    )
    held.other.execute("COMMIT")
    result = demo(held.path, *SMALL)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("today", "why"),
    [
        ("1900-01-01", "--today: 1900-01-01 is outside 1990-01-01 to 2080-12-31, "
                       "the years the working-day calendar is built for"),
        ("2081-01-01", "--today: 2081-01-01 is outside 1990-01-01 to 2080-12-31, "
                       "the years the working-day calendar is built for"),
        ("2026-02-30", "--today: '2026-02-30' is not a real date: February 2026 has 28 days"),
        ("02/03/2026", "--today: '02/03/2026' is not a date in the form YYYY-MM-DD"),
    ],
)  # fmt: skip
def test_a_day_the_calendar_does_not_cover_writes_nothing(
    tmp_path: Path, today: str, why: str
) -> None:
    path = tmp_path / "new.sqlite3"
    assert sentence(demo(path, "--today", today), code=2) == why
    assert list(tmp_path.iterdir()) == []


def test_the_first_and_last_covered_years_build(tmp_path: Path) -> None:
    for today in ("1990-01-01", "2080-12-31"):
        path = tmp_path / f"{today}.sqlite3"
        result = demo(path, "--residents", "20", "--cases", "60", "--today", today)
        assert result.exit_code == 0, result.output
        assert f"as of {today}:" in result.stdout


def test_a_refusal_starts_with_its_sentence(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    assert demo(path, *SMALL).exit_code == 0
    said = sentence(demo(path, *SMALL))
    assert said == (
        f"The database sqlite:///{path} already has cases; build the demo in a new database."
    )
    said = sentence(demo(tmp_path / "d.sqlite3", *SMALL, "--profile", "no-such-profile"))
    assert said.startswith("The demo was not built: no-such-profile: no such policy profile")
