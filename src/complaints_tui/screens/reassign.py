"""Whom to give the marked cases to: the active case workers, by name, with role and team."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from complaints_tui.domain.roles import Role
from complaints_tui.screens.base import AppModal
from complaints_tui.services.people.types import UserInfo
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.footer import AppFooter

CASE_WORKERS = frozenset({Role.INVESTIGATING_MANAGER, Role.SERVICE_DIRECTOR, Role.TEAM_LEAD})


class HandlerPicker(AppModal[int | None]):
    """The chosen user's id, or None to leave the cases as they are."""

    SCOPE = Scope.HANDLER_PICKER
    HELP_TITLE = "re-assigning"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.HANDLER_PICKER))
    DEFAULT_CSS = """
    HandlerPicker .dialog { width: 72; }
    HandlerPicker #handler-options { height: auto; max-height: 1fr; }
    """

    def __init__(self, session: AppSession, users: list[UserInfo], cases: int) -> None:
        super().__init__(session)
        self.users = sorted(
            (u for u in users if u.active and u.role in CASE_WORKERS),
            key=lambda u: (u.team.casefold(), u.name.casefold()),
        )
        self.cases = cases

    def compose(self) -> ComposeResult:
        options = [
            Option(
                Text(f"{user.name} · {user.role.label} · {user.team or 'no team'}"),
                id=str(user.id),
            )
            for user in self.users
        ]
        what = "the highlighted case" if self.cases == 1 else f"the {self.cases} marked cases"
        with Vertical(classes="dialog"):
            yield Static(Text(f"Give {what} to…"), classes="dialog-title")
            yield Static(
                Text(
                    "Enter: give them to the highlighted person, one audit event a case.  "
                    "Esc: leave them."
                ),
                classes="dialog-hint",
            )
            yield OptionList(*options, id="handler-options")
        yield AppFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.users:
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0) or None)

    def action_choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            self.dismiss(int(option.id or 0) or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
