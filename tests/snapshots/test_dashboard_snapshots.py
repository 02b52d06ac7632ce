"""Snapshots of the team lead's dashboard at 120×36 (panels side by side) and 80×24 (stacked):
counts per stage, team and handler, the longest overdue (`Bob [/]` shown literally) and the
trends. Fixed clock (Tuesday 3 March 2026)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from complaints_tui.screens.dashboard import DashboardScreen
from tests.ui.dashboard_kit import build_office, lead_app
from tests.ui.helpers import wait_for, wait_screen

SIZES = [(120, 36), (80, 24)]
Snap = Callable[..., bool]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_dashboard(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    office = build_office(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        dashboard: DashboardScreen = await wait_screen(pilot, DashboardScreen)
        await wait_for(
            pilot, lambda: dashboard.backlog is not None and dashboard.trends is not None
        )

    assert snap_compare(lead_app(office), terminal_size=size, run_before=run_before)
