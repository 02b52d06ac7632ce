"""The footer every screen shows: Textual's, compact, minus a leak.

Textual 8.2.8's Footer rebuilds its keys whenever a screen's bindings change, and each new
`FooterKey` binds its `compact` to the footer's (`data_bind`), which adds a watcher on the
footer that is never removed (Textual issue #6666): the old keys stay reachable for as long as
the screen lives. We prune watchers whose key is gone after each rebuild. Remove this class's
`recompose` once Textual drops closed nodes' watchers itself.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


class AppFooter(Footer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(compact=True, **kwargs)

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
