"""Letters composed from what a case records (issue 10), for every profile and every kind it
allows: the reference, the dates (across Christmas and New Year), who handles it, each part's
decision, the redress, the way on (next stage or ombudsman), hostile and non-Latin names kept as
written, a landlord's own templates, broken ones as one sentence, the letterhead, and a sent
letter kept as its words. The PDF says the words of the text form."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from complaints_tui import services as s
from complaints_tui.domain.kinds import Channel, Decision
from complaints_tui.domain.letters import Letter, LetterChannel, LetterKind
from complaints_tui.domain.policy import ExclusionCode
from complaints_tui.domain.triage import TriageAnswers
from complaints_tui.services._core import profile_named
from complaints_tui.services.cases.case_view import case_timeline
from complaints_tui.services.letters.compose import compose_letter
from complaints_tui.services.letters.landlord import set_letter_settings
from complaints_tui.services.letters.pdf import letter_pdf
from complaints_tui.services.letters.sent import (
    open_sent_letter,
    record_letter_sent,
    sent_letters,
)
from complaints_tui.services.letters.templates import LetterTemplateError
from complaints_tui.store.engine import Store
from tests.conftest_store import START, Staff, at, log_complaint, new_resident, use_profile
from tests.services.test_letter_pdf import letter_words

K = LetterKind
MARKUP = "Bob [/] *x* <b>y</b> #set {{ 7*7 }}"
POLISH = "Łukasz Wróblewski"
ARABIC = "محمد"

RECEIVED = at(2025, 12, 18)  # Thursday: Christmas, Boxing Day and New Year's Day follow
ACKNOWLEDGED = at(2025, 12, 22)
TOLD = at(2026, 1, 5)
ANSWERED = at(2026, 1, 14)
ESCALATED = at(2026, 1, 16)
REVIEW_ACKNOWLEDGED = at(2026, 1, 19)
REVIEWED = at(2026, 2, 2)
FINAL_ASKED = at(2026, 2, 3)
FINAL = at(2026, 2, 10)
TODAY = date(2026, 4, 30)  # after every case's receipt: a letter is never dated before it

PROFILES = ["derive", "derby-homes", "derwent-living", "hos-code"]
FORMAL = (K.ACKNOWLEDGEMENT, K.EXTENSION, K.RESPONSE, K.FINAL_RESPONSE)
ALLOWED = {  # every profile can turn a complaint away with an exclusion
    "derive": (*FORMAL, K.QUICK_FIX, K.NOT_ACCEPTED),
    "derby-homes": (*FORMAL, K.NOT_ACCEPTED),
    "derwent-living": tuple(K),
    "hos-code": (*FORMAL, K.NOT_ACCEPTED),
}


@dataclass(frozen=True)
class Expect:
    """What each profile's letters must say for the journey below (worked out by hand)."""

    respond_by: str  # stage 1, acknowledged Monday 22 December
    escalate: str  # how the stage 1 response offers stage 2
    reviewer: str
    review_by: str  # stage 2's response date
    last_stage: int


EXPECT = {
    # 10 WD from receipt: Fri 19, Mon 22 to Wed 24, Mon 29 to Wed 31, Fri 2, Mon 5, Tue 6.
    "derive": Expect(
        "Tuesday 6 January 2026",
        "at stage 2 within 10 days of this letter, by Saturday 24 January 2026.",
        "Dee Director",  # Mo Manager's line manager
        "Friday 30 January 2026",  # 10 WD from the request on Friday 16 January
        2,
    ),
    # 10 WD from the acknowledgement on Monday 22 December, over the bank holidays.
    "derby-homes": Expect(
        "Thursday 8 January 2026",
        "at stage 2. Write to us",
        "Max Manager",
        "Monday 16 February 2026",  # 20 WD from the acknowledgement on Monday 19 January
        2,
    ),
    "derwent-living": Expect(
        "Tuesday 6 January 2026",
        "at stage 2 within 20 working days of this letter, by Wednesday 11 February 2026.",
        "Dov Director",
        "Friday 30 January 2026",
        3,
    ),
    "hos-code": Expect(
        "Thursday 8 January 2026",
        "at stage 2. Write to us",
        "Max Manager",
        "Monday 16 February 2026",
        2,
    ),
}
REVIEWERS = {
    "derive": "director",
    "derby-homes": "manager2",
    "derwent-living": "director2",
    "hos-code": "manager2",
}


