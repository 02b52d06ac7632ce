"""A database made by an older release is backed up, then migrated to head."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from complaints_tui.store import migrate
from complaints_tui.store.engine import open_store


def test_a_first_release_database_is_backed_up_and_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    store = open_store(f"sqlite:///{path}")
    config = migrate.alembic_config(store)
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with store.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO settings (key, value) VALUES ('landlord_profile', 'derby-homes')")
        )
    assert store.current_revision() == "0001" and store.needs_upgrade()
    backup = store.upgrade()
    assert backup is not None and backup.parent == tmp_path / "backups"
    assert backup.name.startswith("office-") and backup.name.endswith(
        f"before-{migrate.head_revision()}.sqlite3"
    )
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert copy.execute("SELECT value FROM settings").fetchall() == [("derby-homes",)]
    copy.close()
    assert store.current_revision() == migrate.head_revision()
    indexes = {index["name"] for index in inspect(store.engine).get_indexes("cases")}
    assert {"ix_cases_status_handler_due", "ix_cases_status_due"} <= indexes
    assert "ix_cases_handler_due" not in indexes
    # 0007: office closure days, a day (the key) and why.
    closure_columns = {c["name"] for c in inspect(store.engine).get_columns("closure_days")}
    assert closure_columns == {"day", "reason", "closed_by_id", "closed_at"}
    store.close()


def test_the_packaged_migrations_form_one_line(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert scripts.get_heads() == [migrate.head_revision()]
    revisions = [rev.revision for rev in scripts.walk_revisions()]
    assert revisions[-1] == "0001" and len(revisions) == len(set(revisions))


def test_0006_gives_each_area_its_default_manager_as_a_pool_and_goes_back(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'areas.sqlite3'}")
    config = migrate.alembic_config(store)
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, name, role, team, job_title, active, created_at) VALUES "
                "(1, 'Mo Manager', 'investigating_manager', '', '', 1, '2026-01-05 10:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO service_areas (id, name, default_manager_id) VALUES "
                "(1, 'Repairs', 1), (2, 'Estates', NULL)"
            )
        )
        connection.execute(
            text("INSERT INTO categories (id, name, service_area_id) VALUES (1, 'Damp', 1)")
        )
    store.upgrade()
    with store.engine.connect() as connection:
        pools = connection.execute(
            text("SELECT service_area_id, pool, user_id, position FROM service_area_staff")
        ).all()
        assert [tuple(row) for row in pools] == [(1, "manager", 1, 0)]
        assert connection.execute(text("SELECT out_of_office FROM users")).scalar_one() == 0
        assert connection.execute(text("SELECT retired FROM categories")).scalar_one() == 0
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    assert "service_area_staff" not in inspect(store.engine).get_table_names()
    assert "out_of_office" not in {c["name"] for c in inspect(store.engine).get_columns("users")}
    store.close()
