"""A damp case under Derby Homes' rules and the calculator filled in for it, keys only: used by
the Pilot tests and the snapshots of the redress calculator (issue 10).

The figures (SPEC §6): a carpet bought for £600, 36 months old of the assumed 60, fair → £240
× 0.8 = £192.00; band £100–£600 at £250.00; two missed morning visits, one with the resident
told at 07:30 that day (nothing), one not told (£10). Total £452.00.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select, SelectionList

from complaints_tui.app import ComplaintsApp, create_app
from complaints_tui.domain.kinds import Channel
from complaints_tui.screens.redress import RedressCalculatorScreen
from complaints_tui.screens.workspace import CaseWorkspace
from complaints_tui.services.intake.calls import record_call
from complaints_tui.services.intake.types import CallCapture, CallOutcome
from complaints_tui.services.people.users import list_service_areas, open_for_app, sign_in
from tests.conftest_store import complaint_answers
from tests.ui.helpers import wait_for, wait_screen
from tests.ui.seed import NOW, TODAY, Seed, build_seed

BAND = "Serious failure, no permanent impact"
FAILURES = ("unreasonable delay", "missed appointments")
HOSTILE = "Bob [/] *x* <b>y</b> #set {{ 7*7 }}"


def damp_case(tmp_path: Path) -> tuple[Seed, int]:
    """Ann's damp complaint, open at stage 1 with the manager, under Derby Homes."""
    seed = build_seed(tmp_path, "derby-homes")
    store = open_for_app(seed.url)
    try:
        handler = sign_in(store, seed.handler_id)
        repairs = next(a for a in list_service_areas(store) if a.name == "Repairs")
        call = CallCapture(
            Channel.PHONE,
            complaint_answers(TODAY),
            "Damp and mould in the bedroom; the carpet is ruined",
            resident_id=seed.residents["ann"],
            service_area_id=repairs.id,
        )
        case = record_call(store, handler, call, CallOutcome.STAGE1, now=NOW).case
        return seed, case.id
    finally:
        store.close()


def manager_app(seed: Seed) -> ComplaintsApp:
    return create_app(seed.url, today=TODAY, drafts_dir=seed.drafts, user_id=seed.manager_id)


async def open_workspace(pilot: Pilot[Any]) -> CaseWorkspace:
    """The manager lands on the stage 1 queue: Enter on the (only) case."""
    from complaints_tui.screens.queue import QueueScreen

    queue: QueueScreen = await wait_screen(pilot, QueueScreen)
    await wait_for(pilot, lambda: bool(queue.rows))
    await pilot.press("enter")
    workspace: CaseWorkspace = await wait_screen(pilot, CaseWorkspace)
    await wait_for(pilot, lambda: workspace.is_ready)
    return workspace


async def open_calculator(pilot: Pilot[Any]) -> RedressCalculatorScreen:
    await pilot.press("m")
    calculator: RedressCalculatorScreen = await wait_screen(pilot, RedressCalculatorScreen)
    await wait_for(pilot, lambda: calculator.calculation is not None)
    return calculator


def fill(screen: RedressCalculatorScreen, **values: object) -> None:
    """Set boxes by id (underscores for dashes): long text goes in whole, not key by key."""
    for key, value in values.items():
        widget = screen.query_one(f"#{key.replace('_', '-')}")
        if isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            for name in value:  # type: ignore[attr-defined]
                widget.select(name)
        elif isinstance(widget, Input):
            widget.value = str(value)


async def add_item(pilot: Pilot[Any], screen: RedressCalculatorScreen, **values: object) -> None:
    count = len(screen.items)
    fill(screen, **values)
    await pilot.press("f6")
    await wait_for(pilot, lambda: len(screen.items) == count + 1)


async def add_visit(pilot: Pilot[Any], screen: RedressCalculatorScreen, **values: object) -> None:
    count = len(screen.visits)
    fill(screen, **values)
    await pilot.press("f3")
    await wait_for(pilot, lambda: len(screen.visits) == count + 1)


async def fill_damp_case(
    pilot: Pilot[Any], screen: RedressCalculatorScreen, carpet: str = "Carpet"
) -> None:
    await add_item(
        pilot, screen, item_description=carpet, item_category="carpet / flooring",
        item_price="600", item_age="36", item_condition="fair",
    )  # fmt: skip
    fill(screen, band=BAND, band_amount="250.00", failures=FAILURES,
         band_reason="Damp left untreated for months")  # fmt: skip
    await add_visit(pilot, screen, visit_day="12/01/2026", visit_told="07:30")
    await add_visit(pilot, screen, visit_day="19/01/2026")
    await wait_for(pilot, lambda: screen.calculation is not None and _total(screen) == 45_200)


def _total(screen: RedressCalculatorScreen) -> int:
    return screen.calculation.total_pence if screen.calculation is not None else -1
