"""The idle lock: after the office's idle time with no key (a fake clock here), a lock screen
covers everything (nothing of the call shows), asks the same user's password and gives the
call back exactly as it was; F11 from the lock signs out, the call kept as a draft; a key
starts the idle time again; 0 minutes never locks."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from complaints_tui.app import ComplaintsApp
from complaints_tui.screens.capture import CaptureScreen
from complaints_tui.screens.lock import LockScreen
from complaints_tui.screens.sign_in import SignInScreen
from complaints_tui.services.people.passwords import set_idle_lock_minutes
from complaints_tui.services.people.users import list_users, open_for_app
from tests.ui.helpers import make_app, open_capture, screen_lines, wait_for, wait_screen
from tests.ui.seed import NOW, Seed, build_seed
from tests.ui.test_sign_in import SECRET, give_password

WHAT_HAPPENED = "Tap leaking [/] since Friday"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _office(tmp_path: Path, minutes: int) -> Seed:
    seed = build_seed(tmp_path)
    give_password(seed.url, seed.handler_id)
    store = open_for_app(seed.url)
    try:
        admin = next(user for user in list_users(store) if user.name == "Ada Admin")
        set_idle_lock_minutes(store, admin, minutes, now=NOW)
    finally:
        store.close()
    return seed


def _app(seed: Seed) -> tuple[ComplaintsApp, FakeClock]:
    app = make_app(seed)
    clock = FakeClock()
    app.idle_clock = clock
    app.idle_check_seconds = 0.05
    return app, clock


async def test_the_lock_hides_the_call_and_the_password_gives_it_back(tmp_path: Path) -> None:
    seed = _office(tmp_path, 2)
    app, clock = _app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        capture = await open_capture(pilot, "ann smith")
        capture.query_one("#description", TextArea).text = WHAT_HAPPENED
        await wait_for(pilot, lambda: app.idle_lock_minutes == 2)
        clock.now += 119  # a second short of two minutes: still open
        app._check_idle()
        assert not app.locked
        clock.now += 1
        lock = await wait_screen(pilot, LockScreen)
        assert app.focused is lock.query_one("#lock-password", Input)
        shown = "\n".join(screen_lines(app))
        assert "Locked after 2 minutes without a key." in shown
        assert "Ann Smith" not in shown and "Tap leaking" not in shown  # nothing of the call
        await pilot.press("f2", "ctrl+p", "f12")  # the app's keys wait until it is unlocked
        assert app.screen is lock

        lock.query_one("#lock-password", Input).value = "wrong password"
        await pilot.press("enter")
        refusal = "That name and password do not match; check both and try again."
        await wait_for(pilot, lambda: refusal in app.messages_shown)
        assert app.screen is lock and lock.query_one("#lock-password", Input).value == ""

        lock.query_one("#lock-password", Input).value = SECRET
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is capture)
        assert capture.query_one("#description", TextArea).text == WHAT_HAPPENED
        assert app.session.user is not None and app.session.user.id == seed.handler_id
        app._check_idle()  # unlocking is a fresh start of the idle time
        assert not app.locked


async def test_signing_out_from_the_lock_keeps_the_call_as_a_draft(tmp_path: Path) -> None:
    seed = _office(tmp_path, 1)
    app, clock = _app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        capture = await open_capture(pilot, "ann smith")
        capture.query_one("#description", TextArea).text = WHAT_HAPPENED
        await wait_for(pilot, lambda: app.idle_lock_minutes == 1)
        clock.now += 60
        await wait_screen(pilot, LockScreen)
        await pilot.press("f11")
        await wait_screen(pilot, SignInScreen)
        assert app.session.user is None and not app.locked
        assert not any(isinstance(screen, CaptureScreen) for screen in app.screen_stack)
        draft = app.session.drafts.load(seed.handler_id)
        assert draft is not None and draft.fields["description"] == WHAT_HAPPENED
        clock.now += 3600  # nobody is signed in: nothing to lock
        app._check_idle()
        assert not app.locked


async def test_a_key_starts_the_idle_time_again_and_zero_never_locks(tmp_path: Path) -> None:
    app, clock = _app(_office(tmp_path, 1))
    async with app.run_test(size=(120, 36)) as pilot:
        capture = await open_capture(pilot, "ann smith")
        await wait_for(pilot, lambda: app.idle_lock_minutes == 1)
        clock.now += 50
        await pilot.press("tab")
        clock.now += 50  # 100 seconds since the call opened, 50 since the last key
        app._check_idle()
        assert not app.locked and app.screen is capture
        app.idle_lock_minutes = 0
        clock.now += 24 * 3600
        app._check_idle()
        assert not app.locked
