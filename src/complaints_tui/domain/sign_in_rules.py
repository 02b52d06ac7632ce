"""Sign-in rules: what a password must be, and when repeated failures lock an account.

Pure: the services keep the counts in the users table and pass the clock in. The lockout counts
failures in a window that starts at the first failure of a run: `max_failures` within `window`
lock the account for `lock_for`; a success, or a lock, starts the count again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 200  # argon2 takes any length; this keeps a pasted essay out


@dataclass(frozen=True)
class LockoutRule:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lock_for: timedelta = timedelta(minutes=15)


DEFAULT_LOCKOUT = LockoutRule()


@dataclass(frozen=True)
class FailureState:
    """An account's failed sign-ins: how many in the current run, since when, locked until."""

    failures: int = 0
    first_failed_at: datetime | None = None
    locked_until: datetime | None = None

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


CLEAR = FailureState()


def after_failure(
    state: FailureState, now: datetime, rule: LockoutRule = DEFAULT_LOCKOUT
) -> FailureState:
    """The state after one more wrong password at `now` (an account already locked stays as it
    is: failures while locked neither count nor lengthen the lock)."""
    if state.locked_at(now):
        return state
    in_window = state.first_failed_at is not None and now - state.first_failed_at < rule.window
    failures = state.failures + 1 if in_window else 1
    first = state.first_failed_at if in_window else now
    if failures >= rule.max_failures:
        return FailureState(0, None, now + rule.lock_for)
    return FailureState(failures, first, None)


def password_fault(password: str) -> str | None:
    """Why a new password cannot be used, as the end of a sentence, or None."""
    if not password.strip():
        return "cannot be only spaces"
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"must be at least {PASSWORD_MIN_LENGTH} characters long"
    if len(password) > PASSWORD_MAX_LENGTH:
        return f"must be at most {PASSWORD_MAX_LENGTH} characters long"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in password):
        return "cannot hold control characters"
    return None
