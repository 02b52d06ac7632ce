"""What the handler sees at 120×36 and at 80×24: the header keeps who is signed in, every dialog
lists its own keys, the verdict and the sentence to read stay in view, nothing needs scrolling
sideways, and F1 lists the keys of whatever is on top.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Footer, Input, TextArea
from textual.widgets._footer import FooterKey

from complaints_tui.screens.capture import CaptureScreen
from complaints_tui.screens.confirm import ConfirmScreen
from complaints_tui.screens.help import HelpScreen
from complaints_tui.screens.lookup import LookupScreen
from complaints_tui.screens.new_resident import NewResidentScreen
from complaints_tui.screens.quick_fix import QuickFixScreen
from complaints_tui.screens.readout import ReadoutScreen
from complaints_tui.screens.restore import RestoreDraftScreen
from complaints_tui.services.drafts import Draft
from tests.ui.helpers import (
    make_app,
    open_capture,
    screen_lines,
    wait_for,
    wait_screen,
    wait_shown,
)
from tests.ui.seed import build_seed

SIZES = [(120, 36), (80, 24)]


def screen_text(app: Any) -> str:
    return "\n".join(screen_lines(app))


def footer_keys(app: Any) -> dict[str, str]:
    """The keys the footer of the screen on top shows: description by key."""
    footer = app.screen.query_one(Footer)
    return {key.key: key.description for key in footer.query(FooterKey) if key.description}


def fully_visible(app: Any, selector: str) -> bool:
    widget = app.screen.query_one(selector)
    region = widget.region
    screen = app.screen.region
    return bool(region.height) and screen.contains_region(region)


async def test_the_header_keeps_the_user_role_and_date_on_every_screen(tmp_path: Path) -> None:
    seed = build_seed(tmp_path, "derive")
    app = make_app(seed)
    async with app.run_test(size=(80, 24)) as pilot:
        capture = await open_capture(pilot, "bob")
        await wait_shown(pilot, "Call · Bob [/]")
        await wait_shown(pilot, "Cal Handler · Call handler · Tue 3 Mar 2026")
        capture.query_one("#description", TextArea).text = "Boiler"
        await pilot.press("tab", "tab", "tab", "tab", "1", "2", "f6")
        await wait_screen(pilot, ReadoutScreen)
        await wait_shown(pilot, "Read out")
        assert "Cal Handler · Call handler · Tue 3 Mar 2026" in screen_text(app)


async def test_dialogs_show_their_own_keys_in_their_footer_and_in_f1(tmp_path: Path) -> None:
    seed = build_seed(tmp_path, "derwent-living")
    app = make_app(seed)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, LookupScreen)
        await pilot.press("f4")
        await wait_screen(pilot, NewResidentScreen)
        await wait_for(pilot, lambda: "f5" in footer_keys(app))
        assert footer_keys(app).get("f5") == "Save"
        assert footer_keys(app).get("escape") == "Back"
        await pilot.press("escape")

        capture = await open_capture(pilot, "ann smith")
        capture.query_one("#description", TextArea).text = "Tap"
        await pilot.press("tab", "tab", "tab", "tab", "1", "2", "f5")
        await wait_screen(pilot, QuickFixScreen)
        await wait_for(pilot, lambda: "f5" in footer_keys(app))
        assert footer_keys(app).get("f5") == "Save fix"
        await pilot.press("f2")
        await wait_screen(pilot, ConfirmScreen)
        await wait_for(pilot, lambda: "y" in footer_keys(app))
        assert {"y": "Yes", "n": "No"}.items() <= footer_keys(app).items()
        await pilot.press("f1")
        await wait_screen(pilot, HelpScreen)
        shown = await wait_shown(pilot, "Keys on this question")
        assert "Yes" in shown


async def test_f1_on_the_restore_offer_lists_restore_and_discard(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    app.session.drafts.save(
        Draft(seed.handler_id, seed.residents["ann"], "Ann Smith", {"desired": "x"})
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, RestoreDraftScreen)
        await wait_for(pilot, lambda: "r" in footer_keys(app))
        assert set(footer_keys(app).values()) >= {"Restore", "Discard"}
        await pilot.press("f1")
        await wait_screen(pilot, HelpScreen)
        shown = await wait_shown(pilot, "R / ENTER")
        assert "Discard" in shown


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_verdict_and_the_sentence_to_read_stay_in_view(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    seed = build_seed(tmp_path, "derby-homes")  # Derby Homes asks the complaint checks too
    app = make_app(seed)
    async with app.run_test(size=size) as pilot:
        capture = await open_capture(pilot, "ann smith")
        capture.query_one("#description", TextArea).text = "Same complaint again"
        await pilot.press("tab", "tab", "tab", "tab", "1", "2", "tab", "1")
        result = capture.result
        assert result is not None and result.exclusion is not None
        assert fully_visible(app, "#verdict")
        verdict = str(capture.query_one("#verdict").render())
        assert result.exclusion.label in verdict and result.say in verdict


async def test_out_of_time_shows_the_override_key_only_then(tmp_path: Path) -> None:
    seed = build_seed(tmp_path, "derive")
    app = make_app(seed)
    async with app.run_test(size=(80, 24)) as pilot:
        capture = await open_capture(pilot, "ann smith")
        capture.query_one("#description", TextArea).text = "Fence"
        await pilot.press("tab", "tab", "tab", "tab", "1", "2")
        assert "f8" not in footer_keys(app)
        await pilot.press("f8")  # nothing to override
        assert not app.focused or app.focused.id != "exceptional"
        capture.query_one("#issue_known_on", Input).value = "1/6/2025"
        await wait_for(pilot, lambda: "f8" in footer_keys(app))  # the footer redraws after
        assert footer_keys(app).get("f8") == "Override"
        assert "f2" in footer_keys(app)  # still fits beside it at 80 columns
        assert fully_visible(app, "#time-warning")
        assert "Out of time" in str(capture.query_one("#time-warning").render())


async def test_a_policy_without_quick_fix_does_not_offer_f5(tmp_path: Path) -> None:
    seed = build_seed(tmp_path, "hos-code")
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_capture(pilot, "ann smith")
        await wait_for(pilot, lambda: "f6" in footer_keys(app))
        assert "f5" not in footer_keys(app)
        assert "f6" in footer_keys(app)


async def test_at_80x24_the_flags_are_summed_up_and_f3_shows_them_all(tmp_path: Path) -> None:
    seed = build_seed(tmp_path, "derive")
    app = make_app(seed)
    async with app.run_test(size=(80, 24)) as pilot:
        capture = await open_capture(pilot, "bob")
        assert fully_visible(app, "#flags")
        flags = str(capture.query_one("#flags").render())
        for shown in ("RESTRICTED", "Single point of contact: Mia Manager", "Hearing loss", "F3"):
            assert shown in flags, flags
        await pilot.press("f3")
        from complaints_tui.screens.flags import FlagsScreen

        await wait_screen(pilot, FlagsScreen)
        everything = str(app.screen.query_one("#all-flags").render())
        assert "Take the details and pass them to the named contact" in everything
        assert "Review overdue since Mon 1 Jun 2026" not in everything  # review is in June
        await pilot.press("end")  # scrolls with the keys
        assert app.screen.query_one("#flags-dialog").scroll_y > 0
        await pilot.press("escape")
        await wait_screen(pilot, CaptureScreen)


async def test_at_80_columns_every_lookup_column_is_on_screen(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(80, 24)) as pilot:
        lookup = await wait_screen(pilot, LookupScreen)
        lookup.query_one("#search", Input).value = "bob"
        await wait_for(pilot, lambda: bool(lookup.rows))
        table = lookup.query_one("#results", DataTable)
        assert table.virtual_size.width <= table.size.width
        shown = await wait_shown(pilot, "RES-000003")
        assert "07700 900123" in shown


def test_a_restriction_review_date_gone_by_is_called_overdue(tmp_path: Path) -> None:
    from datetime import date

    from complaints_tui.services.people.residents import resident_flags
    from complaints_tui.services.people.users import open_for_app
    from complaints_tui.widgets.flags import render_flags

    seed = build_seed(tmp_path)
    store = open_for_app(seed.url)
    try:
        flags = resident_flags(store, seed.residents["bob"])
    finally:
        store.close()
    assert "Review due Mon 1 Jun 2026" in render_flags(flags, date(2026, 6, 1)).plain
    late = render_flags(flags, date(2026, 6, 2)).plain
    assert "Review overdue since Mon 1 Jun 2026" in late and "Review due" not in late


async def test_the_lookup_footer_shows_open_and_paging_when_they_apply(tmp_path: Path) -> None:
    from complaints_tui.services.people.residents import create_resident
    from complaints_tui.services.people.types import NewResident
    from complaints_tui.services.people.users import open_for_app, sign_in
    from tests.ui.seed import NOW

    seed = build_seed(tmp_path)
    store = open_for_app(seed.url)
    try:
        handler = sign_in(store, seed.handler_id)
        for n in range(20):
            create_resident(
                store, handler, NewResident(f"Pat Quay {n}", f"{n} Quay Street"), now=NOW
            )
    finally:
        store.close()
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        lookup = await wait_screen(pilot, LookupScreen)
        await pilot.press(*"quay")
        await wait_for(pilot, lambda: len(lookup.rows) == 15)
        await wait_for(pilot, lambda: "pagedown" in footer_keys(app))
        keys = footer_keys(app)
        assert keys.get("enter") == "Open" and keys.get("pagedown") == "More"
        assert "pageup" not in keys
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: len(lookup.rows) == 5)
        await wait_for(pilot, lambda: "pageup" in footer_keys(app))
        keys = footer_keys(app)
        assert keys.get("pageup") == "Back" and "pagedown" not in keys
