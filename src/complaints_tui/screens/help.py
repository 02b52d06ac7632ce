"""F1: the keys of the current screen, then the keys that work everywhere."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from complaints_tui.ui_commands import COMMANDS, UICommand, commands_for


def keys_table(title: str, commands: tuple[UICommand, ...]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None, expand=True)
    table.add_column("key", style="bold", width=10, no_wrap=True)
    table.add_column("what it does", ratio=1)
    for command in commands:
        table.add_row(Text(command.display_key), Text(f"{command.label}: {command.help}"))
    return table


def own_keys(screen: Screen[object]) -> list[tuple[str, str]]:
    """A screen's keys that are not in the command registry (a dialog's Y/N, Up/Down…)."""
    registry_ids = {f"{command.scope}.{command.id}" for command in COMMANDS}
    keys: list[tuple[str, str]] = []
    for binding in getattr(screen, "BINDINGS", ()):
        if isinstance(binding, Binding) and binding.description and binding.id not in registry_ids:
            # Spelt as the registry spells keys (UICommand.display_key): "R / ENTER", "^P".
            shown = " / ".join(
                key.strip().replace("ctrl+", "^").upper() for key in binding.key.split(",")
            )
            keys.append((shown, binding.description))
    return keys


def other_keys_table(title: str, keys: list[tuple[str, str]]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None, expand=True)
    table.add_column("key", style="bold", width=10, no_wrap=True)
    table.add_column("what it does", ratio=1)
    for shown, description in keys:
        table.add_row(Text(shown.upper()), Text(description))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the registry's commands for one screen scope and for the whole app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "Close", id="help.close")
    ]

    def __init__(
        self, scope: str, screen_title: str, screen_keys: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__()
        self.scope = scope
        self.screen_title = screen_title
        self.screen_keys = screen_keys or []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            if self.scope != "app":
                yield Static(keys_table(f"Keys on {self.screen_title}", commands_for(self.scope)))
            if self.screen_keys:
                title = "Also on" if self.scope != "app" else "Keys on"
                yield Static(other_keys_table(f"{title} {self.screen_title}", self.screen_keys))
            yield Static(keys_table("Keys everywhere", commands_for("app")))
            yield Static(
                Text(
                    "Tab and Shift+Tab move between fields; Enter picks; "
                    "Ctrl+P searches every command. Esc closes this help.",
                    style="dim",
                )
            )
        yield Footer(compact=True)
