"""Bad input gets a clear message where it was typed, and nothing typed is lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, TextArea

from complaints_tui.screens.capture import CaptureScreen
from complaints_tui.screens.lookup import LookupScreen
from complaints_tui.screens.new_resident import NewResidentScreen
from complaints_tui.screens.readout import ReadoutScreen
from tests.ui.helpers import make_app, open_capture, wait_for, wait_screen, wait_shown
from tests.ui.seed import build_seed


def notes(app: Any) -> list[str]:
    return list(app.messages_shown)


async def test_a_date_in_the_future_or_not_a_date_is_explained_beside_it(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        capture = await open_capture(pilot, "ann smith")
        capture.query_one("#description", TextArea).text = "Leak [bold]x"
        await pilot.press("tab", *"31/2/2026")
        problem = capture.query_one("#date-problem")
        assert problem.display and "31/2/2026 is not a real date." in str(problem.render())
        await pilot.press("tab", "tab", "tab", "1", "2", "f6")
        assert "31/2/2026 is not a real date." in notes(app)
        assert app.focused is capture.query_one("#issue_known_on")

        capture.query_one("#issue_known_on", Input).value = "1/1/2030"  # today is 3 Mar 2026
        await pilot.press("f6")
        assert "Tue 1 Jan 2030 is in the future: today is Tue 3 Mar 2026." in notes(app)
        assert isinstance(app.screen, CaptureScreen)
        assert capture.query_one("#description", TextArea).text == "Leak [bold]x"

        capture.query_one("#issue_known_on", Input).value = "1/2/2026"
        await wait_for(pilot, lambda: not capture.query_one("#date-problem").display)
        await pilot.press("f6")
        await wait_screen(pilot, ReadoutScreen)


async def test_an_anonymous_call_does_not_offer_a_representative(tmp_path: Path) -> None:
    seed = build_seed(tmp_path, "derive")
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, LookupScreen)
        await wait_for(pilot, lambda: app.session.profile is not None)
        await pilot.press("f6")
        capture = await wait_screen(pilot, CaptureScreen)
        await wait_for(pilot, lambda: capture.is_ready)
        assert not capture.query_one("#caller-field").display
        await pilot.press("shift+tab")  # from the description: the channel, not "who is calling"
        assert app.focused is capture.query_one("#channel")


async def test_a_name_too_long_for_the_database_is_refused_with_its_length(
    tmp_path: Path,
) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, LookupScreen)
        await pilot.press("f4")
        form = await wait_screen(pilot, NewResidentScreen)
        form.query_one("#name", Input).value = "Eve"
        form.query_one("#postcode", Input).value = "DE1 1AA and some more"
        await pilot.press("f5")
        assert any("Postcode is 21 characters long; at most 12 fit" in n for n in notes(app))
        assert isinstance(app.screen, NewResidentScreen)
        assert app.focused is form.query_one("#postcode")
        assert form.query_one("#postcode", Input).value == "DE1 1AA and some more"


async def test_choosing_a_known_representative_leaves_no_gap_in_the_form(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        capture = await open_capture(pilot, "bob")
        await pilot.press("shift+tab", "enter", "down", "enter")
        assert capture.query_one("#caller").value == "representative"  # type: ignore[attr-defined]
        rep = capture.query_one("#rep")
        description = capture.query_one("#description")
        label_above = description.region.y - 1
        assert label_above - rep.region.bottom == 0, (rep.region, description.region)


async def test_huge_text_is_kept_whole_and_saved(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    huge = ("Water through the ceiling [bold]x [@click=app.quit]y[/] again. " * 40 + "\n") * 150
    async with app.run_test(size=(80, 24)) as pilot:
        capture = await open_capture(pilot, "ann smith")
        capture.query_one("#description", TextArea).text = huge
        await pilot.press("tab", "tab", "tab", "tab", "1", "2", "f6")
        readout = await wait_screen(pilot, ReadoutScreen)
        reference = readout.readout.reference
    from complaints_tui.services.cases.case_view import case_by_reference
    from complaints_tui.services.people.users import open_for_app
    from tests.ui.seed import TODAY

    store = open_for_app(seed.url)
    try:
        saved = case_by_reference(store, reference, today=TODAY).description
        assert saved == huge.strip()  # the service trims the ends, nothing else
    finally:
        store.close()


async def test_a_fuzzed_name_is_refused_or_shown_literally_on_the_resident_screen(
    tmp_path: Path,
) -> None:
    """A terminal escape in a name is refused in a sentence that shows it escaped (nothing raw
    reaches the terminal); markup-like text is stored and drawn as typed, never as styles."""
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, LookupScreen)
        await pilot.press("f4")
        form = await wait_screen(pilot, NewResidentScreen)
        form.query_one("#name", Input).value = "\x1b[31mRed [bold]Rob"
        form.query_one("#postcode", Input).value = "DE1 1AA"
        await pilot.press("f5")
        told = "contains an escape character (\\x1b) at character 1"
        await wait_for(pilot, lambda: any(told in n for n in notes(app)))
        assert not any("\x1b" in n for n in notes(app))
        assert isinstance(app.screen, NewResidentScreen)
        assert form.query_one("#name", Input).value == "\x1b[31mRed [bold]Rob"  # kept to fix

        form.query_one("#name", Input).value = "[bold]Rob [/] Red [@click=app.quit]x[/]"
        await pilot.press("f5")
        shown = await wait_shown(pilot, "[bold]Rob [/] Red [@click=app.quit]x[/]")
        assert "\x1b" not in shown
        assert app.is_running  # the link in the name was drawn, not made live
