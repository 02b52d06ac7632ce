"""What a newcomer met on the manager's desk, keys only: a filter list that Enter could not open,
a form's refusal below the fold, a garbled sentence, a withdrawn case still "overdue", and the
queue and the case disagreeing on "due soon"."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.widgets import Input, Select

from complaints_tui.domain.kinds import Channel
from complaints_tui.screens.case_actions import _checklist
from complaints_tui.screens.case_form import CaseActionDialog
from complaints_tui.screens.queue import QueueScreen
from complaints_tui.screens.workspace import CaseWorkspace
from complaints_tui.services.cases.case_view import get_case
from complaints_tui.services.cases.closing import withdraw
from complaints_tui.services.intake.calls import record_call
from complaints_tui.services.intake.types import CallCapture, CallOutcome
from complaints_tui.services.people.users import list_service_areas, open_for_app, sign_in
from complaints_tui.services.queues.desk import desk_queue
from complaints_tui.services.queues.types import DeskQuery
from tests.conftest_store import complaint_answers
from tests.ui.helpers import wait_for, wait_screen, wait_shown
from tests.ui.seed import NOW, TODAY, Seed, build_seed


def _cases(seed: Seed, *who: str) -> list[int]:
    store = open_for_app(seed.url)
    try:
        handler = sign_in(store, seed.handler_id)
        repairs = next(a for a in list_service_areas(store) if a.name == "Repairs")
        made = []
        for name in who:
            call = CallCapture(
                Channel.PHONE,
                complaint_answers(TODAY),
                f"Leak at {name}",
                resident_id=seed.residents[name],
                service_area_id=repairs.id,
            )
            made.append(record_call(store, handler, call, CallOutcome.STAGE1, now=NOW).case.id)
        return made
    finally:
        store.close()


def _app(seed: Seed) -> Any:
    from complaints_tui.app import create_app

    return create_app(seed.url, today=TODAY, drafts_dir=seed.drafts, user_id=seed.manager_id)


async def test_a_filter_list_opens_and_chooses_with_enter(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    _cases(seed, "ann", "bob")
    app = _app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        queue: QueueScreen = await wait_screen(pilot, QueueScreen)
        await wait_for(pilot, lambda: len(queue.rows) == 2 and bool(queue.areas))
        area = queue.query_one("#area", Select)
        area.focus()
        await pilot.press("enter")  # opens the list; it used to open the highlighted case
        await wait_for(pilot, lambda: area.expanded)
        assert app.screen is queue
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: area.value is not Select.NULL and not area.expanded)
        assert app.screen is queue and queue.query_now.service_area_id is not None


async def test_a_refused_form_says_why_where_it_is_seen(tmp_path: Path) -> None:
    seed = build_seed(tmp_path, "derive")
    _cases(seed, "ann")
    app = _app(seed)
    async with app.run_test(size=(80, 24)) as pilot:
        queue: QueueScreen = await wait_screen(pilot, QueueScreen)
        await wait_for(pilot, lambda: bool(queue.rows))
        await pilot.press("enter")
        workspace: CaseWorkspace = await wait_screen(pilot, CaseWorkspace)
        await wait_for(pilot, lambda: workspace.is_ready)
        await pilot.press("x")
        dialog: CaseActionDialog = await wait_screen(pilot, CaseActionDialog)
        explain = dialog.action.explain
        assert "allows Dérive" not in explain
        assert "Dérive makes no provision for extending: it needs a good reason." in explain
        dialog.query_one("#f-new_due_on", Input).value = "next tuesday"
        await pilot.press("f5")
        sentence = "New response date: Type the date as day/month/year, e.g. 3/2/2026."
        await wait_for(pilot, lambda: sentence in app.notices_showing())
        assert app.screen is dialog


async def test_a_withdrawn_case_runs_no_deadline(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    (case_id,) = _cases(seed, "ann")
    store = open_for_app(seed.url)
    try:
        handler = sign_in(store, seed.handler_id)
        case = get_case(store, case_id, today=TODAY)
        withdraw(store, handler, case_id, case.version, "Ann Smith", "Sorted it", now=NOW)
    finally:
        store.close()
    app = _app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, QueueScreen)
        app.open_case(case_id, "")
        workspace: CaseWorkspace = await wait_screen(pilot, CaseWorkspace)
        await wait_for(pilot, lambda: workspace.is_ready)
        shown = await wait_shown(pilot, "Withdrawn on Tue 3 Mar 2026: no deadline runs.")
        assert "overdue" not in shown


def test_the_queue_and_the_case_agree_on_due_soon(tmp_path: Path) -> None:
    """Acknowledgement due Thursday, today Tuesday: 'due soon' in both (it was 'upcoming' in the
    case, which counted 2 working days while the queue counted 3)."""
    seed = build_seed(tmp_path)
    (case_id,) = _cases(seed, "ann")
    store = open_for_app(seed.url)
    try:
        manager = sign_in(store, seed.manager_id)
        monday = date(2026, 3, 2)  # the acknowledgement is due Thursday 5 March: 3 WD ahead
        row = desk_queue(store, manager, DeskQuery(stage=1), today=monday).rows[0]
        case = get_case(store, case_id, today=monday)
    finally:
        store.close()
    acknowledge = next(d for d in case.deadlines if d.kind == "acknowledge")
    assert row.state is not None and row.state.value == "due_soon"
    assert acknowledge.state == row.state


def test_the_improvements_made_go_in_the_letter() -> None:
    values = {
        "letter": "Dear Ann,\n\nThank you.",
        "thanks": True,
        "apology": True,
        "improvements": "Repairs now call back within a day.",
        "escalation": True,
        "nothing": "",
    }
    checklist = _checklist(values)
    assert checklist.letter_text.endswith(
        "What we have improved: Repairs now call back within a day."
    )
    again = _checklist({**values, "letter": checklist.letter_text})
    assert again.letter_text == checklist.letter_text  # said once
