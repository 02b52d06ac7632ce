"""`complaints demo`: fill a new database with realistic, deterministic demo data."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from error


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
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from complaints_tui.cli_context import database_url
    from complaints_tui.domain.policy import PolicyError
    from complaints_tui.services.demo import DemoError, DemoRecipe, build_demo
    from complaints_tui.store.engine import StoreError, open_store

    as_of = _parse_date(today)
    console = Console(stderr=True)
    recipe = DemoRecipe(residents=residents, cases=cases, seed=seed, profile=profile, today=as_of)
    labels = {
        "residents": "Residents",
        "cases": "Cases",
        "indexes": "Indexes",
        "analyse": "Statistics",
    }
    try:
        store = open_store(database_url())
        with Progress(
            TextColumn("{task.description:<11}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        ) as progress:
            tasks: dict[str, TaskID] = {}

            def on_progress(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = progress.add_task(labels.get(phase, phase), total=total or 1)
                progress.update(tasks[phase], completed=done if total else 1)

            summary = build_demo(store, recipe, on_progress)
        store.close()
    except (DemoError, StoreError, PolicyError) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    for line in summary.lines():
        typer.echo(line)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
