"""What every screen of the app shares: its command scope, a typed app and service errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual.binding import Binding, BindingType
from textual.screen import Screen

if TYPE_CHECKING:
    from complaints_tui.app import ComplaintsApp

R = TypeVar("R")

# Tab and Shift+Tab as priority keys: the focus moves the moment the key arrives, so keys typed
# right after it go to the next field. (Textual's own Tab waits until the field has handled every
# key already queued, and a fast typist's next word landed in the field they had just left.)
FOCUS_KEYS: list[BindingType] = [
    Binding("tab", "app.focus_next", show=False, priority=True, id="focus.next"),
    Binding("shift+tab", "app.focus_previous", show=False, priority=True, id="focus.previous"),
]


class AppScreen(Screen[R]):
    """A screen whose keys come from the command registry (`SCOPE`)."""

    SCOPE: ClassVar[str] = "app"
    HELP_TITLE: ClassVar[str] = "this screen"
    BINDINGS: ClassVar[list[BindingType]] = FOCUS_KEYS

    _header_context: str | None = None

    def set_context(self, text: str) -> None:
        """What this screen is about, first in the header (before the user, role and date)."""
        self._header_context = text
        self._fit_context()

    def on_resize(self) -> None:
        self._fit_context()

    def _fit_context(self) -> None:
        # The header's title area is the width less its icon (8) and clock space (10); the
        # context gives way so the signed-in user, role and today's date stay whole.
        if self._header_context is None:
            return
        room = self.size.width - 18 - len(" — ") - len(self.app.sub_title or "")
        limit = max(8, room)
        text = self._header_context
        self.title = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

    @property
    def capp(self) -> ComplaintsApp:
        return cast("ComplaintsApp", self.app)

    def failed(self, error: BaseException) -> None:
        """Report a service error from a worker thread (the one error path of the screens)."""
        self.app.call_from_thread(self.capp.report_error, error)
