"""Caller not found: the few details needed to add them and carry on with the call."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static

from complaints_tui.domain.kinds import Tenure
from complaints_tui.screens.base import FOCUS_KEYS, AppModal
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.footer import AppFooter

FIELDS = ("name", "address", "postcode", "phone")
TITLES = {"name": "Full name", "address": "Address", "postcode": "Postcode", "phone": "Phone"}


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


class NewResidentScreen(AppModal[int | None]):
    """Returns the new resident's id, or None when the handler goes back."""

    SCOPE = Scope.NEW_RESIDENT
    HELP_TITLE = "the new resident form"
    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for(Scope.NEW_RESIDENT), *FOCUS_KEYS]

    def __init__(self, session: AppSession, typed: str = "") -> None:
        super().__init__(session)
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
        yield AppFooter()

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
        from complaints_tui.services.people.residents import resident_field_limits

        limits = {name: limit for name, limit in resident_field_limits().items() if name in FIELDS}
        problem = too_long(values, limits, TITLES)
        if problem is not None:
            self.notify(problem, severity="warning", markup=False)
            field = next(name for name, limit in limits.items() if len(values[name]) > limit)
            self.query_one(f"#{field}", Input).focus()
            return
        tenure = self.query_one("#tenure", Select).value
        self.save(values, Tenure(str(tenure)))

    def save(self, values: dict[str, str], tenure: Tenure) -> None:
        from complaints_tui.services.people.residents import create_resident
        from complaints_tui.services.people.types import NewResident

        actor = self.session.actor()
        self.run_service(
            lambda store: create_resident(store, actor, NewResident(tenure=tenure, **values)),
            lambda resident: self.dismiss(resident.id),
            exclusive=True,
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