# -- building cases through the services ---------------------------------------------------------


def text_of(store: Store, case_id: int, kind: LetterKind) -> str:
    return compose_letter(store, case_id, kind, today=TODAY).as_text()


def reviewer(staff: Staff, profile: str, stage: int = 2) -> s.UserInfo:
    if stage == 3:
        return staff.director  # Derwent's chief executive's panel: a director not yet involved
    return getattr(staff, REVIEWERS[profile])  # type: ignore[no-any-return]


def opened(store: Store, staff: Staff, profile: str, name: str = MARKUP) -> s.CaseDetail:
    use_profile(store, staff, profile)
    s.update_user(store, staff.admin, staff.manager.id, job_title="Repairs Manager", now=START)
    resident = new_resident(store, staff, name)
    logged = log_complaint(store, staff, resident, RECEIVED)
    return s.open_stage1(store, staff.handler, logged.case.id, logged.case.version, now=RECEIVED)


def acknowledged(store: Store, staff: Staff, profile: str) -> s.CaseDetail:
    case = opened(store, staff, profile)
    return s.acknowledge(
        store,
        staff.manager,
        case.id,
        case.version,
        on=ACKNOWLEDGED.date(),
        now=ACKNOWLEDGED,
    )


def extended(store: Store, staff: Staff, profile: str) -> s.CaseDetail:
    case = acknowledged(store, staff, profile)
    return s.extend(
        store,
        staff.manager,
        case.id,
        case.version,
        date(2026, 1, 20),
        "Waiting for the damp surveyor",
        "Phoned and wrote",
        # Dérive's policy makes no provision for extending, so it needs a good reason.
        good_reason_beyond_limit="Specialist survey" if profile == "derive" else "",
        now=TOLD,
    )


def decide(
    store: Store, actor: s.UserInfo, case: s.CaseDetail, decisions: tuple[Decision, Decision]
) -> s.CaseDetail:
    parts = [c for c in case.components if c.stage == case.stage]
    for part, decision in zip(parts, decisions, strict=True):
        finding = f"Stage {case.stage} finding on {part.summary.lower()}"
        case = s.record_decision(
            store, actor, case.id, case.version, part.id, finding, decision, now=case_now(case)
        )
    return case


def case_now(case: s.CaseDetail) -> datetime:
    return {1: ANSWERED, 2: REVIEWED, 3: FINAL}[case.stage]


def answered(store: Store, staff: Staff, profile: str) -> s.CaseDetail:
    """Stage 1 answered: two parts (upheld, not upheld), a remedy, an action, £1,234.56."""
    case = extended(store, staff, profile)
    for summary in ("Mould not treated", "Rude operative"):
        case = s.add_component(store, staff.manager, case.id, case.version, summary, now=ANSWERED)
    case = decide(store, staff.manager, case, (Decision.UPHELD, Decision.NOT_UPHELD))
    case = s.add_remedy(
        store,
        staff.manager,
        case.id,
        case.version,
        "Mould wash and stain block",
        date(2026, 1, 21),
        now=ANSWERED,
    )
    case = s.add_outstanding_action(
        store,
        staff.manager,
        case.id,
        case.version,
        "Fit a humidistat fan",
        staff.manager.id,
        date(2026, 2, 27),
        now=ANSWERED,
    )
    parts = (s.RedressPart("Carpet", 112_345), s.RedressPart("Time and trouble", 11_111))
    redress = s.RedressInput(123_456, parts, "Carpet £1,123.45\nTime and trouble £111.11")
    case = s.record_redress(store, staff.manager, case.id, case.version, redress, now=ANSWERED)
    checklist = s.ResponseChecklist(
        letter_text="Dear …",
        thanks=True,
        apology=True,
        improvements="Damp surveys are now booked within 5 working days.",
        escalation_explained=True,
    )
    return s.send_response(store, staff.manager, case.id, case.version, checklist, now=ANSWERED)


