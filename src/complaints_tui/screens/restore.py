"""The offer to restore a call that was being captured when the program stopped."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from complaints_tui.services.drafts import Draft
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.safe import clean, shorten


class RestoreDraftScreen(ModalScreen[bool]):
    """Returns True to restore the draft, False to discard it (after asking again)."""

    SCOPE = Scope.RESTORE
    ASKS = True  # a question to answer before anything else (no palette over it)
    HELP_TITLE = "the offer to restore a call"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.RESTORE))

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft
        self._confirming = False

    def compose(self) -> ComposeResult:
        saved = (
            self.draft.saved_at.astimezone().strftime("%-d %b at %H:%M")
            if (self.draft.saved_at)
            else "earlier"
        )
        description = str(self.draft.fields.get("description", "")).strip()
        text = Text()
        text.append("A call you were capturing was not finished.\n\n", style="bold")
        text.append("Caller: ")
        text.append(clean(self.draft.resident_label) or "anonymous", style="bold")
        text.append(f"\nLast change: {saved}\n")
        if description:
            text.append("What happened: ")
            text.append(shorten(description, 120))
        with Vertical(classes="dialog", id="restore-dialog"):
            yield Static(text)
            yield Static(
                Text("R / Enter: restore it and carry on    D: discard it"),
                classes="dialog-hint",
                id="restore-hint",
            )
        yield AppFooter()

    def action_restore(self) -> None:
        self.dismiss(True)

    def action_discard(self) -> None:
        if self._confirming:
            self.dismiss(False)
            return
        self._confirming = True
        self.query_one("#restore-hint", Static).update(
            Text("Press D again to throw it away for good, or R to restore it.", style="bold")
        )
