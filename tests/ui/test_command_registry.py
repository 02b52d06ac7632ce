"""Every key of the app is a command in the registry, bound where it says, and runs something.

A command whose action has no `action_…` method where it is bound would show in the footer,
help and palette and do nothing; a binding made outside the registry would be missing from
F1 and from a user's key map.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

import complaints_tui.screens
import complaints_tui.widgets
from complaints_tui.app import ComplaintsApp
from complaints_tui.ui_commands import COMMANDS, Scope, UICommand


def _classes_with_scope() -> dict[Scope, list[type[DOMNode]]]:
    found: dict[Scope, list[type[DOMNode]]] = {}
    for package in (complaints_tui.screens, complaints_tui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for _, cls in inspect.getmembers(module, inspect.isclass):
                scope = cls.__dict__.get("SCOPE")
                if isinstance(scope, Scope) and issubclass(cls, DOMNode):
                    found.setdefault(scope, []).append(cls)
    return found


BOUND = _classes_with_scope()


def _owners(command: UICommand) -> list[type[DOMNode]]:
    if command.scope in (Scope.APP, Scope.FOCUS) or command.action_name.startswith("app."):
        return [ComplaintsApp]
    return BOUND.get(command.scope, [])


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: f"{c.scope}.{c.id}")
def test_each_command_runs_an_action_where_it_is_bound(command: UICommand) -> None:
    owners = _owners(command)
    assert owners, f"no screen or widget has SCOPE = {command.scope!r}"
    for owner in owners:
        assert callable(getattr(owner, f"action_{command.action_method}", None)), (
            f"{owner.__name__} has no action_{command.action_method} for {command.key}"
        )


def test_every_scope_is_used_and_every_binding_comes_from_the_registry() -> None:
    registry = {f"{c.scope}.{c.id}" for c in COMMANDS}
    assert set(Scope) <= set(BOUND) | {Scope.APP, Scope.FOCUS}
    for cls in [ComplaintsApp, *(c for classes in BOUND.values() for c in classes)]:
        for binding in cls.BINDINGS:
            if isinstance(binding, Binding) and not binding.system:
                assert binding.id in registry, f"{cls.__name__} binds {binding.key} itself"


def test_the_app_keys_are_the_apps() -> None:
    assert issubclass(ComplaintsApp, App)
    ids = {b.id for b in ComplaintsApp.BINDINGS if isinstance(b, Binding)}
    assert {f"app.{c.id}" for c in COMMANDS if c.scope is Scope.APP} <= ids
