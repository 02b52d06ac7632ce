"""Signing in with keys: pick a name, then the password; a user with none chooses one, typed
twice; a wrong password (or name) is refused in one sentence and the screen stays; Esc goes back
to the names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from complaints_tui.screens.lookup import LookupScreen
from complaints_tui.screens.sign_in import CHOOSE, PASSWORD, PICK, SignInScreen
from complaints_tui.services.people.passwords import has_password, set_password
from complaints_tui.services.people.users import open_for_app
from tests.ui.helpers import make_app, wait_for, wait_screen
from tests.ui.seed import NOW, build_seed

SECRET = "kettle on at ten"


def give_password(url: str, user_id: int, password: str = SECRET) -> None:
    store = open_for_app(url)
    try:
        set_password(store, user_id, password, now=NOW)
    finally:
        store.close()


async def sign_in_by_keys(pilot: Pilot[Any], name: str, password: str = SECRET) -> None:
    """Type the name, Enter; then the password (set directly: it is free text), Enter. A user
    with no password yet chooses it: typed in both boxes."""
    sign_in: SignInScreen = await wait_screen(pilot, SignInScreen)
    await wait_for(pilot, lambda: bool(sign_in.users))
    await pilot.press(*name, "enter")
    await wait_for(pilot, lambda: sign_in.stage != PICK)
    await wait_for(pilot, lambda: pilot.app.focused is sign_in.query_one("#password", Input))
    sign_in.query_one("#password", Input).value = password
    await pilot.press("enter")
    if sign_in.stage == CHOOSE:
        again = sign_in.query_one("#password-again", Input)
        await wait_for(pilot, lambda: pilot.app.focused is again)
        again.value = password
        await pilot.press("enter")


async def test_a_password_signs_in_and_a_wrong_one_is_refused(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    give_password(seed.url, seed.handler_id)
    app = make_app(seed, signed_in=False)
    async with app.run_test(size=(80, 24)) as pilot:
        sign_in = await wait_screen(pilot, SignInScreen)
        await wait_for(pilot, lambda: bool(sign_in.users))
        await pilot.press(*"cal", "enter")
        await wait_for(pilot, lambda: sign_in.stage == PASSWORD)
        box = sign_in.query_one("#password", Input)
        assert box.password and app.focused is box
        assert not sign_in.query_one("#password-again", Input).display
        box.value = "not my password"
        await pilot.press("enter")
        refusal = "That name and password do not match; check both and try again."
        await wait_for(pilot, lambda: refusal in app.messages_shown)
        assert isinstance(app.screen, SignInScreen) and app.session.user is None
        assert box.value == ""  # emptied for another try
        box.value = SECRET
        await pilot.press("enter")
        await wait_screen(pilot, LookupScreen)
        assert app.session.user is not None and app.session.user.id == seed.handler_id


async def test_a_first_sign_in_chooses_a_password_typed_twice(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed, signed_in=False)
    async with app.run_test(size=(80, 24)) as pilot:
        sign_in = await wait_screen(pilot, SignInScreen)
        await wait_for(pilot, lambda: bool(sign_in.users))
        await pilot.press(*"mia", "enter")
        await wait_for(pilot, lambda: sign_in.stage == CHOOSE)
        first = sign_in.query_one("#password", Input)
        again = sign_in.query_one("#password-again", Input)
        assert again.display and again.password
        first.value = "short"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.focused is again)
        again.value = "shorter"
        await pilot.press("enter")
        assert "The two passwords are not the same" in app.messages_shown[-1]
        assert app.focused is first and first.value == again.value == ""
        first.value = again.value = "short"
        again.focus()
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: "A password must be at least 10 characters long." in app.messages_shown
        )
        assert isinstance(app.screen, SignInScreen)
        await sign_in_by_keys_from_password(pilot, sign_in, SECRET)
        await wait_for(pilot, lambda: app.session.user is not None)  # a manager starts on a queue
        assert app.session.user is not None and app.session.user.id == seed.manager_id
        assert not any(isinstance(screen, SignInScreen) for screen in app.screen_stack)
    store = open_for_app(seed.url)
    try:
        assert has_password(store, seed.manager_id)
    finally:
        store.close()


async def sign_in_by_keys_from_password(pilot: Pilot[Any], screen: SignInScreen, pw: str) -> None:
    screen.query_one("#password", Input).value = pw
    await pilot.press("enter")
    again = screen.query_one("#password-again", Input)
    await wait_for(pilot, lambda: pilot.app.focused is again)
    again.value = pw
    await pilot.press("enter")


async def test_escape_goes_back_to_the_names(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    give_password(seed.url, seed.handler_id)
    app = make_app(seed, signed_in=False)
    async with app.run_test(size=(80, 24)) as pilot:
        sign_in = await wait_screen(pilot, SignInScreen)
        await wait_for(pilot, lambda: bool(sign_in.users))
        await pilot.press(*"cal", "enter")
        await wait_for(pilot, lambda: sign_in.stage == PASSWORD)
        sign_in.query_one("#password", Input).value = "half typed"
        await pilot.press("escape")
        await wait_for(pilot, lambda: sign_in.stage == PICK)
        assert app.focused is sign_in.query_one("#user-filter", Input)
        assert sign_in.query_one("#password", Input).value == ""
        await sign_in_by_keys(pilot, "")  # the filter still says "cal": Enter picks Cal again
        await wait_screen(pilot, LookupScreen)
        assert app.session.user is not None and app.session.user.id == seed.handler_id


async def test_an_administrator_resets_a_password_from_the_users_tab(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from complaints_tui.app import create_app
    from complaints_tui.screens.admin import AdminScreen
    from complaints_tui.screens.confirm import ConfirmScreen
    from complaints_tui.services.people.users import list_users
    from tests.ui.seed import TODAY

    seed = build_seed(tmp_path)
    give_password(seed.url, seed.handler_id)
    store = open_for_app(seed.url)
    try:
        admin_id = next(u.id for u in list_users(store) if u.name == "Ada Admin")
    finally:
        store.close()
    app = create_app(seed.url, today=TODAY, drafts_dir=seed.drafts, user_id=admin_id)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: app.session.user is not None)
        await pilot.press("ctrl+g")
        admin: AdminScreen = await wait_screen(pilot, AdminScreen)
        await wait_for(pilot, lambda: admin.office is not None)
        # The footer is rebuilt once the tab's keys are known: wait for it, not a frame.
        await wait_for(pilot, lambda: "p" in {key.key for key in admin.query("FooterKey")})
        row = next(i for i, u in enumerate(admin.office.users) if u.id == seed.handler_id)
        admin.query_one("#users-table", DataTable).move_cursor(row=row)
        await pilot.press("p")
        await wait_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        said = "Cal Handler's password is reset: they choose a new one at their next sign-in."
        await wait_for(pilot, lambda: said in app.messages_shown)
    store = open_for_app(seed.url)
    try:
        assert not has_password(store, seed.handler_id)
    finally:
        store.close()
