"""A long call must not get slower or bigger with every key (issue: 18 MB and ~1,000 live objects
per 100 keys into the description, as the footer was rebuilt and kept its old keys' watchers).

Keys go through the terminal driver, as a fast typist's do, one after another; the test waits
until the description holds them all, then counts what is still alive. Before the fix each key
left about 1,000 live objects (100,000 per 100 keys typed with Pilot) and 8 more watchers on the
footer, and this burst of 2,000 keys did not finish within Pilot's 30 s wait; after it, 1,800
keys left 13,214 objects (7 a key: the text and its undo history) and the watchers stay at 8.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import Footer, TextArea

from tests.ui.helpers import make_app, open_capture, wait_for
from tests.ui.seed import build_seed

KEYS = 2_000
WARM_UP = 200
GROWTH_PER_KEY = 40  # live objects a key may leave (text, undo history); ~1,000 before the fix
WATCHERS = 16  # on the footer; before the fix 8 more with every key


def _send(app: Any, text: str) -> None:
    for char in text:
        name = "space" if char == " " else char
        event = events.Key(name, char)
        event.set_sender(app)
        app._driver.send_message(event)


def _live_objects() -> int:
    gc.collect()
    return len(gc.get_objects())


def _watchers(footer: Footer) -> int:
    return sum(len(pairs) for pairs in getattr(footer, "__watchers", {}).values())


async def test_two_thousand_keys_leave_nothing_behind(tmp_path: Path) -> None:
    seed = build_seed(tmp_path)
    app = make_app(seed)
    async with app.run_test(size=(120, 36)) as pilot:
        capture = await open_capture(pilot, "ann smith")
        description = capture.query_one("#description", TextArea)
        footer = capture.query_one(Footer)
        words = ("damp in the back bedroom " * (KEYS // 10))[:KEYS]

        _send(app, words[:WARM_UP])
        await wait_for(pilot, lambda: len(description.text) == WARM_UP, timeout=60)
        await pilot.pause()
        before = _live_objects()

        _send(app, words[WARM_UP:])
        await wait_for(pilot, lambda: len(description.text) == KEYS, timeout=120)
        await pilot.pause()
        grown = _live_objects() - before

        assert description.text == words
        assert grown < GROWTH_PER_KEY * (KEYS - WARM_UP), grown
        assert _watchers(footer) <= WATCHERS, _watchers(footer)
        # And what was typed is in the draft once the typing pauses.
        await wait_for(
            pilot,
            lambda: (
                (draft := app.session.drafts.load(seed.handler_id)) is not None
                and draft.fields.get("description") == words
            ),
        )
