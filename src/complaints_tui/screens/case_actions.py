"""Every stage action of the workspace as a small form: when it applies, what it says it will do,
its fields, and the service it calls. The services still decide (roles, the profile's rules);
`applies` only keeps keys that cannot work out of the footer, help and palette."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from complaints_tui.domain.kinds import CaseStatus, Channel, Decision
from complaints_tui.domain.letters import LetterChannel
from complaints_tui.domain.redress import format_pence
from complaints_tui.screens.case_form import CaseAction, Field, FieldKind
from complaints_tui.services.cases.advice import StageAdvice
from complaints_tui.services.cases.types import (
    CaseDetail,
    CloseInput,
    ResponseChecklist,
)
from complaints_tui.services.people.types import UserInfo
from complaints_tui.widgets.dates import show_day

DECISIONS = (
    ("Upheld", Decision.UPHELD.value),
    ("Partly upheld", Decision.PARTLY_UPHELD.value),
    ("Not upheld", Decision.NOT_UPHELD.value),
)
CASE_WORKER_ROLES = ("investigating_manager", "service_director", "team_lead")


@dataclass(frozen=True)
class Desk:
    """What the forms know besides the case: staff to pick from and the stage's rules."""

    users: tuple[UserInfo, ...]
    advice: StageAdvice
    today_text: str  # today as the forms show it, e.g. "3/3/2026"
    response_draft: str = ""  # the stage response's body as its letter template writes it


def _people(desk: Desk, *, workers_only: bool) -> tuple[tuple[str, str], ...]:
    return tuple(
        (f"{u.name} · {u.role.label}", str(u.id))
        for u in desk.users
        if u.active and (not workers_only or u.role.value in CASE_WORKER_ROLES)
    )


def _stage(case: CaseDetail) -> str:
    return "the point of call" if case.stage == 0 else f"stage {case.stage}"


def _current(case: CaseDetail) -> Any:
    return next((row for row in case.stages if row.stage == case.stage), None)


def _open_formal(case: CaseDetail) -> bool:
    return case.status is CaseStatus.OPEN and case.stage >= 1


def _open_items(case: CaseDetail) -> tuple[tuple[str, str], ...]:
    remedies = tuple(
        (f"Remedy: {r.description}", f"remedy:{r.id}") for r in case.remedies if r.done_on is None
    )
    actions = tuple(
        (f"Action: {a.description} ({a.owner_name})", f"action:{a.id}")
        for a in case.actions
        if a.done_on is None
    )
    return remedies + actions


def _id(value: str) -> int:
    return int(value)


# -- the actions --------------------------------------------------------------------------------


