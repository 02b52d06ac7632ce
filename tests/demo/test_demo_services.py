"""A demo database is one the services can use: every user signs in, every case opens, every
resident's flags show, the queues and the timeline read it, and every value is one the services
know. Sampled demo cases played again through the services leave the same rows and events."""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from complaints_tui import services as s
from complaints_tui.domain.calendar import calendar_for_profile
from complaints_tui.domain.deadlines import DeadlineKind, StageEvents, stage_deadlines
from complaints_tui.domain.kinds import CaseStatus, Channel, ContactKind, Decision, Outcome, Tenure
from complaints_tui.domain.restrictions import RestrictionKind
from complaints_tui.domain.roles import Role
from complaints_tui.domain.triage import LegalAction, TriageAnswers
from complaints_tui.domain.triage import Representative as TriageRepresentative
from complaints_tui.services import demo
from complaints_tui.services.cases import closing
from complaints_tui.services.cases.case_view import _ACTION_LABELS
from complaints_tui.services.cases.casework import check_handler, rules_for
from complaints_tui.services.cases.types import (
    CaseDetail,
    CaseSummary,
    CloseInput,
    ResponseChecklist,
)
from complaints_tui.services.demo import DemoRecipe, build_demo
from complaints_tui.services.intake.types import ContactCapture
from complaints_tui.services.queues.types import DueFilter, QueueFilter
from complaints_tui.services.reports.tsm import tsm_figures
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store, open_store
from tests.pg_url import ENV as PG_ENV
from tests.pg_url import scratch_database

