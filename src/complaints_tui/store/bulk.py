"""Bulk loading: many rows into a table as fast as the database allows, indexes built after.

Rows are plain dicts written with Core `insert()` statements in batches (executemany), never ORM
objects. On SQLite the compiled INSERT runs through the driver with values already in
SQLAlchemy's storage format (JSON by pydantic's Rust encoder), which halves the cost; the plain
Core path serves PostgreSQL. Secondary indexes are dropped before a load and built again after
it (SQLite: building an index once beats updating it row by row).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

from pydantic_core import to_json, to_jsonable_python
from sqlalchemy import Boolean, Date, DateTime, Table, bindparam, func, insert, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.types import JSON

from complaints_tui.store.audit_chain import ChainHead, lock_head, save_head


def _as_json(value: Any) -> str:
    """JSON text as SQLite keeps it (pydantic's Rust encoder: 4x `json.dumps`, compact)."""
    return to_json(value).decode()


def _as_timestamp(value: datetime) -> str:
    """SQLAlchemy's SQLite storage of a UTC timestamp: `YYYY-MM-DD HH:MM:SS.ffffff`."""
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]


def _sqlite_converters(table: Table, columns: Sequence[str]) -> list[Callable[[Any], Any] | None]:
    """Per column: turn a (non-None) Python value into what SQLAlchemy stores on SQLite (None:
    stored as it is)."""
    converters: list[Callable[[Any], Any] | None] = []
    for name in columns:
        column_type = table.c[name].type
        impl = getattr(column_type, "impl", column_type)
        if isinstance(impl, DateTime):
            converters.append(_as_timestamp)
        elif isinstance(impl, Date):
            converters.append(date.isoformat)
        elif isinstance(impl, Boolean):
            converters.append(int)
        elif isinstance(impl, JSON):
            converters.append(_as_json)
        else:
            converters.append(None)
    return converters


@dataclass(frozen=True)
class _SqlitePlan:
    sql: str
    values: Callable[[dict[str, Any]], Sequence[Any]]  # a row's values in column order
    converted: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position, converter)


class BulkWriter:
    """Insert many rows of one table at a time, as fast as the database allows.

    Rows are dicts with the same keys. SQLite: the Core INSERT, compiled once, runs through the
    driver's executemany with converted values. Other databases: Core executemany.
    """

    def __init__(self, connection: Connection, batch: int = 10_000) -> None:
        self.connection = connection
        self.batch = batch
        self.sqlite = connection.dialect.name == "sqlite"
        self._plans: dict[tuple[str, tuple[str, ...]], _SqlitePlan] = {}
        self._chain: ChainHead | None = None  # the audit chain's end, locked at the first event

    def _chain_events(self, rows: Sequence[dict[str, Any]]) -> None:
        """Events join the audit chain in the order given: each gets its id and hashes."""
        if self._chain is None:
            self._chain = lock_head(self.connection)
        link = self._chain.link
        for row in rows:
            link(row)
        save_head(self.connection, self._chain)

    def _plan(self, table: Table, columns: tuple[str, ...]) -> _SqlitePlan:
        key = (table.name, columns)
        plan = self._plans.get(key)
        if plan is None:
            # The compiled INSERT lists the columns in the table's order: read values in it too.
            given = set(columns)
            columns = tuple(column.name for column in table.columns if column.name in given)
            statement = insert(table).values({name: bindparam(name) for name in columns})
            sql = str(statement.compile(dialect=self.connection.dialect))
            getter: Callable[[dict[str, Any]], Sequence[Any]]
            if len(columns) == 1:
                only = columns[0]
                getter = lambda row: (row[only],)  # noqa: E731
            else:
                getter = itemgetter(*columns)
            converters = _sqlite_converters(table, columns)
            converted = tuple((i, conv) for i, conv in enumerate(converters) if conv is not None)
            plan = self._plans[key] = _SqlitePlan(sql, getter, converted)
        return plan

    def insert(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        if table.name == "events":
            self._chain_events(rows)
        for start in range(0, len(rows), self.batch):
            chunk = rows[start : start + self.batch]
            if not self.sqlite:
                # JSON values may hold dates until written; SQLAlchemy's json.dumps needs them
                # as pydantic writes them on SQLite (ISO text), so both backends store the same.
                json_columns = [c.name for c in table.columns if isinstance(c.type, JSON)]
                if json_columns:
                    chunk = [
                        {**row, **{name: to_jsonable_python(row[name]) for name in json_columns}}
                        for row in chunk
                    ]
                self.connection.execute(insert(table), list(chunk))
                continue
            plan = self._plan(table, tuple(chunk[0]))
            getter, converted = plan.values, plan.converted
            values: list[tuple[Any, ...]] = []
            append = values.append
            for row in chunk:
                row_values = list(getter(row))
                for position, convert in converted:
                    value = row_values[position]
                    if value is not None:
                        row_values[position] = convert(value)
                append(tuple(row_values))
            self.connection.exec_driver_sql(plan.sql, values)


@dataclass(frozen=True)
class IndexSpec:
    """A dropped index, enough to build it again."""

    table: str
    name: str
    columns: tuple[str, ...]


def drop_secondary_indexes(connection: Connection, tables: Iterable[str]) -> list[IndexSpec]:
    """Drop the plain (non-unique, column-only) indexes of these tables; returns how to rebuild.
    Run it in the load's transaction (SQLite and PostgreSQL both undo DDL on rollback), so that
    a load that fails or is stopped gets its indexes back with the rows it had written."""
    inspector = inspect(connection)
    dropped: list[IndexSpec] = []
    preparer = connection.dialect.identifier_preparer
    for table in tables:
        for index in inspector.get_indexes(table):
            columns = index.get("column_names") or []
            name = index.get("name")
            if index.get("unique") or not name or not columns or any(c is None for c in columns):
                continue
            if index.get("dialect_options") or index.get("include_columns"):
                continue
            connection.exec_driver_sql(f"DROP INDEX {preparer.quote(name)}")
            dropped.append(IndexSpec(table, name, tuple(str(c) for c in columns)))
    return dropped


def create_indexes(connection: Connection, specs: Iterable[IndexSpec]) -> None:
    preparer = connection.dialect.identifier_preparer
    for spec in specs:
        columns = ", ".join(preparer.quote(c) for c in spec.columns)
        connection.exec_driver_sql(
            f"CREATE INDEX {preparer.quote(spec.name)} ON {preparer.quote(spec.table)} ({columns})"
        )


def max_id(connection: Connection, table: Table) -> int:
    """The table's highest id (0 when empty): where a load's own ids start after."""
    value = connection.execute(select(func.max(table.c.id))).scalar()
    return int(value or 0)


def row_count(connection: Connection, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)
