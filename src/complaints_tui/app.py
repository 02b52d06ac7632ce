"""The Textual application shell."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static


class ComplaintsApp(App[None]):
    TITLE = "complaints-tui"
    BINDINGS = [Binding("q", "quit", "Quit", id="quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("complaints-tui: screens arrive with the next issues.", id="placeholder")
        yield Footer()
