"""`complaints serve` refuses, in one sentence, what would serve the wrong thing or no one."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from complaints_tui.commands.serve import app_command, is_loopback, sqlite_url_problem
from tests.browser.served import cli


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.20", False),
        ("complaints.example.org", False),
    ],
)
def test_loopback_is_told_from_other_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_only_an_absolute_sqlite_file_can_be_served() -> None:
    assert sqlite_url_problem("sqlite:////srv/complaints.sqlite3") is None
    assert sqlite_url_problem("postgresql+psycopg://u:p@db/complaints") is None
    relative = sqlite_url_problem("sqlite:///complaints.sqlite3")
    assert relative is not None and "absolute path" in relative
    for memory in ("sqlite://", "sqlite:///:memory:"):
        problem = sqlite_url_problem(memory)
        assert problem is not None and "in-memory" in problem


def test_each_tab_runs_the_app_on_the_same_database() -> None:
    url = "sqlite:////srv/my complaints/db.sqlite3"
    words = shlex.split(app_command(url))
    assert words == [sys.executable, "-m", "complaints_tui.cli", "--db", url, "tui"]


def _refused(*args: str) -> str:
    done = cli("serve", *args)
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    return done.stderr


def test_refusals_are_one_sentence(tmp_path: Path) -> None:
    assert "absolute path" in _refused("--db", "sqlite:///relative.sqlite3")
    assert "no database file" in _refused("--db", f"sqlite:///{tmp_path / 'none.sqlite3'}")
    empty = tmp_path / "empty.sqlite3"
    made = cli("--db", f"sqlite:///{empty}", "db", "upgrade")
    assert made.returncode == 0, made.stderr
    assert "No one can sign in" in _refused("--db", f"sqlite:///{empty}")
    assert "--public-url" in _refused("--host", "0.0.0.0", "--db", f"sqlite:///{empty}")
