"""A browser tab closed mid-call: textual-serve tells the tab's app to quit (an `ExitApp`
message, not Ctrl+Q), and the call typed so far is offered back at the next sign-in.

No browser needed: the message textual-serve's quit becomes is posted to the app directly.
The description is saved only once typing pauses (`widgets.quiet`), so the tab is closed
while that save is still waiting: without the app settling the capture on exit, the last
words typed were lost."""

from __future__ import annotations

from pathlib import Path

from textual.messages import ExitApp
from textual.widgets import TextArea

from complaints_tui.screens.capture import CaptureScreen
from complaints_tui.screens.restore import RestoreDraftScreen
from tests.ui.helpers import make_app, open_capture, wait_for, wait_screen
from tests.ui.seed import build_seed


async def test_typing_waiting_for_a_pause_is_kept_when_the_tab_closes(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        capture = await open_capture(pilot, "ann smith")
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"Boiler out [bold]x")
        assert capture._draft_soon.pending, "the save should still be waiting for a pause"
        app.post_message(ExitApp())  # what textual-serve's "quit" becomes in the app
        await wait_for(pilot, lambda: not app.is_running)

    draft = app.session.drafts.load(seed.handler_id)
    assert draft is not None, "the call typed in the closed tab was lost"
    assert draft.fields.get("description") == "Boiler out [bold]x"

    again = make_app(seed)  # the next tab, the same user
    async with again.run_test(size=(120, 36)) as pilot:
        offer = await wait_screen(pilot, RestoreDraftScreen)
        assert offer.draft.resident_label.startswith("Ann Smith")
        await pilot.press("r")
        restored = await wait_screen(pilot, CaptureScreen)
        await wait_for(pilot, lambda: restored.is_ready)
        assert restored.query_one("#description", TextArea).text == "Boiler out [bold]x"
