"""Reading an import file into records: CSV with a header row, or the JSON the export writes.

Every problem found on the way (an unknown or missing column, a row of the wrong width, a quote
left open, text that is not UTF-8) is gathered with its line, so that the whole file is told at
once. A CSV file is streamed: a record at a time, however large the file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from complaints_tui.services.io.formulas import restored
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
    which columns the file gave. `item`: a JSON row's place in its list (1 = first)."""

    line: int
    values: dict[str, str]
    present: frozenset[str]
    item: int = 0


# Told where a file is not UTF-8: how to save it from a spreadsheet or an editor.
_SAVE_AS = {FileFormat.CSV: "save the file as CSV UTF-8", FileFormat.JSON: "save it as UTF-8 JSON"}


def _not_utf8(path: Path, line: int, fmt: FileFormat) -> ImportFailed:
    return ImportFailed(str(path), [RowProblem(line, f"is not UTF-8 text ({_SAVE_AS[fmt]})")])


def _unreadable(path: Path, error: OSError) -> ImportFailed:
    return ImportFailed(str(path), [RowProblem(0, f"cannot be read ({error.strerror})")])


def read_text(path: Path, fmt: FileFormat = FileFormat.CSV) -> str:
    """The file as text (UTF-8, with or without Excel's byte-order mark)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise _unreadable(path, error) from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # Count the lines before the bad byte so the user can find it.
        raise _not_utf8(path, raw[: error.start].count(b"\n") + 1, fmt) from error


def _first_bad_line(path: Path) -> int:
    """The line holding the first byte that is not UTF-8 (a character never spans lines)."""
    with path.open("rb") as raw:
        for number, line in enumerate(raw, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1


class _Tracked:
    """The lines of an open CSV file; how far through it reading has got, for progress."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = max(path.stat().st_size, 1)
        self._raw = path.open("rb")
        self._text = io.TextIOWrapper(self._raw, encoding="utf-8-sig", newline="")

    def fraction(self) -> float:
        return min(self._raw.tell() / self.size, 1.0)

    def lines(self) -> Iterator[str]:
        try:
            yield from self._text
        except UnicodeDecodeError as error:
            raise _not_utf8(self.path, _first_bad_line(self.path), FileFormat.CSV) from error
        finally:
            self._text.close()


def stream_file(
    path: Path,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    problems: Problems,
    progress: Callable[[float], None] | None = None,
) -> Iterator[Record]:
    """The file's records one at a time, read as its name says (raises ImportFailed if it cannot
    be read). `progress` is told how far through the file reading has got (0 to 1)."""
    fmt = format_of(path)
    if fmt is FileFormat.JSON:
        yield from _json_rows(read_text(path, fmt), required, optional, problems)
        return
    try:
        tracked = _Tracked(path)
    except OSError as error:
        raise _unreadable(path, error) from error
    for count, record in enumerate(_csv_rows(tracked.lines(), required, optional, problems)):
        if progress is not None and count % 2048 == 0:
            progress(tracked.fraction())
        yield record


def read_file(
    path: Path, required: tuple[str, ...], optional: tuple[str, ...], problems: Problems
) -> list[Record]:
    """Every record of the file (raises ImportFailed if it cannot be read)."""
    return list(stream_file(path, required, optional, problems))


def read_records(
    text: str,
    fmt: FileFormat,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    problems: Problems,
) -> list[Record]:
    if fmt is FileFormat.JSON:
        return list(_json_rows(text, required, optional, problems))
    return list(_csv_rows(io.StringIO(text, newline=""), required, optional, problems))


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


def _csv_problem(error: csv.Error) -> str:
    """What a CSV reader's complaint means for the person who saved the file."""
    said = str(error)
    if "unexpected end of data" in said:
        return 'a quoted field is never closed: a " opens it on this line and none ends it'
    if "expected after" in said:
        return 'text follows the closing " of a quoted field: quote the whole field'
    if "field larger than field limit" in said:
        return (
            f"a field is longer than {csv.field_size_limit():,} characters "
            '(is a " left open above it?)'
        )
    return f"not readable as CSV ({said})"


def _csv_rows(
    lines: Iterable[str], required: tuple[str, ...], optional: tuple[str, ...], problems: Problems
) -> Iterator[Record]:
    """Each CSV record with the line it starts on (quoted fields may span lines)."""
    reader = csv.reader(lines, strict=True)
    start = 1
    try:
        header = next(reader)
    except StopIteration:
        problems.add(1, "the file is empty: it needs a header row")
        return
    except csv.Error as error:
        problems.add(1, _csv_problem(error))
        return
    positions = _check_header(header, required, optional, problems)
    if problems:
        return
    present = frozenset(positions)
    blank = dict.fromkeys(required + optional, "")
    width = len(header)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.add(start, _csv_problem(error))
            return
        if not any(cell.strip() for cell in record):
            continue  # blank lines are ignored
        if len(record) != width:
            problems.add(start, f"has {len(record)} field(s) but the header has {width}")
            continue
        values = blank.copy()
        # A cell the export neutralised (`'=x`) is read as it was stored (`=x`).
        values.update({name: restored(record[i].strip()) for name, i in positions.items()})
        yield Record(start, values, present)


def _described(value: Any) -> str:
    """A JSON value named in a sentence: "the number 5", "a list"."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return f"the number {json.dumps(value)}"
    if isinstance(value, str):
        return f"the text {json.dumps(value[:40])}"
    return "a list" if isinstance(value, list) else "an object"


def _json_items(text: str, problems: Problems) -> Iterator[tuple[int, Any]]:
    """Each item of the top-level list with the line it starts on."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problems.add(error.lineno, f"not readable as JSON ({error.msg})")
        return
    except RecursionError:
        problems.add(
            0, "nests lists or objects too deeply to read: each row must be one flat object"
        )
        return
    if not isinstance(data, list):
        problems.add(1, "the JSON must be a list of objects, one per row")
        return
    decoder = json.JSONDecoder()
    index = text.index("[") + 1
    line, counted = 1, 0
    for _ in data:
        while text[index] in " \t\r\n,":
            index += 1
        line += text.count("\n", counted, index)
        counted = index
        item, index = decoder.raw_decode(text, index)
        yield line, item


def _json_rows(
    text: str, required: tuple[str, ...], optional: tuple[str, ...], problems: Problems
) -> Iterator[Record]:
    """A JSON list of objects; each object's line is the line its `{` is on."""
    known = required + optional
    for number, (line, item) in enumerate(_json_items(text, problems), 1):
        if not isinstance(item, dict):
            problems.add(
                line, f"is {_described(item)}, not an object of column names and values", number
            )
            continue
        if not item:
            continue  # an empty object, like a blank CSV line
        values = dict.fromkeys(known, "")
        present: set[str] = set()
        for key, value in item.items():
            name = str(key).strip().lower()
            if name not in known:
                problems.add(line, f"unknown column {name!r}", number)
                continue
            present.add(name)
            if isinstance(value, str):
                values[name] = value.strip()
            elif value is not None:
                # A number is quoted as written: received_on must be text, not 20260105.
                shown = json.dumps(value) if isinstance(value, int | float) else _described(value)
                problems.add(line, f"{name} must be text or null, not {shown}", number)
        missing = [name for name in required if name not in present]
        if missing:
            problems.add(line, f"missing column(s): {', '.join(missing)}", number)
        yield Record(line, values, frozenset(present), number)
