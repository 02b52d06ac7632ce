"""SPEC §9: every change is an event kept for good. The ORM refuses to change or delete an event,
row by row or in bulk; adding events goes on as before."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from complaints_tui import services as s
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store, StoreError
from tests.conftest_store import Staff, at, events, log_complaint, new_resident


def _edit(session: Session, event_id: int) -> None:
    row = session.get(m.Event, event_id)
    assert row is not None
    row.after = {"handler_id": None}
    session.flush()


def _remove(session: Session, event_id: int) -> None:
    row = session.get(m.Event, event_id)
    assert row is not None
    session.delete(row)
    session.flush()


def _bulk_update(session: Session, event_id: int) -> None:
    session.execute(update(m.Event).where(m.Event.id == event_id).values(action="edited"))


def _bulk_delete(session: Session, event_id: int) -> None:
    session.execute(delete(m.Event).where(m.Event.id == event_id))


@pytest.mark.parametrize(
    "tamper",
    [_edit, _remove, _bulk_update, _bulk_delete],
    ids=["update", "delete", "bulk-update", "bulk-delete"],
)
def test_events_cannot_be_changed_or_deleted(
    store: Store, staff: Staff, tamper: Callable[[Session, int], None]
) -> None:
    logged = log_complaint(store, staff, new_resident(store, staff), at(2026, 3, 2))
    kept = events(store, logged.case.id)
    assert [e.action for e in kept] == ["contact_logged"]
    with (
        pytest.raises(m.AppendOnlyError, match="append-only") as raised,
        store.transaction() as session,
    ):
        tamper(session, kept[0].id)
    assert isinstance(raised.value, StoreError)  # the screens show it as one sentence
    after = events(store, logged.case.id)
    assert [(e.id, e.action, e.after, e.at) for e in after] == [
        (e.id, e.action, e.after, e.at) for e in kept
    ]


def test_services_still_append_events(store: Store, staff: Staff) -> None:
    logged = log_complaint(store, staff, new_resident(store, staff), at(2026, 3, 2))
    case = s.open_stage1(
        store, staff.handler, logged.case.id, logged.case.version, now=at(2026, 3, 2)
    )
    case = s.acknowledge(store, staff.manager, case.id, case.version, now=at(2026, 3, 3))
    assert [e.action for e in events(store, case.id)] == [
        "contact_logged",
        "stage_opened",
        "acknowledged",
    ]


def test_other_rows_are_still_updated_in_bulk(store: Store, staff: Staff) -> None:
    """The guard is for events only: a bulk UPDATE of another table goes through."""
    logged = log_complaint(store, staff, new_resident(store, staff), at(2026, 3, 2))
    with store.transaction() as session:
        session.execute(
            update(m.Case).where(m.Case.id == logged.case.id).values(description="Reworded")
        )
    assert s.get_case(store, logged.case.id).description == "Reworded"
