"""The references a file has used so far, kept in the database rather than in memory.

A million-row import cannot hold every reference in a Python set (100 MB and more), yet the
all-or-nothing check must tell a reference used twice anywhere in the file. The ledger is a
temporary table of the import's own connection (SQLite: in its temporary store; PostgreSQL: a
`TEMPORARY` table), dropped when the import ends, either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Column, Integer, MetaData, String, Table, select
from sqlalchemy.engine import Connection

from complaints_tui.services.io.writing import insert_rows

# Asked in one IN (...): below every backend's limit on bound parameters.
SLICE = 500

_metadata = MetaData()
_LEDGER = Table(
    "import_references",
    _metadata,
    Column("reference", String, primary_key=True),
    Column("line", Integer, nullable=False),
    prefixes=["TEMPORARY"],
)


class ReferenceLedger:
    """Each reference the file used, with the first line it was used on."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        _LEDGER.drop(connection, checkfirst=True)
        _LEDGER.create(connection)

    def first_lines(self, references: Iterable[str]) -> dict[str, int]:
        """The line each of `references` was first used on, for those used already."""
        wanted = sorted(set(references))
        found: dict[str, int] = {}
        for start in range(0, len(wanted), SLICE):
            chunk = wanted[start : start + SLICE]
            query = select(_LEDGER.c.reference, _LEDGER.c.line).where(
                _LEDGER.c.reference.in_(chunk)
            )
            found.update({str(ref): int(line) for ref, line in self.connection.execute(query)})
        return found

    def add(self, first_lines: Sequence[tuple[str, int]]) -> None:
        """Record references with their lines (a reference recorded already keeps its line)."""
        if first_lines:
            rows = [{"reference": ref, "line": line} for ref, line in first_lines]
            insert_rows(self.connection, _LEDGER, rows, skip_conflicts_on=["reference"])

    def close(self) -> None:
        _LEDGER.drop(self.connection, checkfirst=True)
