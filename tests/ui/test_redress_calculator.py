"""The redress calculator (issue 10), keys only: a damp case under Derby Homes worked out, saved
to the case, shown in the draft response and opened again with its inputs; bad input refused in
a sentence beside the box with what was typed kept; and the calculator on its own, without a
case, from the palette."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, OptionList, Select, SelectionList

from complaints_tui.screens.case_actions import draft_letter
from complaints_tui.screens.letters import LetterPicker, LetterPreview
from complaints_tui.screens.lookup import LookupScreen
from complaints_tui.screens.redress import RedressCalculatorScreen
from complaints_tui.screens.redress_boxes import parse_told
from complaints_tui.screens.workspace import CaseWorkspace
from complaints_tui.services.cases.case_view import get_case
from complaints_tui.services.people.users import open_for_app
from tests.ui.helpers import make_app, wait_for, wait_screen, wait_shown
from tests.ui.redress_kit import (
    BAND,
    FAILURES,
    add_item,
    damp_case,
    fill,
    fill_damp_case,
    manager_app,
    open_calculator,
    open_workspace,
)
from tests.ui.seed import TODAY


def _text(screen: RedressCalculatorScreen, box: str) -> str:
    return str(screen.query_one(box).render())


async def test_a_damp_case_worked_out_saved_and_opened_again(tmp_path: Path) -> None:
    seed, case_id = damp_case(tmp_path)
    async with manager_app(seed).run_test(size=(120, 36)) as pilot:
        workspace = await open_workspace(pilot)
        calculator = await open_calculator(pilot)
        await fill_damp_case(pilot, calculator)
        await wait_shown(pilot, "Total £452.00")
        assert "Carpet · carpet / flooring · £192.00" in _text(calculator, "#items-list")
        assert "→ 40% of life left = £240.00" in _text(calculator, "#items-list")
        assert "condition fair (×0.8) → £192.00" in _text(calculator, "#items-list")
        visits = _text(calculator, "#visits-list")
        assert "told at 07:30 on Mon 12 Jan, by 08:00 that day: no payment" in visits
        assert "missed and the resident was not told: £10.00" in visits
        breakdown = _text(calculator, "#calc-breakdown")
        assert "Financial loss: £192.00" in breakdown
        assert "Time, trouble and inconvenience: £250.00" in breakdown
        assert "Missed appointments: £10.00" in breakdown

        version = workspace.case.version if workspace.case else 0
        await pilot.press("f5")
        await wait_screen(pilot, CaseWorkspace)
        await wait_for(
            pilot, lambda: workspace.case is not None and workspace.case.version > version
        )
        assert "Redress recorded: £452.00." in pilot.app.messages_shown

        store = open_for_app(seed.url)
        try:
            case = get_case(store, case_id, today=TODAY)
        finally:
            store.close()
        assert case.redress is not None and case.redress.total_pence == 45_200
        assert [(p.label, p.pence) for p in case.redress.parts] == [
            ("Financial loss", 19_200),
            ("Time, trouble and inconvenience", 25_000),
            ("Missed appointments", 1_000),
        ]
        letter = draft_letter(case)
        assert "We offer you £452.00." in letter
        assert "Financial loss: £192.00" in letter

        again = await open_calculator(pilot)
        assert [item.description for item in again.items] == ["Carpet"]
        assert len(again.visits) == 2 and again.visits[0].told_at is not None
        assert again.query_one("#band", Select).value == BAND
        assert again.query_one("#band-amount", Input).value == "250.00"
        assert tuple(again.query_one("#failures", SelectionList).selected) == FAILURES
        assert again.query_one("#band-reason", Input).value == "Damp left untreated for months"
        await wait_shown(pilot, "Total £452.00")
        assert not again.unsaved()
        await pilot.press("escape")  # nothing changed: it closes without asking
        await wait_screen(pilot, CaseWorkspace)

        # It reaches the response letter: the stage response, from the case's letters (T).
        await pilot.press("t")
        picker = await wait_screen(pilot, LetterPicker)
        options = picker.query_one(OptionList)
        options.highlighted = next(
            i
            for i in range(options.option_count)
            if str(options.get_option_at_index(i).prompt) == "Stage response"
        )
        await pilot.press("enter")
        preview: LetterPreview = await wait_screen(pilot, LetterPreview)
        shown = await wait_shown(pilot, "We offer you")
        assert "We offer you £452.00 in compensation" in shown
        body = preview.letter.as_text()
        assert "Financial loss: £192.00" in body
        assert "condition fair (×0.8) → £192.00" in body
        assert "Time, trouble and inconvenience: £250.00" in body
        assert "by 08:00 that day: no payment" in body and "Missed appointments: £10.00" in body
        assert "Total: £452.00" in body


async def test_bad_input_is_refused_beside_the_box_and_kept(tmp_path: Path) -> None:
    seed, _ = damp_case(tmp_path)
    async with manager_app(seed).run_test(size=(80, 24)) as pilot:
        await open_workspace(pilot)
        calculator = await open_calculator(pilot)

        fill(calculator, item_description="Sofa", item_category="damage to property or possessions",
             item_price="-5", item_age="12")  # fmt: skip
        await pilot.press("f6")
        await wait_for(
            pilot, lambda: "Price cannot be negative" in _text(calculator, "#item-problem")
        )
        assert calculator.items == []
        assert calculator.query_one("#item-price", Input).value == "-5"
        assert calculator.query_one("#item-description", Input).value == "Sofa"

        fill(calculator, item_price="12.345")
        await pilot.press("f6")
        await wait_for(pilot, lambda: "pounds and pence" in _text(calculator, "#item-problem"))
        assert calculator.query_one("#item-price", Input).value == "12.345"
        fill(calculator, item_price="300")
        await pilot.press("f6")
        await wait_for(pilot, lambda: len(calculator.items) == 1)
        assert _text(calculator, "#item-problem") == ""

        fill(calculator, visit_day="31/02/2026", visit_told="07:30")
        await pilot.press("f3")
        await wait_for(
            pilot, lambda: "31/02/2026 is not a real date" in _text(calculator, "#visit-problem")
        )
        assert calculator.visits == []
        assert calculator.query_one("#visit-day", Input).value == "31/02/2026"

        fill(calculator, band=BAND, band_amount="700", failures=FAILURES[:1])
        await wait_for(
            pilot, lambda: "£700.00 is above the band" in _text(calculator, "#band-problem")
        )
        assert calculator.query_one("#band-amount", Input).value == "700"
        # The rest still adds up; the band waits, and F5 will not save it.
        assert calculator.calculation is not None
        assert calculator.calculation.band_award is None
        await pilot.press("f5")
        await wait_for(pilot, lambda: "not in the list yet" in _text(calculator, "#calc-problem"))
        fill(calculator, visit_day="", visit_told="")
        await pilot.press("f5")
        await wait_for(pilot, lambda: "band cannot be used" in _text(calculator, "#calc-problem"))
        assert isinstance(pilot.app.screen, RedressCalculatorScreen)

        await pilot.press("escape")  # unsaved figures: asks first
        from complaints_tui.screens.confirm import ConfirmScreen

        await wait_screen(pilot, ConfirmScreen)
        await pilot.press("n")
        await wait_screen(pilot, RedressCalculatorScreen)
        assert calculator.query_one("#band-amount", Input).value == "700"


async def test_editing_and_removing_items_and_visits(tmp_path: Path) -> None:
    seed, _ = damp_case(tmp_path)
    async with manager_app(seed).run_test(size=(120, 36)) as pilot:
        await open_workspace(pilot)
        calculator = await open_calculator(pilot)
        await add_item(
            pilot, calculator, item_description="Cleaning bill", item_category="cleaning",
            item_price="85.50", item_direct=True,
        )  # fmt: skip
        await add_item(
            pilot, calculator, item_description="Rug", item_category="carpet / flooring",
            item_price="100", item_age="70", item_condition="poor",
        )  # fmt: skip
        await wait_shown(pilot, "Total £95.50")  # £85.50 + £100 × 20% floor × 0.5
        await pilot.press("f7", "f7")  # the second item into the boxes
        assert calculator.editing_item == 1
        assert calculator.query_one("#item-description", Input).value == "Rug"
        fill(calculator, item_condition="good")
        await pilot.press("f7")  # changes not kept yet: refused, not lost
        await wait_for(pilot, lambda: "F6 keeps them" in _text(calculator, "#item-problem"))
        assert calculator.query_one("#item-condition", Select).value == "good"
        await pilot.press("f6")
        await wait_shown(pilot, "Total £105.50")
        await pilot.press("f7", "f8")  # the first item: removed
        await wait_shown(pilot, "Total £20.00")
        assert [item.description for item in calculator.items] == ["Rug"]

        fill(calculator, visit_day="2/3/2026", visit_slot="afternoon", visit_told="12:05")
        await pilot.press("f3")
        await wait_shown(pilot, "Total £30.00")  # told after 12:00: paid
        await pilot.press("f4")
        assert calculator.query_one("#visit-told", Input).value == "12:05"
        fill(calculator, visit_told="02/03/2026 11:59")
        await pilot.press("f3")
        await wait_shown(pilot, "Total £20.00")
        await pilot.press("f4", "f9")
        await wait_for(pilot, lambda: calculator.visits == [])


async def test_on_its_own_from_the_palette_without_a_case(tmp_path: Path) -> None:
    seed, _ = damp_case(tmp_path)
    async with make_app(seed).run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, LookupScreen)
        await pilot.press("ctrl+p")
        palette = await wait_screen(pilot, CommandPalette)
        palette.query_one(Input).value = "Redress calculator"
        hits = palette.query_one("CommandList", OptionList)
        # Hits arrive as they are found: Enter once the calculator is the highlighted one.
        await wait_for(
            pilot,
            lambda: (
                hits.highlighted is not None
                and "Redress calculator" in str(hits.options[hits.highlighted].prompt)
            ),
        )
        await pilot.press("enter")
        calculator: RedressCalculatorScreen = await wait_screen(pilot, RedressCalculatorScreen)
        await wait_for(pilot, lambda: calculator.calculation is not None)
        assert calculator.case is None and calculator.profile.id == "derby-homes"
        await wait_shown(pilot, "No case: the figures only")
        await fill_damp_case(pilot, calculator)
        assert calculator.check_action("save", ()) is False  # no F5 without a case
        await pilot.press("f1")
        help_text = await wait_shown(pilot, "Keys on the redress calculator")
        assert "Add item" in help_text and "Save:" not in help_text
        await pilot.press("escape")
        await wait_screen(pilot, RedressCalculatorScreen)
        await pilot.press("escape")  # no case: nothing to lose, no question
        await wait_screen(pilot, LookupScreen)


def test_told_at_reads_a_time_or_a_day_and_time() -> None:
    from datetime import date

    day = date(2026, 1, 12)
    assert parse_told("07:30", day, TODAY) is not None
    told = parse_told("11/1/2026 16:00", day, TODAY)
    assert told is not None and (told.day, told.hour) == (11, 16)
    assert parse_told("  ", day, TODAY) is None
    for bad in ("25:00", "tomorrow", "32/1/2026 07:00"):
        try:
            parse_told(bad, day, TODAY)
        except ValueError as error:
            assert str(error).startswith("Told at:")
        else:
            raise AssertionError(bad)


async def test_typing_costs_no_footer_rebuild_and_an_item_no_sums(tmp_path: Path) -> None:
    """TRAPS: the footer leaks when bindings are refreshed on every key; an item being typed is
    not in the total until F6, so its keys work nothing out."""
    from textual import events

    seed, _ = damp_case(tmp_path)
    app = manager_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_workspace(pilot)
        calculator = await open_calculator(pilot)
        counts = {"bindings": 0, "sums": 0}
        refresh, recalculate = calculator.refresh_bindings, calculator.recalculate

        def counted_refresh() -> None:
            counts["bindings"] += 1
            refresh()

        def counted_sums() -> None:
            counts["sums"] += 1
            recalculate()

        calculator.refresh_bindings = counted_refresh  # type: ignore[method-assign]
        calculator.recalculate = counted_sums  # type: ignore[method-assign]

        def send(text: str) -> None:
            for char in text:
                event = events.Key("space" if char == " " else char, char)
                event.set_sender(app)
                app._driver.send_message(event)  # type: ignore[union-attr]

        words = "Carpet in the back bedroom"
        send(words)
        description = calculator.query_one("#item-description", Input)
        await wait_for(pilot, lambda: description.value == words)
        assert counts == {"bindings": 0, "sums": 0}

        calculator.query_one("#band-reason", Input).focus()
        await wait_for(pilot, lambda: app.focused is calculator.query_one("#band-reason"))
        counts.update(bindings=0, sums=0)  # a move of the focus refreshes the keys (Textual's)
        send("Damp for months")
        reason = calculator.query_one("#band-reason", Input)
        await wait_for(pilot, lambda: reason.value == "Damp for months")
        assert counts["bindings"] == 0 and counts["sums"] == len("Damp for months")


async def test_a_case_keeps_the_profile_it_was_opened_under(tmp_path: Path) -> None:
    """The landlord moved to another profile after the case was opened: the case's own rules."""
    from complaints_tui.services.people.users import set_landlord_profile, sign_in

    seed, _ = damp_case(tmp_path)
    store = open_for_app(seed.url)
    try:
        set_landlord_profile(store, sign_in(store, 1), "hos-code")
    finally:
        store.close()
    async with manager_app(seed).run_test(size=(120, 36)) as pilot:
        await open_workspace(pilot)
        calculator = await open_calculator(pilot)
        assert calculator.session.profile is not None
        assert calculator.session.profile.id == "hos-code"
        assert calculator.profile.id == "derby-homes"
        await wait_shown(pilot, "under the Derby Homes rules")


