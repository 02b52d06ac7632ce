"""Sign-in with passwords: chosen at first sign-in, checked, locked after repeated failures
(and unlocked by time or by an administrator's reset), every outcome audited without the
password or its hash; and the pure lockout rule, with times."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from complaints_tui import services as s
from complaints_tui.domain.sign_in_rules import (
    CLEAR,
    FailureState,
    LockoutRule,
    after_failure,
    password_fault,
)
from complaints_tui.store.engine import Store
from tests.conftest_store import START, Staff, at, events

GOOD = "correct horse battery"
T0 = at(2026, 3, 6, 16, 55)  # a Friday afternoon


# -- the pure rules ---------------------------------------------------------------------------


def test_five_failures_within_fifteen_minutes_lock_for_fifteen_minutes() -> None:
    state = CLEAR
    for minute in range(4):
        state = after_failure(state, T0 + timedelta(minutes=minute * 3))
        assert not state.locked_at(T0 + timedelta(minutes=minute * 3))
    assert state.failures == 4 and state.first_failed_at == T0
    fifth = T0 + timedelta(minutes=14, seconds=59)
    state = after_failure(state, fifth)
    assert state.locked_until == fifth + timedelta(minutes=15)
    assert state.locked_at(fifth + timedelta(minutes=14, seconds=59))
    assert not state.locked_at(fifth + timedelta(minutes=15))  # the lock ends on the minute
    assert state.failures == 0  # a new run starts after the lock


def test_failures_spread_beyond_the_window_start_a_new_run() -> None:
    state = CLEAR
    for n in range(4):
        state = after_failure(state, T0 + timedelta(minutes=n))
    late = T0 + timedelta(minutes=15)  # the window is over: this failure is the first of a run
    state = after_failure(state, late)
    assert (state.failures, state.first_failed_at, state.locked_until) == (1, late, None)


def test_failures_while_locked_do_not_lengthen_the_lock() -> None:
    locked = FailureState(0, None, T0 + timedelta(minutes=15))
    assert after_failure(locked, T0 + timedelta(minutes=5)) == locked


def test_a_lock_can_run_over_midnight_and_a_weekend() -> None:
    rule = LockoutRule(max_failures=2, window=timedelta(minutes=1), lock_for=timedelta(days=3))
    friday_night = at(2026, 3, 6, 23, 59)
    state = after_failure(after_failure(CLEAR, friday_night, rule), friday_night, rule)
    assert state.locked_until == at(2026, 3, 9, 23, 59)  # Monday night


@pytest.mark.parametrize(
    ("password", "fault"),
    [
        ("", "cannot be only spaces"),
        (" " * 12, "cannot be only spaces"),
        ("123456789", "must be at least 10 characters long"),
        ("x" * 201, "must be at most 200 characters long"),
        ("tab\there is bad", "cannot hold control characters"),
        ("1234567890", None),
        ("  spaced out  ", None),
    ],
)
def test_what_a_password_must_be(password: str, fault: str | None) -> None:
    assert password_fault(password) == fault


# -- the services -----------------------------------------------------------------------------


def _event_text(store: Store) -> str:
    return json.dumps([[e.action, e.before, e.after] for e in events(store)], default=str)


def test_first_sign_in_sets_the_password_and_it_then_signs_in(store: Store, staff: Staff) -> None:
    assert not s.has_password(store, staff.handler.id)
    with pytest.raises(s.NoPasswordYet, match="Cal Handler has no password yet"):
        s.sign_in_with_password(store, "Cal Handler", "anything at all", T0)
    with pytest.raises(
        s.RuleViolation, match=r"^A password must be at least 10 characters long\.$"
    ):
        s.set_password(store, staff.handler.id, "short", now=T0)
    with pytest.raises(s.RuleViolation, match="only spaces"):
        s.set_password(store, staff.handler.id, " " * 10, now=T0)
    assert s.set_password(store, staff.handler.id, GOOD, now=T0) == staff.handler
    assert s.has_password(store, staff.handler.id)
    with pytest.raises(s.PermissionDenied, match="has a password already"):
        s.set_password(store, staff.handler.id, "another one please", now=T0)
    assert s.sign_in_with_password(store, "cal  HANDLER", GOOD, T0) == staff.handler
    assert s.sign_in_with_password(store, staff.handler.id, GOOD, T0) == staff.handler
    actions = [e.action for e in events(store) if e.actor_id == staff.handler.id]
    assert actions[-3:] == ["password_set", "signed_in", "signed_in"]
    text = _event_text(store)
    assert GOOD not in text and "argon2" not in text


def test_a_refusal_does_not_say_whether_the_name_or_the_password_was_wrong(
    store: Store, staff: Staff
) -> None:
    s.set_password(store, staff.handler.id, GOOD, now=T0)
    with pytest.raises(s.SignInRefused) as wrong_password:
        s.sign_in_with_password(store, "Cal Handler", "not the password", T0)
    with pytest.raises(s.SignInRefused) as wrong_name:
        s.sign_in_with_password(store, "Cal Handlr", GOOD, T0)
    assert (
        str(wrong_password.value)
        == str(wrong_name.value)
        == s.SignInRefused(
            "That name and password do not match; check both and try again."
        ).user_sentence
    )
    assert "not the password" not in _event_text(store) and "Cal Handlr" not in _event_text(store)


def test_five_wrong_passwords_lock_the_account_until_a_time_then_it_opens(
    store: Store, staff: Staff
) -> None:
    s.set_password(store, staff.manager.id, GOOD, now=T0)
    for n in range(4):
        with pytest.raises(s.SignInRefused, match="do not match"):
            s.sign_in_with_password(store, "Mo Manager", f"wrong guess {n}", T0)
    with pytest.raises(s.SignInRefused) as locked:
        s.sign_in_with_password(store, "Mo Manager", "wrong guess 5", T0)
    # 16:55 UTC in March is 16:55 in England; locked for 15 minutes.
    assert str(locked.value) == (
        "Too many failed sign-ins: this account is locked until 17:10. Try again then, or ask "
        "an administrator to reset your password."
    )
    with pytest.raises(s.SignInRefused, match="locked until 17:10"):  # even the right one
        s.sign_in_with_password(store, "Mo Manager", GOOD, T0 + timedelta(minutes=14))
    assert s.sign_in_with_password(store, "Mo Manager", GOOD, T0 + timedelta(minutes=15)) == (
        staff.manager
    )
    actions = [e.action for e in events(store) if e.actor_id == staff.manager.id]
    assert actions.count("sign_in_failed") == 5 and actions.count("account_locked") == 1


def test_a_lock_in_summer_time_says_the_time_in_england(store: Store, staff: Staff) -> None:
    s.set_password(store, staff.manager.id, GOOD, now=T0)
    summer = at(2026, 7, 1, 9, 0)  # 10:00 BST
    for n in range(5):
        with pytest.raises(s.SignInRefused) as refused:
            s.sign_in_with_password(store, staff.manager.id, f"wrong guess {n}", summer)
    assert "locked until 10:15." in str(refused.value)


def test_an_administrator_resets_a_password_and_lifts_the_lock(store: Store, staff: Staff) -> None:
    s.set_password(store, staff.handler.id, GOOD, now=T0)
    for n in range(5):
        with pytest.raises(s.SignInRefused):
            s.sign_in_with_password(store, staff.handler.id, f"wrong guess {n}", T0)
    with pytest.raises(s.PermissionDenied, match="Only an administrator can reset a password"):
        s.reset_password(store, staff.lead, staff.handler.id, now=T0)
    assert s.reset_password(store, staff.admin, staff.handler.id, now=T0) == staff.handler
    assert not s.has_password(store, staff.handler.id)
    with pytest.raises(s.NoPasswordYet):  # no longer locked: asked for a new password
        s.sign_in_with_password(store, staff.handler.id, GOOD, T0)
    s.set_password(store, staff.handler.id, "a brand new passphrase", now=T0)
    assert s.sign_in_with_password(store, staff.handler.id, "a brand new passphrase", T0)
    reset = [e for e in events(store) if e.action == "password_reset"]
    assert len(reset) == 1 and reset[0].actor_id == staff.admin.id
    assert reset[0].after == {"user_id": staff.handler.id, "was_locked": True}


def test_deactivated_users_cannot_sign_in_or_choose_a_password(store: Store, staff: Staff) -> None:
    s.set_password(store, staff.manager.id, GOOD, now=T0)
    s.update_user(store, staff.admin, staff.manager.id, active=False, now=START)
    s.update_user(store, staff.admin, staff.manager2.id, active=False, now=START)
    with pytest.raises(s.SignInRefused, match="no longer an active user"):
        s.sign_in_with_password(store, staff.manager.id, GOOD, T0)
    with pytest.raises(s.PermissionDenied, match="no longer an active user"):
        s.set_password(store, staff.manager2.id, GOOD, now=T0)
    with pytest.raises(s.SignInRefused, match="do not match"):  # not found among active names
        s.sign_in_with_password(store, "Mo Manager", GOOD, T0)


def test_the_idle_lock_setting(store: Store, staff: Staff) -> None:
    assert s.idle_lock_minutes(store) == 10
    assert s.set_idle_lock_minutes(store, staff.lead, 0, now=T0) == 0
    assert s.idle_lock_minutes(store) == 0
    with pytest.raises(s.PermissionDenied, match="can change the idle lock"):
        s.set_idle_lock_minutes(store, staff.manager, 5, now=T0)
    with pytest.raises(s.RuleViolation, match="0 to 240 minutes"):
        s.set_idle_lock_minutes(store, staff.admin, 241, now=T0)
    entry = s.set_config(store, staff.admin, "security.idle_lock_minutes", "3")
    assert (entry.value, entry.is_default) == ("3", False)
    assert s.idle_lock_minutes(store) == 3
    with pytest.raises(s.RuleViolation, match="number of minutes"):
        s.set_config(store, staff.admin, "security.idle_lock_minutes", "soon")


def test_reset_password_from_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from complaints_tui.cli import app
    from complaints_tui.store.engine import open_store

    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    made = open_store(url)
    made.upgrade()
    made.close()

    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(app, ["--db", url, *args])
        return result.exit_code, result.stdout, result.stderr

    assert run("users", "add", "Ada Admin", "--role", "admin")[0] == 0
    assert run("users", "add", "Bob [/] Handler", "--role", "call_handler")[0] == 0
    store = open_store(url)
    try:
        bob = next(u for u in s.list_users(store) if u.name == "Bob [/] Handler")
        s.set_password(store, bob.id, GOOD, now=T0)
        for n in range(5):
            with pytest.raises(s.SignInRefused):
                s.sign_in_with_password(store, bob.id, f"wrong guess {n}", T0)
    finally:
        store.close()
    code, out, err = run("users", "reset-password", "bob [/] handler")
    assert (code, err) == (0, "")
    assert out == (
        "Bob [/] Handler's password is reset: they choose a new one at their next sign-in.\n"
    )
    code, out, err = run("users", "reset-password", "Nobody", "--as", "Ada Admin")
    assert (code, out, err) == (2, "", "There is no active user called 'Nobody'.\n")
    code, out, err = run("users", "reset-password", "Ada Admin", "--as", "Bob [/] Handler")
    assert (
        code == 2
        and err
        == "Only an administrator can reset a password; you are signed in as a call handler.\n"
    )
    store = open_store(url)
    try:
        assert not s.has_password(store, bob.id)
        with pytest.raises(s.NoPasswordYet):  # the lock is gone too
            s.sign_in_with_password(store, bob.id, GOOD, T0)
    finally:
        store.close()


def test_the_command_line_never_opens_the_app_signed_in() -> None:
    """`create_app(user_id=...)` skips the password (tests start signed in); `complaints tui`
    takes no user and passes none, so at a terminal everyone signs in with a password."""
    import inspect

    from complaints_tui import cli

    assert inspect.signature(cli.tui).parameters == {}
    assert "user_id" not in inspect.getsource(cli.tui)


def _wrong_password_in_a_process(url: str, n: int) -> str:
    from complaints_tui.store.engine import open_store

    store = open_store(url)
    try:
        s.sign_in_with_password(store, "Cal Handler", f"wrong guess {n}", T0)
    except s.SignInRefused as refused:
        return str(refused)
    finally:
        store.close()
    return "signed in"


def test_failures_at_five_terminals_at_once_are_all_counted(tmp_path: Path) -> None:
    """Real processes on one SQLite file (threads would share the GIL and hide the race)."""
    import multiprocessing

    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    store = s.open_for_app(url)
    try:
        admin = s.create_first_admin(store, "Ada Admin", now=T0)
        cal = s.create_user(store, admin, s.NewUser("Cal Handler", s.Role.CALL_HANDLER), now=T0)
        s.set_password(store, cal.id, GOOD, now=T0)
    finally:
        store.close()
    with multiprocessing.get_context("fork").Pool(5) as pool:
        said = pool.starmap(_wrong_password_in_a_process, [(url, n) for n in range(5)])
    assert sorted("locked until" in sentence for sentence in said) == [False] * 4 + [True]
    store = s.open_for_app(url)
    try:
        with pytest.raises(s.SignInRefused, match="locked until 17:10"):
            s.sign_in_with_password(store, cal.id, GOOD, T0)
    finally:
        store.close()
