"""Letters sent on a case: stored as they were sent (words, to whom, how, when, by whom), on the
timeline, and re-opened exactly as sent whatever the templates say later."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints_tui.domain.letters import Letter, LetterChannel, LetterKind, refusal
from complaints_tui.services._core import EVERYONE, require_actor
from complaints_tui.services.cases.case_view import build_detail, sent_letter_info
from complaints_tui.services.cases.casework import require_case_worker
from complaints_tui.services.cases.command import CaseGuard, case_command
from complaints_tui.services.cases.types import CaseDetail, SentLetterInfo
from complaints_tui.services.errors import NotFound, RuleViolation
from complaints_tui.services.letters.compose import facts_of
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

# Written at the point of call by whoever took it; every other letter is case work.
POINT_OF_CALL = frozenset({LetterKind.QUICK_FIX, LetterKind.NOT_ACCEPTED})


def _guard_for(kind: LetterKind) -> CaseGuard:
    def guard(session: Session, actor: Actor, case: m.Case, doing: str) -> m.User:
        if kind in POINT_OF_CALL:
            return require_actor(session, actor, EVERYONE, doing)
        return require_case_worker(session, actor, case, doing)

    return guard


def record_letter_sent(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    letter: Letter,
    channel: LetterChannel,
    recipient: str,
    *,
    now: datetime | None = None,
) -> CaseDetail:
    """Keep the letter as sent, with how and to whom; audited and on the timeline."""
    doing = f"send the {letter.kind.label.lower()} letter"
    with case_command(
        store, actor, case_id, expected_version, doing, _guard_for(letter.kind), now=now
    ) as cmd:
        session, case = cmd.session, cmd.case
        if letter.kind in (LetterKind.RESPONSE, LetterKind.FINAL_RESPONSE):
            raise RuleViolation(
                "A stage's response is sent with the response checklist (S on the case), which "
                "checks it is complete first; it is then kept among the letters sent."
            )
        if letter.reference != case.reference:
            raise RuleViolation(
                f"This letter is for {letter.reference}, not {case.reference}: nothing was sent."
            )
        detail = build_detail(session, case, cmd.today)
        refused = refusal(letter.kind, facts_of(case, detail))
        if refused is not None:
            raise RuleViolation(refused)
        to = recipient.strip() or (letter.addressee[0] if letter.addressee else "")
        if not to:
            raise RuleViolation("Say who the letter went to.")
        row = m.SentLetter(
            case_id=case.id,
            stage=case.stage,
            kind=letter.kind.value,
            channel=channel.value,
            recipient=to,
            content=letter.to_dict(),
            by_id=cmd.user.id,
            at=cmd.at,
        )
        session.add(row)
        session.flush()
        cmd.audit(
            "letter_sent",
            after={
                "letter_id": row.id,
                "kind": letter.kind.value,
                "channel": channel.value,
                "recipient": to,
                "stage": case.stage,
            },
        )
        return cmd.finish()


def sent_letters(store: Store, case_id: int) -> list[SentLetterInfo]:
    """The letters sent on the case, newest first."""
    names: dict[int, str] = {}
    with store.reading() as session:
        rows = session.scalars(
            select(m.SentLetter)
            .where(m.SentLetter.case_id == case_id)
            .order_by(m.SentLetter.id.desc())
        ).all()
        return [sent_letter_info(session, row, names) for row in rows]


def open_sent_letter(store: Store, letter_id: int) -> tuple[SentLetterInfo, Letter]:
    """A sent letter exactly as it was sent."""
    with store.reading() as session:
        row = session.get(m.SentLetter, letter_id)
        if row is None:
            raise NotFound(f"There is no sent letter with id {letter_id}.")
        return sent_letter_info(session, row, {}), Letter.from_dict(row.content)
