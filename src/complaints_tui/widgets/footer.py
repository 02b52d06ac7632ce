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


class AppFooter(Footer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(compact=True, **kwargs)
        self._narrow: bool | None = None

    def compose(self) -> ComposeResult:
        narrow = self.app.size.width < NARROW
        self._narrow = narrow
        for widget in super().compose():
            if narrow and getattr(widget, "action", None) in SPARE_ACTIONS:
                continue
            yield widget

    def on_resize(self, event: events.Resize) -> None:
        if self._narrow is not None and (self.app.size.width < NARROW) != self._narrow:
            self.call_after_refresh(self.recompose)

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
