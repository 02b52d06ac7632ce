"""Snapshots of the manager's desk at 120×36 and 80×24: a queue, a case's workspace, the response
checklist and the message a second terminal's save brings. The resident is `Bob [/]` and the
case says `[@click=app.quit]x[/]`: both shown literally. Fixed clock, no cursor blink."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, TextArea

from complaints_tui.app import create_app
from complaints_tui.domain.kinds import Channel
from complaints_tui.screens.case_form import CaseActionDialog
from complaints_tui.screens.queue import QueueScreen
from complaints_tui.screens.workspace import CaseWorkspace
from complaints_tui.services import add_note
from complaints_tui.services.cases.case_view import get_case
from complaints_tui.services.cases.findings import add_component
from complaints_tui.services.cases.stages import acknowledge
from complaints_tui.services.intake.calls import record_call
from complaints_tui.services.intake.types import CallCapture, CallOutcome
from complaints_tui.services.people.users import list_service_areas, open_for_app, sign_in
from tests.conftest_store import complaint_answers
from tests.ui.helpers import wait_for, wait_screen
from tests.ui.seed import NOW, TODAY, Seed, build_seed

SIZES = [(120, 36), (80, 24)]
Snap = Callable[..., bool]


def _desk(tmp_path: Path) -> tuple[Seed, int]:
    """Three stage 1 complaints routed to the manager; Bob's acknowledged with a part."""
    seed = build_seed(tmp_path)
    store = open_for_app(seed.url)
    try:
        handler = sign_in(store, seed.handler_id)
        manager = sign_in(store, seed.manager_id)
        repairs = next(a for a in list_service_areas(store) if a.name == "Repairs")
        ids = {}
        for who, what in (
            ("ann", "Tap leaking in the kitchen"),
            ("bob", "Door not fixed [@click=app.quit]x[/] since January"),
            ("dan", "Fence down after the storm"),
        ):
            call = CallCapture(
                Channel.PHONE,
                complaint_answers(TODAY),
                what,
                resident_id=seed.residents[who],
                service_area_id=repairs.id,
            )
            ids[who] = record_call(store, handler, call, CallOutcome.STAGE1, now=NOW).case.id
        case = get_case(store, ids["bob"], today=TODAY)
        case = acknowledge(store, manager, case.id, case.version, now=NOW)
        case = add_component(store, manager, case.id, case.version, "Door repair [bold]x", now=NOW)
        add_note(store, manager, case.id, case.version, "Called Bob [/]: no answer", now=NOW)
        return seed, ids["bob"]
    finally:
        store.close()


def _app(seed: Seed) -> Any:
    return create_app(seed.url, today=TODAY, drafts_dir=seed.drafts, user_id=seed.manager_id)


def _no_blink(pilot: Pilot[Any]) -> None:
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]


async def _queue(pilot: Pilot[Any]) -> QueueScreen:
    queue: QueueScreen = await wait_screen(pilot, QueueScreen)
    await wait_for(pilot, lambda: len(queue.rows) == 3)
    # The stages and scopes lists load in their own worker; the footer's F6/F7 follow them.
    await wait_for(pilot, lambda: len(queue.stages) > 1 and len(queue.scopes) > 1)
    await pilot.pause()
    return queue


async def _bob(pilot: Pilot[Any]) -> CaseWorkspace:
    queue = await _queue(pilot)
    await pilot.press(
        *["down"] * next(i for i, r in enumerate(queue.rows) if "Bob" in r.resident_name)
    )

    def on_bob() -> bool:
        """The cursor on Bob's case (a reload of the page just after the keys puts it back to
        the top: then the keys are pressed again)."""
        row = queue.current_row()
        return row is not None and "Bob" in row.resident_name

    if not on_bob():
        table = queue.query_one("#queue-table", DataTable)
        table.focus()
        table.move_cursor(row=next(i for i, r in enumerate(queue.rows) if "Bob" in r.resident_name))
    await wait_for(pilot, on_bob)
    await pilot.press("enter")
    workspace: CaseWorkspace = await wait_screen(pilot, CaseWorkspace)
    await wait_for(pilot, lambda: workspace.is_ready)
    return workspace


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_queue(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    seed, _ = _desk(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _queue(pilot)
        _no_blink(pilot)

    assert snap_compare(_app(seed), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_workspace(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    seed, _ = _desk(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _bob(pilot)
        _no_blink(pilot)

    assert snap_compare(_app(seed), terminal_size=size, run_before=run_before)


def test_response_checklist(snap_compare: Snap, tmp_path: Path) -> None:
    seed, _ = _desk(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _bob(pilot)
        await pilot.press("s")
        dialog: CaseActionDialog = await wait_screen(pilot, CaseActionDialog)
        await wait_for(pilot, lambda: bool(dialog.gaps))
        _no_blink(pilot)

    assert snap_compare(_app(seed), terminal_size=(120, 36), run_before=run_before)


def test_a_second_terminal_saved_first(snap_compare: Snap, tmp_path: Path) -> None:
    """Terminal B adds a note while A types one: A's save is refused in a sentence, the case is
    read again underneath, and A's words stay in the form."""
    seed, case_id = _desk(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _bob(pilot)
        await pilot.press("n")
        dialog: CaseActionDialog = await wait_screen(pilot, CaseActionDialog)
        dialog.query_one("#f-text", TextArea).text = "Spoke to Bob [/] about the door"
        store = open_for_app(seed.url)
        try:
            lead = sign_in(store, 2)
            case = get_case(store, case_id, today=TODAY)
            add_note(store, lead, case_id, case.version, "Team lead's note", now=NOW)
        finally:
            store.close()
        await pilot.press("f5")
        await wait_for(
            pilot, lambda: "read again" in str(dialog.query_one("#form-problem").render())
        )
        await wait_for(pilot, lambda: dialog.case.version > 0 and len(dialog.case.notes) == 2)
        _no_blink(pilot)

    assert snap_compare(_app(seed), terminal_size=(120, 36), run_before=run_before)
