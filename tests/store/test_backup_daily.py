"""The automatic daily SQLite backup: one copy on the first start of each day (the app's
`open_for_app` and a writing command both take it), only the newest `backups.keep` daily copies
kept, and other backups never touched. Days are fixed: a Friday, a weekend, a bank holiday."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from complaints_tui import services as s
from complaints_tui.cli import app
from complaints_tui.services.backups import back_up_daily, backups_kept, daily_backups
from complaints_tui.services.config import set_config
from complaints_tui.store.engine import open_store


def _database(tmp_path: Path, template: Path) -> Path:
    path = tmp_path / "office.sqlite3"
    shutil.copyfile(template, path)
    return path


def test_one_copy_a_day_and_only_the_newest_kept(tmp_path: Path, sqlite_template: Path) -> None:
    path = _database(tmp_path, sqlite_template)
    store = open_store(f"sqlite:///{path}")
    try:
        admin = s.create_first_admin(store, "Ada Admin", now=datetime(2026, 12, 1, tzinfo=UTC))
        assert backups_kept(store) == 7
        set_config(store, admin, "backups.keep", "3")
        assert backups_kept(store) == 3
        folder = tmp_path / "backups"
        hand_made = store.backup(folder / "office-by-hand.sqlite3")
        # Friday 18 Dec 2026, then Christmas (Fri 25, bank holiday), the weekend, Mon 28 (the
        # substitute Boxing Day) and Tue 29 December: a copy for every day the office opened it.
        days = [(12, 18), (12, 25), (12, 26), (12, 28), (12, 29)]
        taken = []
        for month, day in days:
            moment = datetime(2026, month, day, 8, 30, tzinfo=UTC)
            first = back_up_daily(store, now=moment)
            assert (
                first is not None and first.name == f"office-2026{month:02}{day:02}-daily.sqlite3"
            )
            assert back_up_daily(store, now=moment.replace(hour=16)) is None  # once a day
            taken.append(first)
        assert daily_backups(folder, path) == taken[-3:]
        assert hand_made.exists()
        # 23:30 UTC on 31 July is already 1 August in England.
        late = back_up_daily(store, now=datetime(2027, 7, 31, 23, 30, tzinfo=UTC))
        assert late is not None and late.name == "office-20270801-daily.sqlite3"
        copy = open_store(f"sqlite:///{late}", read_only=True)
        try:
            assert [user.name for user in s.list_users(copy)] == ["Ada Admin"]
        finally:
            copy.close()
    finally:
        store.close()


def test_the_app_and_a_writing_command_take_the_days_copy(
    tmp_path: Path, sqlite_template: Path
) -> None:
    path = _database(tmp_path, sqlite_template)
    url = f"sqlite:///{path}"
    store = s.open_for_app(url)
    store.close()
    assert len(daily_backups(tmp_path / "backups", path)) == 1
    for copy in daily_backups(tmp_path / "backups", path):
        copy.unlink()
    added = CliRunner().invoke(app, ["--db", url, "users", "add", "Ada", "--role", "admin"])
    assert added.exit_code == 0, added.output
    assert len(daily_backups(tmp_path / "backups", path)) == 1
    listed = CliRunner().invoke(app, ["--db", url, "users", "list"])  # a reader takes none
    assert listed.exit_code == 0 and len(daily_backups(tmp_path / "backups", path)) == 1


def test_a_copy_that_cannot_be_made_does_not_stop_the_office(
    tmp_path: Path, sqlite_template: Path
) -> None:
    path = _database(tmp_path, sqlite_template)
    (tmp_path / "backups").write_text("a file where the folder should be")
    store = s.open_for_app(f"sqlite:///{path}")
    try:
        assert s.needs_first_run(store)
    finally:
        store.close()
