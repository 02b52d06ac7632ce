"""The manager's desk: a stage's queue by scope (mine, team, unassigned, all), its filters
(deadline states across Easter's bank holidays and a weekend, area, category, vulnerability),
search by reference and by name, paging, the role refusals and the change mark."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from complaints_tui import services as s
from complaints_tui.domain.deadlines import DeadlineState
from complaints_tui.domain.kinds import Channel
from complaints_tui.domain.restrictions import RestrictionKind
from complaints_tui.services.people import resident_words
from complaints_tui.services.queues import desk as desk_module
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from tests.conftest_store import START, Staff, at, complaint_answers, use_profile

# Thursday before Easter 2026: Good Friday (3 April) and Easter Monday (6 April) are bank
# holidays, so the three working days after it are Tuesday 7, Wednesday 8 and Thursday 9 April.
THURSDAY = date(2026, 4, 2)


@dataclass(frozen=True)
class Desk:
    overdue: s.CaseDetail  # acknowledge by Wednesday 1 April
    today: s.CaseDetail  # by Thursday 2 April
    soon: s.CaseDetail  # by Wednesday 8 April, over Easter
    soon_edge: s.CaseDetail  # by Thursday 9 April: the third working day
    on_track: s.CaseDetail  # by Friday 10 April: the fourth
    unassigned: s.CaseDetail  # no service area, so no default manager; by Monday 13 April
    other_team: s.CaseDetail  # Nia's, in another team; by Tuesday 14 April
    nia: s.UserInfo


def logged(
    store: Store,
    staff: Staff,
    when: datetime,
    name: str,
    *,
    area: bool = True,
    vulnerability: str = "",
    category: int | None = None,
) -> s.CaseDetail:
    resident = s.create_resident(
        store, staff.handler, s.NewResident(name, vulnerability=vulnerability), now=START
    ).id
    capture = s.ContactCapture(
        Channel.PHONE,
        complaint_answers(when.date()),
        f"Complaint from {name}",
        resident_id=resident,
        service_area_id=staff.repairs.id if area else None,
        category_id=category,
    )
    case = s.log_contact(store, staff.handler, capture, now=when).case
    return s.open_stage1(store, staff.handler, case.id, case.version, now=when)


def build(store: Store, staff: Staff) -> Desk:
    nia = s.create_user(
        store,
        staff.admin,
        s.NewUser("Nia Neighbourhoods", s.Role.INVESTIGATING_MANAGER, team="Neighbourhoods"),
        now=START,
    )
    other = logged(store, staff, at(2026, 4, 7), "Olu Other")
    other = s.assign(store, staff.lead, other.id, other.version, nia.id, now=at(2026, 4, 7))
    return Desk(
        overdue=logged(store, staff, at(2026, 3, 25), "Ann Archer", vulnerability="Sight loss"),
        today=logged(store, staff, at(2026, 3, 26), "Bob Baker", category=mould(staff)),
        soon=logged(store, staff, at(2026, 3, 30), "Cat Carter"),
        soon_edge=logged(store, staff, at(2026, 3, 31), "Dan Dyer"),
        on_track=logged(store, staff, at(2026, 4, 1), "Eve Evans"),
        unassigned=logged(store, staff, at(2026, 4, 2), "Fay Fisher", area=False),
        other_team=other,
        nia=nia,
    )


def mould(staff: Staff) -> int:
    return staff.repairs.categories[0][0]


def refs(page: s.DeskPage) -> list[str]:
    return [row.reference for row in page.rows]


def desk(
    store: Store, actor: s.UserInfo, *, limit: int = 25, offset: int = 0, **query: object
) -> s.DeskPage:
    wanted = s.DeskQuery(**{"stage": 1, **query})  # type: ignore[arg-type]
    return s.desk_queue(store, actor, wanted, limit=limit, offset=offset, today=THURSDAY)


def test_the_due_dates_cross_easter(store: Store, staff: Staff) -> None:
    cases = build(store, staff)
    due = {
        "overdue": date(2026, 4, 1),
        "today": date(2026, 4, 2),
        "soon": date(2026, 4, 8),
        "soon_edge": date(2026, 4, 9),
        "on_track": date(2026, 4, 10),
        "unassigned": date(2026, 4, 13),
        "other_team": date(2026, 4, 14),
    }
    assert {name: getattr(cases, name).summary.next_due_on for name in due} == due


def test_each_scope_shows_whose_cases_it_says(store: Store, staff: Staff) -> None:
    cases = build(store, staff)
    mine = [cases.overdue, cases.today, cases.soon, cases.soon_edge, cases.on_track]
    assert refs(desk(store, staff.manager)) == [c.reference for c in mine]
    assert refs(desk(store, staff.manager, scope=s.QueueScope.TEAM)) == [
        c.reference for c in mine
    ]  # Mo and Max are both in Complaints; the unassigned case is no one's team's
    assert refs(desk(store, cases.nia, scope=s.QueueScope.TEAM)) == [cases.other_team.reference]
    assert refs(desk(store, staff.lead, scope=s.QueueScope.UNASSIGNED)) == [
        cases.unassigned.reference
    ]
    everyone = desk(store, staff.director, scope=s.QueueScope.ALL)
    assert refs(everyone) == [
        c.reference for c in [*mine, cases.unassigned, cases.other_team]
    ]  # by next due date, soonest (most overdue) first
    first = everyone.rows[0]
    assert (first.resident_name, first.handler_name, first.service_area) == (
        "Ann Archer",
        "Mo Manager",
        "Repairs",
    )
    assert first.vulnerable and not first.restricted and first.status is s.CaseStatus.OPEN
    assert first.next_due_kind == "acknowledge" and first.version == cases.overdue.version
    assert everyone.rows[-2].handler_id is None and everyone.rows[-2].handler_name == ""


def test_the_deadline_states_and_filters_count_working_days_over_easter(
    store: Store, staff: Staff
) -> None:
    cases = build(store, staff)
    states = {
        row.reference: row.state for row in desk(store, staff.lead, scope=s.QueueScope.ALL).rows
    }
    assert states[cases.overdue.reference] is DeadlineState.OVERDUE
    assert states[cases.today.reference] is DeadlineState.DUE_TODAY
    assert states[cases.soon.reference] is DeadlineState.DUE_SOON
    assert states[cases.soon_edge.reference] is DeadlineState.DUE_SOON
    assert states[cases.on_track.reference] is DeadlineState.UPCOMING

    def only(deadline: s.DeadlineFilter, **more: object) -> list[str]:
        return refs(desk(store, staff.lead, scope=s.QueueScope.ALL, deadline=deadline, **more))

    assert only(s.DeadlineFilter.OVERDUE) == [cases.overdue.reference]
    assert only(s.DeadlineFilter.DUE_TODAY) == [cases.today.reference]
    assert only(s.DeadlineFilter.DUE_SOON) == [cases.soon.reference, cases.soon_edge.reference]
    assert only(s.DeadlineFilter.ON_TRACK) == [
        cases.on_track.reference,
        cases.unassigned.reference,
        cases.other_team.reference,
    ]
    # Two working days: Tuesday 7 and Wednesday 8 April; Thursday 9 is on track.
    two = s.DeskQuery(1, s.QueueScope.ALL, deadline=s.DeadlineFilter.DUE_SOON)
    page = s.desk_queue(store, staff.lead, two, today=THURSDAY, soon_days=2)
    assert refs(page) == [cases.soon.reference]
    assert [row.state for row in page.rows] == [DeadlineState.DUE_SOON]


def test_due_soon_runs_over_a_weekend_as_the_state_does(store: Store, staff: Staff) -> None:
    cases = build(store, staff)
    # Wednesday 8 April: Thursday 9 and Friday 10 are the two working days; the weekend after
    # them is still within the window (nothing is due then), Monday 13 is not.
    wednesday = date(2026, 4, 8)
    query = s.DeskQuery(1, s.QueueScope.ALL, deadline=s.DeadlineFilter.DUE_SOON)
    page = s.desk_queue(store, staff.lead, query, today=wednesday, soon_days=2)
    assert refs(page) == [cases.soon_edge.reference, cases.on_track.reference]
    later = s.DeskQuery(1, s.QueueScope.ALL, deadline=s.DeadlineFilter.ON_TRACK)
    page = s.desk_queue(store, staff.lead, later, today=wednesday, soon_days=2)
    assert refs(page) == [cases.unassigned.reference, cases.other_team.reference]
    assert {row.state for row in page.rows} == {DeadlineState.UPCOMING}


def test_extended_cases(store: Store, staff: Staff) -> None:
    cases = build(store, staff)
    case = cases.soon
    respond = next(d for d in case.deadlines if d.kind == "respond")
    moved = s.extend(
        store,
        staff.manager,
        case.id,
        case.version,
        date(2026, 5, 1),
        "Waiting for the damp survey",
        "Phoned the resident",
        now=at(2026, 4, 2),
    )
    assert respond.due_on < date(2026, 5, 1)
    page = desk(store, staff.lead, scope=s.QueueScope.ALL, deadline=s.DeadlineFilter.EXTENDED)
    assert refs(page) == [moved.reference]
    assert page.rows[0].extended
    others = desk(store, staff.lead, scope=s.QueueScope.ALL).rows
    assert [row.reference for row in others if row.extended] == [moved.reference]


def test_area_category_and_vulnerability_filters(store: Store, staff: Staff) -> None:
    cases = build(store, staff)
    everyone = s.QueueScope.ALL
    area = staff.repairs.id
    in_repairs = refs(desk(store, staff.lead, scope=everyone, service_area_id=area))
    assert cases.unassigned.reference not in in_repairs and len(in_repairs) == 6
    damp = desk(store, staff.lead, scope=everyone, category_id=mould(staff))
    assert refs(damp) == [cases.today.reference] and damp.rows[0].category == "Damp and mould"
    assert refs(desk(store, staff.lead, scope=everyone, category_id=mould(staff) + 1)) == []
    assert refs(desk(store, staff.lead, scope=everyone, vulnerable_only=True)) == [
        cases.overdue.reference
    ]


def test_restricted_residents_are_flagged(store: Store, staff: Staff) -> None:
    cases = build(store, staff)
    resident = cases.today.summary.resident_id
    assert resident is not None
    s.mark_unreasonable(
        store,
        staff.lead,
        resident,
        "Forty calls a day to the office",
        date(2026, 9, 1),
        (s.RestrictionInput(RestrictionKind.WRITING_ONLY),),
        now=START,
    )
    flagged = [row.reference for row in desk(store, staff.manager).rows if row.restricted]
    assert flagged == [cases.today.reference]


@pytest.fixture(params=["few matches", "many matches"])
def plan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Search under both plans: the few residents (or references) found drive the query, or each
    row read in due order is checked."""
    few = request.param == "few matches"
    cutoff = 10**9 if few else -1
    monkeypatch.setattr(resident_words, "_broad_search_cutoff", lambda session: cutoff)
    monkeypatch.setattr(desk_module, "_FEW_REFERENCES", 10**9 if few else 0)
    return str(request.param)


