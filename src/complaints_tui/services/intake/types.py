"""What the call handler captured, and what logging it gave back.

Plain frozen dataclasses: nothing here holds a Session or an ORM row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from complaints_tui.domain.calendar import SkippedDay
from complaints_tui.domain.kinds import Channel
from complaints_tui.domain.triage import TriageAnswers
from complaints_tui.services.cases.types import CaseDetail, CaseSummary


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
class ContactLogged:
    case: CaseSummary
    accepted: bool
    say: str  # read this to the resident
    warnings: list[str]
    exclusion_label: str = ""
    offer_complaint: bool = False


class CallOutcome(StrEnum):
    """How the handler finished the call: the key they pressed."""

    LOG = "log"  # not a complaint, or not accepted
    QUICK_FIX = "quick_fix"
    STAGE1 = "stage1"


@dataclass(frozen=True)
class RepresentativeOnCall:
    """A representative met for the first time on this call, saved with the call."""

    name: str
    relation: str = ""
    authority_how: str = ""
    authority_confirmed: bool = False  # confirmed today, on the call


@dataclass(frozen=True)
class CallCapture:
    """Everything the handler captured on one call (gathered by the screen, checked here)."""

    channel: Channel
    answers: TriageAnswers
    description: str
    desired_outcome: str = ""
    resident_id: int | None = None
    representative_id: int | None = None  # one already on record
    new_representative: RepresentativeOnCall | None = None  # or one added with the call
    service_area_id: int | None = None
    category_id: int | None = None
    complaint_offered: bool = False
    agreed_fix: str = ""  # a quick fix: what was agreed
    follow_up: str = ""


@dataclass(frozen=True)
class DueDateReadout:
    """A date read out to the caller, with the days its count skipped (F3)."""

    kind: str  # acknowledge | respond | formal: the last day to go formal after a quick fix
    due_on: date
    projected: bool = False  # respond-by counted from the acknowledgement deadline
    skipped: tuple[SkippedDay, ...] = ()


@dataclass(frozen=True)
class CallRecorded:
    """What one call left in the database, as the read-out needs it."""

    outcome: CallOutcome  # what was done (a refused complaint is logged whatever was pressed)
    case: CaseDetail
    accepted: bool
    say: str  # the triage's sentence for the caller
    warnings: tuple[str, ...] = ()
    exclusion_label: str = ""
    due_dates: tuple[DueDateReadout, ...] = ()
