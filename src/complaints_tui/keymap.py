"""Checking a terminal's key map (binding id = key) against the app's commands, so a typo or two
actions of one screen on the same key is told in a sentence instead of a key that silently does
the wrong thing. The app drops what it cannot use; `complaints config set keys.<id>` refuses it.

A screen's keys are its own commands' and the app-wide ones (F1, F2, ctrl+q…: they work on every
screen), so a screen command moved onto F2 clashes with "new call". Only clashes the key map
makes are reported: the help screen's F1 closing it is the shipped design, not a clash.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from complaints_tui.ui_commands import COMMANDS, Scope, UICommand

_EVERYWHERE = (Scope.APP, Scope.FOCUS)


@dataclass(frozen=True)
class KeymapProblem:
    binding_ids: tuple[str, ...]  # the entries of the key map it is about
    what: str  # the problem, to end with what was done about it

    def sentence(self, outcome: str) -> str:
        return f"{self.what}; {outcome}."


LEFT_AS_SHIPPED = "those keys are left as shipped"


def binding_id(command: UICommand) -> str:
    return f"{command.scope}.{command.id}"


_BY_ID = {binding_id(command): command for command in COMMANDS}


def binding_ids() -> list[str]:
    return sorted(_BY_ID)


def normal_key(key: str) -> str:
    """One key as Textual names it: "F12" -> "f12", "Ctrl+P" -> "ctrl+p"; "A" stays "A"."""
    key = key.strip()
    return key if len(key) == 1 else key.lower()


def _keys(value: str) -> list[str]:
    return [normal_key(part) for part in value.split(",")]


def normal_keys(value: str) -> str:
    """A key map value as Textual reads it: "F5, Ctrl+S" -> "f5,ctrl+s"."""
    return ",".join(_keys(value))


_NAMED_KEYS = frozenset(
    {"enter", "escape", "space", "tab", "backspace", "delete", "insert", "home", "end",
     "pageup", "pagedown", "up", "down", "left", "right"}
    | {f"f{n}" for n in range(1, 25)}
)  # fmt: skip
_MODIFIERS = ("ctrl+", "shift+", "alt+", "super+", "meta+")


def _real_key(key: str) -> bool:
    """A key a terminal can send: a named key or one character, after any modifiers."""
    base = key
    while base.startswith(_MODIFIERS) and len(base) > 1:
        base = base.split("+", 1)[1]
    return base in _NAMED_KEYS or (len(base) == 1 and base.isprintable() and not base.isspace())


def _bad_key(value: str) -> bool:
    return any(not part or not _real_key(part) for part in _keys(value))


def _where(scope: Scope) -> str:
    if scope in _EVERYWHERE:
        return "everywhere"
    return f"on the {scope.value.replace('_', ' ')} screen"


def keymap_problems(keymap: Mapping[str, str]) -> list[KeymapProblem]:
    """Every problem with the key map, each in one sentence naming the entries it is about."""
    problems: list[KeymapProblem] = []
    usable: dict[str, str] = {}
    for entry, value in keymap.items():
        if entry not in _BY_ID:
            near = difflib.get_close_matches(entry, _BY_ID, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            problems.append(
                KeymapProblem(
                    (entry,),
                    f"The key map names {entry!r}, which is not an action of the app{hint}",
                )
            )
        elif not isinstance(value, str) or _bad_key(value):
            problems.append(
                KeymapProblem(
                    (entry,),
                    f"The key map gives {entry!r} the key {value!r}, which is not a key name "
                    "(e.g. f5, ctrl+t, escape)",
                )
            )
        else:
            usable[entry] = value
    problems += _clashes(usable)
    return problems


def _clashes(keymap: Mapping[str, str]) -> list[KeymapProblem]:
    keys = {
        entry: _keys(keymap[entry]) if entry in keymap else _keys(command.key)
        for entry, command in _BY_ID.items()
    }
    everywhere = [entry for entry, c in _BY_ID.items() if c.scope in _EVERYWHERE]
    found: dict[frozenset[str], KeymapProblem] = {}
    for scope in Scope:
        mine = [entry for entry, c in _BY_ID.items() if c.scope == scope]
        if scope not in _EVERYWHERE:
            mine += everywhere
        on_key: dict[str, list[str]] = {}
        for entry in mine:
            for key in keys[entry]:
                on_key.setdefault(key, []).append(entry)
        for key, entries in on_key.items():
            rebound = [entry for entry in entries if keys[entry] != _keys(_BY_ID[entry].key)]
            if len(entries) < 2 or not rebound:
                continue
            pair = frozenset(entries)
            if pair in found:
                continue
            named = " and ".join(repr(entry) for entry in sorted(entries))
            found[pair] = KeymapProblem(
                tuple(sorted(rebound)),
                f"The key map puts {named} on the same key {key} {_where(scope)}: give one of "
                "them another key",
            )
    return list(found.values())


def usable_keymap(keymap: Mapping[str, str]) -> tuple[dict[str, str], str | None]:
    """The entries the app can use (every entry a problem is about is left out, so those keys
    stay as shipped), and the first problem's sentence (with how many more there are)."""
    problems = keymap_problems(keymap)
    kept = dict(keymap)
    found = problems
    while found:  # a key left as shipped can clash with another entry's new key in turn
        for problem in found:
            for entry in problem.binding_ids:
                kept.pop(entry, None)
        found = keymap_problems(kept)
        problems += found
    usable = {entry: ",".join(_keys(value)) for entry, value in kept.items()}
    if not problems:
        return usable, None
    more = len(problems) - 1
    tail = f" ({more} more problem{'s' if more != 1 else ''} in the key map.)" if more else ""
    return usable, problems[0].sentence(LEFT_AS_SHIPPED) + tail


def keymap_problem_with(
    keymap: Mapping[str, str], entry: str, outcome: str = "nothing was changed"
) -> str | None:
    """The first problem the key map has that is about `entry` (for setting one key)."""
    for problem in keymap_problems(keymap):
        if entry in problem.binding_ids:
            return problem.sentence(outcome)
    return None
