"""A case's summary, opened from the command palette by its reference (read-only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from complaints_tui.widgets.dates import show_day
from complaints_tui.widgets.safe import clean

if TYPE_CHECKING:
    from complaints_tui.app import ComplaintsApp
    from complaints_tui.services.cases.types import CaseDetail


def render_case(case: CaseDetail) -> Text:
    summary = case.summary
    text = Text()
    text.append(clean(summary.reference), style="bold")
    text.append(f"  {summary.kind.label} · {summary.status.value.replace('_', ' ')}")
    text.append(f" · {'not yet formal' if summary.stage == 0 else f'stage {summary.stage}'}\n")
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


class CaseSummaryScreen(ModalScreen[None]):
    HELP_TITLE = "the case summary"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss", "Close", id="case_summary.close")
    ]

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(Text(f"Opening {clean(self.reference)}…"), id="case-text")
            yield Static(Text("Esc: close"), classes="dialog-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from complaints_tui.services.cases.case_view import case_by_reference

        app: ComplaintsApp = self.app  # type: ignore[assignment]
        try:
            case = case_by_reference(app.wait_store(), self.reference, today=app.today())
        except Exception as error:
            self.app.call_from_thread(app.report_error, error)
            return
        self.app.call_from_thread(self.query_one("#case-text", Static).update, render_case(case))
