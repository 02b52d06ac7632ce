"""Checking a file's rows against the database (references already taken, residents not known),
and the ids that the rows' names stand for."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints_tui.services.io.problems import Problems
from complaints_tui.services.io.reading import Record
from complaints_tui.store import models as m

# References asked for in one IN (...): a big file is asked in slices, below any backend's limit.
_SLICE = 500


def ids_by_reference(
    session: Session, model: type[m.Case] | type[m.Resident], references: Iterable[str]
) -> dict[str, int]:
    """The id of each of `references` the model's table already holds."""
    found: dict[str, int] = {}
    wanted = sorted({reference for reference in references if reference})
    for start in range(0, len(wanted), _SLICE):
        chunk = wanted[start : start + _SLICE]
        for reference, row_id in session.execute(
            select(model.reference, model.id).where(model.reference.in_(chunk))
        ):
            found[str(reference)] = int(row_id)
    return found


@dataclass
class Lookups:
    """The ids a case file's names stand for; areas and categories grow as the import adds them."""

    residents: dict[str, int]
    areas: dict[str, int]
    categories: dict[str, tuple[int, int | None]]  # name -> (id, service area id)


def references_taken(
    session: Session, model: type[m.Case] | type[m.Resident], records: Iterable[Record]
) -> set[str]:
    """The records' references that the database holds already."""
    return set(ids_by_reference(session, model, [r.values["reference"] for r in records]))


def check_cases_against_database(
    session: Session, records: Sequence[Record], problems: Problems
) -> Lookups:
    """Residents not known, for every row (good or not), and the ids the names stand for."""
    residents = ids_by_reference(session, m.Resident, [r.values["resident_ref"] for r in records])
    for record in records:
        resident_ref = record.values["resident_ref"]
        if resident_ref and resident_ref not in residents:
            problems.add(
                record.line,
                f"resident_ref {resident_ref!r} is not a resident in the database",
                record.item,
            )
    areas = {
        str(n): int(i) for i, n in session.execute(select(m.ServiceArea.id, m.ServiceArea.name))
    }
    categories = {
        str(n): (int(i), None if a is None else int(a))
        for i, n, a in session.execute(
            select(m.Category.id, m.Category.name, m.Category.service_area_id)
        )
    }
    return Lookups(residents, areas, categories)
