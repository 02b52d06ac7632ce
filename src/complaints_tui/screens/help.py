"""F1: the keys of the current screen that do something now, then the keys that work everywhere.

Both lists come from the command registry and are filtered by the same rule as the footer and
the palette (`check_action`), so help never lists a key that does nothing there.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from complaints_tui.ui_commands import Scope, UICommand, bindings_for, commands_for
from complaints_tui.widgets.footer import AppFooter


def available(node: DOMNode, command: UICommand) -> bool:
    """What the footer and palette show: the node's `check_action` does not refuse it."""
    return node.check_action(command.action_method, ()) is not False


def keys_of(node: DOMNode) -> list[UICommand]:
    """The commands F1 lists for a screen (its scope and any `HELP_SCOPES`) or for the app."""
    scopes: tuple[Scope, ...] = getattr(node, "HELP_SCOPES", ()) or (
        getattr(node, "SCOPE", Scope.APP),
    )
    return [
        command
        for scope in scopes
        for command in commands_for(scope)
        if command.in_help and available(node, command)
    ]


def keys_table(title: str, commands: list[UICommand]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None, expand=True)
    table.add_column("key", style="bold", width=10, no_wrap=True)
    table.add_column("what it does", ratio=1)
    for command in commands:
        table.add_row(Text(command.display_key), Text(f"{command.label}: {command.help}"))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the registry's commands for one screen and for the whole app."""

    SCOPE = Scope.HELP
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.HELP))

    def __init__(
        self, screen_title: str, screen_keys: list[UICommand], app_keys: list[UICommand]
    ) -> None:
        super().__init__()
        self.screen_title = screen_title
        self.screen_keys = [key for key in screen_keys if key.scope is not Scope.APP]
        self.app_keys = app_keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            if self.screen_keys:
                yield Static(keys_table(f"Keys on {self.screen_title}", self.screen_keys))
            yield Static(keys_table("Keys everywhere", self.app_keys))
            yield Static(
                Text(
                    "Tab and Shift+Tab move between fields; Enter picks; "
                    "Ctrl+P searches every command. Esc closes this help.",
                    style="dim",
                )
            )
        yield AppFooter()
