"""A terminal's session: the database, who is signed in, the landlord's profile and the clock.

The app makes one and hands it to every screen; screens read the user, profile and date from it
and give its store to the services (in thread workers), so no screen reaches into the App. The
store opens in a thread after the first screen is drawn (SQLAlchemy is about half the start-up
import time); `store()` waits for it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from complaints_tui.services.drafts import DraftStore
from complaints_tui.services.errors import ServiceError

if TYPE_CHECKING:
    from complaints_tui.domain.policy import PolicyProfile
    from complaints_tui.services.people.types import UserInfo
    from complaints_tui.store.engine import Store  # screens name it from here, never the store

__all__ = ["AppSession", "NotSignedIn", "Opened", "Store", "StoreNotReady", "user_sentence"]

UK = ZoneInfo("Europe/London")


class StoreNotReady(ServiceError):
    """The database could not be opened (or is still opening); the message says which."""


class NotSignedIn(ServiceError):
    """An action that needs a signed-in user was asked for before anyone signed in."""


@dataclass(frozen=True)
class Opened:
    """What opening the database found: a first run to set up, or who to sign in."""

    needs_setup: bool
    user: UserInfo | None = None
    sign_in_error: BaseException | None = None


class AppSession:
    def __init__(
        self,
        store_url: str,
        drafts: DraftStore,
        *,
        today: date | None = None,
    ) -> None:
        self.store_url = store_url
        self.drafts = drafts
        self._today = today
        self._store: Store | None = None
        self.store_error: str | None = None
        self._ready = threading.Event()
        self.user: UserInfo | None = None
        self.profile: PolicyProfile | None = None

    # -- the clock -------------------------------------------------------------------------

    def today(self) -> date:
        """Today, or the fixed day the session was made with (snapshots, tests)."""
        return self._today or date.today()

    def now(self) -> datetime | None:
        """With a fixed day, 10:00 UK time on it (so services stamp that day); else None (now)."""
        if self._today is None:
            return None
        return datetime.combine(self._today, time(10, 0), tzinfo=UK)

    # -- the database ----------------------------------------------------------------------

    def open(self, wanted_user_id: int | None = None) -> Opened:
        """Open (and migrate) the database and read the landlord's profile; sign in the wanted
        user if one is given. Runs in a thread; raises nothing (the error is kept)."""
        from complaints_tui.services.people import users

        try:
            store = users.open_for_app(self.store_url)
            needs_setup = users.needs_first_run(store)
            self.profile = None if needs_setup else users.landlord_profile(store)
        except Exception as error:
            self.store_error = user_sentence(error)
            self._ready.set()
            raise StoreNotReady(self.store_error) from error
        self._store = store
        self._ready.set()
        if wanted_user_id is None or needs_setup:
            return Opened(needs_setup)
        try:
            return Opened(False, users.sign_in(store, wanted_user_id))
        except Exception as error:
            return Opened(False, None, error)

    def store(self, timeout: float = 60.0) -> Store:
        """The open store, waiting for it if start-up is still opening it (worker threads)."""
        self._ready.wait(timeout)
        if self._store is None:
            raise StoreNotReady(self.store_error or "The database is still opening; try again.")
        return self._store

    @property
    def is_open(self) -> bool:
        return self._store is not None

    # -- who ---------------------------------------------------------------------------------

    def actor(self) -> UserInfo:
        """The signed-in user, whom every mutating service takes."""
        if self.user is None:
            raise NotSignedIn("Sign in first.")
        return self.user

    def ready_for_calls(self) -> bool:
        """A capture needs the landlord's profile, read when the database opens."""
        return self.profile is not None


def user_sentence(error: BaseException) -> str:
    """The sentence to show for a failed service call: typed errors carry it themselves."""
    sentence = getattr(error, "user_sentence", None)
    if sentence:
        return str(sentence)
    if type(error).__module__.startswith("complaints_tui"):
        return str(error)
    return f"Something went wrong ({type(error).__name__}); nothing was saved. Please try again."
