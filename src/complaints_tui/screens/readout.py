"""The read-out: the reference and dates to read to the caller, after a contact is saved.

F3 explains the days skipped counting the dates (weekends, bank holidays), F4 shows the stored
letter, F2 starts the next call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from complaints_tui.screens.base import AppScreen
from complaints_tui.ui_commands import bindings_for
from complaints_tui.widgets.safe import clean


@dataclass(frozen=True)
class Readout:
    """What the handler reads out; values in `lines` are shown literally."""

    headline: str
    reference: str
    lines: list[tuple[str, str]]
    say: str = ""
    skipped: list[str] = field(default_factory=list)
    letter: str = ""


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
    SCOPE = "readout"
    HELP_TITLE = "the read-out"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for("readout"))

    def __init__(self, readout: Readout) -> None:
        super().__init__()
        self.readout = readout

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
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
        yield Footer(compact=True)

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
