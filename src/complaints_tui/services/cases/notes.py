"""Notes on a case (its case workers') and contacts about it (anyone who takes the call): each a
row the workspace lists, newest first, and an event on the case's timeline."""

from __future__ import annotations

from datetime import datetime

from complaints_tui.domain.kinds import Channel
from complaints_tui.domain.text import text_fault
from complaints_tui.services._core import EVERYONE, need_text
from complaints_tui.services.cases.casework import require_case_worker
from complaints_tui.services.cases.command import CaseCommand, case_command
from complaints_tui.services.cases.types import CaseDetail
from complaints_tui.services.errors import RuleViolation
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

# Long enough for a page of notes from a visit; anything longer belongs in a letter or document.
NOTE_LIMIT = 4_000


def add_note(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    text: str,
    *,
    now: datetime | None = None,
) -> CaseDetail:
    """A note on the case, by its handler or a team lead / administrator (any status: a closed
    case still gathers notes)."""
    with case_command(
        store, actor, case_id, expected_version, "add a note", require_case_worker, now=now
    ) as cmd:
        note = _noted(cmd, "note", None, checked(text, "the note"))
        cmd.audit("note_added", after={"note_id": note.id, "text": note.text})
        return cmd.finish()


def log_case_contact(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    channel: Channel,
    summary: str,
    *,
    now: datetime | None = None,
) -> CaseDetail:
    """The resident (or someone for them) got in touch about this case: how, and what was said.
    Anyone signed in may log it, whatever the case's status."""
    with case_command(
        store, actor, case_id, expected_version, "log a contact on a case", EVERYONE, now=now
    ) as cmd:
        how = Channel(channel)
        note = _noted(cmd, "contact", how, checked(summary, "what the contact was about"))
        cmd.audit(
            "case_contact_logged",
            after={"note_id": note.id, "channel": how.value, "summary": note.text},
        )
        return cmd.finish()


def checked(value: str, what: str, limit: int = NOTE_LIMIT) -> str:
    """Text a user typed, trimmed, not blank, and kept by the one text rule (several lines may
    be), or refused in a sentence that names `what`."""
    text = need_text(value, what)
    fault = text_fault(text, limit=limit, multiline=True)
    if fault is not None:
        raise RuleViolation(f"{what[0].upper()}{what[1:]} {fault}.")
    return text


def _noted(cmd: CaseCommand, kind: str, channel: Channel | None, text: str) -> m.CaseNote:
    note = m.CaseNote(
        case_id=cmd.case.id,
        kind=kind,
        channel=channel.value if channel is not None else None,
        text=text,
        by_id=cmd.user.id,
        at=cmd.at,
    )
    cmd.session.add(note)
    cmd.session.flush()
    return note
