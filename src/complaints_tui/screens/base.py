"""What every screen of the app shares: the session it was given, one way to run a service in a
worker, and one way to report a failure.

`run_service(call, done)` runs `call(store)` in a thread worker and delivers its result to `done`
(or its error to `failed`, else a notification) as a message to the screen, on the UI thread; a
screen that has gone by then gets nothing. Screens never hold a Session or reach into the App.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual.binding import BindingType
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.worker import get_current_worker

from complaints_tui.services.session import AppSession, user_sentence
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.safe import clean

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from complaints_tui.services.session import Store

R = TypeVar("R")
T = TypeVar("T")

# Tab and Shift+Tab as priority keys: the focus moves the moment the key arrives, so keys typed
# right after it go to the next field. (Textual's own Tab waits until the field has handled every
# key already queued, and a fast typist's next word landed in the field they had just left.)
FOCUS_KEYS: list[BindingType] = list(bindings_for(Scope.FOCUS))


class ServiceDone(Message, Generic[T], bubble=False):
    """A service call finished: `done` gets its value on the UI thread."""

    def __init__(self, value: T, done: Callable[[T], object]) -> None:
        super().__init__()
        self.value = value
        self.done = done


class ServiceFailed(Message, bubble=False):
    """A service call failed: the screen shows why (or `failed` handles it)."""

    def __init__(
        self, error: BaseException, failed: Callable[[BaseException], object] | None
    ) -> None:
        super().__init__()
        self.error = error
        self.failed = failed


if TYPE_CHECKING:
    _Node = DOMNode
else:
    _Node = object  # a plain mixin: Textual takes CSS type names from the first DOMNode base


class SessionScreen(_Node):
    """The session a screen was given and the service worker; mixed into both kinds of screen
    after the Textual class (`class AppScreen(Screen[R], SessionScreen)`), so CSS written for
    `Screen` and `ModalScreen` still applies."""

    session: AppSession
    SCOPE: ClassVar[Scope] = Scope.APP
    HELP_TITLE: ClassVar[str] = "this screen"

    def run_service(
        self,
        call: Callable[[Store], T],
        done: Callable[[T], object],
        *,
        failed: Callable[[BaseException], object] | None = None,
        group: str = "service",
        exclusive: bool = False,
    ) -> None:
        """Run `call(store)` in a thread; `exclusive` drops an older call of the same group
        (search as you type: only the newest answer is shown)."""

        def work() -> None:
            worker = get_current_worker()
            try:
                value = call(self.session.store())
            except Exception as error:
                if not worker.is_cancelled:
                    self.post_message(ServiceFailed(error, failed))
                return
            if not worker.is_cancelled:
                self.post_message(ServiceDone(value, done))

        self.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def on_service_done(self, message: ServiceDone[Any]) -> None:
        message.done(message.value)

    def on_service_failed(self, message: ServiceFailed) -> None:
        if message.failed is not None:
            message.failed(message.error)
        else:
            self.report(message.error)

    def watch_changes(self, changed: Callable[[], object], every: float = 3.0) -> None:
        """Call `changed` when another terminal saves anything: a cheap check every few
        seconds (the newest audit event), so a queue or a case on screen never goes stale."""
        from complaints_tui.services import change_mark

        seen: list[int] = []

        def compare(mark: int) -> None:
            if seen and mark != seen[-1]:
                changed()
            seen[:] = [mark]

        def check() -> None:
            # A check that fails (a locked database) is simply tried again next time.
            self.run_service(
                change_mark, compare, failed=lambda _: None, group="change-check", exclusive=True
            )

        check()
        self.set_interval(every, check)

    def keys_depend_on(self, *state: object) -> None:
        """Rebuild the footer only when what the keys can do changed (`state`: the inputs of
        `check_action`): a rebuild on every key made a long call slower with each key."""
        if state != getattr(self, "_keys_state", None):
            self._keys_state = state
            self.refresh_bindings()

    def report(self, error: BaseException) -> None:
        """The one place a failed service call is shown to the user."""
        self.app.notify(
            clean(user_sentence(error)), title="Not done", severity="error", markup=False
        )


class AppScreen(Screen[R], SessionScreen):
    """A full screen whose keys come from the command registry (`SCOPE`)."""

    BINDINGS: ClassVar[list[BindingType]] = FOCUS_KEYS

    _header_context: str | None = None

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.session = session

    def set_context(self, text: str) -> None:
        """What this screen is about, first in the header (before the user, role and date)."""
        self._header_context = text
        self.fit_context()

    def on_resize(self) -> None:
        self.fit_context()

    def fit_context(self) -> None:
        # The header's title area is the width less its icon (8) and clock space (10). The
        # user, role and date stay whole while the context fits beside them; when it does not
        # (a caller's name at 80 columns), the role gives way first, then the context is cut.
        if self._header_context is None:
            return
        text = self._header_context
        short: str | None = None  # None: the app's own line (with the role)
        if len(text) > self._room_beside(header_line(self.session, with_role=True)):
            short = header_line(self.session, with_role=False)
        limit = max(8, self._room_beside(short or header_line(self.session)))
        title = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
        # Set only on a change: the header redraws on each, after the screen may have gone.
        if self.sub_title != short:
            self.sub_title = short
        if self.title != title:
            self.title = title

    def _room_beside(self, sub_title: str) -> int:
        return self.size.width - 18 - len(" — ") - len(sub_title)


def header_line(session: AppSession, *, with_role: bool = True) -> str:
    """Who is signed in and today's date, as the header shows them."""
    day = session.today().strftime("%a %-d %b %Y")
    user = session.user
    if user is None:
        return day
    if not with_role:
        return f"{clean(user.name)} · {day}"
    return f"{clean(user.name)} · {user.role.label} · {day}"


class AppModal(ModalScreen[R], SessionScreen):
    """A dialog over another screen, with the same session and service worker."""

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.session = session
