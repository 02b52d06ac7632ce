"""Every command of the terminal app, defined once.

A `UICommand` carries its id, key, footer label, palette entry and help text; the screens'
`BINDINGS`, the F1 help, the command palette and a user's key map (by binding id) are all
derived from this table, so a key is never described in two places that can disagree.

Scopes: `app` commands work everywhere; the others belong to one screen. App-wide commands sit
on F-keys or are `priority=True`, because an `Input` with focus takes ctrl keys first.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class UICommand:
    id: str  # binding id (a key map rebinds by it) and the action name
    key: str
    label: str  # footer label, and the palette entry's name
    help: str  # one sentence: what it does, for F1 and the palette
    scope: str = "app"
    show: bool = True  # shown in the footer
    palette: bool = True  # listed in the command palette
    priority: bool = False
    action: str = ""  # defaults to the id

    @property
    def action_name(self) -> str:
        return self.action or self.id

    @property
    def display_key(self) -> str:
        return self.key.split(",")[0].replace("ctrl+", "^").upper()

    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.action_name,
            self.label,
            show=self.show,
            priority=self.priority,
            id=f"{self.scope}.{self.id}",
            tooltip=self.help,
        )


COMMANDS: tuple[UICommand, ...] = (
    # Everywhere.
    UICommand("help", "f1", "Help", "List the keys of this screen.", priority=True),
    UICommand(
        "command_palette",
        "ctrl+p",
        "Commands",
        "Search every command, a case by reference or a resident by name.",
        show=False,
        palette=False,
        priority=True,
    ),
    UICommand(
        "new_call",
        "f2",
        "New call",
        "Start a new call: back to the resident lookup.",
        priority=True,
    ),
    UICommand(
        "toggle_contrast",
        "f10",
        "Contrast",
        "Switch between the standard and the high-contrast theme.",
        priority=True,
    ),
    UICommand("switch_user", "f11", "Sign out", "Sign out and pick another user.", priority=True),
    UICommand(
        "quit",
        "ctrl+q",
        "Quit",
        "Leave the program (a call in progress is kept).",
        priority=True,
    ),
    # Resident lookup.
    UICommand(
        "open_top",
        "enter",
        "Open",
        "Open the highlighted resident (the top hit when typing).",
        scope="lookup",
        palette=False,
        priority=True,  # else the search box's own Enter hides it from the footer
    ),
    UICommand(
        "new_resident",
        "f4",
        "Not found",
        "Caller not found: add a new resident.",
        scope="lookup",
        priority=True,
    ),
    UICommand(
        "anonymous",
        "f6",
        "Anonymous",
        "Take the call without a name (where the landlord's policy allows it).",
        scope="lookup",
        priority=True,
    ),
    UICommand(
        "more_results",
        "pagedown",
        "More",
        "Show the next page of results.",
        scope="lookup",
        priority=True,  # the search box binds PageUp/PageDown too
    ),
    UICommand(
        "previous_results",
        "pageup",
        "Back",
        "Show the previous page of results.",
        scope="lookup",
        priority=True,  # the search box binds PageUp/PageDown too
    ),
    # Capture.
    UICommand(
        "show_flags",
        "f3",
        "Flags",
        "Show every flag of the resident: restrictions and what they mean for this call, "
        "vulnerability, representatives, open cases and last contacts.",
        scope="capture",
        show=False,  # the flags panel itself says "F3: all flags" where it is cut short
        priority=True,
    ),
    UICommand(
        "quick_fix",
        "f5",
        "Quick fix",
        "Resolved on the call: record the agreed fix and read out the reference.",
        scope="capture",
        priority=True,
    ),
    UICommand(
        "open_stage1",
        "f6",
        "Stage 1",
        "Open a formal stage 1 complaint and read out its dates.",
        scope="capture",
        priority=True,
    ),
    UICommand(
        "log_contact",
        "f7",
        "Log",
        "Log the contact as triaged (not a complaint, or not accepted).",
        scope="capture",
        priority=True,
    ),
    UICommand(
        "override_time",
        "f8",
        "Override",
        "Out of time: accept for exceptional circumstances (a reason is required).",
        scope="capture",
        priority=True,
    ),
    UICommand(
        "discard_call",
        "f9",
        "Discard",
        "Throw this capture away (asks first); F2 does the same and starts the next call.",
        scope="capture",
        show=False,  # F2 in the footer does it too, and an 80-column footer has no room for both
        priority=True,
    ),
    # Quick fix form.
    UICommand(
        "save_quick_fix",
        "f5",
        "Save fix",
        "Record the quick fix and show the read-out.",
        scope="quick_fix",
        priority=True,
    ),
    UICommand("cancel", "escape", "Back", "Back to the capture.", scope="quick_fix", palette=False),
    # Read-out after a quick fix or stage 1.
    UICommand(
        "explain_days",
        "f3",
        "Skipped days",
        "Explain which days were skipped counting the dates.",
        scope="readout",
    ),
    UICommand(
        "show_letter",
        "f4",
        "Letter",
        "Show the stored confirmation letter.",
        scope="readout",
    ),
    # New resident form.
    UICommand(
        "save_resident",
        "f5",
        "Save",
        "Add the resident and continue the call.",
        scope="new_resident",
        priority=True,
    ),
    UICommand(
        "cancel",
        "escape",
        "Back",
        "Back to the lookup.",
        scope="new_resident",
        palette=False,
    ),
)


def commands_for(scope: str) -> tuple[UICommand, ...]:
    return tuple(command for command in COMMANDS if command.scope == scope)


def bindings_for(scope: str) -> list[Binding]:
    """The `BINDINGS` of a screen (or of the app, scope "app")."""
    return [command.binding() for command in commands_for(scope)]


def find(scope: str, command_id: str) -> UICommand:
    for command in commands_for(scope):
        if command.id == command_id:
            return command
    raise KeyError(f"no command {command_id!r} in scope {scope!r}")
