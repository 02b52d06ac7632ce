"""Which database a command opens, and how (issue 18, points 2, 7, 8, 9 and 13), through the CLI:
reading commands never create, migrate or change one; unusable URLs, folders, in-memory and
other programs' databases are each one sentence, never a traceback."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from complaints_tui.cli import app
from complaints_tui.store.engine import open_store
from complaints_tui.store.migrate import alembic_config

RESIDENTS = "reference,name,address,postcode,phone,email,tenure\nR1,Ann,1 Road,DE1 2AB,,,LCRA\n"
TSM = ["report", "tsm", "--from", "2025-04-01", "--to", "2026-03-31", "--homes-lcra", "10"]
READERS = [["export", "cases", "--format", "json"], ["export", "residents"], TSM]


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", url, *args])


def one_sentence(result: Result) -> str:
    """The error, checked to be one line on stderr with no traceback."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def database(tmp_path: Path, sqlite_template: Path) -> Path:
    path = tmp_path / "c.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return path


@pytest.mark.parametrize(
    "url",
    ["mysql://u:secret@127.0.0.1:1/x", "postgresql+psycopg2://u:secret@127.0.0.1:1/x"],
)
@pytest.mark.parametrize("command", [["db", "upgrade"], ["export", "cases"], ["demo"]])
def test_a_driver_it_cannot_use_names_the_databases_it_can(url: str, command: list[str]) -> None:
    said = one_sentence(run(url, *command))
    assert "SQLite" in said and "PostgreSQL through psycopg 3" in said
    assert "secret" not in said


@pytest.mark.parametrize("command", READERS)
def test_reading_a_missing_file_makes_no_database(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "none.sqlite3"
    assert "There is no database file" in one_sentence(run(f"sqlite:///{path}", *command))
    assert not path.exists()


def test_deadlines_and_policy_never_touch_a_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'none.sqlite3'}"
    assert run(url, "deadlines", "--received", "2026-01-05").exit_code == 0
    assert run(url, "policy", "list").exit_code == 0
    assert list(tmp_path.iterdir()) == []


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE foo (a)")
        other.execute("INSERT INTO foo VALUES (1)")
    other.close()


@pytest.mark.parametrize("command", [*READERS, ["db", "upgrade"], ["import", "residents"]])
def test_another_programs_database_is_left_as_it_is(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "other.sqlite3"
    _foreign(path)
    before = digest(path)
    if command[0] == "import":
        (tmp_path / "r.csv").write_text(RESIDENTS, encoding="utf-8")
        command = [*command, str(tmp_path / "r.csv")]
    said = one_sentence(run(f"sqlite:///{path}", *command))
    assert "is not a complaints database" in said and "foo" in said
    assert "upgrade" not in said
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".csv") == ["other.sqlite3"]


def test_an_older_schema_is_read_by_no_command_until_upgraded(database: Path) -> None:
    from alembic import command

    store = open_store(f"sqlite:///{database}")
    config = alembic_config(store)
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")
    store.close()
    before = digest(database)
    for reader in READERS:
        said = one_sentence(run(f"sqlite:///{database}", *reader))
        assert said.endswith(
            "The database schema is out of date: run `complaints db upgrade` first."
        )
    assert digest(database) == before
    assert run(f"sqlite:///{database}", "db", "upgrade").exit_code == 0
    assert run(f"sqlite:///{database}", *READERS[0]).exit_code == 0


def test_reading_commands_change_nothing_on_disk(database: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{database}"
    (tmp_path / "r.csv").write_text(RESIDENTS, encoding="utf-8")
    assert run(url, "import", "residents", str(tmp_path / "r.csv")).exit_code == 0
    with sqlite3.connect(database) as settle:
        settle.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    settle.close()
    before = digest(database)
    for reader in READERS:
        result = run(url, *reader)
        assert result.exit_code == 0, result.output
    assert digest(database) == before


@pytest.fixture
def read_only(database: Path) -> Iterator[Path]:
    """The database file made read-only: for root, with the immutable attribute (root writes
    through permissions); for others, by its permissions."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    made = subprocess.run(["chattr", "+i", str(database)], capture_output=True, check=False)
    if made.returncode != 0:
        database.chmod(0o444)
    try:
        with (
            pytest.raises(sqlite3.OperationalError, match="readonly"),
            sqlite3.connect(database) as writer,
        ):
            writer.execute("CREATE TABLE probe (a)")
        writer.close()
        yield database
    finally:
        subprocess.run(["chattr", "-i", str(database)], capture_output=True, check=False)
        database.chmod(0o644)


def test_a_read_only_copy_can_be_exported_and_reported(read_only: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{read_only}"
    for reader in READERS:
        result = run(url, *reader)
        assert result.exit_code == 0, result.output
    (tmp_path / "r.csv").write_text(RESIDENTS, encoding="utf-8")
    said = one_sentence(run(url, "import", "residents", str(tmp_path / "r.csv")))
    assert said == (
        f"Nothing was imported: The database {url} is read-only here, so nothing can be "
        "changed in it."
    )


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_is_refused_for_writing(url: str, tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text(RESIDENTS, encoding="utf-8")
    for command in (["import", "residents", str(tmp_path / "r.csv")], ["db", "upgrade"], ["demo"]):
        said = one_sentence(run(url, *command))
        assert said.startswith("An in-memory database (sqlite://) is lost when the command ends")
    said = one_sentence(run(url, "export", "residents"))
    assert "starts empty, so there is nothing to read" in said


def test_folders_are_named_as_folders(database: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    said = one_sentence(run(f"sqlite:///{database}", "db", "backup", "--to", str(folder)))
    assert said.startswith(f"{folder} is a folder: give the file to write the copy to")
    for command in (["db", "upgrade"], ["export", "cases"]):
        said = one_sentence(run(f"sqlite:///{tmp_path}", *command))
        assert f"{tmp_path} is a folder, not a database file" in said


def test_a_database_error_that_reaches_the_cli_is_one_sentence(
    database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import IntegrityError

    from complaints_tui.services.io import imports

    def clash(*_args: object, **_kwargs: object) -> None:
        raise IntegrityError("INSERT …", {}, Exception("UNIQUE constraint failed: cases.x"))

    monkeypatch.setattr(imports, "import_residents", clash)
    csv_file = tmp_path / "r.csv"
    csv_file.write_text(RESIDENTS, encoding="utf-8")
    said = one_sentence(run(f"sqlite:///{database}", "import", "residents", str(csv_file)))
    assert said.startswith("Nothing was imported: ") and "UNIQUE constraint failed" in said
