"""A subject access request: every row held about one resident, as JSON or a readable PDF.

`subject_access(store, actor, reference)` (team lead or administrator) gathers the resident,
their restrictions and representatives, their cases (every contact) with stages, deadlines and
extensions, components, remedies, redress, outstanding actions, notes, sent letters, quick
fixes, satisfaction, compliments and learning tags, and every audit event about them or their
cases. The export itself is recorded as an event. `sar_pdf` lays it out with the same Typst
route as letters: the data goes in as JSON (`sys.inputs`), never spliced into markup.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from complaints_tui.domain.deadlines import describe_date
from complaints_tui.locations import data_dir
from complaints_tui.services._core import SUPERVISORS, command, jsonable, uk_date
from complaints_tui.services.errors import NotFound, ServiceError
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

# Each section: its key in the JSON, its heading in the PDF, its table, and how it is found.
_BY_RESIDENT = (
    ("restrictions", "Restrictions", "resident_restrictions"),
    ("representatives", "Representatives", "representatives"),
)
_BY_CASE = (
    ("case_stages", "Complaint stages", "case_stages"),
    ("deadlines", "Deadlines", "deadlines"),
    ("components", "Parts of the complaint", "components"),
    ("remedies", "Remedies", "remedies"),
    ("redress", "Redress", "redress"),
    ("outstanding_actions", "Outstanding actions", "outstanding_actions"),
    ("notes", "Case notes", "case_notes"),
    ("sent_letters", "Letters sent", "sent_letters"),
    ("quick_fixes", "Quick fixes", "quick_fixes"),
    ("satisfaction", "Satisfaction", "satisfaction"),
    ("compliments", "Compliments", "compliments"),
    ("learning_tags", "Learning tags", "learning_tags"),
)
HEADINGS = {
    "resident": "The resident",
    "cases": "Cases and contacts",
    "extensions": "Extensions",
    "events": "Audit trail",
    **{key: heading for key, heading, _ in (*_BY_RESIDENT, *_BY_CASE)},
}


class SarError(ServiceError):
    """The PDF could not be laid out."""


def _table(name: str) -> Table:
    return m.Base.metadata.tables[name]


def _rows(connection: Connection, table: Table, where: Any) -> list[dict[str, Any]]:
    order = [table.c[c] for c in ("id", "case_id") if c in table.c] or list(table.primary_key)
    found = connection.execute(select(table).where(where).order_by(*order)).mappings()
    return [{key: jsonable(value) for key, value in row.items()} for row in found]


def subject_access(
    store: Store, actor: Actor, reference: str, *, now: datetime | None = None
) -> dict[str, Any]:
    """Everything held about the resident with this reference (any case), as JSON-ready data."""
    with command(store, actor, SUPERVISORS, "export a subject access request", now) as cmd:
        connection = cmd.session.connection()
        residents = _table("residents")
        wanted = reference.strip().upper()
        found = _rows(connection, residents, residents.c.reference == wanted)
        if not found:
            raise NotFound(f"There is no resident with the reference {reference.strip()!r}.")
        resident = found[0]
        resident_id = int(resident["id"])
        out: dict[str, Any] = {
            "reference": resident["reference"],
            "generated_at": cmd.at.isoformat(),
            "resident": resident,
        }
        for key, _, name in _BY_RESIDENT:
            table = _table(name)
            out[key] = _rows(connection, table, table.c.resident_id == resident_id)
        cases = _table("cases")
        out["cases"] = _rows(connection, cases, cases.c.resident_id == resident_id)
        case_ids = [int(row["id"]) for row in out["cases"]]
        for key, _, name in _BY_CASE:
            table = _table(name)
            out[key] = _rows(connection, table, table.c.case_id.in_(case_ids))
        extensions = _table("extensions")
        deadline_ids = [int(row["id"]) for row in out["deadlines"]]
        out["extensions"] = _rows(
            connection, extensions, extensions.c.deadline_id.in_(deadline_ids)
        )
        events = _table("events")
        out["events"] = _rows(
            connection,
            events,
            (events.c.resident_id == resident_id) | events.c.case_id.in_(case_ids),
        )
        cmd.audit("sar_exported", resident_id=resident_id, after={"rows": _count(out)})
        return out


def _count(export: Mapping[str, Any]) -> int:
    return sum(len(value) for value in export.values() if isinstance(value, list)) + 1


def sar_json(export: Mapping[str, Any]) -> str:
    return json.dumps(export, ensure_ascii=False, indent=2, sort_keys=False)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _pairs(row: Mapping[str, Any]) -> list[list[str]]:
    return [[key.replace("_", " "), _text(value)] for key, value in row.items()]


def layout_data(export: Mapping[str, Any], landlord: str = "") -> dict[str, Any]:
    """What the layout reads as `sys.inputs.sar`: every value already text."""
    sections: list[list[Any]] = [[HEADINGS["resident"], [_pairs(export["resident"])]]]
    order: Iterable[str] = (
        "restrictions",
        "representatives",
        "cases",
        *(key for key, _, _ in _BY_CASE),
        "extensions",
        "events",
    )
    for key in order:
        sections.append([HEADINGS[key], [_pairs(row) for row in export.get(key, [])]])
    generated = datetime.fromisoformat(str(export["generated_at"]))
    return {
        "title": f"Subject access request: {export['reference']}",
        "reference": str(export["reference"]),
        "generated": describe_date(uk_date(generated)),
        "landlord": landlord,
        "sections": sections,
    }


def shipped_sar_layout() -> Path:
    return data_dir() / "sar" / "sar.typ"


def sar_pdf(export: Mapping[str, Any], *, landlord: str = "") -> bytes:
    """The export as a PDF (A4, page-numbered) with the shipped fonts only."""
    import typst  # loaded only when a PDF is written

    path = shipped_sar_layout()
    generated = datetime.fromisoformat(str(export["generated_at"]))
    try:
        return typst.compile(
            path,
            root=path.parent,
            font_paths=[data_dir() / "fonts"],
            ignore_system_fonts=True,
            sys_inputs={"sar": json.dumps(layout_data(export, landlord), ensure_ascii=False)},
            timestamp=datetime.combine(generated.date(), time(), tzinfo=UTC),
        )
    except typst.TypstError as error:
        reason = " ".join(error.message.split()).rstrip(".")
        raise SarError(f"The subject access layout {path} has an error: {reason}.") from None


__all__ = ["SarError", "sar_json", "sar_pdf", "subject_access"]
