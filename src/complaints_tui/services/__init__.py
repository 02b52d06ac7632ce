"""The services: one function per thing a user does. Screens call these and nothing else.

Every mutating function takes the open `Store` and the signed-in `Actor` (a `UserInfo`), runs
in its own transaction, checks the actor's role (and, for case work, that the case is theirs
unless they are a team lead or administrator), and appends an audit event with the values
before and after. Functions that change a case also take the `expected_version` the user saw
(`CaseSummary.version` / `CaseDetail.version`): if someone saved the case since, `ConflictError`
is raised and nothing is overwritten. Every returned value is a frozen dataclass from its
feature package's `types` module (`people`, `intake`, `cases`, `queues`); nothing returned holds
a Session. Errors are `services.errors` types whose `user_sentence` (also `str(error)`) is
shown as it is:
`PermissionDenied`, `NotFound`, `ConflictError`, `RuleViolation`, and the store's
`StoreUnavailable` / `StoreOutdated`. Dates default to today in England; `now=` (aware) fixes
the clock in tests.

Names are importable from `complaints_tui.services` directly (loaded on first use, so importing
`services.drafts` stays cheap at start-up).

Start-up and people (people/users.py)
  open_for_app(url) -> Store                     open + migrate (SQLite backed up first)
  needs_first_run(store) -> bool                 no users yet
  create_first_admin(store, name) -> Actor       only when there are no users
  set_up_first_run(store, name, profile_id) -> (Actor, PolicyProfile)   both, one transaction
  list_users(store, include_inactive=False) -> list[UserInfo]
  sign_in(store, user_id) -> Actor
  create_user(store, actor, NewUser) -> UserInfo               admin
  update_user(store, actor, user_id, name=, role=, team=, job_title=, line_manager_id=,
              clear_line_manager=, active=, out_of_office=) -> UserInfo        admin
      never deleted, only deactivated (cannot sign in; routing passes them by); refused: an
      empty name, a name an active user has (any case), a line manager who is the user, is
      inactive or reports to them, losing the last active administrator
  landlord_profile(store) -> PolicyProfile       the setting, default hos-code

Sign-in with passwords (people/passwords.py)
  has_password(store, user_id) -> bool           chosen one yet (else the screen asks for a new one)
  set_password(store, user_id, password) -> UserInfo   first sign-in (or after a reset): at least
      10 characters, not only spaces; refused when they have one, or are deactivated
  sign_in_with_password(store, user_id_or_name, password, now) -> UserInfo   else SignInRefused
      (never says which of name or password was wrong; 5 failures in 15 minutes lock the account
      for 15 minutes, saying until when) or NoPasswordYet; deactivated users are refused
  reset_password(store, actor, user_id) -> UserInfo   admin: clears the hash and any lock
  set_up_first_run_with_password(store, name, profile_id, password) -> (Actor, PolicyProfile)
  idle_lock_minutes(store) / set_idle_lock_minutes(store, actor, n)   team lead / admin; 0 never
  sign_in(store, user_id) is the trusted in-process path (tests; `create_app(user_id=)`): the
      command line never reaches it
  set_landlord_profile(store, actor, profile_id) -> PolicyProfile    admin; old cases keep theirs
  cases_to_reassign(store, actor) -> list[ReassignLine]   team lead / admin: open or answered
      cases whose handler was deactivated (reference, stage, handler name, next due)

Service areas and routing (people/areas.py, cases/routing.py)
  list_service_areas(store) -> list[ServiceAreaInfo]   categories (offered / retired) and pools
  create_service_area(store, actor, name, managers=, reviewers=, categories=,
                      default_manager_id=) -> ServiceAreaInfo                admin
  update_service_area(store, actor, area_id, name=, managers=, reviewers=, add_categories=,
                      rename_categories={id: name}, retire_categories=) -> ServiceAreaInfo  admin
      a pool given replaces the old one in that order; default_manager_id = the first manager;
      a category is retired, never deleted (adding its name again brings it back)
  Stage 1 goes round robin to the area's manager pool (after whoever had its last case),
  stage 2 (open_next_stage with no handler named) to its reviewer pool; both pass by the out
  of office, the inactive and whoever the profile's handler rule refuses (never an earlier
  stage's handler). Nobody left: the case waits unassigned and CaseDetail.routing says why.
  suggest_reviewer(store, case_id) -> ReviewerSuggestion(reviewer, sentence)   next in turn

Residents (people/residents.py)
  search_residents(store, query, limit=50, offset=0) -> ResidentPage(rows, has_more)
      every word of the query must prefix a word of name / address / postcode / reference,
      or the phone digits ("07700 900" works); ordered by name; paged in SQL.
  get_resident(store, resident_id) -> ResidentInfo
  resident_flags(store, resident_id) -> ResidentFlags
      restrictions (label + meaning), vulnerability / support needs / adjustments,
      representatives (authority_confirmed_on), open cases (stage, next due), last contacts
  create_resident(store, actor, NewResident) -> ResidentSummary   reference RES-nnnnnn if blank
  update_resident(store, actor, resident_id, NewResident) -> ResidentInfo
  add_representative(store, actor, NewRepresentative) -> RepresentativeInfo
  confirm_authority(store, actor, representative_id, how, on=) -> RepresentativeInfo
  mark_unreasonable(store, actor, resident_id, reason, review_on, restrictions) -> ResidentFlags
  set_restrictions(store, actor, resident_id, restrictions, review_on=) -> ResidentFlags
  lift_unreasonable(store, actor, resident_id, reason) -> ResidentFlags
      (these three: team lead or service director only; restrictions never stop logging)

Contacts (intake/contacts.py)
  log_contact(store, actor, ContactCapture) -> ContactLogged(case, accepted, say, warnings, …)
      triage runs here (domain.triage) on capture.answers; stores kind, accepted, exclusion code
      and the sentence, out-of-time override reason; the resident's dissatisfaction with a
      non-complaint needs capture.complaint_offered=True. Status: logged (not a complaint),
      not_accepted (excluded) or open at stage 0 (an accepted complaint). Reference
      CMP-YYYY-nnnnnn, unique and never reused.
  record_quick_fix(store, actor, case_id, v, agreed_fix, follow_up=, resolved_on=) -> CaseSummary
      only where the profile has a quick fix (not hos-code / Derby); keeps the letter and the
      last day to go formal (profile quick_fix.escalate_within)
  route_compliment(store, actor, case_id, v, person_or_team, manager_id, routed_on=)

Stages (cases/stages.py, cases/response.py)
  open_stage1(store, actor, case_id, v, requested_on=, late_reason=) -> CaseDetail
      deadlines stored; handler = the next in turn in the service area's manager pool, else
      none (CaseDetail.routing says which);
      a representative's authority must be confirmed first
  acknowledge(store, actor, case_id, v, on=) -> CaseDetail
  assign(store, actor, case_id, v, handler_id) -> CaseDetail      first handler: team lead /
      admin; changing a handler (reassigning): team lead only; at stage 2+ the profile's
      handler rule is checked against everyone who handled or worked an earlier stage
  extend(store, actor, case_id, v, new_due_on, reason, how_told, told_on=,
         good_reason_beyond_limit=) -> CaseDetail                 domain check_extension
  response_gaps(store, case_id, ResponseChecklist) -> list[str]   what still blocks sending
  send_response(store, actor, case_id, v, ResponseChecklist, on=) -> CaseDetail
  request_escalation(store, actor, case_id, v, requested_on=, late_reason=) -> CaseDetail
      window from the profile; late needs a reason; the next stage starts unassigned
  open_next_stage(store, actor, case_id, v, handler_id=None) -> CaseDetail
      allocate the reviewer (team lead / admin): not the stage 1 handler; Dérive: the line
      manager (the default); Derwent: a director not previously involved; none named: the
      next in turn in the area's reviewer pool (refused in a sentence when nobody can)
  decline_review(store, actor, case_id, v, reason, on=) -> CaseDetail   where may_decline

Findings (cases/findings.py)
  add_component(store, actor, case_id, v, summary)
  record_decision(store, actor, case_id, v, component_id, finding, Decision)   overturned at review
  add_remedy(store, actor, case_id, v, description, due_on)
  record_redress(store, actor, case_id, v, RedressInput)   with the calculator's inputs (optional),
      worked out again under the case's profile: the total must be what they give
  case_profile(profile_id) -> PolicyProfile      the profile a case was opened under
  add_outstanding_action(store, actor, case_id, v, description, owner_id, due_on)
  mark_done(store, actor, case_id, v, remedy_id= | action_id=, on=)

Notes and contacts on a case (cases/notes.py)
  add_note(store, actor, case_id, v, text) -> CaseDetail          the case's handler, team lead
      or administrator; any status
  log_case_contact(store, actor, case_id, v, Channel, summary) -> CaseDetail   anyone signed in:
      the resident (or someone for them) got in touch about the case
      (both: an event, the version moves on, CaseDetail.notes lists them newest first)

Ending (cases/closing.py)
  withdraw(store, actor, case_id, v, withdrawn_by, reason, on=)
  close(store, actor, case_id, v, CloseInput(learning_tags, improvement, satisfaction_score…))
  reopen(store, actor, case_id, v, reason)                       team lead / admin

Reading (cases/case_view.py, queues/listing.py)
  get_case(store, case_id, today=) -> CaseDetail     case_by_reference(store, reference)
      each DeadlineInfo carries the days its count skipped (F3); notes and contacts, newest first
  find_cases(store, text, limit=10) -> list[CaseHit]   reference prefix, or just the number
  case_timeline(store, case_id) -> list[TimelineEntry]   from the audit events
  queue(store, QueueFilter(handler_id | unassigned, stage, statuses, due, service_area_id),
        limit=50, offset=0, today=) -> QueuePage(rows, has_more)   ordered by next due date
  overdue_counts(store, today=) -> list[OverdueCount]   by stage and handler
  workload(store, today=) -> list[WorkloadRow]          overdue / due today / due this week

The manager's desk (queues/desk.py)
  desk_scopes(role) -> tuple[QueueScope, ...]    investigating manager: mine, team; service
      director, team lead, administrator: mine, team, unassigned, all; call handler: none
  desk_stages(store) -> tuple[int, ...]          the landlord profile's stages: (1, 2) or (1, 2, 3)
  desk_queue(store, actor, DeskQuery(stage, scope, service_area_id, category_id, deadline,
             vulnerable_only, text), limit=25, offset=0, today=, soon_days=3) -> DeskPage
      open cases at the stage, soonest due first, paged in SQL; a scope the role may not open
      raises PermissionDenied; text is a reference (prefix or number) or the resident's words
  change_mark(store) -> int                      moves whenever anything is saved (poll it)

The team lead's dashboard (queues/backlog.py, queues/trends.py, cases/bulk.py, settings.py)
  dashboard(store, actor, today=, soon_days=) -> Backlog   team lead, director, administrator
  backlog(store, today=, soon_days=) -> Backlog  per stage × deadline in view (acknowledge,
      respond): overdue, due today, due soon; per handler and team; extensions; oldest overdue
  drill_down(stage, DeadlineFilter, due_kind=, worker=) -> DeskQuery   exactly those cases
  trends(store, today=) -> Trends                received vs closed a week, on time a month, tops
  reassign_cases(store, actor, [(case_id, version)], handler_id) -> Reassigned   one event each
  due_soon_days(store) / set_due_soon_days(store, actor, n)   the office's due-soon window

Office closure days (closures.py)
  close_day(store, actor, day, reason) -> ClosureChange     administrator; a weekend, a bank
      holiday or a day already closed is refused; where a case's profile stops the clock for
      closure days, every open case whose count runs over the day is recomputed (an event each)
  reopen_day(store, actor, day) -> ClosureChange           administrator; moves them back
  list_closures(store) -> list[ClosureInfo]                earliest first
  landlord_closure_warning(store) -> str | None            the Code's (or the profile's) sentence:
      closure days count as working days there, so recording one moves nothing
      (ClosureChange: recomputed, references, warning; sentences() to show)

Shared settings (config.py)
  config_entries(store) -> list[ConfigEntry]     each shared setting and the value that applies
  set_config(store, actor, key, value) -> ConfigEntry   through the setting's own service (its
      roles, its audit event); an unknown key or a bad value is a RuleViolation

Roles: a call handler logs contacts, adds residents and representatives, records quick fixes,
opens stage 1, records escalation requests, withdrawals and compliments; case work
(acknowledge, extend, findings, respond, decline, close) is for the case's handler or a team
lead / administrator, and at stage 2+ whoever does that work must pass the profile's handler
rule themselves (nobody who handled an earlier stage reviews it); a response is never sent
while its stage has no handler. A team lead or administrator gives a case its first handler
and reopens; only a team lead reassigns; only a team lead or service director marks a
resident unreasonable. Audit events are append-only: the ORM refuses to update or delete them.
"""

