"""Driving the app in Pilot tests: start signed in, wait for a screen, count key presses."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from complaints_tui.app import ComplaintsApp, create_app
from complaints_tui.screens.capture import CaptureScreen
from complaints_tui.screens.lookup import LookupScreen
from tests.ui.seed import TODAY, Seed


def make_app(seed: Seed, *, signed_in: bool = True, drafts: Path | None = None) -> ComplaintsApp:
    return create_app(
        seed.url,
        today=TODAY,
        drafts_dir=drafts or seed.drafts,
        user_id=seed.handler_id if signed_in else None,
    )


async def wait_for(pilot: Pilot[Any], ready: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let workers finish until `ready()` (Pilot cannot see thread workers end by itself)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not ready():
        if loop.time() > deadline:
            notes = list(pilot.app.messages_shown)
            raise AssertionError(
                f"timed out waiting; screen {pilot.app.screen!r}, focus {pilot.app.focused!r}, "
                f"notifications {notes}"
            )
        await pilot.pause(0.05)


async def open_capture(pilot: Pilot[Any], name: str) -> CaptureScreen:
    """Find the resident by name on the lookup, open the call, wait for their flags."""
    lookup = await wait_screen(pilot, LookupScreen)
    lookup.query_one("#search", Input).value = name
    await wait_for(pilot, lambda: bool(lookup.rows))
    await pilot.press("enter")
    capture: CaptureScreen = await wait_screen(pilot, CaptureScreen)
    await wait_for(pilot, lambda: capture.is_ready)
    return capture


async def wait_screen(pilot: Pilot[Any], kind: type[Screen[Any]], timeout: float = 10.0) -> Any:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, kind), timeout)
    return pilot.app.screen


class KeyCounter:
    """Presses keys through the pilot and counts them (free text is typed separately)."""

    def __init__(self, pilot: Pilot[Any]) -> None:
        self.pilot = pilot
        self.count = 0
        self.keys: list[str] = []

    async def press(self, *keys: str) -> None:
        self.count += len(keys)
        self.keys.extend(keys)
        await self.pilot.press(*keys)

    async def type_text(self, text: str) -> None:
        """Free text: typed (not counted), as a handler would type a name or a search."""
        await self.pilot.press(*text)


_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>'
)


async def wait_shown(pilot: Pilot[Any], text: str, timeout: float = 10.0) -> str:
    """Wait until `text` is drawn on the screen (a widget can be ready a frame before it is
    painted); the screen's text."""
    await wait_for(pilot, lambda: text in "\n".join(screen_lines(pilot.app)), timeout)
    return "\n".join(screen_lines(pilot.app))


def screen_lines(app: Any) -> list[str]:
    """The screen as plain text lines (from Textual's SVG screenshot), for text assertions."""
    rows: dict[int, list[tuple[float, str]]] = {}
    for match in _SVG_TEXT.finditer(app.export_screenshot()):
        text = html.unescape(match[3]).replace("\xa0", " ")
        rows.setdefault(int(match[2]), []).append((float(match[1]), text))
    lines = []
    for number in sorted(rows):
        line = ""
        for x, text in sorted(rows[number]):
            line = line.ljust(round(x / 12.2)) + text
        lines.append(line.rstrip())
    return lines
