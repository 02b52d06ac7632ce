"""Import and export tests run on SQLite and, with COMPLAINTS_TEST_PG set, on PostgreSQL too.

`store` and `staff` are the shared store fixtures; `other_store` is a second, empty, migrated
database on the same backend, to import an export into.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from complaints_tui.store.engine import Store, open_store
from tests.conftest_store import sqlite_template, staff, store
from tests.pg_url import scratch_database

__all__ = ["other_store", "sqlite_template", "staff", "store"]


@pytest.fixture
def other_store(store: Store, tmp_path: Path, sqlite_template: Path) -> Iterator[Store]:
    if store.url.startswith("sqlite"):
        path = tmp_path / "other.sqlite3"
        shutil.copyfile(sqlite_template, path)
        opened = open_store(f"sqlite:///{path}")
        try:
            yield opened
        finally:
            opened.close()
        return
    with scratch_database("io") as url:
        opened = open_store(url)
        try:
            opened.upgrade()
            yield opened
        finally:
            opened.close()
