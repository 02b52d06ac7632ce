"""Policy profiles: one landlord's complaint rules, loaded from TOML and validated.

The rules differ between landlords (SPEC §4), so they are data. A broken file raises
`PolicyError` with one message naming the file, the key and the problem.
"""

from __future__ import annotations

import tomllib
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DEFAULT_PROFILE = "hos-code"


class PolicyError(Exception):
    """A profile that cannot be used; the message is the sentence the user sees."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file, self.key, self.problem = file, key, problem
        where = f"{file}: {key}: " if key else f"{file}: "
        super().__init__(where + problem)


class DayUnit(StrEnum):
    WORKING = "working"
    CALENDAR = "calendar"


class ClockStart(StrEnum):
    """What a deadline's clock runs from."""

    RECEIPT = "receipt"  # the complaint (or the escalation request, at stage 2+) was received
    ACKNOWLEDGEMENT = "acknowledgement"
    RESPONSE = "response"  # the stage's response was sent / received by the resident


class HandlerRule(StrEnum):
    """Who may handle a stage, relative to earlier stages."""

    ANY = "any"
    NOT_PREVIOUS_HANDLER = "not_previous_handler"
    LINE_MANAGER_OF_PREVIOUS = "line_manager_of_previous"
    SENIOR_NOT_INVOLVED = "senior_not_involved"
    CHIEF_EXECUTIVE_PANEL = "chief_executive_panel"


class ExclusionCode(StrEnum):
    """Every exclusion any profile may list; triage knows how to detect each."""

    FIRST_TIME_SERVICE_REQUEST = "first_time_service_request"
    SUGGESTION = "suggestion"
    INFORMATION_REQUEST = "information_request"
    MP_ENQUIRY = "mp_enquiry"
    ANONYMOUS = "anonymous"
    NEIGHBOUR_ASB = "neighbour_asb"
    ALREADY_INVESTIGATED = "already_investigated"
    LEGAL_ACTION_BY_LANDLORD = "legal_action_by_landlord"
    LEGAL_ACTION_BY_RESIDENT = "legal_action_by_resident"
    NO_RELATIONSHIP_OR_REMIT = "no_relationship_or_remit"
    OTHER_ORGANISATION = "other_organisation"
    PERSONAL_INJURY = "personal_injury"
    OWN_APPEALS_PROCESS = "own_appeals_process"
    DISAGREES_WITH_POLICY = "disagrees_with_policy"
    OUT_OF_TIME = "out_of_time"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(_Strict):
    """A length of time with a unit and the event its clock runs from."""

    days: Annotated[int, Field(ge=0, le=366)]
    unit: DayUnit = DayUnit.WORKING
    clock_start: ClockStart = ClockStart.RECEIPT

    def describe(self) -> str:
        unit = "working days" if self.unit is DayUnit.WORKING else "calendar days"
        return f"{self.days} {unit} from {self.clock_start.value}"


class ExtensionRule(_Strict):
    """How far a response deadline may be extended; `max_days=None` means no stated cap."""

    max_days: Annotated[int, Field(ge=0, le=366)] | None = None
    unit: DayUnit = DayUnit.WORKING
    resident_told_by: str = "in writing"
    note: str = ""


class EscalationWindow(_Strict):
    """How long the resident has to ask for the next stage after a response."""

    days: Annotated[int, Field(ge=0, le=366)]
    unit: DayUnit = DayUnit.WORKING
    extendable: bool = False
    note: str = ""


class StageRule(_Strict):
    number: Annotated[int, Field(ge=1, le=3)]
    name: str
    acknowledge: Period | None = None
    acknowledge_how: str = "in writing"
    acknowledgement_names: str = ""
    respond: Period
    extension: ExtensionRule | None = None
    escalation_window: EscalationWindow | None = None
    handler: HandlerRule = HandlerRule.ANY
    handler_description: str = ""
    may_decline: bool = False
    decline_note: str = ""


class QuickFixRule(_Strict):
    enabled: bool = False
    resolve_within: Period | None = None
    escalate_within: Period | None = None
    note: str = ""


class TimeLimit(_Strict):
    months: Annotated[int, Field(ge=1, le=120)]
    counted_from: str = "when the issue happened or the resident became aware of it"
    exceptions_allowed: bool = True
    exceptions_note: str = ""
    unless_raised_before: bool = False