def reviewing(store: Store, staff: Staff, profile: str) -> s.CaseDetail:
    """Stage 2 asked for, the reviewer allocated, the request acknowledged."""
    case = answered(store, staff, profile)
    case = s.request_escalation(store, staff.handler, case.id, case.version, now=ESCALATED)
    who = reviewer(staff, profile)
    chosen = None if profile == "derive" else who.id  # Dérive: the line manager by default
    case = s.open_next_stage(store, staff.lead, case.id, case.version, chosen, now=ESCALATED)
    return s.acknowledge(
        store,
        who,
        case.id,
        case.version,
        on=REVIEW_ACKNOWLEDGED.date(),
        now=REVIEW_ACKNOWLEDGED,
    )


def respond_at_review(
    store: Store, actor: s.UserInfo, case: s.CaseDetail, redress_pence: int
) -> s.CaseDetail:
    """The review's answer: part 1 upheld again, part 2 partly upheld, a remedy, new redress."""
    case = decide(store, actor, case, (Decision.UPHELD, Decision.PARTLY_UPHELD))
    now = case_now(case)
    refund = "Refund the call-out charge"
    case = s.add_remedy(store, actor, case.id, case.version, refund, date(2026, 2, 27), now=now)
    parts = (s.RedressPart("Time and trouble", redress_pence),)
    case = s.record_redress(
        store, actor, case.id, case.version, s.RedressInput(redress_pence, parts, ""), now=now
    )
    checklist = s.ResponseChecklist(
        letter_text="Dear …",
        thanks=True,
        apology=True,
        improvements="Operatives now carry a damp checklist.",
        escalation_explained=True,
    )
    return s.send_response(store, actor, case.id, case.version, checklist, now=now)


def reviewed(store: Store, staff: Staff, profile: str) -> s.CaseDetail:
    case = reviewing(store, staff, profile)
    return respond_at_review(store, reviewer(staff, profile), case, 150_000)


def at_last_stage(store: Store, staff: Staff, profile: str) -> s.CaseDetail:
    """The last stage answered: stage 2, or Derwent's chief executive's panel (stage 3)."""
    case = reviewed(store, staff, profile)
    if EXPECT[profile].last_stage == 2:
        return case
    case = s.request_escalation(store, staff.handler, case.id, case.version, now=FINAL_ASKED)
    case = s.open_next_stage(
        store, staff.lead, case.id, case.version, staff.director.id, now=FINAL_ASKED
    )
    return respond_at_review(store, staff.director, case, 200_000)


def quick_fixed(store: Store, staff: Staff, profile: str) -> s.CaseDetail:
    use_profile(store, staff, profile)
    resident = new_resident(store, staff, POLISH)
    thursday = at(2026, 4, 2)  # Good Friday and Easter Monday follow
    description = "Front door lock broken {% if true %}yes{% endif %}"
    case = log_complaint(store, staff, resident, thursday, description=description).case
    s.record_quick_fix(
        store,
        staff.handler,
        case.id,
        case.version,
        "Locksmith fitted a new lock",
        follow_up="We will call on Friday",
        now=thursday,
    )
    return s.get_case(store, case.id)


def turned_away(store: Store, staff: Staff, profile: str) -> s.CaseDetail:
    """Logged on Monday 2 March 2026 about a boiler that broke in January 2023: out of time."""
    use_profile(store, staff, profile)
    resident = new_resident(store, staff, ARABIC)
    logged = log_complaint(
        store,
        staff,
        resident,
        at(2026, 3, 2),
        description="Boiler broke in 2023",
        issue_known_on=date(2023, 1, 5),
    )
    assert not logged.accepted
    return s.get_case(store, logged.case.id)


def declined(store: Store, staff: Staff) -> s.CaseDetail:
    case = reviewing(store, staff, "derwent-living")
    return s.decline_review(
        store,
        staff.director2,
        case.id,
        case.version,
        "Not a service failure: the policy was applied",
        now=REVIEWED,
    )


def assert_names_kept(letter: Letter, name: str) -> None:
    text = letter.as_text()
    assert letter.addressee[0] == name and letter.salutation == f"Dear {name},"
    assert text.count(name) >= 2
    assert "49" not in text  # a resident's {{ 7*7 }} was not worked out


# -- every profile, every kind it allows ---------------------------------------------------------


