"""Saving a call: a failure half-way never logs the contact twice, and a double key press neither.

`record_call` saves the whole call (a new representative, the contact, the quick fix or stage 1)
in one transaction: a failure after the contact is written leaves nothing, the form stays, and
the same key again saves the call once.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from textual.widgets import Input, TextArea

from complaints_tui.screens.capture import CaptureScreen
from complaints_tui.screens.lookup import LookupScreen
from complaints_tui.screens.quick_fix import QuickFixScreen
from complaints_tui.screens.readout import ReadoutScreen
from complaints_tui.services.intake import calls
from complaints_tui.services.people.users import open_for_app
from complaints_tui.store import models as m
from complaints_tui.store.engine import StoreUnavailable
from tests.ui.helpers import make_app, wait_for, wait_screen
from tests.ui.seed import build_seed

LOCKED = "The database is locked by another program; try again in a moment."


def _cases(url: str) -> list[tuple[str, str]]:
    store = open_for_app(url)
    try:
        with store.reading() as session:
            return [(c.reference, c.status) for c in session.scalars(select(m.Case))]
    finally:
        store.close()


async def _triaged_capture(pilot: Any) -> CaptureScreen:
    lookup = await wait_screen(pilot, LookupScreen)
    await pilot.press(*"ann smith")
    await wait_for(pilot, lambda: bool(lookup.rows))
    await pilot.press("enter")
    capture: CaptureScreen = await wait_screen(pilot, CaptureScreen)
    await wait_for(pilot, lambda: capture.is_ready)
    capture.query_one("#description", TextArea).text = "Tap leaking"
    await pilot.press("tab", "tab", "tab", "tab", "1", "2")
    return capture


async def test_a_quick_fix_that_fails_after_the_contact_is_logged_is_finished_on_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = build_seed(tmp_path, "derwent-living")
    real = calls.quick_fix_recorded
    attempts: list[int] = []

    def locked_once(*args: Any, **kwargs: Any) -> Any:
        attempts.append(1)
        if len(attempts) == 1:
            raise StoreUnavailable(LOCKED)  # the contact is written by now, in this transaction
        return real(*args, **kwargs)

    monkeypatch.setattr(calls, "quick_fix_recorded", locked_once)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        capture = await _triaged_capture(pilot)
        await pilot.press("f5")
        dialog = await wait_screen(pilot, QuickFixScreen)
        dialog.query_one("#agreed", Input).value = "Plumber Thursday"
        await pilot.press("f5")
        await wait_for(pilot, lambda: LOCKED in app.messages_shown)
        assert app.screen is capture
        assert _cases(seed.url) == []  # nothing of the call was kept
        draft = app.session.drafts.load(seed.handler_id)
        assert draft is not None  # survives a kill too
        assert draft.fields["quick_fix"]["agreed"] == "Plumber Thursday"

        await pilot.press("f5")
        await wait_screen(pilot, QuickFixScreen)  # the agreed fix is still there
        await pilot.press("f5")
        readout = await wait_screen(pilot, ReadoutScreen)
        assert [reference for reference, _ in _cases(seed.url)] == [readout.readout.reference]
    assert len(_cases(seed.url)) == 1, _cases(seed.url)


async def test_pressing_stage_1_twice_logs_one_contact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = build_seed(tmp_path, "derive")
    real = calls.contact_logged

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)  # a busy database: the second press lands while the first is saving
        return real(*args, **kwargs)

    monkeypatch.setattr(calls, "contact_logged", slow)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        await _triaged_capture(pilot)
        await pilot.press("f6", "f6")
        await wait_screen(pilot, ReadoutScreen)
        await app.workers.wait_for_complete()  # any second save would have run by now
        await wait_for(pilot, lambda: app.screen.title == "Read out")
        await wait_for(pilot, lambda: not app.notices_showing())  # "Saving…" goes with the form
    assert len(_cases(seed.url)) == 1, _cases(seed.url)


async def test_a_locked_database_says_so_and_keeps_the_call(tmp_path: Path) -> None:
    import sqlite3

    seed = build_seed(tmp_path, "derive")
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        capture = await _triaged_capture(pilot)
        other = sqlite3.connect(seed.url.removeprefix("sqlite:///"), isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
        try:
            await pilot.press("f6")
            await wait_for(
                pilot,
                lambda: any(
                    "locked by another program" in message for message in app.messages_shown
                ),
                timeout=30,
            )
            assert app.screen is capture
            assert capture.query_one("#description", TextArea).text == "Tap leaking"
            assert app.session.drafts.load(seed.handler_id) is not None
        finally:
            other.execute("ROLLBACK")
            other.close()
        await pilot.press("f6")
        await wait_screen(pilot, ReadoutScreen)
    assert len(_cases(seed.url)) == 1, _cases(seed.url)
