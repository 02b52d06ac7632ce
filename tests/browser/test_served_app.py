"""The served app in a real headless Chromium: `complaints serve` over a demo database.

One call handler's tab finds a resident and logs a quick fix (through the command palette, as
a browser may keep F-keys for itself), reads the reference off the page, then opens a stage 1
complaint; a second tab, at 80×24, signed in as the manager the complaint was routed to, finds
it in their queue. A tab closed in the middle of a call offers the call back at the next
sign-in. Screenshots go to tests/browser/artifacts/ (their paths are printed).
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from complaints_tui.domain.calendar import calendar_for_profile
from complaints_tui.domain.policy import DayUnit, load_profile
from complaints_tui.locations import policies_dir
from tests.browser.served import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Tab,
    browser_missing,
    demo_database,
    open_tab,
    served,
    sign_in,
)

# Skipped where there is no browser, except in CI (`.ci/run` installs one): there a missing
# browser is a failure, never a quiet skip.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        browser_missing() is not None and os.environ.get("CI") != "true",
        reason=f"no browser: {browser_missing()}",
    ),
]

HANDLER = "Daisy Simpson"  # a call handler in the demo (seed 1)


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _residents(db_url: str, count: int) -> list[str]:
    """Residents with a name no other resident shares (the lookup then shows one row)."""
    path = db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT name FROM residents GROUP BY name HAVING count(*) = 1 "
            "AND name NOT LIKE '%[%' ORDER BY min(id) LIMIT ?",
            (count,),
        ).fetchall()
    return [name for (name,) in rows]


def _open_call(tab: Tab, resident: str) -> None:
    """From the lookup: find the resident by name and open the call."""
    tab.wait_for("Who is calling?")
    tab.type(resident.lower())
    tab.wait_for(lambda s: "Showing 1–1." in s and f" {resident} " in s)
    tab.press("Enter")
    # The header names the caller once their flags are in; the form keeps no draft before then.
    tab.wait_for(lambda s: f"Call · {resident} —" in s.splitlines()[0] and "Triage" in s)


def _describe(tab: Tab, what: str, category: str, category_shown: str) -> None:
    """Description, when first known, outcome, category, then 1 (unhappy) and 2 (wants action)."""
    tab.type(what)
    tab.press("Tab")
    tab.type(f"{date.today() - timedelta(days=3):%d/%m/%Y}")
    tab.press("Tab")
    tab.type("Put right this week")
    tab.press("Tab", "Enter")  # open the service area and category list
    tab.wait_for(" › ")  # open: keys typed before it is would go to the closed list
    tab.type(category)
    tab.wait_for(category_shown)
    tab.press("Enter")
    tab.wait_for(lambda s: category_shown in s and "Pick (type to search)" not in s)
    tab.press("Tab")
    tab.type("12")
    tab.wait_for("accepted as a complaint")


def _line_value(screen: str, label: str) -> str:
    found = re.search(rf"{re.escape(label)}\s+(.+?)\s*║", screen)
    assert found, f"no {label!r} on the read-out:\n{screen}"
    return found.group(1).strip()


def test_a_call_in_the_browser_reaches_another_users_queue(tmp_path: Path) -> None:
    missing = browser_missing()
    assert missing is None, f"CI must run the browser test, but {missing}"
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    db_url = demo_database(tmp_path)
    fixed, complained, left = _residents(db_url, 3)
    with served(db_url, tmp_path / "home") as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            handler = open_tab(browser, server.url, 120, 36)
            assert handler.size() == (120, 36)
            sign_in(handler, HANDLER)

            # A quick fix, finished from the command palette (no F-key needed).
            _open_call(handler, fixed)
            _describe(handler, "Kitchen tap leaking, engineer did not come", "leak", "Leaks")
            handler.press("Control+p")
            handler.type("quick fix")
            handler.wait_for("Quick fix (F5)")
            handler.press("Enter")
            handler.wait_for("What was agreed")
            handler.type("Plumber to replace the tap on the next working day")
            handler.press("F5")
            readout = handler.wait_for("Quick fix recorded")
            quick_ref = _line_value(readout, "Reference")
            assert re.fullmatch(rf"CMP-{date.today().year}-\d{{6}}", quick_ref), readout
            assert f"Your reference is {quick_ref}" in readout
            shot = handler.screenshot("quick-fix-readout.png")
            print(f"\nscreenshot of the quick fix read-out: {shot}")

            # A stage 1 complaint: routed to a manager, with its dates read off the page.
            handler.press("F2")
            _open_call(handler, complained)
            _describe(handler, "Black mould in the bedroom for months", "damp", "Damp and mould")
            handler.press("F6")
            readout = handler.wait_for("Respond by")
            stage1_ref = _line_value(readout, "Reference")
            assert stage1_ref != quick_ref
            calendar = calendar_for_profile(load_profile("derive", policies_dir()))
            today = date.today()
            # Dérive: acknowledge within 2 WD and respond within 10 WD, both from receipt; a
            # fortnight always crosses a weekend.
            expected_ack = calendar.due_date(today, 2, DayUnit.WORKING)
            expected_respond = calendar.due_date(today, 10, DayUnit.WORKING)
            assert _line_value(readout, "Acknowledge by") == _day(expected_ack)
            assert _line_value(readout, "Respond by") == _day(expected_respond)
            manager = re.sub(r"\s*\(.*\)$", "", _line_value(readout, "Handled by"))
            assert manager and manager != HANDLER, readout

            # A second tab, at 80×24, as that manager: the new case is in their queue.
            desk = open_tab(browser, server.url, 80, 24)
            assert desk.size() == (80, 24)
            sign_in(desk, manager)
            screen = desk.wait_for(lambda s: "Stage 1 · mine" in s and "soonest due first" in s)
            # Into the find box with the mouse: F4 moves the focus a moment after the key, so
            # keys sent at once behind it went to the table.
            find_row = next(
                y for y, line in enumerate(screen.splitlines()) if "Find a reference" in line
            )
            desk.click_cell(10, find_row)
            desk.type(stage1_ref)
            queue = desk.wait_for(lambda s: "Cases 1–1," in s and f"{stage1_ref}  " in s)
            found = [line for line in queue.splitlines() if stage1_ref in line]
            assert len(found) == 2, queue  # typed in the find box, and the one row it finds
            assert complained.split()[0] in found[1], queue
            shot = desk.screenshot("manager-queue-80x24.png")
            print(f"screenshot of the manager's queue at 80x24: {shot}")

            # The handler's tab closes mid-call; the next tab offers the call back.
            handler.press("F2")
            _open_call(handler, left)
            handler.type("Lift broken again")
            handler.wait_for("Lift broken again")
            handler.page.close()  # no pause: the description was still waiting to be saved
            again = open_tab(browser, server.url, 120, 36)
            sign_in(again, HANDLER)
            offer = again.wait_for("A call you were capturing was not finished")
            assert "Lift broken again" in offer and left in offer
            again.press("r")
            again.wait_for(lambda s: "Lift broken again" in s and "Triage" in s)
        finally:
            browser.close()
    took = time.monotonic() - started
    print(f"browser test took {took:.1f} s")
    assert took < 110, "the browser test must stay well under two minutes"
