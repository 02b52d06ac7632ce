"""Import and export tests run on SQLite and, with COMPLAINTS_TEST_PG set, on PostgreSQL too.

`store` and `staff` are the shared store fixtures; `other_store` is a second, empty, migrated
database on the same backend, to import an export into.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from complaints_tui.store.engine import Store
from tests.conftest_store import fresh_store, sqlite_template, staff, store

__all__ = ["other_store", "sqlite_template", "staff", "store"]


@pytest.fixture
def other_store(store: Store, tmp_path: Path, sqlite_template: Path) -> Iterator[Store]:
    backend = "sqlite" if store.url.startswith("sqlite") else "postgres"
    with fresh_store(backend, tmp_path, sqlite_template, "io") as opened:
        yield opened
