"""The Textual application shell: start-up, sign-in, global keys, theme and palette.

The app owns the terminal's `AppSession` (database, user, profile, clock) and hands it to each
screen it makes; screens ask to move on by posting `screens.messages`, never by calling the app.
The store is opened in a thread after the first screen is drawn (`AppSession.open`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.theme import Theme

from complaints_tui.domain.roles import DASHBOARD_ROLES, Role
from complaints_tui.screens.base import header_line
from complaints_tui.screens.messages import (
    AnonymousCall,
    CallFinished,
    LookupReady,
    OpenCase,
    OpenQueue,
    OpenResident,
    QueueShown,
    SignedIn,
)
from complaints_tui.screens.palette import CommandsProvider, QueuesProvider, RecordsProvider
from complaints_tui.services.drafts import DraftStore
from complaints_tui.services.session import AppSession, StoreNotReady, user_sentence
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.header import AppHeader
from complaints_tui.widgets.safe import clean

if TYPE_CHECKING:
    from textual.screen import Screen

    from complaints_tui.screens.capture import CaptureScreen
    from complaints_tui.services.people.types import UserInfo
    from complaints_tui.services.queues.types import DeskQuery

STANDARD_THEME = "textual-dark"
# Who starts on their queue after signing in (a call handler and an administrator start on the
# lookup; an administrator opens queues with F12).
QUEUE_FIRST = frozenset({Role.INVESTIGATING_MANAGER, Role.SERVICE_DIRECTOR})
HIGH_CONTRAST_THEME = "high-contrast"

HIGH_CONTRAST = Theme(
    name=HIGH_CONTRAST_THEME,
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ffaf00",
    error="#ff5f5f",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1c1c1c",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
)


class ComplaintsApp(App[None], inherit_bindings=False):
    CSS_PATH = "app.tcss"
    TITLE = "complaints-tui"
    # Not inherited: Textual's own Ctrl+Q came first and put "Quit" before Help in every footer.
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings_for(Scope.APP),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]
    COMMANDS: ClassVar[set[type[Provider] | Any]] = {
        CommandsProvider,
        RecordsProvider,
        QueuesProvider,
    }

    def __init__(
        self,
        store_url: str | None = None,
        *,
        today: date | None = None,
        drafts_dir: Path | None = None,
        user_id: int | None = None,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        from complaints_tui.cli_context import database_url

        url = store_url or database_url()
        drafts = DraftStore(drafts_dir or drafts_folder_for(store_url))
        self.session = AppSession(url, drafts, today=today)
        self._wanted_user_id = user_id
        self._keymap_override = dict(keymap) if keymap is not None else None
        self._store_started = False
        self.messages_shown: list[str] = []  # what notifications said, newest last
        self.draft_checked = False  # the signed-in user's draft was looked for (and offered)
        self._last_queue: DeskQuery | None = None  # what F12 comes back to
        # The idle lock: a clock (tests give a fake one), how often it is looked at, the last key.
        self.idle_clock: Callable[[], float] = time.monotonic
        self.idle_check_seconds = 5.0
        self._last_key_at = self.idle_clock()
        self.idle_lock_minutes = 0  # the office's setting, read at each sign-in; 0: never

    def notices_showing(self) -> list[str]:
        """The notifications on screen now (Textual keeps them privately)."""
        return [notice.message for notice in self._notifications]

    def notify(self, message: str, **kwargs: Any) -> None:  # type: ignore[override]
        """Every notification, kept (the last 50) so a test or a support call can read them."""
        self.messages_shown = [*self.messages_shown[-49:], str(message)]
        super().notify(message, **kwargs)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield AppFooter()

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        from complaints_tui.terminal_config import terminal_theme

        self.theme = terminal_theme()  # this terminal's choice (F10, or `config set theme`)
        keymap, problem = checked_keymap(self._keymap_override or None)
        self.set_keymap(keymap)
        if problem is not None:
            self.notify(problem, title="Key map", severity="warning", markup=False)
        self.refresh_header()
        from complaints_tui.screens.start import StartScreen

        self.push_screen(StartScreen())
        if self._wanted_user_id is not None:
            # The user is known already (a terminal signed in for the shift): the lookup screen
            # is drawn and ready for typing first; the store opens behind it (`lookup_ready`).
            self.show_lookup()
        else:
            self.start_store()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self._last_key_at = self.idle_clock()
        await super().on_event(event)

    def start_store(self) -> None:
        if not self._store_started:
            self._store_started = True
            self.open_store()

    def refresh_header(self) -> None:
        self.sub_title = header_line(self.session)
        for screen in self.screen_stack:
            fit = getattr(screen, "fit_context", None)
            if callable(fit):
                fit()  # the screen's own context and the user's line share the header
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def open_store(self) -> None:
        try:
            opened = self.session.open(self._wanted_user_id)
        except StoreNotReady as error:
            self.call_from_thread(self._store_failed, error.user_sentence)
            return
        if opened.sign_in_error is not None:
            self.call_from_thread(self.report_error, opened.sign_in_error)
        self.call_from_thread(self._store_opened, opened.needs_setup, opened.user)

    def _store_failed(self, message: str) -> None:
        from complaints_tui.screens.start import StartScreen

        self.notify(clean(message), title="Database", severity="error", timeout=30, markup=False)
        for screen in self.screen_stack:
            if isinstance(screen, StartScreen):
                screen.show_problem(message)

    def _store_opened(self, needs_setup: bool, user: UserInfo | None) -> None:
        if needs_setup:
            from complaints_tui.screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen(self.session))
        elif user is not None:
            self.signed_in(user, show=False)
        else:
            self.show_sign_in()

    def show_sign_in(self) -> None:
        from complaints_tui.screens.sign_in import SignInScreen

        self.session.user = None
        self.refresh_header()
        self.push_screen(SignInScreen(self.session))

    def signed_in(self, user: UserInfo, *, show: bool = True) -> None:
        """Called once a user is picked: header, then the lookup, then any draft to restore."""
        self.session.user = user
        self._last_queue = None  # the last queue shown was someone else's
        self._last_key_at = self.idle_clock()
        self._read_idle_lock()
        self.refresh_header()
        if show:
            self.show_lookup()
        if user.role in QUEUE_FIRST:
            self.call_later(self.open_queue)  # a case worker's desk is their queue
        elif user.role is Role.TEAM_LEAD:
            self.call_later(self.action_dashboard)  # a team lead's shift starts with the counts
        # Offered from the app's own queue: a dialog's answer goes to the screen that was active
        # when it was pushed, and the sign-in screen that called us is being removed.
        self.call_later(self._offer_draft)

    @work(thread=True, exclusive=True, group="idle-lock", exit_on_error=False)
    def _read_idle_lock(self) -> None:
        from complaints_tui.services.people.passwords import idle_lock_minutes

        minutes = idle_lock_minutes(self.session.store())
        self.call_from_thread(self._start_idle_lock, minutes)

    def _start_idle_lock(self, minutes: int) -> None:
        self.idle_lock_minutes = minutes
        if not getattr(self, "_idle_timer_started", False):
            self._idle_timer_started = True
            self.set_interval(self.idle_check_seconds, self._check_idle)

    def _check_idle(self) -> None:
        """Lock the terminal when nobody has pressed a key for the office's idle time."""
        user, minutes = self.session.user, self.idle_lock_minutes
        if user is None or minutes <= 0 or self.locked:
            return
        if self.idle_clock() - self._last_key_at < minutes * 60:
            return
        from complaints_tui.screens.lock import LockScreen

        self.push_screen(LockScreen(self.session, user, minutes), self._lock_answered)

    @property
    def locked(self) -> bool:
        return any(getattr(screen, "LOCKS", False) for screen in self.screen_stack)

    def _lock_answered(self, unlocked: bool | None) -> None:
        self._last_key_at = self.idle_clock()
        if not unlocked:
            self._sign_out()

    def _offer_draft(self) -> None:
        user = self.session.user
        draft = self.session.drafts.load(user.id) if user is not None else None
        self.draft_checked = True
        if draft is not None:
            from complaints_tui.screens.restore import RestoreDraftScreen

            self.push_screen(RestoreDraftScreen(draft), self._restore_answered)

    def _restore_answered(self, restore: bool | None) -> None:
        user = self.session.user
        if user is None:
            return
        draft = self.session.drafts.load(user.id)
        if draft is None:
            return
        if restore:
            from complaints_tui.screens.capture import CaptureScreen

            self.push_screen(CaptureScreen.from_draft(self.session, draft))
        else:
            self.session.drafts.discard(user.id)

    def show_lookup(self) -> None:
        """Back to an empty lookup: everything above the bottom screen is removed."""
        from complaints_tui.screens.lookup import LookupScreen

        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.push_screen(LookupScreen(self.session))

    def open_resident(self, resident_id: int) -> None:
        """A resident was chosen: their flags and the capture form, as the only call open."""
        from complaints_tui.screens.capture import CaptureScreen

        def start() -> None:
            if self.store_ready_for_calls():
                self._back_to_lookup()
                self.push_screen(CaptureScreen(self.session, resident_id=resident_id))

        self.leave_call(start)

    def _back_to_lookup(self) -> None:
        """Remove every screen above the lookup (a fresh lookup if there is none)."""
        from complaints_tui.screens.lookup import LookupScreen

        if not any(isinstance(screen, LookupScreen) for screen in self.screen_stack):
            self.show_lookup()
            return
        while not isinstance(self.screen, LookupScreen):
            self.pop_screen()

    def call_in_progress(self) -> CaptureScreen | None:
        """The capture on the screen stack, if a call is being taken (under any dialog)."""
        from complaints_tui.screens.capture import CaptureScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, CaptureScreen):
                return screen
        return None

    def leave_call(self, then: Callable[[], None], question: str | None = None) -> None:
        """Run `then`, after asking first if a call is being captured (F2, palette, F9)."""
        capture = self.call_in_progress()
        if capture is None:
            then()
        else:
            capture.confirm_leave(then, question)

    def open_anonymous(self) -> None:
        from complaints_tui.screens.capture import CaptureScreen

        if self.store_ready_for_calls():
            self.push_screen(CaptureScreen(self.session, resident_id=None))

    def store_ready_for_calls(self) -> bool:
        """A capture needs the landlord's profile, read when the database opens: until then
        (or when it cannot open) say so, instead of opening a form that cannot work."""
        if self.session.ready_for_calls():
            return True
        self.notify(
            self.session.store_error or "The database is still opening; try again in a moment.",
            title="Database",
            severity="warning" if self.session.store_error is None else "error",
            markup=False,
        )
        return False

    def open_case(self, case_id: int, reference: str) -> None:
        """A case worker gets the case's workspace; a call handler its summary."""
        if self._desk_scopes():
            from complaints_tui.screens.workspace import CaseWorkspace

            self.push_screen(CaseWorkspace(self.session, case_id))
            return
        from complaints_tui.screens.case_summary import CaseSummaryScreen

        self.push_screen(CaseSummaryScreen(self.session, reference))

    def _desk_scopes(self) -> tuple[str, ...]:
        """The queues the signed-in user may open (none for a call handler)."""
        user = self.session.user
        if user is None:
            return ()
        from complaints_tui.services import desk_scopes

        return tuple(scope.value for scope in desk_scopes(user.role))

    def open_queue(self, stage: int | None = None, scope: str | None = None) -> None:
        """A queue: the one asked for (palette), else the last one shown (F12), else the
        user's first: stage 2 for a director (reviews), stage 1 for anyone else."""
        from dataclasses import replace

        from complaints_tui.screens.queue import QueueScreen
        from complaints_tui.services.queues.types import DeskQuery, QueueScope

        scopes = self._desk_scopes()
        user = self.session.user
        if not scopes or user is None:
            self.notify(
                "Queues are for case workers: investigating managers, directors and team leads.",
                markup=False,
            )
            return
        query = self._last_queue
        if query is None or stage is not None:
            first = 2 if user.role is Role.SERVICE_DIRECTOR else 1
            chosen = QueueScope(scope if scope in scopes else scopes[0])
            query = DeskQuery(stage=stage or first, scope=chosen)
        elif scope is not None and scope in scopes:
            query = replace(query, scope=QueueScope(scope))
        self.push_screen(QueueScreen(self.session, query))

    def on_queue_shown(self, message: QueueShown) -> None:
        from complaints_tui.services.queues.types import DeskQuery

        # A queue opened from a dashboard figure is not the user's own: F12 goes back to that.
        if isinstance(message.query, DeskQuery) and not message.query.narrowed:
            self._last_queue = message.query

    def lookup_ready(self) -> None:
        """The lookup's search box has focus and is drawn: the moment the benchmark measures."""
        self.start_store()

    # -- app-wide commands ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that need a signed-in user are neither shown nor live before sign-in; while a
        yes/no question is on screen it is answered first (no palette, no new call on top)."""
        if self.locked:
            return action in {"help", "quit", "toggle_contrast", "switch_user"}
        if action in {"new_call", "switch_user", "command_palette"} and getattr(
            self.screen, "ASKS", False
        ):
            return False
        if action in {"new_call", "switch_user"}:
            return self.session.user is not None
        if action == "work_queue":
            return bool(self._desk_scopes())
        if action == "administration":
            return self.session.user is not None and self.session.user.role is Role.ADMIN
        if action == "dashboard":
            return self.session.user is not None and self.session.user.role in DASHBOARD_ROLES
        if action == "redress_calculator":
            return self.session.user is not None and self.session.profile is not None
        if action == "reports":
            return self.may_read_reports()
        return True

    def action_help(self) -> None:
        from complaints_tui.screens.help import HelpScreen, keys_of

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        title = str(getattr(self.screen, "HELP_TITLE", "this screen"))
        self.push_screen(HelpScreen(title, keys_of(self.screen), keys_of(self)))

    def action_new_call(self) -> None:
        if self.session.user is not None:
            self.leave_work(lambda: self.leave_call(self.show_lookup))

    def unsaved_screen(self) -> Screen[Any] | None:
        """The screen on the stack holding typed work that is not saved (a form, the redress
        calculator), if any: F2, F12 and sign-out ask before leaving it behind."""
        for screen in reversed(self.screen_stack):
            unsaved = getattr(screen, "unsaved", None)
            if callable(unsaved) and unsaved():
                found: Screen[Any] = screen
                return found
        return None

    def leave_work(self, then: Callable[[], None]) -> None:
        """Run `then`, after asking first when a form or the calculator holds unsaved work."""
        screen = self.unsaved_screen()
        if screen is None:
            then()
            return
        from complaints_tui.screens.confirm import ConfirmScreen

        def answered(leave: bool | None) -> None:
            if leave:
                then()

        what = getattr(screen, "WORK_NAME", "this form")
        self.push_screen(
            ConfirmScreen(f"Leave {what}? What you entered there is not saved."), answered
        )

    def action_administration(self) -> None:
        """Users, areas, closure days, settings and keys (the services refuse anyone else)."""
        from complaints_tui.screens.admin import AdminScreen

        if self.session.user is None or isinstance(self.screen, AdminScreen):
            return
        self.push_screen(AdminScreen(self.session))

    def action_dashboard(self) -> None:
        """The team lead's dashboard (one at a time: Ctrl+T on it counts again)."""
        from complaints_tui.screens.dashboard import DashboardScreen

        if self.session.user is None:
            return
        if isinstance(self.screen, DashboardScreen):
            self.screen.count()
            return
        self.push_screen(DashboardScreen(self.session))

    def action_redress_calculator(self) -> None:
        """The calculator on its own: the landlord's rules, the figures only (no case)."""
        from complaints_tui.screens.redress import RedressCalculatorScreen

        profile = self.session.profile
        if self.session.user is None or profile is None:
            return
        if isinstance(self.screen, RedressCalculatorScreen):
            return  # one is open already
        self.push_screen(RedressCalculatorScreen(self.session, profile))

    def may_read_reports(self) -> bool:
        """Reports are for a team lead, a service director or an administrator (the services
        refuse anyone else too)."""
        from complaints_tui.services.reports.access import REPORT_ROLES

        user = self.session.user
        return user is not None and self.session.is_open and user.role in REPORT_ROLES

    def action_reports(self) -> None:
        from complaints_tui.screens.reports import ReportsScreen

        if not self.may_read_reports():
            self.notify(
                "Reports are for team leads, service directors and administrators.", markup=False
            )
            return
        if not isinstance(self.screen, ReportsScreen):
            self.push_screen(ReportsScreen(self.session))

    def action_toggle_contrast(self) -> None:
        from complaints_tui.terminal_config import TerminalConfigError, set_theme

        high = self.theme != HIGH_CONTRAST_THEME
        self.theme = HIGH_CONTRAST_THEME if high else STANDARD_THEME
        said = "High-contrast theme on." if high else "Standard theme on."
        try:
            set_theme("high-contrast" if high else "standard")  # kept for this terminal
        except TerminalConfigError as error:
            said += f" It is not kept for next time: {error}"
        self.notify(said, markup=False)

    async def action_quit(self) -> None:
        """Leave, with the call in progress saved to its draft to the last key."""
        capture = self.call_in_progress()
        if capture is not None:
            capture.settle()
        await super().action_quit()

    def on_exit_app(self) -> None:
        """An exit that skips `action_quit` (a browser tab closed under `complaints serve`:
        textual-serve tells the app to quit) still saves the typing that waits for a pause."""
        capture = self.call_in_progress()
        if capture is not None:
            capture.settle()

    def action_switch_user(self) -> None:
        if not self.session.is_open or self.session.user is None:
            return
        from complaints_tui.screens.lock import LockScreen

        if isinstance(self.screen, LockScreen):
            self.screen.sign_out()  # a call being taken is kept as its draft
            return
        if self.call_in_progress() is None:
            self.leave_work(self._sign_out)
            return
        from complaints_tui.screens.confirm import ConfirmScreen

        def answered(sign_out: bool | None) -> None:
            if sign_out:
                self._sign_out()

        self.push_screen(
            ConfirmScreen(
                "Sign out in the middle of this call? What you typed is kept and offered "
                "back when you sign in again."
            ),
            answered,
        )

    def _sign_out(self) -> None:
        capture = self.call_in_progress()
        if capture is not None:
            capture.settle()  # offered back, to the last key, at the next sign-in
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.show_sign_in()

    def report_error(self, error: BaseException) -> None:
        """A failure of the app's own work (sign-in at start-up); screens report their own."""
        self.notify(clean(user_sentence(error)), title="Not done", severity="error", markup=False)

    # -- what screens ask for (screens.messages) ---------------------------------------------

    def on_signed_in(self, message: SignedIn) -> None:
        self.signed_in(message.user)

    def on_open_resident(self, message: OpenResident) -> None:
        self.open_resident(message.resident_id)

    def on_anonymous_call(self, message: AnonymousCall) -> None:
        self.open_anonymous()

    def on_call_finished(self, message: CallFinished) -> None:
        self.show_lookup()

    def on_open_case(self, message: OpenCase) -> None:
        self.open_case(message.case_id, message.reference)

    def on_open_queue(self, message: OpenQueue) -> None:
        self.open_queue(message.stage, message.scope)

    def action_work_queue(self) -> None:
        self.leave_work(self.open_queue)

    def on_lookup_ready(self, message: LookupReady) -> None:
        self.lookup_ready()


