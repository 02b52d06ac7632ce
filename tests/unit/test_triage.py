"""Triage: kinds, every exclusion of every profile, time limits, representatives, overrides."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Select

from complaints_tui.domain.kinds import ContactKind
from complaints_tui.domain.policy import ExclusionCode, PolicyProfile, load_profile
from complaints_tui.domain.triage import (
    AnswerType,
    LegalAction,
    QuestionGroup,
    Representative,
    TriageAnswers,
    add_months,
    classify_kind,
    questions_for,
    time_limit_ends,
    triage,
)
from complaints_tui.locations import policies_dir
from complaints_tui.widgets.triage import NumberedList, TriagePanel

PROFILES = ["derby-homes", "derive", "derwent-living", "hos-code"]
_CACHE: dict[str, PolicyProfile] = {}


def profile(name: str) -> PolicyProfile:
    if name not in _CACHE:
        _CACHE[name] = load_profile(name, policies_dir())
    return _CACHE[name]


# A plain complaint, well inside every time limit (contact on a Thursday, mid-January).
COMPLAINT = TriageAnswers(
    contacted_on=date(2026, 1, 15),
    dissatisfied=True,
    wants_response_or_action=True,
    issue_known_on=date(2025, 12, 1),
)

# The answers that bring each circumstance about, and the kind the contact then is.
TRIGGERS: dict[ExclusionCode, tuple[dict[str, Any], ContactKind]] = {
    ExclusionCode.FIRST_TIME_SERVICE_REQUEST: (
        {"first_time_reported": True},
        ContactKind.SERVICE_REQUEST,
    ),
    ExclusionCode.SUGGESTION: ({"is_suggestion": True}, ContactKind.COMMENT),
    ExclusionCode.INFORMATION_REQUEST: ({"is_question": True}, ContactKind.ENQUIRY),
    ExclusionCode.MP_ENQUIRY: ({"from_mp_or_councillor": True}, ContactKind.MP_ENQUIRY),
    ExclusionCode.NEIGHBOUR_ASB: ({"about_neighbour_behaviour": True}, ContactKind.ASB),
    ExclusionCode.ANONYMOUS: ({"anonymous": True}, ContactKind.COMPLAINT),
    ExclusionCode.ALREADY_INVESTIGATED: ({"already_investigated": True}, ContactKind.COMPLAINT),
    ExclusionCode.LEGAL_ACTION_BY_LANDLORD: (
        {"legal_action": LegalAction.BY_LANDLORD, "legal_claim_filed_at_court": True},
        ContactKind.COMPLAINT,
    ),
    ExclusionCode.LEGAL_ACTION_BY_RESIDENT: (
        {"legal_action": LegalAction.BY_RESIDENT, "legal_claim_filed_at_court": True},
        ContactKind.COMPLAINT,
    ),
    ExclusionCode.NO_RELATIONSHIP_OR_REMIT: (
        {"no_relationship_or_remit": True},
        ContactKind.COMPLAINT,
    ),
    ExclusionCode.OTHER_ORGANISATION: ({"about_other_organisation": True}, ContactKind.COMPLAINT),
    ExclusionCode.PERSONAL_INJURY: ({"personal_injury_claim": True}, ContactKind.COMPLAINT),
    ExclusionCode.OWN_APPEALS_PROCESS: ({"has_own_appeals_process": True}, ContactKind.COMPLAINT),
    ExclusionCode.DISAGREES_WITH_POLICY: ({"disagrees_with_policy": True}, ContactKind.COMPLAINT),
    ExclusionCode.OUT_OF_TIME: ({"issue_known_on": date(2023, 1, 2)}, ContactKind.COMPLAINT),
}


def test_every_exclusion_code_has_a_trigger() -> None:
    assert set(TRIGGERS) == set(ExclusionCode)


LISTED = [(name, e.code) for name in PROFILES for e in profile(name).exclusions]
NOT_LISTED = [
    (name, code)
    for name in PROFILES
    for code in ExclusionCode
    if profile(name).exclusion(code) is None
]


@pytest.mark.parametrize(("name", "code"), LISTED, ids=[f"{n}-{c.value}" for n, c in LISTED])
def test_each_listed_exclusion_stops_the_complaint(name: str, code: ExclusionCode) -> None:
    changes, kind = TRIGGERS[code]
    result = triage(profile(name), replace(COMPLAINT, **changes))
    assert result.kind is kind
    assert not result.accepted
    assert result.exclusion is not None
    assert result.exclusion.code is code
    assert result.say == result.exclusion.say


# Every exclusion of every shipped profile, with the sentence the handler reads out (typed
# from the profiles; a profile that gains an exclusion must gain a row here).
SAY: dict[tuple[str, ExclusionCode], str] = {
    ("derby-homes", ExclusionCode.FIRST_TIME_SERVICE_REQUEST): (
        "As this is the first time you've told us about this, we'll log it as a service "
        "request and put it right. If you're unhappy with how we deal with it, you can then "
        "make a complaint."
    ),
    ("derby-homes", ExclusionCode.ANONYMOUS): (
        "We can't accept a complaint without knowing who is making it. If you give us your "
        "name and address we can log it as a complaint."
    ),
    ("derby-homes", ExclusionCode.NEIGHBOUR_ASB): (
        "We'll deal with this as a report of anti-social behaviour, not a complaint. If "
        "you're unhappy with how we handle your report, you can complain about that."
    ),
    ("derby-homes", ExclusionCode.INFORMATION_REQUEST): (
        "This is a request for information, so we'll answer it directly rather than as a complaint."
    ),
    ("derby-homes", ExclusionCode.ALREADY_INVESTIGATED): (
        "This complaint has already been fully investigated under our complaints policy, so "
        "we can't investigate it again. You can contact the Housing Ombudsman."
    ),
    ("derby-homes", ExclusionCode.LEGAL_ACTION_BY_LANDLORD): (
        "We can't deal with this as a complaint because it is about legal action we are "
        "taking against you; it will be dealt with through that process."
    ),
    ("derby-homes", ExclusionCode.LEGAL_ACTION_BY_RESIDENT): (
        "We can't deal with this as a complaint because it relates to legal action you have "
        "taken against us; it will be dealt with through that process."
    ),
    ("derby-homes", ExclusionCode.NO_RELATIONSHIP_OR_REMIT): (
        "We can't accept this as a complaint because it isn't something we provide or "
        "control. We'll tell you who can help."
    ),
    ("derby-homes", ExclusionCode.PERSONAL_INJURY): (
        "Personal injury claims are dealt with through our insurers, not the complaints "
        "process. We'll pass your details on."
    ),
    ("derby-homes", ExclusionCode.OWN_APPEALS_PROCESS): (
        "This decision has its own appeals process, so please use that rather than the "
        "complaints process. We'll tell you how."
    ),
    ("derby-homes", ExclusionCode.OUT_OF_TIME): (
        "We can't accept this as a complaint because the issue happened more than 12 months "
        "ago. We'll write to explain why."
    ),
    ("derive", ExclusionCode.SUGGESTION): (
        "Thank you for the suggestion. It isn't a complaint, so we'll pass it to the service "
        "manager to consider."
    ),
    ("derive", ExclusionCode.INFORMATION_REQUEST): (
        "This is a question about our service, so we'll answer it for you rather than log a "
        "complaint."
    ),
    ("derive", ExclusionCode.FIRST_TIME_SERVICE_REQUEST): (
        "As this is the first time you've told us, we'll log it as a service request and deal "
        "with it. If you're unhappy with how we deal with it, you can then complain."
    ),
    ("derive", ExclusionCode.MP_ENQUIRY): (
        "Enquiries from MPs and councillors are handled by the service manager, outside the "
        "formal complaints procedure."
    ),
    ("derive", ExclusionCode.OUT_OF_TIME): (
        "We don't normally consider complaints made more than six months after the issue "
        "became known, because they are hard to investigate fairly."
    ),
    ("derwent-living", ExclusionCode.FIRST_TIME_SERVICE_REQUEST): (
        "This is a request for a service, so we'll log it and arrange it. If you're unhappy "
        "with how we deal with it, you can then complain."
    ),
    ("derwent-living", ExclusionCode.NEIGHBOUR_ASB): (
        "Complaints about neighbours are dealt with as anti-social behaviour cases; we'll log "
        "it as an ASB report."
    ),
    ("derwent-living", ExclusionCode.OUT_OF_TIME): (
        "We can't accept this as a complaint because it happened more than six months ago and "
        "wasn't raised with us before."
    ),
    ("derwent-living", ExclusionCode.OTHER_ORGANISATION): (
        "This is about another organisation, such as the council or the benefits agency, so "
        "please contact them; we can give you their details."
    ),
    ("derwent-living", ExclusionCode.DISAGREES_WITH_POLICY): (
        "Disagreeing with one of our policies isn't something the complaints procedure can "
        "change, but we'll record your views."
    ),
    ("derwent-living", ExclusionCode.OWN_APPEALS_PROCESS): (
        "There is a separate appeals process for this decision, so please use that; we'll "
        "tell you how."
    ),
    ("derwent-living", ExclusionCode.LEGAL_ACTION_BY_LANDLORD): (
        "We can't use the complaints procedure to settle a dispute where legal action has "
        "been or is due to be taken."
    ),
    ("derwent-living", ExclusionCode.LEGAL_ACTION_BY_RESIDENT): (
        "We can't use the complaints procedure to settle a dispute where legal action has "
        "been or is due to be taken."
    ),
    ("hos-code", ExclusionCode.OUT_OF_TIME): (
        "We can't take this on as a complaint because it is about something more than 12 "
        "months ago. You can ask the Housing Ombudsman to look at our decision."
    ),
    ("hos-code", ExclusionCode.LEGAL_ACTION_BY_RESIDENT): (
        "We can't take this on as a complaint because legal proceedings about it have been "
        "filed at court. You can ask the Housing Ombudsman to look at our decision."
    ),
    ("hos-code", ExclusionCode.LEGAL_ACTION_BY_LANDLORD): (
        "We can't take this on as a complaint because legal proceedings about it have been "
        "filed at court. You can ask the Housing Ombudsman to look at our decision."
    ),
    ("hos-code", ExclusionCode.ALREADY_INVESTIGATED): (
        "We can't take this on as a new complaint because it has already been considered "
        "under our complaints policy. You can ask the Housing Ombudsman to look at our "
        "decision."
    ),
    ("hos-code", ExclusionCode.FIRST_TIME_SERVICE_REQUEST): (
        "This is the first time you've told us about this, so we'll log it as a service "
        "request and put it right. If you're unhappy with how we deal with it, you can make a "
        "complaint."
    ),
}


def test_the_sentence_table_covers_every_exclusion_of_every_profile() -> None:
    assert set(SAY) == set(LISTED)


@pytest.mark.parametrize(("name", "code"), list(SAY), ids=[f"{n}-{c.value}" for n, c in SAY])
def test_each_exclusion_is_reached_and_reads_out_its_sentence(
    name: str, code: ExclusionCode
) -> None:
    changes, kind = TRIGGERS[code]
    result = triage(profile(name), replace(COMPLAINT, **changes))
    assert (result.kind, result.accepted) == (kind, False)
    assert result.exclusion is not None and result.exclusion.code is code
    assert result.say == SAY[(name, code)]


@pytest.mark.parametrize(
    ("name", "code"), NOT_LISTED, ids=[f"{n}-{c.value}" for n, c in NOT_LISTED]
)
def test_a_circumstance_the_profile_does_not_list_does_not_exclude(
    name: str, code: ExclusionCode
) -> None:
    changes, kind = TRIGGERS[code]
    result = triage(profile(name), replace(COMPLAINT, **changes))
    assert result.kind is kind
    assert result.exclusion is None
    # A complaint goes in; a contact of another kind is still not a complaint, with its own say.
    assert result.accepted is (kind is ContactKind.COMPLAINT)
    assert result.say


def test_the_unlisted_cases_are_the_ones_the_seeds_leave_out() -> None:
    not_listed = {name: {c for n, c in NOT_LISTED if n == name} for name in PROFILES}
    assert ExclusionCode.ANONYMOUS in not_listed["derive"]
    assert ExclusionCode.ANONYMOUS in not_listed["derwent-living"]
    assert ExclusionCode.MP_ENQUIRY in not_listed["derby-homes"]
    assert ExclusionCode.NEIGHBOUR_ASB in not_listed["derive"]
    assert ExclusionCode.LEGAL_ACTION_BY_RESIDENT in not_listed["derive"]
    assert ExclusionCode.PERSONAL_INJURY in not_listed["derwent-living"]
    assert ExclusionCode.DISAGREES_WITH_POLICY in not_listed["hos-code"]


@pytest.mark.parametrize(
    ("name", "excluded"),
    [("derby-homes", False), ("derwent-living", True), ("hos-code", True), ("derive", False)],
)
def test_disrepair_claims_are_excepted_only_by_derby_homes(name: str, excluded: bool) -> None:
    answers = replace(
        COMPLAINT, legal_action=LegalAction.BY_RESIDENT_DISREPAIR, legal_claim_filed_at_court=True
    )
    result = triage(profile(name), answers)
    assert result.accepted is not excluded
    if excluded:
        assert result.exclusion is not None
        assert result.exclusion.code is ExclusionCode.LEGAL_ACTION_BY_RESIDENT


def test_legal_action_either_way_excludes_under_derwent() -> None:
    for action in (LegalAction.BY_LANDLORD, LegalAction.BY_RESIDENT):
        result = triage(profile("derwent-living"), replace(COMPLAINT, legal_action=action))
        assert not result.accepted
        assert result.say.startswith("We can't use the complaints procedure")


@pytest.mark.parametrize("action", [LegalAction.BY_LANDLORD, LegalAction.BY_RESIDENT])
def test_the_code_excludes_legal_action_only_once_a_claim_is_filed_at_court(
    action: LegalAction,
) -> None:
    code = profile("hos-code")
    threatened = triage(code, replace(COMPLAINT, legal_action=action))
    assert threatened.accepted and threatened.exclusion is None
    assert threatened.warnings == [
        "Legal action is mentioned but no claim has been filed at court, so under the Housing "
        "Ombudsman Complaint Handling Code (2024) policy it does not stop the complaint."
    ]
    filed = triage(code, replace(COMPLAINT, legal_action=action, legal_claim_filed_at_court=True))
    assert not filed.accepted
    assert filed.exclusion is not None and filed.exclusion.label == (
        "Legal proceedings filed at court"
    )
    assert filed.say == (
        "We can't take this on as a complaint because legal proceedings about it have been "
        "filed at court. You can ask the Housing Ombudsman to look at our decision."
    )


def test_a_disrepair_claim_under_the_code_also_waits_for_filing() -> None:
    threatened = replace(COMPLAINT, legal_action=LegalAction.BY_RESIDENT_DISREPAIR)
    assert triage(profile("hos-code"), threatened).accepted
    filed = replace(threatened, legal_claim_filed_at_court=True)
    assert not triage(profile("hos-code"), filed).accepted
    # Derby Homes leaves disrepair claims out altogether, filed or not.
    assert triage(profile("derby-homes"), filed).accepted
    assert triage(profile("derby-homes"), filed).warnings == []


@pytest.mark.parametrize("name", ["derby-homes", "derwent-living"])
@pytest.mark.parametrize("action", [LegalAction.BY_LANDLORD, LegalAction.BY_RESIDENT])
def test_landlords_whose_policies_say_taken_or_due_exclude_without_a_court_filing(
    name: str, action: LegalAction
) -> None:
    # Seed 003: legal action "we are taking" / "you have taken"; seed 004: "has been or is
    # due to be instigated". Neither waits for a claim to be filed at court.
    result = triage(profile(name), replace(COMPLAINT, legal_action=action))
    assert not result.accepted
    assert result.exclusion is not None
    assert not result.exclusion.requires_claim_filed_at_court
    assert result.warnings == []


def test_only_the_code_needs_the_claim_filed_at_court() -> None:
    flags = {
        name: {
            e.code: e.requires_claim_filed_at_court
            for e in profile(name).exclusions
            if e.code
            in (ExclusionCode.LEGAL_ACTION_BY_LANDLORD, ExclusionCode.LEGAL_ACTION_BY_RESIDENT)
        }
        for name in PROFILES
    }
    assert flags == {
        "derby-homes": {
            ExclusionCode.LEGAL_ACTION_BY_LANDLORD: False,
            ExclusionCode.LEGAL_ACTION_BY_RESIDENT: False,
        },
        "derive": {},  # seed 000 lists no legal-action exclusion
        "derwent-living": {
            ExclusionCode.LEGAL_ACTION_BY_LANDLORD: False,
            ExclusionCode.LEGAL_ACTION_BY_RESIDENT: False,
        },
        "hos-code": {
            ExclusionCode.LEGAL_ACTION_BY_LANDLORD: True,
            ExclusionCode.LEGAL_ACTION_BY_RESIDENT: True,
        },
    }


def test_a_filed_claim_without_legal_action_changes_nothing() -> None:
    result = triage(profile("hos-code"), replace(COMPLAINT, legal_claim_filed_at_court=True))
    assert result.accepted and result.warnings == []


def test_the_legal_action_the_form_sends_as_text_still_excludes() -> None:
    # The triage panel and saved drafts carry the choice as its value, not the enum member.
    answers = replace(COMPLAINT, legal_action="by_landlord")  # type: ignore[arg-type]
    assert answers.legal_action is LegalAction.BY_LANDLORD
    result = triage(profile("derwent-living"), answers)
    assert not result.accepted
    assert result.exclusion is not None
    assert result.exclusion.code is ExclusionCode.LEGAL_ACTION_BY_LANDLORD
    with pytest.raises(ValueError, match="sued"):
        replace(COMPLAINT, legal_action="sued")  # type: ignore[arg-type]


def test_the_first_exclusion_in_the_profiles_order_wins() -> None:
    both = replace(COMPLAINT, about_other_organisation=True, issue_known_on=date(2024, 1, 1))
    result = triage(profile("derwent-living"), both)  # out_of_time is listed before other_org
    assert result.exclusion is not None
    assert result.exclusion.code is ExclusionCode.OUT_OF_TIME
    anonymous_and_injury = replace(COMPLAINT, anonymous=True, personal_injury_claim=True)
    result = triage(profile("derby-homes"), anonymous_and_injury)
    assert result.exclusion is not None
    assert result.exclusion.code is ExclusionCode.ANONYMOUS


# Kinds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "kind"),
    [
        ({"is_praise": True}, ContactKind.COMPLIMENT),
        ({"is_praise": True, "dissatisfied": True}, ContactKind.COMPLIMENT),
        ({"is_suggestion": True}, ContactKind.COMMENT),
        ({"from_mp_or_councillor": True, "dissatisfied": True}, ContactKind.MP_ENQUIRY),
        ({"about_neighbour_behaviour": True}, ContactKind.ASB),
        (
            {"about_neighbour_behaviour": True, "about_handling_of_asb_report": True},
            ContactKind.COMPLAINT,
        ),
        ({"about_handling_of_asb_report": True}, ContactKind.COMPLAINT),
        ({"is_question": True}, ContactKind.ENQUIRY),
        ({"first_time_reported": True}, ContactKind.SERVICE_REQUEST),
        ({}, ContactKind.COMPLAINT),
        ({"wants_response_or_action": False}, ContactKind.COMMENT),
        ({"dissatisfied": False, "wants_response_or_action": False}, ContactKind.ENQUIRY),
    ],
)
def test_kind_of_contact(changes: dict[str, Any], kind: ContactKind) -> None:
    answers = replace(COMPLAINT, **changes)
    assert classify_kind(answers) is kind
    assert triage(profile("hos-code"), answers).kind is kind


def test_a_compliment_is_never_a_complaint_and_is_passed_on() -> None:
    result = triage(profile("derby-homes"), replace(COMPLAINT, is_praise=True))
    assert (result.kind, result.accepted, result.exclusion) == (ContactKind.COMPLIMENT, False, None)
    assert "compliment" in result.say


def test_a_first_time_issue_offers_the_choice_to_complain() -> None:
    result = triage(profile("hos-code"), replace(COMPLAINT, first_time_reported=True))
    assert result.kind is ContactKind.SERVICE_REQUEST
    assert result.offer_complaint
    assert any("offer them the choice" in w for w in result.warnings)
    asb = triage(profile("hos-code"), replace(COMPLAINT, about_neighbour_behaviour=True))
    assert not asb.offer_complaint


def test_non_complaint_kinds_listed_as_exclusions_read_the_profiles_reason() -> None:
    derive = profile("derive")
    mp = triage(derive, replace(COMPLAINT, from_mp_or_councillor=True))
    assert mp.kind is ContactKind.MP_ENQUIRY
    assert mp.exclusion is not None and mp.exclusion.code is ExclusionCode.MP_ENQUIRY
    assert "outside the formal complaints procedure" in mp.say
    suggestion = triage(derive, replace(COMPLAINT, is_suggestion=True))
    assert suggestion.kind is ContactKind.COMMENT
    assert suggestion.say == derive.exclusions[0].say


# Accepted complaints ---------------------------------------------------------------------------


def test_an_accepted_complaint_says_what_happens_next_in_the_profiles_timescales() -> None:
    code = triage(profile("hos-code"), COMPLAINT)
    assert code.accepted and code.kind is ContactKind.COMPLAINT and code.exclusion is None
    assert code.warnings == []
    assert "acknowledge it within 5 working days of receiving it" in code.say
    assert "full response within 10 working days of acknowledging it" in code.say
    derwent = triage(profile("derwent-living"), COMPLAINT)
    assert derwent.say.startswith("We'll try to put this right straight away. If we can't, we'll")
    assert "within 2 working days" in derwent.say
    assert "10 working days of receiving it" in derwent.say


def test_anonymous_is_accepted_by_derive_but_warned_and_excluded_by_derby() -> None:
    anonymous = replace(COMPLAINT, anonymous=True)
    assert triage(profile("derive"), anonymous).accepted
    derby = triage(profile("derby-homes"), anonymous)
    assert not derby.accepted
    assert any("does not accept anonymous" in w for w in derby.warnings)


# Representatives -------------------------------------------------------------------------------


def test_a_representative_without_confirmed_authority_holds_the_complaint() -> None:
    daughter = Representative("Ann Smith", "daughter")
    result = triage(profile("hos-code"), replace(COMPLAINT, representative=daughter))
    assert result.accepted
    assert result.held_for_authority
    assert any("not yet confirmed" in w and "held" in w for w in result.warnings)
    assert result.say.startswith("We'll treat this as the resident's own complaint once")


def test_a_representative_with_confirmed_authority_is_the_residents_complaint() -> None:
    mp = Representative("Jo Bloggs MP", "MP", authority_confirmed=True, how_confirmed="signed form")
    result = triage(profile("derby-homes"), replace(COMPLAINT, representative=mp))
    assert result.accepted
    assert not result.held_for_authority
    assert result.warnings == []


def test_confirmed_authority_must_say_how() -> None:
    rep = Representative("Ann Smith", "advocate", authority_confirmed=True, how_confirmed=" ")
    result = triage(profile("derive"), replace(COMPLAINT, representative=rep))
    assert not result.held_for_authority
    assert result.warnings == ["Record how the representative's authority was confirmed."]


# Time limits -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 8, 31), 6, date(2026, 2, 28)),  # month end clamps
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 7, 31), 6, date(2026, 1, 31)),  # across the year end
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 1, 15), 12, date(2026, 1, 15)),
        (date(2025, 3, 30), 11, date(2026, 2, 28)),
    ],
)
def test_calendar_month_arithmetic(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


def test_time_limit_ends_uses_the_profiles_months() -> None:
    issue = date(2025, 8, 31)
    assert time_limit_ends(profile("derive"), issue) == date(2026, 2, 28)
    assert time_limit_ends(profile("hos-code"), issue) == date(2026, 8, 31)


@pytest.mark.parametrize(
    ("name", "issue", "last_day"),
    [
        ("derive", date(2025, 8, 31), date(2026, 2, 28)),
        ("derwent-living", date(2025, 6, 30), date(2025, 12, 30)),
        ("hos-code", date(2024, 12, 31), date(2025, 12, 31)),  # year end
        ("derby-homes", date(2024, 2, 29), date(2025, 2, 28)),
    ],
)
def test_in_time_on_the_last_day_out_of_time_the_day_after(
    name: str, issue: date, last_day: date
) -> None:
    rules = profile(name)
    on_time = triage(rules, replace(COMPLAINT, issue_known_on=issue, contacted_on=last_day))
    assert on_time.accepted and not on_time.out_of_time
    assert on_time.time_limit_ends == last_day
    day_after = date.fromordinal(last_day.toordinal() + 1)
    late = triage(rules, replace(COMPLAINT, issue_known_on=issue, contacted_on=day_after))
    assert late.out_of_time and not late.accepted
    assert late.exclusion is not None and late.exclusion.code is ExclusionCode.OUT_OF_TIME


def test_derwent_keeps_an_old_issue_in_time_when_it_was_raised_before() -> None:
    old = replace(COMPLAINT, issue_known_on=date(2024, 1, 1))
    assert not triage(profile("derwent-living"), old).accepted
    raised = triage(profile("derwent-living"), replace(old, raised_before=True))
    assert raised.accepted and not raised.out_of_time
    # Dérive has no such rule: raised before or not, it is out of time.
    assert not triage(profile("derive"), replace(old, raised_before=True)).accepted


def test_exceptional_circumstances_override_the_time_limit_where_allowed() -> None:
    old = replace(
        COMPLAINT,
        issue_known_on=date(2024, 1, 1),
        exceptional_circumstances="In hospital for eight months",
    )
    for name in ("derive", "derby-homes", "hos-code"):
        result = triage(profile(name), old)
        assert result.accepted, name
        assert result.out_of_time and result.override_applied
        assert result.say.startswith("Although this is more than")


def test_override_is_refused_where_the_profile_allows_no_exceptions() -> None:
    old = replace(
        COMPLAINT, issue_known_on=date(2024, 1, 1), exceptional_circumstances="In hospital"
    )
    result = triage(profile("derwent-living"), old)
    assert not result.accepted and not result.override_applied
    assert result.exclusion is not None and result.exclusion.code is ExclusionCode.OUT_OF_TIME
    assert any("allows no exceptions" in w for w in result.warnings)


def test_a_blank_reason_is_no_override() -> None:
    old = replace(COMPLAINT, issue_known_on=date(2024, 1, 1), exceptional_circumstances="  ")
    result = triage(profile("derive"), old)
    assert not result.accepted and not result.override_applied


def test_an_override_does_not_lift_another_exclusion() -> None:
    old = replace(
        COMPLAINT,
        issue_known_on=date(2024, 1, 1),
        exceptional_circumstances="In hospital",
        legal_action=LegalAction.BY_RESIDENT,
        legal_claim_filed_at_court=True,
    )
    result = triage(profile("hos-code"), old)  # out_of_time is listed first, then legal action
    assert not result.accepted and not result.override_applied
    assert result.exclusion is not None
    assert result.exclusion.code is ExclusionCode.LEGAL_ACTION_BY_RESIDENT


def test_missing_or_odd_issue_dates_are_warned() -> None:
    unknown = triage(profile("hos-code"), replace(COMPLAINT, issue_known_on=None))
    assert unknown.accepted and unknown.time_limit_ends is None
    assert any("was not checked" in w for w in unknown.warnings)
    future = triage(profile("hos-code"), replace(COMPLAINT, issue_known_on=date(2026, 2, 1)))
    assert any("after the date of this contact" in w for w in future.warnings)


# Questions -------------------------------------------------------------------------------------


def test_questions_fill_answer_fields_kind_questions_first() -> None:
    fields = {f.name for f in dataclasses.fields(TriageAnswers)}
    for name in PROFILES:
        questions = questions_for(profile(name))
        keys = [q.key for q in questions]
        assert len(keys) == len(set(keys))
        assert set(keys) <= fields
        assert fields - set(keys) == {"contacted_on"}
        groups = [q.group for q in questions]
        kind_count = groups.count(QuestionGroup.KIND)
        assert groups[:kind_count] == [QuestionGroup.KIND] * kind_count
        assert all(q.applies for q in questions if q.group is QuestionGroup.KIND)


def _applies(name: str) -> dict[str, bool]:
    return {q.key: q.applies for q in questions_for(profile(name))}


def test_questions_apply_only_where_the_profile_uses_the_answer() -> None:
    derive, derby, derwent = _applies("derive"), _applies("derby-homes"), _applies("derwent-living")
    assert not derive["anonymous"] and derby["anonymous"]
    assert not derive["legal_action"] and derwent["legal_action"]
    assert derwent["raised_before"] and not derby["raised_before"]
    assert derive["exceptional_circumstances"] and not derwent["exceptional_circumstances"]
    assert derwent["about_other_organisation"] and not derby["about_other_organisation"]
    assert derby["personal_injury_claim"] and not derwent["personal_injury_claim"]
    code = _applies("hos-code")
    assert code["legal_claim_filed_at_court"] and code["legal_action"]
    assert not derby["legal_claim_filed_at_court"] and not derwent["legal_claim_filed_at_court"]
    assert not derive["legal_claim_filed_at_court"]


def test_the_court_question_follows_the_legal_action_question() -> None:
    keys = [q.key for q in questions_for(profile("hos-code"))]
    assert keys.index("legal_claim_filed_at_court") == keys.index("legal_action") + 1
    by_key = {q.key: q for q in questions_for(profile("hos-code"))}
    court = by_key["legal_claim_filed_at_court"]
    assert court.answer_type is AnswerType.YES_NO
    assert court.group is QuestionGroup.EXCLUSION
    assert "filed at court" in court.prompt and "solicitor's letter" in court.prompt


def test_question_prompts_carry_the_profiles_time_limit() -> None:
    by_key = {q.key: q for q in questions_for(profile("derive"))}
    issue = by_key["issue_known_on"]
    assert issue.answer_type is AnswerType.DATE
    assert "6 months" in issue.prompt
    assert "became known to the customer" in issue.prompt
    legal = by_key["legal_action"]
    assert [value for value, _ in legal.choices] == [a.value for a in LegalAction]


# The triage panel: the court question appears only once legal action is chosen ----------------


class _PanelApp(App[None]):
    CSS = ".hidden { display: none; }"  # as in app.tcss

    def __init__(self, rules: PolicyProfile) -> None:
        super().__init__()
        self.rules = rules

    def compose(self) -> ComposeResult:
        yield TriagePanel(self.rules)

    def on_mount(self) -> None:
        self.query_one(TriagePanel).show(None, complaint_checks=True)


async def test_the_code_panel_asks_about_a_court_filing_only_after_legal_action() -> None:
    code = profile("hos-code")
    app = _PanelApp(code)
    async with app.run_test(size=(120, 50)) as pilot:
        panel = app.query_one(TriagePanel)
        checks = app.query_one("#check-questions", NumberedList)
        court = app.query_one("#court-question", NumberedList)
        # The numbered complaint checks are the ones they were: the court question is not one.
        assert [checks.get_option_at_index(i).value for i in range(checks.option_count)] == [
            "already_investigated"
        ]
        assert court.has_class("hidden") and not court.display
        assert panel.answers() == {}
        # Keyboard: open the legal-action choice, pick the next option (legal action by us).
        app.query_one("#legal-action", Select).focus()
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert panel.answers() == {"legal_action": "by_landlord"}
        assert not court.has_class("hidden")
        await pilot.press("tab", "1")
        await pilot.pause()
        answers = panel.answers()
        assert answers == {"legal_action": "by_landlord", "legal_claim_filed_at_court": True}
        excluded = triage(code, replace(COMPLAINT, **answers))
        assert excluded.exclusion is not None and excluded.exclusion.label == (
            "Legal proceedings filed at court"
        )
        # Back to "no legal action": the follow-up hides and its answer is not sent.
        app.query_one("#legal-action", Select).value = LegalAction.NONE.value
        await pilot.pause()
        assert court.has_class("hidden")
        assert panel.answers() == {}
        # A restored draft shows the follow-up with its answer.
        panel.set_answers({"legal_action": "by_resident", "legal_claim_filed_at_court": True})
        await pilot.pause()
        assert not court.has_class("hidden")
        assert panel.answers()["legal_claim_filed_at_court"] is True


@pytest.mark.parametrize("name", ["derby-homes", "derwent-living", "derive"])
async def test_panels_of_other_profiles_never_ask_about_a_court_filing(name: str) -> None:
    app = _PanelApp(profile(name))
    async with app.run_test(size=(120, 50)):
        assert not app.query("#court-question")


@pytest.mark.parametrize("name", PROFILES)
def test_a_first_time_report_that_wants_action_is_a_service_request(name: str) -> None:
    """Tried as a new user: 'Streetlight out on the path by block C.', answers 2 (wants action)
    and 3 (first time told), not unhappy and not a question, was triaged as an enquiry."""
    told = TriageAnswers(
        contacted_on=date(2026, 1, 15),
        wants_response_or_action=True,
        first_time_reported=True,
        anonymous=True,
    )
    assert classify_kind(told) is ContactKind.SERVICE_REQUEST
    result = triage(profile(name), told)
    assert result.kind is ContactKind.SERVICE_REQUEST and not result.accepted
    assert "question" not in result.say.lower()
    # Also when the caller asks a question about it, and when they are unhappy.
    for extra in ({"is_question": True}, {"dissatisfied": True}):
        assert classify_kind(replace(told, **extra)) is ContactKind.SERVICE_REQUEST
