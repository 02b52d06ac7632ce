"""A call being captured survives the app being killed (SIGKILL): the next start offers it back."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from complaints_tui.screens.capture import CaptureScreen
from complaints_tui.screens.lookup import LookupScreen
from complaints_tui.screens.restore import RestoreDraftScreen
from tests.ui.helpers import make_app, wait_for, wait_screen
from tests.ui.seed import build_seed

REPO = Path(__file__).resolve().parents[2]

# Runs the real app in another process, types a call, and kills itself mid-call.
KILLED_CALL = textwrap.dedent(
    """
    import asyncio, os, signal, sys
    from pathlib import Path
    from tests.ui.helpers import make_app, wait_for, wait_screen
    from tests.ui.seed import Seed
    from complaints_tui.screens.capture import CaptureScreen
    from complaints_tui.screens.lookup import LookupScreen

    async def main() -> None:
        seed = Seed(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), 0)
        app = make_app(seed)
        async with app.run_test(size=(120, 36)) as pilot:
            lookup = await wait_screen(pilot, LookupScreen)
            await pilot.press(*"ann smith")
            await wait_for(pilot, lambda: bool(lookup.rows))
            await pilot.press("enter")
            capture = await wait_screen(pilot, CaptureScreen)
            await wait_for(pilot, lambda: capture.is_ready)
            capture.query_one("#description").text = "Bob [/] next door: [bold]x leak"
            await pilot.press("tab")
            await pilot.press(*"1/2/2026")
            await pilot.press("tab", "tab", "tab", "1", "2")
            print("typed", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    asyncio.run(main())
    """
)


async def test_draft_restored_after_the_app_is_killed(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_CALL, seed.url, str(seed.drafts), str(seed.handler_id)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr
    assert "typed" in killed.stdout

    app = make_app(seed)  # a fresh app on the same database and drafts folder
    async with app.run_test(size=(120, 36)) as pilot:
        offer = await wait_screen(pilot, RestoreDraftScreen)
        assert offer.draft.resident_label.startswith("Ann Smith")
        await pilot.press("r")
        capture = await wait_screen(pilot, CaptureScreen)
        await wait_for(pilot, lambda: capture.is_ready)
        assert capture.query_one("#description", TextArea).text == "Bob [/] next door: [bold]x leak"
        assert capture.query_one("#issue_known_on", Input).value == "1/2/2026"
        assert capture.result is not None and capture.result.accepted


async def test_discarding_the_draft_asks_twice_then_removes_it(tmp_path: Path) -> None:
    from complaints_tui.services.drafts import Draft

    seed = build_seed(tmp_path)
    app = make_app(seed)
    app.session.drafts.save(
        Draft(seed.handler_id, seed.residents["ann"], "Ann Smith", {"desired": "x"})
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, RestoreDraftScreen)
        await pilot.press("d")
        assert isinstance(app.screen, RestoreDraftScreen)  # asked again
        await pilot.press("d")
        await wait_screen(pilot, LookupScreen)
        assert app.session.drafts.load(seed.handler_id) is None


async def test_a_draft_is_offered_only_on_the_database_it_was_typed_against(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from complaints_tui.app import create_app
    from complaints_tui.services.drafts import Draft
    from tests.ui.seed import TODAY

    monkeypatch.setenv("COMPLAINTS_HOME", str(tmp_path / "home"))
    (tmp_path / "real").mkdir()
    (tmp_path / "demo").mkdir()
    real = build_seed(tmp_path / "real")
    demo = build_seed(tmp_path / "demo")
    assert real.handler_id == demo.handler_id  # the same user id in both databases

    typed_on_demo = create_app(demo.url, today=TODAY, user_id=demo.handler_id)
    typed_on_demo.session.drafts.save(
        Draft(demo.handler_id, demo.residents["bob"], "Bob [/]", {"description": "demo call"})
    )

    on_real = create_app(real.url, today=TODAY, user_id=real.handler_id)
    async with on_real.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, LookupScreen)
        await wait_for(pilot, lambda: on_real.draft_checked)
        assert not isinstance(on_real.screen, RestoreDraftScreen)

    on_demo = create_app(demo.url, today=TODAY, user_id=demo.handler_id)
    async with on_demo.run_test(size=(120, 36)) as pilot:
        offer = await wait_screen(pilot, RestoreDraftScreen)
        assert offer.draft.fields["description"] == "demo call"
