"""Work that follows typing, done once the typing pauses (and at least every few seconds).

A form that redid its checks and saved its draft on every key made each key cost more than the
last in a long call. `QuietSpell.poke()` on each key is cheap (it restarts one timer); `then`
runs once `delay` seconds pass without a key, or after `longest` seconds of non-stop typing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer


class QuietSpell:
    def __init__(
        self,
        owner: MessagePump,
        then: Callable[[], object],
        *,
        delay: float = 0.3,
        longest: float = 2.0,
    ) -> None:
        self.owner = owner
        self.then = then
        self.delay = delay
        self.longest = longest
        self._timer: Timer | None = None
        self._since = 0.0

    @property
    def pending(self) -> bool:
        return self._timer is not None

    def poke(self) -> None:
        """A key was typed: run `then` after the next pause."""
        now = time.monotonic()
        if self._timer is None:
            self._since = now
            self._timer = self.owner.set_timer(self.delay, self._fire)
        elif now - self._since >= self.longest:
            self.flush()
        else:
            self._timer.reset()

    def flush(self) -> None:
        """Run `then` now if typing is waiting for it (before saving, leaving, or a dialog)."""
        if self._timer is not None:
            self._timer.stop()
            self._fire()

    def cancel(self) -> None:
        """Drop what is waiting (the form it was for is gone)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _fire(self) -> None:
        self._timer = None
        self.then()