def acknowledge(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services.cases.stages import acknowledge as service

    due = next(
        (d for d in case.deadlines if d.stage == case.stage and d.kind == "acknowledge"), None
    )
    when = f" It is due by {show_day(due.due_on)} ({due.state.label})." if due else ""
    return CaseAction(
        "Acknowledge",
        f"Record that {_stage(case)} was acknowledged to the resident, naming its handler.{when}",
        (Field("on", "Acknowledged on", FieldKind.DATE, value=desk.today_text),),
        lambda store, actor, cid, v, f, now: service(store, actor, cid, v, on=f["on"], now=now),
        "Acknowledgement recorded.",
    )


def assign(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services.cases.stages import assign as service

    rule = f" {desk.advice.reviewer_rule}" if case.stage >= 2 and desk.advice.reviewer_rule else ""
    now = case.summary.handler_name or "nobody yet"
    return CaseAction(
        "Assign",
        f"Give {_stage(case)} to a handler (now: {now}).{rule}",
        (Field("handler", "Handler", FieldKind.CHOICE, choices=_people(desk, workers_only=True)),),
        lambda store, actor, cid, v, f, now_: service(
            store, actor, cid, v, _id(f["handler"]), now=now_
        ),
        "Handler assigned.",
    )


def extend(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services.cases.stages import extend as service

    advice = desk.advice
    latest = (
        f" The latest date without a good reason is {show_day(advice.latest_without_reason)}."
        if advice.latest_without_reason
        else ""
    )
    return CaseAction(
        "Extend the response date",
        f"The response is due by {show_day(advice.respond_by)}. {advice.extension_rule}."
        f"{latest} The resident must be told the new date and why.",
        (
            Field("new_due_on", "New response date", FieldKind.DATE),
            Field("reason", "Reason", FieldKind.LONG),
            Field("how_told", "How the resident was told", hint="phone call, letter, email…"),
            Field("told_on", "Told on", FieldKind.DATE, value=desk.today_text),
            Field("beyond", "Good reason to go beyond the limit", FieldKind.LONG, required=False),
        ),
        lambda store, actor, cid, v, f, now: service(
            store,
            actor,
            cid,
            v,
            f["new_due_on"],
            f["reason"],
            f["how_told"],
            told_on=f["told_on"],
            good_reason_beyond_limit=f["beyond"],
            now=now,
        ),
        "Response date extended.",
    )


def add_component(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services.cases.findings import add_component as service

    return CaseAction(
        "Add a part",
        f"A separate thing complained about, investigated and decided at {_stage(case)}.",
        (Field("summary", "What this part is about", FieldKind.LONG),),
        lambda store, actor, cid, v, f, now: service(store, actor, cid, v, f["summary"], now=now),
        "Part added.",
    )


def record_decision(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services.cases.findings import record_decision as service

    parts = tuple(
        (
            f"{c.summary}" + (f" (now {c.decision.value.replace('_', ' ')})" if c.decision else ""),
            str(c.id),
        )
        for c in case.components
        if c.stage == case.stage
    )
    review = " A decision that differs from the earlier stage's is marked overturned."
    return CaseAction(
        "Record a decision",
        f"The finding and the decision for one part of {_stage(case)}."
        + (review if case.stage >= 2 else ""),
        (
            Field("component", "Part", FieldKind.CHOICE, choices=parts),
            Field("finding", "Finding", FieldKind.LONG),
            Field("decision", "Decision", FieldKind.CHOICE, choices=DECISIONS),
        ),
        lambda store, actor, cid, v, f, now: service(
            store,
            actor,
            cid,
            v,
            _id(f["component"]),
            f["finding"],
            Decision(f["decision"]),
            now=now,
        ),
        "Decision recorded.",
    )


def add_remedy(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services.cases.findings import add_remedy as service

    return CaseAction(
        "Add a remedy",
        "What will be put right, and by when (it goes in the response).",
        (
            Field("description", "What will be put right", FieldKind.LONG),
            Field("due_on", "By", FieldKind.DATE),
        ),
        lambda store, actor, cid, v, f, now: service(
            store, actor, cid, v, f["description"], f["due_on"], now=now
        ),
        "Remedy added.",
    )


def add_action(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services.cases.findings import add_outstanding_action as service

    return CaseAction(
        "Add an outstanding action",
        "Work still to do once the answer is known, tracked after the response.",
        (
            Field("description", "What has to be done", FieldKind.LONG),
            Field("owner", "Owner", FieldKind.CHOICE, choices=_people(desk, workers_only=False)),
            Field("due_on", "By", FieldKind.DATE),
        ),
        lambda store, actor, cid, v, f, now: service(
            store, actor, cid, v, f["description"], _id(f["owner"]), f["due_on"], now=now
        ),
        "Action added.",
    )


def mark_done(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services.cases.findings import mark_done as service

    def run(store: Any, actor: Any, cid: int, v: int, f: dict[str, Any], now: Any) -> CaseDetail:
        kind, _, row = f["item"].partition(":")
        which = {"remedy_id": int(row)} if kind == "remedy" else {"action_id": int(row)}
        return service(store, actor, cid, v, on=f["on"], now=now, **which)

    return CaseAction(
        "Mark done",
        "A remedy or an outstanding action has been done.",
        (
            Field("item", "Which", FieldKind.CHOICE, choices=_open_items(case)),
            Field("on", "Done on", FieldKind.DATE, value=desk.today_text),
        ),
        run,
        "Marked done.",
    )


def add_note(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services import add_note as service

    return CaseAction(
        "Add a note",
        "A note on the case, with your name and the time (kept for good).",
        (Field("text", "Note", FieldKind.LONG),),
        lambda store, actor, cid, v, f, now: service(store, actor, cid, v, f["text"], now=now),
        "Note added.",
    )


def log_contact(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services import log_case_contact as service

    channels = tuple((c.label, c.value) for c in Channel)
    return CaseAction(
        "Log a contact on this case",
        "Someone contacted us about this case (not a new complaint).",
        (
            Field("channel", "How", FieldKind.CHOICE, choices=channels, value=Channel.PHONE.value),
            Field("summary", "What was said", FieldKind.LONG),
        ),
        lambda store, actor, cid, v, f, now: service(
            store, actor, cid, v, Channel(f["channel"]), f["summary"], now=now
        ),
        "Contact logged.",
    )


def request_escalation(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services.cases.stages import request_escalation as service

    window = (
        f" The window to ask closes on {show_day(case.escalate_by)}; later needs a reason."
        if case.escalate_by
        else ""
    )
    return CaseAction(
        f"Escalate to stage {case.stage + 1}",
        f"The resident asks for stage {case.stage + 1}; no reason is needed.{window} "
        "A team lead then allocates the reviewer.",
        (
            Field("requested_on", "Asked on", FieldKind.DATE, value=desk.today_text),
            Field("late_reason", "Why a late request is accepted", FieldKind.LONG, False),
        ),
        lambda store, actor, cid, v, f, now: service(
            store,
            actor,
            cid,
            v,
            requested_on=f["requested_on"],
            late_reason=f["late_reason"],
            now=now,
        ),
        "Escalation recorded.",
    )


def open_next_stage(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services.cases.stages import open_next_stage as service

    return CaseAction(
        f"Allocate the stage {case.stage} reviewer",
        f"Under {desk.advice.profile_name}: {desk.advice.reviewer_rule or 'anyone'} "
        "Nobody who handled an earlier stage may review it.",
        (Field("handler", "Reviewer", FieldKind.CHOICE, choices=_people(desk, workers_only=True)),),
        lambda store, actor, cid, v, f, now: service(
            store, actor, cid, v, _id(f["handler"]), now=now
        ),
        "Reviewer allocated.",
    )


def decline_review(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services.cases.stages import decline_review as service

    return CaseAction(
        "Decline the review",
        f"{desk.advice.profile_name} lets {_stage(case)} be declined, in writing with the reason; "
        "the resident is then signposted onwards.",
        (
            Field("reason", "The written reason", FieldKind.LONG),
            Field("on", "Declined on", FieldKind.DATE, value=desk.today_text),
        ),
        lambda store, actor, cid, v, f, now: service(
            store, actor, cid, v, f["reason"], on=f["on"], now=now
        ),
        "Review declined.",
    )


def withdraw(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services.cases.closing import withdraw as service

    return CaseAction(
        "Withdraw",
        "The complaint is withdrawn; it is kept, with who withdrew it and why.",
        (
            Field("by", "Withdrawn by", value=case.summary.resident_name),
            Field("reason", "Why", FieldKind.LONG),
            Field("on", "On", FieldKind.DATE, value=desk.today_text),
        ),
        lambda store, actor, cid, v, f, now: service(
            store, actor, cid, v, f["by"], f["reason"], on=f["on"], now=now
        ),
        "Withdrawal recorded.",
    )


def close_case(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services.cases.closing import close as service

    words = {1: "very dissatisfied", 2: "dissatisfied", 3: "neither", 4: "satisfied",
             5: "very satisfied"}  # fmt: skip
    scores = tuple((f"{n}: {words[n]}", str(n)) for n in range(1, 6))

    def run(store: Any, actor: Any, cid: int, v: int, f: dict[str, Any], now: Any) -> CaseDetail:
        tags = tuple(tag.strip() for tag in f["tags"].split(",") if tag.strip())
        closing = CloseInput(
            tags,
            improvement=f["improvement"],
            satisfaction_score=int(f["score"]) if f["score"] else None,
            satisfaction_comment=f["comment"],
        )
        return service(store, actor, cid, v, closing, now=now)

    return CaseAction(
        "Close the complaint",
        "Close it with the learning it taught and how satisfied the resident was with the "
        "handling (asked at closure; leave it blank if they gave no answer).",
        (
            Field("tags", "Root cause / learning tags (commas between)"),
            Field("improvement", "Improvement made", FieldKind.LONG, required=False),
            Field("score", "Satisfaction with the handling", FieldKind.CHOICE, False, scores),
            Field("comment", "Their comment", required=False),
        ),
        run,
        "Complaint closed.",
    )


def reopen(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services.cases.closing import reopen as service

    return CaseAction(
        "Reopen",
        "The case goes back to where it stood (answered, or open at its stage).",
        (Field("reason", "Why it is reopened", FieldKind.LONG),),
        lambda store, actor, cid, v, f, now: service(store, actor, cid, v, f["reason"], now=now),
        "Case reopened.",
    )


def _checklist(f: dict[str, Any]) -> ResponseChecklist:
    letter, improvements = f["letter"], f["improvements"].strip()
    if improvements and improvements not in letter:
        # What was improved is told to the resident, not only ticked off.
        letter = f"{letter.rstrip()}\n\nWhat we have improved: {improvements}"
    return ResponseChecklist(
        letter_text=letter,
        thanks=f["thanks"],
        apology=f["apology"],
        improvements=f["improvements"],
        escalation_explained=f["escalation"],
        nothing_to_put_right=f["nothing"],
    )


def draft_letter(case: CaseDetail) -> str:
    """A plain first draft of the response's body from what is recorded, for when the letter
    template cannot be filled in (the handler edits it; "Dear …" and the signature are the
    letter's frame)."""
    lines = [
        f"Thank you for your complaint, reference {case.reference}. This is our stage "
        f"{case.stage} response.",
    ]
    for number, part in enumerate((c for c in case.components if c.stage == case.stage), 1):
        decision = part.decision.value.replace("_", " ") if part.decision else "not decided"
        lines += ["", f"{number}. {part.summary}", f"What we found: {part.finding}",
                  f"Our decision: {decision}."]  # fmt: skip
    remedies = [r for r in case.remedies if r.stage == case.stage]
    if remedies:
        lines += ["", "What we will put right:"]
        lines += [f"- {r.description} (by {show_day(r.due_on)})" for r in remedies]
    if case.redress is not None:
        lines += ["", f"We offer you {format_pence(case.redress.total_pence)}."]
        reasoning = case.redress.breakdown.strip()
        if "\n" in reasoning:  # worked out in the calculator: how, part by part (SPEC §6)
            lines += ["How we worked it out:", *reasoning.splitlines()[:-1]]
    return "\n".join(lines)


_SENT_BY = tuple((channel.label, channel.value) for channel in LetterChannel)


def send_response(case: CaseDetail, desk: Desk) -> CaseAction:
    from complaints_tui.services.cases.response import response_gaps
    from complaints_tui.services.cases.response import send_response as service

    last = case.is_last_stage
    onward = (
        "which ombudsman they can go to, and when"
        if last
        else f"how to ask for stage {case.stage + 1}: the window and who to write to"
    )
    return CaseAction(
        f"Stage {case.stage} response",
        "The response goes once every point below is done: each part decided, an apology "
        "where we were at fault, what will be put right and by when, the improvements made, "
        f"thanks, and {onward}.",
        (
            Field("thanks", "We thank the resident for raising it", FieldKind.TICK),
            Field("apology", "We apologise where we were at fault", FieldKind.TICK),
            Field(
                "improvements",
                "Improvements and safeguards made",
                FieldKind.LONG,
                False,
                note="needed where we were at fault; it goes in the letter",
            ),
            Field("nothing", "Why nothing needs putting right (if so)", FieldKind.LONG, False),
            Field("escalation", f"The letter says {onward}", FieldKind.TICK),
            Field(
                "letter",
                "The letter (between “Dear …” and the signature)",
                FieldKind.LONG,
                value=desk.response_draft or draft_letter(case),
            ),
            Field("on", "Sent on", FieldKind.DATE, value=desk.today_text),
            Field("channel", "Sent by", FieldKind.CHOICE, choices=_SENT_BY, value="post"),
        ),
        lambda store, actor, cid, v, f, now: service(
            store,
            actor,
            cid,
            v,
            _checklist(f),
            on=f["on"],
            now=now,
            channel=LetterChannel(f["channel"]),
        ),
        "Response sent.",
        check=lambda store, cid, f: response_gaps(store, cid, _checklist(f)),
    )


# -- when each applies --------------------------------------------------------------------------


def _unacknowledged(case: CaseDetail) -> bool:
    row = _current(case)
    has_due = any(d.stage == case.stage and d.kind == "acknowledge" for d in case.deadlines)
    return _open_formal(case) and row is not None and row.acknowledged_on is None and has_due


APPLIES: dict[str, Callable[[CaseDetail, Desk], bool]] = {
    "acknowledge": lambda c, d: _unacknowledged(c),
    "assign": lambda c, d: (
        c.stage >= 1
        and c.status in (CaseStatus.OPEN, CaseStatus.RESPONDED)
        and (c.stage == 1 or c.summary.handler_id is not None)
    ),
    "extend": lambda c, d: _open_formal(c),
    "add_component": lambda c, d: _open_formal(c),
    "record_decision": lambda c, d: (
        _open_formal(c) and any(p.stage == c.stage for p in c.components)
    ),
    "add_remedy": lambda c, d: _open_formal(c),
    "record_redress": lambda c, d: _open_formal(c),  # the calculator (screens.redress)
    "add_action": lambda c, d: c.status in (CaseStatus.OPEN, CaseStatus.RESPONDED),
    "mark_done": lambda c, d: bool(_open_items(c)),
    "add_note": lambda c, d: True,
    "log_contact": lambda c, d: True,
    "send_response": lambda c, d: _open_formal(c),
    "request_escalation": lambda c, d: (
        c.status is CaseStatus.RESPONDED and c.stage >= 1 and not c.is_last_stage
    ),
    "decline_review": lambda c, d: _open_formal(c) and c.stage >= 2 and d.advice.may_decline,
    "open_next_stage": lambda c, d: (
        _open_formal(c) and c.stage >= 2 and c.summary.handler_id is None
    ),
    "withdraw": lambda c, d: c.status in (CaseStatus.OPEN, CaseStatus.RESPONDED),
    "close_case": lambda c, d: c.status is CaseStatus.RESPONDED,
    "reopen": lambda c, d: c.status in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN),
}

FORMS: dict[str, Callable[[CaseDetail, Desk], CaseAction]] = {
    "acknowledge": acknowledge,
    "assign": assign,
    "extend": extend,
    "add_component": add_component,
    "record_decision": record_decision,
    "add_remedy": add_remedy,
    "add_action": add_action,
    "mark_done": mark_done,
    "add_note": add_note,
    "log_contact": log_contact,
    "send_response": send_response,
    "request_escalation": request_escalation,
    "open_next_stage": open_next_stage,
    "decline_review": decline_review,
    "withdraw": withdraw,
    "close_case": close_case,
    "reopen": reopen,
}
