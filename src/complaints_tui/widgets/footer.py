"""The footer every screen shows: Textual's, compact, with this screen's keys first, and on a
narrow terminal only the keys the screen needs (F1 lists the rest), minus a leak.

Textual 8.2.8's Footer rebuilds its keys whenever a screen's bindings change, and each new
`FooterKey` binds its `compact` to the footer's (`data_bind`), which adds a watcher on the
footer that is never removed (Textual issue #6666): the old keys stay reachable for as long as
the screen lives. We prune watchers whose key is gone after each rebuild. Remove `recompose`
and `prune_watchers` once Textual drops closed nodes' watchers itself.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer

# Below this width the app-wide keys that are not about the work at hand leave the footer;
# they stay on their keys, in F1 and in the palette (80 columns cut "F11 Sign out" and "Quit").
NARROW = 100
SPARE_ACTIONS = frozenset({"toggle_contrast", "switch_user", "quit", "app.toggle_contrast"})
KEPT = frozenset({"help", "command_palette", "app.help"})  # never dropped for room
PALETTE_WIDTH = 14  # "^p Commands" at the right-hand end


def _width(widget: Any) -> int:
    """The cells a footer key takes: its key, its words and the spaces around them (the
    palette's key has its own room at the end)."""
    if getattr(widget, "action", None) == "command_palette":
        return 0
    key = str(getattr(widget, "key_display", ""))
    words = str(getattr(widget, "description", ""))
    return len(key) + len(words) + 2


class AppFooter(Footer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(compact=True, **kwargs)
        self._narrow: bool | None = None

    def compose(self) -> ComposeResult:
        narrow = self.app.size.width < NARROW
        self._narrow = narrow
        widgets = [
            widget
            for widget in super().compose()
            if not (narrow and getattr(widget, "action", None) in SPARE_ACTIONS)
        ]
        # The screen's own keys come first; keys that do not fit the width give way from the
        # end (F1 Help stays), so nothing is cut in half and F1 and the palette list the rest.
        room = self.app.size.width - PALETTE_WIDTH
        while len(widgets) > 1 and sum(_width(w) for w in widgets) > room:
            drop = next(
                (w for w in reversed(widgets) if getattr(w, "action", None) not in KEPT), None
            )
            if drop is None:
                break
            widgets.remove(drop)
        yield from widgets

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.recompose)  # what fits depends on the width

    async def recompose(self) -> None:
        await super().recompose()
        self.prune_watchers()

    def prune_watchers(self) -> int:
        """Forget watchers set by keys that have been removed; returns how many remain."""
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for pairs in watchers.values():
            pairs[:] = [
                (node, callback)
                for node, callback in pairs
                if not (getattr(node, "_closing", False) or getattr(node, "_closed", False))
            ]
        return sum(len(pairs) for pairs in watchers.values())
