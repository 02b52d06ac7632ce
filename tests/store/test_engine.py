"""Opening the database, its connection settings, migrations with a backup, typed failures."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from complaints_tui.store import migrate
from complaints_tui.store import models as m
from complaints_tui.store.engine import (
    Store,
    StoreError,
    StoreOutdated,
    StoreUnavailable,
    open_store,
)
from tests.conftest_store import at


def test_sqlite_connections_are_configured(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with store.engine.connect() as connection:
        pragma = lambda name: connection.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 1  # NORMAL
        assert pragma("busy_timeout") == 5000
    store.close()


def test_upgrade_creates_every_table_and_is_idempotent(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    assert store.current_revision() is None and store.needs_upgrade()
    assert store.upgrade() is None  # a new database has nothing to back up
    assert store.current_revision() == migrate.head_revision() and not store.needs_upgrade()
    tables = set(inspect(store.engine).get_table_names())
    assert set(m.Base.metadata.tables) <= tables
    assert store.upgrade() is None
    store.close()


def test_the_migration_matches_the_models(store: Store) -> None:
    """Autogenerate against the migrated database finds nothing to add or change."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        assert compare_metadata(context, m.Base.metadata) == []


def test_an_older_database_is_backed_up_before_upgrading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite3"
    store = open_store(f"sqlite:///{path}")
    store.upgrade()
    with store.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO settings (key, value) VALUES ('landlord_profile', 'derive')")
        )
    # Pretend the program now ships a newer head than the database's.
    monkeypatch.setattr(migrate, "head_revision", lambda: "9999_future")
    monkeypatch.setattr(migrate.command, "upgrade", lambda config, target: None)
    backup = store.upgrade(backup_dir=tmp_path / "backups")
    assert backup == tmp_path / "backups" / "c-before-9999_future.sqlite3"
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT value FROM settings").fetchall() == [("derive",)]
    copy.close()
    store.close()


def test_a_database_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    store.upgrade()
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'zz_newer'"))
    with pytest.raises(StoreOutdated, match="newer version"):
        store.upgrade()
    store.close()


def test_backup_command_copies_a_live_database(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    store.upgrade()
    copy = store.backup(tmp_path / "copy.sqlite3")
    check = open_store(f"sqlite:///{copy}", create=False)
    assert check.current_revision() == migrate.head_revision()
    check.close()
    store.close()


def test_postgres_cannot_be_backed_up_here(tmp_path: Path) -> None:
    store = open_store("sqlite://")
    with pytest.raises(StoreError, match="pg_dump"):
        store.backup()
    store.close()


@pytest.mark.parametrize(
    ("url", "sentence"),
    [
        ("not a url", "is not a database URL"),
        ("sqlite:////no/such/folder/c.sqlite3", "folder /no/such/folder"),
        ("postgresql+psycopg://user:secret@127.0.0.1:1/x", "cannot be reached"),
        ("nosuchdb://x", "cannot use"),
    ],
)
def test_unusable_urls_raise_a_sentence(url: str, sentence: str) -> None:
    with pytest.raises(StoreUnavailable, match=sentence) as raised:
        open_store(url)
    assert "secret" not in str(raised.value)


def test_missing_and_damaged_files(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="no database file"):
        open_store(f"sqlite:///{tmp_path / 'missing.sqlite3'}", create=False)
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreUnavailable, match="not a complaints database"):
        open_store(f"sqlite:///{damaged}")


def test_a_locked_database_raises_store_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite3"
    store = open_store(f"sqlite:///{path}")
    store.upgrade()
    monkeypatch.setattr("complaints_tui.store.engine.BUSY_TIMEOUT_MS", 100)
    quick = open_store(f"sqlite:///{path}")
    blocker = sqlite3.connect(path, timeout=0.1, check_same_thread=False)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreUnavailable, match="locked"), quick.transaction() as session:
            session.add(m.Setting(key="k", value="v"))
    finally:
        blocker.rollback()
        blocker.close()
        quick.close()
        store.close()


def test_timestamps_are_stored_as_utc_and_come_back_aware(store: Store) -> None:
    summer = datetime(2026, 7, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))  # 00:30 BST
    with store.transaction() as session:
        session.add(
            m.User(name="Tz", role="admin", team="", job_title="", active=True, created_at=summer)
        )
    with store.reading() as session:
        user = session.query(m.User).one()
        assert user.created_at == at(2026, 6, 30, 23, 30)
        assert user.created_at.tzinfo is not None and user.created_at.utcoffset() == timedelta(0)
    with pytest.raises(Exception, match="timezone-aware"), store.transaction() as session:
        session.add(m.User(name="Naive", role="admin", created_at=datetime(2026, 1, 1)))


def test_reads_in_threads_see_the_file(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    store.upgrade()
    with store.transaction() as session:
        session.add(m.Setting(key="seen", value="yes"))
    found: list[str] = []

    def read() -> None:
        with store.reading() as session:
            setting = session.get(m.Setting, "seen")
            found.append(setting.value if setting else "")

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert found == ["yes"]
    assert datetime.now(UTC).tzinfo is UTC
    store.close()
