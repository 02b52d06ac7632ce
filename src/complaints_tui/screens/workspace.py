"""One case, for the investigating manager: who, which stage, each deadline in words and
symbols, and panes for the timeline, the parts and decisions, what is put right, notes and
letters. Every stage action is a key that opens a small form (screens.case_actions); a key whose
action cannot apply to the case as it stands is neither shown nor offered."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from complaints_tui.domain.kinds import CaseStatus, Channel, standing
from complaints_tui.domain.letters import LetterChannel, LetterKind
from complaints_tui.domain.redress import format_pence
from complaints_tui.screens.base import AppScreen
from complaints_tui.screens.case_actions import APPLIES, FORMS, Desk
from complaints_tui.screens.case_form import CaseActionDialog
from complaints_tui.services.cases.types import CaseDetail, TimelineEntry
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.dates import show_day
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.header import AppHeader
from complaints_tui.widgets.safe import clean

if TYPE_CHECKING:
    from complaints_tui.domain.policy import PolicyProfile
    from complaints_tui.services.session import Store

PANES = (
    ("about", "About"),
    ("timeline", "Timeline"),
    ("parts", "Parts"),
    ("put-right", "Put right"),
    ("notes", "Notes"),
    ("letters", "Letters"),
)


class CaseWorkspace(AppScreen[None]):
    SCOPE = Scope.WORKSPACE
    HELP_TITLE = "the case"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.WORKSPACE))
    DEFAULT_CSS = """
    CaseWorkspace #case-head { height: auto; padding: 0 1; border-bottom: solid $primary; }
    CaseWorkspace TabbedContent { height: 1fr; }
    CaseWorkspace TabPane { padding: 0 1; }
    """

    def __init__(self, session: AppSession, case_id: int) -> None:
        super().__init__(session)
        self.case_id = case_id
        self.case: CaseDetail | None = None
        self.timeline: list[TimelineEntry] = []
        self.desk: Desk | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(Text("Opening the case…"), id="case-head")
        with TabbedContent(id="panes"):
            for pane_id, title in PANES:
                with TabPane(title, id=f"pane-{pane_id}"), VerticalScroll():
                    yield Static(id=f"{pane_id}-text")
        yield AppFooter()

    def on_mount(self) -> None:
        self.set_context("Case")
        self.reload()
        self.watch_changes(self._changed_elsewhere, every=5.0)

    @property
    def is_ready(self) -> bool:
        return self.case is not None

    # -- reading -----------------------------------------------------------------------------

    def reload(self) -> None:
        from complaints_tui.services.cases.advice import stage_advice
        from complaints_tui.services.cases.case_view import case_timeline, get_case
        from complaints_tui.services.errors import ServiceError
        from complaints_tui.services.letters.compose import response_draft
        from complaints_tui.services.people.users import list_users

        case_id, today = self.case_id, self.session.today()
        users = self.desk.users if self.desk is not None else None

        def read(store: Store) -> tuple[CaseDetail, list[TimelineEntry], Desk]:
            detail = get_case(store, case_id, today=today)
            staff = users if users is not None else tuple(list_users(store))
            draft = ""
            if detail.status is CaseStatus.OPEN and detail.stage >= 1:
                try:
                    draft = response_draft(store, case_id, today=today)
                except ServiceError:
                    draft = ""  # a broken template: the form offers the plain draft instead
            desk = Desk(staff, stage_advice(store, case_id), f"{today:%-d/%-m/%Y}", draft)
            return detail, case_timeline(store, case_id), desk

        self.run_service(read, self._loaded, group="case-load", exclusive=True)

    def _changed_elsewhere(self) -> None:
        if self.app.screen is self:  # a form on top keeps its own copy until it saves
            self.reload()

    def _loaded(self, loaded: tuple[CaseDetail, list[TimelineEntry], Desk]) -> None:
        self.case, self.timeline, self.desk = loaded
        self.set_context(f"Case {self.case.reference}")
        self.query_one("#case-head", Static).update(render_head(self.case))
        names = {user.id: user.name for user in self.desk.users}
        self.query_one("#timeline-text", Static).update(render_timeline(self.timeline, names))
        self.query_one("#about-text", Static).update(render_about(self.case))
        self.query_one("#parts-text", Static).update(render_parts(self.case))
        self.query_one("#put-right-text", Static).update(render_put_right(self.case))
        self.query_one("#notes-text", Static).update(render_notes(self.case))
        self.query_one("#letters-text", Static).update(render_letters(self.case))
        self.keys_depend_on(*(self._applies(name) for name in APPLIES))

    def updated(self, detail: CaseDetail) -> None:
        """A form saved (or read the case again after a conflict): show the case as it is."""
        self.case = detail
        self.reload()

    # -- actions -----------------------------------------------------------------------------

    def _applies(self, name: str) -> bool:
        if self.case is None or self.desk is None:
            return False
        return APPLIES[name](self.case, self.desk)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in APPLIES:
            return self._applies(action)
        if action in ("explain_days", "letters"):
            return self.case is not None
        return True

    def _open_form(self, name: str) -> None:
        if self.case is None or self.desk is None or not self._applies(name):
            return
        form = FORMS[name](self.case, self.desk)

        def saved(detail: CaseDetail | None) -> None:
            if detail is not None:
                self.updated(detail)

        self.app.push_screen(CaseActionDialog(self.session, self.case, form, self.updated), saved)

    def action_acknowledge(self) -> None:
        self._open_form("acknowledge")

    def action_assign(self) -> None:
        self._open_form("assign")

    def action_extend(self) -> None:
        self._open_form("extend")

    def action_add_component(self) -> None:
        self._open_form("add_component")

    def action_record_decision(self) -> None:
        self._open_form("record_decision")

    def action_add_remedy(self) -> None:
        self._open_form("add_remedy")

    def action_record_redress(self) -> None:
        """The redress calculator for this case, under the profile the case was opened with."""
        case = self.case
        if case is None or not self._applies("record_redress"):
            return
        profile = self.session.profile
        if profile is not None and profile.id == case.profile_id:
            self._open_calculator(case, profile)
            return
        from complaints_tui.services.cases.findings import case_profile

        self.run_service(
            lambda store: case_profile(case.profile_id),
            lambda found: self._open_calculator(case, found),
        )

    def _open_calculator(self, case: CaseDetail, profile: PolicyProfile) -> None:
        from complaints_tui.screens.redress import RedressCalculatorScreen

        def saved(detail: CaseDetail | None) -> None:
            if detail is not None:
                self.updated(detail)

        calculator = RedressCalculatorScreen(self.session, profile, case, self.updated)
        self.app.push_screen(calculator, saved)

    def action_add_action(self) -> None:
        self._open_form("add_action")

    def action_mark_done(self) -> None:
        self._open_form("mark_done")

    def action_add_note(self) -> None:
        self._open_form("add_note")

    def action_log_contact(self) -> None:
        self._open_form("log_contact")

    def action_send_response(self) -> None:
        self._open_form("send_response")

    def action_request_escalation(self) -> None:
        self._open_form("request_escalation")

    def action_decline_review(self) -> None:
        self._open_form("decline_review")

    def action_open_next_stage(self) -> None:
        self._open_form("open_next_stage")

    def action_withdraw(self) -> None:
        self._open_form("withdraw")

    def action_close_case(self) -> None:
        self._open_form("close_case")

    def action_reopen(self) -> None:
        self._open_form("reopen")

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.dismiss()

    def action_letters(self) -> None:
        if self.case is None:
            return
        from complaints_tui.screens.letters import LetterPicker, read_menu

        case, today = self.case, self.session.today()
        self.run_service(
            lambda store: read_menu(store, case.id, today),
            lambda menu: self.app.push_screen(LetterPicker(self.session, case, menu), self._picked),
            group="letters",
            exclusive=True,
        )

    def _picked(self, choice: str | None) -> None:
        if choice is None or self.case is None:
            return
        from complaints_tui.domain.letters import Letter
        from complaints_tui.screens.letters import LetterPreview

        case, today = self.case, self.session.today()
        what, _, value = choice.partition(":")

        def read(store: Store) -> tuple[Letter, object]:
            if what == "sent":
                from complaints_tui.services.letters.sent import open_sent_letter

                info, letter = open_sent_letter(store, int(value))
                return letter, info
            from complaints_tui.services.letters.compose import compose_letter

            return compose_letter(store, case.id, LetterKind(value), today=today), None

        def show(found: tuple[Letter, object]) -> None:
            letter, info = found
            screen = LetterPreview(self.session, case, letter, info)  # type: ignore[arg-type]

            def back(detail: CaseDetail | None) -> None:
                if detail is not None:
                    self.updated(detail)

            self.app.push_screen(screen, back)

        self.run_service(read, show, group="letters", exclusive=True)

    def action_explain_days(self) -> None:
        if self.case is None:
            return
        text = Text("Days the deadlines' counts skipped\n\n", style="bold")
        for deadline in self.case.deadlines:
            text.append(f"Stage {deadline.stage} {deadline.kind} by {show_day(deadline.due_on)}\n")
            skipped = deadline.skipped
            if deadline.unit != "working":
                text.append("  counted in calendar days: every day counts\n", style="dim")
            elif not skipped:
                text.append("  every day counted was a working day\n", style="dim")
            for day in skipped:
                text.append(f"  • {show_day(day.day)}: {clean(day.reason)}\n")
        pane = self.query_one(TabbedContent)
        pane.active = "pane-timeline"
        self.query_one("#timeline-text", Static).update(text)


# -- what the panes show (untrusted text only as Text, never markup) -----------------------------


def render_head(case: CaseDetail) -> Text:
    summary = case.summary
    text = Text()
    text.append(clean(case.reference), style="bold")
    text.append(f"  {summary.kind.label} · {standing(summary.status, summary.stage)}")
    text.append("  Handler: ")
    text.append(clean(summary.handler_name) or "unassigned", style="bold")
    where = " › ".join(part for part in (case.service_area, case.category) if part)
    if where:
        text.append(f"  {clean(where)}")
    text.append("\nResident: ")
    text.append(clean(summary.resident_name) or "anonymous", style="bold")
    if case.representative is not None:
        text.append(f" (through {clean(case.representative.name)})")
    if summary.status is CaseStatus.WITHDRAWN:
        text.append(f"\nWithdrawn on {show_day(case.withdrawn_on)}: no deadline runs.")
        return text
    if summary.status is CaseStatus.CLOSED:
        text.append(f"\nClosed on {show_day(case.closed_on)}.")
        return text
    for deadline in case.deadlines:
        if deadline.stage != summary.stage:
            continue
        if summary.status is CaseStatus.RESPONDED and deadline.kind != "escalate":
            continue  # answered: only the resident's window to go further is running
        state = deadline.state
        text.append(f"\n{state.symbol} {deadline.kind.capitalize()} by ")
        text.append(show_day(deadline.due_on), style="bold")
        text.append(f" — {state.label}")
        if deadline.extended:
            text.append(f" (extended from {show_day(deadline.original_due_on)})")
    return text


def _letter_kind(value: object) -> str:
    try:
        return LetterKind(str(value)).label
    except ValueError:
        return str(value)


def _letter_channel(value: object) -> str:
    try:
        return LetterChannel(str(value)).label.lower()
    except ValueError:
        return str(value)


def render_timeline(entries: list[TimelineEntry], names: dict[int, str]) -> Text:
    text = Text()
    for entry in reversed(entries):
        text.append(f"{entry.at:%a %-d %b %Y %H:%M}  ", style="dim")
        text.append(clean(entry.label), style="bold")
        text.append(f" · {clean(entry.actor_name)}")
        said = describe(entry, names)
        if said:
            text.append(f"\n   {clean(said)}")
        text.append("\n")
    return text or Text("Nothing has happened yet.", style="dim")


def _channel(value: object) -> str:
    try:
        return f"by {Channel(str(value)).label.lower()}: "
    except ValueError:
        return ""


def _on(value: object) -> str:
    """An ISO date from an event as people read it."""
    try:
        return show_day(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _pounds(pence: object) -> str:
    return format_pence(pence) if isinstance(pence, int) else ""


def _listed(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def describe(entry: TimelineEntry, names: dict[int, str]) -> str:
    """What an event did, in words (the raw change for an action not described here)."""
    after, before = entry.after, entry.before

    def who(key: str) -> str:
        value = after.get(key)
        return names.get(value, f"user {value}") if isinstance(value, int) else "nobody"

    described: dict[str, Callable[[], str]] = {
        "contact_logged": lambda: (
            f"{str(after.get('kind', '')).replace('_', ' ')} by "
            f"{str(after.get('channel', '')).replace('_', ' ')}: {after.get('say', '')}"
        ),
        "stage_opened": lambda: (
            f"Stage 1, received {_on(after.get('stage_received_on'))}; handler {who('handler_id')}"
        ),
        "acknowledged": lambda: f"on {_on(after.get('acknowledged_on'))}",
        "assigned": lambda: f"to {who('handler_id')}",
        "reviewer_allocated": lambda: f"{who('handler_id')}",
        "extended": lambda: (
            f"from {_on(before.get('respond_by'))} to "
            f"{_on(after.get('respond_by'))}: {after.get('reason', '')} "
            f"(told by {after.get('how_told', '')})"
        ),
        "component_added": lambda: str(after.get("summary", "")),
        "decision_recorded": lambda: (
            f"{str(after.get('decision', '')).replace('_', ' ')}: {after.get('finding', '')}"
        ),
        "remedy_added": lambda: f"{after.get('description', '')} by {_on(after.get('due_on'))}",
        "response_sent": lambda: f"on {_on(after.get('responded_on'))}",
        "escalation_requested": lambda: (
            f"stage {after.get('stage')}, asked on {_on(after.get('requested_on'))}"
        ),
        "note_added": lambda: str(after.get("text", "")),
        "remedy_done": lambda: f"on {_on(after.get('done_on'))}",
        "action_added": lambda: (
            f"{after.get('description', '')} — {who('owner_id')}, by {_on(after.get('due_on'))}"
        ),
        "action_done": lambda: f"on {_on(after.get('done_on'))}",
        "redress_recorded": lambda: _pounds(after.get("total_pence")),
        "letter_sent": lambda: (
            f"{_letter_kind(after.get('kind'))} by {_letter_channel(after.get('channel'))} "
            f"to {after.get('recipient', '')}"
        ),
        "quick_fix_recorded": lambda: f"{after.get('agreed_fix', '')}",
        "review_declined": lambda: f"{after.get('declined_reason', '')}",
        "withdrawn": lambda: (
            f"by {after.get('withdrawn_by', '')} on {_on(after.get('withdrawn_on'))}: "
            f"{after.get('withdrawn_reason', '')}"
        ),
        "reopened": lambda: str(after.get("reason", "")),
        "compliment_routed": lambda: f"to {after.get('person_or_team', '')}",
        "case_contact_logged": lambda: (
            f"{_channel(after.get('channel'))}{after.get('summary', after.get('text', ''))}"
        ),
        "closed": lambda: (
            f"on {_on(after.get('closed_on'))}; learning: "
            + ", ".join(str(tag) for tag in _listed(after.get("learning_tags")))
        ),
    }
    action = described.get(entry.action)
    try:
        return action() if action is not None else entry.summary
    except (TypeError, ValueError):
        return entry.summary


def render_about(case: CaseDetail) -> Text:
    """What the complaint is about, in the resident's words, and what was done to its dates."""
    summary = case.summary
    text = Text("What happened\n", style="bold")
    text.append(clean(case.description, multiline=True) + "\n")
    if case.desired_outcome:
        text.append("\nOutcome wanted\n", style="bold")
        text.append(clean(case.desired_outcome, multiline=True) + "\n")
    text.append(f"\nReceived {show_day(summary.received_on)} by {summary.channel.label.lower()}")
    if case.representative is not None:
        rep = case.representative
        confirmed = "authority confirmed" if rep.authority_confirmed else "authority not confirmed"
        text.append(f"; through {clean(rep.name)} ({clean(rep.relation)}, {confirmed})")
    text.append("\n")
    if case.out_of_time_reason:
        text.append(f"Accepted out of time: {clean(case.out_of_time_reason)}\n")
    for deadline in case.deadlines:
        for ext in deadline.extensions:
            text.append(
                f"Stage {deadline.stage} response moved from {show_day(ext.previous_due_on)} to "
                f"{show_day(ext.new_due_on)} by {clean(ext.by_name)}: {clean(ext.reason)} "
                f"(told by {clean(ext.how_told)} on {show_day(ext.told_on)})\n"
            )
    if case.withdrawn_on is not None:
        text.append(
            f"Withdrawn by {clean(case.withdrawn_by)} on {show_day(case.withdrawn_on)}: "
            f"{clean(case.withdrawn_reason)}\n"
        )
    return text