def test_the_kinds_each_profile_allows() -> None:
    for profile in PROFILES:
        policy = profile_named(profile)
        assert (K.QUICK_FIX in ALLOWED[profile]) == policy.quick_fix.enabled
        may_decline = any(policy.stage(n).may_decline for n in range(1, policy.last_stage + 1))
        assert (K.DECLINE in ALLOWED[profile]) == may_decline
        assert policy.last_stage == EXPECT[profile].last_stage


@pytest.mark.parametrize("profile", PROFILES)
def test_acknowledgement(store: Store, staff: Staff, profile: str) -> None:
    case = acknowledged(store, staff, profile)
    letter = compose_letter(store, case.id, K.ACKNOWLEDGEMENT, today=TODAY)
    text = letter.as_text()

    assert letter.kind is K.ACKNOWLEDGEMENT and letter.reference == case.reference
    assert f"Our reference: {case.reference}" in text and "Date: Thursday 30 April 2026" in text
    assert "Thursday 18 December 2025" in text  # received
    assert f"by {EXPECT[profile].respond_by}" in text
    assert "Mo Manager, Repairs Manager, is" in text  # names the handler and position
    assert letter.signer == "Mo Manager" and letter.signer_role == "Repairs Manager"
    assert "The mould in the bathroom has not been treated" in text
    assert letter.addressee[1:] == ("12 Acacia Avenue", "Derby", "DE1 2AB")
    assert_names_kept(letter, MARKUP)


@pytest.mark.parametrize("profile", PROFILES)
def test_acknowledgement_of_the_review_names_the_reviewer(
    store: Store, staff: Staff, profile: str
) -> None:
    case = reviewing(store, staff, profile)
    text = text_of(store, case.id, K.ACKNOWLEDGEMENT)

    assert case.reference in text and "Friday 16 January 2026" in text  # the request
    assert f"{EXPECT[profile].reviewer} is" in text
    assert f"by {EXPECT[profile].review_by}" in text
    if profile == "derwent-living":  # the seed: offers a call or a meeting
        assert "a call or a meeting" in text


@pytest.mark.parametrize("profile", PROFILES)
def test_extension(store: Store, staff: Staff, profile: str) -> None:
    case = extended(store, staff, profile)
    letter = compose_letter(store, case.id, K.EXTENSION, today=TODAY)
    text = letter.as_text()

    assert case.reference in text
    assert f"respond to your complaint by {EXPECT[profile].respond_by}" in text
    assert "by Tuesday 20 January 2026" in text  # the new date
    assert "Waiting for the damp surveyor" in text
    assert "Monday 5 January 2026 (Phoned and wrote)" in text
    assert_names_kept(letter, MARKUP)


@pytest.mark.parametrize("profile", PROFILES)
def test_stage1_response(store: Store, staff: Staff, profile: str) -> None:
    case = answered(store, staff, profile)
    letter = compose_letter(store, case.id, K.RESPONSE, today=TODAY)
    text = letter.as_text()

    assert letter.subject == f"Our stage 1 response to your complaint {case.reference}"
    assert "Thursday 18 December 2025" in text
    part_one = "1. Mould not treated\nWhat we found: Stage 1 finding on mould not treated"
    assert f"{part_one}\nOur decision: upheld." in letter.body  # a paragraph of its own
    assert "Our decision: not upheld." in text
    assert "We are sorry." in text  # at fault
    assert "- Mould wash and stain block, by Wednesday 21 January 2026" in text
    assert "- Fit a humidistat fan (Mo Manager, by Friday 27 February 2026)" in text
    assert "We offer you £1,234.56 in compensation" in text
    assert "This is how we worked it out:\nCarpet £1,123.45\nTime and trouble £111.11" in text
    assert "Damp surveys are now booked within 5 working days." in text
    # The way on: the next stage, its window and its last day.
    assert f"considered {EXPECT[profile].escalate}" in text
    assert "This is our final response" not in text and "now complete" not in text
    assert_names_kept(letter, MARKUP)


