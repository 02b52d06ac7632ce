"""The tables, as SQLAlchemy 2 typed models. Dates are `Date`; timestamps are aware UTC.

Vocabularies (roles, statuses, restriction kinds) are stored as their string values; the services
check them against the enums in `complaints_tui.services.dto`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NoReturn

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.engine import Connection, Engine, ExceptionContext
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Mapper,
    ORMExecuteState,
    Session,
    mapped_column,
)

from complaints_tui.store.audit_chain import TRIGGER_MARK
from complaints_tui.store.engine import StoreError
from complaints_tui.store.types import UTCDateTime, search_term_type

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}  # noqa: RUF012


def _fk(target: str, ondelete: str | None = None) -> ForeignKey:
    return ForeignKey(target, ondelete=ondelete)


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ClosureDay(Base):
    """An office closure day (a Christmas shut-down), with why. It stops the clock only under a
    profile whose `closure_days_stop_clock` is true; the statutory Code counts it as working."""

    __tablename__ = "closure_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(String(200))
    closed_by_id: Mapped[int | None] = mapped_column(_fk("users.id"))
    closed_at: Mapped[datetime]


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    line_manager_id: Mapped[int | None] = mapped_column(_fk("users.id"))
    team: Mapped[str] = mapped_column(String(100), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    # Away: routing passes them by (their cases stay theirs; a team lead moves them if need be).
    out_of_office: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Sign-in (services.people.passwords): an argon2 hash, None until the user chooses one (and
    # again after an administrator resets it); the run of failed sign-ins and any lock.
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    # No Python-side default: the demo builder inserts users as plain rows without it.
    failed_sign_ins: Mapped[int] = mapped_column(Integer, server_default="0")
    failures_since: Mapped[datetime | None] = mapped_column(default=None)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)


class ServiceArea(Base):
    __tablename__ = "service_areas"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # The first of the manager pool (kept in step by the services): older code and data route by it.
    default_manager_id: Mapped[int | None] = mapped_column(_fk("users.id"))


class ServiceAreaStaff(Base):
    """A member of an area's investigating-manager pool or stage 2 reviewer pool, in turn order."""

    __tablename__ = "service_area_staff"
    service_area_id: Mapped[int] = mapped_column(
        _fk("service_areas.id", "CASCADE"), primary_key=True
    )
    pool: Mapped[str] = mapped_column(String(10), primary_key=True)
    user_id: Mapped[int] = mapped_column(_fk("users.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("pool IN ('manager', 'reviewer')", name="pool"),)


class RoutingPointer(Base):
    """Round robin: who was given the last case routed from an area's pool (its next goes to
    the one after them)."""

    __tablename__ = "routing_pointers"
    service_area_id: Mapped[int] = mapped_column(
        _fk("service_areas.id", "CASCADE"), primary_key=True
    )
    pool: Mapped[str] = mapped_column(String(10), primary_key=True)
    last_user_id: Mapped[int | None] = mapped_column(_fk("users.id"))


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    service_area_id: Mapped[int | None] = mapped_column(_fk("service_areas.id"))
    # Retired: no longer offered for new contacts; the cases that carry it keep it.
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Resident(Base):
    __tablename__ = "residents"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(12), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    preferred_contact: Mapped[str] = mapped_column(String(40), default="")
    tenure: Mapped[str] = mapped_column(String(4), default="LCRA")
    support_needs: Mapped[str] = mapped_column(Text, default="")
    adjustments: Mapped[str] = mapped_column(Text, default="")
    vulnerability: Mapped[str] = mapped_column(Text, default="")
    unreasonable: Mapped[bool] = mapped_column(Boolean, default=False)
    unreasonable_reason: Mapped[str] = mapped_column(Text, default="")
    unreasonable_review_on: Mapped[date | None] = mapped_column(Date)
    unreasonable_marked_by_id: Mapped[int | None] = mapped_column(_fk("users.id"))
    anonymised_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime]

    __table_args__ = (
        CheckConstraint("tenure IN ('LCRA', 'LCHO')", name="tenure"),
        Index("ix_residents_id_tenure", "id", "tenure"),  # the reports' tenure, from the index
    )


class ResidentSearchTerm(Base):
    """Lower-cased words of a resident's name, address, postcode, phone and reference."""

    __tablename__ = "resident_search_terms"
    resident_id: Mapped[int] = mapped_column(_fk("residents.id", "CASCADE"), primary_key=True)
    term: Mapped[str] = mapped_column(search_term_type(80), primary_key=True)

    __table_args__ = (Index("ix_resident_search_terms_term_resident", "term", "resident_id"),)


class Restriction(Base):
    __tablename__ = "resident_restrictions"
    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(_fk("residents.id", "CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")
    set_on: Mapped[date] = mapped_column(Date)
    set_by_id: Mapped[int | None] = mapped_column(_fk("users.id"))


class Representative(Base):
    __tablename__ = "representatives"
    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(_fk("residents.id", "CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    relation: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    authority_how: Mapped[str] = mapped_column(Text, default="")
    authority_confirmed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime]


class CaseCounter(Base):
    """The last case number used in a year; bumped atomically, so references are never reused."""

    __tablename__ = "case_counters"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime]
    received_on: Mapped[date] = mapped_column(Date)
    issue_known_on: Mapped[date | None] = mapped_column(Date)
    service_area_id: Mapped[int | None] = mapped_column(_fk("service_areas.id"))
    category_id: Mapped[int | None] = mapped_column(_fk("categories.id"))
    description: Mapped[str] = mapped_column(Text, default="")
    desired_outcome: Mapped[str] = mapped_column(Text, default="")
    profile_id: Mapped[str] = mapped_column(String(64))
    stage: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20))
    handler_id: Mapped[int | None] = mapped_column(_fk("users.id"))
    resident_id: Mapped[int | None] = mapped_column(_fk("residents.id"))
    representative_id: Mapped[int | None] = mapped_column(_fk("representatives.id"))
    caller_name: Mapped[str] = mapped_column(String(200), default="")
    complaint_offered: Mapped[bool] = mapped_column(Boolean, default=False)
    accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    exclusion_code: Mapped[str | None] = mapped_column(String(40))
    exclusion_reason: Mapped[str] = mapped_column(Text, default="")
    out_of_time_reason: Mapped[str] = mapped_column(Text, default="")
    next_due_on: Mapped[date | None] = mapped_column(Date)
    next_due_kind: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(20))
    improvement: Mapped[str] = mapped_column(Text, default="")
    withdrawn_by: Mapped[str] = mapped_column(String(200), default="")
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    logged_by_id: Mapped[int | None] = mapped_column(_fk("users.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    # Optimistic locking: every UPDATE says WHERE version = <the version loaded>; the services
    # move the number on themselves (services._core.touch), so a change to a child row counts.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012
    __table_args__ = (
        # Overdue counts by stage and handler, covered: a scan of next_due_on < today.
        Index("ix_cases_due_stage_handler", "next_due_on", "stage", "handler_id"),
        # Queues: open cases of a handler (or unassigned: NULL) by due date, straight from the
        # index; and every open case by due date.
        Index("ix_cases_status_handler_due", "status", "handler_id", "next_due_on"),
        Index("ix_cases_status_due", "status", "next_due_on"),
        Index("ix_cases_resident_received", "resident_id", "received_on"),
        Index("ix_cases_status_received", "status", "received_on"),
        # Reports (0005): contacts received by kind, category and service area; cases closed;
        # and a stage's case (kind, stage, withdrawal, resident) read from an index alone.
        Index(
            "ix_cases_received_kind_category_area",
            "received_on",
            "kind",
            "category_id",
            "service_area_id",
        ),
        Index("ix_cases_closed_status_kind", "closed_on", "status", "kind"),
        Index(
            "ix_cases_id_kind_stage_withdrawn_resident",
            "id",
            "kind",
            "stage",
            "withdrawn_on",
            "resident_id",
        ),
        CheckConstraint("stage BETWEEN 0 AND 3", name="stage"),
    )


class CaseStage(Base):
    __tablename__ = "case_stages"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk("cases.id", "CASCADE"))
    stage: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[date] = mapped_column(Date)
    acknowledged_on: Mapped[date | None] = mapped_column(Date)
    responded_on: Mapped[date | None] = mapped_column(Date)
    handler_id: Mapped[int | None] = mapped_column(_fk("users.id"))
    declined_reason: Mapped[str] = mapped_column(Text, default="")
    late_reason: Mapped[str] = mapped_column(Text, default="")
    response_letter: Mapped[str] = mapped_column(Text, default="")
    response_checklist: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (
        UniqueConstraint("case_id", "stage"),
        # The reports read responses sent, and stages received, in a period from these alone.
        Index(
            "ix_case_stages_stage_responded_dates",
            "stage",
            "responded_on",
            "case_id",
            "received_on",
            "acknowledged_on",
        ),
        Index(
            "ix_case_stages_stage_received_dates",
            "stage",
            "received_on",
            "case_id",
            "acknowledged_on",
        ),
    )


class Component(Base):
    __tablename__ = "components"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk("cases.id", "CASCADE"))
    stage: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text)
    finding: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str | None] = mapped_column(String(20))
    previous_id: Mapped[int | None] = mapped_column(_fk("components.id"))
    overturned: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (  # a case's parts; the reports' outcomes from the index alone
        Index("ix_components_case_stage_decision", "case_id", "stage", "decision", "overturned"),
    )


