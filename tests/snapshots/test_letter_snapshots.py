"""Snapshots of a letter on screen at 120×36 and 80×24: a Derby Homes acknowledgement to a
resident named `Bob [/] *x* <b>y</b> #set {{ 7*7 }}`, shown literally. Fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from complaints_tui.screens.letters import LetterPreview
from tests.ui.helpers import wait_screen, wait_shown
from tests.ui.test_letters_screen import letter_case, manager_app, open_letters

SIZES = [(120, 36), (80, 24)]
Snap = Callable[..., bool]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_letter_preview(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    seed, _ = letter_case(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_letters(pilot)
        await pilot.press("enter")
        await wait_screen(pilot, LetterPreview)
        await wait_shown(pilot, "Dear Bob")

    assert snap_compare(manager_app(seed), terminal_size=size, run_before=run_before)
