"""`complaints letter REF KIND`: a case's letter as text or PDF, for scripts and bulk printing.

It reads the database and writes nothing to it: a letter printed here is not recorded as sent
(the app's Send key records one, with how and to whom)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from complaints_tui.commands.common import fail, one_sentence, reading_store, say
from complaints_tui.domain.letters import LetterKind


class Form(StrEnum):
    TEXT = "text"
    PDF = "pdf"


def letter(
    reference: Annotated[str, typer.Argument(help="The case reference, e.g. CMP-2026-000123.")],
    kind: Annotated[LetterKind, typer.Argument(help="Which letter.", case_sensitive=False)],
    form: Annotated[
        Form | None,
        typer.Option("--format", help="Text or PDF (default: PDF for -o FILE.pdf, else text)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file (else the screen).")
    ] = None,
    today: Annotated[
        str | None, typer.Option("--today", help="Date the letter as this day (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Print one letter of a case: acknowledgement, extension, response, final-response,
    quick-fix, decline or not-accepted. A letter the case has not reached is refused (exit 2)."""
    from complaints_tui.commands.deadlines import date_option as calendar_day
    from complaints_tui.services.cases.case_view import case_by_reference
    from complaints_tui.services.errors import NotFound, RuleViolation, ServiceError
    from complaints_tui.services.letters.compose import compose_letter
    from complaints_tui.services.letters.landlord import layout_file, letter_settings

    day = calendar_day("--today", today)
    if form is None:
        pdf_named = output is not None and output.suffix.lower() == ".pdf"
        form = Form.PDF if pdf_named else Form.TEXT
    if form is Form.PDF and output is None and sys.stdout.isatty():
        raise fail("A PDF is not for the screen: name a file with -o FILE.", 2)
    with one_sentence():
        store = reading_store()
        try:
            case = case_by_reference(store, reference.strip(), today=day)
            written = compose_letter(store, case.id, kind, today=day)
            if form is Form.PDF:
                from complaints_tui.services.letters.pdf import letter_pdf

                data = letter_pdf(written, layout=layout_file(letter_settings(store)))
        except (NotFound, RuleViolation) as error:
            raise fail(str(error), 2) from error
        except ServiceError as error:
            raise fail(str(error)) from error
        finally:
            store.close()
    if form is Form.TEXT:
        text = written.as_text()
        if output is None:
            try:
                for line in text.rstrip("\n").split("\n"):
                    say(line)
            except BrokenPipeError:  # `| head`: the reader has all it wanted
                sys.stderr.close()
            return
        _write(output, text.encode("utf-8"))
    else:
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        _write(output, data)
    say(f"Wrote the {kind.label.lower()} letter for {written.reference} to {output}.", err=True)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise fail(f"Could not write {path}: {error.strerror or error}.") from error


def register(app: typer.Typer) -> None:
    app.command("letter")(letter)
