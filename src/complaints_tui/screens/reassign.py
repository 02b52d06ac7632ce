"""Whom to give the marked cases to: the active case workers, one line each (name, role, team),
narrowed as you type a name or a team; Enter gives the cases to the highlighted person."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from complaints_tui.domain.roles import Role
from complaints_tui.screens.base import AppModal
from complaints_tui.services.people.types import UserInfo
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.safe import shorten

CASE_WORKERS = frozenset({Role.INVESTIGATING_MANAGER, Role.SERVICE_DIRECTOR, Role.TEAM_LEAD})
ROLE_WORDS = {
    Role.INVESTIGATING_MANAGER: "manager",
    Role.SERVICE_DIRECTOR: "director",
    Role.TEAM_LEAD: "team lead",
}


def person_line(user: UserInfo) -> Text:
    """One line, never wrapped (a wrapped option threw the list's scrolling off)."""
    return Text(
        f"{shorten(user.name, 26):<26}  {ROLE_WORDS.get(user.role, ''):<9}  "
        f"{shorten(user.team or 'no team', 24)}",
        no_wrap=True,
        overflow="ellipsis",
    )


class HandlerPicker(AppModal[int | None]):
    """The chosen user's id, or None to leave the cases as they are."""

    SCOPE = Scope.HANDLER_PICKER
    HELP_TITLE = "re-assigning"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.HANDLER_PICKER))
    DEFAULT_CSS = """
    HandlerPicker .dialog { width: 72; }
    HandlerPicker #handler-filter { margin: 0 0 1 0; }
    HandlerPicker #handler-options { height: auto; max-height: 1fr; }
    """

    def __init__(self, session: AppSession, users: list[UserInfo], what: str) -> None:
        """`what`: the cases in words ("the marked case CMP-2026-000001")."""
        super().__init__(session)
        self.users = sorted(
            (u for u in users if u.active and u.role in CASE_WORKERS),
            key=lambda u: (u.team.casefold(), u.name.casefold()),
        )
        self.what = what
        self.shown: list[UserInfo] = list(self.users)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(f"Give {self.what} to…"), classes="dialog-title")
            yield Static(
                Text(
                    "Type a name or a team to narrow the list; ↑/↓ and Enter give the cases to "
                    "the highlighted person (an audit event each). Esc: leave them."
                ),
                classes="dialog-hint",
            )
            yield Input(placeholder="Name or team", id="handler-filter", compact=True)
            yield OptionList(*self._options(), id="handler-options")
        yield AppFooter()

    def _options(self) -> list[Option]:
        return [Option(person_line(user), id=str(user.id)) for user in self.shown]

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.users:
            self.query_one(OptionList).highlighted = 0

    @on(Input.Changed, "#handler-filter")
    def _narrow(self, event: Input.Changed) -> None:
        words = event.value.casefold().split()
        self.shown = [
            user
            for user in self.users
            if all(word in f"{user.name} {user.team}".casefold() for word in words)
        ]
        options = self.query_one(OptionList)
        options.set_options(self._options())
        if self.shown:
            options.highlighted = 0

    @on(Input.Submitted, "#handler-filter")
    def _submitted(self) -> None:
        self.action_choose()

    def on_key(self, event: events.Key) -> None:
        """↑/↓ move the list's highlight while the name is typed."""
        if event.key not in ("up", "down") or not isinstance(self.focused, Input):
            return
        event.stop()
        options = self.query_one(OptionList)
        options.action_cursor_up() if event.key == "up" else options.action_cursor_down()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0) or None)

    def action_choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.shown:
            self.app.notify("Nobody matches: change the name typed.", markup=False)
            return
        option = options.get_option_at_index(options.highlighted)
        self.dismiss(int(option.id or 0) or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
