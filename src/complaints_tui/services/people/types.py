"""Staff, residents, representatives and restrictions as the services hand them out.

Plain frozen dataclasses: nothing here holds a Session or an ORM row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from complaints_tui.domain.kinds import CaseStatus, Channel, ContactKind, Tenure, standing
from complaints_tui.domain.restrictions import RestrictionKind
from complaints_tui.domain.roles import Role


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
    out_of_office: bool = False  # routing passes them by


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
    """An area, its categories offered for new contacts (id, name) and its pools (id, name) in
    turn order; `default_manager_id` is the first of the manager pool."""

    id: int
    name: str
    default_manager_id: int | None
    categories: tuple[tuple[int, str], ...] = ()
    managers: tuple[tuple[int, str], ...] = ()  # investigating managers: stage 1, round robin
    reviewers: tuple[tuple[int, str], ...] = ()  # stage 2 reviewers, round robin
    retired_categories: tuple[tuple[int, str], ...] = ()  # kept on old cases, not offered


@dataclass(frozen=True)
class ReassignLine:
    """An open case whose handler has been deactivated: a team lead gives it to someone else."""

    case_id: int
    reference: str
    stage: int
    status: CaseStatus
    handler_id: int
    handler_name: str
    next_due_on: date | None
    next_due_kind: str | None
    version: int

    @property
    def stage_label(self) -> str:
        return standing(self.status, self.stage)


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
    may_escalate_until: date | None = None  # answered (or quick-fixed): the resident's window

    @property
    def stage_label(self) -> str:
        return standing(self.status, self.stage)


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
