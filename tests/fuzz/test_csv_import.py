"""CSV import of fuzzed rows: every bad row is told in sentences naming its line, the file is
imported whole or not at all, and nothing escapes as a traceback or reaches the terminal raw."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from complaints_tui.domain.text import refused_character
from complaints_tui.services.io.columns import RESIDENT_EXPORT_COLUMNS
from complaints_tui.services.io.imports import import_residents
from complaints_tui.services.io.problems import ImportFailed
from complaints_tui.store import models as m
from complaints_tui.store.engine import open_store
from tests.fuzz.sizes import FUZZ
from tests.fuzz.texts import ANY_TEXT, BLANK

CELL = ANY_TEXT | BLANK | st.sampled_from(["LCRA", "LCHO", "lcra", "2026-02-29", "0001-01-01"])
ROW = st.fixed_dictionaries(
    {
        "reference": st.just(""),
        "name": CELL | st.just("Ann Lee"),
        "address": CELL,
        "postcode": CELL,
        "phone": CELL,
        "email": CELL,
        "tenure": st.sampled_from(["LCRA", "LCHO", "", "council"]) | CELL,
        "anonymised_on": st.sampled_from(["", "2026-02-29", "9999-12-31", "0001-01-01"]) | CELL,
    }
)


@FUZZ
@given(rows=st.lists(ROW, min_size=1, max_size=6), crlf=st.booleans())
def test_fuzzed_rows_are_imported_whole_or_told_line_by_line(
    sqlite_template: Path, rows: list[dict[str, str]], crlf: bool
) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        shutil.copyfile(sqlite_template, folder / "db.sqlite3")
        store = open_store(f"sqlite:///{folder / 'db.sqlite3'}", create=False)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n" if crlf else "\n")
        writer.writerow(RESIDENT_EXPORT_COLUMNS)
        writer.writerows([row[c] for c in RESIDENT_EXPORT_COLUMNS] for row in rows)
        path = folder / "residents.csv"
        path.write_text(out.getvalue(), encoding="utf-8", newline="")
        try:
            try:
                result = import_residents(store, path, today=None)
            except ImportFailed as failure:
                assert failure.problems
                for problem in failure.problems:
                    told = str(problem)
                    assert told.startswith("line ") and "\n" not in told, told
                    assert refused_character(told) is None, repr(told)
                assert refused_character(str(failure), multiline=True) is None
                with store.reading() as session:
                    assert session.scalar(select(func.count(m.Resident.id))) == 0
                return
            assert result.rows == sum(1 for row in rows if any(v.strip() for v in row.values()))
        finally:
            store.close()
    finally:
        shutil.rmtree(folder)