async def test_someone_else_saved_first_the_figures_are_kept(tmp_path: Path) -> None:
    """Another terminal adds a note while the figures are worked out: F5 is refused in a
    sentence, the case is read again, the figures stay, and the next F5 saves them."""
    from complaints_tui.services import add_note
    from complaints_tui.services.people.users import sign_in
    from tests.ui.seed import NOW

    seed, case_id = damp_case(tmp_path)
    async with manager_app(seed).run_test(size=(120, 36)) as pilot:
        workspace = await open_workspace(pilot)
        calculator = await open_calculator(pilot)
        await fill_damp_case(pilot, calculator)
        store = open_for_app(seed.url)
        try:
            lead = sign_in(store, 2)
            seen = get_case(store, case_id, today=TODAY)
            add_note(store, lead, case_id, seen.version, "Team lead's note", now=NOW)
        finally:
            store.close()
        await pilot.press("f5")
        await wait_for(pilot, lambda: "read again" in _text(calculator, "#calc-problem"))
        await wait_for(
            pilot, lambda: calculator.case is not None and len(calculator.case.notes) == 1
        )
        assert len(calculator.items) == 1 and len(calculator.visits) == 2
        assert isinstance(pilot.app.screen, RedressCalculatorScreen)
        await pilot.press("f5")
        await wait_screen(pilot, CaseWorkspace)
        await wait_for(
            pilot,
            lambda: (
                workspace.case is not None
                and workspace.case.redress is not None
                and workspace.case.redress.total_pence == 45_200
            ),
        )


