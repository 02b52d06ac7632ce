"""What writing residents and cases share: bulk inserts that hand back their ids, the audit
event of each imported row, and the summary of an import."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from complaints_tui.services._core import jsonable
from complaints_tui.store import models as m

# Stored where a service asks the user for text that a file does not carry.
NOT_RECORDED = "Not recorded (imported)"


@dataclass
class ImportResult:
    what: str  # "residents" or "cases"
    rows: int
    created_service_areas: list[str] = field(default_factory=list)
    created_categories: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"Imported {counted(self.rows, self.what.removesuffix('s'))}."
        if self.created_service_areas:
            text += f" New service areas: {', '.join(self.created_service_areas)}."
        if self.created_categories:
            text += f" New categories: {', '.join(self.created_categories)}."
        return text


def counted(number: int, noun: str) -> str:
    """`1 resident`, `2,000 residents`."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


def insert_rows(
    connection: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    skip_conflicts_on: Sequence[str] = (),
) -> None:
    """Insert rows (dicts with the same keys) through the driver's own
    executemany, each value turned into what the driver takes by SQLAlchemy's own converter for
    its column, and the columns a row leaves out given their model defaults: for the million
    rows of a large import, SQLAlchemy's handling of each row costs more than the insert.

    `skip_conflicts_on`: leave out, without an error, a row whose values in these (unique)
    columns another row already holds, even one that a transaction running at the same time
    has just written: the first half of a find-or-create that is safe across processes, on
    SQLite and PostgreSQL alike (`INSERT … ON CONFLICT DO NOTHING`)."""
    if not rows:
        return
    dialect = connection.dialect
    given = list(rows[0])
    filled = {
        column.name: column.default.arg
        for column in table.columns
        if column.name not in given and isinstance(column.default, ScalarElementColumnDefault)
    }
    names = [*given, *filled]
    defaults = list(filled.values())
    converters = [table.c[name].type._cached_bind_processor(dialect) for name in names]
    convert = [(i, to) for i, to in enumerate(converters) if to is not None]
    pick = itemgetter(*given)
    values: list[tuple[Any, ...]] = []
    last: dict[int, tuple[Any, Any]] = {}  # per column, the last value converted and its result
    for row in rows:
        picked = pick(row)
        value = [*picked, *defaults] if len(given) > 1 else [picked, *defaults]
        for position, to in convert:
            given_value = value[position]
            seen = last.get(position)
            if seen is not None and seen[0] is given_value:
                value[position] = seen[1]  # the import's one timestamp, converted once
            else:
                value[position] = to(given_value)
                last[position] = (given_value, value[position])
        values.append(tuple(value))
    insert_values(connection, table, names, values, skip_conflicts_on)


def insert_values(
    connection: Connection,
    table: Table,
    names: Sequence[str],
    values: Sequence[tuple[Any, ...]],
    skip_conflicts_on: Sequence[str] = (),
) -> None:
    """`insert_rows` for values the driver takes as they are (whole numbers and text), each
    row's in the order of `names`."""
    if not values:
        return
    quote = connection.dialect.identifier_preparer.quote
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join(mark for _ in names)})"
    )
    if skip_conflicts_on:
        sql += f" ON CONFLICT ({', '.join(quote(n) for n in skip_conflicts_on)}) DO NOTHING"
    connection.exec_driver_sql(sql, list(values))


def insert_ids(
    connection: Connection,
    model: type[m.Resident] | type[m.Case] | type[m.Deadline],
    rows: Sequence[Mapping[str, Any]],
) -> list[int]:
    """Insert every row in one statement; the new ids, in the rows' order."""
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return [int(row_id) for (row_id,) in connection.execute(statement, rows)]


@dataclass(frozen=True)
class Origin:
    """Which file is imported, by whom and when: stamped on every row and event it writes."""

    path: Path
    actor_id: int | None
    at: datetime

    def event(
        self,
        action: str,
        ids: tuple[int | None, int | None],
        stored: Mapping[str, Any],
        fields: Iterable[str],
        line: int,
    ) -> dict[str, Any]:
        """The audit event of one imported row (`ids`: its case and resident): what was stored,
        and the file and line it came from."""
        after = {name: stored[name] for name in fields} | {"file": self.path.name, "line": line}
        return {
            "case_id": ids[0],
            "resident_id": ids[1],
            "actor_id": self.actor_id,
            "at": self.at,
            "action": action,
            "before": None,
            "after": jsonable(after),
        }
