"""Snapshots of signing in with a password and of the idle lock, at both terminal sizes, with
the fixed clock of the seed and no cursor blink: the password step (a user who has one), the
first password (typed twice), and the lock over a call being captured (nothing of the call
shows through)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from complaints_tui.screens.lock import LockScreen
from complaints_tui.screens.sign_in import PICK, SignInScreen
from tests.ui.helpers import make_app, open_capture, wait_for, wait_screen
from tests.ui.seed import build_seed
from tests.ui.test_idle_lock import FakeClock, _office
from tests.ui.test_sign_in import give_password

SIZES = [(120, 36), (80, 24)]
Snap = Callable[..., bool]


def _still(
    steps: Callable[[Pilot[Any]], Awaitable[None]],
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await steps(pilot)
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False  # type: ignore[attr-defined]

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("has_one", [True, False], ids=["password", "first-password"])
def test_the_password_step(
    snap_compare: Snap, tmp_path: Path, size: tuple[int, int], has_one: bool
) -> None:
    seed = build_seed(tmp_path)
    if has_one:
        give_password(seed.url, seed.handler_id)

    async def steps(pilot: Pilot[Any]) -> None:
        sign_in: SignInScreen = await wait_screen(pilot, SignInScreen)
        await wait_for(pilot, lambda: bool(sign_in.users))
        await pilot.press(*"cal", "enter")
        await wait_for(pilot, lambda: sign_in.stage != PICK)
        box = sign_in.query_one("#password", Input)
        box.value = "typed but hidden"
        await wait_for(pilot, lambda: pilot.app.focused is box)

    assert snap_compare(
        make_app(seed, signed_in=False), terminal_size=size, run_before=_still(steps)
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_idle_lock_over_a_call(
    snap_compare: Snap, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = make_app(_office(tmp_path, 10))
    clock = FakeClock()
    app.idle_clock = clock
    app.idle_check_seconds = 0.05

    async def steps(pilot: Pilot[Any]) -> None:
        capture = await open_capture(pilot, "ann smith")
        capture.query_one("#description", TextArea).text = "Tap leaking [/] since Friday"
        await wait_for(pilot, lambda: app.idle_lock_minutes == 10)
        clock.now += 600
        lock: LockScreen = await wait_screen(pilot, LockScreen)
        await wait_for(pilot, lambda: app.focused is lock.query_one("#lock-password", Input))

    assert snap_compare(app, terminal_size=size, run_before=_still(steps))
