"""A large resident import (issue 18.10): bounded memory whatever the file's size, all or nothing,
and progress on a terminal. Time and peak memory at 100,000 and 1,000,000 rows are in `make
bench` (tests/bench/bench_import.py)."""

from __future__ import annotations

import io
import shutil
import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import func, select

from complaints_tui.commands.io import ProgressLine
from complaints_tui.services.io.imports import BATCH, import_residents
from complaints_tui.services.io.problems import ImportFailed
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store, open_store

HEADER = "reference,name,address,postcode,phone,email,tenure\n"


def residents_file(path: Path, rows: int, start: int = 0) -> Path:
    lines = (
        f'R{n:07d},Resident {n} Smith,"Flat {n % 90}, {n} Mill Lane",DE{n % 20 + 1} 2AB,'
        f"07700 {n:06d},r{n}@example.org,{'LCRA' if n % 3 else 'LCHO'}\n"
        for n in range(start, start + rows)
    )
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path, sqlite_template: Path) -> Store:
    shutil.copyfile(sqlite_template, tmp_path / "c.sqlite3")
    return open_store(f"sqlite:///{tmp_path / 'c.sqlite3'}")


def count(store: Store, model: type[m.Base]) -> int:
    with store.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_memory_does_not_grow_with_the_file(store: Store, tmp_path: Path) -> None:
    """Before: every row was held at once (91 MB traced for 10,000 rows, 1.2 GB for 100,000)."""
    path = residents_file(tmp_path / "r.csv", 3 * BATCH)
    tracemalloc.start()
    try:
        import_residents(store, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count(store, m.Resident) == 3 * BATCH
    assert peak < 16_000_000, f"{peak:,} bytes traced"


def test_a_bad_last_row_writes_nothing(store: Store, tmp_path: Path) -> None:
    path = residents_file(tmp_path / "r.csv", 2 * BATCH + 10)
    with path.open("a", encoding="utf-8") as out:
        out.write("R0000003,Again,1 Road,,,,LCRA\n")  # a reference from the first batch
    with pytest.raises(ImportFailed) as caught:
        import_residents(store, path)
    assert [str(p) for p in caught.value.problems] == [
        f"line {2 * BATCH + 12}: reference 'R0000003' is already used on line 5"
    ]
    assert count(store, m.Resident) == count(store, m.Event) == 0
    assert count(store, m.ResidentSearchTerm) == 0


def test_many_bad_rows_are_counted_and_the_first_kept(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "".join(f"R{n},,,,,,x\n" for n in range(3 * BATCH)), "utf-8")
    with pytest.raises(ImportFailed) as caught:
        import_residents(store, path)
    assert caught.value.total == 3 * BATCH
    assert len(caught.value.problems) == 200
    assert str(caught.value).endswith(f"… and {3 * BATCH - 200:,} more")


def test_the_search_indexes_are_back_after_a_large_import(store: Store, tmp_path: Path) -> None:
    from sqlalchemy import inspect

    from complaints_tui import services as s

    def indexes() -> set[str]:
        found = inspect(store.engine)
        tables = ("residents", "resident_search_terms")
        return {str(index["name"]) for table in tables for index in found.get_indexes(table)}

    before = indexes()
    import_residents(store, residents_file(tmp_path / "r.csv", BATCH + 5))
    assert indexes() == before and "ix_resident_search_terms_term_resident" in before
    found = s.search_residents(store, "resident 2000 smith")
    assert [r.reference for r in found.rows] == ["R0002000"]


def test_progress_is_told_on_a_terminal_after_a_second() -> None:
    now = [0.0]
    out = io.StringIO()
    progress = ProgressLine("residents", out, clock=lambda: now[0])
    progress("checking", 0.1)
    now[0] = 0.9
    progress("checking", 0.2)
    assert out.getvalue() == ""  # nothing for an import that takes under a second
    now[0] = 1.2
    progress("checking", 0.5)
    now[0] = 1.3
    progress("checking", 0.6)  # too soon after the last
    now[0] = 1.5
    progress("writing", 1.0)
    progress.clear()
    assert out.getvalue() == "\rChecking residents:  50%\rWriting residents: 100%\r\x1b[K"


def test_the_import_reports_both_steps(store: Store, tmp_path: Path) -> None:
    told: list[tuple[str, float]] = []
    import_residents(
        store,
        residents_file(tmp_path / "r.csv", 2 * BATCH + 7),
        progress=lambda step, share: told.append((step, share)),
    )
    assert {step for step, _ in told} == {"checking", "writing"}
    assert all(0 <= share <= 1 for _, share in told)
    assert told[-1] == ("writing", 1.0)
