"""Triage: what kind of contact this is (SPEC §2) and, for a complaint, whether it is accepted.

The handler answers a few questions (`questions_for` lists them, in the order to ask); `triage`
turns the answers into a `TriageResult`: the kind, whether a complaint enters the procedure,
the profile's exclusion that stops it (if any) and the sentence the handler reads out.

Rules, in order:

1. Kind. Praise → compliment; suggestion → comment; an MP or councillor asking on a resident's
   behalf → MP enquiry; a neighbour's behaviour (not how we handled an ASB report) → ASB; the
   first time the resident tells us about an issue → service request (SPEC §2: whether or not
   they are unhappy, and even when they also ask a question); a question → enquiry;
   dissatisfied and wanting a response or action → complaint. Dissatisfied without wanting a
   response is logged as a comment (learning needs it); anything else is an enquiry.
2. A non-complaint kind carries the profile's matching exclusion when the profile lists one
   (Dérive lists suggestions and MP enquiries), so the handler can read out why it is not a
   complaint; otherwise a plain sentence for that kind.
3. A complaint is checked against the profile's exclusions in the profile's order; the first
   that applies stops it. A circumstance the profile does not list never excludes. Legal action
   stops a complaint only where the profile's exclusion covers who is taking it (Derby Homes
   leaves out disrepair claims: `disrepair_claims_excepted`) and, where the exclusion says
   `requires_claim_filed_at_court` (the Code: "legal proceedings have been issued"), only once
   the claim has been filed at court: a threat to sue or a solicitor's letter is not enough.
4. Time limit: out of time when contacted after `time_limit_ends` (calendar months from the
   date the issue became known, clamped to the month's last day). Where the profile says
   "unless raised before", an issue raised before is in time. An out-of-time complaint with a
   recorded exceptional reason is accepted (`override_applied`) if the profile allows
   exceptions; otherwise the override is refused with a warning.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from complaints_tui.domain.kinds import ContactKind
from complaints_tui.domain.policy import (
    ClockStart,
    DayUnit,
    Exclusion,
    ExclusionCode,
    Period,
    PolicyProfile,
)


class LegalAction(StrEnum):
    NONE = "none"
    BY_LANDLORD = "by_landlord"
    BY_RESIDENT = "by_resident"
    BY_RESIDENT_DISREPAIR = "by_resident_disrepair"

    @property
    def label(self) -> str:
        return _LEGAL_LABELS[self]


_LEGAL_LABELS = {
    LegalAction.NONE: "No legal action",
    LegalAction.BY_LANDLORD: "Legal action we are taking (or about to take) against the resident",
    LegalAction.BY_RESIDENT: "Legal action the resident has taken (or is about to take) against us",
    LegalAction.BY_RESIDENT_DISREPAIR: "A disrepair claim the resident has made against us",
}


@dataclass(frozen=True)
class Representative:
    """Someone complaining for the resident (advocate, relative, councillor, MP…)."""

    name: str
    relation: str
    authority_confirmed: bool = False
    how_confirmed: str = ""


@dataclass(frozen=True)
class TriageAnswers:
    """The handler's answers; set only what applies, the rest default to "no"."""

    contacted_on: date
    dissatisfied: bool = False
    wants_response_or_action: bool = False
    is_praise: bool = False
    is_suggestion: bool = False
    is_question: bool = False
    from_mp_or_councillor: bool = False
    first_time_reported: bool = False
    about_neighbour_behaviour: bool = False
    about_handling_of_asb_report: bool = False
    anonymous: bool = False
    legal_action: LegalAction = LegalAction.NONE
    legal_claim_filed_at_court: bool = False  # asked only when there is legal action
    already_investigated: bool = False
    no_relationship_or_remit: bool = False
    about_other_organisation: bool = False
    personal_injury_claim: bool = False
    has_own_appeals_process: bool = False
    disagrees_with_policy: bool = False
    issue_known_on: date | None = None
    raised_before: bool = False
    representative: Representative | None = None
    exceptional_circumstances: str | None = None

    def __post_init__(self) -> None:
        # Forms and drafts carry the choice as its text ("by_landlord"); the rules compare
        # members, so turn it into one here (an unknown value raises ValueError).
        object.__setattr__(self, "legal_action", LegalAction(self.legal_action))


