"""`complaints audit verify [--json]`: check the audit trail's hash chain, event by event.

Prints "The audit trail of N events is intact." (exit 0), or the first broken link: which event
and what is wrong with it (changed, missing, reordered), exit 1.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from complaints_tui.commands.common import one_sentence, reading_store, say

audit_app = typer.Typer(no_args_is_help=True, help="The audit trail: check it is intact.")


@audit_app.command("verify")
def verify_command(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Walk the audit trail's hash chain; name the first event edited, deleted or moved."""
    from complaints_tui.services.audit_verify import verify_audit_trail

    with one_sentence():
        store = reading_store()
        try:
            check = verify_audit_trail(store)
        finally:
            store.close()
    if as_json:
        say(json.dumps(check.as_json(), ensure_ascii=False))
    else:
        say(check.sentence, err=not check.intact)
    if not check.intact:
        raise typer.Exit(1)
