"""Many terminals at CI size (issue 12): ten processes logging contacts at once into one SQLite
file, and into one PostgreSQL database; every commit there once, no lock error reaching a
caller. `make soak` runs 10 x 200 on each."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pg_url import scratch_database
from tests.soak.terminals import TerminalsResult, run_terminals

PROCESSES = 10
COUNT = 5


def _all_committed_once(result: TerminalsResult) -> None:
    print(result.summary())
    check = result.check
    assert check.commits == PROCESSES * COUNT
    assert check.found == check.commits
    assert check.cases_in_database == check.commits
    assert check.lost == []
    assert check.duplicates == 0
    assert check.lock_errors == []
    assert check.other_errors == []
    assert result.per_second > 0


def test_ten_terminals_at_once_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'terminals.sqlite3'}"
    result = run_terminals(url, PROCESSES, COUNT, "sqlite")
    assert result.check.integrity == "ok"
    _all_committed_once(result)


@pytest.mark.postgres
def test_ten_terminals_at_once_on_postgresql() -> None:
    with scratch_database("soak") as url:
        _all_committed_once(run_terminals(url, PROCESSES, COUNT, "postgres"))
