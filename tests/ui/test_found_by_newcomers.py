"""What a newcomer met on the call handler's screens, keys only, at 120×36 and 80×24: a quick fix
read as open, keys listed that do nothing, a cut footer, a cursor at the wrong end of a restored
draft, a warning that outlived its cause, a question asked with nothing to lose, and the palette
opened over a yes/no question."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.widgets import Footer, Input, OptionList, TextArea
from textual.widgets._footer import FooterKey

from complaints_tui.domain.kinds import Channel
from complaints_tui.screens.capture import CaptureScreen
from complaints_tui.screens.case_summary import render_case
from complaints_tui.screens.confirm import ConfirmScreen
from complaints_tui.screens.help import HelpScreen, available
from complaints_tui.screens.lookup import LookupScreen
from complaints_tui.screens.readout import ReadoutScreen
from complaints_tui.screens.restore import RestoreDraftScreen
from complaints_tui.screens.sign_in import SignInScreen
from complaints_tui.services.cases.case_view import get_case
from complaints_tui.services.drafts import Draft
from complaints_tui.services.intake.calls import record_call
from complaints_tui.services.intake.types import CallCapture, CallOutcome
from complaints_tui.services.people.residents import resident_flags
from complaints_tui.services.people.users import open_for_app, sign_in
from complaints_tui.ui_commands import COMMANDS, UICommand
from complaints_tui.widgets.flags import render_flags
from tests.conftest_store import complaint_answers
from tests.ui.helpers import (
    make_app,
    open_capture,
    screen_lines,
    wait_for,
    wait_screen,
    wait_shown,
)
from tests.ui.seed import NOW, TODAY, build_seed

SIZES = [(120, 36), (80, 24)]


def _footer(app: Any) -> set[str]:
    footer = app.screen.query_one(Footer)
    return {key.action for key in footer.query(FooterKey)}


async def _palette(pilot: Any) -> list[str]:
    """The commands the palette offers with nothing typed (then closes it)."""
    await pilot.press("ctrl+p")
    palette = await wait_screen(pilot, CommandPalette)
    hits = palette.query_one("CommandList", OptionList)
    await wait_for(pilot, lambda: hits.option_count > 0)
    shown = [str(option.prompt) for option in hits.options]
    await pilot.press("escape")
    return shown


def _listed(command: UICommand, palette: list[str]) -> bool:
    return any(line.startswith(f"{command.label} ({command.display_key})") for line in palette)


def _refused(node: Any) -> list[UICommand]:
    return [
        c
        for c in COMMANDS
        if c.palette and c.action_method.isidentifier() and not available(node, c)
    ]


# 1 and 2 -------------------------------------------------------------------------------------


def test_a_quick_fixed_case_reads_as_resolved_not_open(tmp_path: Path) -> None:
    seed = build_seed(tmp_path, "derwent-living")
    store = open_for_app(seed.url)
    try:
        handler = sign_in(store, seed.handler_id)
        call = CallCapture(
            Channel.PHONE,
            complaint_answers(TODAY),
            "Gate broken",
            resident_id=seed.residents["ann"],
            agreed_fix="Joiner on Friday",
        )
        recorded = record_call(store, handler, call, CallOutcome.QUICK_FIX, now=NOW)
        flags = resident_flags(store, seed.residents["ann"])
        shown = render_flags(flags, TODAY).plain
        summary = render_case(get_case(store, recorded.case.id, today=TODAY)).plain
    finally:
        store.close()
    assert "Not yet formal" not in shown and "not yet formal" not in summary
    assert "Resolved at the point of call · may take it further until Tue 10 Mar 2026" in shown
    assert "Resolved at the point of call" in summary and "responded" not in summary


# 3 and 4: keys that do nothing are neither shown, nor in F1, nor in the palette ------------


async def test_sign_in_lists_no_new_call_or_sign_out(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed, signed_in=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, SignInScreen)
        palette = await _palette(pilot)
        for command in _refused(app):
            assert not _listed(command, palette), command
        assert {"new_call", "switch_user"} <= {c.id for c in _refused(app)}
        await pilot.press("f1")
        await wait_screen(pilot, HelpScreen)
        shown = await wait_shown(pilot, "Keys everywhere")
        assert "New call" not in shown and "Sign out" not in shown and "Help" in shown


async def test_the_stage_1_readout_offers_no_letter(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        capture = await open_capture(pilot, "ann smith")
        capture.query_one("#description", TextArea).text = "Tap leaking"
        await pilot.press("tab", "tab", "tab", "tab", "1", "2", "f6")
        readout = await wait_screen(pilot, ReadoutScreen)
        await wait_for(pilot, lambda: "explain_days" in _footer(app))
        assert "show_letter" not in _footer(app)
        assert [c.id for c in _refused(readout)] == ["show_letter"]
        assert not _listed(
            next(c for c in COMMANDS if c.id == "show_letter"), await _palette(pilot)
        )
        await pilot.press("f1")
        await wait_screen(pilot, HelpScreen)
        assert "Letter" not in await wait_shown(pilot, "Keys everywhere")


async def test_override_is_offered_only_out_of_time_everywhere(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        capture = await open_capture(pilot, "ann smith")
        override = next(c for c in COMMANDS if c.id == "override_time")
        assert not _listed(override, await _palette(pilot))
        capture.query_one("#issue_known_on", Input).value = "1/6/2025"
        await pilot.press("tab", "tab", "tab", "tab", "1", "2")
        await wait_for(pilot, lambda: "override_time" in _footer(app))
        assert _listed(override, await _palette(pilot))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_key_of_the_screen_is_reachable_from_the_footer_or_f1(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """At 80 columns the footer keeps the screen's own keys and F1; Contrast, Sign out and Quit
    give way (still on their keys, in F1 and in the palette) instead of being cut off."""
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=size) as pilot:
        capture = await open_capture(pilot, "ann smith")
        capture.query_one("#description", TextArea).text = "Tap"
        await pilot.press("tab", "tab", "tab", "tab", "1", "2")
        await wait_for(pilot, lambda: "log_contact" in _footer(app))
        footer = _footer(app)
        assert {"quick_fix", "open_stage1", "log_contact", "help", "new_call"} <= footer
        await wait_for(pilot, lambda: "Commands" in screen_lines(app)[-1])
        assert "Help" in screen_lines(app)[-1]
        spare = {"toggle_contrast", "switch_user", "quit"}
        assert (footer & spare == set()) if size[0] < 100 else spare <= footer
        # Every question can be read in full: none ends in an ellipsis.
        assert not any(line.rstrip(" │▎").endswith("…") for line in screen_lines(app))


async def test_a_long_address_is_cut_with_an_ellipsis_at_80_columns(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(80, 24)) as pilot:
        lookup = await wait_screen(pilot, LookupScreen)
        lookup.query_one("#search", Input).value = "bob"
        await wait_for(pilot, lambda: any("RES-000003" in line for line in screen_lines(app)))
        row = next(line for line in screen_lines(app) if "RES-000003" in line)
        assert "[bold]x Flat 2,…" in row


# 6, 7 and 8 ----------------------------------------------------------------------------------


async def test_a_restored_draft_puts_the_cursor_where_the_handler_stopped(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    app.session.drafts.save(
        Draft(seed.handler_id, seed.residents["ann"], "Ann Smith", {"description": "Gate broken"})
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, RestoreDraftScreen)
        await pilot.press("r")
        capture = await wait_screen(pilot, CaptureScreen)
        await wait_for(pilot, lambda: capture.is_ready)
        await pilot.press(*" again")
        assert capture.query_one("#description", TextArea).text == "Gate broken again"


async def test_the_triage_warning_goes_when_the_triage_is_answered(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        capture = await open_capture(pilot, "ann smith")
        capture.query_one("#description", TextArea).text = "Tap leaking"
        await pilot.press("f6")
        warning = "Answer the triage questions (1 if unhappy)."
        await wait_for(pilot, lambda: warning in app.notices_showing())
        await pilot.press("1", "2")
        await wait_for(pilot, lambda: not app.notices_showing())
        await pilot.press("f6")
        await wait_screen(pilot, ReadoutScreen)
        assert warning not in await wait_shown(pilot, "Read out")


async def test_new_call_asks_only_when_something_would_be_lost(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_capture(pilot, "ann smith")
        await pilot.press("f2")
        await wait_screen(pilot, LookupScreen)  # nothing typed: no question
        capture = await open_capture(pilot, "ann smith")
        await pilot.press(*"Gate")
        await pilot.press("f2")
        await wait_screen(pilot, ConfirmScreen)
        await pilot.press("n")
        await wait_screen(pilot, CaptureScreen)
        assert capture.query_one("#description", TextArea).text == "Gate"


# 9 -------------------------------------------------------------------------------------------


async def test_a_yes_no_question_is_answered_before_the_palette_opens(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_capture(pilot, "ann smith")
        await pilot.press(*"Gate", "f2")
        question = await wait_screen(pilot, ConfirmScreen)
        await pilot.press("ctrl+p", "f2", "f11")  # each key is handled before press returns
        assert app.screen is question
        await pilot.press("n")
        await wait_screen(pilot, CaptureScreen)
