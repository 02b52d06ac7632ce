"""`complaints config show|set`: the office's shared settings (in the database, the same on every
terminal) and this terminal's own (theme and key map, in the user's config folder).

A shared setting is changed through the service that owns it, with its roles and its audit event:
`--as NAME` names who does it, else the first active administrator. A per-terminal one is written
to its file. An unknown key or a bad value is one sentence on stderr and exit 2.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated

import typer

from complaints_tui.commands.common import (
    acting_as,
    fail,
    one_sentence,
    reading_store,
    say,
    writing_store,
)

config_app = typer.Typer(
    no_args_is_help=True,
    help="Show or change settings: the office's (in the database) and this terminal's.",
)


@dataclass(frozen=True)
class _Shown:
    key: str
    value: str
    is_default: bool
    where: str  # "database", or the file it lives in
    about: str

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "value": self.value,
            "default": self.is_default,
            "where": self.where,
            "about": self.about,
        }


def _terminal_entries() -> tuple[list[_Shown], str | None]:
    from complaints_tui.keymap import usable_keymap
    from complaints_tui.terminal_config import (
        DEFAULT_THEME,
        KEYS_PREFIX,
        THEME_KEY,
        THEMES,
        keys_file,
        read_keymap_file,
        read_theme,
        settings_file,
    )

    theme = read_theme()
    stored = settings_file().exists() and theme != DEFAULT_THEME
    shown = [
        _Shown(
            THEME_KEY,
            theme,
            not stored,
            str(settings_file()),
            f"this terminal's colours: {' or '.join(sorted(THEMES))}",
        )
    ]
    keymap = read_keymap_file()
    for entry, key in sorted(keymap.items()):
        shown.append(
            _Shown(f"{KEYS_PREFIX}{entry}", key, False, str(keys_file()), "a key rebound here")
        )
    return shown, usable_keymap(keymap)[1]


def _shared_entries() -> list[_Shown]:
    from complaints_tui.services.config import config_entries

    with one_sentence():
        store = reading_store()
        try:
            entries = config_entries(store)
        finally:
            store.close()
    return [_Shown(e.key, e.value, e.is_default, "database", e.about) for e in entries]


@config_app.command("show")
def show(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Every setting, its value and where it lives (the database, or this terminal's file);
    `keys.<binding id>` lines are the keys this terminal has moved."""
    shared = _shared_entries()
    terminal, problem = _terminal_entries()
    if as_json:
        document = {
            "settings": [entry.as_json() for entry in shared + terminal],
            "keymap_problem": problem,
        }
        say(json.dumps(document, ensure_ascii=False))
        return
    say("Shared by every terminal (in the database):")
    for entry in shared:
        say(_line(entry))
    say("This terminal's own:")
    for entry in terminal:
        say(_line(entry) + f" [{entry.where}]")
    if not any(entry.key.startswith("keys.") for entry in terminal):
        say("  keys.<binding id>: none moved; every key is as shipped")
    if problem is not None:
        say(problem)


def _line(entry: _Shown) -> str:
    value = entry.value if entry.value else "(not set)"
    default = " (default)" if entry.is_default and entry.value else ""
    return f"  {entry.key} = {value}{default}  - {entry.about}"


def _unknown(key: str) -> typer.Exit:
    from complaints_tui.services.config import SHARED

    known = ", ".join([*SHARED, "theme", "keys.<binding id>"])
    return fail(f"There is no setting {key!r}; the settings are {known}.", 2)


@config_app.command("set")
def set_command(
    key: Annotated[str, typer.Argument(help="The setting, as `config show` names it.")],
    value: Annotated[
        str, typer.Argument(help="Its new value ('default' puts a key back as shipped).")
    ],
    who: Annotated[
        str | None,
        typer.Option("--as", help="Who changes a shared setting (default: the first admin)."),
    ] = None,
) -> None:
    """Change one setting: a shared one through its service (checked, audited), a terminal's in
    its file. Unknown keys and bad values are refused in one sentence (exit 2)."""
    from complaints_tui.services.config import SHARED
    from complaints_tui.terminal_config import KEYS_PREFIX, THEME_KEY

    name = key.strip()
    if name in SHARED:
        _set_shared(name, value, who)
    elif name == THEME_KEY:
        _set_theme(value)
    elif name.startswith(KEYS_PREFIX):
        _set_key(name.removeprefix(KEYS_PREFIX), value)
    else:
        raise _unknown(name)


def _set_shared(key: str, value: str, who: str | None) -> None:
    from complaints_tui.services.config import set_config
    from complaints_tui.services.errors import ServiceError

    with one_sentence():
        store = writing_store()
        try:
            entry = set_config(store, acting_as(store, who), key, value)
        except ServiceError as error:
            raise fail(str(error), 2) from error
        finally:
            store.close()
    say(f"{entry.key} = {entry.value or '(not set)'} (in the database, for every terminal).")


def _set_theme(value: str) -> None:
    from complaints_tui.terminal_config import TerminalConfigError, set_theme, settings_file

    try:
        chosen = set_theme(value)
    except TerminalConfigError as error:
        raise fail(str(error), 2) from error
    say(f"theme = {chosen} (this terminal, {settings_file()}).")


def _set_key(entry: str, value: str) -> None:
    from complaints_tui.terminal_config import TerminalConfigError, rebind

    try:
        said = rebind(entry, value)
    except TerminalConfigError as error:
        raise fail(str(error), 2) from error
    say(said)
