"""The team lead's dashboard, keys only: the shift starts on it, Enter on a number opens exactly
those cases, Space marks two and F3 gives them to another manager (an audit event each), and
back on the dashboard the counts have moved with them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from textual.widgets import DataTable

from complaints_tui.screens.dashboard import DashboardScreen
from complaints_tui.screens.queue import QueueScreen
from complaints_tui.screens.reassign import HandlerPicker
from complaints_tui.services.people.users import open_for_app
from complaints_tui.store import models as m
from tests.ui.dashboard_kit import build_office, lead_app
from tests.ui.helpers import wait_for, wait_screen


def _cell(screen: DashboardScreen, table_id: str, row: int, column: int) -> str:
    table = screen.query_one(f"#{table_id}", DataTable)
    return str(table.get_cell_at((row, column)))


def _handlers(screen: DashboardScreen) -> dict[str, tuple[int, int]]:
    """Per handler at stage 1: (open cases, overdue)."""
    assert screen.backlog is not None
    return {
        row.name: (row.open_cases, row.counts.overdue)
        for row in screen.backlog.handlers
        if row.stage == 1
    }


async def test_drill_from_a_number_and_reassign_two_cases(tmp_path: Path) -> None:
    office = build_office(tmp_path)
    app = lead_app(office)
    async with app.run_test(size=(120, 36)) as pilot:
        dashboard: DashboardScreen = await wait_screen(pilot, DashboardScreen)
        await wait_for(pilot, lambda: dashboard.backlog is not None)
        # Stage 1's acknowledgements: 2 overdue, 1 due today, 1 due soon (Thursday).
        assert [_cell(dashboard, "dash-stages", 0, c) for c in (0, 1, 2, 3, 4)] == [
            "1", "Acknowledge", "2", "1", "1",
        ]  # fmt: skip
        assert _handlers(dashboard) == {"Mia Manager": (4, 2)}
        assert dashboard.focused is dashboard.query_one("#dash-stages", DataTable)
        await pilot.press("enter")  # the cursor starts on the first number: overdue

        queue: QueueScreen = await wait_screen(pilot, QueueScreen)
        await wait_for(pilot, lambda: len(queue.rows) == 2)
        assert {row.id for row in queue.rows} == {office.cases["ann"], office.cases["bob"]}
        assert "acknowledge overdue" in str(queue.title)
        await pilot.press("space", "space")
        await wait_for(pilot, lambda: len(queue.marked) == 2)
        await pilot.press("f3")

        picker: HandlerPicker = await wait_screen(pilot, HandlerPicker)
        steps = [user.name for user in picker.users].index("Max Manager")
        await pilot.press(*["down"] * steps, "enter")
        await wait_screen(pilot, QueueScreen)
        await wait_for(
            pilot, lambda: [row.handler_name for row in queue.rows] == ["Max Manager"] * 2
        )
        assert not queue.marked
        said = "Re-assigned 2 cases to Max Manager: CMP-2026-000001, CMP-2026-000002."
        assert said in app.messages_shown

        await pilot.press("escape")
        await wait_screen(pilot, DashboardScreen)
        await wait_for(pilot, lambda: "Max Manager" in _handlers(dashboard))
        assert _handlers(dashboard) == {"Mia Manager": (2, 0), "Max Manager": (2, 2)}

    store = open_for_app(office.seed.url)
    try:
        with store.reading() as session:
            moved = session.scalars(
                select(m.Event.case_id).where(m.Event.action == "assigned")
            ).all()
        assert sorted(moved) == sorted([office.cases["ann"], office.cases["bob"]])
    finally:
        store.close()


async def test_a_zero_opens_nothing_and_says_so(tmp_path: Path) -> None:
    office = build_office(tmp_path)
    app = lead_app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard: DashboardScreen = await wait_screen(pilot, DashboardScreen)
        await wait_for(pilot, lambda: dashboard.backlog is not None)
        await pilot.press("down", "enter")  # stage 1 responses overdue: none yet
        await wait_for(pilot, lambda: any("No cases there" in n for n in app.messages_shown))
        assert app.screen is dashboard
        await pilot.press("tab", "tab", "tab")  # the longest overdue: Ann's and Bob's cases
        oldest = dashboard.query_one("#dash-oldest", DataTable)
        assert dashboard.focused is oldest and oldest.row_count == 2