class Deadline(Base):
    __tablename__ = "deadlines"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk("cases.id", "CASCADE"))
    stage: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    clock_start: Mapped[str] = mapped_column(String(20))
    clock_started_on: Mapped[date | None] = mapped_column(Date)
    projected: Mapped[bool] = mapped_column(Boolean, default=False)
    length: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(10))
    due_on: Mapped[date] = mapped_column(Date)
    original_due_on: Mapped[date] = mapped_column(Date)
    met_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("case_id", "stage", "kind"),
        Index("ix_deadlines_kind_met_due", "kind", "met_on", "due_on"),  # trends: on time
        # A stage's respond deadline's dates, for the reports, without reading the row.
        Index(
            "ix_deadlines_case_stage_kind_dates",
            "case_id",
            "stage",
            "kind",
            "due_on",
            "original_due_on",
        ),
        Index("ix_deadlines_kind_due", "kind", "due_on"),
    )


class Extension(Base):
    __tablename__ = "extensions"
    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(_fk("deadlines.id", "CASCADE"), index=True)
    previous_due_on: Mapped[date] = mapped_column(Date)
    new_due_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    how_told: Mapped[str] = mapped_column(Text)
    told_on: Mapped[date] = mapped_column(Date)
    by_id: Mapped[int | None] = mapped_column(_fk("users.id"))
    at: Mapped[datetime]