def test_search_by_reference_or_the_residents_name(store: Store, staff: Staff, plan: str) -> None:
    cases = build(store, staff)
    everyone = s.QueueScope.ALL

    def found(text: str) -> list[str]:
        return refs(desk(store, staff.lead, scope=everyone, text=text))

    reference = cases.soon.reference  # CMP-2026-000004
    assert found(reference.lower()) == [reference]
    assert found(reference[:-1]) == refs(desk(store, staff.lead, scope=everyone))  # 00000…
    assert found(str(int(reference.rsplit("-", 1)[1]))) == [reference]  # the number alone
    assert found("cat") == [reference]
    assert found("  CARTER  cat ") == [reference]
    assert found("e") == [cases.on_track.reference]  # Eve Evans: words, not letters inside
    assert found("bob carter") == []
    assert found("nobody") == []
    assert found("--") == []
    mine = desk(store, staff.manager, text="fay")
    assert refs(mine) == []  # Fay's case is unassigned, not Mo's


def test_pages_follow_one_another(store: Store, staff: Staff) -> None:
    cases = build(store, staff)
    whole = refs(desk(store, staff.lead, scope=s.QueueScope.ALL))
    pages = [desk(store, staff.lead, scope=s.QueueScope.ALL, limit=3, offset=o) for o in (0, 3, 6)]
    assert [page.has_more for page in pages] == [True, True, False]
    assert [page.offset for page in pages] == [0, 3, 6]
    assert [ref for page in pages for ref in refs(page)] == whole
    assert len(whole) == 7 and whole[-1] == cases.other_team.reference


