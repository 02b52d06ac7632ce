"""Reading an import file into records: CSV with a header row, or the JSON the export writes.

Every problem found on the way (an unknown or missing column, a row of the wrong width, text that
is not UTF-8) is gathered with its line, so that the whole file is told at once.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from complaints_tui.services.io.problems import ImportFailed, Problems, RowProblem


class FileFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


def format_of(path: Path) -> FileFormat:
    """JSON for a `.json` file, else CSV."""
    return FileFormat.JSON if path.suffix.lower() == ".json" else FileFormat.CSV


@dataclass(frozen=True)
class Record:
    """One row of a file: every known column's text (stripped; "" when empty or absent), and
    which columns the file gave."""

    line: int
    values: dict[str, str]
    present: frozenset[str]


def read_text(path: Path) -> str:
    """The file as text (UTF-8, with or without Excel's byte-order mark)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFailed(
            str(path), [RowProblem(0, f"cannot be read ({error.strerror})")]
        ) from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # Count the lines before the bad byte so the user can find it.
        line = raw[: error.start].count(b"\n") + 1
        raise ImportFailed(
            str(path), [RowProblem(line, "is not UTF-8 text (save the file as CSV UTF-8)")]
        ) from error


def read_file(
    path: Path, required: tuple[str, ...], optional: tuple[str, ...], problems: Problems
) -> list[Record]:
    """The file's records, read as its name says (raises ImportFailed if it cannot be read)."""
    return read_records(read_text(path), format_of(path), required, optional, problems)


def read_records(
    text: str,
    fmt: FileFormat,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    problems: Problems,
) -> list[Record]:
    reader = _json_rows if fmt is FileFormat.JSON else _csv_rows
    return reader(text, required, optional, problems)


def csv_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on (quoted fields may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for record in reader:
        yield start, record
        start = reader.line_num + 1


def _check_header(
    header: list[str], required: tuple[str, ...], optional: tuple[str, ...], problems: Problems
) -> dict[str, int]:
    names = [name.strip().lower() for name in header]
    known = required + optional
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in seen:
            problems.add(1, f"the column {name!r} appears twice")
        elif name not in known:
            problems.add(1, f"unknown column {name!r} (expected: {', '.join(known)})")
        seen.setdefault(name, index)
    missing = [name for name in required if name not in seen]
    if missing:
        problems.add(1, f"missing column(s): {', '.join(missing)}")
    return {name: index for name, index in seen.items() if name in known}


def _csv_rows(
    text: str, required: tuple[str, ...], optional: tuple[str, ...], problems: Problems
) -> list[Record]:
    records = csv_records(text)
    try:
        first = next(records)
    except StopIteration:
        problems.add(1, "the file is empty: it needs a header row")
        return []
    except csv.Error as error:
        problems.add(1, f"not readable as CSV ({error})")
        return []
    positions = _check_header(first[1], required, optional, problems)
    if problems:
        return []
    present = frozenset(positions)
    rows: list[Record] = []
    line = 1
    try:
        for line, record in records:
            if not any(cell.strip() for cell in record):
                continue  # blank lines are ignored
            if len(record) != len(first[1]):
                problems.add(line, f"has {len(record)} field(s) but the header has {len(first[1])}")
                continue
            values = dict.fromkeys(required + optional, "")
            values.update({name: record[i].strip() for name, i in positions.items()})
            rows.append(Record(line, values, present))
    except csv.Error as error:
        problems.add(line + 1, f"not readable as CSV ({error})")
    return rows


def _json_rows(
    text: str, required: tuple[str, ...], optional: tuple[str, ...], problems: Problems
) -> list[Record]:
    """A JSON list of objects; each object's line is the line its `{` is on."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problems.add(error.lineno, f"not readable as JSON ({error.msg})")
        return []
    if not isinstance(data, list):
        problems.add(1, "the JSON must be a list of objects, one per row")
        return []
    decoder = json.JSONDecoder()
    known = required + optional
    rows: list[Record] = []
    index = text.index("[") + 1
    line, counted = 1, 0
    for _ in data:
        while text[index] in " \t\r\n,":
            index += 1
        line += text.count("\n", counted, index)
        counted = index
        item, index = decoder.raw_decode(text, index)
        if not isinstance(item, dict):
            problems.add(line, "is not an object of column names and values")
            continue
        if not item:
            continue  # an empty object, like a blank CSV line
        values = dict.fromkeys(known, "")
        present: set[str] = set()
        for key, value in item.items():
            name = str(key).strip().lower()
            if name not in known:
                problems.add(line, f"unknown column {name!r}")
            elif value is None:
                present.add(name)
            elif isinstance(value, str):
                values[name] = value.strip()
                present.add(name)
            else:
                problems.add(line, f"{name} must be text or null, not {json.dumps(value)}")
        missing = [name for name in required if name not in present]
        if missing:
            problems.add(line, f"missing column(s): {', '.join(missing)}")
        rows.append(Record(line, values, frozenset(present)))
    return rows
