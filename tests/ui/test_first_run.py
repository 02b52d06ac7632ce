"""First run of a new database, keys only: pick the landlord's profile, name the first
administrator and their password (typed twice), land on the lookup signed in; F1 works on
the way."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from complaints_tui.app import create_app
from complaints_tui.screens.first_run import FirstRunScreen
from complaints_tui.screens.help import HelpScreen
from complaints_tui.screens.lookup import LookupScreen
from tests.ui.helpers import wait_for, wait_screen, wait_shown
from tests.ui.seed import TODAY


async def test_first_run_picks_a_profile_and_makes_the_first_administrator(tmp_path: Path) -> None:
    app = create_app(
        f"sqlite:///{tmp_path / 'new.sqlite3'}", today=TODAY, drafts_dir=tmp_path / "drafts"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        first_run = await wait_screen(pilot, FirstRunScreen)
        await wait_for(pilot, lambda: bool(first_run.query("FooterKey")))
        assert "f2" not in {k.key for k in first_run.query("FooterKey")}  # nobody signed in
        await pilot.press("f1")
        await wait_screen(pilot, HelpScreen)
        await pilot.press("escape")
        await wait_screen(pilot, FirstRunScreen)

        wanted = next(i for i, p in enumerate(first_run.profiles) if p.id == "derwent-living")
        await pilot.press(*["down"] * wanted, "enter")
        assert isinstance(app.focused, Input)
        await pilot.press("enter")  # no name yet
        assert "Type your name first." in list(app.messages_shown)
        await pilot.press(*"Ada [bold]Admin", "enter")
        password = first_run.query_one("#admin-password", Input)
        again = first_run.query_one("#admin-password-again", Input)
        assert app.focused is password and password.password and again.password
        password.value = "too short"
        await pilot.press("enter")
        assert app.focused is again
        again.value = "too short!"
        await pilot.press("enter")  # not the same
        assert "The two passwords are not the same" in app.messages_shown[-1]
        assert app.focused is password and password.value == again.value == ""
        password.value = again.value = "too short"
        again.focus()
        await pilot.press("enter")  # the same, but too short: nothing is made
        await wait_for(pilot, lambda: "A password must be at least 10" in app.messages_shown[-1])
        assert isinstance(app.screen, FirstRunScreen) and app.session.user is None
        password.value = again.value = "a long enough secret"
        again.focus()
        await pilot.press("enter")
        await wait_screen(pilot, LookupScreen)
        await wait_for(pilot, lambda: app.session.profile is not None)
        assert app.session.profile is not None and app.session.profile.id == "derwent-living"
        assert app.session.user is not None and app.session.user.name == "Ada [bold]Admin"
        shown = await wait_shown(pilot, "Ada [bold]Admin · Administrator · Tue 3 Mar 2026")
        assert "Ada [bold]Admin · Administrator" in shown.splitlines()[0]  # the header
    from complaints_tui.services.people.passwords import sign_in_with_password
    from complaints_tui.services.people.users import open_for_app

    store = open_for_app(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        admin = sign_in_with_password(store, "Ada [bold]Admin", "a long enough secret")
        assert admin.name == "Ada [bold]Admin"
    finally:
        store.close()


async def test_signing_in_with_a_name_nobody_has_says_so(tmp_path: Path) -> None:
    from complaints_tui.screens.sign_in import SignInScreen
    from tests.ui.helpers import make_app
    from tests.ui.seed import build_seed

    app = make_app(build_seed(tmp_path), signed_in=False)
    async with app.run_test(size=(80, 24)) as pilot:
        sign_in = await wait_screen(pilot, SignInScreen)
        await wait_for(pilot, lambda: bool(sign_in.users))
        await pilot.press(*"zed", "enter")
        assert any("No user is called 'zed'" in message for message in app.messages_shown)
        assert isinstance(app.screen, SignInScreen)
