"""A yes/no question that returns its answer with `dismiss` (Y or Enter: yes; N or Esc: no)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.footer import AppFooter


class ConfirmScreen(ModalScreen[bool]):
    SCOPE = Scope.CONFIRM
    ASKS = True  # a question to answer before anything else (no palette over it)
    HELP_TITLE = "this question"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.CONFIRM))

    def __init__(self, question: str, yes: str = "Y / Enter: yes", no: str = "N / Esc: no") -> None:
        super().__init__()
        self.question = question
        self.hint = f"{yes}    {no}"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="dialog-title")
            yield Static(Text(self.hint), classes="dialog-hint")
        yield AppFooter()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
