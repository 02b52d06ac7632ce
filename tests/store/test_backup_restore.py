"""`complaints db backup` and `complaints db restore` through the real CLI: a round trip on SQLite
(the database as it was kept first; refused while another program writes; a file that is not a
backup refused in a sentence) and, with the `postgres` marker, through pg_dump and pg_restore."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from complaints_tui.cli import app
from complaints_tui.services.demo import DemoRecipe, build_demo
from complaints_tui.store.engine import open_store
from tests.pg_url import scratch_database


def run(url: str, *args: str, answer: str | None = None) -> Result:
    return CliRunner().invoke(app, ["--db", url, *args], input=answer)


def export(url: str) -> str:
    """Everything the export carries, cases then residents: what must survive the round trip."""
    cases, residents = run(url, "export", "cases"), run(url, "export", "residents")
    assert cases.exit_code == 0 and residents.exit_code == 0, cases.output + residents.output
    return cases.stdout + residents.stdout


def users(url: str) -> str:
    listed = run(url, "users", "list")
    assert listed.exit_code == 0, listed.output
    return listed.stdout


def refused(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[-1]


def _with_demo(url: str) -> None:
    store = open_store(url)
    try:
        store.upgrade()
        build_demo(store, DemoRecipe(residents=15, cases=40, seed=3, profile="derby-homes"))
    finally:
        store.close()


def _round_trip(url: str, copy: Path) -> None:
    before, staff = export(url), users(url)
    made = run(url, "db", "backup", "--to", str(copy))
    assert made.exit_code == 0 and copy.is_file(), made.output
    added = run(url, "users", "add", "Late Comer", "--role", "admin")
    assert added.exit_code == 0, added.output
    assert "Late Comer" in users(url)
    not_asked = run(url, "db", "restore", str(copy), answer="n\n")
    assert not_asked.exit_code == 1, not_asked.output
    assert not_asked.stderr.startswith("Replace everything in ")  # the question, on stderr
    assert not_asked.stderr.rstrip().endswith("? [y/N]:Nothing was restored.")
    assert "Late Comer" in users(url)
    restored = run(url, "db", "restore", str(copy), answer="y\n")
    assert restored.exit_code == 0, restored.output
    assert f"Restored the database from {copy}." in restored.stdout
    assert users(url) == staff and "Late Comer" not in users(url)
    assert export(url) == before


def test_sqlite_round_trip_keeps_the_database_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    url = f"sqlite:///{path}"
    _with_demo(url)
    _round_trip(url, tmp_path / "saved" / "copy.sqlite3")
    kept = list((tmp_path / "backups").glob("office-*-before-restore.sqlite3"))
    assert len(kept) == 1  # the restore that was not confirmed copied nothing aside
    newest = max(kept)
    assert "Late Comer" in users(f"sqlite:///{newest}")


def test_restoring_into_a_database_the_app_has_open(tmp_path: Path) -> None:
    """Another terminal's open store reads the restored data at once (pages copied under the
    lock, never the file swapped from under it)."""
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    _with_demo(url)
    copy = tmp_path / "copy.sqlite3"
    assert run(url, "db", "backup", "--to", str(copy)).exit_code == 0
    assert run(url, "users", "add", "Late Comer", "--role", "admin").exit_code == 0
    other = open_store(url)
    try:
        from complaints_tui.services.people.users import list_users

        assert "Late Comer" in [user.name for user in list_users(other)]
        assert run(url, "db", "restore", str(copy), "--yes").exit_code == 0
        assert "Late Comer" not in [user.name for user in list_users(other)]
    finally:
        other.close()


@pytest.fixture
def writing(tmp_path: Path) -> Iterator[str]:
    """A database another process is writing to (it holds the write lock)."""
    path = tmp_path / "office.sqlite3"
    url = f"sqlite:///{path}"
    _with_demo(url)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); sys.stdin.read()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    try:
        yield url
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(10)


def test_restore_is_refused_while_another_program_writes(writing: str, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite3"
    assert run(writing, "db", "backup", "--to", str(copy)).exit_code == 0
    said = refused(run(writing, "db", "restore", str(copy), "--yes"))
    assert said.startswith("Nothing was restored: Another program is writing to")


def test_what_is_not_a_backup_is_refused_in_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    url = f"sqlite:///{path}"
    _with_demo(url)
    before = export(url)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not sqlite\n" * 500)
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as foreign:
        foreign.execute("CREATE TABLE t (x)")
    cases = {
        junk: "is not a backup of a complaints database",
        other: "is not a backup of a complaints database",
        tmp_path / "absent.sqlite3": "There is no backup file at",
        tmp_path: "is a folder: give the backup file to restore",
        path: "is the database itself, not a backup of it",
    }
    for given, words in cases.items():
        said = refused(run(url, "db", "restore", str(given), "--yes"))
        assert said.startswith("Nothing was restored: ") and words in said, said
    assert export(url) == before
    assert not (tmp_path / "backups").exists()  # nothing was even copied aside


@pytest.mark.postgres
def test_postgresql_round_trip(tmp_path: Path) -> None:
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not on PATH")
    with scratch_database("backup") as url:
        _with_demo(url)
        _round_trip(url, tmp_path / "office.dump")
        damaged = tmp_path / "damaged.dump"
        damaged.write_bytes(b"PGDMP" + b"\0" * 100)
        said = refused(run(url, "db", "restore", str(damaged), "--yes"))
        assert said.startswith("Nothing was restored: Restoring postgresql+psycopg://")
        assert "***" in said or ":" not in said.split("@")[0].split("//")[1]


def test_pg_dump_missing_is_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from complaints_tui.store import backups

    monkeypatch.setattr(backups.shutil, "which", lambda _name: None)
    with pytest.raises(backups.StoreError, match="pg_dump is not installed here"):
        backups.backup_postgres(open_store(f"sqlite:///{tmp_path / 'x.sqlite3'}"), tmp_path / "d")