TODAY = date(2026, 3, 2)  # a Monday
RECIPE = DemoRecipe(residents=60, cases=300, seed=11, today=TODAY)


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ],
)
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The small demo, built once per backend."""
    if request.param == "sqlite":
        store = open_store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}")
        store.upgrade()
        build_demo(store, RECIPE)
        yield store
        store.close()
        return
    if not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set")
    with scratch_database("demosvc") as url:
        store = open_store(url)
        store.upgrade()
        build_demo(store, RECIPE)
        yield store
        store.close()


def _ids(store: Store, model: type[m.Case] | type[m.Resident] | type[m.User]) -> list[int]:
    with store.reading() as session:
        return list(session.scalars(select(model.id).order_by(model.id)))


# -- every value is one the services know ------------------------------------------------------


def test_every_user_signs_in_with_a_known_role(built: Store) -> None:
    users = s.list_users(built)
    assert len(users) == len(_ids(built, m.User)) > 0
    assert {user.role for user in users} == set(Role)  # every role, admin included
    for user in users:
        assert isinstance(user.role, Role)
        signed_in = s.sign_in(built, user.id)
        assert signed_in == user
    assert not s.needs_first_run(built)
    assert s.landlord_profile(built).id == "hos-code"


def test_every_case_opens_and_is_what_its_status_says(built: Store) -> None:
    profile = s.landlord_profile(built)
    calendar = calendar_for_profile(profile)
    statuses: Counter[CaseStatus] = Counter()
    for case_id in _ids(built, m.Case):
        case = s.get_case(built, case_id, today=TODAY)
        status = case.status
        statuses[status] += 1
        assert isinstance(status, CaseStatus) and isinstance(case.summary.kind, ContactKind)
        assert isinstance(case.summary.channel, Channel)
        assert case.summary.version == len(s.case_timeline(built, case_id))
        if case.summary.kind is not ContactKind.COMPLAINT:
            # log_contact stores every other kind as logged, and nothing changes that.
            assert status is CaseStatus.LOGGED, case.reference
            assert (case.stage, case.stages, case.closed_on) == (0, [], None)
            assert case.summary.handler_id is None and case.summary.next_due_on is None
            continue
        assert status is not CaseStatus.LOGGED
        assert [stage.stage for stage in case.stages] == list(range(1, case.stage + 1))
        if status is CaseStatus.NOT_ACCEPTED:
            assert case.exclusion_code and case.exclusion_reason and not case.accepted
            assert case.stage == 0 and case.summary.next_due_on is None
            continue
        assert case.accepted and case.exclusion_code is None
        current = case.stages[-1] if case.stages else None
        if status is CaseStatus.OPEN:
            # casework.refresh_next_due: the earliest unmet acknowledge / respond of the stage.
            if current is None:
                first = stage_deadlines(
                    profile, 1, StageEvents(received_on=case.summary.received_on), calendar
                )[0]
                expected = (first.due_on, first.kind.value)
            else:
                assert current.responded_on is None
                expected = min(
                    (d.due_on, d.kind)
                    for d in case.deadlines
                    if d.stage == case.stage
                    and d.kind in (DeadlineKind.ACKNOWLEDGE.value, DeadlineKind.RESPOND.value)
                    and d.met_on is None
                )
            assert (case.summary.next_due_on, case.summary.next_due_kind) == expected
        else:
            assert case.summary.next_due_on is None, case.reference
        if status is CaseStatus.RESPONDED:
            assert (current is not None and current.responded_on) or case.quick_fix
            assert case.outcome is None
        if status is CaseStatus.CLOSED:
            assert case.closed_on is not None and case.learning_tags  # close needs a tag
            decisions = {
                c.decision.value for c in case.components if c.stage == case.stage and c.decision
            }
            if decisions:  # one component a stage in the demo: its decision is the outcome
                assert case.outcome in decisions and len(decisions) == 1
            else:  # a quick fix closed: nothing decided
                assert case.outcome is None and case.quick_fix is not None
        if status is CaseStatus.WITHDRAWN:
            assert case.outcome == Outcome.WITHDRAWN.value and case.withdrawn_on is not None
            assert case.withdrawn_by and case.withdrawn_reason and case.closed_on is None
        for component in case.components:
            assert component.overturned == (
                component.previous_decision is not None
                and component.decision is not None
                and component.decision is not component.previous_decision
            )
        for deadline in case.deadlines:
            assert deadline.kind in {kind.value for kind in DeadlineKind}
    assert set(statuses) == set(CaseStatus), statuses


def test_every_residents_flags_show(built: Store) -> None:
    restricted = vulnerable = represented = 0
    for resident_id in _ids(built, m.Resident):
        flags = s.resident_flags(built, resident_id)
        assert flags.resident.tenure in {tenure.value for tenure in Tenure}
        for restriction in flags.restrictions:
            assert isinstance(restriction.kind, RestrictionKind)
            assert restriction.label and restriction.meaning
            if restriction.kind in (
                RestrictionKind.SINGLE_POINT_OF_CONTACT,
                RestrictionKind.SET_CALL_TIMES,
            ):
                assert restriction.detail  # the services refuse these without one
        assert bool(flags.restrictions) == flags.resident.unreasonable
        for line in flags.open_cases:
            assert line.status in (CaseStatus.OPEN, CaseStatus.RESPONDED)
        for contact in flags.last_contacts:
            assert isinstance(contact.status, CaseStatus) and isinstance(contact.kind, ContactKind)
        restricted += flags.restricted
        vulnerable += bool(flags.resident.vulnerability)
        represented += bool(flags.representatives)
    assert restricted and vulnerable and represented


def test_queues_and_counts_read_every_open_case(built: Store) -> None:
    with built.reading() as session:
        open_ids = set(
            session.scalars(select(m.Case.id).where(m.Case.status == CaseStatus.OPEN.value))
        )
        overdue_ids = set(
            session.scalars(
                select(m.Case.id).where(
                    m.Case.status == CaseStatus.OPEN.value, m.Case.next_due_on < TODAY
                )
            )
        )
    seen: list[int] = []
    offset = 0
    while True:
        page = s.queue(built, QueueFilter(), limit=7, offset=offset, today=TODAY)
        seen += [row.id for row in page.rows]
        assert all(row.status is CaseStatus.OPEN for row in page.rows)
        if not page.has_more:
            break
        offset += 7
    assert sorted(seen) == sorted(open_ids) and open_ids
    overdue = s.queue(built, QueueFilter(due=DueFilter.OVERDUE), limit=1000, today=TODAY)
    assert {row.id for row in overdue.rows} == overdue_ids and overdue_ids
    assert all(
        row.due_state is not None and row.due_state.value == "overdue" for row in overdue.rows
    )
    counted: list[int] = [row.count for row in s.overdue_counts(built, today=TODAY)]
    assert sum(counted) == len(overdue_ids)
    in_workload: list[int] = [row.overdue for row in s.workload(built, today=TODAY)]
    assert sum(in_workload) == len(overdue_ids)
    everything = s.queue(built, QueueFilter(statuses=tuple(CaseStatus)), limit=1000, today=TODAY)
    assert len(everything.rows) == RECIPE.cases
    unassigned = s.queue(built, QueueFilter(unassigned=True), limit=1000, today=TODAY)
    assert all(row.handler_id is None for row in unassigned.rows)


def test_every_timeline_reads_and_every_action_is_one_the_services_write(built: Store) -> None:
    actions: Counter[str] = Counter()
    for case_id in _ids(built, m.Case):
        entries = s.case_timeline(built, case_id)
        assert entries[0].action == "contact_logged"
        assert [e.at for e in entries] == sorted(e.at for e in entries)
        for entry in entries:
            assert entry.action in _ACTION_LABELS, entry.action
            assert entry.actor_name and entry.actor_name != "system"
            actions[entry.action] += 1
    expected = set(_ACTION_LABELS) - {
        "reopened",
        "review_declined",
        "redress_recorded",
        "action_added",
        "action_done",
        "quick_fix_recorded",  # hos-code has no quick fix
        "note_added",  # the demo writes no notes or contacts on a case (yet)
        "case_contact_logged",
        "letter_sent",  # nor sent letters: its responses keep their text on the stage row
        "deadlines_recomputed",  # only an office closure day under a profile that stops the clock
    }
    assert expected <= set(actions), expected - set(actions)


def test_the_mix_is_there(built: Store) -> None:
    with built.reading() as session:
        statuses = dict(
            session.execute(select(m.Case.status, func.count()).group_by(m.Case.status)).all()
        )
        assert set(statuses) == {status.value for status in CaseStatus}, statuses
        assert session.scalar(select(func.count()).where(m.Case.stage >= 2)) or 0 > 0
        extended = session.scalar(
            select(func.count()).where(m.Deadline.due_on != m.Deadline.original_due_on)
        )
        assert extended and session.scalar(select(func.count()).select_from(m.Extension))
        overdue = session.scalar(
            select(func.count()).where(
                m.Case.status == CaseStatus.OPEN.value, m.Case.next_due_on < TODAY
            )
        )
        assert overdue
        kinds = set(session.scalars(select(m.Case.kind).distinct()))
        assert kinds == {kind.value for kind in ContactKind}
        restrictions = set(session.scalars(select(m.Restriction.kind).distinct()))
        assert restrictions == {kind.value for kind in RestrictionKind}
        assert session.scalar(select(func.count()).select_from(m.Representative))


def test_reports_read_the_demo(built: Store) -> None:
    report = tsm_figures(
        built, date(2025, 4, 1), date(2026, 2, 28), homes_lcra=1000, homes_lcho=100
    )
    assert report is not None


def test_no_broken_references_and_the_landlord_profile_is_where_the_services_look(
    tmp_path: Path,
) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'derwent.sqlite3'}")
    store.upgrade()
    build_demo(
        store, DemoRecipe(residents=40, cases=200, seed=3, today=TODAY, profile="derwent-living")
    )
    assert s.landlord_profile(store).id == "derwent-living"
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        # The build's pragmas did not outlive it.
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()


def test_the_demos_vocabulary_is_the_services() -> None:
    assert demo.CLOSE_FIELDS == closing._CLOSE_FIELDS
    assert set(demo.RESTRICTION_KINDS) == set(RestrictionKind)
    assert CaseStatus.OPEN.value == demo.STATUS_NEW  # kept for services.imports: no "new"


# -- the services play a demo case the same way -----------------------------------------------


def _triage_answers(stored: dict[str, Any]) -> TriageAnswers:
    values: dict[str, Any] = {}
    for spec in fields(TriageAnswers):
        value = stored.get(spec.name)
        if spec.name in ("contacted_on", "issue_known_on") and value is not None:
            value = date.fromisoformat(value)
        elif spec.name == "legal_action":
            value = LegalAction(str(value))
        elif spec.name == "representative" and value is not None:
            value = TriageRepresentative(**value)
        if spec.name in stored:
            values[spec.name] = value
    return TriageAnswers(**values)


def _on(value: str) -> date:
    return date.fromisoformat(value)


def _replay(store: Store, case_id: int) -> int:
    """Play the demo case's events through the services, as a new case; returns its id."""
    with store.reading() as session:
        case = session.get(m.Case, case_id)
        assert case is not None
        events = list(
            session.scalars(select(m.Event).where(m.Event.case_id == case_id).order_by(m.Event.id))
        )
        stages = {
            row.stage: row
            for row in session.scalars(select(m.CaseStage).where(m.CaseStage.case_id == case_id))
        }
        session.expunge_all()
    new_id = 0
    version = 0
    remedies: dict[int, int] = {}  # the demo's remedy id: the replayed case's
    for event in events:
        after: dict[str, Any] = dict(event.after or {})
        now = event.at
        assert event.actor_id is not None
        who = s.sign_in(store, event.actor_id)
        result: CaseDetail | CaseSummary
        if event.action == "contact_logged":
            capture = ContactCapture(
                channel=Channel(case.channel),
                answers=_triage_answers(after["triage"]),
                description=case.description,
                desired_outcome=case.desired_outcome,
                resident_id=case.resident_id,
                representative_id=case.representative_id,
                caller_name=case.caller_name,
                received_at=case.received_at,
                service_area_id=case.service_area_id,
                category_id=case.category_id,
                complaint_offered=case.complaint_offered,
            )
            result = s.log_contact(store, who, capture, now=now).case
            new_id = result.id
        elif event.action == "quick_fix_recorded":
            result = s.record_quick_fix(
                store, who, new_id, version, after["agreed_fix"],
                follow_up=after.get("follow_up", ""), resolved_on=_on(after["resolved_on"]),
                now=now,
            )  # fmt: skip
        elif event.action == "stage_opened":
            result = s.open_stage1(
                store, who, new_id, version, requested_on=_on(after["stage_received_on"]),
                late_reason=after.get("late_reason", ""), now=now,
            )  # fmt: skip
        elif event.action == "assigned":
            result = s.assign(store, who, new_id, version, after["handler_id"], now=now)
        elif event.action == "acknowledged":
            result = s.acknowledge(
                store, who, new_id, version, on=_on(after["acknowledged_on"]), now=now
            )
        elif event.action == "component_added":
            result = s.add_component(store, who, new_id, version, after["summary"], now=now)
        elif event.action == "extended":
            result = s.extend(
                store, who, new_id, version, _on(after["respond_by"]), after["reason"],
                after["how_told"], told_on=_on(after["told_on"]), now=now,
            )  # fmt: skip
        elif event.action == "decision_recorded":
            current = s.get_case(store, new_id)
            component = next(c for c in current.components if c.stage == current.stage)
            result = s.record_decision(
                store, who, new_id, version, component.id, after["finding"],
                Decision(after["decision"]), now=now,
            )  # fmt: skip
        elif event.action == "remedy_added":
            result = s.add_remedy(
                store, who, new_id, version, after["description"], _on(after["due_on"]), now=now
            )
            remedies[after["remedy_id"]] = result.remedies[-1].id
        elif event.action == "remedy_done":
            result = s.mark_done(
                store, who, new_id, version, remedy_id=remedies[after["id"]],
                on=_on(after["done_on"]), now=now,
            )  # fmt: skip
        elif event.action == "response_sent":
            row = stages[after["stage"]]
            reference = s.get_case(store, new_id).reference
            checklist = ResponseChecklist(
                letter_text=row.response_letter.replace(case.reference, reference),
                **(row.response_checklist or {}),
            )
            result = s.send_response(
                store, who, new_id, version, checklist, on=_on(after["responded_on"]), now=now
            )
        elif event.action == "escalation_requested":
            result = s.request_escalation(
                store, who, new_id, version, requested_on=_on(after["requested_on"]),
                late_reason=after.get("late_reason", ""), now=now,
            )  # fmt: skip
        elif event.action == "reviewer_allocated":
            result = s.open_next_stage(store, who, new_id, version, after["handler_id"], now=now)
        elif event.action == "withdrawn":
            result = s.withdraw(
                store, who, new_id, version, after["withdrawn_by"], after["withdrawn_reason"],
                on=_on(after["withdrawn_on"]), now=now,
            )  # fmt: skip
        elif event.action == "closed":
            closing_input = CloseInput(
                tuple(after["learning_tags"]),
                improvement=case.improvement,
                satisfaction_score=after.get("satisfaction"),
            )
            result = s.close(
                store, who, new_id, version, closing_input, on=_on(after["closed_on"]), now=now
            )
        elif event.action == "compliment_routed":
            result = s.route_compliment(
                store, who, new_id, version, after["person_or_team"], after["manager_id"],
                routed_on=_on(after["routed_on"]), now=now,
            )  # fmt: skip
        else:
            raise AssertionError(f"no service plays {event.action!r}")
        version = result.version
    return new_id


