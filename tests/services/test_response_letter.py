"""The stage response is kept among the letters sent: the handler's words (drafted from the
response template) in the letter's frame, to the resident, by the channel chosen; a broken
template never stops a response going."""

from __future__ import annotations

from pathlib import Path

from complaints_tui import services as s
from complaints_tui.domain.letters import LetterChannel, LetterKind
from complaints_tui.services.letters.compose import response_draft
from complaints_tui.services.letters.landlord import set_letter_settings
from complaints_tui.services.letters.sent import open_sent_letter, sent_letters
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at
from tests.services.test_stage1 import full_checklist, worked


def test_the_response_sent_is_kept_as_a_letter(store: Store, staff: Staff) -> None:
    case = worked(store, staff)
    draft = response_draft(store, case.id, today=at(2026, 1, 14).date())
    assert "Mould not treated" in draft and "Our decision: upheld." in draft
    assert "Mould wash, by Wednesday 21 January 2026" in draft
    edited = draft + "\n\nWe will call you on Friday to arrange the mould wash."
    case = s.send_response(
        store,
        staff.manager,
        case.id,
        case.version,
        full_checklist(edited),
        now=at(2026, 1, 14),
        channel=LetterChannel.EMAIL,
    )
    [info] = sent_letters(store, case.id)
    assert info.kind is LetterKind.RESPONSE and info.channel is LetterChannel.EMAIL
    assert info.by_name == staff.manager.name
    _, letter = open_sent_letter(store, info.id)
    assert letter.body[-1] == "We will call you on Friday to arrange the mould wash."
    assert letter.salutation.startswith("Dear ") and letter.signer == staff.manager.name
    assert letter.subject.startswith("Our stage 1 response")
    assert info.recipient == ", ".join(letter.addressee)


def test_a_broken_template_does_not_stop_the_response(
    store: Store, staff: Staff, tmp_path: Path
) -> None:
    (tmp_path / "response.txt.j2").write_text("Subject: x\n\n{{ no_such_name }}\n")
    set_letter_settings(store, staff.admin, letters_folder=str(tmp_path), now=at(2026, 1, 14))
    case = worked(store, staff)
    case = s.send_response(
        store, staff.manager, case.id, case.version, full_checklist("Our answer."),
        now=at(2026, 1, 14),
    )  # fmt: skip
    [info] = sent_letters(store, case.id)
    _, letter = open_sent_letter(store, info.id)
    assert letter.body == ("Our answer.",)
    assert letter.subject == f"Stage response: {case.reference}"
