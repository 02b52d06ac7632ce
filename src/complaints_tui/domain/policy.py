"""Policy profiles: one landlord's complaint rules, loaded from TOML and validated.

The rules differ between landlords (SPEC §4), so they are data. A broken file raises
`PolicyError` with one message naming the file, the key and the problem.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

DEFAULT_PROFILE = "hos-code"


class PolicyError(Exception):
    """A profile that cannot be used; the message is the sentence the user sees."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file, self.key, self.problem = file, key, problem
        where = f"{file}: {key}: " if key else f"{file}: "
        super().__init__(where + problem)


class KeyedError(ValueError):
    """A validation problem found by a whole-table check, pointing at the key inside it.

    `key` is relative to the table being checked ("bands[2].min_pence"); the loader joins
    it to the table's own location, so the message names the exact key in the file.
    """

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        super().__init__(problem)


def _pounds(pence: int) -> str:
    pounds, pennies = divmod(pence, 100)
    return f"£{pounds:,}.{pennies:02d}"


_HHMM = re.compile(r"[0-9]{2}:[0-9]{2}")


def _clock_time(text: str) -> str:
    """An "HH:MM" time of day, 00:00 to 23:59: two digits each, nothing else."""
    if _HHMM.fullmatch(text) is not None:
        hours, minutes = int(text[:2]), int(text[3:])
        if hours <= 23 and minutes <= 59:
            return text
    raise ValueError(f"{text!r} is not a time of day as HH:MM (00:00 to 23:59)")


ClockTime = Annotated[str, AfterValidator(_clock_time)]


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


def _check_clock_start(
    period: Period | None, key: str, allowed: tuple[ClockStart, ...], what: str
) -> None:
    if period is not None and period.clock_start not in allowed:
        choices = " or ".join(f"{start.value!r}" for start in allowed)
        raise KeyedError(
            f"{key}.clock_start",
            f"{what} must count from {choices}, not {period.clock_start.value!r}",
        )


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

    @model_validator(mode="after")
    def _clocks_start_where_they_can(self) -> StageRule:
        # An acknowledgement answers the complaint (or, at stage 2+, the escalation request):
        # its clock can only run from receipt. A response runs from receipt or from the
        # acknowledgement (SPEC §4), never from its own sending.
        _check_clock_start(self.acknowledge, "acknowledge", (ClockStart.RECEIPT,), "acknowledge")
        _check_clock_start(
            self.respond,
            "respond",
            (ClockStart.RECEIPT, ClockStart.ACKNOWLEDGEMENT),
            "respond",
        )
        if self.acknowledge is None and self.respond.clock_start is ClockStart.ACKNOWLEDGEMENT:
            raise KeyedError(
                "respond.clock_start",
                "respond counts from 'acknowledgement' but the stage has no acknowledge period",
            )
        return self


class QuickFixRule(_Strict):
    enabled: bool = False
    resolve_within: Period | None = None
    escalate_within: Period | None = None
    note: str = ""

    @model_validator(mode="after")
    def _clocks_start_where_they_can(self) -> QuickFixRule:
        # Resolved at first contact: from receipt. Going formal afterwards: from the fix
        # (Derwent: "within five working days" of the quick fix outcome).
        _check_clock_start(
            self.resolve_within, "resolve_within", (ClockStart.RECEIPT,), "resolve_within"
        )
        _check_clock_start(
            self.escalate_within, "escalate_within", (ClockStart.RESPONSE,), "escalate_within"
        )
        return self


class TimeLimit(_Strict):
    months: Annotated[int, Field(ge=1, le=120)]
    counted_from: str = "when the issue happened or the resident became aware of it"
    exceptions_allowed: bool = True
    exceptions_note: str = ""
    unless_raised_before: bool = False


_LEGAL_CODES = (ExclusionCode.LEGAL_ACTION_BY_LANDLORD, ExclusionCode.LEGAL_ACTION_BY_RESIDENT)


