"""A case's letters: pick one (the kinds the case has reached, and the letters already sent),
read it on screen, send it (how and to whom, kept on the case), or save it as text or PDF.

The preview is the letter's text form (`Letter.as_text`), shown as plain text: a resident's
`Bob [/]` is shown as typed. A sent letter opens exactly as it was sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from complaints_tui.domain.letters import Letter, LetterChannel, LetterKind
from complaints_tui.screens.base import AppModal, AppScreen
from complaints_tui.screens.case_form import CaseAction, CaseActionDialog, Field, FieldKind
from complaints_tui.services.cases.types import CaseDetail
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.header import AppHeader
from complaints_tui.widgets.safe import clean

if TYPE_CHECKING:
    from complaints_tui.services.cases.types import SentLetterInfo
    from complaints_tui.services.letters.compose import LetterChoice
    from complaints_tui.services.session import Store


@dataclass(frozen=True)
class LetterMenu:
    choices: tuple[LetterChoice, ...]
    sent: tuple[SentLetterInfo, ...]


def read_menu(store: Store, case_id: int, today: object) -> LetterMenu:
    from datetime import date

    from complaints_tui.services.letters.compose import letter_choices
    from complaints_tui.services.letters.sent import sent_letters

    assert isinstance(today, date)
    return LetterMenu(
        tuple(letter_choices(store, case_id, today=today)), tuple(sent_letters(store, case_id))
    )


def sent_line(info: SentLetterInfo) -> str:
    return (
        f"Sent {info.at:%-d %b %Y %H:%M}: {info.kind.label} by "
        f"{info.channel.label.lower()} to {info.recipient} ({info.by_name})"
    )


class LetterPicker(AppModal[str | None]):
    """Which letter: "kind:<kind>" to write one, "sent:<id>" to re-open one, None to go back."""

    SCOPE = Scope.LETTER_PICKER
    HELP_TITLE = "the letters"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.LETTER_PICKER))
    DEFAULT_CSS = """
    LetterPicker .dialog { width: 100; }
    LetterPicker #letter-options { height: auto; max-height: 1fr; }
    """

    def __init__(self, session: AppSession, case: CaseDetail, menu: LetterMenu) -> None:
        super().__init__(session)
        self.case = case
        self.menu = menu

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        for choice in self.menu.choices:
            prompt = Text(choice.kind.label)
            if choice.refusal is not None:
                prompt = Text(f"{choice.kind.label}: not yet ({choice.refusal})", style="dim")
            options.append(
                Option(prompt, id=f"kind:{choice.kind.value}", disabled=not choice.available)
            )
        for info in self.menu.sent:
            options.append(Option(Text(sent_line(info)), id=f"sent:{info.id}"))
        with Vertical(classes="dialog"):
            yield Static(Text(f"Letters for {self.case.reference}"), classes="dialog-title")
            yield Static(
                Text("Enter: write the letter, or re-open one already sent.  Esc: back."),
                classes="dialog-hint",
            )
            yield OptionList(*options, id="letter-options")
        yield AppFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        first = next((i for i, o in enumerate(options.options) if not o.disabled), None)
        if first is not None:
            options.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            if not option.disabled:
                self.dismiss(option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _channels() -> tuple[tuple[str, str], ...]:
    return tuple((channel.label, channel.value) for channel in LetterChannel)


def send_form(letter: Letter) -> CaseAction:
    from complaints_tui.services.letters.sent import record_letter_sent

    to = ", ".join(letter.addressee)
    return CaseAction(
        f"Send: {letter.kind.label}",
        "Keep this letter on the case as sent: how it went and to whom. It is stored as it "
        "reads now, whatever the templates say later.",
        (
            Field("channel", "How it was sent", FieldKind.CHOICE, choices=_channels()),
            Field("recipient", "To whom", value=to),
        ),
        lambda store, actor, cid, v, f, now: record_letter_sent(
            store, actor, cid, v, letter, LetterChannel(f["channel"]), f["recipient"], now=now
        ),
        "Letter recorded as sent.",
    )


def out_folder() -> Path:
    """Where saved letters go: the user's folder, `letters/` (made when first needed)."""
    from complaints_tui.locations import user_dir

    folder = user_dir() / "letters"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class LetterPreview(AppScreen[CaseDetail | None]):
    """One letter on screen. Returns the case as saved when the letter was sent, else None."""

    SCOPE = Scope.LETTER
    HELP_TITLE = "the letter"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.LETTER))
    DEFAULT_CSS = """
    LetterPreview #letter-about { height: auto; padding: 0 1; border-bottom: solid $primary; }
    LetterPreview #letter-scroll { height: 1fr; padding: 0 2; }
    """

    def __init__(
        self,
        session: AppSession,
        case: CaseDetail | None,
        letter: Letter,
        sent: SentLetterInfo | None = None,
        *,
        sample_of: str | None = None,
    ) -> None:
        """`case` None with `sample_of` (the profile's name): a sample letter on made-up cases,
        shown from the administration screen; it can be saved but never sent."""
        super().__init__(session)
        self.case = case
        self.letter = letter
        self.sent = sent
        self.sample_of = sample_of
        self.saved_case: CaseDetail | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        if self.sample_of is not None:
            about = (
                f"{self.letter.kind.label} · a sample: made-up cases under {self.sample_of}, with "
                "your letterhead and templates; nothing is sent"
            )
        elif self.sent is not None:
            about = sent_line(self.sent) + " · shown exactly as it was sent"
        elif self.is_response:
            about = (
                f"{self.letter.kind.label} · a draft: the response is sent with the checklist "
                "(S on the case), once every point is done"
            )
        else:
            about = f"{self.letter.kind.label} · not sent yet (S records it as sent)"
        yield Static(Text(about), id="letter-about")
        with VerticalScroll(id="letter-scroll"):
            yield Static(Text(self.letter.as_text()), id="letter-text")
        yield AppFooter()

    def on_mount(self) -> None:
        what = "Sample letter" if self.sample_of is not None else "Letter"
        self.set_context(f"{what} {self.letter.reference}")
        self.query_one("#letter-scroll").focus()

    @property
    def sendable(self) -> bool:
        """Not sent yet, and not a stage's response (the checklist sends that, once complete)."""
        return (
            self.case is not None
            and self.sent is None
            and self.saved_case is None
            and not self.is_response
        )

    @property
    def is_response(self) -> bool:
        return self.letter.kind in (LetterKind.RESPONSE, LetterKind.FINAL_RESPONSE)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "send_letter":
            return self.sendable
        return True

    def action_send_letter(self) -> None:
        if not self.sendable or self.case is None:
            return

        def updated(detail: CaseDetail) -> None:
            self.case = detail

        def done(detail: CaseDetail | None) -> None:
            if detail is None:
                return
            self.saved_case = detail
            self.query_one("#letter-about", Static).update(
                Text(f"{self.letter.kind.label} · recorded as sent")
            )
            self.refresh_bindings()

        form = send_form(self.letter)
        self.app.push_screen(CaseActionDialog(self.session, self.case, form, updated), done)

    def _save(self, suffix: str) -> None:
        letter = self.letter
        name = f"{letter.reference}-{letter.kind.value}-{letter.dated.isoformat()}.{suffix}"

        def write(store: Store) -> Path:
            path = out_folder() / name
            if suffix == "txt":
                path.write_text(letter.as_text(), encoding="utf-8")
            else:
                from complaints_tui.services.letters.landlord import layout_file, letter_settings
                from complaints_tui.services.letters.pdf import letter_pdf

                path.write_bytes(letter_pdf(letter, layout=layout_file(letter_settings(store))))
            return path

        def written(path: Path) -> None:
            self.app.notify(clean(f"Saved to {path}"), title="Letter saved", markup=False)

        self.run_service(write, written, group="letter-save")

    def action_save_text(self) -> None:
        self._save("txt")

    def action_save_pdf(self) -> None:
        self._save("pdf")

    def action_back(self) -> None:
        self.dismiss(self.saved_case)
