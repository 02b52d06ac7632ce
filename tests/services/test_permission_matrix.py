"""The whole permission matrix: every public service that takes an actor (everything in
`complaints_tui.services.__all__` with an `actor` parameter) is called as each role with valid
arguments, and is either done or refused with `PermissionDenied`, as the table says. A function
in `__all__` with no row fails the test, naming it; so does a row for a function that is gone.

The roles: a call handler, an investigating manager (the handler of every case the matrix works
on: "own case"), a complaints team lead, a service director (the manager's line manager, not the
case's handler), an administrator, and a deactivated administrator (refused everything).

Functions that take no actor are listed too, in their own sets (and checked for completeness):
reading, which anyone signed in may do, and starting up or signing in, before there is an actor.
Each call gets fresh state (a new case, a new day, a new name), so one role's success never
stands in the way of the next role's call.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count
from typing import TypeVar

from complaints_tui import services as s
from complaints_tui.domain.kinds import Channel, Decision
from complaints_tui.domain.triage import TriageAnswers
from complaints_tui.store.engine import Store
from tests.conftest_store import START, Staff, at, log_complaint, new_resident
from tests.services.test_handler_rules import opened as opened_in
from tests.services.test_stage1 import acknowledged, full_checklist, opened, responded, worked

T = TypeVar("T")
WHEN = at(2026, 1, 14)
LATER = at(2026, 1, 20)
ROLES = ("handler", "manager", "lead", "director", "admin", "inactive")

HANDLER, MANAGER, LEAD, DIRECTOR, ADMIN = "handler", "manager", "lead", "director", "admin"
EVERYONE = frozenset({HANDLER, MANAGER, LEAD, DIRECTOR, ADMIN})
CASE_HANDLER_OR_SUPERVISOR = frozenset({MANAGER, LEAD, ADMIN})  # own case, team lead, admin
SUPERVISORS = frozenset({LEAD, ADMIN})
ADMIN_ONLY = frozenset({ADMIN})

# Who may: every actor-taking service in __all__ and the roles it allows (the deactivated user is
# refused everything, so is never listed).
ALLOWED: dict[str, frozenset[str]] = {
    # Intake: anyone signed in.
    "log_contact": EVERYONE,
    "record_quick_fix": EVERYONE,
    "route_compliment": EVERYONE,
    "open_stage1": EVERYONE,
    "request_escalation": EVERYONE,
    "withdraw": EVERYONE,
    "log_case_contact": EVERYONE,
    "create_resident": EVERYONE,
    "update_resident": EVERYONE,
    "add_representative": EVERYONE,
    "confirm_authority": EVERYONE,
    # Case work: the case's handler, a team lead or an administrator.
    "acknowledge": CASE_HANDLER_OR_SUPERVISOR,
    "extend": CASE_HANDLER_OR_SUPERVISOR,
    "add_component": CASE_HANDLER_OR_SUPERVISOR,
    "record_decision": CASE_HANDLER_OR_SUPERVISOR,
    "add_remedy": CASE_HANDLER_OR_SUPERVISOR,
    "record_redress": CASE_HANDLER_OR_SUPERVISOR,
    "add_outstanding_action": CASE_HANDLER_OR_SUPERVISOR,
    "mark_done": CASE_HANDLER_OR_SUPERVISOR,
    "send_response": CASE_HANDLER_OR_SUPERVISOR,
    "close": CASE_HANDLER_OR_SUPERVISOR,
    "add_note": CASE_HANDLER_OR_SUPERVISOR,
    # Giving cases to people.
    "assign": SUPERVISORS,  # a first handler
    "reassign_cases": frozenset({LEAD}),
    "reopen": SUPERVISORS,
    "open_next_stage": SUPERVISORS,
    "decline_review": frozenset({DIRECTOR}),  # Derwent Living's reviewer, a director
    "cases_to_reassign": SUPERVISORS,
    # Residents who behave unreasonably.
    "mark_unreasonable": frozenset({LEAD, DIRECTOR}),
    "set_restrictions": frozenset({LEAD, DIRECTOR}),
    "lift_unreasonable": frozenset({LEAD, DIRECTOR}),
    # Queues and the dashboard.
    "desk_queue": frozenset({MANAGER, LEAD, DIRECTOR, ADMIN}),
    "dashboard": frozenset({LEAD, DIRECTOR, ADMIN}),
    # The office: people, areas, calendar, settings.
    "create_user": ADMIN_ONLY,
    "update_user": ADMIN_ONLY,
    "reset_password": ADMIN_ONLY,
    "create_service_area": ADMIN_ONLY,
    "update_service_area": ADMIN_ONLY,
    "set_landlord_profile": ADMIN_ONLY,
    "close_day": ADMIN_ONLY,
    "reopen_day": ADMIN_ONLY,
    "set_due_soon_days": SUPERVISORS,
    "set_idle_lock_minutes": SUPERVISORS,
    "set_config": SUPERVISORS,  # the due-soon window (each key: its own service's roles)
}

# No actor: reading, open to anyone signed in (the screens only call them once someone is).
READ_ONLY = frozenset(
    {
        "backlog",
        "case_by_reference",
        "case_profile",
        "case_timeline",
        "change_mark",
        "config_entries",
        "desk_scopes",
        "desk_stages",
        "drill_down",
        "due_soon_days",
        "find_cases",
        "get_case",
        "get_resident",
        "has_password",
        "idle_lock_minutes",
        "landlord_closure_warning",
        "landlord_profile",
        "list_closures",
        "list_service_areas",
        "list_users",
        "needs_first_run",
        "overdue_counts",
        "queue",
        "resident_flags",
        "response_gaps",
        "search_residents",
        "suggest_reviewer",
        "trends",
        "workload",
    }
)
# No actor because nobody is signed in yet: opening the database, the first run (refused once
# anyone exists), signing in and choosing a first password (each checks the user itself).
BEFORE_SIGN_IN = frozenset(
    {
        "open_for_app",
        "create_first_admin",
        "set_up_first_run",
        "set_up_first_run_with_password",
        "sign_in",
        "sign_in_with_password",
        "set_password",
    }
)


def public_functions() -> dict[str, Callable[..., object]]:
    return {name: obj for name in s.__all__ if inspect.isfunction(obj := getattr(s, name))}


def takes_an_actor(function: Callable[..., object]) -> bool:
    return "actor" in inspect.signature(function).parameters


def test_every_public_service_has_a_row() -> None:
    functions = public_functions()
    with_actor = {name for name, f in functions.items() if takes_an_actor(f)}
    without = set(functions) - with_actor
    missing = sorted(with_actor - set(ALLOWED))
    assert not missing, (
        f"No row in the permission matrix for {', '.join(missing)}: a service that takes an "
        "actor needs one in ALLOWED (who may) and in CALLS (how to call it), in this file."
    )
    unlisted = sorted(without - READ_ONLY - BEFORE_SIGN_IN)
    assert not unlisted, (
        f"Neither READ_ONLY nor BEFORE_SIGN_IN lists {', '.join(unlisted)}: a service without "
        "an actor goes in one of them, or takes an actor and gets a row in ALLOWED."
    )
    gone = sorted((set(ALLOWED) | READ_ONLY | BEFORE_SIGN_IN) - set(functions))
    assert not gone, f"The matrix lists {', '.join(gone)}, no longer public: take them out."
    assert not (READ_ONLY & BEFORE_SIGN_IN) and not (set(ALLOWED) & (READ_ONLY | BEFORE_SIGN_IN))
    assert set(CALLS) == set(ALLOWED), sorted(set(CALLS) ^ set(ALLOWED))


# -- calling each service as someone ----------------------------------------------------------


@dataclass
class World:
    store: Store
    staff: Staff
    inactive: s.UserInfo
    numbers: count[int]

    def fresh(self) -> int:
        return next(self.numbers)

    def resident(self) -> int:
        return new_resident(self.store, self.staff, f"Res Ident {self.fresh()}")

    def logged(self) -> s.CaseSummary:
        return log_complaint(self.store, self.staff, self.resident(), at(2026, 1, 5)).case

    def under(self, profile_id: str, build: Callable[[], T]) -> T:
        """Build under another landlord profile (a case keeps the profile it was logged under)."""
        s.set_landlord_profile(self.store, self.staff.admin, profile_id, now=START)
        try:
            return build()
        finally:
            s.set_landlord_profile(self.store, self.staff.admin, "hos-code", now=START)

    def logged_with_quick_fix(self) -> s.CaseSummary:
        """Dérive resolves at the point of call (the Code has no quick-fix stage)."""
        return self.under("derive", self.logged)

    def derwent_review(self) -> s.CaseDetail:
        """Derwent Living's stage 2 may be declined, by its reviewer: the service director."""

        def build() -> s.CaseDetail:
            case = self.review()
            return s.open_next_stage(
                self.store,
                self.staff.lead,
                case.id,
                case.version,
                self.staff.director.id,
                now=LATER,
            )

        return self.under("derwent-living", build)

    def component_case(self) -> s.CaseDetail:
        case = acknowledged(self.store, self.staff)
        return s.add_component(
            self.store, self.staff.manager, case.id, case.version, "Mould", now=WHEN
        )

    def review(self) -> s.CaseDetail:
        case = responded(self.store, self.staff)
        return s.request_escalation(
            self.store, self.staff.handler, case.id, case.version, now=LATER
        )

    def closed(self) -> s.CaseDetail:
        case = responded(self.store, self.staff)
        return s.close(
            self.store,
            self.staff.manager,
            case.id,
            case.version,
            s.CloseInput(("damp",)),
            now=LATER,
        )

    def compliment(self) -> s.CaseSummary:
        answers = TriageAnswers(contacted_on=date(2026, 3, 2), is_praise=True)
        capture = s.ContactCapture(
            Channel.EMAIL, answers, "Jo was great", resident_id=self.resident()
        )
        return s.log_contact(self.store, self.staff.handler, capture, now=at(2026, 3, 2)).case

    def representative(self) -> s.RepresentativeInfo:
        new = s.NewRepresentative(self.resident(), "Cllr Jones", "councillor")
        return s.add_representative(self.store, self.staff.handler, new, now=START)

    def unreasonable(self) -> int:
        resident = self.resident()
        s.mark_unreasonable(
            self.store, self.staff.lead, resident, "Abuse", date(2026, 6, 1), (), now=START
        )
        return resident

    def weekday(self) -> date:
        """A different ordinary working day for each call (Tuesdays in 2027, no bank holidays)."""
        return date(2027, 2, 2) + timedelta(weeks=self.fresh() % 40)

    def closed_day(self) -> date:
        day = self.weekday()
        s.close_day(self.store, self.staff.admin, day, "Training", now=START)
        return day


