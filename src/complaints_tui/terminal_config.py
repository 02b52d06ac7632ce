"""A terminal's own settings, in the user's config folder (`locations.config_dir()`): the theme
(`terminal.toml`) and the key map (`keys.toml`, binding id = "key"). Nothing here touches the
database or Textual: `complaints config` reads and writes these files, and the app reads them.

A file that cannot be read or is not TOML counts as empty (the app starts as shipped), never a
crash; `config show` says which file each value came from.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path

from complaints_tui.locations import config_dir, user_dir

THEME_KEY = "theme"
# The names a person types, and the Textual theme each one is.
THEMES = {"standard": "textual-dark", "high-contrast": "high-contrast"}
DEFAULT_THEME = "standard"
KEYS_PREFIX = "keys."


class TerminalConfigError(ValueError):
    """A per-terminal value that cannot be used; the message is the sentence to show."""


def settings_file() -> Path:
    return config_dir() / "terminal.toml"


def keys_file() -> Path:
    """Where the key map is kept: the config folder, or where earlier releases kept it (the data
    folder) while only that one exists, so a key map made before is not lost."""
    path = config_dir() / "keys.toml"
    if not path.exists():
        earlier = user_dir() / "keys.toml"
        if earlier != path and earlier.exists():
            return earlier
    return path


def _read(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def _write(path: Path, values: Mapping[str, str]) -> None:
    """Flat `"key" = "value"` lines (JSON's string escapes are TOML's), through a temp file."""
    lines = [f"{json.dumps(key)} = {json.dumps(value)}\n" for key, value in sorted(values.items())]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_text("".join(lines), encoding="utf-8")
        partial.replace(path)
    except OSError as error:
        raise TerminalConfigError(
            f"{path} cannot be written ({error.strerror or error}); nothing was changed."
        ) from error


def read_theme() -> str:
    """The theme name as typed ("standard" or "high-contrast"); anything else: the standard."""
    value = _read(settings_file()).get(THEME_KEY)
    return value if isinstance(value, str) and value in THEMES else DEFAULT_THEME


def terminal_theme() -> str:
    """The Textual theme this terminal starts with."""
    return THEMES[read_theme()]


def set_theme(name: str) -> str:
    chosen = name.strip().lower()
    if chosen not in THEMES:
        raise TerminalConfigError(
            f"There is no theme {name!r}; choose {' or '.join(sorted(THEMES))}."
        )
    values = {k: v for k, v in _read(settings_file()).items() if isinstance(v, str)}
    values[THEME_KEY] = chosen
    _write(settings_file(), values)
    return chosen


def read_keymap_file(path: Path | None = None) -> dict[str, str]:
    """The key map as written (binding id = "key"), unchecked; see `keymap.usable_keymap`."""
    raw = _read(path if path is not None else keys_file())
    return {str(key): value for key, value in raw.items() if isinstance(value, str)}


def write_keymap_file(keymap: Mapping[str, str]) -> Path:
    """Save the key map to the config folder (moving it there from an earlier release's)."""
    path = config_dir() / "keys.toml"
    _write(path, keymap)
    return path


def rebind(entry: str, value: str) -> str:
    """Give an action (its binding id) another key on this terminal, or "default" to put the
    shipped key back; checked first (an unknown action, a key name that is not one, a clash on
    one screen: `TerminalConfigError` with the sentence). Says what was done."""
    from complaints_tui.keymap import binding_ids, keymap_problem_with, normal_keys

    keymap = read_keymap_file()
    if value.strip().lower() == "default":
        if entry not in binding_ids():
            problem = keymap_problem_with({entry: "f1"}, entry)
            raise TerminalConfigError(problem or f"There is no action {entry!r}.")
        keymap.pop(entry, None)
    else:
        keymap[entry] = normal_keys(value)
        problem = keymap_problem_with(keymap, entry)
        if problem is not None:
            raise TerminalConfigError(problem)
    path = write_keymap_file(keymap)
    return f"keys.{entry} = {keymap.get(entry, 'as shipped')} (this terminal, {path})."
