"""Every command of the terminal app, defined once.

A `UICommand` carries its id, key, footer label, palette entry and help text; the screens'
`BINDINGS`, the F1 help, the command palette and a user's key map (by binding id) are all
derived from this table, so a key is never described in two places that can disagree.

Scopes: `app` commands work everywhere; the others belong to one screen, dialog or widget
(`Scope`). App-wide commands sit on F-keys or are `priority=True`, because an `Input` with focus
takes ctrl keys first. Every binding of the app is here, so F1 needs one key formatter and a
test checks that each command's action exists where it is bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from textual.binding import Binding


class Scope(StrEnum):
    """Where a command is bound: the app, a screen or dialog (its `SCOPE`), or a widget."""

    APP = "app"
    FOCUS = "focus"  # Tab / Shift+Tab on every screen
    SIGN_IN = "sign_in"
    LOCK = "lock"  # the idle lock over everything (its one key is the app's F11, sign out)
    LOOKUP = "lookup"
    NEW_RESIDENT = "new_resident"
    CAPTURE = "capture"
    TRIAGE = "triage"  # the numbered triage questions on the capture
    QUICK_FIX = "quick_fix"
    READOUT = "readout"
    FLAGS = "flags"
    CONFIRM = "confirm"
    RESTORE = "restore"
    CASE_SUMMARY = "case_summary"
    HELP = "help"
    QUEUE = "queue"  # the manager's desk: a stage's queue
    WORKSPACE = "workspace"  # one case and every stage action on a key
    FORM = "form"  # a case action's small form
    LETTER_PICKER = "letter_picker"  # which letter of a case to write or re-open
    LETTER = "letter"  # one letter on screen
    REDRESS = "redress"  # the redress calculator (of a case, or on its own)
    DASHBOARD = "dashboard"  # the team lead's counts, per stage, team and handler; trends
    HANDLER_PICKER = "handler_picker"  # whom to give the marked cases to
    REPORTS = "reports"  # the learning and statutory reports, on screen and saved
    ADMIN = "admin"  # users, service areas, closure days, shared settings, this terminal's keys


@dataclass(frozen=True)
class UICommand:
    id: str  # binding id (a key map rebinds by it) and the action name
    key: str
    label: str  # footer label, and the palette entry's name
    help: str  # one sentence: what it does, for F1 and the palette
    scope: Scope = Scope.APP
    show: bool = True  # shown in the footer
    palette: bool = True  # listed in the command palette
    priority: bool = False
    action: str = ""  # defaults to the id; may carry arguments: "move(1)"
    in_help: bool = True  # listed by F1 (one line stands for a run of keys: "1–9")
    help_key: str = ""  # the key as F1 shows it, where the key itself would mislead

    @property
    def action_name(self) -> str:
        return self.action or self.id

    @property
    def action_method(self) -> str:
        """The method that runs it: `action_<name>` on its screen (or on the app)."""
        name = self.action_name.split("(")[0]
        return name.removeprefix("app.").removeprefix("screen.")

    @property
    def display_key(self) -> str:
        if self.help_key:
            return self.help_key
        return " / ".join(
            key.strip().replace("ctrl+", "^").replace("shift+", "Shift+").upper()
            for key in self.key.split(",")
        )

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
        "work_queue",
        "f12",
        "Queue",
        "Open your queue of cases by due date (stage, whose, filters).",
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
        "redress_calculator",
        "ctrl+r",
        "Redress calculator",
        "Work out redress under the landlord's rules, without a case (the figures only; open "
        "it from a case with m to save it).",
        show=False,  # every footer would carry it; F1 and the palette list it
        priority=True,
    ),
    UICommand(
        "dashboard",
        "ctrl+t",
        "Dashboard",
        "The team's deadlines at a glance: overdue, due today and due soon per stage, team "
        "and handler; Enter on a number opens those cases.",
        show=False,
        priority=True,
    ),
    UICommand(
        "reports",
        "ctrl+o",
        "Reports",
        "Open the reports: annual Code report, quarterly learning, compliments, satisfaction, "
        "trends (team lead, service director, administrator).",
        show=False,
        priority=True,
    ),
    UICommand(
        "administration",
        "ctrl+g",
        "Administration",
        "Users and teams, service areas and routing, closure days, the shared settings and this "
        "terminal's keys (administrators).",
        show=False,
        priority=True,
    ),
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
        scope=Scope.LOOKUP,
        palette=False,
        priority=True,  # else the search box's own Enter hides it from the footer
    ),
    UICommand(
        "new_resident",
        "f4",
        "Not found",
        "Caller not found: add a new resident.",
        scope=Scope.LOOKUP,
        priority=True,
    ),
    UICommand(
        "anonymous",
        "f6",
        "Anonymous",
        "Take the call without a name (where the landlord's policy allows it).",
        scope=Scope.LOOKUP,
        priority=True,
    ),
    UICommand(
        "more_results",
        "pagedown",
        "More",
        "Show the next page of results.",
        scope=Scope.LOOKUP,
        priority=True,  # the search box binds PageUp/PageDown too
    ),
    UICommand(
        "previous_results",
        "pageup",
        "Back",
        "Show the previous page of results.",
        scope=Scope.LOOKUP,
        priority=True,  # the search box binds PageUp/PageDown too
    ),
    # Capture.
    UICommand(
        "show_flags",
        "f3",
        "Flags",
        "Show every flag of the resident: restrictions and what they mean for this call, "
        "vulnerability, representatives, open cases and last contacts.",
        scope=Scope.CAPTURE,
        show=False,  # the flags panel itself says "F3: all flags" where it is cut short
        priority=True,
    ),
    UICommand(
        "quick_fix",
        "f5",
        "Quick fix",
        "Resolved on the call: record the agreed fix and read out the reference.",
        scope=Scope.CAPTURE,
        priority=True,
    ),
    UICommand(
        "open_stage1",
        "f6",
        "Stage 1",
        "Open a formal stage 1 complaint and read out its dates.",
        scope=Scope.CAPTURE,
        priority=True,
    ),
    UICommand(
        "log_contact",
        "f7",
        "Log",
        "Log the contact as triaged (not a complaint, or not accepted).",
        scope=Scope.CAPTURE,
        priority=True,
    ),
    UICommand(
        "override_time",
        "f8",
        "Override",
        "Out of time: accept for exceptional circumstances (a reason is required).",
        scope=Scope.CAPTURE,
        priority=True,
    ),
    UICommand(
        "discard_call",
        "f9",
        "Discard",
        "Throw this capture away (asks first); F2 does the same and starts the next call.",
        scope=Scope.CAPTURE,
        show=False,  # F2 in the footer does it too, and an 80-column footer has no room for both
        priority=True,
    ),
    # Quick fix form.
    UICommand(
        "save_quick_fix",
        "f5",
        "Save fix",
        "Record the quick fix and show the read-out.",
        scope=Scope.QUICK_FIX,
        priority=True,
    ),
    UICommand(
        "cancel", "escape", "Back", "Back to the capture.", scope=Scope.QUICK_FIX, palette=False
    ),
    # Read-out after a quick fix or stage 1.
    UICommand(
        "explain_days",
        "f3",
        "Skipped days",
        "Explain which days were skipped counting the dates.",
        scope=Scope.READOUT,
    ),
    UICommand(
        "show_letter",
        "f4",
        "Letter",
        "Show the stored confirmation letter.",
        scope=Scope.READOUT,
    ),
    # New resident form.
    UICommand(
        "save_resident",
        "f5",
        "Save",
        "Add the resident and continue the call.",
        scope=Scope.NEW_RESIDENT,
        priority=True,
    ),
    UICommand(
        "cancel",
        "escape",
        "Back",
        "Back to the lookup.",
        scope=Scope.NEW_RESIDENT,
        palette=False,
    ),
    # Tab / Shift+Tab as priority keys: the focus moves the moment the key arrives, so keys typed
    # right after it go to the next field (Textual's own Tab waits for the keys already queued).
    UICommand(
        "next",
        "tab",
        "Next field",
        "Move to the next field.",
        scope=Scope.FOCUS,
        show=False,
        palette=False,
        priority=True,
        action="app.focus_next",
    ),
    UICommand(
        "previous",
        "shift+tab",
        "Previous field",
        "Move to the previous field.",
        scope=Scope.FOCUS,
        show=False,
        palette=False,
        priority=True,
        action="app.focus_previous",
    ),
    # Sign-in.
    UICommand(
        "down",
        "down",
        "Next user",
        "Highlight the next user.",
        scope=Scope.SIGN_IN,
        show=False,
        palette=False,
        priority=True,
        action="move(1)",
    ),
    UICommand(
        "up",
        "up",
        "Previous user",
        "Highlight the previous user.",
        scope=Scope.SIGN_IN,
        show=False,
        palette=False,
        priority=True,
        action="move(-1)",
    ),
    UICommand(
        "back",
        "escape",
        "Someone else",
        "Leave the password and pick another name.",
        scope=Scope.SIGN_IN,
        palette=False,
    ),
    # Lookup arrows (the search box keeps the focus).
    UICommand(
        "down",
        "down",
        "Next resident",
        "Highlight the next resident.",
        scope=Scope.LOOKUP,
        show=False,
        palette=False,
        priority=True,
        action="move(1)",
    ),
    UICommand(
        "up",
        "up",
        "Previous resident",
        "Highlight the previous resident.",
        scope=Scope.LOOKUP,
        show=False,
        palette=False,
        priority=True,
        action="move(-1)",
    ),
    # New resident: Enter in a box moves on (on the tenure list it still opens the list).
    UICommand(
        "next_field",
        "enter",
        "Next box",
        "Go to the next box.",
        scope=Scope.NEW_RESIDENT,
        show=False,
        palette=False,
        priority=True,
    ),
    # Triage questions: a digit toggles the answer with that number.
    *(
        UICommand(
            f"toggle_{n}",
            str(n),
            f"Answer {n}",
            "Tick or untick the triage answer with that number (Tab to the questions first).",
            scope=Scope.TRIAGE,
            show=False,
            palette=False,
            action=f"toggle_number({n})",
            in_help=n == 1,
            help_key="1–9",
        )
        for n in range(1, 10)
    ),
    UICommand(
        "toggle_highlighted",
        "space",
        "Tick",
        "Tick or untick the highlighted triage answer (Enter does the same).",
        scope=Scope.TRIAGE,
        show=False,
        palette=False,
    ),
    # All the resident's flags.
    UICommand(
        "close",
        "escape,f3",
        "Back to the call",
        "Close the flags and go back to the call.",
        scope=Scope.FLAGS,
        palette=False,
        action="dismiss",
    ),
    # A yes/no question.
    UICommand(
        "yes",
        "y,enter",
        "Yes",
        "Answer yes.",
        scope=Scope.CONFIRM,
        palette=False,
        action="answer(True)",
    ),
    UICommand(
        "no",
        "n,escape",
        "No",
        "Answer no.",
        scope=Scope.CONFIRM,
        palette=False,
        action="answer(False)",
    ),
    # The offer to restore an unfinished call.
    UICommand(
        "restore",
        "r,enter",
        "Restore",
        "Restore the unfinished call and carry on.",
        scope=Scope.RESTORE,
        palette=False,
    ),
    UICommand(
        "discard",
        "d",
        "Discard",
        "Throw the unfinished call away (press twice).",
        scope=Scope.RESTORE,
        palette=False,
    ),
    # A case's summary.
    UICommand(
        "close",
        "escape,enter",
        "Close",
        "Close the case summary.",
        scope=Scope.CASE_SUMMARY,
        palette=False,
        action="dismiss",
    ),
    # Help.
    UICommand(
        "close",
        "escape,f1,q",
        "Close",
        "Close the help.",
        scope=Scope.HELP,
        palette=False,
        action="dismiss",
    ),
    # The manager's desk: a stage's queue.
    # Priority keys, live only while the table or the search box has the focus (the queue's
    # check_action): an open filter list keeps its own arrows and Enter.
    UICommand(
        "open_case", "enter", "Open", "Open the highlighted case.", scope=Scope.QUEUE,
        priority=True,
    ),
    UICommand(
        "more_rows", "pagedown", "More", "Show the next page of cases.", scope=Scope.QUEUE,
        priority=True,  # the search box would take them
    ),
    UICommand(
        "fewer_rows", "pageup", "Back", "Show the previous page of cases.", scope=Scope.QUEUE,
        priority=True,
    ),
    # Team leads' keys first: a narrow footer keeps the first ones.
    UICommand(
        "mark", "space", "Mark", "Mark or unmark the highlighted case (to re-assign many).",
        scope=Scope.QUEUE,
    ),
    UICommand(
        "reassign", "f3", "Re-assign",
        "Give the marked cases (or the highlighted one) to another handler.", scope=Scope.QUEUE,
    ),
    *(
        UICommand(*spec, scope=Scope.QUEUE)  # type: ignore[arg-type]
        for spec in (
            ("refresh", "f5", "Refresh", "Read the queue again now (it also refreshes itself)."),
            ("find", "f4", "Find", "Search the queue by reference or resident's name."),
            ("next_stage", "f6", "Stage", "Show the next stage's queue (1, 2, final)."),
            ("next_scope", "f7", "Whose", "Mine, my team, unassigned or all (by your role)."),
            ("next_deadline", "f8", "Due", "Overdue, due today, due soon, on track or extended."),
            ("toggle_vulnerable", "f9", "Vulnerable", "Only residents with a vulnerability."),
        )
    ),
    UICommand(
        "back", "escape", "Back", "Back to the screen before.", scope=Scope.QUEUE, palette=False,
    ),
    UICommand(
        "down", "down", "Next case", "Highlight the next case.", scope=Scope.QUEUE, show=False,
        palette=False, priority=True, action="move(1)",
    ),
    UICommand(
        "up", "up", "Previous case", "Highlight the previous case.", scope=Scope.QUEUE,
        show=False, palette=False, priority=True, action="move(-1)",
    ),
    # One case, every stage action on a key (each opens a small form that says what it does).
    *(
        UICommand(*spec, scope=Scope.WORKSPACE)  # type: ignore[arg-type]
        for spec in (
            ("acknowledge", "a", "Acknowledge", "Record the acknowledgement (how and when)."),
            ("extend", "x", "Extend", "Move the response date, with the reason and how told."),
            ("add_component", "c", "Part", "Add a part of the complaint (a component)."),
            ("record_decision", "d", "Decide", "Record a part's finding and decision."),
            ("send_response", "s", "Respond", "The response checklist, then send the response."),
            ("add_remedy", "r", "Remedy", "What will be put right, and by when."),
            ("record_redress", "m", "Redress", "The redress calculator: losses, band, visits."),
            ("add_action", "o", "Action", "An outstanding action with an owner and a date."),
            ("mark_done", "k", "Done", "Mark a remedy or an outstanding action done."),
            ("assign", "g", "Assign", "Give the case (this stage) to a handler."),
            ("add_note", "n", "Note", "Add a note to the case."),
            ("log_contact", "l", "Contact", "Log a contact about this case (a call, a letter)."),
            ("request_escalation", "e", "Escalate", "The resident asks for the next stage."),
            ("decline_review", "v", "Decline", "Decline the review, with the written reason."),
            ("open_next_stage", "p", "Reviewer", "Allocate the reviewer of the next stage."),
            ("withdraw", "w", "Withdraw", "The complaint is withdrawn (who and why)."),
            ("close_case", "z", "Close", "Close with satisfaction and learning tags."),
            ("reopen", "u", "Reopen", "Reopen a closed or withdrawn case."),
            ("letters", "t", "Letters", "Write a letter the case has reached, or open a sent one."),
            ("explain_days", "f3", "Skipped days", "Which days each deadline's count skipped."),
            ("reload", "f5", "Reload", "Read the case again."),
            ("back", "escape", "Back", "Back to the queue."),
        )
    ),
    # Choosing a letter of a case, and one letter on screen.
    UICommand(
        "choose", "enter", "Open", "Open the highlighted letter.", scope=Scope.LETTER_PICKER,
        priority=True,
    ),
    UICommand(
        "cancel", "escape", "Back", "Back to the case; no letter is written.",
        scope=Scope.LETTER_PICKER, palette=False,
    ),
    *(
        UICommand(*spec, scope=Scope.LETTER)  # type: ignore[arg-type]
        for spec in (
            ("send_letter", "s", "Send", "Record the letter as sent: how, and to whom."),
            ("save_text", "t", "Text file", "Save the letter as a text file (letters folder)."),
            ("save_pdf", "p", "PDF", "Save the letter as a PDF to post (letters folder)."),
            ("back", "escape", "Back", "Back to the case."),
        )
    ),
    # The team lead's dashboard.
    UICommand(
        "open_figure", "enter", "Open",
        "Open the cases behind the highlighted number (or the highlighted case).",
        scope=Scope.DASHBOARD, priority=True,
    ),
    UICommand(
        "refresh", "f5", "Refresh", "Count again now (it also refreshes when cases change).",
        scope=Scope.DASHBOARD,
    ),
    UICommand(
        "move_cell", "left,right", "Move",
        "Move between the numbers of a table (↑/↓ rows, ←/→ columns); Tab: the next table.",
        scope=Scope.DASHBOARD, show=False, palette=False, help_key="←/→/↑/↓",
    ),
    UICommand(
        "back", "escape", "Back", "Close the dashboard.", scope=Scope.DASHBOARD, palette=False,
    ),
    # Whom to give marked cases to.
    UICommand(
        "choose", "enter", "Give", "Give the cases to the highlighted handler.",
        scope=Scope.HANDLER_PICKER, priority=True,
    ),
    UICommand(
        "cancel", "escape", "Cancel", "Back to the queue; nothing is re-assigned.",
        scope=Scope.HANDLER_PICKER, palette=False,
    ),
    # Administration: the keys act on the tab in view.
    *(
        UICommand(*spec, scope=Scope.ADMIN)  # type: ignore[arg-type]
        for spec in (
            ("next_tab", "f6", "Next tab",
             "Users, areas, closure days, settings, letters, keys in turn."),
            ("add", "a", "Add", "Add a user or a service area, or close a day."),
            ("edit", "e", "Edit",
             "Change the highlighted user, area, setting or key, or the letterhead."),
            ("preview", "v", "View sample",
             "Show the highlighted letter on sample cases, with your letterhead."),
            ("remove", "d", "Remove",
             "Deactivate the highlighted user, reopen the closure day, or put a key back."),
            ("toggle_away", "o", "Out of office", "Mark the highlighted user away, or back."),
            ("reset_password", "p", "Reset password",
             "Clear the highlighted user's password and lock: they choose a new one next time."),
            ("check_file", "c", "Check a file",
             "Check a profile file of the landlord's own against the Code (nothing changes)."),
            ("reload", "f5", "Reload", "Read everything again."),
            ("back", "escape", "Back", "Close the administration screen."),
        )
    ),
    # A case action's form (the response checklist is one too).
    UICommand("save", "f5", "Save", "Do what the form says.", scope=Scope.FORM, priority=True),
    UICommand(
        "cancel", "escape", "Cancel", "Close the form; nothing is saved.", scope=Scope.FORM,
        palette=False,
    ),
    # The redress calculator: F-keys, so they work from inside a box.
    *(
        UICommand(*spec, scope=Scope.REDRESS, priority=True)  # type: ignore[arg-type]
        for spec in (
            ("save", "f5", "Save", "Save the redress to the case: total, parts and reasoning."),
            ("add_item", "f6", "Add item",
             "Add the loss item in the boxes to the list (or put back the one being edited)."),
            ("edit_item", "f7", "Edit item",
             "Put the next loss item in the boxes to change it (F6 puts it back)."),
            ("remove_item", "f8", "Remove item", "Remove the loss item being edited."),
            ("add_visit", "f3", "Add visit",
             "Add the appointment in the boxes (or put back the one being edited)."),
            ("edit_visit", "f4", "Edit visit",
             "Put the next appointment in the boxes to change it (F3 puts it back)."),
            ("remove_visit", "f9", "Remove visit", "Remove the appointment being edited."),
        )
    ),
    UICommand(
        "back", "escape", "Back", "Close the calculator (asks first if something is unsaved).",
        scope=Scope.REDRESS, palette=False,
    ),
    # The reports screen: which report, which period, and saving it (reports folder).
    *(
        UICommand(*spec, scope=Scope.REPORTS)  # type: ignore[arg-type]
        for spec in (
            ("next_report", "n", "Next report", "Show the next report (annual, quarterly, …)."),
            ("earlier", "b", "Earlier", "The period before (a year or a quarter back)."),
            ("later", "f", "Later", "The period after (a year or a quarter on)."),
            ("save_markdown", "m", "Markdown", "Save the report as Markdown (reports folder)."),
            ("save_csv", "c", "CSV", "Save the report as CSV for a spreadsheet (reports folder)."),
            ("save_pdf", "p", "PDF", "Save the report as a PDF (reports folder)."),
            ("back", "escape", "Back", "Close the reports."),
        )
    ),
)  # fmt: skip


def commands_for(scope: Scope) -> tuple[UICommand, ...]:
    return tuple(command for command in COMMANDS if command.scope == scope)


def bindings_for(scope: Scope) -> list[Binding]:
    """The `BINDINGS` of a screen (or of the app, scope "app")."""
    return [command.binding() for command in commands_for(scope)]


def find(scope: Scope, command_id: str) -> UICommand:
    for command in commands_for(scope):
        if command.id == command_id:
            return command
    raise KeyError(f"no command {command_id!r} in scope {scope!r}")
