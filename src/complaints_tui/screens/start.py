"""The first screen drawn: says the database is opening, or why it cannot be."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.header import AppHeader


class StartScreen(Screen[None]):
    HELP_TITLE = "start-up"

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(Text("Opening the database…"), id="start-message")
        yield AppFooter()

    def show_problem(self, sentence: str) -> None:
        message = Text()
        message.append("The database cannot be used.\n\n", style="bold")
        message.append(sentence)
        message.append("\n\nStart again with --db URL, or set COMPLAINTS_DB.", style="dim")
        self.query_one("#start-message", Static).update(message)