@pytest.mark.parametrize("profile", PROFILES)
def test_final_response(store: Store, staff: Staff, profile: str) -> None:
    case = at_last_stage(store, staff, profile)
    letter = compose_letter(store, case.id, K.FINAL_RESPONSE, today=TODAY)
    text = letter.as_text()
    last = EXPECT[profile].last_stage

    assert case.stage == last and case.reference in text
    assert "Our decision: upheld." in text
    if last == 2:
        assert "Our decision: partly upheld (the earlier decision was overturned)." in text
        assert "Friday 16 January 2026" in text  # when the review was asked for
        assert "- Refund the call-out charge, by Friday 27 February 2026" in text
        assert "£1,500.00" in text and "£1,234.56" not in text  # the review's redress
    else:  # Derwent's panel agrees with the review: nothing overturned
        assert "Our decision: partly upheld." in text
        assert "£2,000.00" in text and "£1,500.00" not in text
        assert "chief executive" in text and "stage 3" in text
    assert "stage 2 within" not in text and "Who will review it" not in text
    if profile == "derby-homes":
        for body in (
            "Housing Ombudsman: at any time",
            "Local Government and Social Care Ombudsman: after all stages",
            "Building Safety Regulator:",
            "Financial Ombudsman Service:",
        ):
            assert f"\n- {body}" in text
        assert "our complaints procedure is now complete" in text
    elif profile == "derwent-living":
        assert "designated person" in text and "Housing Ombudsman" in text
        assert "eight weeks" in text and "within 12 months of your original complaint" in text
        assert "\n- Designated person (independent customer panel)" in text
    elif profile == "hos-code":
        assert "refer your complaint to the Housing Ombudsman" in text
        assert "within 12 months" in text
        assert "Local Government" not in text
    else:  # Dérive's policy names no ombudsman
        assert "Ombudsman" not in text
        assert "our complaints procedure is now complete" in text
    assert_names_kept(letter, MARKUP)


def test_derwent_stage2_answer_is_a_response_offering_the_final_stage(
    store: Store, staff: Staff
) -> None:
    case = reviewed(store, staff, "derwent-living")
    text = text_of(store, case.id, K.RESPONSE)

    assert "Our stage 2 response" in text and "Friday 16 January 2026" in text
    # 20 working days from the answer on Monday 2 February.
    assert "at stage 3 within 20 working days of this letter, by Monday 2 March 2026." in text
    assert "£1,500.00" in text


@pytest.mark.parametrize("profile", ["derive", "derwent-living"])
def test_quick_fix(store: Store, staff: Staff, profile: str) -> None:
    case = quick_fixed(store, staff, profile)
    letter = compose_letter(store, case.id, K.QUICK_FIX, today=TODAY)
    text = letter.as_text()

    assert case.reference in text and "Thursday 2 April 2026" in text
    assert "You told us: Front door lock broken {% if true %}yes{% endif %}" in text
    assert "Locksmith fitted a new lock" in text and "We will call on Friday" in text
    assert letter.signer == "Cal Handler"
    if profile == "derwent-living":  # 5 WD after Thursday 2 April, over Easter
        assert "formal stage 1 complaint by Monday 13 April 2026, quoting" in text
    else:  # Dérive sets no window
        assert "formal stage 1 complaint, quoting" in text
    assert_names_kept(letter, POLISH)


@pytest.mark.parametrize("profile", PROFILES)
def test_not_accepted(store: Store, staff: Staff, profile: str) -> None:
    case = turned_away(store, staff, profile)
    letter = compose_letter(store, case.id, K.NOT_ACCEPTED, today=TODAY)
    text = letter.as_text()
    say = profile_named(profile).exclusion(ExclusionCode.OUT_OF_TIME).say

    assert say and f"\n{say}\n" in text  # the exclusion's sentence, as a paragraph of its own
    assert case.reference in text and "Monday 2 March 2026 about: Boiler broke in 2023" in text
    assert letter.signer == "Cal Handler"
    assert_names_kept(letter, ARABIC)


def test_decline(store: Store, staff: Staff) -> None:
    case = declined(store, staff)
    letter = compose_letter(store, case.id, K.DECLINE, today=TODAY)
    text = letter.as_text()

    assert case.reference in text and "Friday 16 January 2026" in text
    assert "Why: Not a service failure: the policy was applied" in text
    assert "Housing Ombudsman" in text
    assert letter.signer == "Dov Director"
    assert_names_kept(letter, MARKUP)


