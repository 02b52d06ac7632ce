"""A case as the services hand it out (summary, detail, timeline) and the inputs of case work.

Plain frozen dataclasses: nothing here holds a Session or an ORM row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from complaints_tui.domain.calendar import SkippedDay
from complaints_tui.domain.deadlines import DeadlineState
from complaints_tui.domain.kinds import CaseStatus, Channel, ContactKind, Decision
from complaints_tui.domain.letters import LetterChannel, LetterKind
from complaints_tui.services.people.types import RepresentativeInfo, UserInfo


@dataclass(frozen=True)
class CaseSummary:
    id: int
    reference: str
    kind: ContactKind
    channel: Channel
    status: CaseStatus
    stage: int
    received_on: date
    resident_id: int | None
    resident_name: str
    handler_id: int | None
    handler_name: str
    next_due_on: date | None
    next_due_kind: str | None
    version: int
    summary: str


@dataclass(frozen=True)
class CaseHit:
    id: int
    reference: str
    summary: str
    status: CaseStatus
    resident_name: str


@dataclass(frozen=True)
class StageInfo:
    stage: int
    name: str
    received_on: date
    acknowledged_on: date | None
    responded_on: date | None
    handler_id: int | None
    handler_name: str
    declined_reason: str
    late_reason: str
    response_letter: str


@dataclass(frozen=True)
class ExtensionInfo:
    previous_due_on: date
    new_due_on: date
    reason: str
    how_told: str
    told_on: date
    by_name: str


@dataclass(frozen=True)
class DeadlineInfo:
    stage: int
    kind: str  # acknowledge | respond | escalate
    clock_start: str
    clock_started_on: date | None
    projected: bool
    length: int
    unit: str
    due_on: date
    original_due_on: date
    met_on: date | None
    state: DeadlineState
    extensions: tuple[ExtensionInfo, ...] = ()
    # The days the count skipped (weekends, bank holidays, closures), from the day the clock's
    # event happened to the date counted to (before any extension); none for calendar days.
    skipped: tuple[SkippedDay, ...] = ()

    @property
    def extended(self) -> bool:
        return bool(self.extensions) or self.due_on != self.original_due_on


@dataclass(frozen=True)
class ComponentInfo:
    id: int
    stage: int
    summary: str
    finding: str
    decision: Decision | None
    overturned: bool
    previous_decision: Decision | None = None


@dataclass(frozen=True)
class RemedyInfo:
    id: int
    stage: int
    description: str
    due_on: date | None
    done_on: date | None


@dataclass(frozen=True)
class RedressPart:
    label: str
    pence: int


@dataclass(frozen=True)
class RedressInput:
    """A redress calculation to save (from `domain.redress`): exact pence, parts and reasoning,
    and what the calculator was given (`domain.redress_inputs.CalculatorInputs.to_json()`), so
    it can be opened again; when given, the total is worked out again from it and must agree."""

    total_pence: int
    parts: tuple[RedressPart, ...]
    breakdown: str
    inputs: dict[str, Any] | None = None


@dataclass(frozen=True)
class RedressInfo:
    stage: int
    total_pence: int
    parts: tuple[RedressPart, ...]
    breakdown: str
    at: datetime
    inputs: dict[str, Any] | None = None  # the calculator's inputs, when it was used


@dataclass(frozen=True)
class ActionInfo:
    id: int
    description: str
    owner_id: int | None
    owner_name: str
    due_on: date
    done_on: date | None


@dataclass(frozen=True)
class QuickFixInfo:
    agreed_fix: str
    follow_up: str
    letter_text: str
    resolved_on: date
    escalate_by: date | None


@dataclass(frozen=True)
class ComplimentInfo:
    person_or_team: str
    manager_id: int | None
    manager_name: str
    routed_on: date


@dataclass(frozen=True)
class SatisfactionInfo:
    score: int
    comment: str
    recorded_on: date


@dataclass(frozen=True)
class NoteInfo:
    """A note on the case, or a contact about it (`kind` "contact", with its channel)."""

    id: int
    kind: str  # "note" | "contact"
    channel: Channel | None
    text: str
    by_name: str
    at: datetime


@dataclass(frozen=True)
class SentLetterInfo:
    """A letter sent on the case: what, to whom, how, when and by whom (see open_sent_letter)."""

    id: int
    case_id: int
    kind: LetterKind
    stage: int
    channel: LetterChannel
    recipient: str
    by_name: str
    at: datetime


@dataclass(frozen=True)
class CaseDetail:
    summary: CaseSummary
    description: str
    desired_outcome: str
    received_at: datetime
    issue_known_on: date | None
    profile_id: str
    service_area: str
    category: str
    caller_name: str
    representative: RepresentativeInfo | None
    accepted: bool
    exclusion_code: str | None
    exclusion_reason: str
    out_of_time_reason: str
    complaint_offered: bool
    outcome: str | None
    improvement: str
    withdrawn_by: str
    withdrawn_reason: str
    withdrawn_on: date | None
    closed_on: date | None
    stages: list[StageInfo]
    deadlines: list[DeadlineInfo]
    components: list[ComponentInfo]
    remedies: list[RemedyInfo]
    redress: RedressInfo | None
    actions: list[ActionInfo]
    learning_tags: list[str]
    quick_fix: QuickFixInfo | None
    compliments: list[ComplimentInfo]
    satisfaction: SatisfactionInfo | None
    escalate_by: date | None  # last day to ask for the next stage (None: no window / last stage)
    is_last_stage: bool
    notes: list[NoteInfo] = field(default_factory=list)  # notes and contacts, newest first
    letters: list[SentLetterInfo] = field(default_factory=list)  # letters sent, newest first
    # How this action routed the case (round robin) or why it was left unassigned; "" when the
    # action routed nothing.
    routing: str = ""

    @property
    def id(self) -> int:
        return self.summary.id

    @property
    def reference(self) -> str:
        return self.summary.reference

    @property
    def version(self) -> int:
        return self.summary.version

    @property
    def status(self) -> CaseStatus:
        return self.summary.status

    @property
    def stage(self) -> int:
        return self.summary.stage


@dataclass(frozen=True)
class ResponseChecklist:
    """What the handler ticks before a response goes (SPEC §4); the letter is built from it."""

    letter_text: str
    thanks: bool = False
    apology: bool = False  # required where any component is upheld or partly upheld
    improvements: str = ""  # improvements and safeguards; required where we were at fault
    escalation_explained: bool = False  # next stage and window, or the ombudsman at the last
    nothing_to_put_right: str = ""  # why there is no remedy although we were at fault


@dataclass(frozen=True)
class CloseInput:
    learning_tags: tuple[str, ...]
    improvement: str = ""
    satisfaction_score: int | None = None  # 1-5, None when the resident gave none
    satisfaction_comment: str = ""


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor_name: str
    action: str
    label: str
    summary: str
    before: dict[str, object] = field(default_factory=dict)
    after: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewerSuggestion:
    """Who is next in turn to review an escalated case (None: nobody can now), and why."""

    reviewer: UserInfo | None
    sentence: str
