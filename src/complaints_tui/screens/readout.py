"""The read-out: the reference and dates to read to the caller, after a contact is saved.

F3 explains the days skipped counting the dates (weekends, bank holidays), F4 shows the stored
letter, F2 starts the next call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from complaints_tui.screens.base import AppScreen
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.dates import show_day
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.header import AppHeader
from complaints_tui.widgets.safe import clean

if TYPE_CHECKING:
    from complaints_tui.services.intake.types import CallRecorded, DueDateReadout


@dataclass(frozen=True)
class Readout:
    """What the handler reads out; values in `lines` are shown literally."""

    headline: str
    reference: str
    lines: list[tuple[str, str]]
    say: str = ""
    skipped: list[str] = field(default_factory=list)
    letter: str = ""


def readout_for(call: CallRecorded) -> Readout:
    """What the handler reads out after the call was saved, in the words of its outcome."""
    from complaints_tui.services.intake.types import CallOutcome

    if call.outcome is CallOutcome.QUICK_FIX:
        return _quick_fix(call)
    if call.outcome is CallOutcome.STAGE1:
        return _stage1(call)
    return _logged(call)


def _logged(call: CallRecorded) -> Readout:
    case = call.case.summary
    complaint = case.kind.value == "complaint"
    lines = [("Logged as", case.kind.label), ("Received", show_day(case.received_on))]
    if call.exclusion_label:
        lines.append(("Not accepted", call.exclusion_label))
    elif complaint and call.accepted:
        lines.append(("Status", "Accepted complaint, not yet formal"))
    lines += [("Note", warning) for warning in call.warnings]
    headline = (
        "Contact logged: not accepted as a complaint"
        if complaint and not call.accepted
        else f"Contact logged: {case.kind.label}"  # as labelled ("ASB report", not "asb")
    )
    return Readout(headline, case.reference, lines, say=call.say)


def _quick_fix(call: CallRecorded) -> Readout:
    case, fix = call.case, call.case.quick_fix
    assert fix is not None, "a quick-fix outcome stores the fix"
    lines = [("Agreed", fix.agreed_fix)]
    if fix.follow_up:
        lines.append(("Follow-up", fix.follow_up))
    lines.append(("Resolved", show_day(fix.resolved_on)))
    say = "Your reference is " + case.reference + ". "
    if fix.escalate_by is not None:
        lines.append(("Formal complaint by", show_day(fix.escalate_by)))
        say += (
            "If you're not happy with the fix, you can ask us to take this as a formal "
            f"complaint until {show_day(fix.escalate_by)}."
        )
    else:
        lines.append(("Formal complaint by", "the policy sets no last date"))
        say += "If you're not happy with the fix, you can still make a formal complaint."
    lines.append(("Letter", "confirmation letter stored (F4 shows it)"))
    skipped = _skipped(call.due_dates, "counting")
    return Readout("Quick fix recorded", case.reference, lines, say, skipped, fix.letter_text)


def _stage1(call: CallRecorded) -> Readout:
    case = call.case
    lines: list[tuple[str, str]] = [("Received", show_day(case.summary.received_on))]
    due = {date.kind: date for date in call.due_dates}
    ack, respond = due.get("acknowledge"), due.get("respond")
    if ack is not None:
        lines.append(("Acknowledge by", show_day(ack.due_on)))
    if respond is not None:
        note = " (projected from acknowledgement)" if respond.projected else ""
        lines.append(("Respond by", show_day(respond.due_on) + note))
    handler = case.summary.handler_name
    area = f" ({case.service_area})" if case.service_area else ""
    lines.append(("Handled by", handler + area if handler else "unassigned queue" + area))
    say = (
        f"Your complaint reference is {case.reference}. "
        + (f"We'll acknowledge it by {show_day(ack.due_on)}" if ack else "We'll acknowledge it")
        + (f" and respond in full by {show_day(respond.due_on)}." if respond else ".")
    )
    return Readout("Stage 1 complaint opened", case.reference, lines, say, _skipped(call.due_dates))


def _skipped(dates: tuple[DueDateReadout, ...], what: str = "") -> list[str]:
    """Each date's skipped days as F3 lists them: "respond: Sat 7 Mar 2026: weekend"."""
    return [
        f"{what or date.kind}: {show_day(day.day)}: {day.reason}"
        for date in dates
        for day in date.skipped
    ]


def render_readout(readout: Readout) -> Text:
    text = Text()
    text.append(readout.headline + "\n\n", style="bold")
    text.append("Reference  ", style="dim")
    text.append(f" {clean(readout.reference)} ", style="bold reverse")
    text.append("\n\n")
    width = max((len(label) for label, _ in readout.lines), default=0) + 2
    for label, value in readout.lines:
        text.append(label.ljust(width), style="bold")
        text.append(clean(value) + "\n")
    if readout.say:
        text.append("\nSay: ", style="bold")
        text.append(f"“{clean(readout.say)}”", style="italic")
    return text


class ReadoutScreen(AppScreen[None]):
    SCOPE = Scope.READOUT
    HELP_TITLE = "the read-out"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.READOUT))

    def __init__(self, session: AppSession, readout: Readout) -> None:
        super().__init__(session)
        self.readout = readout

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with VerticalScroll():
            yield Static(render_readout(self.readout), id="readout")
            yield Static(
                Text(
                    "F3 skipped days · F4 letter · F2 next call"
                    if self.readout.letter
                    else "F3 skipped days · F2 next call",
                    style="dim",
                ),
                id="readout-extra",
            )
        yield AppFooter()

    def on_mount(self) -> None:
        # Not the reference: cut to fit beside the user and date it would read wrong; it is
        # in the box below, whole.
        self.set_context("Read out")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_letter":
            return bool(self.readout.letter)  # a stage 1 read-out has no letter (yet)
        return True

    def action_explain_days(self) -> None:
        extra = self.query_one("#readout-extra", Static)
        text = Text()
        if self.readout.skipped:
            text.append("Days not counted\n", style="bold")
            for line in self.readout.skipped:
                text.append(f"• {clean(line)}\n")
        else:
            text.append("No days were skipped: every day counted was a working day.")
        extra.update(text)

    def action_show_letter(self) -> None:
        extra = self.query_one("#readout-extra", Static)
        if not self.readout.letter:
            extra.update(Text("No letter is stored for this contact."))
            return
        text = Text("Letter stored with the case\n\n", style="bold")
        text.append(clean(self.readout.letter, multiline=True))
        extra.update(text)
