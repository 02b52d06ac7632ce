"""`complaints retention run [--dry-run] [--today DATE] [--as NAME] [--json]`: anonymise the
residents past the landlord profile's retention period (team lead or administrator).

Prints what was (or, with --dry-run, would be) anonymised: the counts, then each resident's
reference. A user who may not do it, or a bad date, is one sentence on stderr and exit 2.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from complaints_tui.commands.common import acting_as, fail, one_sentence, say, writing_store

retention_app = typer.Typer(
    no_args_is_help=True, help="Data retention: anonymise residents past the retention period."
)


@retention_app.command("run")
def run_command(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be anonymised; change nothing.")
    ] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="Run as if today were this date (YYYY-MM-DD).")
    ] = None,
    who: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="The team lead or administrator running it (default: the "
            "first active administrator).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Anonymise residents whose every case ended more than the profile's retention period ago;
    the statistics and the audit chain are kept."""
    from complaints_tui.commands.deadlines import date_option
    from complaints_tui.services.errors import ServiceError
    from complaints_tui.services.retention import run_retention

    day = date_option("--today", today) if today is not None else None
    with one_sentence():
        store = writing_store()
        try:
            result = run_retention(store, acting_as(store, who), today=day, dry_run=dry_run)
        except ServiceError as error:
            raise fail(str(error), 2) from error
        finally:
            store.close()
    if as_json:
        say(json.dumps(result.as_json(), ensure_ascii=False))
        return
    for line in result.sentences():
        say(line)