def test_a_later_stage_has_its_own_queue(store: Store, staff: Staff) -> None:
    build(store, staff)
    assert refs(desk(store, staff.lead, stage=2, scope=s.QueueScope.ALL)) == []
    with pytest.raises(s.RuleViolation, match="no stage 4"):
        desk(store, staff.lead, stage=4, scope=s.QueueScope.ALL)


def test_the_stages_follow_the_landlords_profile(store: Store, staff: Staff) -> None:
    assert s.desk_stages(store) == (1, 2)
    use_profile(store, staff, "derwent-living")
    assert s.desk_stages(store) == (1, 2, 3)


def test_which_role_opens_which_queue(store: Store, staff: Staff) -> None:
    every = tuple(s.QueueScope)
    assert s.desk_scopes(s.Role.CALL_HANDLER) == ()
    assert s.desk_scopes(s.Role.INVESTIGATING_MANAGER) == (s.QueueScope.MINE, s.QueueScope.TEAM)
    assert s.desk_scopes(s.Role.SERVICE_DIRECTOR) == every
    assert s.desk_scopes(s.Role.TEAM_LEAD) == every
    assert s.desk_scopes(s.Role.ADMIN) == every
    for role, actor in (
        (s.Role.CALL_HANDLER, staff.handler),
        (s.Role.INVESTIGATING_MANAGER, staff.manager),
        (s.Role.SERVICE_DIRECTOR, staff.director),
        (s.Role.TEAM_LEAD, staff.lead),
        (s.Role.ADMIN, staff.admin),
    ):
        for scope in s.QueueScope:
            if scope is s.QueueScope.TEAM and not actor.team:
                with pytest.raises(s.RuleViolation, match="no team recorded"):
                    desk(store, actor, scope=scope)
            elif scope in s.desk_scopes(role):
                desk(store, actor, scope=scope)
            else:
                with pytest.raises(s.PermissionDenied, match=r"^Only .* can open .*signed in as"):
                    desk(store, actor, scope=scope)


