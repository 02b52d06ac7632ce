"""`complaints sar RESIDENT_REF [-o FILE] [--format json|pdf] [--as NAME]`: everything held about
a resident, for a subject access request (team lead or administrator). JSON goes to stdout unless
-o names a file; a PDF needs -o (default SAR-<reference>.pdf). The export is an audit event."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from complaints_tui.commands.common import acting_as, fail, one_sentence, say, writing_store


def sar(
    reference: Annotated[str, typer.Argument(help="The resident's reference, e.g. RES-000123.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file.")
    ] = None,
    format_: Annotated[str, typer.Option("--format", help="json (default) or pdf.")] = "json",
    who: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="The team lead or administrator asking (default: the first active administrator).",
        ),
    ] = None,
) -> None:
    """Export every row held about RESIDENT_REF (JSON, or a readable PDF)."""
    from complaints_tui.services.errors import ServiceError
    from complaints_tui.services.sar import sar_json, sar_pdf, subject_access

    kind = format_.strip().lower()
    if kind not in ("json", "pdf"):
        raise fail(f"There is no format {format_!r}: choose json or pdf.", 2)
    with one_sentence():
        store = writing_store()
        try:
            export = subject_access(store, acting_as(store, who), reference)
            if kind == "pdf":
                target = output or Path(f"SAR-{export['reference']}.pdf")
                target.write_bytes(sar_pdf(export))
                say(f"The subject access export of {export['reference']} is in {target}.")
                return
            text = sar_json(export)
        except ServiceError as error:
            raise fail(str(error), 2) from error
        except OSError as error:
            raise fail(f"The export could not be written: {error.strerror or error}.") from error
        finally:
            store.close()
    if output is None:
        typer.echo(text)  # JSON as it is: the data, not a line for the terminal
        return
    try:
        output.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise fail(f"The export could not be written to {output}: {error.strerror}.") from error
    say(f"The subject access export of {export['reference']} is in {output}.")


def register(app: typer.Typer) -> None:
    app.command("sar")(sar)
