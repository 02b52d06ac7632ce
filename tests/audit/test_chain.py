"""Issue 12, audit integrity: events are hash-chained and append-only in the database itself;
`verify_audit_trail` / `complaints audit verify` names the first link broken by hand."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from complaints_tui import services as s
from complaints_tui.cli import app
from complaints_tui.services.audit_verify import verify_audit_trail
from complaints_tui.store import models as m
from complaints_tui.store.audit_chain import GENESIS
from complaints_tui.store.engine import Store
from tests.audit.tampering import drop_triggers, raw
from tests.conftest_store import Staff, at, events, log_complaint, new_resident


def _some_events(store: Store, staff: Staff) -> list[m.Event]:
    resident = new_resident(store, staff, "Bob [/] #set {{x}}")
    logged = log_complaint(store, staff, resident, at(2026, 3, 2))
    case = s.open_stage1(
        store, staff.handler, logged.case.id, logged.case.version, now=at(2026, 3, 2)
    )
    s.acknowledge(store, staff.manager, case.id, case.version, now=at(2026, 3, 3))
    return events(store)


def test_every_event_links_to_the_one_before(store: Store, staff: Staff) -> None:
    found = _some_events(store, staff)
    assert len(found) >= 8
    assert [e.id for e in found] == list(range(1, len(found) + 1))
    assert found[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(found):
        assert after.prev_hash == before.hash and after.hash != before.hash
    check = verify_audit_trail(store)
    assert check.intact and check.events == len(found)
    assert check.sentence == f"The audit trail of {len(found)} events is intact."


@pytest.mark.parametrize(
    ("sql", "doing"),
    [
        ("UPDATE events SET action = 'edited' WHERE id = 2", "changed"),
        ("UPDATE events SET redacted_at = at, hash = prev_hash WHERE id = 2", "changed"),
        ("DELETE FROM events WHERE id = 2", "deleted"),
    ],
)
def test_the_database_refuses_raw_changes(store: Store, staff: Staff, sql: str, doing: str) -> None:
    kept = _some_events(store, staff)
    with pytest.raises(m.AppendOnlyError) as raised:
        raw(store, sql)
    assert str(raised.value) == (
        f"The audit trail is append-only: an event cannot be {doing}. Nothing was saved."
    )
    assert [(e.id, e.hash, e.after) for e in events(store)] == [
        (e.id, e.hash, e.after) for e in kept
    ]
    assert verify_audit_trail(store).intact


def test_redaction_is_the_one_change_the_database_allows(store: Store, staff: Staff) -> None:
    _some_events(store, staff)
    raw(
        store,
        "UPDATE events SET redacted_at = at, after = :after WHERE id = 1",
        after='{"name": "[redacted]"}',
    )
    check = verify_audit_trail(store)
    assert check.intact and check.redacted == 1
    with pytest.raises(m.AppendOnlyError):  # once only
        raw(store, "UPDATE events SET after = NULL WHERE id = 1")


def test_an_edited_event_is_named(store: Store, staff: Staff) -> None:
    found = _some_events(store, staff)
    drop_triggers(store)
    raw(store, "UPDATE events SET actor_id = :a WHERE id = 3", a=staff.handler.id)
    check = verify_audit_trail(store)
    assert (check.problem, check.event_id) == ("changed", 3)
    assert check.sentence == "Event 3 was changed: what it records no longer matches its hash."
    assert check.events == 3  # it stopped at the first broken link
    assert len(found) > 3


def test_an_edited_payload_is_named(store: Store, staff: Staff) -> None:
    _some_events(store, staff)
    drop_triggers(store)
    raw(store, "UPDATE events SET after = :a WHERE id = 2", a='{"name": "Someone Else"}')
    assert (verify_audit_trail(store).problem, verify_audit_trail(store).event_id) == (
        "changed",
        2,
    )


def test_a_rewritten_and_rehashed_event_breaks_the_next_link(store: Store, staff: Staff) -> None:
    """Changing a row and its own hash (as a careful attacker would) is found at the next row."""
    _some_events(store, staff)
    drop_triggers(store)
    raw(store, "UPDATE events SET hash = :h WHERE id = 2", h="f" * 64)
    check = verify_audit_trail(store)
    assert (check.problem, check.event_id) == ("changed", 2)


def test_a_deleted_event_is_named_missing(store: Store, staff: Staff) -> None:
    _some_events(store, staff)
    drop_triggers(store)
    raw(store, "DELETE FROM events WHERE id IN (4, 5)")
    check = verify_audit_trail(store)
    assert (check.problem, check.event_id) == ("missing", 4)
    assert check.sentence == "Events 4 to 5 are missing: they were deleted from the trail."


def test_the_first_and_the_last_events_deleted(store: Store, staff: Staff) -> None:
    found = _some_events(store, staff)
    last = found[-1].id
    drop_triggers(store)
    raw(store, "DELETE FROM events WHERE id = :i", i=last)
    check = verify_audit_trail(store)
    assert (check.problem, check.event_id) == ("missing", last)
    assert check.sentence == (
        f"Event {last} is missing: it was deleted from the trail (at its end)."
    )
    raw(store, "DELETE FROM events WHERE id = 1")
    assert verify_audit_trail(store).sentence.startswith("Event 1 is missing")


def test_swapped_events_are_named_reordered(store: Store, staff: Staff) -> None:
    _some_events(store, staff)
    drop_triggers(store)
    raw(store, "UPDATE events SET id = -3 WHERE id = 3")
    raw(store, "UPDATE events SET id = 3 WHERE id = 4")
    raw(store, "UPDATE events SET id = 4 WHERE id = -3")
    check = verify_audit_trail(store)
    assert (check.problem, check.event_id) == ("reordered", 3)
    assert check.sentence == (
        "Event 3 holds what was recorded as event 4: the events were reordered."
    )


def test_an_event_added_by_hand_is_named(store: Store, staff: Staff) -> None:
    found = _some_events(store, staff)
    raw(
        store,
        "INSERT INTO events (id, at, action) VALUES (:i, :at, 'made_up')",
        i=found[-1].id + 1,
        at=at(2026, 3, 4).replace(tzinfo=None) if store.is_sqlite else at(2026, 3, 4),
    )
    check = verify_audit_trail(store)
    assert (check.problem, check.event_id) == ("unchained", found[-1].id + 1)
    # The app's next event still gets an id of its own after it.
    s.create_resident(store, staff.handler, s.NewResident("Ann Other"), now=at(2026, 3, 5))
    assert events(store)[-1].id == found[-1].id + 2


def test_a_savepoint_rolled_back_takes_its_link_with_it(store: Store, staff: Staff) -> None:
    """Bulk re-assignment runs each case in a savepoint; one refused must not fork the chain."""
    resident = new_resident(store, staff)
    one = log_complaint(store, staff, resident, at(2026, 3, 2)).case
    two = log_complaint(store, staff, resident, at(2026, 3, 2)).case
    s.reassign_cases(
        store,
        staff.lead,
        [(one.id, one.version), (two.id, two.version + 7)],
        staff.manager2.id,
        now=at(2026, 3, 3),
    )
    assert verify_audit_trail(store).intact


def _cli(store: Store, *args: str) -> tuple[int, str, str]:
    url = store.url
    result = CliRunner().invoke(app, ["--db", url, *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_command_says_intact_or_names_the_break(store: Store, staff: Staff) -> None:
    found = _some_events(store, staff)
    code, out, _ = _cli(store, "audit", "verify")
    assert code == 0, out
    assert out.strip() == f"The audit trail of {len(found)} events is intact."
    drop_triggers(store)
    raw(store, "DELETE FROM events WHERE id = 2")
    code, out, err = _cli(store, "audit", "verify")
    assert code == 1
    assert err.strip() == "Event 2 is missing: it was deleted from the trail."
    code, out, _ = _cli(store, "audit", "verify", "--json")
    assert code == 1
    assert json.loads(out) | {"events": 0} == {
        "intact": False,
        "events": 0,
        "redacted": 0,
        "problem": "missing",
        "event_id": 2,
        "message": "Event 2 is missing: it was deleted from the trail.",
    }


def test_a_demo_build_is_chained(store: Store, tmp_path: Path) -> None:
    from datetime import date

    from complaints_tui.services.demo.build import build_demo
    from complaints_tui.services.demo.recipe import DemoRecipe

    build_demo(store, DemoRecipe(residents=60, cases=300, seed=3, today=date(2026, 1, 5)))
    check = verify_audit_trail(store)
    assert check.intact, check.sentence
    with store.engine.connect() as connection:
        total = connection.execute(text("SELECT count(*) FROM events")).scalar_one()
    assert check.events == total > 300