class Exclusion(_Strict):
    code: ExclusionCode
    label: str
    say: str  # the sentence the handler reads to the resident


class RedressBand(_Strict):
    label: str
    min_pence: Annotated[int, Field(ge=0)]
    max_pence: Annotated[int, Field(ge=0)] | None = None  # None: open-ended ("£1,000+")
    description: str = ""
    note: str = ""


class RedressRules(_Strict):
    missed_appointment_pence: Annotated[int, Field(ge=0)] = 1000
    morning_notice_by: str = "08:00"
    afternoon_notice_by: str = "12:00"
    bands: tuple[RedressBand, ...] = ()
    failure_types: tuple[str, ...] = ()
    loss_categories: tuple[str, ...] = ()
    source_note: str = ""

    @model_validator(mode="after")
    def _bands_are_ordered(self) -> RedressRules:
        for band in self.bands:
            if band.max_pence is not None and band.max_pence < band.min_pence:
                raise ValueError(f"band {band.label!r}: max_pence is below min_pence")
        return self


class Ombudsman(_Strict):
    name: str
    when: str
    contact: str = ""


class ClosureDay(_Strict):
    day: date
    reason: str


class PolicyProfile(_Strict):
    id: str
    name: str
    source: str = ""
    follows_code: bool = False
    closure_days_stop_clock: bool = False
    closure_days: tuple[ClosureDay, ...] = ()
    allows_anonymous: bool = True
    time_limit: TimeLimit
    quick_fix: QuickFixRule = QuickFixRule()
    stages: tuple[StageRule, ...]
    exclusions: tuple[Exclusion, ...] = ()
    redress: RedressRules = RedressRules()
    ombudsman: tuple[Ombudsman, ...] = ()

    @model_validator(mode="after")
    def _stages_are_numbered(self) -> PolicyProfile:
        numbers = [stage.number for stage in self.stages]
        if not numbers or numbers != list(range(1, len(numbers) + 1)):
            raise ValueError("stages must be numbered 1, 2, … in order")
        codes = [exclusion.code for exclusion in self.exclusions]
        if len(codes) != len(set(codes)):
            raise ValueError("an exclusion code is listed twice")
        return self

    def stage(self, number: int) -> StageRule:
        for stage in self.stages:
            if stage.number == number:
                return stage
        raise KeyError(f"profile {self.id!r} has no stage {number}")

    @property
    def last_stage(self) -> int:
        return self.stages[-1].number

    def exclusion(self, code: ExclusionCode) -> Exclusion | None:
        return next((e for e in self.exclusions if e.code is code), None)

    def closure_dates(self) -> dict[date, str]:
        """The closure days that stop the clock under this profile (none by default)."""
        if not self.closure_days_stop_clock:
            return {}
        return {closure.day: closure.reason for closure in self.closure_days}


ProfileSource = Literal["shipped", "file"]


def _key_of(location: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for part in location:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + part)
    return "".join(parts)


def parse_profile(text: str, file: str) -> PolicyProfile:
    """Validate TOML text as a profile; `file` names it in error messages."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(file, "", f"not valid TOML ({error})") from error
    try:
        return PolicyProfile.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        raise PolicyError(file, _key_of(first["loc"]), first["msg"]) from error


def load_profile_file(path: Path) -> PolicyProfile:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError(str(path), "", f"cannot be read ({error.strerror})") from error
    except UnicodeDecodeError as error:
        raise PolicyError(str(path), "", "is not UTF-8 text") from error
    return parse_profile(text, str(path))


def profile_names(directory: Path) -> list[str]:
    return sorted(path.stem for path in directory.glob("*.toml"))


def load_profile(name: str, directory: Path) -> PolicyProfile:
    """Load a shipped profile by name (`hos-code`) or any profile by file path."""
    candidate = Path(name)
    if candidate.suffix == ".toml" and candidate.exists():
        return load_profile_file(candidate)
    path = directory / f"{name}.toml"
    if not path.exists():
        known = ", ".join(profile_names(directory)) or "none"
        raise PolicyError(name, "", f"no such policy profile (known: {known})")
    profile = load_profile_file(path)
    if profile.id != name:
        raise PolicyError(str(path), "id", f"is {profile.id!r} but the file is named {name!r}")
    return profile
