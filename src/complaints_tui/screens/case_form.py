"""A case action's small form: says what it will do, takes a few fields, refuses bad input in a
sentence beside them, and runs the service with the version the user saw.

When someone else saved the case first (`ConflictError`), the form stays open with what was
typed, the case is read again underneath, and the next F5 saves against the new version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from complaints_tui.screens.form import Field, FieldKind, FormDialog
from complaints_tui.services.cases.types import CaseDetail
from complaints_tui.services.errors import ConflictError
from complaints_tui.services.people.types import Actor
from complaints_tui.services.session import AppSession
from complaints_tui.widgets.quiet import QuietSpell
from complaints_tui.widgets.safe import clean

if TYPE_CHECKING:
    from complaints_tui.services.session import Store

__all__ = ["CaseAction", "CaseActionDialog", "Check", "Field", "FieldKind", "Run"]


# The service call behind a form: store, actor, case id, the version seen, the values, the clock.
Run = Callable[["Store", Actor, int, int, dict[str, Any], datetime | None], CaseDetail]


# What still stops the action (empty: it may go): store, case id, the values as typed.
Check = Callable[["Store", int, dict[str, Any]], list[str]]


@dataclass(frozen=True)
class CaseAction:
    title: str
    explain: str  # what it will do, before anything is saved
    fields: tuple[Field, ...]
    run: Run
    done: str  # said once it is saved
    check: Check | None = None  # a checklist: shown as it is filled in; saving waits for it


class CaseActionDialog(FormDialog[CaseDetail]):
    """Returns the case as saved, or None when cancelled."""

    def __init__(
        self,
        session: AppSession,
        case: CaseDetail,
        action: CaseAction,
        reloaded: Callable[[CaseDetail], object],
        values: dict[str, str] | None = None,
    ) -> None:
        title = f"{action.title} · {clean(case.reference)}"
        super().__init__(session, title, action.explain, action.fields, values)
        self.case = case
        self.action = action
        self.reloaded = reloaded  # the workspace underneath, told of a newer version
        self.gaps: list[str] | None = None  # a checklist's open points, as last checked

    def below_fields(self) -> ComposeResult:
        if self.action.check is not None:
            yield Static(Text("Checking…"), id="form-gaps")

    def on_mount(self) -> None:
        super().on_mount()
        self._check_soon = QuietSpell(self, self.check_now)
        self.check_now()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _edited(self) -> None:
        if self.action.check is not None:
            self._check_soon.poke()

    def check_now(self) -> None:
        """Ask the service what still stops the action, and show it (a checklist form)."""
        check = self.action.check
        if check is None:
            return
        try:
            values = self.values()
        except ValueError:
            values = {}
        case_id = self.case.id
        self.run_service(
            lambda store: check(store, case_id, values) if values else None,
            self._show_gaps,
            group="form-check",
            exclusive=True,
        )

    def _show_gaps(self, gaps: list[str] | None) -> None:
        self.gaps = gaps
        box = self.query_one("#form-gaps", Static)
        if gaps is None:
            box.update(Text("Fill in the form to see what is still missing.", style="dim"))
            return
        text = Text()
        if not gaps:
            text.append("✔ Complete: F5 sends it.", style="bold")
        else:
            text.append(f"✖ Not ready ({len(gaps)} to do):\n", style="bold")
            for gap in gaps:
                text.append(f"• {clean(gap)}\n")
        box.update(text)

    # -- saving ----------------------------------------------------------------------------

    def ready_to_save(self) -> bool:
        if self.action.check is not None and self.gaps:
            self._problem(f"Not ready to send: {len(self.gaps)} still to do (listed above).")
            self.query_one("#form-gaps").scroll_visible()
            return False
        return True

    def submit(self, values: dict[str, Any]) -> None:
        actor, now = self.session.actor(), self.session.now()
        case_id, version = self.case.id, self.case.version
        self.run_service(
            lambda store: self.action.run(store, actor, case_id, version, values, now),
            self._saved,
            failed=self.failed,
            group="case-form",
        )

    def _saved(self, detail: CaseDetail) -> None:
        self.notify(self.action.done, markup=False)
        self.dismiss(detail)

    def failed(self, error: BaseException) -> None:
        if not isinstance(error, ConflictError):
            super().failed(error)
            return
        self._saving = False
        self._problem(
            "Someone else saved this case after you opened the form, so nothing of yours was "
            "saved. The case has been read again; what you typed is kept: check it, then "
            "press F5 to save."
        )
        from complaints_tui.services.cases.case_view import get_case

        today = self.session.today()
        self.run_service(lambda store: get_case(store, self.case.id, today=today), self._fresh)

    def _fresh(self, detail: CaseDetail) -> None:
        self.case = detail
        self.reloaded(detail)
