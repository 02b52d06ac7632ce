"""What goes into and comes out of the services: plain frozen dataclasses and enums.

Screens see only these (never ORM objects or Sessions). The store keeps each enum as its value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from complaints_tui.domain.deadlines import DeadlineState
from complaints_tui.domain.kinds import Channel, ContactKind, Decision, Tenure
from complaints_tui.domain.triage import TriageAnswers


class Role(StrEnum):
    CALL_HANDLER = "call_handler"
    INVESTIGATING_MANAGER = "investigating_manager"
    SERVICE_DIRECTOR = "service_director"  # head of service / director
    TEAM_LEAD = "team_lead"  # complaints team lead
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.CALL_HANDLER: "Call handler",
    Role.INVESTIGATING_MANAGER: "Investigating manager",
    Role.SERVICE_DIRECTOR: "Service director / head of service",
    Role.TEAM_LEAD: "Complaints team lead",
    Role.ADMIN: "Administrator",
}


class CaseStatus(StrEnum):
    OPEN = "open"  # a complaint waiting for the landlord: stage 0 (not yet formal) or a stage
    RESPONDED = "responded"  # the stage's response (or quick fix) is sent; may still escalate
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    NOT_ACCEPTED = "not_accepted"  # a complaint refused under an exclusion; the reason is kept
    LOGGED = "logged"  # not a complaint (service request, enquiry, compliment…): recorded only


class RestrictionKind(StrEnum):
    SINGLE_POINT_OF_CONTACT = "single_point_of_contact"
    SET_CALL_TIMES = "set_call_times"
    WRITING_ONLY = "writing_only"
    VISITS_BY_APPOINTMENT = "visits_by_appointment"
    NO_OFFICE_ATTENDANCE = "no_office_attendance"
    RETURN_DOCUMENTS = "return_documents"

    @property
    def label(self) -> str:
        return _RESTRICTION_TEXT[self][0]

    @property
    def meaning(self) -> str:
        """What the restriction means for the call in progress."""
        return _RESTRICTION_TEXT[self][1]


_RESTRICTION_TEXT = {
    RestrictionKind.SINGLE_POINT_OF_CONTACT: (
        "Single point of contact",
        "Take the details and pass them to the named contact; do not promise a call back "
        "from anyone else.",
    ),
    RestrictionKind.SET_CALL_TIMES: (
        "Calls only at set times",
        "Outside the agreed times, take the details and end the call politely.",
    ),
    RestrictionKind.WRITING_ONLY: (
        "Contact in writing only",
        "Note what is said and reply in writing, not by phone.",
    ),
    RestrictionKind.VISITS_BY_APPOINTMENT: (
        "Visits by appointment only",
        "Do not arrange an unannounced visit.",
    ),
    RestrictionKind.NO_OFFICE_ATTENDANCE: (
        "No implied licence to attend our offices",
        "Offer phone or writing instead of a visit to the office.",
    ),
    RestrictionKind.RETURN_DOCUMENTS: (
        "Irrelevant documents returned",
        "Documents sent in that are not about the complaint are returned.",
    ),
}

RESTRICTIONS_NEVER_STOP_LOGGING = "A restriction never stops a complaint being logged."


# -- people ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserInfo:
    """A member of staff; the signed-in one is the `Actor` every mutating service takes."""

    id: int
    name: str
    role: Role
    team: str = ""
    job_title: str = ""
    line_manager_id: int | None = None
    active: bool = True


Actor = UserInfo


@dataclass(frozen=True)
class NewUser:
    name: str
    role: Role
    team: str = ""
    job_title: str = ""
    line_manager_id: int | None = None


@dataclass(frozen=True)
class ServiceAreaInfo:
    id: int
    name: str
    default_manager_id: int | None
    categories: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class NewResident:
    name: str
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    preferred_contact: str = ""
    tenure: Tenure = Tenure.LCRA
    support_needs: str = ""
    adjustments: str = ""
    vulnerability: str = ""
    reference: str = ""  # empty: the next RES-nnnnnn is given


@dataclass(frozen=True)
class ResidentSummary:
    id: int
    reference: str
    name: str
    address: str
    postcode: str
    phone: str
    tenure: str
    restricted: bool = False

    @property
    def address_line(self) -> str:
        return ", ".join(part for part in (self.address, self.postcode) if part)


@dataclass(frozen=True)
class ResidentPage:
    rows: list[ResidentSummary]
    has_more: bool
    offset: int = 0


@dataclass(frozen=True)
class ResidentInfo:
    id: int
    reference: str
    name: str
    address: str
    postcode: str
    phone: str
    email: str
    preferred_contact: str
    tenure: str
    support_needs: str
    adjustments: str
    vulnerability: str
    unreasonable: bool
    unreasonable_reason: str
    unreasonable_review_on: date | None


@dataclass(frozen=True)
class NewRepresentative:
    resident_id: int
    name: str
    relation: str = ""
    phone: str = ""
    email: str = ""
    authority_how: str = ""
    authority_confirmed_on: date | None = None


@dataclass(frozen=True)
class RepresentativeInfo:
    id: int
    resident_id: int
    name: str
    relation: str
    authority_how: str
    authority_confirmed_on: date | None

    @property
    def authority_confirmed(self) -> bool:
        return self.authority_confirmed_on is not None


@dataclass(frozen=True)
class RestrictionInput:
    kind: RestrictionKind
    detail: str = ""  # e.g. the named contact, or the agreed call times


@dataclass(frozen=True)
class RestrictionInfo:
    kind: RestrictionKind
    detail: str
    set_on: date

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def meaning(self) -> str:
        return self.kind.meaning


@dataclass(frozen=True)
class OpenCaseLine:
    id: int
    reference: str
    kind: ContactKind
    stage: int
    status: CaseStatus
    next_due_on: date | None
    next_due_kind: str | None
    handler_name: str

    @property
    def stage_label(self) -> str:
        return "Not yet formal" if self.stage == 0 else f"Stage {self.stage}"


@dataclass(frozen=True)
class ContactLine:
    id: int
    reference: str
    kind: ContactKind
    channel: Channel
    received_on: date
    status: CaseStatus
    summary: str

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def channel_label(self) -> str:
        return self.channel.label


@dataclass(frozen=True)
class ResidentFlags:
    resident: ResidentInfo
    restrictions: list[RestrictionInfo]
    representatives: list[RepresentativeInfo]
    open_cases: list[OpenCaseLine]
    last_contacts: list[ContactLine]

    @property
    def restricted(self) -> bool:
        return bool(self.restrictions) or self.resident.unreasonable


# -- contacts and cases ------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactCapture:
    """Everything the call handler captured; triage runs again in the service on `answers`."""

    channel: Channel
    answers: TriageAnswers
    description: str
    desired_outcome: str = ""
    resident_id: int | None = None  # None: anonymous or not yet known
    representative_id: int | None = None  # the caller, when acting for the resident
    caller_name: str = ""  # who called when not the resident (MP, neighbour, anonymous…)
    received_at: datetime | None = None  # None: now
    service_area_id: int | None = None
    category_id: int | None = None
    complaint_offered: bool = False  # the choice of making a complaint was offered


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
class ContactLogged:
    case: CaseSummary
    accepted: bool
    say: str  # read this to the resident
    warnings: list[str]
    exclusion_label: str = ""
    offer_complaint: bool = False


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
    """A redress calculation to save (from `domain.redress`): exact pence, parts and reasoning."""

    total_pence: int
    parts: tuple[RedressPart, ...]
    breakdown: str


@dataclass(frozen=True)
class RedressInfo:
    stage: int
    total_pence: int
    parts: tuple[RedressPart, ...]
    breakdown: str
    at: datetime


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


# -- queues, reports and the timeline ----------------------------------------------------------


class DueFilter(StrEnum):
    ANY = "any"
    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"  # from today to Sunday


@dataclass(frozen=True)
class QueueFilter:
    handler_id: int | None = None  # None with unassigned=False: everyone's
    unassigned: bool = False
    stage: int | None = None
    statuses: tuple[CaseStatus, ...] = (CaseStatus.OPEN,)
    due: DueFilter = DueFilter.ANY
    service_area_id: int | None = None


@dataclass(frozen=True)
class QueueRow:
    id: int
    reference: str
    kind: ContactKind
    stage: int
    status: CaseStatus
    received_on: date
    resident_name: str
    handler_id: int | None
    handler_name: str
    next_due_on: date | None
    next_due_kind: str | None
    due_state: DeadlineState | None
    version: int
    summary: str


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    has_more: bool
    offset: int = 0


@dataclass(frozen=True)
class OverdueCount:
    stage: int
    handler_id: int | None
    handler_name: str
    team: str
    count: int


@dataclass(frozen=True)
class WorkloadRow:
    stage: int
    handler_id: int | None
    handler_name: str
    team: str
    overdue: int
    due_today: int
    due_this_week: int


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor_name: str
    action: str
    label: str
    summary: str
    before: dict[str, object] = field(default_factory=dict)
    after: dict[str, object] = field(default_factory=dict)
