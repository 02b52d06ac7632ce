"""The administration screen's Letters tab: the letterhead and the ombudsman details every letter
prints (one form, `e`), where each kind of letter's words come from, and each letter previewed
on sample cases with all of that (`v` or Enter), before a resident ever gets one.

The samples take a moment to make (a small demo in a scratch database: see
`services.letters.samples`); they are made once when first asked for, and again after any
change, so a template just edited in the landlord's folder shows at the next preview.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from complaints_tui.screens.form import Field, SettingsForm
from complaints_tui.services.session import AppSession, user_sentence
from complaints_tui.widgets.safe import shorten

if TYPE_CHECKING:
    from complaints_tui.services.letters.samples import LettersSetup, SampleLetters
    from complaints_tui.services.people.types import Actor
    from complaints_tui.services.session import Store

NOTE = (
    "e (Edit) the letterhead and the ombudsman details · v (View sample) or Enter shows the "
    "highlighted letter on sample cases, with them"
)


class LettersPane(Vertical):
    DEFAULT_CSS = """
    LettersPane { height: 1fr; }
    LettersPane #letterhead { height: auto; max-height: 9; margin: 0 0 1 0; }
    LettersPane #letters-table { height: 1fr; }
    """

    def __init__(self, session: AppSession) -> None:
        super().__init__(id="letters-pane")
        self.session = session
        self.setup: LettersSetup | None = None
        self.samples: SampleLetters | None = None
        self._making = False

    def compose(self) -> ComposeResult:
        yield Static(Text(NOTE), classes="tab-note")
        yield Static(Text(""), id="letterhead")
        table: DataTable[Any] = DataTable(id="letters-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("Letter", "Words from", "Template file")
        yield table

    def show(self, setup: LettersSetup) -> None:
        """Fill the tab; a change since the samples were made makes them again when asked."""
        if setup != self.setup:
            self.samples = None
        self.setup = setup
        landlord = setup.settings.landlord
        lines = [
            f"{landlord.name}",
            ", ".join(landlord.address) or "no address set",
            " · ".join(x for x in (landlord.phone, landlord.email) if x) or "no phone or email",
            f"Signed: {landlord.signature.replace(chr(10), ' / ') or 'the case handler only'}",
        ]
        lines += [f"{name}: {contact or 'no contact details'}" for name, contact in setup.ombudsmen]
        if not setup.ombudsmen:
            lines.append(f"{setup.profile_name}'s procedure names no ombudsman for letters.")
        self.query_one("#letterhead", Static).update(Text("\n".join(lines)))
        table = self.query_one("#letters-table", DataTable)
        row = table.cursor_row
        table.clear()
        for source in setup.templates:
            table.add_row(
                Text(source.kind.label), Text(source.origin), Text(shorten(source.shown, 70))
            )
        if setup.templates:
            table.move_cursor(row=min(row, len(setup.templates) - 1))

    # -- the letterhead --------------------------------------------------------------------------

    def letterhead_form(self) -> SettingsForm | None:
        if self.setup is None:
            return None
        from complaints_tui.services.letters.landlord import ombudsman_lines, set_letter_settings

        landlord = self.setup.settings.landlord
        fields = (
            Field("name", "Landlord's name", value=landlord.name),
            Field(
                "address",
                "Address (lines separated by |)",
                required=False,
                value=" | ".join(landlord.address),
            ),
            Field("phone", "Phone", required=False, value=landlord.phone),
            Field("email", "Email", required=False, value=landlord.email),
            Field(
                "signature",
                "Signature block (lines separated by |)",
                required=False,
                value=landlord.signature.replace("\n", " | "),
            ),
            Field(
                "ombudsman",
                "Ombudsman details (Name = details, several separated by |)",
                required=False,
                value=" | ".join(f"{n} = {c}" for n, c in self.setup.ombudsmen if c),
            ),
        )

        def change(store: Store, actor: Actor, v: dict[str, Any], now: datetime | None) -> str:
            ombudsman_lines(v["ombudsman"])  # a line without " = " is refused before saving
            set_letter_settings(
                store,
                actor,
                name=v["name"],
                address=tuple(x.strip() for x in v["address"].split("|") if x.strip()),
                phone=v["phone"],
                email=v["email"],
                signature="\n".join(x.strip() for x in v["signature"].split("|") if x.strip()),
                ombudsman=v["ombudsman"],
                now=now,
            )
            return "The letterhead is saved: every letter from now on prints it."

        return SettingsForm(
            self.session,
            "The letterhead",
            "What every letter prints at its head and foot. The ombudsmen, and when a resident "
            f"may go to each, are {self.setup.profile_name}'s; the details are yours to give.",
            fields,
            change,
        )

    # -- the samples -----------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#letters-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.preview()

    def preview(self) -> None:
        table = self.query_one("#letters-table", DataTable)
        if self.setup is None or not table.row_count:
            return
        kind = self.setup.templates[table.cursor_row].kind
        if self.samples is not None:
            self._open(self.samples, kind)
            return
        if self._making:
            return
        from complaints_tui.screens.base import AppScreen
        from complaints_tui.services.letters.samples import sample_letters

        self._making = True
        self.app.notify(
            "Making sample cases with your profile and letterhead (a few seconds)…",
            title="Letters",
            markup=False,
        )
        actor, today = self.session.actor(), self.session.today()

        def made(samples: SampleLetters) -> None:
            self._making = False
            self.samples = samples
            self._open(samples, kind)

        def failed(error: BaseException) -> None:
            self._making = False
            self.app.notify(user_sentence(error), title="Letters", severity="error", markup=False)

        screen = self.screen
        assert isinstance(screen, AppScreen)
        screen.run_service(
            lambda store: sample_letters(store, actor, today=today),
            made,
            failed=failed,
            group="letter-samples",
        )

    def _open(self, samples: SampleLetters, kind: Any) -> None:
        from complaints_tui.screens.letters import LetterPreview

        sample = samples.of(kind)
        if sample.letter is None:
            self.app.notify(
                sample.why_none(samples.profile_name),
                title="Letters",
                severity="warning",
                markup=False,
            )
            return
        self.app.push_screen(
            LetterPreview(self.session, None, sample.letter, sample_of=samples.profile_name)
        )