# The TYPE_CHECKING imports below exist for type checkers; at run time __getattr__ loads them.
# ruff: noqa: F401
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from complaints_tui.domain.kinds import (
        CaseStatus,
    )
    from complaints_tui.domain.restrictions import (
        RestrictionKind,
    )
    from complaints_tui.domain.roles import (
        Role,
    )
    from complaints_tui.services.cases.bulk import reassign_cases
    from complaints_tui.services.cases.case_view import (
        case_by_reference,
        case_timeline,
        find_cases,
        get_case,
    )
    from complaints_tui.services.cases.closing import (
        close,
        reopen,
        withdraw,
    )
    from complaints_tui.services.cases.findings import (
        add_component,
        add_outstanding_action,
        add_remedy,
        case_profile,
        mark_done,
        record_decision,
        record_redress,
    )
    from complaints_tui.services.cases.notes import (
        add_note,
        log_case_contact,
    )
    from complaints_tui.services.cases.response import (
        response_gaps,
        send_response,
    )
    from complaints_tui.services.cases.stages import (
        acknowledge,
        assign,
        decline_review,
        extend,
        open_next_stage,
        open_stage1,
        request_escalation,
        suggest_reviewer,
    )
    from complaints_tui.services.cases.types import (
        ActionInfo,
        CaseDetail,
        CaseHit,
        CaseSummary,
        CloseInput,
        ComplimentInfo,
        ComponentInfo,
        DeadlineInfo,
        ExtensionInfo,
        NoteInfo,
        QuickFixInfo,
        RedressInfo,
        RedressInput,
        RedressPart,
        RemedyInfo,
        ResponseChecklist,
        ReviewerSuggestion,
        SatisfactionInfo,
        StageInfo,
        TimelineEntry,
    )
    from complaints_tui.services.closures import (
        ClosureChange,
        ClosureInfo,
        close_day,
        landlord_closure_warning,
        list_closures,
        reopen_day,
    )
    from complaints_tui.services.config import ConfigEntry, config_entries, set_config
    from complaints_tui.services.errors import (
        ConflictError,
        NotFound,
        PermissionDenied,
        RuleViolation,
        ServiceError,
        StoreError,
        StoreOutdated,
        StoreUnavailable,
    )
    from complaints_tui.services.intake.contacts import (
        log_contact,
        record_quick_fix,
        route_compliment,
    )
    from complaints_tui.services.intake.types import (
        ContactCapture,
        ContactLogged,
    )
    from complaints_tui.services.people.areas import (
        create_service_area,
        list_service_areas,
        update_service_area,
    )
    from complaints_tui.services.people.passwords import (
        NoPasswordYet,
        SignInRefused,
        has_password,
        idle_lock_minutes,
        reset_password,
        set_idle_lock_minutes,
        set_password,
        set_up_first_run_with_password,
        sign_in_with_password,
    )
    from complaints_tui.services.people.residents import (
        add_representative,
        confirm_authority,
        create_resident,
        get_resident,
        lift_unreasonable,
        mark_unreasonable,
        resident_flags,
        search_residents,
        set_restrictions,
        update_resident,
    )
    from complaints_tui.services.people.types import (
        Actor,
        ContactLine,
        NewRepresentative,
        NewResident,
        NewUser,
        OpenCaseLine,
        ReassignLine,
        RepresentativeInfo,
        ResidentFlags,
        ResidentInfo,
        ResidentPage,
        ResidentSummary,
        RestrictionInfo,
        RestrictionInput,
        ServiceAreaInfo,
        UserInfo,
    )
    from complaints_tui.services.people.users import (
        create_first_admin,
        create_user,
        landlord_profile,
        list_users,
        needs_first_run,
        open_for_app,
        set_landlord_profile,
        set_up_first_run,
        sign_in,
        update_user,
    )
    from complaints_tui.services.queues.backlog import backlog, dashboard, drill_down
    from complaints_tui.services.queues.desk import (
        change_mark,
        desk_queue,
        desk_scopes,
        desk_stages,
    )
    from complaints_tui.services.queues.listing import (
        overdue_counts,
        queue,
        workload,
    )
    from complaints_tui.services.queues.reassign import cases_to_reassign
    from complaints_tui.services.queues.trends import trends
    from complaints_tui.services.queues.types import (
        Backlog,
        BacklogRow,
        DeadlineFilter,
        DeskPage,
        DeskQuery,
        DeskRow,
        DueCounts,
        DueFilter,
        OverdueCount,
        QueueFilter,
        QueuePage,
        QueueRow,
        QueueScope,
        Reassigned,
        Trends,
        WorkerRow,
        WorkloadRow,
    )
    from complaints_tui.services.settings import due_soon_days, set_due_soon_days