Call = Callable[[World, s.UserInfo], object]


def _case_call(
    build: Callable[[World], s.CaseDetail | s.CaseSummary],
    name: str,
    *args: object,
    now: object = WHEN,
    **kwargs: object,
) -> Call:
    def call(w: World, actor: s.UserInfo) -> object:
        case = build(w)
        extra = {k: (v(w, case) if callable(v) else v) for k, v in kwargs.items()}
        values = [a(w, case) if callable(a) else a for a in args]
        return getattr(s, name)(w.store, actor, case.id, case.version, *values, now=now, **extra)

    return call


def _opened(w: World) -> s.CaseDetail:
    return opened(w.store, w.staff)


def _acknowledged(w: World) -> s.CaseDetail:
    return acknowledged(w.store, w.staff)


def _worked(w: World) -> s.CaseDetail:
    return worked(w.store, w.staff)


def _responded(w: World) -> s.CaseDetail:
    return responded(w.store, w.staff)


def _unassigned(w: World) -> s.CaseDetail:
    return opened_in(w.store, w.staff, area=False)


REDRESS = s.RedressInput(5000, (s.RedressPart("Time and trouble", 5000),), "£50")


def _capture(w: World) -> s.ContactCapture:
    answers = TriageAnswers(
        contacted_on=date(2026, 1, 5),
        dissatisfied=True,
        wants_response_or_action=True,
        issue_known_on=date(2026, 1, 5),
    )
    return s.ContactCapture(
        Channel.PHONE,
        answers,
        "Mould",
        resident_id=w.resident(),
        service_area_id=w.staff.repairs.id,
    )


