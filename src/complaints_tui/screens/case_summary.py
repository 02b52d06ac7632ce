"""A case's summary, opened from the command palette by its reference (read-only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from complaints_tui.domain.kinds import standing
from complaints_tui.screens.base import AppModal
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.dates import show_day
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.safe import clean

if TYPE_CHECKING:
    from complaints_tui.services.cases.types import CaseDetail


def render_case(case: CaseDetail) -> Text:
    summary = case.summary
    text = Text()
    text.append(clean(summary.reference), style="bold")
    text.append(f"  {summary.kind.label} · {standing(summary.status, summary.stage)}\n")
    text.append("Resident: ", style="bold")
    text.append(clean(summary.resident_name) or "anonymous")
    text.append("\nReceived: ", style="bold")
    text.append(show_day(summary.received_on))
    text.append("\nHandler: ", style="bold")
    text.append(clean(summary.handler_name) or "unassigned queue")
    if summary.next_due_on is not None:
        text.append("\nNext due: ", style="bold")
        text.append(f"{clean(summary.next_due_kind or '')} {show_day(summary.next_due_on)}")
    text.append("\n\nWhat happened\n", style="bold")
    text.append(clean(case.description, multiline=True))
    if case.desired_outcome:
        text.append("\n\nOutcome wanted\n", style="bold")
        text.append(clean(case.desired_outcome, multiline=True))
    for deadline in case.deadlines:
        text.append(f"\n{deadline.state.symbol} stage {deadline.stage} {deadline.kind} by ")
        text.append(f"{show_day(deadline.due_on)} ({deadline.state.label})")
    return text


class CaseSummaryScreen(AppModal[None]):
    SCOPE = Scope.CASE_SUMMARY
    HELP_TITLE = "the case summary"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.CASE_SUMMARY))

    def __init__(self, session: AppSession, reference: str) -> None:
        super().__init__(session)
        self.reference = reference

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(Text(f"Opening {clean(self.reference)}…"), id="case-text")
            yield Static(Text("Esc: close"), classes="dialog-hint")
        yield AppFooter()

    def on_mount(self) -> None:
        from complaints_tui.services.cases.case_view import case_by_reference

        today = self.session.today()
        self.run_service(
            lambda store: case_by_reference(store, self.reference, today=today),
            lambda case: self.query_one("#case-text", Static).update(render_case(case)),
        )