def test_each_profile_writes_every_kind_it_allows(store: Store, staff: Staff) -> None:
    """The matrix, on one database: every allowed kind composes for every profile."""
    built = {
        K.ACKNOWLEDGEMENT: acknowledged,
        K.EXTENSION: extended,
        K.RESPONSE: answered,
        K.FINAL_RESPONSE: at_last_stage,
        K.QUICK_FIX: quick_fixed,
        K.NOT_ACCEPTED: turned_away,
        K.DECLINE: lambda store, staff, _profile: declined(store, staff),
    }
    for profile in PROFILES:
        for kind in ALLOWED[profile]:
            case = built[kind](store, staff, profile)
            letter = compose_letter(store, case.id, kind, today=TODAY)
            assert letter.kind is kind and letter.reference == case.reference
            assert letter.subject and letter.body and case.reference in letter.as_text()


# -- a kind the case has not reached --------------------------------------------------------------


def _contact(store: Store, staff: Staff, profile: str, answers: TriageAnswers) -> s.CaseDetail:
    use_profile(store, staff, profile)
    capture = s.ContactCapture(
        Channel.PHONE,
        answers,
        "Tap dripping",
        resident_id=new_resident(store, staff),
        complaint_offered=answers.dissatisfied,
    )
    logged = s.log_contact(store, staff.handler, capture, now=RECEIVED)
    return s.get_case(store, logged.case.id)


def _service_request(store: Store, staff: Staff, profile: str) -> s.CaseDetail:
    answers = TriageAnswers(
        contacted_on=RECEIVED.date(),
        dissatisfied=True,
        wants_response_or_action=True,
        first_time_reported=True,
    )
    return _contact(store, staff, profile, answers)


def _compliment(store: Store, staff: Staff, profile: str) -> s.CaseDetail:
    return _contact(store, staff, profile, TriageAnswers(RECEIVED.date(), is_praise=True))