class LeftAsItWas(AssertionError):
    """A bulk action that refuses case by case says so in its result, not by raising."""


def _moved(result: s.Reassigned) -> s.Reassigned:
    if not result.moved:
        raise LeftAsItWas("; ".join(sentence for _, sentence in result.left))
    return result


CALLS: dict[str, Call] = {
    "log_contact": lambda w, a: s.log_contact(w.store, a, _capture(w), now=at(2026, 1, 5)),
    "record_quick_fix": _case_call(World.logged_with_quick_fix, "record_quick_fix", "Boiler reset",
                                   now=at(2026, 1, 5)),
    "route_compliment": _case_call(World.compliment, "route_compliment", "Jo (repairs)",
                                   lambda w, c: w.staff.manager.id, now=at(2026, 3, 2)),
    "open_stage1": _case_call(World.logged, "open_stage1", now=at(2026, 1, 5)),
    "request_escalation": _case_call(_responded, "request_escalation", now=LATER),
    "withdraw": _case_call(_opened, "withdraw", "the resident", "Sorted"),
    "log_case_contact": _case_call(_opened, "log_case_contact", Channel.PHONE, "Rang"),
    "create_resident": lambda w, a: s.create_resident(
        w.store, a, s.NewResident(f"New Person {w.fresh()}", "1 High Street", "DE1 1AA"),
        now=START,
    ),
    "update_resident": lambda w, a: s.update_resident(
        w.store, a, (r := w.resident()),
        s.NewResident(f"Renamed {r}", "2 High Street", "DE1 1AA"), now=START,
    ),
    "add_representative": lambda w, a: s.add_representative(
        w.store, a, s.NewRepresentative(w.resident(), "Ann Advocate", "advocate"), now=START
    ),
    "confirm_authority": lambda w, a: s.confirm_authority(
        w.store, a, w.representative().id, "Signed form", on=date(2026, 1, 5), now=WHEN
    ),
    "acknowledge": _case_call(_opened, "acknowledge", on=date(2026, 1, 5), now=at(2026, 1, 5)),
    "extend": _case_call(_acknowledged, "extend", date(2026, 2, 2), "Waiting for the surveyor",
                         "Phoned"),
    "add_component": _case_call(_acknowledged, "add_component", "Noise"),
    "record_decision": _case_call(World.component_case, "record_decision",
                                  lambda w, c: c.components[0].id, "Late", Decision.NOT_UPHELD),
    "add_remedy": _case_call(_acknowledged, "add_remedy", "Apology", date(2026, 2, 2)),
    "record_redress": _case_call(_worked, "record_redress", REDRESS),
    "add_outstanding_action": _case_call(_responded, "add_outstanding_action", "Fan",
                                         lambda w, c: w.staff.manager.id, date(2026, 3, 2)),
    "mark_done": _case_call(_worked, "mark_done", remedy_id=lambda w, c: c.remedies[0].id),
    "send_response": _case_call(_worked, "send_response", full_checklist()),
    "close": _case_call(_responded, "close", s.CloseInput(("damp",)), now=LATER),
    "add_note": _case_call(_opened, "add_note", "A note"),
    "assign": _case_call(_unassigned, "assign", lambda w, c: w.staff.manager2.id),
    "reassign_cases": lambda w, a: _moved(s.reassign_cases(
        w.store, a, [((c := _opened(w)).id, c.version)], w.staff.manager2.id, now=WHEN
    )),
    "reopen": _case_call(World.closed, "reopen", "Asked again", now=LATER),
    "open_next_stage": _case_call(World.review, "open_next_stage",
                                  lambda w, c: w.staff.manager2.id, now=LATER),
    "decline_review": _case_call(World.derwent_review, "decline_review",
                                 "Not a service failure", now=LATER),
    "cases_to_reassign": lambda w, a: s.cases_to_reassign(w.store, a),
    "mark_unreasonable": lambda w, a: s.mark_unreasonable(
        w.store, a, w.resident(), "Abuse", date(2026, 6, 1), (), now=START
    ),
    "set_restrictions": lambda w, a: s.set_restrictions(
        w.store, a, w.unreasonable(),
        (s.RestrictionInput(s.RestrictionKind.WRITING_ONLY),), now=START,
    ),
    "lift_unreasonable": lambda w, a: s.lift_unreasonable(
        w.store, a, w.unreasonable(), "Behaviour improved", now=START
    ),
    "desk_queue": lambda w, a: s.desk_queue(
        w.store, a, s.DeskQuery(stage=1, scope=s.QueueScope.MINE), today=date(2026, 1, 5)
    ),
    "dashboard": lambda w, a: s.dashboard(w.store, a, today=date(2026, 1, 5)),
    "create_user": lambda w, a: s.create_user(
        w.store, a, s.NewUser(f"New Starter {w.fresh()}", s.Role.CALL_HANDLER), now=START
    ),
    "update_user": lambda w, a: s.update_user(
        w.store, a, w.staff.handler.id, team=f"Team {w.fresh()}", now=START
    ),
    "reset_password": lambda w, a: s.reset_password(w.store, a, w.staff.handler.id, now=START),
    "create_service_area": lambda w, a: s.create_service_area(
        w.store, a, f"Area {w.fresh()}", now=START
    ),
    "update_service_area": lambda w, a: s.update_service_area(
        w.store, a, w.staff.repairs.id, name=f"Repairs {w.fresh()}", now=START
    ),
    "set_landlord_profile": lambda w, a: s.set_landlord_profile(w.store, a, "hos-code", now=START),
    "close_day": lambda w, a: s.close_day(w.store, a, w.weekday(), "Training", now=START),
    "reopen_day": lambda w, a: s.reopen_day(w.store, a, w.closed_day(), now=START),
    "set_due_soon_days": lambda w, a: s.set_due_soon_days(w.store, a, 4, now=START),
    "set_idle_lock_minutes": lambda w, a: s.set_idle_lock_minutes(w.store, a, 5, now=START),
    "set_config": lambda w, a: s.set_config(
        w.store, a, "deadlines.due_soon_days", "5", now=START
    ),
}  # fmt: skip


