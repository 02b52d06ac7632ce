"""The reports screen, keys only: Ctrl+O opens it for a team lead on last year's annual report,
N moves to the next report, M saves Markdown into the reports folder (a toast names the file);
a call handler cannot open it. Snapshots of each report at 120×36 with a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from complaints_tui.app import ComplaintsApp, create_app
from complaints_tui.domain.report_periods import ReportKind
from complaints_tui.screens.reports import ReportsScreen, shifted
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, sqlite_template, staff, store
from tests.reports.report_casebook import MARKUP, build_casebook
from tests.ui.helpers import wait_for, wait_screen, wait_shown

__all__ = ["sqlite_template", "staff", "store"]

TODAY = date(2026, 4, 15)  # the last full financial year is the casebook's
Snap = Callable[..., bool]


def lead_app(
    store: Store, staff: Staff, tmp_path: Path, user_id: int | None = None
) -> ComplaintsApp:
    build_casebook(store, staff)
    return create_app(
        store.url,
        today=TODAY,
        drafts_dir=tmp_path / "drafts",
        user_id=user_id or staff.lead.id,
    )


async def open_reports(pilot: Pilot[Any]) -> ReportsScreen:
    app = pilot.app
    await wait_for(pilot, lambda: app.session.is_open and app.session.user is not None)
    await pilot.press("ctrl+o")
    screen: ReportsScreen = await wait_screen(pilot, ReportsScreen)
    await wait_for(pilot, lambda: screen.document is not None)
    return screen


def test_periods_move_a_year_or_a_quarter() -> None:
    year = (date(2025, 4, 1), date(2026, 3, 31))
    assert shifted(ReportKind.ANNUAL, year, -1) == (date(2024, 4, 1), date(2025, 3, 31))
    quarter = (date(2025, 10, 1), date(2025, 12, 31))
    assert shifted(ReportKind.QUARTERLY, quarter, 1) == (date(2026, 1, 1), date(2026, 3, 31))


async def test_open_pick_and_save_markdown(
    store: Store, staff: Staff, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPLAINTS_HOME", str(tmp_path / "home"))
    app = lead_app(store, staff, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        assert screen.kind is ReportKind.ANNUAL
        assert screen.period == (date(2025, 4, 1), date(2026, 3, 31))
        assert screen.document is not None and screen.document.title.startswith("Annual")
        await pilot.press("n")  # the quarterly learning report, last full quarter
        await wait_for(
            pilot, lambda: screen.document is not None and screen.kind.value == "quarterly"
        )
        assert screen.period == (date(2026, 1, 1), date(2026, 3, 31))
        await pilot.press("b", "b")  # Jul-Sep 2025: the tag named with markup shown as text
        await wait_for(pilot, lambda: screen.document is not None and screen.period[0].month == 7)
        await wait_shown(pilot, MARKUP.lower())
        await pilot.press("m")
        await wait_for(pilot, lambda: bool(screen.saved))
        (path,) = screen.saved
        assert path == tmp_path / "home" / "reports" / "quarterly-2025-07-01-to-2025-09-30.md"
        assert "Bob \\[/\\] \\*x\\*" in path.read_text(encoding="utf-8")
        assert any(str(path) in message for message in app.messages_shown)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ReportsScreen))


async def test_a_call_handler_cannot_open_reports(
    store: Store, staff: Staff, tmp_path: Path
) -> None:
    app = lead_app(store, staff, tmp_path, user_id=staff.handler.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session.is_open and app.session.user is not None)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert not isinstance(app.screen, ReportsScreen)


@pytest.mark.parametrize("kind", list(ReportKind), ids=lambda k: k.value)
def test_report_screen_snapshots(
    snap_compare: Snap, store: Store, staff: Staff, tmp_path: Path, kind: ReportKind
) -> None:
    if not store.is_sqlite:
        pytest.skip("a screen looks the same on either database: its picture is pinned on SQLite")
    app = lead_app(store, staff, tmp_path)
    presses = list(ReportKind).index(kind)

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await open_reports(pilot)
        for _ in range(presses):
            await pilot.press("n")
        await wait_for(pilot, lambda: screen.document is not None and screen.kind is kind)
        await wait_shown(pilot, screen.document.title if screen.document else "")

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)
