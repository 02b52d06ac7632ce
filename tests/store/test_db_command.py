"""`complaints db upgrade` and `complaints db backup` through the real CLI."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from complaints_tui.cli import app
from complaints_tui.store.migrate import head_revision


def test_upgrade_then_backup(tmp_path: Path) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    first = runner.invoke(app, ["--db", url, "db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert f"from schema none to {head_revision()}" in first.output
    again = runner.invoke(app, ["--db", url, "db", "upgrade"])
    assert again.exit_code == 0 and "up to date" in again.output
    copy = tmp_path / "copy.sqlite3"
    backup = runner.invoke(app, ["--db", url, "db", "backup", "--to", str(copy)])
    assert backup.exit_code == 0 and copy.exists() and str(copy) in backup.output


def test_errors_are_one_sentence_and_exit_1(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["--db", f"sqlite:///{tmp_path / 'none.sqlite3'}", "db", "backup"])
    assert missing.exit_code == 1 and "There is no database file" in missing.output
    assert "Traceback" not in missing.output
    bad = runner.invoke(app, ["--db", "sqlite:////no/such/dir/x.sqlite3", "db", "upgrade"])
    assert bad.exit_code == 1 and "does not exist" in bad.output
