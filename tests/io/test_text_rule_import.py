"""Terminal escapes through import and export (issue 18.1): every text column of either import,
given control characters, escape sequences, NUL, RTL marks and emoji, is either refused in a
sentence naming the line and the column, or stored and exported by the one rule; nothing raw
reaches stdout or stderr."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from complaints_tui.cli import app
from complaints_tui.domain.text import refused_character
from complaints_tui.services.io.columns import (
    CASE_EXPORT_COLUMNS,
    CASE_TEXT,
    RESIDENT_EXPORT_COLUMNS,
    RESIDENT_TEXT,
)
from complaints_tui.services.io.formulas import restored

TRICKS = ["\x1b[31m", "\x1b[2J", "\x1b]0;title\x07", "\x00", "\x07", "\x08", "\x7f", "\x9b"]
TRICKS += ["\r", "\n", "\t", "\u202e", "\u2066", "\u200f", "👩🏽‍🔧", "Zoë", "شادي", ",", '"', " "]
VALUES = st.lists(st.sampled_from(TRICKS) | st.characters(codec="utf-8"), max_size=8).map("".join)
RESIDENT = {"reference": "R1", "name": "Ann Lee", "tenure": "LCRA"}
CASE = {"reference": "C-1", "received_on": "2026-01-05", "kind": "enquiry", "channel": "phone"}
CASE_WORDS = {"service_area": "Repairs", "category": "Leaks"}


@contextmanager
def _fresh(template: Path) -> Iterator[tuple[str, Path]]:
    folder = Path(tempfile.mkdtemp())
    try:
        shutil.copyfile(template, folder / "c.sqlite3")
        yield f"sqlite:///{folder / 'c.sqlite3'}", folder
    finally:
        shutil.rmtree(folder)


def _csv(columns: tuple[str, ...], row: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)  # "\r\n" after each row: a field holding \r or \n is quoted
    writer.writerow(columns)
    writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue()


def _nothing_raw(*texts: str) -> None:
    for text in texts:
        assert refused_character(text, multiline=True) is None, repr(text)


def _import_and_export(template: Path, what: str, column: str, value: str) -> None:
    columns = RESIDENT_EXPORT_COLUMNS if what == "residents" else CASE_EXPORT_COLUMNS
    row = (RESIDENT if what == "residents" else CASE | CASE_WORDS) | {column: value}
    runner = CliRunner()
    with _fresh(template) as (url, folder):
        path = folder / f"{what}.csv"
        path.write_text(_csv(columns, row), encoding="utf-8")
        result = runner.invoke(app, ["--db", url, "import", what, str(path)])
        _nothing_raw(result.stdout, result.stderr)
        if result.exit_code != 0:
            assert result.exit_code == 1
            assert "line 2: " in result.stderr and column in result.stderr
            return
        stored = {}
        for fmt in ("csv", "json"):
            exported = runner.invoke(app, ["--db", url, "export", what, "--format", fmt])
            assert exported.exit_code == 0, exported.output
            _nothing_raw(exported.stdout, exported.stderr)
            rows = (
                json.loads(exported.stdout)
                if fmt == "json"
                else list(csv.DictReader(io.StringIO(exported.stdout)))
            )
            # CSV puts a ' before a cell a spreadsheet would run (=, +, -, @): read it back.
            cell = rows[0][column] or ""
            stored[fmt] = restored(cell) if fmt == "csv" else cell
        assert stored["csv"] == stored["json"]
        kept = value.strip()
        if kept and (column in RESIDENT_TEXT or column in CASE_TEXT):
            assert stored["json"] in (kept, kept.upper()) or column == "postcode"
            assert refused_character(kept, multiline=column == "address") is None


SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(column=st.sampled_from(RESIDENT_EXPORT_COLUMNS), value=VALUES)
def test_every_resident_column(sqlite_template: Path, column: str, value: str) -> None:
    _import_and_export(sqlite_template, "residents", column, value)


@SETTINGS
@given(column=st.sampled_from(CASE_EXPORT_COLUMNS), value=VALUES)
def test_every_case_column(sqlite_template: Path, column: str, value: str) -> None:
    _import_and_export(sqlite_template, "cases", column, value)


def test_the_issues_examples(sqlite_template: Path) -> None:
    """The values the tester used: each is named in a sentence, shown escaped, and not stored."""
    runner = CliRunner()
    with _fresh(sqlite_template) as (url, folder):
        path = folder / "cases.csv"
        row = CASE | {"service_area": "\x1b[31mRepairs", "category": "\x1b]0;title\x07Leak"}
        path.write_text(_csv(CASE_EXPORT_COLUMNS, row), encoding="utf-8")
        result = runner.invoke(app, ["--db", url, "import", "cases", str(path)])
        assert result.exit_code == 1
        assert "line 2: service_area contains an escape character (\\x1b) at character 1" in (
            result.stderr
        )
        assert "category contains an escape character (\\x1b)" in result.stderr
        _nothing_raw(result.stdout, result.stderr)
        path = folder / "residents.csv"
        row = RESIDENT | {"postcode": "\x1b[31mde12ab"}
        path.write_text(_csv(RESIDENT_EXPORT_COLUMNS, row), encoding="utf-8")
        result = runner.invoke(app, ["--db", url, "import", "residents", str(path)])
        assert result.exit_code == 1
        assert "\x1b[31M" not in result.stderr and "postcode contains an escape" in result.stderr
