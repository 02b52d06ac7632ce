"""Case references, `CMP-2026-000123`: one counter row per year, bumped atomically.

`UPDATE … SET last_number = last_number + 1 … RETURNING` takes the row lock on PostgreSQL and the
write lock on SQLite, held to the end of the case's transaction, so two terminals never get the
same number and a committed reference is never given again. (A number from a transaction that
rolled back is given to the next case: no case ever had it.)
"""

from __future__ import annotations

from sqlalchemy import exists, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from complaints_tui.store import models as m

PREFIX = "CMP"


def format_reference(year: int, number: int) -> str:
    return f"{PREFIX}-{year}-{number:06d}"


def _ensure_counter(session: Session, year: int) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement = pg_insert(m.CaseCounter).values(year=year, last_number=0)
        session.execute(statement.on_conflict_do_nothing(index_elements=["year"]))
    elif dialect == "sqlite":
        statement_sqlite = sqlite_insert(m.CaseCounter).values(year=year, last_number=0)
        session.execute(statement_sqlite.on_conflict_do_nothing(index_elements=["year"]))
    elif session.get(m.CaseCounter, year) is None:
        session.add(m.CaseCounter(year=year, last_number=0))
        session.flush()


def next_number(session: Session, year: int) -> int:
    _ensure_counter(session, year)
    number = session.scalar(
        update(m.CaseCounter)
        .where(m.CaseCounter.year == year)
        .values(last_number=m.CaseCounter.last_number + 1)
        .returning(m.CaseCounter.last_number)
    )
    assert number is not None
    return int(number)


def next_case_reference(session: Session, year: int) -> str:
    """The next unused reference for `year`, skipping any an import already took."""
    while True:
        reference = format_reference(year, next_number(session, year))
        if not session.scalar(select(exists().where(m.Case.reference == reference))):
            return reference
