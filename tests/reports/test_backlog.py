"""The dashboard's counts (`backlog`), the queues they open (`drill_down`), bulk re-assignment and
`complaints report backlog`, against a hand-made set of cases under the statutory Code, counted
as of Wednesday 23 December 2026: due soon (3 working days) then runs over Christmas Day (Friday),
the weekend and the Boxing Day substitute holiday (Monday 28th) to Wednesday 30 December.

Each case's due date is worked out by hand in `CASES` (5 working days to acknowledge from receipt,
10 to respond from the acknowledgement) and checked against the stored date before anything is
counted, so a count that is wrong says which case was misplaced."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from complaints_tui import services as s
from complaints_tui.cli import app
from complaints_tui.domain.deadlines import DeadlineKind
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, log_complaint, new_resident

TODAY = date(2026, 12, 23)  # a Wednesday
ACK, RESPOND = DeadlineKind.ACKNOWLEDGE, DeadlineKind.RESPOND
OVERDUE, DUE_TODAY, DUE_SOON = (
    s.DeadlineFilter.OVERDUE,
    s.DeadlineFilter.DUE_TODAY,
    s.DeadlineFilter.DUE_SOON,
)


@dataclass(frozen=True)
class Plan:
    received: date
    acknowledged: date | None = None
    extended_to: date | None = None
    due: date | None = None  # the deadline in view, worked out by hand
    kind: DeadlineKind = ACK


CASES: dict[str, Plan] = {
    # Stage 1, not yet acknowledged (5 working days from receipt).
    "ack overdue": Plan(date(2026, 12, 14), due=date(2026, 12, 21)),
    "ack today": Plan(date(2026, 12, 16), due=date(2026, 12, 23)),
    "ack soon thu": Plan(date(2026, 12, 17), due=date(2026, 12, 24)),
    # Fri 18: 21, 22, 23, 24 and (25 Christmas, 26-27 weekend, 28 Boxing Day substitute) 29.
    "ack soon over christmas": Plan(date(2026, 12, 18), due=date(2026, 12, 29)),
    "ack soon last day": Plan(date(2026, 12, 21), due=date(2026, 12, 30)),
    "ack on track": Plan(date(2026, 12, 22), due=date(2026, 12, 31)),  # one day past "soon"
    # Stage 1, acknowledged: the response, 10 working days from the acknowledgement.
    "respond overdue": Plan(date(2026, 11, 30), date(2026, 12, 1), due=date(2026, 12, 15)),
    "respond today": Plan(date(2026, 12, 7), date(2026, 12, 9), due=date(2026, 12, 23)),
    # Acknowledged late (due Mon 7 Dec, sent Fri 11 Dec): the engine counts from the day it was
    # acknowledged, as SPEC §5's worked example does.
    "respond soon, late acknowledgement": Plan(
        date(2026, 11, 30), date(2026, 12, 11), due=date(2026, 12, 29)
    ),
    # Due Tue 15 Dec unextended: overdue but for the extension, which makes it due soon.
    "extended soon": Plan(
        date(2026, 11, 30),
        date(2026, 12, 1),
        extended_to=date(2026, 12, 29),
        due=date(2026, 12, 29),
    ),
    # Due Tue 8 Dec, extended to Fri 18 Dec: overdue all the same.
    "extended overdue": Plan(
        date(2026, 11, 23),
        date(2026, 11, 24),
        extended_to=date(2026, 12, 18),
        due=date(2026, 12, 18),
    ),
}
for name, plan in list(CASES.items()):
    if plan.acknowledged is not None:
        CASES[name] = Plan(plan.received, plan.acknowledged, plan.extended_to, plan.due, RESPOND)


@dataclass
class Book:
    ids: dict[str, int]
    tia: s.UserInfo  # a second investigating manager, in another team


def _open(store: Store, staff: Staff, received: date, name: str) -> s.CaseDetail:
    resident = new_resident(store, staff, name=f"Resident {name}")
    when = at(received.year, received.month, received.day)
    logged = log_complaint(store, staff, resident, when)
    return s.open_stage1(store, staff.handler, logged.case.id, logged.case.version, now=when)


def _book(store: Store, staff: Staff) -> Book:
    s.set_landlord_profile(store, staff.admin, "hos-code", now=at(2025, 12, 1))
    tia = s.create_user(
        store,
        staff.admin,
        s.NewUser("Tia Manager", s.Role.INVESTIGATING_MANAGER, team="Repairs"),
        now=at(2025, 12, 1),
    )
    ids: dict[str, int] = {}
    for name, plan in CASES.items():
        case = _open(store, staff, plan.received, name)
        if plan.acknowledged is not None:
            day = plan.acknowledged
            case = s.acknowledge(
                store,
                staff.manager,
                case.id,
                case.version,
                on=day,
                now=at(day.year, day.month, day.day),
            )
        if plan.extended_to is not None:
            case = s.extend(
                store,
                staff.manager,
                case.id,
                case.version,
                plan.extended_to,
                "Waiting for the surveyor",
                "Phoned",
                told_on=date(2026, 12, 8),
                now=at(2026, 12, 8),
            )
        assert (case.summary.next_due_on, case.summary.next_due_kind) == (plan.due, plan.kind), name
        ids[name] = case.id
    # Two of them are Tia's: the per-handler and per-team rows part.
    for name in ("ack overdue", "respond overdue"):
        case = s.get_case(store, ids[name])
        s.assign(store, staff.lead, case.id, case.version, tia.id, now=at(2026, 12, 22))
    # Never counted: withdrawn, answered (the response sent), and answered then closed.
    withdrawn = _open(store, staff, date(2026, 12, 1), "withdrawn")
    s.withdraw(
        store,
        staff.handler,
        withdrawn.id,
        withdrawn.version,
        "Resident",
        "Fixed",
        now=at(2026, 12, 2),
    )
    ids["withdrawn"] = withdrawn.id
    # A stage 2 review asked for on Mon 2 Nov 2026 (5 working days: due Mon 9 Nov), with nobody
    # allocated yet; its stage 1 was answered, so stage 1 does not count it either.
    ids["stage 2"] = _stage2(store, staff)
    return Book(ids, tia)


def _stage2(store: Store, staff: Staff) -> int:
    from tests.services.test_stage1 import responded

    case = responded(store, staff)
    case = s.request_escalation(
        store,
        staff.handler,
        case.id,
        case.version,
        requested_on=date(2026, 11, 2),
        now=at(2026, 11, 2),
    )
    assert (case.summary.next_due_on, case.summary.next_due_kind) == (
        date(2026, 11, 9),
        "acknowledge",
    )
    return case.id


@pytest.fixture
def book(store: Store, staff: Staff) -> Book:
    return _book(store, staff)


def counts(o: int, t: int, soon: int) -> s.DueCounts:
    return s.DueCounts(o, t, soon)


def test_each_stage_and_deadline_in_view_counted_by_hand(store: Store, book: Book) -> None:
    found = s.backlog(store, today=TODAY)
    assert (found.soon_days, found.soon_until) == (3, date(2026, 12, 30))
    assert found.soon_by == date(2026, 12, 30)
    assert found.soon_words() == "due soon is after today and by Wed 30 Dec (3 working days)"
    assert found.stages == (1, 2)
    assert [(r.stage, r.deadline) for r in found.rows] == [
        (1, ACK),
        (1, RESPOND),
        (2, ACK),
        (2, RESPOND),
    ]
    assert found.row(1, ACK) == counts(1, 1, 3)  # 21 Dec; 23 Dec; 24, 29 and 30 Dec
    assert found.row(1, RESPOND) == counts(2, 1, 2)  # 15 and 18 Dec; 23 Dec; 29 Dec twice
    assert found.row(2, ACK) == counts(1, 0, 0)  # the review due 9 Nov
    assert found.row(2, RESPOND) == counts(0, 0, 0)
    assert found.extended == {1: 2, 2: 0}
    oldest = [row.id for row in found.oldest_overdue]
    ids = book.ids
    assert oldest == [
        ids["stage 2"],
        ids["respond overdue"],
        ids["extended overdue"],
        ids["ack overdue"],
    ]


def test_due_soon_moves_with_the_day_and_the_window(store: Store, book: Book) -> None:
    # Christmas Eve: 29, 30, 31 Dec are the next three working days; Sun 3 Jan the last "soon".
    eve = s.backlog(store, today=date(2026, 12, 24))
    assert (eve.soon_until, eve.soon_by) == (date(2027, 1, 3), date(2026, 12, 31))
    assert eve.row(1, ACK) == counts(2, 1, 3)  # 21, 23 Dec late; 24 today; 29, 30, 31 soon
    assert s.backlog(store, today=TODAY, soon_days=0).row(1, ACK) == counts(1, 1, 0)
    # The office's setting is the default; the window is a team lead's to change.
    with pytest.raises(s.PermissionDenied):
        s.set_due_soon_days(store, book.tia, 4)
    with pytest.raises(s.RuleViolation, match="0 to 20"):
        s.set_due_soon_days(store, s.sign_in(store, 2), 21)


def test_per_handler_and_per_team_with_the_unassigned_first(
    store: Store, staff: Staff, book: Book
) -> None:
    found = s.backlog(store, today=TODAY)
    handlers = {(r.stage, r.name): (r.open_cases, r.counts) for r in found.handlers}
    assert handlers == {
        (1, "Mo Manager"): (9, counts(1, 2, 5)),
        (1, "Tia Manager"): (2, counts(2, 0, 0)),
        (2, "Unassigned"): (1, counts(1, 0, 0)),
    }
    assert [r.name for r in found.handlers if r.stage == 1] == ["Tia Manager", "Mo Manager"]
    teams = {(r.stage, r.name): (r.open_cases, r.counts) for r in found.teams}
    assert teams == {
        (1, "Complaints"): (9, counts(1, 2, 5)),
        (1, "Repairs"): (2, counts(2, 0, 0)),
        (2, "Unassigned"): (1, counts(1, 0, 0)),
    }


def test_every_number_opens_exactly_its_cases(store: Store, staff: Staff, book: Book) -> None:
    found = s.backlog(store, today=TODAY)

    def queue(query: s.DeskQuery) -> set[int]:
        page = s.desk_queue(store, staff.lead, query, limit=100, today=TODAY)
        return {row.id for row in page.rows}

    checked = 0
    for row in found.rows:
        for wanted in (OVERDUE, DUE_TODAY, DUE_SOON):
            opened = queue(s.drill_down(row.stage, wanted, due_kind=row.deadline))
            assert len(opened) == row.counts.of(wanted), (row, wanted)
            checked += len(opened)
    for worker in found.handlers + found.teams:
        for wanted in (OVERDUE, DUE_TODAY, DUE_SOON):
            assert len(
                queue(s.drill_down(worker.stage, wanted, worker=worker))
            ) == worker.counts.of(wanted)
        everything = queue(s.drill_down(worker.stage, s.DeadlineFilter.ANY, worker=worker))
        assert len(everything) == worker.open_cases
    for stage, extended in found.extended.items():
        assert len(queue(s.drill_down(stage, s.DeadlineFilter.EXTENDED))) == extended
    ids = book.ids
    assert queue(s.drill_down(1, DUE_SOON, due_kind=RESPOND)) == {
        ids["respond soon, late acknowledgement"],
        ids["extended soon"],
    }
    assert checked == 11  # each counted deadline once: 5 + 5 at stage 1, 1 at stage 2


def test_only_team_leads_directors_and_administrators_see_the_dashboard(
    store: Store, staff: Staff, book: Book
) -> None:
    for user in (staff.lead, staff.director, staff.admin):
        assert s.dashboard(store, user, today=TODAY).row(1, ACK) == counts(1, 1, 3)
    for user in (staff.manager, staff.handler):
        with pytest.raises(s.PermissionDenied, match="dashboard"):
            s.dashboard(store, user, today=TODAY)


def test_a_team_lead_reassigns_many_with_an_event_each(
    store: Store, staff: Staff, book: Book
) -> None:
    ids = book.ids
    chosen = [s.get_case(store, ids[name]) for name in ("ack today", "ack soon thu", "ack overdue")]
    stale = chosen[2]
    s.add_note(store, book.tia, stale.id, stale.version, "Rang the resident", now=at(2026, 12, 23))
    before = _events(store, "assigned")
    done = s.reassign_cases(
        store,
        staff.lead,
        [(case.id, case.version) for case in chosen],
        staff.manager2.id,
        now=at(2026, 12, 23, 11),
    )
    assert done.handler_name == "Max Manager"
    assert done.moved == [chosen[0].reference, chosen[1].reference]
    assert [reference for reference, _ in done.left] == [stale.reference]
    assert "changed it since" in done.left[0][1]
    assert _events(store, "assigned") - before == 2  # one audit event a case
    assert s.get_case(store, chosen[0].id).summary.handler_id == staff.manager2.id
    assert s.get_case(store, stale.id).summary.handler_id == book.tia.id  # left as it was
    after = s.backlog(store, today=TODAY)
    assert {(r.stage, r.name): r.open_cases for r in after.handlers}[(1, "Max Manager")] == 2

    again = s.get_case(store, chosen[0].id)
    same = s.reassign_cases(store, staff.lead, [(again.id, again.version)], staff.manager2.id)
    assert same.moved == [] and "handles it already" in same.left[0][1]
    # An administrator gives unassigned cases a first handler but does not take one from a manager.
    admin = s.reassign_cases(store, staff.admin, [(again.id, again.version)], staff.manager.id)
    assert admin.moved == [] and "team lead" in admin.left[0][1].lower()
    with pytest.raises(s.PermissionDenied):
        s.reassign_cases(store, staff.manager, [(again.id, again.version)], staff.manager.id)
    with pytest.raises(s.RuleViolation, match="Mark"):
        s.reassign_cases(store, staff.lead, [], staff.manager.id)


def _events(store: Store, action: str) -> int:
    with store.reading() as session:
        return len(list(session.scalars(select(m.Event.id).where(m.Event.action == action))))


def test_report_backlog_prints_the_same_counts(store: Store, book: Book) -> None:
    runner = CliRunner()
    report = ["--db", store.url, "report", "backlog"]
    result = runner.invoke(app, [*report, "--today", "2026-12-23", "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["rows"] == [
        {"stage": 1, "deadline": "acknowledge", "overdue": 1, "due_today": 1, "due_soon": 3},
        {"stage": 1, "deadline": "respond", "overdue": 2, "due_today": 1, "due_soon": 2},
        {"stage": 2, "deadline": "acknowledge", "overdue": 1, "due_today": 0, "due_soon": 0},
        {"stage": 2, "deadline": "respond", "overdue": 0, "due_today": 0, "due_soon": 0},
    ]
    assert found["soon_until"] == "2026-12-30" and found["extended"][0] == {"stage": 1, "cases": 2}

    text = runner.invoke(app, [*report, "--today", "2026-12-23", "--soon", "0"])
    assert text.exit_code == 0
    lines = text.output.splitlines()
    assert "Wed 23 Dec 2026; nothing counts as due soon (0 working days)" in lines[0]
    assert any(line.split() == ["stage", "1", "acknowledge", "1", "1", "0"] for line in lines)
    assert any(line.split()[:3] == ["stage", "1", "Tia"] for line in lines)

    for bad, says in (
        (["--today", "2026-02-30"], "--today"),
        (["--soon", "99"], "--soon"),
        (["--today", "soon"], "--today"),
    ):
        refused = runner.invoke(app, [*report, *bad])
        assert refused.exit_code == 2 and says in refused.output, refused.output
        assert "Traceback" not in refused.output
