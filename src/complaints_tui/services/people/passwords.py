"""Sign-in with a password: chosen at a user's first sign-in, checked with argon2, locked after
repeated failures (`domain.sign_in_rules`), reset by an administrator; and the office's idle
lock (how many minutes without a key before a terminal asks for the password again).

Every outcome is an audit event: `password_set`, `signed_in`, `sign_in_failed`,
`account_locked`, `password_reset`, `setting_changed`. No event ever holds a password or a hash.
A refusal never says whether the name or the password was wrong.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints_tui.domain.policy import PolicyProfile
from complaints_tui.domain.roles import Role
from complaints_tui.domain.sign_in_rules import (
    CLEAR,
    DEFAULT_LOCKOUT,
    FailureState,
    LockoutRule,
    after_failure,
    password_fault,
)
from complaints_tui.services._core import (
    SUPERVISORS,
    audit,
    command,
    profile_named,
    unit_of_work,
    utc_now,
)
from complaints_tui.services.errors import NotFound, PermissionDenied, RuleViolation
from complaints_tui.services.people.types import Actor, UserInfo
from complaints_tui.services.people.users import _first_admin as first_admin
from complaints_tui.services.people.users import _set_profile as set_profile
from complaints_tui.services.people.users import user_info
from complaints_tui.services.settings import read_number, store_number
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

if TYPE_CHECKING:
    from argon2 import PasswordHasher

UK = ZoneInfo("Europe/London")
IDLE_LOCK_KEY = "security.idle_lock_minutes"
IDLE_LOCK_DEFAULT = 10
IDLE_LOCK_RANGE = range(0, 241)  # 0: never; at most four hours
NO_MATCH = "That name and password do not match; check both and try again."


class SignInRefused(PermissionDenied):
    """Wrong name or password, or a locked account: the sentence says which it can."""


class NoPasswordYet(PermissionDenied):
    """The user has no password (new, or reset by an administrator): they choose one first."""


@cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with the library's current recommended costs


@cache
def _unknown_user_hash() -> str:
    return _hasher().hash("no user has this password")


def _verify(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _state(user: m.User) -> FailureState:
    return FailureState(user.failed_sign_ins or 0, user.failures_since, user.locked_until)


def _keep(user: m.User, state: FailureState) -> None:
    user.failed_sign_ins = state.failures
    user.failures_since = state.first_failed_at
    user.locked_until = state.locked_until


def _locked_sentence(until: datetime, now: datetime) -> str:
    local = until.astimezone(UK)
    when = (
        f"{local:%H:%M}"
        if local.date() == now.astimezone(UK).date()
        else f"{local:%H:%M on %-d %B}"
    )
    return (
        f"Too many failed sign-ins: this account is locked until {when}. Try again then, or ask "
        "an administrator to reset your password."
    )


def _find(session: Session, user_id_or_name: int | str) -> m.User | None:
    if isinstance(user_id_or_name, int):
        return session.get(m.User, user_id_or_name)
    folded = " ".join(user_id_or_name.split()).casefold()
    if not folded:
        return None
    found = [
        user
        for user in session.scalars(select(m.User).where(m.User.active.is_(True)))
        if user.name.casefold() == folded
    ]
    return found[0] if len(found) == 1 else None


def has_password(store: Store, user_id: int) -> bool:
    """True when the user has chosen a password (the sign-in screen asks for it, else for a new
    one, twice)."""
    with store.reading() as session:
        user = session.get(m.User, user_id)
        if user is None:
            raise NotFound(f"There is no user with id {user_id}.")
        return user.password_hash is not None


def set_password(
    store: Store, user_id: int, password: str, *, now: datetime | None = None
) -> UserInfo:
    """A user's first password (or their first after a reset), which signs them in. Refused
    when they have one already, when they are deactivated, and when the password is shorter
    than 10 characters or only spaces."""
    at = utc_now(now)
    fault = password_fault(password)
    if fault is not None:
        raise RuleViolation(f"A password {fault}.")
    hashed = _hasher().hash(password)
    with unit_of_work(store) as session:
        user = session.get(m.User, user_id)
        if user is None:
            raise NotFound(f"There is no user with id {user_id}.")
        if not user.active:
            raise PermissionDenied(f"{user.name} is no longer an active user.")
        if user.password_hash is not None:
            raise PermissionDenied(
                f"{user.name} has a password already: sign in with it, or ask an administrator "
                "to reset it."
            )
        user.password_hash = hashed
        _keep(user, CLEAR)
        audit(session, user.id, "password_set", at)
        return user_info(user)


def set_up_first_run_with_password(
    store: Store, name: str, profile_id: str, password: str, *, now: datetime | None = None
) -> tuple[UserInfo, PolicyProfile]:
    """A new database's first administrator, with their password, and the landlord's profile,
    in one transaction (a refusal leaves the database new, so the screen can try again)."""
    at = utc_now(now)
    fault = password_fault(password)
    if fault is not None:
        raise RuleViolation(f"A password {fault}.")
    profile = profile_named(profile_id)
    hashed = _hasher().hash(password)
    with unit_of_work(store) as session:
        admin = first_admin(session, name, "", at)
        set_profile(session, admin.id, profile, at)
        admin.password_hash = hashed
        audit(session, admin.id, "password_set", at)
        return user_info(admin), profile


def sign_in_with_password(
    store: Store,
    user_id_or_name: int | str,
    password: str,
    now: datetime | None = None,
    *,
    rule: LockoutRule = DEFAULT_LOCKOUT,
) -> UserInfo:
    """The user, signed in; else `SignInRefused` in a sentence that does not say whether the
    name or the password was wrong (a failure is counted, and enough of them lock the account,
    saying until when). A deactivated user is refused; a user with no password yet gets
    `NoPasswordYet` (they choose one with `set_password`)."""
    at = utc_now(now)
    with store.reading() as session:
        found = _find(session, user_id_or_name)
        seen_id, seen_hash = (found.id, found.password_hash) if found else (None, None)
    # argon2 takes its time outside any transaction; the outcome is then written under the
    # write lock, on the row as it is by then (failures at two terminals at once both count).
    matched = _verify(seen_hash or _unknown_user_hash(), password)
    refusal: PermissionDenied
    with store.transaction(write_lock=True) as session:
        user = session.get(m.User, seen_id, with_for_update=True) if seen_id is not None else None
        if user is None:
            # Nobody to count against; the event says a name was tried, never what was typed.
            audit(session, None, "sign_in_failed", at, context={"known_user": False})
            refusal = SignInRefused(NO_MATCH)
        elif not user.active:
            audit(session, user.id, "sign_in_failed", at, context={"reason": "deactivated"})
            refusal = SignInRefused(f"{user.name} is no longer an active user.")
        elif _state(user).locked_at(at):
            audit(session, user.id, "sign_in_failed", at, context={"reason": "locked"})
            refusal = SignInRefused(_locked_sentence(_state(user).locked_until or at, at))
        elif user.password_hash is None:
            refusal = NoPasswordYet(f"{user.name} has no password yet: choose one to sign in.")
        elif matched and user.password_hash == seen_hash:
            _keep(user, CLEAR)
            audit(session, user.id, "signed_in", at)
            return user_info(user)
        else:
            state = after_failure(_state(user), at, rule)
            _keep(user, state)
            if state.locked_until is not None:
                audit(
                    session,
                    user.id,
                    "account_locked",
                    at,
                    context={"locked_until": state.locked_until},
                )
                refusal = SignInRefused(_locked_sentence(state.locked_until, at))
            else:
                audit(session, user.id, "sign_in_failed", at, context={"reason": "no match"})
                refusal = SignInRefused(NO_MATCH)
    raise refusal  # after the commit: the failure and any lock are kept


def reset_password(
    store: Store, actor: Actor, user_id: int, *, now: datetime | None = None
) -> UserInfo:
    """Administrator only: clear the user's password (they choose a new one at their next
    sign-in) and any lock."""
    with command(store, actor, {Role.ADMIN}, "reset a password", now) as cmd:
        user = cmd.session.get(m.User, user_id)
        if user is None:
            raise NotFound(f"There is no user with id {user_id}.")
        was_locked = _state(user).locked_at(cmd.at)
        user.password_hash = None
        _keep(user, CLEAR)
        cmd.audit("password_reset", context={"user_id": user.id, "was_locked": was_locked})
        return user_info(user)


def read_idle_lock_minutes(session: Session) -> int:
    return read_number(session, IDLE_LOCK_KEY, IDLE_LOCK_DEFAULT, IDLE_LOCK_RANGE)


def idle_lock_minutes(store: Store) -> int:
    """Minutes without a key before a terminal locks (default 10; 0: never)."""
    with store.reading() as session:
        return read_idle_lock_minutes(session)


def set_idle_lock_minutes(
    store: Store, actor: Actor, minutes: int, *, now: datetime | None = None
) -> int:
    """Change the idle lock for every terminal (team lead or administrator); audited."""
    if minutes not in IDLE_LOCK_RANGE:
        raise RuleViolation(
            f"The idle lock must be {IDLE_LOCK_RANGE.start} to {IDLE_LOCK_RANGE.stop - 1} "
            f"minutes (0: never), not {minutes}."
        )
    with command(store, actor, SUPERVISORS, "change the idle lock", now) as cmd:
        before = read_idle_lock_minutes(cmd.session)
        store_number(cmd.session, IDLE_LOCK_KEY, minutes)
        cmd.audit("setting_changed", before={IDLE_LOCK_KEY: before}, after={IDLE_LOCK_KEY: minutes})
    return minutes
