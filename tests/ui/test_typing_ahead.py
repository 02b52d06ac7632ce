"""Fast typing: keys sent in one burst (as a quick typist or a busy machine delivers them) land in
the field the handler moved to, not in the one they left.

Tab and Enter used to move focus only after the field had processed every key already queued,
so "Leak<Tab>2/3/2026" put the date into the description.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import Input, TextArea

from complaints_tui.screens.capture import CaptureScreen
from complaints_tui.screens.lookup import LookupScreen
from complaints_tui.screens.new_resident import FIELDS, NewResidentScreen
from tests.ui.helpers import make_app, wait_for, wait_screen
from tests.ui.seed import build_seed


def burst(app: Any, keys: list[str]) -> None:
    """Queue every key at once, without waiting for the app between them."""
    for key in keys:
        if len(key) == 1:
            char: str | None = key
            name = {" ": "space", "/": "slash", ",": "comma"}.get(key, key)
        else:
            name = key
            try:
                char = unicodedata.lookup(key.upper())
            except KeyError:
                char = None
        event = events.Key(name, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def test_text_typed_after_tab_goes_to_the_next_field(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        lookup = await wait_screen(pilot, LookupScreen)
        await pilot.press(*"ann smith")
        await wait_for(pilot, lambda: bool(lookup.rows))
        await pilot.press("enter")
        capture = await wait_screen(pilot, CaptureScreen)
        await wait_for(pilot, lambda: capture.is_ready)
        burst(app, [*"Leak", "tab", *"2/3/2026", "tab", *"Fix it"])
        await wait_for(pilot, lambda: capture.query_one("#desired", Input).value == "Fix it")
        assert capture.query_one("#description", TextArea).text == "Leak"
        assert capture.query_one("#issue_known_on", Input).value == "2/3/2026"
        assert capture.query_one("#desired", Input).value == "Fix it"


async def test_text_typed_after_enter_in_the_new_resident_form_goes_to_the_next_field(
    tmp_path: Path,
) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, LookupScreen)
        await pilot.press("f4")
        form = await wait_screen(pilot, NewResidentScreen)
        burst(app, [*"Eve", "enter", *"1 Quay", "enter", *"DE1 1AA", "enter", *"0133"])
        await wait_for(pilot, lambda: form.query_one("#phone", Input).value == "0133")
        values = {name: form.query_one(f"#{name}", Input).value for name in FIELDS}
        assert values == {
            "name": "Eve",
            "address": "1 Quay",
            "postcode": "DE1 1AA",
            "phone": "0133",
        }


async def test_the_name_carried_from_the_search_is_added_to_not_typed_over(
    tmp_path: Path,
) -> None:
    """'Bob' typed in the search, then F4: typing ' Jones [/]' completes the name. The box used
    to select its text on focus, so the first key replaced 'Bob' (and a key that does not
    arrive, as End in a fast burst, can not save it)."""
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, LookupScreen)
        await pilot.press(*"Bob")
        await pilot.press("f4")
        form = await wait_screen(pilot, NewResidentScreen)
        await wait_for(pilot, lambda: app.focused is form.query_one("#name", Input))
        burst(app, [*" Jones [/]"])
        await wait_for(pilot, lambda: form.query_one("#name", Input).value.endswith("[/]"))
        assert form.query_one("#name", Input).value == "Bob Jones [/]"
