"""A call being captured is never dropped without asking, whichever way the handler leaves it.

Found by using the app from the sign-in screen (not with a user already given): the restore
offer, F2 or F11 pressed inside a dialog over the capture, and the palette opening another
resident mid-call.
"""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, OptionList, TextArea

from complaints_tui.screens.capture import CaptureScreen
from complaints_tui.screens.confirm import ConfirmScreen
from complaints_tui.screens.lookup import LookupScreen
from complaints_tui.screens.quick_fix import QuickFixScreen
from complaints_tui.screens.restore import RestoreDraftScreen
from complaints_tui.services.drafts import Draft
from tests.ui.helpers import make_app, wait_for, wait_screen
from tests.ui.seed import build_seed
from tests.ui.test_sign_in import sign_in_by_keys


def _stack(app: object) -> list[str]:
    return [type(screen).__name__ for screen in app.screen_stack]  # type: ignore[attr-defined]


async def test_a_draft_is_restored_after_signing_in_by_picking_a_user(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed, signed_in=False)
    app.session.drafts.save(
        Draft(seed.handler_id, seed.residents["ann"], "Ann Smith", {"description": "Leak [/]"})
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in_by_keys(pilot, "cal")
        await wait_screen(pilot, RestoreDraftScreen)
        await pilot.press("r")
        capture = await wait_screen(pilot, CaptureScreen)
        await wait_for(pilot, lambda: capture.is_ready)
        assert capture.query_one("#description", TextArea).text == "Leak [/]"


async def _capture_with_text(pilot, name: str, text: str) -> CaptureScreen:  # type: ignore[no-untyped-def]
    lookup = await wait_screen(pilot, LookupScreen)
    await pilot.press(*name)
    await wait_for(pilot, lambda: bool(lookup.rows))
    await pilot.press("enter")
    capture: CaptureScreen = await wait_screen(pilot, CaptureScreen)
    await wait_for(pilot, lambda: capture.is_ready)
    capture.query_one("#description", TextArea).text = text
    await wait_for(pilot, capture.has_content)
    return capture


async def test_new_call_from_inside_the_quick_fix_dialog_asks_first(tmp_path: Path) -> None:
    seed = build_seed(tmp_path, "derwent-living")
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        await _capture_with_text(pilot, "ann smith", "Tap leaking")
        await pilot.press("tab", "tab", "tab", "tab", "1", "2", "f5")
        await wait_screen(pilot, QuickFixScreen)
        await pilot.press("f2")
        await wait_screen(pilot, ConfirmScreen)
        await pilot.press("n")  # keep the call
        await wait_for(pilot, lambda: "ConfirmScreen" not in _stack(app))
        assert "CaptureScreen" in _stack(app)
        draft = app.session.drafts.load(seed.handler_id)
        assert draft is not None and draft.fields["description"] == "Tap leaking"


async def test_signing_out_mid_call_asks_first(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        await _capture_with_text(pilot, "ann smith", "Tap leaking")
        await pilot.press("f11")
        await wait_screen(pilot, ConfirmScreen)
        await pilot.press("escape")
        await wait_screen(pilot, CaptureScreen)
        assert app.session.user is not None


async def test_the_palette_opens_another_resident_only_after_asking(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        await _capture_with_text(pilot, "ann smith", "Tap leaking")
        await pilot.press("ctrl+p")
        palette = await wait_screen(pilot, CommandPalette)
        palette.query_one(Input).value = "dan"
        hits = palette.query_one("CommandList", OptionList)
        await wait_for(pilot, lambda: any("Dan Evans" in str(o.prompt) for o in hits.options))
        # The resident is the best hit for a name, above commands matched loosely.
        assert "Dan Evans" in str(hits.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await wait_screen(pilot, ConfirmScreen)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, CaptureScreen))
        assert _stack(app).count("CaptureScreen") == 1
        assert app.screen.resident_id == seed.residents["ann"]  # type: ignore[attr-defined]

        await pilot.press("ctrl+p")
        palette = await wait_screen(pilot, CommandPalette)
        palette.query_one(Input).value = "dan"
        hits = palette.query_one("CommandList", OptionList)
        await wait_for(pilot, lambda: any("Dan Evans" in str(o.prompt) for o in hits.options))
        await pilot.press("enter")
        await wait_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, CaptureScreen)
                and app.screen.resident_id == seed.residents["dan"]
                and app.screen.is_ready
            ),
        )
        assert _stack(app).count("CaptureScreen") == 1  # the first call was not left underneath
