"""Typed service errors. Each carries `user_sentence`, the words the screen shows as they are."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from complaints_tui.store.engine import StoreError, StoreOutdated, StoreUnavailable


class ServiceError(Exception):
    """A refused or failed action; `user_sentence` (also `str(error)`) is shown to the user."""

    def __init__(self, user_sentence: str) -> None:
        super().__init__(user_sentence)
        self.user_sentence = user_sentence


class PermissionDenied(ServiceError):
    """The signed-in user's role (or relation to the case) does not allow the action."""


class NotFound(ServiceError):
    """The case, resident or user asked for does not exist."""


class ConflictError(ServiceError):
    """Someone else saved the same case first; nothing was overwritten."""


class RuleViolation(ServiceError):
    """The policy or the case's state does not allow the action (e.g. escalation window)."""


__all__ = [
    "ConflictError",
    "NotFound",
    "PermissionDenied",
    "RuleViolation",
    "ServiceError",
    "StoreError",
    "StoreOutdated",
    "StoreUnavailable",
]


_FROM_THE_STORE = {"StoreError", "StoreOutdated", "StoreUnavailable"}


def __getattr__(name: str) -> Any:
    # The store's errors load SQLAlchemy (about a fifth of a second): screens import this module
    # at start-up for ServiceError, before the store is opened behind the first screen.
    if name in _FROM_THE_STORE:
        from complaints_tui.store import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
