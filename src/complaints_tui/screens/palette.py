"""Command palette providers: the registry's commands, and records found through services.

Resident names are untrusted: their hits are built as `Text` (never markup, never passed to the
matcher's highlighter, which parses markup) and their help lines hold only our own words.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from complaints_tui.screens.help import available
from complaints_tui.screens.messages import OpenCase, OpenQueue, OpenResident
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, UICommand, commands_for
from complaints_tui.widgets.safe import clean

RECORD_HITS = 8


class CommandsProvider(Provider):
    """Every palette command of the current screen and of the app, from the registry."""

    def _commands(self) -> list[UICommand]:
        scope = getattr(self.screen, "SCOPE", Scope.APP)
        own = commands_for(scope) if scope is not Scope.APP else ()
        return [
            command
            for command in (*own, *commands_for(Scope.APP))
            if command.palette and available(self._target(command), command)
        ]

    def _target(self, command: UICommand) -> Any:
        """Where the command runs, and whose `check_action` says whether it does anything."""
        return self.app if command.scope is Scope.APP else self.screen

    def _run(self, command: UICommand) -> None:
        self.app.call_later(self._target(command).run_action, command.action_name)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(
                f"{command.label} ({command.display_key})",
                partial(self._run, command),
                help=command.help,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        words = query.lower().split()
        for command in self._commands():
            title = f"{command.label} ({command.display_key})"
            score = matcher.match(title)
            if not score and words and all(word in command.help.lower() for word in words):
                # Help text counts only word for word: matched loosely, a name typed to find a
                # resident ("dan") hit half the commands and pushed the resident down the list.
                score = 0.5
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._run, command),
                    title,
                    command.help,
                )


class RecordsProvider(Provider):
    """A case by its reference, or a resident by name, postcode or phone (via services)."""

    async def search(self, query: str) -> Hits:
        session = getattr(self.app, "session", None)
        text = query.strip()
        if len(text) < 2 or not isinstance(session, AppSession) or session.user is None:
            return
        if not session.is_open:
            return
        from complaints_tui.services.cases.case_view import find_cases
        from complaints_tui.services.people.residents import search_residents

        store = session.store()
        try:
            cases = await asyncio.to_thread(find_cases, store, text, RECORD_HITS)
            residents = await asyncio.to_thread(search_residents, store, text, RECORD_HITS)
        except Exception:  # a palette search never takes the app down; the lookup reports
            return
        for case in cases:
            label = Text.assemble(
                ("Case ", "dim"), (clean(case.reference), "bold"), "  ", clean(case.summary)
            )
            yield Hit(
                1.0,
                label,
                partial(self.app.post_message, OpenCase(case.id, case.reference)),
                label.plain,
                "Open this case's summary",
            )
        for rank, resident in enumerate(residents.rows):
            label = Text.assemble(
                ("Resident ", "dim"),
                (clean(resident.name), "bold"),
                "  ",
                clean(resident.address_line),
            )
            yield Hit(
                0.9 - rank * 0.01,
                label,
                partial(self.app.post_message, OpenResident(resident.id)),
                label.plain,
                "Take a call from this resident",
            )


class QueuesProvider(Provider):
    """Each queue the signed-in user may open: a stage of the landlord's profile and whose."""

    def _queues(self) -> list[tuple[str, int, str]]:
        session = getattr(self.app, "session", None)
        if not isinstance(session, AppSession) or session.user is None:
            return []
        from complaints_tui.services import desk_scopes

        scopes = desk_scopes(session.user.role)
        stages = [rule.number for rule in session.profile.stages] if session.profile else [1, 2]
        names = {1: "Stage 1", 2: "Stage 2", 3: "Final stage"}
        whose = {"mine": "mine", "team": "my team", "unassigned": "unassigned", "all": "all"}
        return [
            (f"Queue: {names.get(stage, f'Stage {stage}')} · {whose[scope.value]}", stage, scope)
            for stage in stages
            for scope in scopes
        ]

    async def discover(self) -> Hits:
        for title, stage, scope in self._queues():
            yield DiscoveryHit(
                title, partial(self.app.post_message, OpenQueue(stage, scope)), help="A queue"
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, stage, scope in self._queues():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.post_message, OpenQueue(stage, scope)),
                    title,
                    "Open this queue",
                )