def render_parts(case: CaseDetail) -> Text:
    text = Text()
    for part in case.components:
        text.append(f"Stage {part.stage} · ", style="dim")
        text.append(clean(part.summary) + "\n", style="bold")
        text.append("  Finding: " + (clean(part.finding) or "not recorded yet") + "\n")
        decision = part.decision.value.replace("_", " ") if part.decision else "not decided yet"
        text.append(f"  Decision: {decision}")
        if part.overturned:
            text.append(" (overturned at review)", style="bold")
        text.append("\n")
    return text or Text("No parts yet: press c to add one.", style="dim")


def render_put_right(case: CaseDetail) -> Text:
    text = Text("Remedies\n", style="bold")
    for remedy in case.remedies:
        done = f"done {show_day(remedy.done_on)}" if remedy.done_on else "to do"
        text.append(f"• {clean(remedy.description)} — by {show_day(remedy.due_on)}, {done}\n")
    if not case.remedies:
        text.append("None yet: press r to add one.\n", style="dim")
    text.append("\nRedress\n", style="bold")
    if case.redress is None:
        text.append("None recorded: press m to work it out.\n", style="dim")
    else:
        text.append(f"{format_pence(case.redress.total_pence)}\n", style="bold")
        text.append(clean(case.redress.breakdown, multiline=True) + "\n")
    text.append("\nOutstanding actions\n", style="bold")
    for action in case.actions:
        done = f"done {show_day(action.done_on)}" if action.done_on else "to do"
        text.append(
            f"• {clean(action.description)} — {clean(action.owner_name)}, "
            f"by {show_day(action.due_on)}, {done}\n"
        )
    if not case.actions:
        text.append("None: press o to add one.\n", style="dim")
    return text


