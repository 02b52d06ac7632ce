"""The idle lock: after the office's idle time with no key, this covers everything (nothing of
the screens below shows through) and asks the signed-in user's password again. The screens
below, and what was typed in them, stay exactly as they were. F11 signs out instead (a call
being captured is kept as a draft, offered back at the next sign-in).

Dismissed with True when the password was right, False to sign out."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from complaints_tui.screens.base import AppModal
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.safe import clean

if TYPE_CHECKING:
    from complaints_tui.services.people.types import UserInfo


class LockScreen(AppModal[bool]):
    SCOPE = Scope.LOCK
    LOCKS = True  # the app's own keys wait until it is gone (no palette, no new call)
    HELP_TITLE = "the lock"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.LOCK))
    DEFAULT_CSS = """
    LockScreen { background: $background 100%; }
    LockScreen #lock-box { width: 70; max-width: 95%; height: auto; border: thick $primary;
        padding: 1 2; background: $surface; }
    LockScreen #lock-title { text-style: bold; margin-bottom: 1; }
    """

    def __init__(self, session: AppSession, user: UserInfo, minutes: int) -> None:
        super().__init__(session)
        self.user = user
        self.minutes = minutes

    def compose(self) -> ComposeResult:
        after = f"{self.minutes} minute{'s' if self.minutes != 1 else ''}"
        with Vertical(id="lock-box"):
            yield Static(Text(f"Locked after {after} without a key."), id="lock-title")
            yield Static(
                Text(
                    f"{clean(self.user.name)}: your password, then Enter, to carry on where you "
                    "were. F11: sign out (a call being taken is kept as a draft)."
                )
            )
            yield Input(placeholder="Password", password=True, id="lock-password")
        # No footer: a modal's footer lists only its own keys, and its one key is the app's
        # F11 (a priority key, so it works here); the sentence above names it.

    def on_mount(self) -> None:
        self.query_one("#lock-password", Input).focus()

    @on(Input.Submitted, "#lock-password")
    def _entered(self, event: Input.Submitted) -> None:
        from complaints_tui.services.people.passwords import sign_in_with_password

        password, user_id, now = event.value, self.user.id, self.session.now()
        self.run_service(
            lambda store: sign_in_with_password(store, user_id, password, now),
            self._unlocked,
            failed=self._refused,
            group="unlock",
            exclusive=True,
        )

    def _unlocked(self, user: UserInfo) -> None:
        self.dismiss(True)

    def _refused(self, error: BaseException) -> None:
        from complaints_tui.services.people.passwords import NoPasswordYet
        from complaints_tui.services.session import user_sentence

        self.query_one("#lock-password", Input).value = ""
        sentence = (
            "Your password was reset by an administrator: sign out (F11) and choose a new one."
            if isinstance(error, NoPasswordYet)
            else user_sentence(error)
        )
        self.notify(clean(sentence), title="Still locked", severity="error", markup=False)

    def sign_out(self) -> None:
        """The app's F11 (Sign out) while locked."""
        self.dismiss(False)