@dataclass(frozen=True)
class TriageResult:
    kind: ContactKind
    accepted: bool  # a complaint accepted into the procedure
    exclusion: Exclusion | None
    say: str  # the sentence the handler reads to the resident
    out_of_time: bool = False
    override_applied: bool = False
    held_for_authority: bool = False  # accepted, but waits until the representative is confirmed
    offer_complaint: bool = False  # dissatisfied, not logged as a complaint: offer the choice
    time_limit_ends: date | None = None
    warnings: list[str] = field(default_factory=list)


class AnswerType(StrEnum):
    YES_NO = "yes_no"
    DATE = "date"
    CHOICE = "choice"
    TEXT = "text"
    PERSON = "person"  # a Representative


class QuestionGroup(StrEnum):
    """Kind questions are always asked; the others only once the contact is a complaint."""

    KIND = "kind"
    WHO = "who"
    EXCLUSION = "exclusion"
    TIME = "time"


@dataclass(frozen=True)
class TriageQuestion:
    key: str  # the TriageAnswers field it fills
    prompt: str
    applies: bool  # False: this profile's rules never use the answer
    answer_type: AnswerType = AnswerType.YES_NO
    group: QuestionGroup = QuestionGroup.EXCLUSION
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for CHOICE


def add_months(day: date, months: int) -> date:
    """Calendar-month arithmetic: 2025-08-31 + 6 months = 2026-02-28."""
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def time_limit_ends(profile: PolicyProfile, issue_known_on: date) -> date:
    """The last day a complaint about an issue known on `issue_known_on` is in time."""
    return add_months(issue_known_on, profile.time_limit.months)


def disrepair_claims_excepted(exclusion: Exclusion) -> bool:
    """Whether a profile's legal-action-by-resident exclusion leaves out disrepair claims.

    Derby Homes' does ("this does not include disrepair claims"); Derwent Living's and the
    Code's do not.
    """
    return exclusion.disrepair_claims_excepted


def _legal_action_covered(exclusion: Exclusion, action: LegalAction) -> bool:
    """Whether a legal-action exclusion covers this action, filed at court or not."""
    if exclusion.code is ExclusionCode.LEGAL_ACTION_BY_LANDLORD:
        return action is LegalAction.BY_LANDLORD
    if action is LegalAction.BY_RESIDENT_DISREPAIR:
        return not disrepair_claims_excepted(exclusion)
    return action is LegalAction.BY_RESIDENT


def _legal_action_applies(exclusion: Exclusion, answers: TriageAnswers) -> bool:
    if not _legal_action_covered(exclusion, answers.legal_action):
        return False
    return answers.legal_claim_filed_at_court or not exclusion.requires_claim_filed_at_court


def classify_kind(answers: TriageAnswers) -> ContactKind:
    """Rule 1 of the module docstring: the kind of contact from the kind questions."""
    if answers.is_praise:
        return ContactKind.COMPLIMENT
    if answers.is_suggestion:
        return ContactKind.COMMENT
    if answers.from_mp_or_councillor:
        return ContactKind.MP_ENQUIRY
    if answers.about_neighbour_behaviour and not answers.about_handling_of_asb_report:
        return ContactKind.ASB
    if answers.first_time_reported:
        return ContactKind.SERVICE_REQUEST
    if answers.is_question:
        return ContactKind.ENQUIRY
    if answers.dissatisfied:
        return ContactKind.COMPLAINT if answers.wants_response_or_action else ContactKind.COMMENT
    return ContactKind.ENQUIRY


# The exclusion that names each non-complaint kind, when a profile lists it.
_KIND_EXCLUSION = {
    ContactKind.SERVICE_REQUEST: ExclusionCode.FIRST_TIME_SERVICE_REQUEST,
    ContactKind.COMMENT: ExclusionCode.SUGGESTION,
    ContactKind.ENQUIRY: ExclusionCode.INFORMATION_REQUEST,
    ContactKind.MP_ENQUIRY: ExclusionCode.MP_ENQUIRY,
    ContactKind.ASB: ExclusionCode.NEIGHBOUR_ASB,
}

