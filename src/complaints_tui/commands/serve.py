"""`complaints serve`: the app in a browser, through textual-serve.

textual-serve starts one app process per browser tab (`<python> -m complaints_tui.cli --db URL
tui`, the same app as in a terminal), so each tab has its own sign-in, draft and clock, and every
one opens the same database. That is why a SQLite URL must name an absolute file (each process
resolves a relative one from wherever it starts) and why the database must be set up already: a
page that offered the first-run screen would let anyone who opens it make the first administrator.

It listens on loopback unless told otherwise. textual-serve speaks plain HTTP and WebSocket: on
any other address TLS belongs in a reverse proxy in front (README, "Serving to a browser").
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from typing import Annotated

import typer

from complaints_tui.commands.common import fail, one_sentence, say

TITLE = "complaints-tui"
_WILDCARDS = frozenset({"0.0.0.0", "::", ""})


def is_loopback(host: str) -> bool:
    """Whether `host` can only be reached from this machine (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to any address


def sqlite_url_problem(url: str) -> str | None:
    """Why a SQLite URL cannot be served (in memory, or a relative file), or None."""
    scheme, _, rest = url.partition("://")
    if scheme.partition("+")[0].lower() != "sqlite":
        return None
    database = rest.partition("/")[2].partition("?")[0]
    if database in ("", ":memory:") or database.startswith("file::memory:"):
        return (
            "An in-memory database cannot be served: every browser tab runs its own app process, "
            "so each would see an empty database of its own. Give a database file with --db."
        )
    if not database.startswith("/"):
        return (
            f"The SQLite file {database!r} is a relative path: every browser tab runs its own app "
            "process, and each must open the same file, so give its absolute path, e.g. "
            "--db sqlite:////srv/complaints/complaints.sqlite3."
        )
    return None


def app_command(url: str, python: str | None = None) -> str:
    """The shell command textual-serve runs for each browser tab."""
    return shlex.join([python or sys.executable, "-m", "complaints_tui.cli", "--db", url, "tui"])


def exposure_warning(host: str, public_url: str) -> str:
    return (
        f"Warning: listening on {host}, not on loopback: anyone who can reach this machine on "
        "the network can open the sign-in page. textual-serve speaks plain HTTP, so names, "
        "notes and passwords cross the network unencrypted unless a reverse proxy with TLS "
        f"stands in front (browsers are told to connect to {public_url}; see the README, "
        "'Serving to a browser'). Keep this port closed to everything but that proxy."
    )


def _check_database(url: str) -> None:
    """The database must exist at the current schema, with someone able to sign in."""
    from complaints_tui.services.people.users import list_users
    from complaints_tui.store.migrate import open_current

    with one_sentence():
        store = open_current(url, read_only=True)
        try:
            users = list_users(store)
        finally:
            store.close()
    if not users:
        raise fail(
            "No one can sign in to this database yet: open `complaints tui` on this machine once "
            "to make the first administrator, then serve it."
        )


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback unless you need more).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = (
        8000
    ),
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL (an absolute sqlite:////FILE or postgresql…)."),
    ] = None,
    public_url: Annotated[
        str | None,
        typer.Option(
            "--public-url",
            help="The address browsers use (e.g. https://complaints.example.org behind a proxy).",
        ),
    ] = None,
) -> None:
    """Serve the app to web browsers: one app process per tab, all on one database."""
    from complaints_tui.cli_context import database_url, set_database_url

    if db is not None:
        set_database_url(db)
    url = database_url()
    problem = sqlite_url_problem(url)
    if problem is not None:
        raise fail(problem)
    if public_url is None and host.strip("[]") in _WILDCARDS:
        raise fail(
            f"Listening on every address ({host or 'all'}) needs --public-url: the address "
            "browsers use to reach this server (the reverse proxy's https:// address)."
        )
    _check_database(url)
    bracketed = f"[{host}]" if ":" in host else host
    shown = (public_url or f"http://{bracketed}:{port}").rstrip("/")
    if not is_loopback(host):
        say(exposure_warning(host, shown), err=True)

    from textual_serve.server import Server

    server = Server(app_command(url), host=host, port=port, title=TITLE, public_url=shown)
    server.serve()


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