def test_the_refusals_say_why(store: Store, staff: Staff) -> None:
    with pytest.raises(s.PermissionDenied) as refused:
        desk(store, staff.manager, scope=s.QueueScope.UNASSIGNED)
    assert str(refused.value) == (
        "Only an administrator or complaints team lead or service director / head of service "
        "can open the unassigned queue; you are signed in as an investigating manager."
    )
    s.update_user(store, staff.admin, staff.manager2.id, active=False, now=START)
    with pytest.raises(s.PermissionDenied, match="Max Manager is not an active user"):
        desk(store, staff.manager2)
    s.update_user(store, staff.admin, staff.manager.id, team="", now=START)
    with pytest.raises(s.RuleViolation, match="has no team recorded"):
        desk(store, staff.manager, scope=s.QueueScope.TEAM)


def test_the_change_mark_moves_with_every_save_and_only_then(store: Store, staff: Staff) -> None:
    cases = build(store, staff)
    before = s.change_mark(store)
    desk(store, staff.lead, scope=s.QueueScope.ALL)
    s.get_case(store, cases.today.id)
    assert s.change_mark(store) == before
    s.add_note(store, staff.manager, cases.today.id, cases.today.version, "Rang the resident")
    after = s.change_mark(store)
    assert after > before
    s.create_resident(store, staff.handler, s.NewResident("Gil Green"), now=START)
    assert s.change_mark(store) > after


def test_an_event_committed_late_below_the_highest_id_still_moves_the_mark(
    store: Store, staff: Staff
) -> None:
    """On PostgreSQL a transaction can commit after a later one: its event id lands below the
    highest id a screen has already seen. Written here with explicit ids."""
    top = s.change_mark(store)
    with store.transaction() as session:
        highest = session.scalar(select(func.max(m.Event.id))) or 0
        session.add(m.Event(id=highest + 10, action="user_changed", at=START))
    seen = s.change_mark(store)
    assert seen != top
    with store.transaction() as session:
        session.add(m.Event(id=highest + 5, action="user_changed", at=START))
    assert s.change_mark(store) != seen
