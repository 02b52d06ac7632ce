"""`complaints demo`: fill a new database with realistic, deterministic demo data.

The build is one transaction (`services.demo.build`): stopped by Ctrl-C or a kill, or failing
half way, it leaves the database as it was. Every failure is one sentence on stderr.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from complaints_tui.services.demo import ProgressFn

_LABELS = {
    "residents": "Residents",
    "cases": "Cases",
    "indexes": "Indexes",
    "analyse": "Statistics",
}
_STOPPED = "The demo was stopped before it finished, so none of its data was kept."


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the build is, so that it is rolled back and said as Ctrl-C is."""


def _raise_terminated(_signum: int, _frame: FrameType | None) -> None:
    raise _Terminated


@contextmanager
def _sigterm_stops_the_build() -> Iterator[None]:
    # Without this a kill ends the process at once: the database keeps nothing either, but the
    # user is told nothing and SQLite's write-ahead log of the abandoned build stays on disk.
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _progress_bars(console: Console) -> Iterator[ProgressFn]:
    """Bars drawn from the first progress report on: a build refused before it starts prints
    its sentence alone (an empty display would print a blank line first)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("{task.description:<11}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )
    tasks: dict[str, TaskID] = {}

    def on_progress(phase: str, done: int, total: int) -> None:
        if not tasks:
            progress.start()
        if phase not in tasks:
            tasks[phase] = progress.add_task(_LABELS.get(phase, phase), total=total or 1)
        progress.update(tasks[phase], completed=done if total else 1)

    try:
        yield on_progress
    finally:
        if tasks:
            progress.stop()


def demo(
    residents: Annotated[int, typer.Option(min=3, help="How many residents.")] = 400,
    cases: Annotated[
        int, typer.Option(min=0, help="How many contacts (cases) of every kind.")
    ] = 2000,
    seed: Annotated[int, typer.Option(help="The same seed gives the same data.")] = 1,
    profile: Annotated[
        str | None,
        typer.Option(
            help="Policy profile the cases follow (default: the database's, else hos-code)."
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(help="Build as if today were this date (YYYY-MM-DD); default: today."),
    ] = None,
) -> None:
    """Fill a new, empty database with demo residents, staff and cases."""
    from rich.console import Console

    from complaints_tui.cli_context import database_url
    from complaints_tui.commands.common import fail, one_sentence, say

    # The same rule and sentence as `deadlines --received`: a real day in the calendar's years.
    from complaints_tui.commands.deadlines import date_option as calendar_day
    from complaints_tui.domain.policy import PolicyError
    from complaints_tui.services.demo import DemoError, DemoRecipe, build_demo
    from complaints_tui.store.engine import open_store

    # Checked before the database is opened, so a refused date writes nothing, not even a file.
    as_of = calendar_day("--today", today)
    recipe = DemoRecipe(residents=residents, cases=cases, seed=seed, profile=profile, today=as_of)
    try:
        with (
            one_sentence("The demo was not built: "),
            _sigterm_stops_the_build(),
            _progress_bars(Console(stderr=True)) as on_progress,
        ):
            store = open_store(database_url())
            try:
                summary = build_demo(store, recipe, on_progress)
            finally:
                store.close()
    except (DemoError, PolicyError) as error:
        raise fail(str(error)) from error
    except KeyboardInterrupt as error:
        raise fail(_STOPPED, 143 if isinstance(error, _Terminated) else 130) from None
    for line in summary.lines():
        say(line)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