def render_notes(case: CaseDetail) -> Text:
    text = Text()
    for note in getattr(case, "notes", []):
        what = "Contact" if note.kind == "contact" else "Note"
        how = f" ({note.channel.label})" if note.channel is not None else ""
        text.append(f"{note.at:%a %-d %b %Y %H:%M}  {what}{how} · ", style="dim")
        text.append(clean(note.by_name) + "\n", style="bold")
        text.append(clean(note.text, multiline=True) + "\n\n")
    return text or Text(
        "No notes or contacts yet: press n to add a note, l to log a contact.", style="dim"
    )


def render_letters(case: CaseDetail) -> Text:
    text = Text()
    if case.letters:
        text.append("Letters sent (T opens one as it was sent)\n", style="bold")
        for sent in case.letters:
            text.append(
                f"{sent.at:%a %-d %b %Y %H:%M}  {sent.kind.label} · stage {sent.stage} · "
                f"{sent.channel.label.lower()} · to {clean(sent.recipient)} · "
                f"{clean(sent.by_name)}\n"
            )
        text.append("\n")
    if case.quick_fix is not None and case.quick_fix.letter_text:
        text.append("Quick-fix confirmation\n", style="bold")
        text.append(clean(case.quick_fix.letter_text, multiline=True) + "\n\n")
    for row in case.stages:
        if row.response_letter:
            text.append(f"Stage {row.stage} response ({show_day(row.responded_on)})\n", "bold")
            text.append(clean(row.response_letter, multiline=True) + "\n\n")
    return text or Text("No letters sent yet.", style="dim")
