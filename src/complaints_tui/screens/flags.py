"""F3 on the capture: every flag of the resident, scrollable with the keys, whatever the size."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.flags import render_flags
from complaints_tui.widgets.footer import AppFooter

if TYPE_CHECKING:
    from complaints_tui.services.people.types import ResidentFlags


class FlagsScreen(ModalScreen[None]):
    SCOPE = Scope.FLAGS
    HELP_TITLE = "the resident's flags"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.FLAGS))

    def __init__(self, flags: ResidentFlags, today: date) -> None:
        super().__init__()
        self.flags = flags
        self.today = today

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="flags-dialog") as box:
            box.border_title = "Resident · RESTRICTED CONTACT" if self.flags.restricted else None
            yield Static(render_flags(self.flags, self.today), id="all-flags")
            yield Static(
                Text("Up/Down or PageUp/PageDown to scroll · Esc: back to the call"),
                classes="dialog-hint",
            )
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#flags-dialog").focus()  # so the arrow keys scroll it
