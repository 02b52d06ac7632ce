"""The shell: registry-derived keys, F1 help, palette, theme, and data shown literally."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, OptionList, TextArea

from complaints_tui.app import HIGH_CONTRAST_THEME, ComplaintsApp, create_app
from complaints_tui.screens.capture import CaptureScreen
from complaints_tui.screens.help import HelpScreen
from complaints_tui.screens.lookup import LookupScreen
from complaints_tui.services.people.residents import create_resident
from complaints_tui.services.people.types import NewResident
from complaints_tui.services.people.users import open_for_app, sign_in
from complaints_tui.store import models as m
from complaints_tui.ui_commands import COMMANDS, commands_for
from complaints_tui.widgets.safe import clean, literal, shorten
from tests.ui.helpers import make_app, wait_for, wait_screen
from tests.ui.seed import NOW, TODAY, build_seed


def _screen_text(app: ComplaintsApp) -> str:
    return app.export_screenshot().replace("&#160;", " ")


HOSTILE = ("Bob [/]", "[bold]x", "[@click=app.quit]x[/]", "Eve\x1b[2J\x1b]0;pwned\x07 End")


def test_every_command_has_one_key_per_scope_and_help() -> None:
    seen: set[tuple[str, str]] = set()
    for command in COMMANDS:
        key = (command.scope, command.key)
        assert key not in seen, f"{key} bound twice"
        seen.add(key)
        assert command.help.endswith(".") and "[" not in command.help
    app_keys = {c.key for c in commands_for("app")}
    for command in COMMANDS:  # an app-wide priority key would shadow a screen's
        if command.scope != "app":
            assert command.key not in app_keys, command


def test_clean_removes_escape_sequences_and_control_characters() -> None:
    assert clean("Eve\x1b[2J\x1b]0;pwned\x07 End") == "Eve End"
    assert clean("a\x00b\x07c") == "a\ufffdb\ufffdc"
    assert clean("two\nlines") == "two lines"
    assert clean("two\r\nlines", multiline=True) == "two\nlines"
    assert literal("[bold]x").plain == "[bold]x" and not literal("[bold]x").spans


def test_shortened_text_says_it_was_cut() -> None:
    # The flags' last contacts were cut mid-word with no sign ("no reply to cont").
    said = "Caller wants an apology and a firm date for no reply to contact in May"
    assert shorten(said, 60) == "Caller wants an apology and a firm date for no reply to…"
    assert shorten("short [/]", 60) == "short [/]"
    assert len(shorten("x" * 200, 60)) == 60


async def test_hostile_names_show_literally_and_links_stay_dead(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    store = open_for_app(seed.url)
    try:
        handler = sign_in(store, seed.handler_id)
        for name in HOSTILE[1:]:
            # Control characters are refused by the services now; a database written before
            # that rule may hold them, so such a name goes in as an old row would be.
            typed = name if name.isprintable() else "placeholder"
            made = create_resident(
                store, handler, NewResident(typed, "7 Quay Street", "DE9 9ZZ"), now=NOW
            )
            with store.transaction() as session:
                row = session.get(m.Resident, made.id)
                assert row is not None
                row.name = name
    finally:
        store.close()
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        lookup = await wait_screen(pilot, LookupScreen)
        lookup.query_one("#search", Input).value = "quay"
        await wait_for(pilot, lambda: len(lookup.rows) == 3)
        names = {row.name for row in lookup.rows}
        assert names == set(HOSTILE[1:])
        await pilot.click("#results", offset=(5, 2))  # a live link would quit the app here
        await pilot.pause()
        assert app.is_running
        await wait_for(pilot, lambda: "[@click=app.quit]x[/]" in _screen_text(app))
        svg = _screen_text(app)
        assert "\x1b" not in svg

        # The palette finds a resident by name and shows the name as typed.
        await pilot.press("ctrl+p")
        palette = await wait_screen(pilot, CommandPalette)
        palette.query_one(Input).value = "bob"
        hits = palette.query_one("CommandList", OptionList)

        def shown() -> str:
            return " ".join(str(option.prompt) for option in hits.options)

        await wait_for(pilot, lambda: "Bob [/]" in shown())
        await pilot.press("escape")


async def test_help_lists_the_screen_keys_and_app_keys_work_inside_inputs(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        lookup = await wait_screen(pilot, LookupScreen)
        assert isinstance(app.focused, Input)
        await pilot.press("f1")
        await wait_screen(pilot, HelpScreen)
        await wait_for(pilot, lambda: "Keys everywhere" in _screen_text(app))
        shown = _screen_text(app)
        assert "Not found" in shown and "Anonymous" in shown and "New call" in shown
        await pilot.press("escape")
        await wait_screen(pilot, LookupScreen)

        await pilot.press("f10")  # theme, with focus in the search box
        assert app.theme == HIGH_CONTRAST_THEME
        await pilot.press("f10")
        assert app.theme != HIGH_CONTRAST_THEME

        await pilot.press(*"ann")
        await wait_for(pilot, lambda: bool(lookup.rows))
        await pilot.press("enter")
        capture = await wait_screen(pilot, CaptureScreen)
        assert isinstance(app.focused, TextArea)
        await pilot.press("f1")
        await wait_screen(pilot, HelpScreen)
        await wait_for(pilot, lambda: "Keys everywhere" in _screen_text(app))
        shown = _screen_text(app)
        assert "Quick fix" in shown and "Stage 1" in shown
        # F8 does nothing on a call in time, so help does not offer it (as the footer does not);
        # the digits that answer the triage are listed.
        assert "Override" not in shown
        assert "1–9" in shown and "triage answer" in shown
        await pilot.press("escape")
        await wait_screen(pilot, CaptureScreen)
        capture.query_one("#issue_known_on", Input).focus()
        await pilot.press("f2")  # new call from inside an Input: asks before discarding
        await pilot.press("y")
        await wait_screen(pilot, LookupScreen)


async def test_anonymous_before_the_database_opens_says_so_instead_of_crashing(
    tmp_path: Path,
) -> None:
    seed = build_seed(tmp_path)
    # A signed-in terminal shows the lookup before the store opens; here it never opens.
    app = create_app(
        f"sqlite:///{tmp_path / 'missing' / 'x.sqlite3'}",
        today=TODAY,
        drafts_dir=seed.drafts,
        user_id=seed.handler_id,
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, LookupScreen)
        await pilot.press("f6")
        await wait_for(pilot, lambda: app.session.store_error is not None)
        await pilot.press("f6")  # handled before press returns: no crash, no capture
        assert isinstance(app.screen, LookupScreen)
        assert any("does not exist" in message for message in app.messages_shown)
