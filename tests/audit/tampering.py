"""What an attacker with access to the database file does: take the triggers away, then edit."""

from __future__ import annotations

from sqlalchemy import text

from complaints_tui.store.engine import Store


def drop_triggers(store: Store) -> None:
    with store.engine.begin() as connection:
        if store.is_sqlite:
            connection.exec_driver_sql("DROP TRIGGER events_append_only_update")
            connection.exec_driver_sql("DROP TRIGGER events_append_only_delete")
        else:
            connection.exec_driver_sql("DROP TRIGGER events_append_only ON events")


def raw(store: Store, sql: str, **values: object) -> None:
    with store.engine.begin() as connection:
        connection.execute(text(sql), values)