NOT_REACHED = [
    ("hos-code", acknowledged, K.EXTENSION, r"Stage 1 of {ref} has not been extended\. "
     r"Letters it has reached: acknowledgement, response\."),
    ("derby-homes", answered, K.FINAL_RESPONSE, r"{ref} is at stage 1 - formal complaint, not the "
     r"last stage: .*Letters it has reached: acknowledgement, extension, response\."),
    ("hos-code", at_last_stage, K.RESPONSE, r"Stage 2 \(final\) is the last stage for {ref}: its "
     r"answer is the final response .*Letters it has reached: acknowledgement, final-response\."),
    ("derwent-living", at_last_stage, K.ACKNOWLEDGEMENT, r"Final stage - chief executive and two "
     r"board members of {ref} has no acknowledgement .*Letters it has reached: final-response\."),
    ("derwent-living", reviewed, K.DECLINE, r"The review of {ref} was not declined\. Letters it "
     r"has reached: acknowledgement, response\."),
    ("derive", answered, K.QUICK_FIX, r"{ref} was not resolved as a quick fix\."),
    ("derive", answered, K.NOT_ACCEPTED, r"{ref} was not turned away with an exclusion"),
    ("hos-code", turned_away, K.ACKNOWLEDGEMENT, r"{ref} has not reached a formal stage yet\. "
     r"Letters it has reached: not-accepted\."),
    ("derwent-living", quick_fixed, K.RESPONSE, r"{ref} has not reached a formal stage yet\. "
     r"Letters it has reached: quick-fix\."),
    # A first-time service request is turned away with that exclusion: it has that letter.
    ("derby-homes", _service_request, K.ACKNOWLEDGEMENT, r"{ref} is a service request, not a "
     r"complaint: it has no acknowledgement letter\. Letters it has reached: not-accepted\."),
    ("hos-code", _compliment, K.RESPONSE, r"{ref} is a compliment, not a complaint: it has no "
     r"response letter\. Letters it has reached: none yet\."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("profile", "build", "kind", "said"),
    NOT_REACHED,
    ids=[f"{p}-{b.__name__.strip('_')}-{k.value}" for p, b, k, _ in NOT_REACHED],
)
def test_a_kind_not_reached_is_refused_naming_what_is_reached(
    store: Store, staff: Staff, profile: str, build: object, kind: LetterKind, said: str
) -> None:
    case = build(store, staff, profile)  # type: ignore[operator]
    with pytest.raises(s.RuleViolation, match=said.format(ref=case.reference)) as raised:
        compose_letter(store, case.id, kind, today=TODAY)
    assert "\n" not in str(raised.value)


# -- the landlord's own templates and letterhead --------------------------------------------------


def test_a_landlords_folder_overrides_one_file_and_not_the_others(
    store: Store, staff: Staff, tmp_path: Path
) -> None:
    case = answered(store, staff, "derwent-living")
    (tmp_path / "acknowledgement.txt.j2").write_text(
        "Subject: Got it, {{ case.reference }}\n\nOur own words for {{ resident.name }}.\n",
        encoding="utf-8",
    )
    set_letter_settings(store, staff.lead, letters_folder=str(tmp_path), now=ANSWERED)

    own = compose_letter(store, case.id, K.ACKNOWLEDGEMENT, today=TODAY)
    # The landlord's general file wins over the shipped Derwent one.
    assert own.subject == f"Got it, {case.reference}"
    assert own.body == (f"Our own words for {MARKUP}.",)
    shipped = text_of(store, case.id, K.RESPONSE)
    assert "We looked at each part of your complaint" in shipped

    # A file in the folder's profile sub-folder wins over the folder's general one.
    (tmp_path / "derwent-living").mkdir()
    (tmp_path / "derwent-living" / "acknowledgement.txt.j2").write_text(
        "Subject: Derwent's own\n\nFor {{ case.reference }}.\n", encoding="utf-8"
    )
    assert compose_letter(store, case.id, K.ACKNOWLEDGEMENT, today=TODAY).subject == (
        "Derwent's own"
    )


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("Subject: x\n\n{% if %}\nmore\n", 3),  # a syntax error
        ("Subject: x\n{{ case.refrence }}\n\nmore\n", 2),  # a misspelt name
        ("Subject: x\n{{ no_such_name }}\n", 2),  # an undefined name
    ],
    ids=["syntax", "misspelt-attribute", "undefined-name"],
)
def test_a_broken_landlord_template_is_one_sentence_naming_file_and_line(
    store: Store, staff: Staff, tmp_path: Path, source: str, line: int
) -> None:
    case = acknowledged(store, staff, "hos-code")
    path = tmp_path / "acknowledgement.txt.j2"
    path.write_text(source, encoding="utf-8")
    set_letter_settings(store, staff.admin, letters_folder=str(tmp_path), now=ANSWERED)

    with pytest.raises(LetterTemplateError) as raised:
        compose_letter(store, case.id, K.ACKNOWLEDGEMENT, today=TODAY)
    sentence = str(raised.value)
    assert str(path) in sentence and f"at line {line}:" in sentence
    assert "\n" not in sentence and "Traceback" not in sentence
    # The other kinds still come from the shipped templates.
    assert case.reference in text_of(store, case.id, K.RESPONSE)


def test_the_letterhead_is_printed_and_only_a_supervisor_sets_it(
    store: Store, staff: Staff
) -> None:
    case = acknowledged(store, staff, "hos-code")
    assert text_of(store, case.id, K.ACKNOWLEDGEMENT).startswith("Your landlord\n")
    with pytest.raises(s.PermissionDenied):
        set_letter_settings(store, staff.handler, name="Cal's Homes", now=ANSWERED)
    set_letter_settings(
        store,
        staff.lead,
        name="Riverside Homes",
        address=("1 High Street", "Leeds LS1 1AA"),
        phone="0113 496 0000",
        email="complaints@riverside.example",
        signature="Customer Relations Team",
        now=ANSWERED,
    )
    letter = compose_letter(store, case.id, K.ACKNOWLEDGEMENT, today=TODAY)
    text = letter.as_text()

    assert text.startswith(
        "Riverside Homes\n1 High Street\nLeeds LS1 1AA\n"
        "Phone 0113 496 0000 · complaints@riverside.example\n"
    )
    assert text.rstrip().endswith(
        "Mo Manager\nRepairs Manager\nCustomer Relations Team\nOn behalf of Riverside Homes"
    )


