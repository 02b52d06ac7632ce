"""First run of a new database: pick the landlord's profile, create the first administrator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
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
        with Vertical(classes="form"):
            yield Static(
                Text("Welcome. This database is new: two questions to set it up.", style="bold"),
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
            yield Static(Text("Enter in the name box saves both."), classes="dialog-hint")
        yield AppFooter()

    def on_mount(self) -> None:
        options = self.query_one("#profiles", OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#profiles")
    def _picked(self) -> None:
        self.query_one("#admin-name", Input).focus()

    @on(Input.Submitted, "#admin-name")
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            self.notify("Type your name first.", severity="warning", markup=False)
            return
        index = self.query_one("#profiles", OptionList).highlighted or 0
        self.save(self.profiles[index].id, name)

    def save(self, profile_id: str, name: str) -> None:
        from complaints_tui.services.people.users import set_up_first_run

        self.run_service(
            lambda store: set_up_first_run(store, name, profile_id), self._done, exclusive=True
        )

    def _done(self, done: tuple[UserInfo, PolicyProfile]) -> None:
        admin, profile = done
        self.session.profile = profile
        self.notify(f"Set up for {clean(profile.name)}.", markup=False)
        self.post_message(SignedIn(admin))
