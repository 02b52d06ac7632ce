"""Sign in: pick your name (type to filter, Enter), then your password. Someone with no
password yet (new, or reset by an administrator) chooses one, typed twice. Esc goes back to
the names. Refusals come from the service in one sentence (never which of name or password
was wrong)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
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
    from complaints_tui.services.session import Store

PICK, PASSWORD, CHOOSE = "pick", "password", "choose"
TITLES = {
    PICK: "Who are you? Type to filter, Enter to sign in.",
    PASSWORD: "Your password",
    CHOOSE: "Choose your password",
}
NOT_THE_SAME = "The two passwords are not the same: type the new one twice again."


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
    DEFAULT_CSS = """
    SignInScreen #password-box { height: auto; margin: 1 2; display: none; }
    SignInScreen #password-box Input { margin: 0 0 1 0; }
    SignInScreen.asks-password #password-box { display: block; }
    SignInScreen.asks-password #users, SignInScreen.asks-password #user-filter { display: none; }
    SignInScreen .password-hint { color: $text-muted; }
    """

    def __init__(self, session: AppSession) -> None:
        super().__init__(session)
        self.users: list[UserInfo] = []
        self.stage = PICK
        self.chosen: UserInfo | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(Text(TITLES[PICK], style="bold"), id="lookup-title")
        yield Input(placeholder="Your name", id="user-filter")
        yield OptionList(id="users")
        with Vertical(id="password-box"):
            yield Static(Text(""), id="password-hint", classes="password-hint")
            yield Input(placeholder="Password", password=True, id="password")
            yield Input(placeholder="The same password again", password=True, id="password-again")
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
        if self.stage == PICK and options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.stage != PICK
        if action == "move":
            return self.stage == PICK
        return True

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
        if user is None:
            return
        from complaints_tui.services.people.passwords import has_password

        self.run_service(
            lambda store: has_password(store, user.id),
            lambda has: self._ask(user, PASSWORD if has else CHOOSE),
            group="sign-in",
            exclusive=True,
        )

    def _ask(self, user: UserInfo, stage: str) -> None:
        self.chosen = user
        self.stage = stage
        name = clean(user.name)
        hint = (
            f"{name}: your password, then Enter. Esc: someone else."
            if stage == PASSWORD
            else f"{name}: you have no password yet. Choose one (at least 10 characters) and "
            "type it twice, Enter after each. Esc: someone else."
        )
        self.query_one("#password-hint", Static).update(Text(hint))
        self.query_one("#lookup-title", Static).update(Text(TITLES[stage], style="bold"))
        again = self.query_one("#password-again", Input)
        again.display = stage == CHOOSE
        for box in self.query("#password-box Input").results(Input):
            box.value = ""
        self.add_class("asks-password")
        self.query_one("#password", Input).focus()
        self.refresh_bindings()

    def action_back(self) -> None:
        """Back to the names, the password boxes emptied."""
        self.stage = PICK
        self.chosen = None
        for box in self.query("#password-box Input").results(Input):
            box.value = ""
        self.remove_class("asks-password")
        self.query_one("#lookup-title", Static).update(Text(TITLES[PICK], style="bold"))
        self.query_one("#user-filter", Input).focus()
        self.refresh_bindings()

    @on(Input.Submitted, "#password")
    def _password_entered(self) -> None:
        if self.stage == CHOOSE:
            self.query_one("#password-again", Input).focus()
            return
        user, password = self.chosen, self.query_one("#password", Input).value
        if user is None:
            return
        from complaints_tui.services.people.passwords import sign_in_with_password

        now = self.session.now()
        self.run_service(
            lambda store: sign_in_with_password(store, user.id, password, now),
            self._signed_in,
            failed=self._refused,
            group="sign-in",
            exclusive=True,
        )

    @on(Input.Submitted, "#password-again")
    def _chosen_twice(self) -> None:
        user = self.chosen
        first = self.query_one("#password", Input).value
        again = self.query_one("#password-again", Input).value
        if user is None:
            return
        if first != again:
            self._refused_sentence(NOT_THE_SAME)
            return
        from complaints_tui.services.people.passwords import set_password

        now = self.session.now()

        def choose(store: Store) -> UserInfo:
            return set_password(store, user.id, first, now=now)

        self.run_service(
            choose, self._signed_in, failed=self._refused, group="sign-in", exclusive=True
        )

    def _signed_in(self, user: UserInfo) -> None:
        self.post_message(SignedIn(user))

    def _refused(self, error: BaseException) -> None:
        from complaints_tui.services.people.passwords import NoPasswordYet
        from complaints_tui.services.session import user_sentence

        if isinstance(error, NoPasswordYet) and self.chosen is not None:
            self._ask(self.chosen, CHOOSE)  # reset meanwhile by an administrator
        self._refused_sentence(user_sentence(error))

    def _refused_sentence(self, sentence: str) -> None:
        for box in self.query("#password-box Input").results(Input):
            box.value = ""
        self.query_one("#password", Input).focus()
        self.notify(clean(sentence), title="Not signed in", severity="error", markup=False)