# Dissatisfaction with us that is not logged as a complaint: the resident is offered the
# choice of making one (SPEC §3), and the offer is recorded.
_OFFER_COMPLAINT_KINDS = (ContactKind.SERVICE_REQUEST, ContactKind.COMMENT, ContactKind.ENQUIRY)
_OFFER_WARNING = (
    "The resident is unhappy: offer them the choice of making a complaint, and record it."
)

_KIND_SAY = {
    ContactKind.COMPLIMENT: (
        "Thank you. We'll pass your compliment on to the person or team through their manager."
    ),
    ContactKind.COMMENT: (
        "Thank you for telling us. We'll pass this to the service manager to consider; "
        "it isn't logged as a complaint."
    ),
    ContactKind.ENQUIRY: "We'll answer your question directly; it isn't logged as a complaint.",
    ContactKind.MP_ENQUIRY: (
        "The service manager will reply to this enquiry, outside the formal complaints procedure."
    ),
    ContactKind.ASB: (
        "We'll deal with this as a report of anti-social behaviour. If you're unhappy with how "
        "we handle your report, you can complain about that."
    ),
    ContactKind.SERVICE_REQUEST: (
        "As this is the first time you've told us, we'll log it as a service request and put it "
        "right. If you're unhappy with how we deal with it, you can make a complaint."
    ),
}


def _applies(exclusion: Exclusion, answers: TriageAnswers, out_of_time: bool) -> bool:
    """Whether a complaint-stage exclusion's circumstance is present."""
    match exclusion.code:
        case ExclusionCode.ANONYMOUS:
            return answers.anonymous
        case ExclusionCode.ALREADY_INVESTIGATED:
            return answers.already_investigated
        case ExclusionCode.LEGAL_ACTION_BY_LANDLORD | ExclusionCode.LEGAL_ACTION_BY_RESIDENT:
            return _legal_action_applies(exclusion, answers)
        case ExclusionCode.NO_RELATIONSHIP_OR_REMIT:
            return answers.no_relationship_or_remit
        case ExclusionCode.OTHER_ORGANISATION:
            return answers.about_other_organisation
        case ExclusionCode.PERSONAL_INJURY:
            return answers.personal_injury_claim
        case ExclusionCode.OWN_APPEALS_PROCESS:
            return answers.has_own_appeals_process
        case ExclusionCode.DISAGREES_WITH_POLICY:
            return answers.disagrees_with_policy
        case ExclusionCode.OUT_OF_TIME:
            return out_of_time
        case _:
            # Kind exclusions (suggestion, question, MP, ASB, first-time) never reach here:
            # a contact with those answers is not classified as a complaint.
            return False


def _within(period: Period) -> str:
    unit = "working days" if period.unit is DayUnit.WORKING else "days"
    start = {
        ClockStart.RECEIPT: "of receiving it",
        ClockStart.ACKNOWLEDGEMENT: "of acknowledging it",
        ClockStart.RESPONSE: "of our response",
    }[period.clock_start]
    return f"{period.days} {unit} {start}"


def next_steps(profile: PolicyProfile) -> str:
    """What happens next to an accepted complaint, in the profile's own stage 1 timescales."""
    stage = profile.stage(1)
    text = "We'll log this as a formal complaint"
    if stage.acknowledge is not None:
        text += f" and acknowledge it within {_within(stage.acknowledge)}"
    text += f". We'll send you a full response within {_within(stage.respond)}."
    if profile.quick_fix.enabled:
        text = "We'll try to put this right straight away. If we can't, we" + text[2:]
    return text


def _time_checks(
    profile: PolicyProfile, answers: TriageAnswers, warnings: list[str]
) -> tuple[bool, date | None]:
    """(out of time, last day in time) for a complaint; unknown issue date: in time, warned."""
    if answers.issue_known_on is None:
        if profile.exclusion(ExclusionCode.OUT_OF_TIME) is not None:
            warnings.append(
                "The date the issue became known was not given, so the time limit "
                f"({profile.time_limit.months} months) was not checked."
            )
        return False, None
    ends = time_limit_ends(profile, answers.issue_known_on)
    if answers.issue_known_on > answers.contacted_on:
        warnings.append("The date the issue became known is after the date of this contact.")
    late = answers.contacted_on > ends
    if late and profile.time_limit.unless_raised_before and answers.raised_before:
        late = False
    return late, ends


