"""Writing checked resident rows, a batch at a time, stored as `create_resident` stores a
resident: the next RES-nnnnnn where the file gives no reference, and the same search terms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from complaints_tui.services.io.columns import RESIDENT_EXPORT_COLUMNS
from complaints_tui.services.io.ledger import ReferenceLedger
from complaints_tui.services.io.lookups import ids_by_reference
from complaints_tui.services.io.resident_rows import ResidentRow
from complaints_tui.services.io.writing import Origin, insert_rows, insert_values
from complaints_tui.services.people.residents import RESIDENT_COUNTER_YEAR
from complaints_tui.store import models as m
from complaints_tui.store.audit_chain import chain_rows
from complaints_tui.store.search import search_terms

_RESIDENTS = m.Base.metadata.tables[m.Resident.__tablename__]
_TERMS = m.Base.metadata.tables[m.ResidentSearchTerm.__tablename__]
_EVENTS = m.Base.metadata.tables[m.Event.__tablename__]
_COUNTERS = m.Base.metadata.tables[m.CaseCounter.__tablename__]
# Built once at the end of a large import instead of updated row by row (5 s instead of 2 for
# 100,000 residents' search terms).
_DEFERRED = [index for table in (_RESIDENTS, _TERMS) for index in table.indexes if not index.unique]


class ResidentWriter:
    """Inserts residents, their search terms and an audit event each, batch by batch, inside
    the import's one transaction."""

    def __init__(self, session: Session, ledger: ReferenceLedger, origin: Origin) -> None:
        self.session = session
        self.connection = session.connection()
        self.ledger = ledger
        self.origin = origin
        self._deferred = False

    def defer_indexes(self, rows: int) -> None:
        """Before writing more residents than the database holds: drop the search indexes, to
        build them again in `finish`. SQLite only, where this happens inside the import's
        transaction: others keep reading with the indexes, and a failed import gets them back
        (PostgreSQL would lock the tables against every reader until the end)."""
        if self.connection.dialect.name != "sqlite":
            return
        held = self.connection.execute(select(func.count()).select_from(_RESIDENTS)).scalar_one()
        if rows > held:
            for index in _DEFERRED:
                index.drop(self.connection, checkfirst=True)
            self._deferred = True

    def finish(self) -> None:
        if self._deferred:
            for index in _DEFERRED:
                index.create(self.connection, checkfirst=True)

    def write(self, rows: Sequence[ResidentRow]) -> None:
        if not rows:
            return
        fresh = iter(self._new_references(sum(1 for row in rows if not row.reference)))
        references = [row.reference or next(fresh) for row in rows]
        values = [
            {
                "reference": reference,
                "name": row.name,
                "address": row.address,
                "postcode": row.postcode,
                "phone": row.phone,
                "email": row.email,
                "preferred_contact": "",
                "tenure": row.tenure.value,
                "anonymised_on": row.anonymised_on,
                "created_at": self.origin.at,
            }
            for row, reference in zip(rows, references, strict=True)
        ]
        insert_rows(self.connection, _RESIDENTS, values)
        made = ids_by_reference(self.session, m.Resident, references)
        resident_ids = [made[reference] for reference in references]
        terms: list[tuple[int, str]] = []
        events: list[dict[str, Any]] = []
        for resident_id, row, reference, stored in zip(
            resident_ids, rows, references, values, strict=True
        ):
            if row.anonymised_on is None:
                terms += [
                    (resident_id, term)
                    for term in search_terms(
                        row.name, row.address, row.postcode, row.phone, reference
                    )
                ]
            events.append(
                self.origin.event(
                    "resident_imported",
                    (None, resident_id),
                    stored,
                    RESIDENT_EXPORT_COLUMNS,
                    row.line,
                )
            )
        insert_values(self.connection, _TERMS, ("resident_id", "term"), terms)
        chain_rows(self.connection, events)  # the audit chain: ids and hashes
        insert_rows(self.connection, _EVENTS, events)

    def _new_references(self, count: int) -> list[str]:
        """The next `count` RES-nnnnnn, as `create_resident` gives them, skipping any the
        database or this file uses; the counter moves on once for the lot."""
        found: list[str] = []
        if not count:
            return found
        counter = m.CaseCounter
        insert_rows(
            self.connection,
            _COUNTERS,
            [{"year": RESIDENT_COUNTER_YEAR, "last_number": 0}],
            skip_conflicts_on=["year"],
        )
        while len(found) < count:
            wanted = count - len(found)
            last = self.connection.execute(
                update(counter)
                .where(counter.year == RESIDENT_COUNTER_YEAR)
                .values(last_number=counter.last_number + wanted)
                .returning(counter.last_number)
            ).scalar_one()
            candidates = [f"RES-{n:06d}" for n in range(last - wanted + 1, last + 1)]
            used = set(ids_by_reference(self.session, m.Resident, candidates))
            used |= set(self.ledger.first_lines(candidates))
            found += [reference for reference in candidates if reference not in used]
        return found
