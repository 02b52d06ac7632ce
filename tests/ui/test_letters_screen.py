"""The case's letters, keys only: T lists the letters the case has reached (the others say why
not), Enter shows one, S records it as sent (how and to whom), it is on the timeline, and it
re-opens exactly as sent; T and P in the preview save it as a text file and a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from textual.widgets import OptionList, Select, Static

from complaints_tui.domain.kinds import Channel
from complaints_tui.screens.case_form import CaseActionDialog
from complaints_tui.screens.letters import LetterPicker, LetterPreview
from complaints_tui.screens.queue import QueueScreen
from complaints_tui.screens.workspace import CaseWorkspace
from complaints_tui.services.cases.case_view import case_timeline, get_case
from complaints_tui.services.cases.stages import acknowledge
from complaints_tui.services.intake.calls import record_call
from complaints_tui.services.intake.types import CallCapture, CallOutcome
from complaints_tui.services.people.residents import create_resident
from complaints_tui.services.people.types import NewResident
from complaints_tui.services.people.users import list_service_areas, open_for_app, sign_in
from tests.conftest_store import complaint_answers
from tests.ui.helpers import wait_for, wait_screen, wait_shown
from tests.ui.seed import NOW, TODAY, Seed, build_seed

NAME = "Bob [/] *x* <b>y</b> #set {{ 7*7 }}"


def letter_case(tmp_path: Path) -> tuple[Seed, int]:
    """A stage 1 complaint from a resident with a markup-like name, acknowledged."""
    seed = build_seed(tmp_path, "derby-homes")
    store = open_for_app(seed.url)
    try:
        handler = sign_in(store, seed.handler_id)
        manager = sign_in(store, seed.manager_id)
        repairs = next(a for a in list_service_areas(store) if a.name == "Repairs")
        resident = create_resident(
            store, handler, NewResident(NAME, "7 Mill Lane, Derby", "DE22 3CC"), now=NOW
        )
        call = CallCapture(
            Channel.PHONE,
            complaint_answers(TODAY),
            "Damp in the bedroom [bold]x not treated",
            resident_id=resident.id,
            service_area_id=repairs.id,
        )
        case = record_call(store, handler, call, CallOutcome.STAGE1, now=NOW).case
        detail = get_case(store, case.id, today=TODAY)
        acknowledge(store, manager, case.id, detail.version, now=NOW)
        return seed, case.id
    finally:
        store.close()


def manager_app(seed: Seed) -> Any:
    from complaints_tui.app import create_app

    return create_app(seed.url, today=TODAY, drafts_dir=seed.drafts, user_id=seed.manager_id)


async def open_letters(pilot: Any) -> LetterPicker:
    queue: QueueScreen = await wait_screen(pilot, QueueScreen)
    await wait_for(pilot, lambda: bool(queue.rows))
    await pilot.press("enter")
    workspace: CaseWorkspace = await wait_screen(pilot, CaseWorkspace)
    await wait_for(pilot, lambda: workspace.is_ready)
    await pilot.press("t")
    return await wait_screen(pilot, LetterPicker)  # type: ignore[no-any-return]


async def test_write_send_and_reopen_a_letter(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("COMPLAINTS_HOME", str(tmp_path / "home"))
    seed, case_id = letter_case(tmp_path)
    app = manager_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        picker = await open_letters(pilot)
        options = picker.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown[0] == "Acknowledgement"
        assert any("Extension" in line and "not yet" in line for line in shown)
        assert options.highlighted == 0
        await pilot.press("enter")
        preview: LetterPreview = await wait_screen(pilot, LetterPreview)
        text = await wait_shown(pilot, "Dear Bob")
        assert f"Dear {NAME}," in text  # shown as typed: no markup, no template run
        assert "49" not in text
        assert "Mia Manager" in text  # the acknowledgement names the handler

        await pilot.press("t")  # save as a text file
        folder = tmp_path / "home" / "letters"
        await wait_for(pilot, lambda: any(folder.glob("*.txt")))
        saved = next(folder.glob("*.txt")).read_text(encoding="utf-8")
        assert saved == preview.letter.as_text()
        await pilot.press("p")  # and as a PDF
        await wait_for(pilot, lambda: any(folder.glob("*.pdf")))
        pdf = next(folder.glob("*.pdf"))
        await wait_for(pilot, lambda: pdf.stat().st_size > 1000)
        assert NAME in " ".join(page.extract_text() for page in PdfReader(pdf).pages)

        await pilot.press("s")
        dialog: CaseActionDialog = await wait_screen(pilot, CaseActionDialog)
        dialog.query_one("#f-channel", Select).value = "post"
        await pilot.press("f5")
        await wait_screen(pilot, LetterPreview)
        await wait_for(pilot, lambda: preview.saved_case is not None)
        about = str(preview.query_one("#letter-about", Static).render())
        assert "recorded as sent" in about
        await pilot.press("escape")
        workspace = await wait_screen(pilot, CaseWorkspace)
        await wait_for(pilot, lambda: any(e.action == "letter_sent" for e in workspace.timeline))

        picker = await open_letters_again(pilot)
        options = picker.query_one(OptionList)
        sent_index = next(
            i
            for i in range(options.option_count)
            if str(options.get_option_at_index(i).prompt).startswith("Sent ")
        )
        options.highlighted = sent_index
        await pilot.press("enter")
        reopened: LetterPreview = await wait_screen(pilot, LetterPreview)
        await wait_shown(pilot, "shown exactly as it was sent")
        assert reopened.letter == preview.letter

    store = open_for_app(seed.url)
    try:
        entries = case_timeline(store, case_id)
        sent = [e for e in entries if e.action == "letter_sent"]
        assert len(sent) == 1 and sent[0].after["channel"] == "post"
        assert sent[0].after["recipient"].startswith(NAME)
    finally:
        store.close()


async def open_letters_again(pilot: Any) -> LetterPicker:
    await pilot.press("t")
    return await wait_screen(pilot, LetterPicker)  # type: ignore[no-any-return]


async def test_a_letter_not_reached_cannot_be_chosen(tmp_path: Path) -> None:
    seed, _ = letter_case(tmp_path)
    app = manager_app(seed)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_letters(pilot)
        options = picker.query_one(OptionList)
        final = next(
            i
            for i in range(options.option_count)
            if str(options.get_option_at_index(i).prompt).startswith("Final response")
        )
        assert options.get_option_at_index(final).disabled
        await pilot.press("down")  # moves past disabled options only onto ones that can be had
        assert not options.get_option_at_index(options.highlighted or 0).disabled
        await pilot.press("escape")
        await wait_screen(pilot, CaseWorkspace)


async def test_a_response_is_only_a_draft_here_and_sent_letters_are_listed(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """Found by a newcomer: the stage response could be "sent" from the letters, past the
    checklist; the Letters pane said none were sent; at 80×24 the list hid the sent ones."""
    monkeypatch.setenv("COMPLAINTS_HOME", str(tmp_path / "home"))
    seed, _ = letter_case(tmp_path)
    app = manager_app(seed)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_letters(pilot)
        options = picker.query_one(OptionList)
        assert options.region.bottom <= 24
        options.highlighted = next(
            i
            for i in range(options.option_count)
            if str(options.get_option_at_index(i).prompt) == "Stage response"
        )
        await pilot.press("enter")
        preview: LetterPreview = await wait_screen(pilot, LetterPreview)
        await wait_shown(pilot, "a draft: the response is sent with the checklist")
        assert preview.check_action("send_letter", ()) is False
        await pilot.press("s")
        assert not isinstance(pilot.app.screen, CaseActionDialog)
        await pilot.press("escape")
        await wait_screen(pilot, CaseWorkspace)

        picker = await open_letters_again(pilot)  # the acknowledgement, sent by email
        await pilot.press("enter")
        await wait_screen(pilot, LetterPreview)
        await pilot.press("s")
        dialog: CaseActionDialog = await wait_screen(pilot, CaseActionDialog)
        dialog.query_one("#f-channel", Select).value = "email"
        await pilot.press("f5")
        preview = await wait_screen(pilot, LetterPreview)
        await wait_for(pilot, lambda: preview.saved_case is not None)
        await pilot.press("escape")
        workspace: CaseWorkspace = await wait_screen(pilot, CaseWorkspace)
        await wait_for(pilot, lambda: workspace.case is not None and bool(workspace.case.letters))
        pane = str(workspace.query_one("#letters-text", Static).render())
        assert "Acknowledgement · stage 1 · email · to Bob [/]" in pane

        picker = await open_letters_again(pilot)
        options = picker.query_one(OptionList)
        last = options.option_count - 1
        assert str(options.get_option_at_index(last).prompt).startswith("Sent ")
        options.highlighted = last  # the list scrolls to it inside the screen
        await wait_for(pilot, lambda: options.scroll_offset.y + options.size.height > last)
        assert options.region.bottom <= 24
