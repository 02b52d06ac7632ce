"""Sign in by picking a user (a password comes later). Type to filter; Enter signs in."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from complaints_tui.screens.base import AppScreen
from complaints_tui.screens.messages import SignedIn
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.header import AppHeader
from complaints_tui.widgets.safe import clean

if TYPE_CHECKING:
    from complaints_tui.services.people.types import UserInfo


def user_line(user: UserInfo) -> Text:
    line = Text(clean(user.name), style="bold")
    line.append(f"  {user.role.label}", style="")
    if user.team:
        line.append(f" · {clean(user.team)}", style="dim")
    return line


class SignInScreen(AppScreen[None]):
    SCOPE = Scope.SIGN_IN
    HELP_TITLE = "sign-in"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.SIGN_IN))

    def __init__(self, session: AppSession) -> None:
        super().__init__(session)
        self.users: list[UserInfo] = []

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(
            Text("Who are you? Type to filter, Enter to sign in.", style="bold"), id="lookup-title"
        )
        yield Input(placeholder="Your name", id="user-filter")
        yield OptionList(id="users")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#user-filter", Input).focus()
        from complaints_tui.services.people.users import list_users

        self.run_service(list_users, self._loaded)

    def _loaded(self, users: list[UserInfo]) -> None:
        self.users = users
        self._filter(self.query_one("#user-filter", Input).value)

    @on(Input.Changed, "#user-filter")
    def _typed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        options = self.query_one("#users", OptionList)
        options.clear_options()
        for user in self.users:
            if all(word in user.name.lower() for word in words):
                options.add_option(Option(user_line(user), id=str(user.id)))
        if options.option_count:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one("#users", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    @on(Input.Submitted, "#user-filter")
    @on(OptionList.OptionSelected, "#users")
    def _chosen(self) -> None:
        options = self.query_one("#users", OptionList)
        if options.highlighted is None:
            typed = self.query_one("#user-filter", Input).value.strip()
            self.notify(
                f"No user is called {typed!r}: type less of the name, or ask an administrator."
                if typed
                else "No users yet: the database is still opening.",
                severity="warning",
                markup=False,
            )
            return
        option = options.get_option_at_index(options.highlighted)
        user = next((u for u in self.users if str(u.id) == option.id), None)
        if user is not None:
            self.post_message(SignedIn(user))
