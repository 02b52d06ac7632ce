"""Snapshots of the redress calculator with the damp case filled in (issue 10), at 120×36 and
80×24: the carpet is described as `Bob [/] *x* <b>y</b> #set {{ 7*7 }}`, shown literally in the
list and the reasoning. Derby Homes' rules, fixed clock, no cursor blink; the form is shown from
its top, and each picture waits for what it shows to be drawn."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.helpers import wait_for, wait_shown
from tests.ui.redress_kit import (
    HOSTILE,
    damp_case,
    fill_damp_case,
    manager_app,
    open_calculator,
    open_workspace,
)

SIZES = [(120, 36), (80, 24)]
Snap = Callable[..., bool]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_calculator_with_the_damp_case(
    snap_compare: Snap, tmp_path: Path, size: tuple[int, int]
) -> None:
    seed, _ = damp_case(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_workspace(pilot)
        calculator = await open_calculator(pilot)
        await fill_damp_case(pilot, calculator, carpet=HOSTILE)
        for widget in calculator.query(Input):
            widget.cursor_blink = False
        calculator.set_focus(None)  # a focused box would scroll itself into view
        form = calculator.query_one("#calc-form", VerticalScroll)
        form.scroll_home(animate=False)
        await wait_for(pilot, lambda: form.scroll_y == 0)
        await wait_shown(pilot, f"1. {HOSTILE} · carpet / flooring")
        await wait_shown(pilot, "Total £452.00")

    assert snap_compare(manager_app(seed), terminal_size=size, run_before=run_before)
