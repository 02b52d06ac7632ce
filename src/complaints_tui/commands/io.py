"""`complaints import …` and `complaints export …`: CSV in, CSV or JSON out."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TextIO

import typer

from complaints_tui.commands.common import fail, one_sentence, reading_store, say, writing_store

import_app = typer.Typer(
    no_args_is_help=True,
    help="Import residents or cases from a CSV or JSON file (all or nothing).",
)
export_app = typer.Typer(no_args_is_help=True, help="Export cases or residents as CSV or JSON.")

FileArgument = Annotated[
    Path,
    typer.Argument(
        exists=True,
        dir_okay=False,
        readable=True,
        help="A CSV file (UTF-8, header row first), or a .json file as the export writes it.",
    ),
]


class ProgressLine:
    """How far an import has got, on one line of a terminal: shown only when the import has
    taken a second already, and at most five times a second."""

    def __init__(self, what: str, out: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.what = what
        self.out = out
        self.clock = clock
        self.started = clock()
        self.shown_at: float | None = None

    def __call__(self, step: str, share: float) -> None:
        now = self.clock()
        if now - self.started < 1.0:
            return
        if self.shown_at is not None and now - self.shown_at < 0.2:
            return
        self.shown_at = now
        self.out.write(f"\r{step.capitalize()} {self.what}: {share:4.0%}")
        self.out.flush()

    def clear(self) -> None:
        if self.shown_at is not None:
            self.out.write("\r\x1b[K")
            self.out.flush()


def _run_import(what: str, path: Path) -> None:
    from complaints_tui.domain.policy import PolicyError
    from complaints_tui.services.errors import ServiceError
    from complaints_tui.services.io.imports import import_cases, import_residents
    from complaints_tui.services.io.problems import ImportFailed

    progress = ProgressLine(what, sys.stderr) if sys.stderr.isatty() else None
    try:
        with one_sentence("Nothing was imported: "):
            store = writing_store()
            try:
                if what == "residents":
                    result = import_residents(store, path, progress=progress)
                else:
                    result = import_cases(store, path)
            finally:
                store.close()
                if progress is not None:
                    progress.clear()
    except ImportFailed as error:
        raise fail(str(error)) from error
    except (PolicyError, ServiceError) as error:
        raise fail(f"Nothing was imported: {error}") from error
    say(result.summary())


@import_app.command("residents")
def import_residents_command(file: FileArgument) -> None:
    """Residents: reference, name, address, postcode, phone, email, tenure (LCRA or LCHO);
    optional anonymised_on. An empty reference gets the next RES-nnnnnn."""
    _run_import("residents", file)


@import_app.command("cases")
def import_cases_command(file: FileArgument) -> None:
    """Cases: reference, resident_ref, received_on, kind, channel, service_area, category,
    stage1_acknowledged_on, stage1_extended_to, stage1_responded_on, escalated_on,
    stage2_acknowledged_on, stage2_extended_to, stage2_responded_on, withdrawn_on, outcome;
    optional status, exclusion, quick_fix_on, stage1_received_on, stage3_received_on,
    stage3_acknowledged_on, stage3_extended_to, stage3_responded_on, closed_on. Dates
    YYYY-MM-DD, empty when not reached. Cases follow the landlord's policy profile."""
    _run_import("cases", file)


def _quiet_stdout() -> typer.Exit:
    """The reader of our output went away (`… | head`): that is the end, not an error. Later
    writes (Python's own flush at exit) go nowhere instead of failing again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return typer.Exit(0)


def _export_to(output: Path, write: Callable[[TextIO], int]) -> int:
    """Write through a `.partial` file that replaces `output` only when complete."""
    partial = output.with_name(output.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            count = write(out)
        partial.replace(output)
    except OSError as error:
        partial.unlink(missing_ok=True)
        why = error.strerror or str(error)
        raise fail(f"Nothing was exported: {output} cannot be written ({why}).") from error
    return count


def _run_export(what: str, fmt: str, output: Path | None) -> None:
    from complaints_tui.services.io.exports import ExportFormat, export_cases, export_residents
    from complaints_tui.services.io.writing import counted

    try:
        chosen = ExportFormat(fmt)
    except ValueError as error:
        raise typer.BadParameter("choose csv or json", param_hint="--format") from error
    export = export_cases if what == "cases" else export_residents
    if output is not None and not output.parent.is_dir():
        raise fail(f"Nothing was exported: the folder {output.parent} does not exist.")
    with one_sentence("Nothing was exported: "):
        store = reading_store()
        try:
            if output is None:
                try:
                    export(store, sys.stdout, chosen)
                    sys.stdout.flush()
                except BrokenPipeError:
                    raise _quiet_stdout() from None
                return
            count = _export_to(output, lambda out: export(store, out, chosen))
        finally:
            store.close()
    say(f"Exported {counted(count, what.removesuffix('s'))} to {output}.")


FormatOption = Annotated[str, typer.Option("--format", "-f", help="csv or json.")]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", dir_okay=False, help="Write to this file (default: stdout)."),
]


@export_app.command("cases")
def export_cases_command(fmt: FormatOption = "csv", output: OutputOption = None) -> None:
    """Every case, in the columns `complaints import cases` reads (it imports again unchanged)."""
    _run_export("cases", fmt, output)


@export_app.command("residents")
def export_residents_command(fmt: FormatOption = "csv", output: OutputOption = None) -> None:
    """Every resident (anonymised ones too), in the columns `complaints import residents` reads."""
    _run_export("residents", fmt, output)


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
    app.add_typer(export_app, name="export")
