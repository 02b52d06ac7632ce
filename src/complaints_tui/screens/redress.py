"""The redress calculator (SPEC §6): loss items valued step by step, a time-and-trouble band,
missed appointments, and a live total with its reasoning, under a policy profile's rules.

Opened from a case (workspace key `m`: F5 saves the figures and what they were made from to the
case) or on its own from the palette (the figures only). The sums are `domain.redress`'s; the
screen only turns boxes into its inputs and says, beside the box, why a value cannot be used.
The total is worked out again only when something it depends on changes (the band boxes, or an
item or visit added, changed or removed): typing a new item costs nothing until F6 adds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from complaints_tui.domain.policy import PolicyProfile
from complaints_tui.domain.redress import (
    Appointment,
    Condition,
    LossItem,
    RedressCalculation,
    RedressError,
    Slot,
    band_range,
    check_appointment,
    format_pence,
    parse_pounds,
    value_item,
)
from complaints_tui.domain.redress_inputs import BandChoice, CalculatorInputs, calculate_inputs
from complaints_tui.screens.base import FOCUS_KEYS, AppScreen
from complaints_tui.screens.redress_boxes import (
    ITEM_BOXES,
    VISIT_BOXES,
    item_boxes,
    item_from,
    visit_boxes,
    visit_from,
)
from complaints_tui.services.cases.types import CaseDetail, RedressInput, RedressPart
from complaints_tui.services.errors import ConflictError
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.header import AppHeader
from complaints_tui.widgets.safe import clean

if TYPE_CHECKING:
    from complaints_tui.services.session import Store


def _field(label: str, widget: Any, classes: str = "calc-field") -> Horizontal:
    return Horizontal(Static(Text(label), classes="calc-label"), widget, classes=classes)


class RedressCalculatorScreen(AppScreen[CaseDetail | None]):
    """Returns the case as saved, or None when closed without saving (or without a case)."""

    WORK_NAME = "the redress calculator"

    SCOPE = Scope.REDRESS
    HELP_TITLE = "the redress calculator"
    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for(Scope.REDRESS), *FOCUS_KEYS]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012
    DEFAULT_CSS = """
    RedressCalculatorScreen #calc-note { height: auto; padding: 0 1; color: $text-muted; }
    RedressCalculatorScreen #calc-body { height: 1fr; }
    RedressCalculatorScreen.-wide #calc-body { layout: horizontal; }
    RedressCalculatorScreen.-narrow #calc-body { layout: vertical; }
    RedressCalculatorScreen #calc-form { height: 1fr; padding: 0 1; }
    RedressCalculatorScreen.-wide #calc-panel { width: 46; height: 1fr; }
    RedressCalculatorScreen.-narrow #calc-panel { height: auto; max-height: 9; }
    RedressCalculatorScreen #calc-panel {
        border: round $success; border-title-color: $text; padding: 0 1;
    }
    RedressCalculatorScreen #calc-total { text-style: bold; height: auto; margin-bottom: 1; }
    RedressCalculatorScreen #calc-breakdown-box { height: auto; max-height: 100%; }
    RedressCalculatorScreen .calc-heading { text-style: bold; margin-top: 1; height: auto; }
    RedressCalculatorScreen .calc-list { height: auto; }
    RedressCalculatorScreen .calc-field { height: auto; }
    RedressCalculatorScreen .calc-label { width: 20; color: $text-muted; }
    RedressCalculatorScreen.-narrow .calc-label { width: 16; }
    RedressCalculatorScreen .calc-field > Input, RedressCalculatorScreen .calc-field > Select {
        width: 1fr;
    }
    RedressCalculatorScreen .calc-problem { color: $error; height: auto; display: none; }
    RedressCalculatorScreen #failures-chosen { height: auto; padding-left: 20; }
    RedressCalculatorScreen.-narrow #failures-chosen { padding-left: 16; }
    RedressCalculatorScreen #failures { height: auto; max-height: 11; width: 1fr; }
    RedressCalculatorScreen Checkbox { margin-left: 20; }
    RedressCalculatorScreen.-narrow Checkbox { margin-left: 16; }
    """

    def __init__(
        self,
        session: AppSession,
        profile: PolicyProfile,
        case: CaseDetail | None = None,
        reloaded: Callable[[CaseDetail], object] | None = None,
    ) -> None:
        super().__init__(session)
        self.profile = profile
        self.case = case
        self.reloaded = reloaded  # the workspace underneath, told of a newer version
        saved = _saved_inputs(case)
        self.saved = saved or CalculatorInputs()  # what the case holds: Esc asks before losing more
        self.items: list[LossItem] = list(self.saved.loss_items)
        self.visits: list[Appointment] = list(self.saved.appointments)
        self.editing_item: int | None = None
        self.editing_visit: int | None = None
        self._item_loaded: dict[str, object] = {}  # the boxes as last filled (blank or an item)
        self._visit_loaded: dict[str, object] = {}
        self.inputs = self.saved
        self.calculation: RedressCalculation | None = None
        self.band_problem = ""
        self._drawn: tuple[object, ...] = ()
        self._saving = False

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        rules = self.profile.redress
        band = self.saved.band
        yield AppHeader()
        yield Static(self._note(), id="calc-note")
        with Horizontal(id="calc-body"):
            with VerticalScroll(id="calc-form"):
                yield Static(Text("1. Financial loss"), classes="calc-heading")
                yield Static(id="items-list", classes="calc-list")
                yield Static(id="item-editing", classes="calc-list")
                yield _field("Description", Input(placeholder="e.g. Carpet", id="item-description",
                                                  compact=True))  # fmt: skip
                yield _field("Category", Select(
                    [(Text(clean(name)), name) for name in rules.loss_categories],
                    prompt="Pick one", id="item-category", compact=True,
                ))  # fmt: skip
                yield _field("Price £", Input(placeholder="e.g. 600.00 (or the amount spent)",
                                              id="item-price", compact=True))  # fmt: skip
                yield _field("Age (months)", Input(placeholder="e.g. 36", id="item-age",
                                                   compact=True))  # fmt: skip
                yield _field("Condition", Select(
                    [(condition.value, condition.value) for condition in Condition],
                    value=Condition.GOOD.value, allow_blank=False, id="item-condition",
                    compact=True,
                ))  # fmt: skip
                yield _field("Life (months)", Input(
                    placeholder="optional: its expected life, else 60", id="item-life",
                    compact=True,
                ))  # fmt: skip
                yield Checkbox("Direct cost: paid as spent (a bill, meals)", id="item-direct",
                               compact=True)  # fmt: skip
                yield Static(id="item-problem", classes="calc-problem")

                yield Static(Text("2. Time, trouble and inconvenience"), classes="calc-heading")
                yield _field("Band", Select(
                    [(Text(clean(f"{b.label} ({band_range(b, compact=True)})")), b.label)
                     for b in rules.bands],
                    prompt="No award for time and trouble",
                    value=band.label if band and any(b.label == band.label for b in rules.bands)
                    else Select.NULL,
                    id="band", compact=True,
                ))  # fmt: skip
                yield _field("Amount £", Input(
                    format_pence(band.amount_pence).removeprefix("£") if band else "",
                    placeholder="inside the band, e.g. 250.00", id="band-amount", compact=True,
                ))  # fmt: skip
                yield Static(id="band-problem", classes="calc-problem")
                chosen = set(band.failure_types) if band else set()
                yield _field("Failures", SelectionList[str](
                    *(Selection(Text(clean(name)), name, name in chosen)
                      for name in rules.failure_types),
                    id="failures", compact=True,
                ))  # fmt: skip
                yield Static(id="failures-chosen")
                yield _field("Reason", Input(
                    band.reason if band else "", placeholder="why this amount (optional)",
                    id="band-reason", compact=True,
                ))  # fmt: skip

                yield Static(Text("3. Missed appointments"), classes="calc-heading")
                yield Static(id="visits-list", classes="calc-list")
                yield Static(id="visit-editing", classes="calc-list")
                yield _field("Date", Input(placeholder="dd/mm/yyyy", id="visit-day",
                                           compact=True))  # fmt: skip
                yield _field("Slot", Select(
                    [(slot.value, slot.value) for slot in Slot], value=Slot.MORNING.value,
                    allow_blank=False, id="visit-slot", compact=True,
                ))  # fmt: skip
                yield Checkbox("We attended", id="visit-attended", compact=True)
                yield _field("Told at", Input(
                    placeholder="when told we'd not come: 07:30 or 11/1/2026 16:00 (optional)",
                    id="visit-told", compact=True,
                ))  # fmt: skip
                yield Static(id="visit-problem", classes="calc-problem")
            with Vertical(id="calc-panel"):
                yield Static(id="calc-total")
                yield Static(id="calc-problem", classes="calc-problem")
                with VerticalScroll(id="calc-breakdown-box"):
                    yield Static(id="calc-breakdown")
        yield AppFooter()

    def _note(self) -> Text:
        rules = f"{self.profile.name} rules"
        if self.case is None:
            return Text(
                f"No case: the figures only, under the {rules}; nothing is saved "
                "(press m on a case to save its redress)."
            )
        text = Text(f"Redress for {clean(self.case.reference)} under the {rules}. ")
        if self.case.redress is not None and self.saved.is_empty:
            text.append(
                f"Recorded before: {format_pence(self.case.redress.total_pence)} (typed in "
                "whole); saving here replaces it."
            )
        return text

    def on_mount(self) -> None:
        self.query_one("#calc-panel").border_title = "Redress"
        # Tab reaches the reasoning, so its arrows and PgDn scroll it when it does not fit.
        self.query_one("#calc-breakdown-box").can_focus = True
        what = f"Redress · {self.case.reference}" if self.case else "Redress calculator"
        self.set_context(what)
        self._item_loaded = self._boxes(ITEM_BOXES)
        self._visit_loaded = self._boxes(VISIT_BOXES)
        self._show_lists()
        self._show_chosen()
        self.recalculate()
        self._keys_changed()
        self.query_one("#item-description", Input).focus()

    # -- the boxes ---------------------------------------------------------------------------

    def _boxes(self, names: tuple[str, ...]) -> dict[str, object]:
        values: dict[str, object] = {}
        for name in names:
            widget = self.query_one(f"#{name}")
            if isinstance(widget, Input | Checkbox | Select):
                values[name] = widget.value
        return values

    def _fill(self, values: dict[str, object]) -> None:
        for name, value in values.items():
            widget = self.query_one(f"#{name}")
            if isinstance(widget, Checkbox):
                widget.value = bool(value)
            elif isinstance(widget, Select):
                widget.value = value
            elif isinstance(widget, Input):
                widget.value = str(value)

    def item_from_boxes(self) -> LossItem:
        """The loss item typed in the boxes; `ValueError` with the sentence to show."""
        return item_from(self._boxes(ITEM_BOXES), self.profile)

    def visit_from_boxes(self) -> Appointment:
        return visit_from(self._boxes(VISIT_BOXES), self.session.today())

    def band_choice(self) -> BandChoice | None:
        """The band boxes as typed (None: no award); `ValueError` with the sentence to show."""
        label = self.query_one("#band", Select).value
        amount = self.query_one("#band-amount", Input).value
        failures = tuple(self.query_one("#failures", SelectionList).selected)
        reason = self.query_one("#band-reason", Input).value.strip()
        if not isinstance(label, str):
            if amount.strip() or failures:
                raise ValueError("Band: pick the band the award is in (or clear the amount).")
            return None
        if not amount.strip():
            raise ValueError("Amount: type the amount inside the band, e.g. 250.00.")
        try:
            pence = parse_pounds(amount)
        except ValueError as error:
            raise ValueError(f"Amount: {error}") from None
        return BandChoice(label, pence, tuple(str(name) for name in failures), reason)

    # -- the live figures --------------------------------------------------------------------

    @on(Input.Changed, "#band-amount, #band-reason")
    @on(Select.Changed, "#band")
    @on(SelectionList.SelectedChanged, "#failures")
    def _band_changed(self) -> None:
        self.recalculate()

    @on(SelectionList.SelectedChanged, "#failures")
    def _show_chosen(self) -> None:
        """The failure types chosen, in words: a tick's colour is not the only sign."""
        chosen = self.query_one("#failures", SelectionList).selected
        text = (
            Text("Chosen: " + clean(", ".join(str(name) for name in chosen)))
            if chosen
            else Text("None chosen yet: Space ticks the highlighted one.", style="dim")
        )
        self.query_one("#failures-chosen", Static).update(text)

    def recalculate(self) -> None:
        """Work the figures out from the lists and the band boxes (cheap: no database)."""
        problem = ""
        try:
            band = self.band_choice()
        except ValueError as error:
            band, problem = None, str(error)
        inputs = CalculatorInputs(tuple(self.items), band, tuple(self.visits))
        try:
            calculation = calculate_inputs(self.profile, inputs)
        except RedressError as error:  # the band is refused: the rest still adds up
            problem = str(error)
            inputs = replace(inputs, band=None)
            calculation = calculate_inputs(self.profile, inputs)
        if inputs != self.inputs:
            self._save_problem("")  # a refusal was about the figures as they were
        self.inputs, self.calculation, self.band_problem = inputs, calculation, problem
        self._draw()

    def _draw(self) -> None:
        calculation = self.calculation
        lines = tuple(calculation.breakdown()) if calculation is not None else ()
        drawn = (lines, self.band_problem)
        if drawn == self._drawn:
            return  # nothing the panel shows has changed
        self._drawn = drawn
        _show_problem(self.query_one("#band-problem", Static), self.band_problem)
        total = calculation.total_pence if calculation is not None else 0
        self.query_one("#calc-total", Static).update(Text(f"Total {format_pence(total)}"))
        text = Text()
        for line in lines[:-1]:
            text.append(clean(line) + "\n", style="" if line.startswith("  ") else "bold")
        if not lines[:-1]:
            text.append("Nothing yet: add a loss item (F6), a band, or a missed visit (F3).",
                        style="dim")  # fmt: skip
        if self.band_problem:
            text.append("\nThe band is not counted until it is put right.", style="dim")
        self.query_one("#calc-breakdown", Static).update(text)

    def _show_lists(self) -> None:
        text = Text()
        for number, item in enumerate(self.items, 1):
            valuation = value_item(item)
            mark = "▶ " if number - 1 == self.editing_item else ""
            text.append(f"{mark}{number}. ", style="bold")
            text.append(clean(item.description), style="bold")
            text.append(f" · {clean(item.category)} · {format_pence(valuation.value_pence)}\n")
            for step in valuation.steps:
                text.append(f"   {clean(step)}\n", style="dim")
        text.rstrip()
        self.query_one("#items-list", Static).update(text or Text("No items yet.", style="dim"))
        editing = (
            f"Editing item {self.editing_item + 1}: F6 puts it back, F8 removes it."
            if self.editing_item is not None
            else "A new item: F6 adds it; F7 edits the ones above."
        )
        self.query_one("#item-editing", Static).update(Text(editing, style="italic"))
        visits = Text()
        for number, visit in enumerate(self.visits, 1):
            check = check_appointment(self.profile, visit)
            mark = "▶ " if number - 1 == self.editing_visit else ""
            visits.append(f"{mark}{number}. ", style="bold")
            visits.append(f"{format_pence(check.amount_pence)} · {clean(check.reason)}\n")
        visits.rstrip()
        self.query_one("#visits-list", Static).update(
            visits or Text("No appointments yet.", style="dim")
        )
        editing = (
            f"Editing visit {self.editing_visit + 1}: F3 puts it back, F9 removes it."
            if self.editing_visit is not None
            else "A new visit: F3 adds it; F4 edits the ones above."
        )
        self.query_one("#visit-editing", Static).update(Text(editing, style="italic"))

    def _keys_changed(self) -> None:
        self.keys_depend_on(
            self.case is not None,
            bool(self.items),
            self.editing_item is not None,
            bool(self.visits),
            self.editing_visit is not None,
        )

    # -- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return self.case is not None
        if action == "edit_item":
            return bool(self.items)
        if action == "remove_item":
            return self.editing_item is not None
        if action == "edit_visit":
            return bool(self.visits)
        if action == "remove_visit":
            return self.editing_visit is not None
        return True

    def action_add_item(self) -> None:
        try:
            item = self.item_from_boxes()
        except ValueError as error:  # the boxes keep what was typed
            self._say("#item-problem", str(error))
            return
        if self.editing_item is None:
            self.items.append(item)
        else:
            self.items[self.editing_item] = item
        self.editing_item = None
        self._load_item(None)
        self._changed("#item-problem")
        self.query_one("#item-description", Input).focus()

    def action_edit_item(self) -> None:
        if not self.items or not self._may_leave_item():
            return
        after = -1 if self.editing_item is None else self.editing_item
        self.editing_item = after + 1 if after + 1 < len(self.items) else None
        self._load_item(self.items[self.editing_item] if self.editing_item is not None else None)
        self._changed("#item-problem")

    def action_remove_item(self) -> None:
        if self.editing_item is None:
            return
        del self.items[self.editing_item]
        self.editing_item = None
        self._load_item(None)
        self._changed("#item-problem")

    def action_add_visit(self) -> None:
        try:
            visit = self.visit_from_boxes()
        except ValueError as error:
            self._say("#visit-problem", str(error))
            return
        if self.editing_visit is None:
            self.visits.append(visit)
        else:
            self.visits[self.editing_visit] = visit
        self.editing_visit = None
        self._load_visit(None)
        self._changed("#visit-problem")
        self.query_one("#visit-day", Input).focus()

    def action_edit_visit(self) -> None:
        if not self.visits or not self._may_leave_visit():
            return
        after = -1 if self.editing_visit is None else self.editing_visit
        self.editing_visit = after + 1 if after + 1 < len(self.visits) else None
        chosen = self.visits[self.editing_visit] if self.editing_visit is not None else None
        self._load_visit(chosen)
        self._changed("#visit-problem")

    def action_remove_visit(self) -> None:
        if self.editing_visit is None:
            return
        del self.visits[self.editing_visit]
        self.editing_visit = None
        self._load_visit(None)
        self._changed("#visit-problem")

    def _load_item(self, item: LossItem | None) -> None:
        values = item_boxes(item)
        self._fill(values)
        self._item_loaded = values

    def _load_visit(self, visit: Appointment | None) -> None:
        values = visit_boxes(visit)
        self._fill(values)
        self._visit_loaded = values

    def _may_leave_item(self) -> bool:
        if self._boxes(ITEM_BOXES) == self._item_loaded:
            return True
        self._say("#item-problem", "The item in the boxes has changes: F6 keeps them first.")
        return False

    def _may_leave_visit(self) -> bool:
        if self._boxes(VISIT_BOXES) == self._visit_loaded:
            return True
        self._say("#visit-problem", "The visit in the boxes has changes: F3 keeps them first.")
        return False

    def _changed(self, problem: str) -> None:
        """An item or visit was added, changed or removed: the lists, figures and keys."""
        self._say(problem, "")
        self._show_lists()
        self.recalculate()
        self._keys_changed()

    def _say(self, where: str, sentence: str) -> None:
        box = self.query_one(where, Static)
        _show_problem(box, sentence)
        if sentence:
            box.scroll_visible()

    # -- saving ------------------------------------------------------------------------------

    def unsaved(self) -> bool:
        """Something typed or worked out that the case does not hold."""
        boxes = self._boxes(ITEM_BOXES) != self._item_loaded
        visit = self._boxes(VISIT_BOXES) != self._visit_loaded
        return boxes or visit or self.inputs != self.saved or bool(self.band_problem)

    def action_save(self) -> None:
        if self.case is None or self._saving:
            return
        calculation = self.calculation
        problem = ""
        if self._boxes(ITEM_BOXES) != self._item_loaded:
            problem = "The loss item in the boxes is not in the list yet: F6 adds it first."
        elif self._boxes(VISIT_BOXES) != self._visit_loaded:
            problem = "The visit in the boxes is not in the list yet: F3 adds it first."
        elif self.band_problem:
            problem = f"The band cannot be used yet: {self.band_problem}"
        elif calculation is None or self.inputs.is_empty:
            problem = "Nothing to save yet: add a loss item, a band or a missed appointment."
        if problem or calculation is None:
            self._save_problem(problem)
            return
        self._saving = True
        self._save_problem("")
        redress = RedressInput(
            calculation.total_pence,
            tuple(RedressPart(part.heading, part.amount_pence) for part in calculation.parts),
            "\n".join(calculation.breakdown()),
            self.inputs.to_json(),
        )
        actor, now = self.session.actor(), self.session.now()
        case_id, version = self.case.id, self.case.version

        def save(store: Store) -> CaseDetail:
            from complaints_tui.services.cases.findings import record_redress

            return record_redress(store, actor, case_id, version, redress, now=now)

        self.run_service(save, self._saved, failed=self._failed, group="redress-save")

    def _saved(self, detail: CaseDetail) -> None:
        total = detail.redress.total_pence if detail.redress is not None else 0
        self.notify(f"Redress recorded: {format_pence(total)}.", markup=False)
        self.dismiss(detail)

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        if isinstance(error, ConflictError) and self.case is not None:
            self._save_problem(
                "Someone else saved this case after you opened the calculator, so nothing was "
                "saved. The case has been read again; your figures are kept: check them, then "
                "press F5."
            )
            from complaints_tui.services.cases.case_view import get_case

            case_id, today = self.case.id, self.session.today()
            self.run_service(lambda store: get_case(store, case_id, today=today), self._fresh)
            return
        self._save_problem(getattr(error, "user_sentence", "") or "That could not be saved.")
        self.report(error)

    def _fresh(self, detail: CaseDetail) -> None:
        self.case = detail
        if self.reloaded is not None:
            self.reloaded(detail)

    def _save_problem(self, sentence: str) -> None:
        _show_problem(self.query_one("#calc-problem", Static), sentence)
        if sentence:
            self.notify(clean(sentence), severity="warning", markup=False)

    def action_back(self) -> None:
        if self.case is None or not self.unsaved():
            self.dismiss(None)
            return
        from complaints_tui.screens.confirm import ConfirmScreen

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Close the calculator? What you entered here is not saved."), answered
        )


def _show_problem(box: Static, sentence: str) -> None:
    """The sentence beside the box it is about; no empty line when there is none."""
    box.update(Text(f"⚠ {clean(sentence)}" if sentence else ""))
    box.display = bool(sentence)


def _saved_inputs(case: CaseDetail | None) -> CalculatorInputs | None:
    """The inputs the case's redress was worked out from (None: none kept, or unreadable)."""
    if case is None or case.redress is None or case.redress.inputs is None:
        return None
    try:
        return CalculatorInputs.from_json(case.redress.inputs)
    except ValueError:
        return None
