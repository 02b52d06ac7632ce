"""Start-up errors (issue 12, bad input): a damaged or missing policy profile, a read-only or
locked SQLite file, a folder given as the database and an unreachable PostgreSQL server each
stop a reading command, a writing command and `complaints tui` with one sentence on stderr and
exit 1, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from complaints_tui.cli import app
from complaints_tui.locations import data_dir
from complaints_tui.services._core import profile_named

READ = ["report", "backlog"]
WRITE = ["users", "add", "Zed Quinn", "--role", "admin"]
TUI = ["tui"]
COMMANDS = [pytest.param(READ, id="read"), pytest.param(WRITE, id="write")]


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", url, *args])


def one_sentence(result: Result) -> str:
    """The error, checked to be one line on stderr, a failing exit (2: a refusal, for the
    commands that tell one apart), no traceback."""
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def database(tmp_path: Path, sqlite_template: Path) -> Path:
    path = tmp_path / "c.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return path


@pytest.fixture
def policies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the shipped data folder the program reads instead, to damage."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    monkeypatch.setenv("COMPLAINTS_DATA_DIR", str(copy))
    profile_named.cache_clear()
    yield copy / "policies"
    profile_named.cache_clear()


def _headless_run(self: Any, *args: Any, **kwargs: Any) -> None:
    """`App.run` without a terminal: waits until the database has failed to open, then leaves,
    as the user would after reading the message."""
    from textual.app import App

    async def leave_once_told(pilot: Any) -> None:
        while self.session.store_error is None:
            await pilot.pause(0.05)
        self.exit()

    App.run(self, headless=True, auto_pilot=leave_once_told)


@pytest.mark.parametrize("command", [*COMMANDS, pytest.param(TUI, id="tui")])
@pytest.mark.parametrize(
    ("damage", "said"),
    [
        ("this is [not toml", "hos-code.toml: not valid TOML"),
        (None, "hos-code: no such policy profile"),
    ],
    ids=["corrupt", "missing"],
)
def test_a_damaged_or_missing_profile(
    database: Path,
    policies: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    damage: str | None,
    said: str,
) -> None:
    url = f"sqlite:///{database}"
    assert run(url, "users", "add", "Ada Admin", "--role", "admin").exit_code == 0
    profile = policies / "hos-code.toml"
    if damage is None:
        profile.unlink()
    else:
        profile.write_text(damage, encoding="utf-8")
    if command == TUI:
        from complaints_tui.app import ComplaintsApp

        monkeypatch.setattr(ComplaintsApp, "run", _headless_run)
    if command == WRITE:
        # Adding a user needs no profile; recording a closure day checks it.
        command = ["calendar", "close", "2026-12-24", "--reason", "Christmas"]
    sentence = one_sentence(run(url, *command))
    assert "policy profile cannot be used" in sentence and said in sentence


@pytest.mark.parametrize("command", [*COMMANDS, pytest.param(TUI, id="tui")])
def test_a_folder_given_as_the_database(tmp_path: Path, command: list[str]) -> None:
    sentence = one_sentence(run(f"sqlite:///{tmp_path}", *command))
    assert sentence.startswith(f"{tmp_path} is a folder, not a database file")


@pytest.mark.parametrize("command", [*COMMANDS, pytest.param(TUI, id="tui")])
def test_a_damaged_database_file(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"not a database at all\n" * 300)
    sentence = one_sentence(run(f"sqlite:///{path}", *command))
    assert "is not a complaints database" in sentence


@pytest.mark.parametrize("command", [*COMMANDS, pytest.param(TUI, id="tui")])
def test_an_unreachable_postgresql_server(command: list[str]) -> None:
    sentence = one_sentence(run("postgresql+psycopg://clerk:secret@127.0.0.1:1/c", *command))
    assert "cannot be reached" in sentence and "127.0.0.1:1" in sentence
    assert "secret" not in sentence


@pytest.fixture
def held(database: Path) -> Iterator[Path]:
    """The database with another process holding its write lock."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "c.execute('BEGIN EXCLUSIVE'); print('held', flush=True); sys.stdin.read()",
            str(database),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    try:
        yield database
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(10)


@pytest.mark.parametrize("command", [pytest.param(WRITE, id="write"), pytest.param(TUI, id="tui")])
def test_a_locked_database(held: Path, command: list[str]) -> None:
    """(A reading command still reads: WAL lets readers past a writer.)"""
    sentence = one_sentence(run(f"sqlite:///{held}", *command))
    assert "is locked by another program; try again in a moment" in sentence


def _as_nobody() -> list[str]:
    """The prefix that runs a command as an unprivileged user (root may write any file)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only file is writable to root")
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import complaints_tui"],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    if probe.returncode != 0:  # a checkout in a folder only root may open (mktemp -d is 0700)
        pytest.skip("running as root in a checkout an unprivileged user cannot read")
    return prefix


@pytest.mark.parametrize("command", [*COMMANDS, pytest.param(TUI, id="tui")])
def test_a_read_only_database(sqlite_template: Path, command: list[str]) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        path = folder / "c.sqlite3"
        shutil.copyfile(sqlite_template, path)
        path.chmod(0o444)
        folder.chmod(0o555)
        complaints = Path(sys.executable).with_name("complaints")
        done = subprocess.run(
            [*_as_nobody(), str(complaints), "--db", f"sqlite:///{path}", *command],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "COMPLAINTS_HOME": str(folder)},
            timeout=60,
        )
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    said = f"The database sqlite:///{path} is read-only here, so nothing can be changed in it."
    assert lines == [said]
