"""A case action's small form: says what it will do, takes a few fields, refuses bad input in a
sentence beside them, and runs the service with the version the user saw.

When someone else saved the case first (`ConflictError`), the form stays open with what was
typed, the case is read again underneath, and the next F5 saves against the new version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from complaints_tui.domain.redress import parse_pounds
from complaints_tui.screens.base import FOCUS_KEYS, AppModal
from complaints_tui.services.cases.types import CaseDetail
from complaints_tui.services.errors import ConflictError
from complaints_tui.services.people.types import Actor
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.dates import DateUnreadable, parse_day
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.quiet import QuietSpell
from complaints_tui.widgets.safe import clean

if TYPE_CHECKING:
    from complaints_tui.services.session import Store


class FieldKind(StrEnum):
    TEXT = "text"
    LONG = "long"  # several lines
    DATE = "date"  # typed day/month/year
    CHOICE = "choice"
    TICK = "tick"
    MONEY = "money"  # pounds and pence, to exact pence


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()  # (what is shown, the value)
    value: str = ""  # what the field starts with
    hint: str = ""  # a placeholder
    note: str = ""  # said after the label instead of "(optional)", e.g. when it is needed


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


class CaseActionDialog(AppModal[CaseDetail | None]):
    """Returns the case as saved, or None when cancelled."""

    SCOPE = Scope.FORM
    HELP_TITLE = "this form"
    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for(Scope.FORM), *FOCUS_KEYS]
    DEFAULT_CSS = """
    CaseActionDialog .form-problem { color: $error; height: auto; }
    CaseActionDialog TextArea { height: 5; }
    CaseActionDialog #form-box { height: auto; max-height: 100%; }
    """

    def __init__(
        self,
        session: AppSession,
        case: CaseDetail,
        action: CaseAction,
        reloaded: Callable[[CaseDetail], object],
        values: dict[str, str] | None = None,
    ) -> None:
        super().__init__(session)
        self.case = case
        self.action = action
        self.reloaded = reloaded  # the workspace underneath, told of a newer version
        self.typed = values or {}
        self._saving = False
        self.gaps: list[str] | None = None  # a checklist's open points, as last checked

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="form-box"):
            title = f"{self.action.title} · {clean(self.case.reference)}"
            yield Static(Text(title), classes="dialog-title")
            yield Static(Text(self.action.explain), id="form-explain")
            for field in self.action.fields:
                yield from self._field(field)
            if self.action.check is not None:
                yield Static(Text("Checking…"), id="form-gaps")
            yield Static(id="form-problem", classes="form-problem")
            yield Static(Text("F5: save    Esc: cancel"), classes="dialog-hint")
        yield AppFooter()

    def _field(self, field: Field) -> ComposeResult:
        value = self.typed.get(field.key, field.value)
        if field.kind is FieldKind.TICK:
            yield Checkbox(field.label, value=value == "yes", id=f"f-{field.key}")
            return
        label = field.label + ("" if field.required or field.note else " (optional)")
        label += f" ({field.note})" if field.note else ""
        yield Static(Text(label), classes="field-label")
        if field.kind is FieldKind.CHOICE:
            yield Select(
                [(Text(clean(shown)), chosen) for shown, chosen in field.choices],
                value=value if any(value == v for _, v in field.choices) else Select.NULL,
                prompt="Pick one",
                id=f"f-{field.key}",
            )
        elif field.kind is FieldKind.LONG:
            yield TextArea(value, id=f"f-{field.key}", soft_wrap=True, tab_behavior="focus")
        else:
            hint = field.hint or ("day/month/year" if field.kind is FieldKind.DATE else "")
            yield Input(value, placeholder=hint, id=f"f-{field.key}")

    def on_mount(self) -> None:
        first = next(iter(self.query("Input, TextArea, Select, Checkbox")), None)
        if first is not None:
            first.focus()
        self._opened_with = self.raw_values()
        self._check_soon = QuietSpell(self, self.check_now)
        self.check_now()

    def unsaved(self) -> bool:
        """Something typed that the case does not hold yet (F2, F12 and sign-out ask first)."""
        return not self._saving and self.raw_values() != getattr(self, "_opened_with", {})

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

    # -- values ----------------------------------------------------------------------------

    def raw_values(self) -> dict[str, str]:
        """What is in the boxes now, as typed (kept when the case is reloaded)."""
        raw: dict[str, str] = {}
        for field in self.action.fields:
            widget = self.query_one(f"#f-{field.key}")
            if isinstance(widget, Checkbox):
                raw[field.key] = "yes" if widget.value else ""
            elif isinstance(widget, Select):
                raw[field.key] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, TextArea):
                raw[field.key] = widget.text
            elif isinstance(widget, Input):
                raw[field.key] = widget.value
        return raw

    def values(self) -> dict[str, Any]:
        """The values the service takes; raises `ValueError` with the sentence to show."""
        today = self.session.today()
        out: dict[str, Any] = {}
        for field in self.action.fields:
            text = self.raw_values()[field.key]
            if field.kind is FieldKind.TICK:
                out[field.key] = text == "yes"
                continue
            if field.required and not text.strip():
                raise ValueError(f"Fill in “{field.label}”.")
            if field.kind is FieldKind.DATE:
                out[field.key] = _day(text, today, field.label)
            elif field.kind is FieldKind.MONEY:
                out[field.key] = _pence(text, field.label)
            else:
                out[field.key] = text.strip()
        return out

    # -- saving ----------------------------------------------------------------------------

    def action_save(self) -> None:
        if self._saving:
            return
        try:
            values = self.values()
        except ValueError as problem:
            self._problem(str(problem))
            return
        if self.action.check is not None and self.gaps:
            self._problem(f"Not ready to send: {len(self.gaps)} still to do (listed above).")
            self.query_one("#form-gaps").scroll_visible()
            return
        self._saving = True
        self._problem("")
        actor, now = self.session.actor(), self.session.now()
        case_id, version = self.case.id, self.case.version
        self.run_service(
            lambda store: self.action.run(store, actor, case_id, version, values, now),
            self._saved,
            failed=self._failed,
            group="case-form",
        )

    def _saved(self, detail: CaseDetail) -> None:
        self.notify(self.action.done, markup=False)
        self.dismiss(detail)

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        if isinstance(error, ConflictError):
            self._problem(
                "Someone else saved this case after you opened the form, so nothing of yours was "
                "saved. The case has been read again; what you typed is kept: check it, then "
                "press F5 to save."
            )
            from complaints_tui.services.cases.case_view import get_case

            today = self.session.today()
            self.run_service(lambda store: get_case(store, self.case.id, today=today), self._fresh)
            return
        self._problem(getattr(error, "user_sentence", "") or "That could not be saved.")
        self.report(error)

    def _fresh(self, detail: CaseDetail) -> None:
        self.case = detail
        self.reloaded(detail)

    def _problem(self, sentence: str) -> None:
        """The sentence beside the fields, scrolled into view, and said as a notice too (a long
        form's last line is below the fold at 80×24)."""
        box = self.query_one("#form-problem", Static)
        box.update(Text(f"⚠ {clean(sentence)}" if sentence else ""))
        if sentence:
            box.scroll_visible()
            self.notify(clean(sentence), severity="warning", markup=False)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _pence(text: str, label: str) -> int:
    try:
        return parse_pounds(text)
    except ValueError as error:
        raise ValueError(f"{label}: {error}") from error


def _day(text: str, today: date, label: str) -> date | None:
    try:
        return parse_day(text, today)
    except DateUnreadable as error:
        raise ValueError(f"{label}: {error}") from error
