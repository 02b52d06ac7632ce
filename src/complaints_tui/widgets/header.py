"""The header every screen shows: Textual's, with our icon and no clock, minus a crash.

Textual 8.2.8's Header updates its title in a callback queued when the title changes (and when
it mounts); if the screen is torn down before the callback runs (a call saved and the app quit
at once), the header's title widget is gone and the callback fails the app with NoMatches.
A header that is closing simply has nothing to update.
"""

from __future__ import annotations

from typing import Any

from textual.css.query import NoMatches
from textual.widgets import Header


class _Gone:
    def update(self, *_: Any) -> None:
        """The title of a header already taken down: nothing to draw."""


class AppHeader(Header):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(show_clock=False, icon="≡", **kwargs)

    def query_one(self, selector: Any, expect_type: Any = None) -> Any:  # type: ignore[override]
        try:
            return super().query_one(selector, expect_type)
        except NoMatches:
            if self._closing or self._closed or not self.is_attached:
                return _Gone()
            raise
