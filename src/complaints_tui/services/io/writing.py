"""What writing residents and cases share: bulk inserts that hand back their ids, the audit
event of each imported row, and the summary of an import."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert

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
        text = f"Imported {self.rows} {self.what}."
        if self.created_service_areas:
            text += f" New service areas: {', '.join(self.created_service_areas)}."
        if self.created_categories:
            text += f" New categories: {', '.join(self.created_categories)}."
        return text


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