def _representative_warnings(answers: TriageAnswers, warnings: list[str]) -> bool:
    """Warnings about a representative; True when the complaint waits for their authority."""
    rep = answers.representative
    if rep is None:
        return False
    if not rep.name.strip():
        warnings.append("The representative's name is not recorded.")
    if not rep.authority_confirmed:
        warnings.append(
            "The representative's authority to act for the resident is not yet confirmed: "
            "the complaint is held until it is."
        )
        return True
    if not rep.how_confirmed.strip():
        warnings.append("Record how the representative's authority was confirmed.")
    return False


def _not_a_complaint(profile: PolicyProfile, kind: ContactKind, dissatisfied: bool) -> TriageResult:
    code = _KIND_EXCLUSION.get(kind)
    exclusion = profile.exclusion(code) if code is not None else None
    offer = dissatisfied and kind in _OFFER_COMPLAINT_KINDS
    warnings = [_OFFER_WARNING] if offer else []
    say = exclusion.say if exclusion is not None else _KIND_SAY[kind]
    return TriageResult(kind, False, exclusion, say, offer_complaint=offer, warnings=warnings)


def triage(profile: PolicyProfile, answers: TriageAnswers) -> TriageResult:
    """Classify a contact under `profile` (see the module docstring for the rules)."""
    kind = classify_kind(answers)
    if kind is not ContactKind.COMPLAINT:
        return _not_a_complaint(profile, kind, answers.dissatisfied)

    warnings: list[str] = []
    out_of_time, ends = _time_checks(profile, answers, warnings)
    reason = (answers.exceptional_circumstances or "").strip()
    override = False
    if out_of_time and reason:
        if profile.time_limit.exceptions_allowed:
            override = True
        else:
            warnings.append(
                f"The {profile.name} policy allows no exceptions to its time limit, so the "
                "exceptional circumstances recorded cannot bring this complaint in."
            )
    elif reason:
        warnings.append("Exceptional circumstances were recorded but the complaint is in time.")
    if answers.anonymous and not profile.allows_anonymous:
        warnings.append(f"{profile.name} does not accept anonymous complaints.")
    held = _representative_warnings(answers, warnings)

    for exclusion in profile.exclusions:
        if exclusion.code is ExclusionCode.OUT_OF_TIME and override:
            continue
        if _applies(exclusion, answers, out_of_time):
            return TriageResult(
                kind,
                False,
                exclusion,
                exclusion.say,
                out_of_time=out_of_time,
                time_limit_ends=ends,
                warnings=warnings,
            )

    if answers.legal_action is not LegalAction.NONE and any(
        exclusion.requires_claim_filed_at_court
        and _legal_action_covered(exclusion, answers.legal_action)
        for exclusion in profile.exclusions
    ):
        warnings.append(
            "Legal action is mentioned but no claim has been filed at court, so under the "
            f"{profile.name} policy it does not stop the complaint."
        )
    say = next_steps(profile)
    if held:
        say = (
            "We'll treat this as the resident's own complaint once we've confirmed they have "
            "agreed to you acting for them. " + say
        )
    if override:
        say = (
            f"Although this is more than {profile.time_limit.months} months after the issue, "
            "we'll accept it because of the circumstances you've told us about. " + say
        )
    return TriageResult(
        kind,
        True,
        None,
        say,
        out_of_time=out_of_time,
        override_applied=override,
        held_for_authority=held,
        time_limit_ends=ends,
        warnings=warnings,
    )


def _time_prompt(profile: PolicyProfile) -> str:
    return (
        f"When did the time limit start ({profile.time_limit.counted_from})? "
        f"Complaints are accepted for {profile.time_limit.months} months."
    )


