"""First run of a new database: pick the landlord's profile, create the first administrator
with their password (typed twice)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from complaints_tui.domain.policy import (
    DEFAULT_PROFILE,
    PolicyError,
    PolicyProfile,
    load_profile,
    profile_names,
)
from complaints_tui.locations import policies_dir
from complaints_tui.screens.base import AppScreen
from complaints_tui.screens.messages import SignedIn
from complaints_tui.services.session import AppSession
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.header import AppHeader
from complaints_tui.widgets.safe import clean

if TYPE_CHECKING:
    from complaints_tui.services.people.types import UserInfo


def shipped_profiles() -> list[PolicyProfile]:
    profiles = []
    for name in profile_names(policies_dir()):
        try:
            profiles.append(load_profile(name, policies_dir()))
        except PolicyError:
            continue  # `complaints policy check` reports a broken file; here it is not offered
    profiles.sort(key=lambda profile: (profile.id != DEFAULT_PROFILE, profile.name))
    return profiles


class FirstRunScreen(AppScreen[None]):
    HELP_TITLE = "first run"

    def __init__(self, session: AppSession) -> None:
        super().__init__(session)
        self.profiles = shipped_profiles()

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with VerticalScroll(classes="form"):
            yield Static(
                Text("Welcome. This database is new: three questions to set it up.", style="bold"),
                classes="field-label",
            )
            yield Static(
                Text("1. Whose complaints policy do you follow? (Up/Down, then Tab)"),
                classes="field-label",
            )
            options = OptionList(
                *(
                    Option(
                        Text.assemble((clean(p.name), "bold"), "  ", (clean(p.id), "dim")),
                        id=p.id,
                    )
                    for p in self.profiles
                ),
                id="profiles",
            )
            yield options
            yield Static(
                Text("2. Your name: you will be the first administrator."), classes="field-label"
            )
            yield Input(placeholder="Your name", id="admin-name")
            yield Static(
                Text("3. Your password (at least 10 characters), typed twice."),
                classes="field-label",
            )
            with Horizontal(classes="row"):
                yield Input(placeholder="Password", password=True, id="admin-password")
                yield Input(placeholder="The same again", password=True, id="admin-password-again")
            yield Static(
                Text("Enter moves on; Enter in the last box saves."), classes="dialog-hint"
            )
        yield AppFooter()

    def on_mount(self) -> None:
        options = self.query_one("#profiles", OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#profiles")
    def _picked(self) -> None:
        self.query_one("#admin-name", Input).focus()

    @on(Input.Submitted, "#admin-name")
    def _named(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.notify("Type your name first.", severity="warning", markup=False)
            return
        self.query_one("#admin-password", Input).focus()

    @on(Input.Submitted, "#admin-password")
    def _password_typed(self) -> None:
        self.query_one("#admin-password-again", Input).focus()

    @on(Input.Submitted, "#admin-password-again")
    def _submitted(self) -> None:
        name = self.query_one("#admin-name", Input).value.strip()
        password = self.query_one("#admin-password", Input)
        again = self.query_one("#admin-password-again", Input)
        if not name:
            self.notify("Type your name first.", severity="warning", markup=False)
            self.query_one("#admin-name", Input).focus()
            return
        if password.value != again.value:
            password.value = again.value = ""
            password.focus()
            self.notify(
                "The two passwords are not the same: type the new one twice again.",
                severity="warning",
                markup=False,
            )
            return
        index = self.query_one("#profiles", OptionList).highlighted or 0
        self.save(self.profiles[index].id, name, password.value)

    def save(self, profile_id: str, name: str, password: str) -> None:
        from complaints_tui.services.people.passwords import set_up_first_run_with_password

        self.run_service(
            lambda store: set_up_first_run_with_password(store, name, profile_id, password),
            self._done,
            failed=self._refused,
            exclusive=True,
        )

    def _refused(self, error: BaseException) -> None:
        password = self.query_one("#admin-password", Input)
        password.value = self.query_one("#admin-password-again", Input).value = ""
        password.focus()
        self.report(error)

    def _done(self, done: tuple[UserInfo, PolicyProfile]) -> None:
        admin, profile = done
        self.session.profile = profile
        self.notify(f"Set up for {clean(profile.name)}.", markup=False)
        self.post_message(SignedIn(admin))
