"""What every command shares: printing safely, one sentence for any database error, and
opening the database for reading or for writing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from complaints_tui.domain.text import visible

if TYPE_CHECKING:
    from complaints_tui.services.people.types import Actor
    from complaints_tui.store.engine import Store


def say(text: str, *, err: bool = False) -> None:
    """Print a line; any control character in it (from a file, a name) is shown as its escape
    (`\\x1b`), so that nothing printed can drive the terminal."""
    typer.echo(visible(text), err=err)


def fail(sentence: str, code: int = 1) -> typer.Exit:
    """Say what went wrong on stderr; the exit to raise."""
    say(sentence, err=True)
    return typer.Exit(code)


@contextmanager
def one_sentence(prefix: str = "") -> Iterator[None]:
    """Any database error that reaches the command becomes one sentence on stderr and exit 1,
    never a traceback; so does a refusal no command caught itself (a policy profile that is
    missing or damaged, say, meets every command that reads a case's deadlines)."""
    from sqlalchemy.exc import SQLAlchemyError

    from complaints_tui.cli_context import database_url
    from complaints_tui.domain.policy import PolicyError
    from complaints_tui.services.errors import ServiceError
    from complaints_tui.store.engine import StoreError, describe_failure

    try:
        yield
    except StoreError as error:
        raise fail(f"{prefix}{error}") from error
    except SQLAlchemyError as error:
        raise fail(f"{prefix}{describe_failure(error, database_url())}") from error
    except (ServiceError, PolicyError) as error:
        raise fail(f"{prefix}{one_line(str(error))}") from error


def one_line(text: str) -> str:
    """A message folded onto one line (a profile's problem may quote a multi-line value)."""
    return " ".join(text.split())


def reading_store() -> Store:
    """The database opened read-only: a reading command never creates, migrates or changes one."""
    from complaints_tui.cli_context import database_url
    from complaints_tui.store.migrate import open_current

    return open_current(database_url(), read_only=True)


def writing_store() -> Store:
    """The database, which must exist at the current schema: only `complaints db upgrade` (and
    the app's first start) creates or migrates one. The day's automatic backup is taken here."""
    from complaints_tui.cli_context import database_url
    from complaints_tui.services.backups import back_up_daily_quietly
    from complaints_tui.store.migrate import open_current

    store = open_current(database_url(), read_only=False)
    back_up_daily_quietly(store)  # the first writer of the day backs a SQLite file up
    return store


def acting_as(store: Store, name: str | None) -> Actor:
    """Who a writing command acts as: the active user called `name` (`--as NAME`, any case),
    else the first active administrator. The services check what that user may do."""
    from complaints_tui.domain.roles import Role
    from complaints_tui.services.errors import NotFound, RuleViolation
    from complaints_tui.services.people.users import list_users

    users = list_users(store)
    if name is None:
        admins = sorted((user for user in users if user.role is Role.ADMIN), key=lambda u: u.id)
        if not admins:
            raise NotFound("There is no active administrator to act as; name a user with --as.")
        return admins[0]
    wanted = name.strip().casefold()
    found = [user for user in users if user.name.casefold() == wanted]
    if not found:
        raise NotFound(f"There is no active user called {name.strip()!r}.")
    if len(found) > 1:
        raise RuleViolation(f"{len(found)} active users are called {name.strip()!r}.")
    return found[0]
