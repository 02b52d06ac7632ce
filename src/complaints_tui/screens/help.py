"""F1: the keys of the current screen, then the keys that work everywhere."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from complaints_tui.ui_commands import UICommand, commands_for


def keys_table(title: str, commands: tuple[UICommand, ...]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None, expand=True)
    table.add_column("key", style="bold", width=10, no_wrap=True)
    table.add_column("what it does", ratio=1)
    for command in commands:
        table.add_row(Text(command.display_key), Text(f"{command.label}: {command.help}"))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the registry's commands for one screen scope and for the whole app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "Close", id="help.close")
    ]

    def __init__(self, scope: str, screen_title: str) -> None:
        super().__init__()
        self.scope = scope
        self.screen_title = screen_title

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            if self.scope != "app":
                yield Static(keys_table(f"Keys on {self.screen_title}", commands_for(self.scope)))
            yield Static(keys_table("Keys everywhere", commands_for("app")))
            yield Static(
                Text(
                    "Tab and Shift+Tab move between fields; Enter picks; "
                    "Ctrl+P searches every command. Esc closes this help.",
                    style="dim",
                )
            )
