"""Two terminals, one case: the second save raises ConflictError and nothing is overwritten."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy.orm import Session

from complaints_tui import services as s
from complaints_tui.services._core import touch
from complaints_tui.services.cases import command
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, count, events, log_complaint, new_resident


def opened(store: Store, staff: Staff) -> s.CaseDetail:
    logged = log_complaint(store, staff, new_resident(store, staff), at(2026, 3, 2))
    return s.open_stage1(
        store, staff.handler, logged.case.id, logged.case.version, now=at(2026, 3, 2)
    )


def test_a_stale_version_is_refused_and_nothing_is_written(store: Store, staff: Staff) -> None:
    seen_by_a = seen_by_b = opened(store, staff)
    before_events = len(events(store, seen_by_a.id))
    saved = s.acknowledge(store, staff.manager, seen_by_a.id, seen_by_a.version, now=at(2026, 3, 3))
    assert saved.version == seen_by_a.version + 1
    with pytest.raises(s.ConflictError, match="changed by someone else"):
        s.add_component(
            store,
            staff.lead,
            seen_by_b.id,
            seen_by_b.version,
            "Second terminal",
            now=at(2026, 3, 3),
        )
    assert count(store, m.Component) == 0
    assert len(events(store, seen_by_a.id)) == before_events + 1
    # Reloaded, the second terminal's save goes through.
    fresh = s.get_case(store, seen_by_b.id)
    s.add_component(
        store, staff.lead, fresh.id, fresh.version, "Second terminal", now=at(2026, 3, 3)
    )
    assert count(store, m.Component) == 1


def test_every_mutation_moves_the_version_on(store: Store, staff: Staff) -> None:
    case = opened(store, staff)
    versions = [case.version]
    case = s.acknowledge(
        store, staff.manager, case.id, case.version, on=date(2026, 3, 3), now=at(2026, 3, 3)
    )
    versions.append(case.version)
    # Same clock reading again: the version still moves, though only a child row changes.
    case = s.add_component(store, staff.manager, case.id, case.version, "A", now=at(2026, 3, 3))
    versions.append(case.version)
    case = s.add_component(store, staff.manager, case.id, case.version, "B", now=at(2026, 3, 3))
    versions.append(case.version)
    assert versions == sorted(set(versions)) and len(versions) == 4


def test_two_sessions_saving_at_once_the_second_raises(store: Store, staff: Staff) -> None:
    """Both sessions read version v before either writes; the slower UPDATE matches no row."""
    case = opened(store, staff)
    first = store.sessions()
    second = store.sessions()
    try:
        row_a = first.get(m.Case, case.id)
        row_b = second.get(m.Case, case.id)
        assert row_a is not None and row_b is not None and row_a.version == row_b.version
        row_a.description = "Terminal A's wording"
        touch(row_a, at(2026, 3, 3))
        first.commit()
        row_b.description = "Terminal B's wording"
        touch(row_b, at(2026, 3, 3))
        with pytest.raises(Exception) as raised:
            second.commit()
        assert type(raised.value).__name__ == "StaleDataError"
    finally:
        second.rollback()
        first.close()
        second.close()
    assert s.get_case(store, case.id).description == "Terminal A's wording"


def test_interleaved_service_calls_one_wins_one_conflicts(
    store: Store, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Terminal A loads the case and stalls; terminal B saves; A then saves with the old version.

    On SQLite A's UPDATE finds its version gone (StaleDataError → ConflictError); on PostgreSQL
    A holds the row lock, so B waits, then sees A's new version (ConflictError for B).
    """
    case = opened(store, staff)
    b_done = threading.Event()
    loaded = threading.Event()
    real_load = command.load_case

    def stalling_load(session: Session, case_id: int, version: int | None) -> m.Case:
        row = real_load(session, case_id, version)
        if threading.current_thread().name == "terminal A":  # B's save goes straight through
            loaded.set()
            b_done.wait(timeout=3)
        return row

    monkeypatch.setattr(command, "load_case", stalling_load)
    outcomes: dict[str, object] = {}

    def terminal_a() -> None:
        try:
            outcomes["a"] = s.add_component(
                store, staff.manager, case.id, case.version, "A", now=at(2026, 3, 3)
            )
        except s.ConflictError as error:
            outcomes["a"] = error

    thread = threading.Thread(target=terminal_a, name="terminal A")
    thread.start()
    assert loaded.wait(timeout=5)
    try:
        outcomes["b"] = s.acknowledge(
            store, staff.manager, case.id, case.version, now=at(2026, 3, 3)
        )
    except s.ConflictError as error:
        outcomes["b"] = error
    b_done.set()
    thread.join()
    conflicts = [who for who, result in outcomes.items() if isinstance(result, s.ConflictError)]
    assert len(conflicts) == 1, outcomes
    final = s.get_case(store, case.id)
    assert final.version == case.version + 1
    if conflicts == ["a"]:
        assert final.stages[0].acknowledged_on == date(2026, 3, 3) and final.components == []
    else:
        assert final.stages[0].acknowledged_on is None and [
            c.summary for c in final.components
        ] == ["A"]


def test_concurrent_terminals_get_distinct_references(store: Store, staff: Staff) -> None:
    resident = new_resident(store, staff)
    references: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def terminal() -> None:
        try:
            for _ in range(8):
                logged = log_complaint(store, staff, resident, at(2026, 3, 2))
                with lock:
                    references.append(logged.case.reference)
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=terminal) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(references) == 32 == len(set(references))
    assert sorted(references)[-1] == "CMP-2026-000032"