_IDS = {"id", "case_id", "component_id", "remedy_id", "previous_id", "deadline_id"}


def _masked(value: Any, reference: str) -> Any:
    if isinstance(value, dict):
        return {k: "<id>" if k in _IDS else _masked(v, reference) for k, v in value.items()}
    if isinstance(value, str):
        return value.replace(reference, "<ref>")
    return value


def _rows(session: Session, table: str, case_id: int, reference: str) -> list[dict[str, Any]]:
    """A case's rows of one table (through its deadlines for extensions), ids masked."""
    if table == "extensions":
        sql = (
            "SELECT x.* FROM extensions x JOIN deadlines d ON d.id = x.deadline_id "
            "WHERE d.case_id = :case ORDER BY x.id"
        )
    elif table == "cases":
        sql = "SELECT * FROM cases WHERE id = :case"
    else:
        sql = f"SELECT * FROM {table} WHERE case_id = :case ORDER BY 1, 2"
    rows = session.execute(text(sql), {"case": case_id}).mappings().all()
    return [_masked({k: _json(v) for k, v in row.items()}, reference) for row in rows]


def _json(value: Any) -> Any:
    """JSON columns read as text compare by value (the demo writes it compactly)."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        return json.loads(value)
    return value


# The services keep each response among the letters sent (a sent_letters row, named in the
# response's event); the demo keeps only the response's text on the stage row, as it did before
# letters were stored. Everything else must match.
NOT_IN_THE_DEMO = ("letter_id", "sent_by")


def _events(session: Session, case_id: int, reference: str) -> list[tuple[Any, ...]]:
    events = session.scalars(select(m.Event).where(m.Event.case_id == case_id).order_by(m.Event.id))
    return [
        (
            e.action,
            e.actor_id,
            e.at,
            _masked(e.before, reference),
            _masked(_without(e.after, NOT_IN_THE_DEMO), reference),
        )
        for e in events
    ]


def _without(values: dict[str, Any] | None, keys: tuple[str, ...]) -> dict[str, Any] | None:
    if values is None:
        return None
    return {key: value for key, value in values.items() if key not in keys}


CASE_TABLES = (
    "cases",
    "case_stages",
    "deadlines",
    "extensions",
    "components",
    "remedies",
    "quick_fixes",
    "compliments",
    "learning_tags",
    "satisfaction",
)


@pytest.mark.parametrize("profile", ["hos-code", "derby-homes", "derive", "derwent-living"])
def test_demo_cases_played_through_the_services_leave_the_same_rows_and_events(
    profile: str, tmp_path: Path, sqlite_template_demo: dict[str, Path]
) -> None:
    """One case of each life (its sequence of actions): played again through the services, in
    the same database, it leaves the same case, stage, deadline, extension, component, remedy,
    quick fix, compliment, tag and satisfaction rows, and the same events (who, when, before,
    after), ids and the reference apart."""
    path = tmp_path / "replay.sqlite3"
    shutil.copyfile(sqlite_template_demo[profile], path)
    store = open_store(f"sqlite:///{path}")
    with store.reading() as session:
        by_case: dict[int, list[str]] = {}
        for case_id, action in session.execute(
            select(m.Event.case_id, m.Event.action)
            .where(m.Event.case_id.is_not(None))
            .order_by(m.Event.case_id, m.Event.id)
        ):
            assert case_id is not None
            by_case.setdefault(case_id, []).append(action)
    first_of_life: dict[tuple[str, ...], int] = {}
    for case_id, actions in by_case.items():
        first_of_life.setdefault(tuple(actions), case_id)
    assert len(first_of_life) > 10
    played = 0
    for case_id in first_of_life.values():
        new_id = _replay(store, case_id)
        with store.reading() as session:
            old_case = session.get(m.Case, case_id)
            new_case = session.get(m.Case, new_id)
            assert old_case is not None and new_case is not None
            for table in CASE_TABLES:
                old_rows = _rows(session, table, case_id, old_case.reference)
                new_rows = _rows(session, table, new_id, new_case.reference)
                if table == "cases":
                    for rows in (old_rows, new_rows):
                        rows[0]["reference"] = "<ref>"
                assert new_rows == old_rows, (table, old_case.reference)
            assert _events(session, new_id, new_case.reference) == _events(
                session, case_id, old_case.reference
            ), old_case.reference
        played += 1
    assert played == len(first_of_life)
    store.close()


@pytest.fixture(scope="module")
def sqlite_template_demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A small demo database per profile, built once, copied by each test that changes it."""
    paths = {}
    for profile in ("hos-code", "derby-homes", "derive", "derwent-living"):
        path = tmp_path_factory.mktemp("demo") / f"{profile}.sqlite3"
        store = open_store(f"sqlite:///{path}")
        store.upgrade()
        build_demo(store, DemoRecipe(residents=80, cases=600, seed=5, today=TODAY, profile=profile))
        store.close()
        paths[profile] = path
    return paths


def test_escalated_stages_have_a_handler_the_profile_allows(
    sqlite_template_demo: dict[str, Path],
) -> None:
    for profile, path in sqlite_template_demo.items():
        store = open_store(f"sqlite:///{path}")
        checked = 0
        with store.reading() as session:
            for row in session.scalars(
                select(m.CaseStage).where(
                    m.CaseStage.stage >= 1, m.CaseStage.handler_id.is_not(None)
                )
            ):
                case = session.get(m.Case, row.case_id)
                user = session.get(m.User, row.handler_id)
                assert case is not None and user is not None
                rules, _ = rules_for(case)
                check_handler(session, case, rules, row.stage, user)  # raises if not allowed
                checked += row.stage >= 2
        assert checked, profile
        store.close()