async def test_f2_and_f12_ask_before_leaving_unsaved_work(tmp_path: Path) -> None:
    """Found by a newcomer: F2 from the calculator, F12 from a note form, threw the typing away."""
    from complaints_tui.screens.case_form import CaseActionDialog
    from complaints_tui.screens.confirm import ConfirmScreen
    from complaints_tui.screens.queue import QueueScreen

    seed, _ = damp_case(tmp_path)
    async with manager_app(seed).run_test(size=(120, 36)) as pilot:
        await open_workspace(pilot)
        calculator = await open_calculator(pilot)
        await fill_damp_case(pilot, calculator)
        await wait_shown(pilot, "Total £452.00")
        await pilot.press("f2")
        await wait_screen(pilot, ConfirmScreen)
        await pilot.press("n")  # stay: the figures are still there
        await wait_screen(pilot, RedressCalculatorScreen)
        await wait_shown(pilot, "Total £452.00")
        await pilot.press("escape")
        await wait_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await wait_screen(pilot, CaseWorkspace)

        await pilot.press("n")
        dialog: CaseActionDialog = await wait_screen(pilot, CaseActionDialog)
        assert not dialog.unsaved()
        dialog.query_one("#f-text").text = "Rang Bob [/] back about the damp"  # type: ignore[attr-defined]
        await pilot.press("f12")
        await wait_screen(pilot, ConfirmScreen)
        await pilot.press("n")
        dialog = await wait_screen(pilot, CaseActionDialog)
        assert dialog.query_one("#f-text").text.startswith("Rang Bob")  # type: ignore[attr-defined]
        await pilot.press("f12")
        await wait_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await wait_screen(pilot, QueueScreen)
