"""The columns of an import file (the export writes the same ones, so that an export imports
again unchanged), and the model column each text column is stored in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from complaints_tui.store import models as m

RESIDENT_COLUMNS: tuple[str, ...] = (
    "reference",
    "name",
    "address",
    "postcode",
    "phone",
    "email",
    "tenure",
)
# Optional on import; always written by the export.
RESIDENT_EXTRA_COLUMNS: tuple[str, ...] = ("anonymised_on",)
RESIDENT_EXPORT_COLUMNS = RESIDENT_COLUMNS + RESIDENT_EXTRA_COLUMNS

CASE_COLUMNS: tuple[str, ...] = (
    "reference",
    "resident_ref",
    "received_on",
    "kind",
    "channel",
    "service_area",
    "category",
    "stage1_acknowledged_on",
    "stage1_extended_to",
    "stage1_responded_on",
    "escalated_on",
    "stage2_acknowledged_on",
    "stage2_extended_to",
    "stage2_responded_on",
    "withdrawn_on",
    "outcome",
)
# Optional on import (the README's "Import and export" says what an absent column means);
# always written by the export, so that it carries everything the services can make.
CASE_EXTRA_COLUMNS: tuple[str, ...] = (
    "status",
    "exclusion",
    "quick_fix_on",
    "stage1_received_on",
    "stage3_received_on",
    "stage3_acknowledged_on",
    "stage3_extended_to",
    "stage3_responded_on",
    "closed_on",
)
CASE_EXPORT_COLUMNS = CASE_COLUMNS + CASE_EXTRA_COLUMNS

# Per stage: the column of the day it began, then acknowledged, extended to, responded.
STAGE_COLUMNS: dict[int, tuple[str, str, str, str]] = {
    1: (
        "stage1_received_on",
        "stage1_acknowledged_on",
        "stage1_extended_to",
        "stage1_responded_on",
    ),
    2: ("escalated_on", "stage2_acknowledged_on", "stage2_extended_to", "stage2_responded_on"),
    3: (
        "stage3_received_on",
        "stage3_acknowledged_on",
        "stage3_extended_to",
        "stage3_responded_on",
    ),
}
STAGE_DATE_COLUMNS: tuple[str, ...] = tuple(c for cols in STAGE_COLUMNS.values() for c in cols)
CASE_DATE_COLUMNS: tuple[str, ...] = (
    "received_on",
    "quick_fix_on",
    *STAGE_DATE_COLUMNS,
    "withdrawn_on",
    "closed_on",
)
# Dates of things that have happened (so they cannot lie in the future); extension dates may.
HAPPENED_COLUMNS: tuple[str, ...] = (
    *(c for c in CASE_DATE_COLUMNS if "_extended_" not in c),
    "anonymised_on",
)


# Each column of a file that is stored as text, with the model column it lands in (its length, and
# whether it takes several lines, come from there); the other columns are dates and choices.
RESIDENT_TEXT: dict[str, ColumnElement[Any]] = {
    column: m.Resident.__table__.c[column]
    for column in ("reference", "name", "address", "postcode", "phone", "email")
}
CASE_TEXT: dict[str, ColumnElement[Any]] = {
    "reference": m.Case.__table__.c.reference,
    "resident_ref": m.Resident.__table__.c.reference,
    "service_area": m.ServiceArea.__table__.c.name,
    "category": m.Category.__table__.c.name,
}