_MODULES: dict[str, tuple[str, ...]] = {
    "complaints_tui.services.cases.case_view": (
        "case_by_reference",
        "case_timeline",
        "find_cases",
        "get_case",
    ),
    "complaints_tui.services.cases.notes": (
        "add_note",
        "log_case_contact",
    ),
    "complaints_tui.services.cases.closing": (
        "close",
        "reopen",
        "withdraw",
    ),
    "complaints_tui.services.cases.findings": (
        "add_component",
        "add_outstanding_action",
        "add_remedy",
        "case_profile",
        "mark_done",
        "record_decision",
        "record_redress",
    ),
    "complaints_tui.services.cases.response": (
        "response_gaps",
        "send_response",
    ),
    "complaints_tui.services.cases.stages": (
        "acknowledge",
        "assign",
        "decline_review",
        "extend",
        "open_next_stage",
        "open_stage1",
        "request_escalation",
        "suggest_reviewer",
    ),
    "complaints_tui.services.cases.types": (
        "ActionInfo",
        "CaseDetail",
        "CaseHit",
        "CaseSummary",
        "CloseInput",
        "ComplimentInfo",
        "ComponentInfo",
        "DeadlineInfo",
        "ExtensionInfo",
        "NoteInfo",
        "QuickFixInfo",
        "RedressInfo",
        "RedressInput",
        "RedressPart",
        "RemedyInfo",
        "ResponseChecklist",
        "ReviewerSuggestion",
        "SatisfactionInfo",
        "StageInfo",
        "TimelineEntry",
    ),
    "complaints_tui.domain.kinds": ("CaseStatus",),
    "complaints_tui.domain.restrictions": ("RestrictionKind",),
    "complaints_tui.domain.roles": ("Role",),
    "complaints_tui.services.errors": (
        "ConflictError",
        "NotFound",
        "PermissionDenied",
        "RuleViolation",
        "ServiceError",
        "StoreError",
        "StoreOutdated",
        "StoreUnavailable",
    ),
    "complaints_tui.services.intake.contacts": (
        "log_contact",
        "record_quick_fix",
        "route_compliment",
    ),
    "complaints_tui.services.intake.types": (
        "ContactCapture",
        "ContactLogged",
    ),
    "complaints_tui.services.people.residents": (
        "add_representative",
        "confirm_authority",
        "create_resident",
        "get_resident",
        "lift_unreasonable",
        "mark_unreasonable",
        "resident_flags",
        "search_residents",
        "set_restrictions",
        "update_resident",
    ),
    "complaints_tui.services.people.types": (
        "Actor",
        "ContactLine",
        "NewRepresentative",
        "NewResident",
        "NewUser",
        "OpenCaseLine",
        "RepresentativeInfo",
        "ResidentFlags",
        "ResidentInfo",
        "ResidentPage",
        "ResidentSummary",
        "RestrictionInfo",
        "ReassignLine",
        "RestrictionInput",
        "ServiceAreaInfo",
        "UserInfo",
    ),
    "complaints_tui.services.people.areas": (
        "create_service_area",
        "list_service_areas",
        "update_service_area",
    ),
    "complaints_tui.services.queues.reassign": ("cases_to_reassign",),
    "complaints_tui.services.people.passwords": (
        "NoPasswordYet",
        "SignInRefused",
        "has_password",
        "idle_lock_minutes",
        "reset_password",
        "set_idle_lock_minutes",
        "set_password",
        "set_up_first_run_with_password",
        "sign_in_with_password",
    ),
    "complaints_tui.services.people.users": (
        "create_first_admin",
        "set_up_first_run",
        "create_user",
        "landlord_profile",
        "list_users",
        "needs_first_run",
        "open_for_app",
        "set_landlord_profile",
        "sign_in",
        "update_user",
    ),
    "complaints_tui.services.cases.bulk": ("reassign_cases",),
    "complaints_tui.services.queues.backlog": ("backlog", "dashboard", "drill_down"),
    "complaints_tui.services.queues.trends": ("trends",),
    "complaints_tui.services.settings": ("due_soon_days", "set_due_soon_days"),
    "complaints_tui.services.closures": (
        "ClosureChange",
        "ClosureInfo",
        "close_day",
        "landlord_closure_warning",
        "list_closures",
        "reopen_day",
    ),
    "complaints_tui.services.config": ("ConfigEntry", "config_entries", "set_config"),
    "complaints_tui.services.queues.desk": (
        "change_mark",
        "desk_queue",
        "desk_scopes",
        "desk_stages",
    ),
    "complaints_tui.services.queues.listing": (
        "overdue_counts",
        "queue",
        "workload",
    ),
    "complaints_tui.services.queues.types": (
        "Backlog",
        "BacklogRow",
        "DeadlineFilter",
        "DeskPage",
        "DeskQuery",
        "DeskRow",
        "DueCounts",
        "DueFilter",
        "OverdueCount",
        "QueueFilter",
        "QueuePage",
        "QueueRow",
        "QueueScope",
        "Reassigned",
        "Trends",
        "WorkerRow",
        "WorkloadRow",
    ),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}
__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