def questions_for(profile: PolicyProfile) -> list[TriageQuestion]:
    """Every triage question, in the order to ask, each marked whether this profile uses it."""
    listed = {exclusion.code for exclusion in profile.exclusions}
    time_limited = ExclusionCode.OUT_OF_TIME in listed
    legal = {ExclusionCode.LEGAL_ACTION_BY_LANDLORD, ExclusionCode.LEGAL_ACTION_BY_RESIDENT}
    needs_filing = any(
        exclusion.requires_claim_filed_at_court
        for exclusion in profile.exclusions
        if exclusion.code in legal
    )

    def kind(key: str, prompt: str) -> TriageQuestion:
        return TriageQuestion(key, prompt, True, group=QuestionGroup.KIND)

    def excl(key: str, prompt: str, code: ExclusionCode) -> TriageQuestion:
        return TriageQuestion(key, prompt, code in listed)

    return [
        kind("is_praise", "Is the resident praising a person or team?"),
        kind("is_suggestion", "Is it a suggestion or idea for improving a service?"),
        kind(
            "from_mp_or_councillor",
            "Is an MP or councillor asking for help or information on a resident's behalf "
            "(rather than making a complaint as their representative)?",
        ),
        kind("about_neighbour_behaviour", "Is it about a neighbour's behaviour?"),
        kind(
            "about_handling_of_asb_report",
            "Is it about how we handled a report of anti-social behaviour?",
        ),
        kind(
            "is_question", "Is it a question, or a request for information or a policy explained?"
        ),
        kind("dissatisfied", "Is the resident unhappy with our service, our staff or contractors?"),
        kind(
            "first_time_reported",
            "Is this the first time they have told us about the issue (a repair, an incident, "
            "a request)?",
        ),
        kind("wants_response_or_action", "Do they want us to respond or take action?"),
        TriageQuestion(
            "representative",
            "Is someone else complaining for the resident? Record who, their relation, and "
            "whether and how their authority to act was confirmed.",
            True,
            AnswerType.PERSON,
            QuestionGroup.WHO,
        ),
        TriageQuestion(
            "anonymous",
            "Is the complaint anonymous (the resident will not give their name)?",
            ExclusionCode.ANONYMOUS in listed or not profile.allows_anonymous,
        ),
        excl(
            "already_investigated",
            "Has this complaint already been fully investigated under our policy?",
            ExclusionCode.ALREADY_INVESTIGATED,
        ),
        TriageQuestion(
            "legal_action",
            "Is there legal action about this, started or due, and by whom?",
            bool(listed & legal),
            AnswerType.CHOICE,
            choices=tuple((action.value, action.label) for action in LegalAction),
        ),
        TriageQuestion(
            "legal_claim_filed_at_court",
            "Has a claim about this been filed at court? (A threat to go to court or a "
            "solicitor's letter is not enough.)",
            needs_filing,
        ),
        excl(
            "no_relationship_or_remit",
            "Is it from someone we have no relationship with, or about something outside our "
            "control or remit?",
            ExclusionCode.NO_RELATIONSHIP_OR_REMIT,
        ),
        excl(
            "about_other_organisation",
            "Is it about another organisation (the council, the benefits agency…)?",
            ExclusionCode.OTHER_ORGANISATION,
        ),
        excl(
            "personal_injury_claim", "Is it a personal injury claim?", ExclusionCode.PERSONAL_INJURY
        ),
        excl(
            "has_own_appeals_process",
            "Is it about a decision that has its own appeals process?",
            ExclusionCode.OWN_APPEALS_PROCESS,
        ),
        excl(
            "disagrees_with_policy",
            "Is the resident disagreeing with one of our policies (not how it was applied)?",
            ExclusionCode.DISAGREES_WITH_POLICY,
        ),
        TriageQuestion(
            "issue_known_on",
            _time_prompt(profile),
            time_limited,
            AnswerType.DATE,
            QuestionGroup.TIME,
        ),
        TriageQuestion(
            "raised_before",
            "Has the resident raised this issue with us before?",
            time_limited and profile.time_limit.unless_raised_before,
            group=QuestionGroup.TIME,
        ),
        TriageQuestion(
            "exceptional_circumstances",
            "If it is out of time: are there exceptional circumstances to accept it? Record them.",
            time_limited and profile.time_limit.exceptions_allowed,
            AnswerType.TEXT,
            QuestionGroup.TIME,
        ),
    ]
