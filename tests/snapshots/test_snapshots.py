"""Snapshots of the call handler's screens at 120×36 and 80×24: fixed clock, no cursor blink.

The restricted resident is `Bob [/]` (address `[bold]x …`, a vulnerability with a live-link
markup and an escape code in the reason): every one must show literally.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, TextArea

from complaints_tui.domain.roles import Role
from complaints_tui.screens.capture import CaptureScreen
from complaints_tui.screens.flags import FlagsScreen
from complaints_tui.screens.lookup import LookupScreen
from complaints_tui.screens.new_resident import NewResidentScreen
from complaints_tui.screens.quick_fix import QuickFixScreen
from complaints_tui.screens.readout import ReadoutScreen
from complaints_tui.screens.sign_in import SignInScreen
from complaints_tui.services.people.types import NewUser
from complaints_tui.services.people.users import create_user, open_for_app
from complaints_tui.services.people.users import sign_in as sign_in_as
from tests.ui.helpers import make_app, wait_for, wait_screen, wait_shown
from tests.ui.seed import NOW, build_seed

SIZES = [(120, 36), (80, 24)]
Snap = Callable[..., bool]


def _no_blink(pilot: Pilot[Any]) -> None:
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]


async def _lookup(pilot: Pilot[Any], text: str) -> LookupScreen:
    lookup: LookupScreen = await wait_screen(pilot, LookupScreen)
    lookup.query_one("#search", Input).value = text
    table = lookup.query_one("#results", DataTable)
    await wait_for(pilot, lambda: table.row_count > 0)
    return lookup


async def _capture(pilot: Pilot[Any], text: str) -> CaptureScreen:
    await _lookup(pilot, text)
    await pilot.press("enter")
    capture: CaptureScreen = await wait_screen(pilot, CaptureScreen)
    await wait_for(pilot, lambda: capture.is_ready)
    return capture


def _run(steps: Callable[[Pilot[Any]], Awaitable[None]]) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        # Each `steps` ends by waiting for the state it pictures (never a fixed pause): a
        # screenshot of a dialog taken before it was up caught a blinking cursor (flickered).
        await steps(pilot)
        _no_blink(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_lookup(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    seed = build_seed(tmp_path)

    async def steps(pilot: Pilot[Any]) -> None:
        await _lookup(pilot, "de")  # Derby addresses and DE postcodes: all four, Bob [/] too

    assert snap_compare(make_app(seed), terminal_size=size, run_before=_run(steps))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_flags_with_restrictions(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    seed = build_seed(tmp_path)

    async def steps(pilot: Pilot[Any]) -> None:
        await _capture(pilot, "bob")

    assert snap_compare(make_app(seed), terminal_size=size, run_before=_run(steps))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_capture_form_triaged(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    seed = build_seed(tmp_path)

    async def steps(pilot: Pilot[Any]) -> None:
        capture = await _capture(pilot, "ann smith")
        capture.query_one("#description", TextArea).text = "Kitchen tap leaking [bold]x"
        capture.query_one("#desired", Input).value = "Tap fixed"
        await pilot.press("tab", "tab", "tab", "tab", "1", "2")

    assert snap_compare(make_app(seed), terminal_size=size, run_before=_run(steps))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_quick_fix_readout(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    seed = build_seed(tmp_path, "derwent-living")

    async def steps(pilot: Pilot[Any]) -> None:
        capture = await _capture(pilot, "bob")
        capture.query_one("#description", TextArea).text = "Bob [/] says the boiler is out"
        await pilot.press("tab", "tab", "tab", "tab", "1", "2", "f5")
        dialog = await wait_screen(pilot, QuickFixScreen)
        dialog.query_one("#agreed", Input).value = "Engineer visits [@click=app.quit]today[/]"
        await pilot.press("f5")
        await wait_screen(pilot, ReadoutScreen)

    assert snap_compare(make_app(seed), terminal_size=size, run_before=_run(steps))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_excluded_contact_verdict_in_view(
    snap_compare: Snap, tmp_path: Path, size: tuple[int, int]
) -> None:
    """Derby Homes' complaint checks push the triage long: the verdict bar stays on screen."""
    seed = build_seed(tmp_path, "derby-homes")

    async def steps(pilot: Pilot[Any]) -> None:
        capture = await _capture(pilot, "ann smith")
        capture.query_one("#description", TextArea).text = "Same complaint again"
        await pilot.press("tab", "tab", "tab", "tab", "1", "2", "tab", "1")

    assert snap_compare(make_app(seed), terminal_size=size, run_before=_run(steps))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_out_of_time_with_override_key(
    snap_compare: Snap, tmp_path: Path, size: tuple[int, int]
) -> None:
    seed = build_seed(tmp_path, "derive")

    async def steps(pilot: Pilot[Any]) -> None:
        capture = await _capture(pilot, "dan")
        capture.query_one("#description", TextArea).text = "Fence never repaired"
        capture.query_one("#issue_known_on", Input).value = "1/6/2025"
        await pilot.press("tab", "tab", "tab", "tab", "1", "2")

    assert snap_compare(make_app(seed), terminal_size=size, run_before=_run(steps))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_all_flags_window(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    seed = build_seed(tmp_path)

    async def steps(pilot: Pilot[Any]) -> None:
        await _capture(pilot, "bob")
        await pilot.press("f3")
        flags = await wait_screen(pilot, FlagsScreen)
        await wait_for(pilot, lambda: pilot.app.focused is flags.query_one("#flags-dialog"))

    assert snap_compare(make_app(seed), terminal_size=size, run_before=_run(steps))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_new_resident_form(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    seed = build_seed(tmp_path)

    async def steps(pilot: Pilot[Any]) -> None:
        lookup = await wait_screen(pilot, LookupScreen)
        # The lookup is up before the database has opened and signed the handler in (a clean
        # clone's CI caught the header still without "Cal Handler"): wait for the header.
        await wait_shown(pilot, "Cal Handler · Call handler")
        lookup.query_one("#search", Input).value = "Eve [/]"
        await pilot.press("f4")
        form = await wait_screen(pilot, NewResidentScreen)
        await wait_for(pilot, lambda: pilot.app.focused is form.query_one("#name", Input))

    assert snap_compare(make_app(seed), terminal_size=size, run_before=_run(steps))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sign_in(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    """A whole office of users: one list, one scrollbar, every user named in full."""
    seed = build_seed(tmp_path)
    store = open_for_app(seed.url)
    try:
        admin = sign_in_as(store, 1)
        for n in range(1, 31):
            new = NewUser(f"Handler {n:02d} [/]", Role.CALL_HANDLER, team="Contact centre")
            create_user(store, admin, new, now=NOW)
    finally:
        store.close()

    async def steps(pilot: Pilot[Any]) -> None:
        sign_in = await wait_screen(pilot, SignInScreen)
        await wait_for(pilot, lambda: len(sign_in.users) > 0)
        await wait_for(pilot, lambda: sign_in.query_one("#users", OptionList).option_count > 0)

    assert snap_compare(make_app(seed, signed_in=False), terminal_size=size, run_before=_run(steps))
