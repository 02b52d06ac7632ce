"""Snapshots of the administration screen, one a tab, at 120×36 (users at 80×24 too): the seed's
staff (a `Bob [/]`-style name is not among them; the closure reason carries markup instead, shown
literally), its two service areas, a closure day, the shared settings with the profile checked
against the Code, the letters tab (a letterhead with markup-like text, shown literally, and where
each template comes from) and this terminal's keys. Fixed clock (Tuesday 3 March 2026)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from complaints_tui.app import create_app
from complaints_tui.screens.admin import TABS, AdminScreen
from complaints_tui.services.closures import close_day
from complaints_tui.services.letters.landlord import set_letter_settings
from complaints_tui.services.people.users import list_users, open_for_app, sign_in
from tests.ui.helpers import wait_for, wait_screen
from tests.ui.seed import TODAY, build_seed

Snap = Callable[..., bool]
CASES = [(tab, (120, 36)) for tab in TABS] + [("users", (80, 24))]


@pytest.mark.parametrize(
    "tab,size", CASES, ids=lambda v: v if isinstance(v, str) else f"{v[0]}x{v[1]}"
)
def test_admin_tab(snap_compare: Snap, tmp_path: Path, tab: str, size: tuple[int, int]) -> None:
    seed = build_seed(tmp_path)
    store = open_for_app(seed.url)
    try:
        admin_id = next(u.id for u in list_users(store) if u.name == "Ada Admin")
        close_day(
            store,
            sign_in(store, admin_id),
            date(2026, 12, 24),
            "Christmas [b]shut-down[/b]",
            now=datetime(2026, 3, 3, 10, tzinfo=UTC),
        )
        set_letter_settings(
            store,
            sign_in(store, admin_id),
            name="Bob [/] Housing",
            address=("1 [b]High[/b] Street", "Derby DE1 1AA"),
            phone="01332 000 000",
            now=datetime(2026, 3, 3, 10, tzinfo=UTC),
        )
    finally:
        store.close()
    app = create_app(seed.url, today=TODAY, drafts_dir=seed.drafts, user_id=admin_id)

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: pilot.app.session.user is not None)  # type: ignore[attr-defined]
        await pilot.press("ctrl+g")
        admin: AdminScreen = await wait_screen(pilot, AdminScreen)
        await wait_for(pilot, lambda: admin.office is not None)
        for _ in range(TABS.index(tab)):
            await pilot.press("f6")
        await wait_for(pilot, lambda: admin.query_one(TabbedContent).active == tab)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
