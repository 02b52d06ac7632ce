"""The quick fix: what was agreed on the call and any follow-up, then F5 to record it."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from complaints_tui.screens.base import FOCUS_KEYS
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.footer import AppFooter


class QuickFixScreen(ModalScreen[dict[str, str] | None]):
    SCOPE = Scope.QUICK_FIX
    HELP_TITLE = "the quick fix"
    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for(Scope.QUICK_FIX), *FOCUS_KEYS]

    def __init__(self, text: dict[str, str], typed: Callable[[dict[str, str]], None]) -> None:
        super().__init__()
        self.text = dict(text)
        self.typed = typed  # every change goes to the capture's draft

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="quick-fix-dialog"):
            yield Static(Text("Quick fix: resolved on this call"), classes="dialog-title")
            yield Static(Text("What was agreed"), classes="field-label")
            yield Input(
                self.text.get("agreed", ""),
                placeholder="e.g. plumber visits Tuesday AM",
                id="agreed",
            )
            yield Static(Text("Follow-up (optional)"), classes="field-label")
            yield Input(
                self.text.get("follow_up", ""),
                placeholder="e.g. call back Wednesday",
                id="follow_up",
            )
            yield Static(
                Text("F5: record the fix and show the read-out    Esc: back"), classes="dialog-hint"
            )
        yield AppFooter()

    def values(self) -> dict[str, str]:
        return {
            "agreed": self.query_one("#agreed", Input).value,
            "follow_up": self.query_one("#follow_up", Input).value,
        }

    @on(Input.Changed)
    def _changed(self) -> None:
        self.typed(self.values())

    @on(Input.Submitted, "#agreed")
    def _next(self) -> None:
        self.query_one("#follow_up", Input).focus()

    @on(Input.Submitted, "#follow_up")
    def action_save_quick_fix(self) -> None:
        values = self.values()
        if not values["agreed"].strip():
            self.notify("Write down what was agreed.", severity="warning", markup=False)
            self.query_one("#agreed", Input).focus()
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
