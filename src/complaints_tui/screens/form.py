"""A small form over a screen: says what it will do, takes a few fields, refuses bad input in a
sentence beside them (and as a notice: the last line may be below the fold at 80×24), and only
then runs its service. `CaseActionDialog` is one, for a case at the version the user saw; the
administration screens use `SettingsForm`, whose service answers with the sentence to say."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from complaints_tui.domain.redress import parse_pounds
from complaints_tui.screens.base import FOCUS_KEYS, AppModal
from complaints_tui.services.people.types import Actor
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.dates import DateUnreadable, parse_day
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.safe import clean

if TYPE_CHECKING:
    from complaints_tui.services.session import Store

R = TypeVar("R")


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


class FormDialog(AppModal[R | None], Generic[R]):
    """The fields, their values and the sentence beside them; a subclass says what saving does
    (`submit`) and returns what the service gave back with `self.dismiss`."""

    SCOPE = Scope.FORM
    HELP_TITLE = "this form"
    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for(Scope.FORM), *FOCUS_KEYS]
    DEFAULT_CSS = """
    FormDialog .form-problem { color: $error; height: auto; }
    FormDialog TextArea { height: 5; }
    FormDialog #form-box { height: auto; max-height: 100%; }
    """

    def __init__(
        self,
        session: AppSession,
        title: str,
        explain: str,
        fields: tuple[Field, ...],
        values: dict[str, str] | None = None,
    ) -> None:
        super().__init__(session)
        self.form_title = title
        self.explain = explain
        self.fields = fields
        self.typed = values or {}
        self._saving = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="form-box"):
            yield Static(Text(self.form_title), classes="dialog-title")
            yield Static(Text(self.explain), id="form-explain")
            for field in self.fields:
                yield from self._field(field)
            yield from self.below_fields()
            yield Static(id="form-problem", classes="form-problem")
            yield Static(Text("F5: save    Esc: cancel"), classes="dialog-hint")
        yield AppFooter()

    def below_fields(self) -> ComposeResult:
        """What a form shows under its fields (a checklist's progress); nothing by default."""
        yield from ()

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

    def unsaved(self) -> bool:
        """Something typed that is not saved yet (F2, F12 and sign-out ask first)."""
        return not self._saving and self.raw_values() != getattr(self, "_opened_with", {})

    # -- values ----------------------------------------------------------------------------

    def raw_values(self) -> dict[str, str]:
        """What is in the boxes now, as typed."""
        raw: dict[str, str] = {}
        for field in self.fields:
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
        raw = self.raw_values()
        for field in self.fields:
            text = raw[field.key]
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

    def ready_to_save(self) -> bool:
        """A last check before saving (a checklist not complete): False says why itself."""
        return True

    def action_save(self) -> None:
        if self._saving:
            return
        try:
            values = self.values()
        except ValueError as problem:
            self._problem(str(problem))
            return
        if not self.ready_to_save():
            return
        self._saving = True
        self._problem("")
        self.submit(values)

    def submit(self, values: dict[str, Any]) -> None:
        raise NotImplementedError

    def failed(self, error: BaseException) -> None:
        """The service refused: its sentence beside the fields; what was typed stays."""
        self._saving = False
        sentence = getattr(error, "user_sentence", "")
        self._problem(sentence or "That could not be saved.")  # beside the fields, and a notice
        if not sentence:
            self.report(error)  # not a refusal: something went wrong

    def _problem(self, sentence: str) -> None:
        box = self.query_one("#form-problem", Static)
        box.update(Text(f"⚠ {clean(sentence)}" if sentence else ""))
        if sentence:
            box.scroll_visible()
            self.notify(clean(sentence), severity="warning", markup=False)

    def action_cancel(self) -> None:
        self.dismiss(None)


# A settings change: store, actor, the values, the clock; the sentence that says what was done.
Change = Callable[["Store", Actor, dict[str, Any], datetime | None], str]


class SettingsForm(FormDialog[str]):
    """A form whose service is not about one case (a user, an area, a closure day): returns the
    sentence the service gave, or None when cancelled."""

    def __init__(
        self,
        session: AppSession,
        title: str,
        explain: str,
        fields: tuple[Field, ...],
        change: Change,
        values: dict[str, str] | None = None,
    ) -> None:
        super().__init__(session, title, explain, fields, values)
        self.change = change

    def submit(self, values: dict[str, Any]) -> None:
        actor, now = self.session.actor(), self.session.now()
        self.run_service(
            lambda store: self.change(store, actor, values, now),
            self._saved,
            failed=self.failed,
            group="settings-form",
        )

    def _saved(self, said: str) -> None:
        self.notify(clean(said), markup=False)
        self.dismiss(said)


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
