"""Pilot tests: each call path driven with keys only (long text set through .value)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, TextArea

from complaints_tui.screens.capture import CaptureScreen
from complaints_tui.screens.lookup import LookupScreen
from complaints_tui.screens.quick_fix import QuickFixScreen
from complaints_tui.screens.readout import ReadoutScreen
from complaints_tui.services.cases.case_view import case_by_reference
from complaints_tui.services.people.users import open_for_app
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
        await wait_for(pilot, lambda: capture.is_ready)
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


async def _open_capture(pilot, keys: KeyCounter, name: str) -> CaptureScreen:  # type: ignore[no-untyped-def]
    await _lookup(pilot, keys, name)
    await keys.press("enter")
    capture = await wait_screen(pilot, CaptureScreen)
    await wait_for(pilot, lambda: capture.is_ready)
    return capture


async def _pick(keys: KeyCounter, text: str) -> None:
    """Open the focused Select, type to search, pick."""
    await keys.press("enter")
    await keys.type_text(text)
    await keys.press("enter")


def _case(seed_url: str, reference: str):  # type: ignore[no-untyped-def]
    store = open_for_app(seed_url)
    try:
        return case_by_reference(store, reference, today=TODAY)
    finally:
        store.close()


async def test_stage1_opened_with_dates_routed_to_the_area_manager(tmp_path: Path) -> None:
    seed = build_seed(tmp_path, "derive")
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = KeyCounter(pilot)
        capture = await _open_capture(pilot, keys, "ann")
        capture.query_one("#description", TextArea).text = "Damp in the bedroom for months"
        await keys.press("tab", "tab", "tab")  # known on, outcome, category
        await _pick(keys, "damp")
        await keys.press("tab", "1", "2", "f6")
        readout = await wait_screen(pilot, ReadoutScreen)
        lines = dict(readout.readout.lines)
        # Dérive: acknowledge in 2 WD, respond in 10 WD, both from receipt (Tue 3 Mar 2026).
        assert lines["Acknowledge by"] == "Thu 5 Mar 2026"
        assert lines["Respond by"] == "Tue 17 Mar 2026"
        assert lines["Handled by"] == "Mia Manager (Repairs)"
        await keys.press("f3")
        explained = str(readout.query_one("#readout-extra").render())
        assert "Sat 7 Mar 2026" in explained and "Sun 15 Mar 2026" in explained
        reference = readout.readout.reference
    case = _case(seed.url, reference)
    assert case.stage == 1 and case.summary.handler_name == "Mia Manager"


async def test_representative_with_confirmed_authority_calls(tmp_path: Path) -> None:
    seed = build_seed(tmp_path, "derive")
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = KeyCounter(pilot)
        capture = await _open_capture(pilot, keys, "mill lane")  # Bob [/], restricted
        flags = str(capture.query_one("#flags").render())
        assert "CONTACT RESTRICTIONS" in flags and "Bob [/]" in flags
        capture.query_one("#description", TextArea).text = "Heating broken, daughter calling"
        await keys.press("shift+tab")  # who is calling
        await keys.press("enter", "down", "enter")
        assert capture.query_one("#caller").value == "representative"
        await keys.press("tab")
        assert capture.query_one("#rep").value != "new"  # Carol Jones, confirmed
        await keys.press("tab", "tab", "tab", "tab")  # description, known on, outcome, category
        await _pick(keys, "heat")
        await keys.press("tab", "1", "2", "f6")
        readout = await wait_screen(pilot, ReadoutScreen)
        reference = readout.readout.reference
    case = _case(seed.url, reference)
    assert case.representative is not None and case.representative.name == "Carol Jones"
    assert case.summary.resident_name == "Bob [/]"


async def test_out_of_time_complaint_accepted_with_an_exceptional_reason(tmp_path: Path) -> None:
    seed = build_seed(tmp_path, "derive")
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = KeyCounter(pilot)
        capture = await _open_capture(pilot, keys, "dan")
        capture.query_one("#description", TextArea).text = "Fence never repaired"
        await keys.press("tab")
        capture.query_one("#issue_known_on", Input).value = "1/6/2025"  # 6 months ended 1 Dec
        await keys.press("tab", "tab")  # outcome, category
        await _pick(keys, "grounds")
        await keys.press("tab", "1", "2")
        assert capture.result is not None and capture.result.out_of_time
        assert not capture.result.accepted
        warning = str(capture.query_one("#time-warning").render())
        assert "Out of time" in warning and "Mon 1 Dec 2025" in warning
        await keys.press("f8")
        assert app.focused is capture.query_one("#exceptional", Input)
        capture.query_one("#exceptional", Input).value = "In hospital from June to February"
        await wait_for(pilot, lambda: capture.result is not None and capture.result.accepted)
        assert capture.result.accepted and capture.result.override_applied
        await keys.press("f6")
        readout = await wait_screen(pilot, ReadoutScreen)
        reference = readout.readout.reference
    case = _case(seed.url, reference)
    assert case.out_of_time_reason == "In hospital from June to February"
    assert case.stage == 1


async def test_excluded_contact_shows_the_reason_and_sentence_and_is_logged(
    tmp_path: Path,
) -> None:
    seed = build_seed(tmp_path, "derby-homes")
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        keys = KeyCounter(pilot)
        capture = await _open_capture(pilot, keys, "ann")
        capture.query_one("#description", TextArea).text = "Same complaint about the kitchen again"
        await keys.press("tab", "tab", "tab")
        await _pick(keys, "leak")
        await keys.press("tab", "1", "2")
        await keys.press("tab", "1")  # complaint checks: already fully investigated
        result = capture.result
        assert result is not None and not result.accepted and result.exclusion is not None
        verdict = str(capture.query_one("#verdict").render())  # the bar, always in view
        assert result.exclusion.label in verdict and result.say in verdict
        await keys.press("f7")
        readout = await wait_screen(pilot, ReadoutScreen)
        assert readout.readout.say == result.say
        assert dict(readout.readout.lines)["Not accepted"] == result.exclusion.label
        reference = readout.readout.reference
    case = _case(seed.url, reference)
    assert case.status.value == "not_accepted"
    assert case.exclusion_code == result.exclusion.code.value


async def test_a_saturday_call_lists_the_saturday_among_the_skipped_days(tmp_path: Path) -> None:
    """Received on Saturday 7 Mar 2026: the clock starts on Monday 9 Mar, and F3 says why."""
    from datetime import date

    from complaints_tui.app import create_app

    seed = build_seed(tmp_path, "hos-code")
    app = create_app(
        seed.url, today=date(2026, 3, 7), drafts_dir=seed.drafts, user_id=seed.handler_id
    )
    async with app.run_test(size=(120, 36)) as pilot:
        keys = KeyCounter(pilot)
        capture = await _open_capture(pilot, keys, "ann")
        capture.query_one("#description", TextArea).text = "Damp in the bedroom for months"
        await keys.press("tab", "tab", "tab")
        await _pick(keys, "damp")
        await keys.press("tab", "1", "2", "f6")
        readout = await wait_screen(pilot, ReadoutScreen)
        # The Code: acknowledge within 5 WD of receipt; Sat 7 and Sun 8 Mar are skipped, so
        # day 0 is Mon 9 Mar and day 5 is Mon 16 Mar 2026.
        assert dict(readout.readout.lines)["Acknowledge by"] == "Mon 16 Mar 2026"
        await keys.press("f3")
        explained = str(readout.query_one("#readout-extra").render())
        assert "acknowledge: Sat 7 Mar 2026: Saturday" in explained
        assert "acknowledge: Sun 8 Mar 2026: Sunday" in explained
