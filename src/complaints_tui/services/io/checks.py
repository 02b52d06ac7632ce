"""The checks resident and case rows share: one value at a time, and every row of a file in
turn, each row's reasons gathered under its line."""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement

from complaints_tui.domain.dates import date_problem
from complaints_tui.domain.kinds import CaseStatus, Channel, ContactKind, Outcome, Tenure
from complaints_tui.domain.policy import ExclusionCode
from complaints_tui.services._core import text_fault_in
from complaints_tui.services.io.columns import HAPPENED_COLUMNS
from complaints_tui.services.io.problems import Problems
from complaints_tui.services.io.reading import Record

_E = TypeVar("_E", ContactKind, Channel, Outcome, Tenure, CaseStatus, ExclusionCode)
_Row = TypeVar("_Row")


def date_in(record: Record, column: str, errors: list[str]) -> date | None:
    """The column's date, or None when it is empty (or not a date: then `errors` says so)."""
    value = record.values[column]
    if not value:
        return None
    problem = date_problem(value)
    if problem is None:
        return date.fromisoformat(value)
    errors.append(f"{column} {value!r} {problem}")
    return None


def choice_in(
    value: str, column: str, enum: type[_E], errors: list[str], written: str | None = None
) -> _E | None:
    """The enum member `value` names; `written` is what the file said, when `value` is that
    tidied (upper-cased), so that the error quotes the file."""
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        given = value if written is None else written
        shown = repr(given) if given else "empty"
        errors.append(f"{column} is {shown}; it must be one of {allowed}")
        return None


def check_length(column: str, value: str, limit: int, errors: list[str]) -> None:
    if len(value) > limit:
        errors.append(f"{column} is longer than {limit} characters")


def check_text(
    record: Record, stored_in: Mapping[str, ColumnElement[Any]], errors: list[str]
) -> None:
    """Every column of the record by the one text rule the services keep (`text_fault_in`):
    no control characters (line breaks only where the column it is stored in takes several
    lines), and no more than that column holds. Dates and choices are held to the one-line
    rule, so that a refused character is named as such rather than as a bad date."""
    limits = _limits(stored_in)
    for column, value in record.values.items():
        if value.isprintable() and len(value) <= limits.get(column, len(value)):
            continue  # nearly every value: settled without building a fault (a million rows)
        fault = text_fault_in(stored_in.get(column), value)
        if fault is None:
            continue
        if fault.character:
            errors.append(f"{column} {fault}")
        else:
            errors.append(f"{column} is longer than {fault.limit} characters")


_LIMITS: dict[int, dict[str, int]] = {}


def _limits(stored_in: Mapping[str, ColumnElement[Any]]) -> dict[str, int]:
    """How long each column's text may be, worked out once per mapping of columns."""
    known = _LIMITS.get(id(stored_in))
    if known is None:
        lengths = {name: getattr(column.type, "length", None) for name, column in stored_in.items()}
        known = _LIMITS[id(stored_in)] = {n: k for n, k in lengths.items() if isinstance(k, int)}
    return known


def check_not_future(dates: Mapping[str, date | None], today: date, errors: list[str]) -> None:
    """Things that happened cannot have happened after today."""
    for column, value in dates.items():
        if column in HAPPENED_COLUMNS and value is not None and value > today:
            errors.append(f"{column} ({value.isoformat()}) is in the future")


def check_order(
    dates: Mapping[str, date | None], pairs: Iterable[tuple[str, str, str]], errors: list[str]
) -> None:
    """Each (earlier, later, why) pair: `later` may not come before `earlier`."""
    for earlier, later, why in pairs:
        a, b = dates.get(earlier), dates.get(later)
        if a is not None and b is not None and b < a:
            errors.append(f"{later} ({b.isoformat()}) is before {earlier} ({a.isoformat()}){why}")


def filled_in(columns: Sequence[str]) -> str:
    """`a, b are filled in`: the end of a sentence naming columns that should be empty."""
    return f"{', '.join(columns)} {'is' if len(columns) == 1 else 'are'} filled in"


def check_each(
    records: Iterable[Record],
    check: Callable[[Record, list[str]], _Row | None],
    problems: Problems,
    first_line: dict[str, int] | None = None,
    taken: Container[str] = (),
) -> list[tuple[Record, _Row | None]]:
    """Every record with what `check` made of it (None where anything is wrong), after making
    sure no reference is used twice in the file (`first_line`: where the references of the
    file's earlier records were first used), and that the database does not hold it already
    (`taken`); every reason goes into `problems`."""
    checked: list[tuple[Record, _Row | None]] = []
    first_line = {} if first_line is None else first_line
    for record in records:
        errors: list[str] = []
        reference = record.values["reference"]
        check_unique(reference, record.line, first_line, errors)
        row = check(record, errors)
        if reference in taken:
            errors.append(f"reference {reference!r} is already in the database")
        for error in errors:
            problems.add(record.line, error, record.item)
        checked.append((record, None if errors else row))
    return checked


def check_unique(reference: str, line: int, first_line: dict[str, int], errors: list[str]) -> None:
    if not reference:
        return
    if reference in first_line:
        errors.append(f"reference {reference!r} is already used on line {first_line[reference]}")
    else:
        first_line[reference] = line
