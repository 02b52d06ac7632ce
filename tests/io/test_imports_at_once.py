"""Ten `complaints import cases` processes started together on one database (issue 17.10): every
file names service areas and categories the database does not have yet, and all ten succeed.

Real processes, not threads: the race was between processes, each with its own connection.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from complaints_tui.services.io.columns import CASE_COLUMNS
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store, open_store
from tests.pg_url import scratch_database

COMPLAINTS = str(Path(sys.executable).parent / "complaints")
FILES = 10
ROWS = 400
AREAS = {"Repairs": "Leaks", "Estates": "Lifts", "Rents": "Arrears", "Garages": "Doors"}


def _case_files(folder: Path) -> list[Path]:
    """Ten files of 400 service requests, each naming every area and category (new to the
    database), in a different order, so the processes reach them at different moments."""
    names = list(AREAS.items())
    paths = []
    for number in range(FILES):
        lines = [",".join(CASE_COLUMNS)]
        for row in range(ROWS):
            area, category = names[(row + number) % len(names)]
            values = dict.fromkeys(CASE_COLUMNS, "") | {
                "reference": f"F{number}-{row}",
                "received_on": "2026-02-02",
                "kind": "service_request",
                "channel": "phone",
                "service_area": area,
                "category": category,
            }
            lines.append(",".join(values[c] for c in CASE_COLUMNS))
        path = folder / f"cases-{number}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _import_together(url: str, files: list[Path]) -> list[tuple[int, str, str]]:
    """Start every import before waiting for any; each one's exit code, stdout and stderr."""
    started = [
        subprocess.Popen(
            [COMPLAINTS, "--db", url, "import", "cases", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    results = []
    for process in started:
        out, err = process.communicate(timeout=300)
        results.append((process.returncode, out, err))
    return results


def _check_all_imported(store: Store, results: list[tuple[int, str, str]]) -> None:
    for code, out, err in results:
        assert "Traceback" not in err, err
        assert code == 0, err
        assert f"Imported {ROWS} cases." in out
    with store.reading() as session:

        def count(model: type[m.Base]) -> int:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

        assert count(m.Case) == FILES * ROWS
        assert sorted(session.scalars(select(m.ServiceArea.name))) == sorted(AREAS)
        categories = {
            name: area
            for name, area in session.execute(
                select(m.Category.name, m.ServiceArea.name).join(
                    m.ServiceArea, m.ServiceArea.id == m.Category.service_area_id
                )
            )
        }
        assert categories == {category: area for area, category in AREAS.items()}


def _ten_at_once(url: str, folder: Path) -> None:
    store = open_store(url)
    store.upgrade()
    try:
        _check_all_imported(store, _import_together(url, _case_files(folder)))
    finally:
        store.close()


def test_ten_imports_at_once_on_sqlite(tmp_path: Path) -> None:
    _ten_at_once(f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path)


@pytest.mark.postgres
def test_ten_imports_at_once_on_postgresql(tmp_path: Path) -> None:
    with scratch_database("many") as url:
        _ten_at_once(url, tmp_path)