def test_each_service_as_each_role(store: Store, staff: Staff) -> None:
    inactive = s.create_user(store, staff.admin, s.NewUser("Ivy Gone", s.Role.ADMIN), now=START)
    s.update_user(store, staff.admin, inactive.id, active=False, now=START)
    world = World(store, staff, inactive, count(1))
    actors = {
        "handler": staff.handler,
        "manager": staff.manager,
        "lead": staff.lead,
        "director": staff.director,
        "admin": staff.admin,
        "inactive": inactive,
    }
    wrong: list[str] = []
    for name in sorted(CALLS):
        for role in ROLES:
            expected = role in ALLOWED[name]
            try:
                CALLS[name](world, actors[role])
            except (s.PermissionDenied, LeftAsItWas) as refused:
                sentence = str(refused)
                assert sentence.endswith(".") and "\n" not in sentence, (name, role, sentence)
                if expected:
                    wrong.append(f"{name} as {role}: refused ({sentence})")
            except s.ServiceError as error:
                wrong.append(f"{name} as {role}: {type(error).__name__} ({error})")
            else:
                if not expected:
                    wrong.append(f"{name} as {role}: allowed")
    assert not wrong, "\n".join(wrong)


def test_before_sign_in_is_refused_once_anyone_exists(store: Store, staff: Staff) -> None:
    """The first-run services make the first administrator only on an empty database."""
    for first_run in (
        lambda: s.create_first_admin(store, "Eve Intruder", now=START),
        lambda: s.set_up_first_run(store, "Eve Intruder", "hos-code", now=START),
        lambda: s.set_up_first_run_with_password(
            store, "Eve Intruder", "hos-code", "a long password", now=START
        ),
    ):
        try:
            first_run()
        except s.PermissionDenied as refused:
            assert str(refused) == "Users already exist: ask an administrator to add you."
        else:
            raise AssertionError("a first run was allowed on a database with users")
    assert "Eve Intruder" not in {user.name for user in s.list_users(store)}