class Remedy(Base):
    __tablename__ = "remedies"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk("cases.id", "CASCADE"))
    stage: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (  # a case's remedies; the reports' counts from the index alone
        Index("ix_remedies_case_stage_done", "case_id", "stage", "done_on"),
    )


class Redress(Base):
    __tablename__ = "redress"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk("cases.id", "CASCADE"), index=True)
    stage: Mapped[int] = mapped_column(Integer)
    total_pence: Mapped[int] = mapped_column(Integer)
    parts: Mapped[dict[str, Any]] = mapped_column(JSON)
    breakdown: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(_fk("users.id"))
    at: Mapped[datetime]

    __table_args__ = (CheckConstraint("total_pence >= 0", name="total_pence"),)


class OutstandingAction(Base):
    __tablename__ = "outstanding_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk("cases.id", "CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(_fk("users.id"))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        Index("ix_outstanding_actions_owner_done_due", "owner_id", "done_on", "due_on"),
    )


class LearningTag(Base):
    __tablename__ = "learning_tags"
    case_id: Mapped[int] = mapped_column(_fk("cases.id", "CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)


class Compliment(Base):
    __tablename__ = "compliments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk("cases.id", "CASCADE"), index=True)
    person_or_team: Mapped[str] = mapped_column(String(200))
    manager_id: Mapped[int | None] = mapped_column(_fk("users.id"))
    routed_on: Mapped[date] = mapped_column(Date, index=True)


class Satisfaction(Base):
    __tablename__ = "satisfaction"
    case_id: Mapped[int] = mapped_column(_fk("cases.id", "CASCADE"), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    recorded_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score"),)


class QuickFix(Base):
    __tablename__ = "quick_fixes"
    case_id: Mapped[int] = mapped_column(_fk("cases.id", "CASCADE"), primary_key=True)
    agreed_fix: Mapped[str] = mapped_column(Text)
    follow_up: Mapped[str] = mapped_column(Text, default="")
    letter_text: Mapped[str] = mapped_column(Text, default="")
    resolved_on: Mapped[date] = mapped_column(Date)
    escalate_by: Mapped[date | None] = mapped_column(Date)


class CaseNote(Base):
    """A note on a case, or a contact about it (the resident rang or wrote about the case)."""

    __tablename__ = "case_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk("cases.id", "CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    channel: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    by_id: Mapped[int | None] = mapped_column(_fk("users.id"))
    at: Mapped[datetime]

    __table_args__ = (
        Index("ix_case_notes_case_id", "case_id", "id"),
        CheckConstraint("kind IN ('note', 'contact')", name="kind"),
    )


class SentLetter(Base):
    """A letter as it was sent: its words (the `domain.letters.Letter` as a dict), to whom, how,
    when and by whom. Re-opening it shows exactly this, whatever the templates say now."""

    __tablename__ = "sent_letters"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk("cases.id", "CASCADE"))
    stage: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(Text)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    by_id: Mapped[int | None] = mapped_column(_fk("users.id"))
    at: Mapped[datetime]

    __table_args__ = (Index("ix_sent_letters_case_id", "case_id", "id"),)


class Event(Base):
    """Append-only audit trail: who did what, when, with the values before and after."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(_fk("cases.id"))
    resident_id: Mapped[int | None] = mapped_column(_fk("residents.id"))
    actor_id: Mapped[int | None] = mapped_column(_fk("users.id"))
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The hash chain (store.audit_chain): set as the event is appended, never changed after.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    # When retention replaced the payload by its anonymised form (the one change allowed).
    redacted_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_events_case_id", "case_id", "id"),
        Index("ix_events_resident_id", "resident_id", "id"),
    )


class AuditChainHead(Base):
    """The audit chain's end, one row (id 1): appends lock it, so the chain cannot fork."""

    __tablename__ = "audit_chain_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    last_id: Mapped[int]
    last_hash: Mapped[str] = mapped_column(String(64))


class AppendOnlyError(StoreError):
    """Something tried to change or delete an audit event; the transaction is rolled back."""


def _refuse(doing: str) -> NoReturn:
    raise AppendOnlyError(
        f"The audit trail is append-only: an event cannot be {doing}. Nothing was saved."
    )


@event.listens_for(Engine, "handle_error")
def _append_only_in_the_database(context: ExceptionContext) -> None:
    """The database's own triggers (migration 0009) refuse what got past the ORM: raw SQL."""
    original = str(context.original_exception)
    if TRIGGER_MARK in original:
        _refuse("deleted" if "deleted" in original else "changed")


@event.listens_for(Event, "before_update")
def _no_event_update(_mapper: Mapper[Event], _connection: Connection, _target: Event) -> None:
    _refuse("changed")


@event.listens_for(Event, "before_delete")
def _no_event_delete(_mapper: Mapper[Event], _connection: Connection, _target: Event) -> None:
    _refuse("deleted")


@event.listens_for(Session, "do_orm_execute")
def _no_bulk_event_changes(state: ORMExecuteState) -> None:
    """`session.execute(update(Event))` / `delete(Event)` skip the mapper events above."""
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) == Event.__tablename__:
        _refuse("changed" if state.is_update else "deleted")
