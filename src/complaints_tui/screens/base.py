"""What every screen of the app shares: its command scope, a typed app and service errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from complaints_tui.app import ComplaintsApp

R = TypeVar("R")


class AppScreen(Screen[R]):
    """A screen whose keys come from the command registry (`SCOPE`)."""

    SCOPE: ClassVar[str] = "app"
    HELP_TITLE: ClassVar[str] = "this screen"

    @property
    def capp(self) -> ComplaintsApp:
        return cast("ComplaintsApp", self.app)

    def failed(self, error: BaseException) -> None:
        """Report a service error from a worker thread (the one error path of the screens)."""
        self.app.call_from_thread(self.capp.report_error, error)
