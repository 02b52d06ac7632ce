"""Command line: `complaints …`. Textual is imported only by the command that opens the TUI."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Complaint handling for social landlords.")


@app.command()
def tui() -> None:
    """Open the terminal app."""
    from complaints_tui.app import ComplaintsApp

    ComplaintsApp().run()


def main() -> None:
    app()