class Exclusion(_Strict):
    code: ExclusionCode
    label: str
    say: str  # the sentence the handler reads to the resident
    # Legal action only: True where the exclusion needs the claim filed at court (the Code:
    # "legal proceedings have been issued"), not merely threatened or in a solicitor's letter.
    requires_claim_filed_at_court: bool = False
    # Legal action by the resident only: True where disrepair claims are left out of it
    # (Derby Homes: "this does not include disrepair claims").
    disrepair_claims_excepted: bool = False

    @model_validator(mode="after")
    def _flags_fit_the_code(self) -> Exclusion:
        if self.requires_claim_filed_at_court and self.code not in _LEGAL_CODES:
            raise KeyedError(
                "requires_claim_filed_at_court",
                f"applies only to the legal action exclusions, not {self.code.value!r}",
            )
        if (
            self.disrepair_claims_excepted
            and self.code is not ExclusionCode.LEGAL_ACTION_BY_RESIDENT
        ):
            raise KeyedError(
                "disrepair_claims_excepted",
                f"applies only to 'legal_action_by_resident', not {self.code.value!r}",
            )
        return self


class RedressBand(_Strict):
    label: str
    min_pence: Annotated[int, Field(ge=0)]
    max_pence: Annotated[int, Field(ge=0)] | None = None  # None: open-ended ("£1,000+")
    description: str = ""
    note: str = ""


class RedressRules(_Strict):
    missed_appointment_pence: Annotated[int, Field(ge=0)] = 1000
    morning_notice_by: ClockTime = "08:00"
    afternoon_notice_by: ClockTime = "12:00"
    bands: tuple[RedressBand, ...] = ()
    failure_types: tuple[str, ...] = ()
    loss_categories: tuple[str, ...] = ()
    source_note: str = ""

    @model_validator(mode="after")
    def _bands_ascend_and_touch(self) -> RedressRules:
        """Bands run upwards with no gap and no overlap: each starts where the last ended
        (£50–£100, £100–£600…); only the last may be open-ended ("£1,000+")."""
        labels: set[str] = set()
        for index, band in enumerate(self.bands):
            key = f"bands[{index}]"
            if band.label in labels:
                raise KeyedError(f"{key}.label", f"{band.label!r} names two bands")
            labels.add(band.label)
            if band.max_pence is None:
                if index != len(self.bands) - 1:
                    raise KeyedError(
                        f"{key}.max_pence",
                        f"band {band.label!r} is open-ended but is not the last band",
                    )
            elif band.max_pence <= band.min_pence:
                raise KeyedError(
                    f"{key}.max_pence",
                    f"band {band.label!r}: max_pence ({_pounds(band.max_pence)}) is below "
                    f"or equal to min_pence ({_pounds(band.min_pence)})",
                )
            if index == 0:
                continue
            before = self.bands[index - 1]
            assert before.max_pence is not None  # only the last band is open-ended
            if band.min_pence != before.max_pence:
                problem = "a gap" if band.min_pence > before.max_pence else "an overlap"
                raise KeyedError(
                    f"{key}.min_pence",
                    f"{problem} between bands: {before.label!r} ends at "
                    f"{_pounds(before.max_pence)} but {band.label!r} starts at "
                    f"{_pounds(band.min_pence)}; each band must start where the one before ends",
                )
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
    # Personal data is kept this many whole years after a resident's last case closed, then
    # anonymised by `complaints retention run` (the statistics stay).
    retention_years: int = Field(6, ge=1, le=100)
    time_limit: TimeLimit
    quick_fix: QuickFixRule = QuickFixRule()
    stages: tuple[StageRule, ...]
    exclusions: tuple[Exclusion, ...] = ()
    redress: RedressRules = RedressRules()
    ombudsman: tuple[Ombudsman, ...] = ()

    @model_validator(mode="after")
    def _stages_are_numbered(self) -> PolicyProfile:
        if not self.stages:
            raise KeyedError("stages", "at least one stage is needed")
        for index, stage in enumerate(self.stages):
            if stage.number != index + 1:
                raise KeyedError(
                    f"stages[{index}].number", "stages must be numbered 1, 2, … in order"
                )
        seen: set[ExclusionCode] = set()
        for index, exclusion in enumerate(self.exclusions):
            if exclusion.code in seen:
                raise KeyedError(
                    f"exclusions[{index}].code",
                    f"the exclusion {exclusion.code.value!r} is listed twice",
                )
            seen.add(exclusion.code)
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
        key, problem = _key_of(first["loc"]), first["msg"]
        cause = first.get("ctx", {}).get("error")
        if isinstance(cause, ValueError):
            problem = str(cause)  # our own sentence, without pydantic's "Value error, "
        if isinstance(cause, KeyedError):
            key = f"{key}.{cause.key}" if key else cause.key
        raise PolicyError(file, key, problem) from error


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
