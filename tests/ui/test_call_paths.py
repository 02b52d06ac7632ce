"""Pilot tests: each call path driven with keys only (long text set through .value)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, TextArea

from complaints_tui.screens.capture import CaptureScreen
from complaints_tui.screens.lookup import LookupScreen
from complaints_tui.screens.quick_fix import QuickFixScreen
from complaints_tui.screens.readout import ReadoutScreen
from complaints_tui.services.case_view import case_by_reference
from complaints_tui.services.users import open_for_app
from tests.ui.helpers import KeyCounter, make_app, wait_for, wait_screen
from tests.ui.seed import TODAY, build_seed

QUICK_FIX_KEY_BUDGET = 15


async def _lookup(pilot, counter: KeyCounter, name: str) -> LookupScreen:  # type: ignore[no-untyped-def]
    lookup = await wait_screen(pilot, LookupScreen)
    await counter.type_text(name)
    table = lookup.query_one("#results", DataTable)
    await wait_for(pilot, lambda: table.row_count > 0)
    return lookup


async def test_quick_fix_for_a_known_resident_within_the_key_budget(tmp_path: Path) -> None:
    seed = build_seed(tmp_path, "derwent-living")
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = KeyCounter(pilot)
        await _lookup(pilot, keys, "ann smith")
        await keys.press("enter")
        capture = await wait_screen(pilot, CaptureScreen)
        await wait_for(pilot, lambda: not capture._loading)
        assert isinstance(app.focused, TextArea)
        app.focused.text = "Kitchen tap leaking since last week, engineer did not come"
        await keys.press("tab")  # when first known
        await keys.type_text("24/2/2026")
        await keys.press("tab")  # outcome wanted
        capture.query_one("#desired", Input).value = "Tap fixed this week"
        await keys.press("tab", "enter")  # service area and category
        await keys.type_text("leak")
        await keys.press("enter")
        await keys.press("tab", "1", "2")  # unhappy, wants action
        assert capture.result is not None and capture.result.accepted
        await keys.press("f5")
        dialog = await wait_screen(pilot, QuickFixScreen)
        dialog.query_one("#agreed", Input).value = "Plumber to replace the tap on Thursday AM"
        await keys.press("f5")
        readout = await wait_screen(pilot, ReadoutScreen)
        assert keys.count <= QUICK_FIX_KEY_BUDGET, keys.keys
        print(f"\nquick fix of a known resident: {keys.count} key presses besides free text")

        data = readout.readout
        assert data.reference.startswith("CMP-2026-")
        assert ("Agreed", "Plumber to replace the tap on Thursday AM") in data.lines
        # Derwent Living: formal within 5 working days of the fix on Tue 3 Mar 2026.
        assert dict(data.lines)["Formal complaint by"] == "Tue 10 Mar 2026"
        assert "Tue 10 Mar 2026" in data.say
        await keys.press("f4")
        assert "Letter stored" in str(readout.query_one("#readout-extra").render())

    store = open_for_app(seed.url)
    try:
        case = case_by_reference(store, data.reference, today=TODAY)
    finally:
        store.close()
    assert case.quick_fix is not None
    assert case.quick_fix.letter_text
    assert case.category == "Leaks"
    assert not list(seed.drafts.glob("*.json")), "the finished call's draft is removed"