# -- letters sent --------------------------------------------------------------------------------


def test_a_sent_letter_is_kept_as_its_words_whatever_the_template_says_later(
    store: Store, staff: Staff, tmp_path: Path
) -> None:
    case = answered(store, staff, "derby-homes")
    template = tmp_path / "acknowledgement.txt.j2"
    template.write_text("Subject: First wording\n\nFirst words for {{ case.reference }}.\n")
    set_letter_settings(store, staff.lead, letters_folder=str(tmp_path), now=ANSWERED)
    letter = compose_letter(store, case.id, K.ACKNOWLEDGEMENT, today=ANSWERED.date())
    sent_at = at(2026, 1, 14, 15)
    earlier = sent_letters(store, case.id)  # sending the response kept its own copy

    after = record_letter_sent(
        store,
        staff.manager,
        case.id,
        case.version,
        letter,
        LetterChannel.EMAIL,
        "bob@example.org",
        now=sent_at,
    )
    assert after.version > case.version
    info, *rest = sent_letters(store, case.id)  # newest first
    assert rest == earlier
    assert (info.kind, info.stage, info.channel) == (K.ACKNOWLEDGEMENT, 1, LetterChannel.EMAIL)
    assert (info.recipient, info.by_name, info.at) == ("bob@example.org", "Mo Manager", sent_at)
    entry = case_timeline(store, case.id)[-1]
    assert (entry.action, entry.actor_name, entry.at) == ("letter_sent", "Mo Manager", sent_at)

    template.write_text("Subject: Second wording\n\nSecond words.\n")
    later = os.stat(template).st_mtime + 10  # Jinja reloads a template when its time changes
    os.utime(template, (later, later))
    assert (
        compose_letter(store, case.id, K.ACKNOWLEDGEMENT, today=TODAY).subject == "Second wording"
    )
    opened_info, opened_letter = open_sent_letter(store, info.id)
    assert opened_letter == letter
    assert opened_letter.as_text() == letter.as_text()
    assert opened_letter.subject == "First wording" and opened_info == info

    with pytest.raises(s.ConflictError):
        record_letter_sent(
            store,
            staff.manager,
            case.id,
            case.version,  # stale: the first letter moved it on
            letter,
            LetterChannel.POST,
            "",
            now=sent_at,
        )
    assert sent_letters(store, case.id) == [info, *earlier]


def test_a_call_handler_sends_a_quick_fix_letter_but_not_a_response(
    store: Store, staff: Staff
) -> None:
    fixed = quick_fixed(store, staff, "derwent-living")
    letter = compose_letter(store, fixed.id, K.QUICK_FIX, today=TODAY)
    record_letter_sent(
        store, staff.handler, fixed.id, fixed.version, letter, LetterChannel.POST, "", now=FINAL
    )
    [info] = sent_letters(store, fixed.id)
    assert info.recipient == POLISH and info.by_name == "Cal Handler"  # the addressee by default

    case = answered(store, staff, "derwent-living")
    earlier = sent_letters(store, case.id)
    response = compose_letter(store, case.id, K.RESPONSE, today=TODAY)
    with pytest.raises(s.PermissionDenied):
        record_letter_sent(
            store, staff.handler, case.id, case.version, response, LetterChannel.POST, "", now=FINAL
        )
    assert sent_letters(store, case.id) == earlier


# -- the PDF says the same words -----------------------------------------------------------------


@pytest.mark.parametrize("kind", list(K), ids=[k.value for k in K])
def test_the_pdf_says_the_words_of_the_text(store: Store, staff: Staff, kind: LetterKind) -> None:
    build = {
        K.ACKNOWLEDGEMENT: acknowledged,
        K.EXTENSION: extended,
        K.RESPONSE: answered,
        K.FINAL_RESPONSE: at_last_stage,
        K.QUICK_FIX: quick_fixed,
        K.NOT_ACCEPTED: turned_away,
    }.get(kind, lambda store, staff, _profile: declined(store, staff))
    case = build(store, staff, "derwent-living")  # the profile with every kind
    letter = compose_letter(store, case.id, kind, today=TODAY)

    assert letter_words(letter_pdf(letter), letter.reference) == letter.words()
