"""What the call handler captured, and what logging it gave back.

Plain frozen dataclasses: nothing here holds a Session or an ORM row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from complaints_tui.domain.kinds import Channel
from complaints_tui.domain.triage import TriageAnswers
from complaints_tui.services.cases.types import CaseSummary


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
