"""Writing checked resident rows, stored as `create_resident` stores a resident: the next
RES-nnnnnn where the file gives no reference, and the same search terms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from complaints_tui.services.io.columns import RESIDENT_EXPORT_COLUMNS
from complaints_tui.services.io.resident_rows import ResidentRow
from complaints_tui.services.io.writing import ImportResult, Origin, insert_ids
from complaints_tui.services.people.residents import next_resident_reference
from complaints_tui.store import models as m
from complaints_tui.store.search import search_terms


def _references(session: Session, rows: Sequence[ResidentRow]) -> list[str]:
    """Each row's reference; an empty one gets the next RES-nnnnnn, as `create_resident` gives,
    skipping any this file uses."""
    used = {row.reference for row in rows if row.reference}

    def new_reference() -> str:
        while True:
            reference = next_resident_reference(session)
            if reference not in used:
                used.add(reference)
                return reference

    return [row.reference or new_reference() for row in rows]


def write_residents(session: Session, rows: Sequence[ResidentRow], origin: Origin) -> ImportResult:
    """Insert the residents, their search terms and an audit event each."""
    references = _references(session, rows)
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
            "created_at": origin.at,
        }
        for row, reference in zip(rows, references, strict=True)
    ]
    connection = session.connection()
    resident_ids = insert_ids(connection, m.Resident, values)
    terms: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for resident_id, row, reference, stored in zip(
        resident_ids, rows, references, values, strict=True
    ):
        if row.anonymised_on is None:
            terms += [
                {"resident_id": resident_id, "term": term}
                for term in sorted(
                    search_terms(row.name, row.address, row.postcode, row.phone, reference)
                )
            ]
        events.append(
            origin.event(
                "resident_imported", (None, resident_id), stored, RESIDENT_EXPORT_COLUMNS, row.line
            )
        )
    if terms:
        connection.execute(insert(m.ResidentSearchTerm), terms)
    connection.execute(insert(m.Event), events)
    return ImportResult("residents", len(rows))
