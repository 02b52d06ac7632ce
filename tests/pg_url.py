"""PostgreSQL for tests: the URL in COMPLAINTS_TEST_PG (printed by .ci/pg.sh) and scratch databases.

    @pytest.mark.postgres
    def test_x() -> None:
        with scratch_database() as url:  # a new, empty database; dropped afterwards
            ...

Without COMPLAINTS_TEST_PG the test is skipped.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

ENV = "COMPLAINTS_TEST_PG"


def pg_url() -> str:
    """The test server's URL, or skip the test when none is configured."""
    url = os.environ.get(ENV)
    if not url:
        pytest.skip(f"{ENV} is not set (run .ci/pg.sh to start a test server)")
    return url


@contextmanager
def scratch_database(prefix: str = "ct") -> Iterator[str]:
    """A freshly created, empty database on the test server; dropped when the block ends."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(pg_url())
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield base.set(database=name).render_as_string(hide_password=False)
        finally:
            _drop(admin, name)
    finally:
        admin.dispose()


def _drop(admin: Engine, name: str) -> None:
    """Drop a scratch database; a background worker (autovacuum) that has just connected to it
    can make one attempt fail, so try a few times before giving up."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    for attempt in range(5):
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError:
            if attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))