def drafts_folder_for(store_url: str | None) -> Path | None:
    """Drafts of one database in a folder of their own (None: the default folder).

    Drafts are kept per user id, and user ids repeat across databases: a call typed against a
    demo database was offered back on the real one, onto whichever resident had the same id.
    """
    if not store_url:
        return None
    import hashlib

    from complaints_tui.locations import user_dir

    key = hashlib.sha256(store_url.encode("utf-8")).hexdigest()[:16]
    return user_dir() / "drafts" / key


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """`keys.toml` in the user config folder: binding id = "key", e.g. `"capture.quick_fix" =
    "f11"`. Only the entries the app can use (`keymap_problem` says what was left out)."""
    from complaints_tui.keymap import usable_keymap
    from complaints_tui.terminal_config import read_keymap_file

    return usable_keymap(read_keymap_file(path))[0]


def checked_keymap(keymap: Mapping[str, str] | None = None) -> tuple[dict[str, str], str | None]:
    """The key map (this terminal's file when None) less what the app cannot use, and what is
    wrong with it in one sentence, or None: an unknown binding id, a key that is not a key, two
    actions of one screen on the same key. Never raises: a broken key map leaves keys as shipped."""
    from complaints_tui.keymap import usable_keymap
    from complaints_tui.terminal_config import read_keymap_file

    return usable_keymap(read_keymap_file() if keymap is None else keymap)


def create_app(
    store_url: str | None = None,
    *,
    today: date | None = None,
    drafts_dir: Path | None = None,
    user_id: int | None = None,
    keymap: Mapping[str, str] | None = None,
) -> ComplaintsApp:
    """The app, as the CLI and the tests make it (a fixed `today` for snapshots)."""
    return ComplaintsApp(
        store_url,
        today=today,
        drafts_dir=drafts_dir,
        user_id=user_id,
        keymap=keymap,
    )
