"""Caller not found: the few details needed to add them and carry on with the call."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Select, Static

from complaints_tui.domain.kinds import Tenure
from complaints_tui.screens.base import FOCUS_KEYS
from complaints_tui.ui_commands import bindings_for

if TYPE_CHECKING:
    from complaints_tui.app import ComplaintsApp

FIELDS = ("name", "address", "postcode", "phone")
TITLES = {"name": "Full name", "address": "Address", "postcode": "Postcode", "phone": "Phone"}
# The database columns' sizes (PostgreSQL refuses longer values; SQLite would keep them).
LIMITS = {"name": 200, "postcode": 12, "phone": 40}


def too_long(values: dict[str, str], limits: dict[str, int], titles: dict[str, str]) -> str | None:
    """The first field longer than its column, as a sentence; None if all fit."""
    for name, limit in limits.items():
        length = len(values.get(name, ""))
        if length > limit:
            return (
                f"{titles[name]} is {length:,} characters long; at most {limit} fit. "
                "Shorten it (nothing was saved)."
            )
    return None


class NewResidentScreen(ModalScreen[int | None]):
    """Returns the new resident's id, or None when the handler goes back."""

    SCOPE = "new_resident"
    HELP_TITLE = "the new resident form"
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings_for("new_resident"),
        *FOCUS_KEYS,
        # Enter in a box moves to the next one at once (see FOCUS_KEYS); on the tenure list it
        # still opens the list.
        Binding("enter", "next_field", show=False, priority=True, id="new_resident.next_field"),
    ]

    def __init__(self, typed: str = "") -> None:
        super().__init__()
        self.typed = typed.strip()

    def on_mount(self) -> None:
        # Titles on the boxes' borders: a placeholder disappears once something is typed.
        for name, title in TITLES.items():
            self.query_one(f"#{name}", Input).border_title = title
        self.query_one("#tenure", Select).border_title = "Tenure"

    def compose(self) -> ComposeResult:
        looks_like_name = self.typed and not any(ch.isdigit() for ch in self.typed)
        with Vertical(classes="dialog", id="new-resident-dialog"):
            yield Static(Text("New resident"), classes="dialog-title")
            # The name carried from the search is added to, not typed over: the handler goes on
            # with the surname (selecting it on focus made the first key replace it).
            yield Input(
                self.typed if looks_like_name else "",
                placeholder="Full name",
                id="name",
                select_on_focus=False,
            )
            yield Input(placeholder="Address (first line)", id="address")
            with Horizontal(classes="row"):
                yield Input(placeholder="Postcode", id="postcode")
                yield Input(placeholder="Phone", id="phone")
            yield Select(
                [
                    ("Rents from us (LCRA)", Tenure.LCRA.value),
                    ("Shared ownership (LCHO)", Tenure.LCHO.value),
                ],
                value=Tenure.LCRA.value,
                allow_blank=False,
                id="tenure",
            )
            yield Static(Text("F5: save and continue the call    Esc: back"), classes="dialog-hint")
        yield Footer(compact=True)

    def action_next_field(self) -> None:
        if not isinstance(self.focused, Input):
            raise SkipAction
        self.focus_next()

    def action_save_resident(self) -> None:
        values = {name: self.query_one(f"#{name}", Input).value.strip() for name in FIELDS}
        if not values["name"]:
            self.notify("The resident's name is needed.", severity="warning", markup=False)
            self.query_one("#name", Input).focus()
            return
        problem = too_long(values, LIMITS, TITLES)
        if problem is not None:
            self.notify(problem, severity="warning", markup=False)
            field = next(name for name, limit in LIMITS.items() if len(values[name]) > limit)
            self.query_one(f"#{field}", Input).focus()
            return
        tenure = self.query_one("#tenure", Select).value
        self.save(values, Tenure(str(tenure)))

    @work(thread=True, exclusive=True)
    def save(self, values: dict[str, str], tenure: Tenure) -> None:
        from complaints_tui.services.people.residents import create_resident
        from complaints_tui.services.people.types import NewResident

        app: ComplaintsApp = self.app  # type: ignore[assignment]
        try:
            assert app.user is not None
            resident = create_resident(
                app.wait_store(), app.user, NewResident(tenure=tenure, **values)
            )
        except Exception as error:
            self.app.call_from_thread(app.report_error, error)
            return
        self.app.call_from_thread(self.dismiss, resident.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
