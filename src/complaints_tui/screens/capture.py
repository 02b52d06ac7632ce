"""Capture: the call in one form, beside the resident's flags, triaged as it is typed.

Every change is saved to the user's draft at once (services.drafts), so a killed terminal loses
nothing. The verdict is re-computed on each change; F5 (quick fix), F6 (stage 1) or F7 (log)
sends the call to the intake service (`record_call`, one transaction) in a thread worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from complaints_tui.domain.kinds import Channel, ContactKind
from complaints_tui.domain.triage import TriageResult, triage
from complaints_tui.screens.base import AppScreen
from complaints_tui.screens.capture_form import (
    NEW_REP,
    REP_FIELDS,
    REP_TITLES,
    TRIAGE_INPUTS,
    VERDICT_HINT,
    CaptureForm,
    DescriptionArea,
    category_options,
    field_label,
)
from complaints_tui.screens.messages import CallFinished
from complaints_tui.services.drafts import Draft
from complaints_tui.services.session import AppSession
from complaints_tui.ui_commands import Scope, bindings_for
from complaints_tui.widgets.dates import show_day
from complaints_tui.widgets.flags import FlagsPanel
from complaints_tui.widgets.footer import AppFooter
from complaints_tui.widgets.header import AppHeader
from complaints_tui.widgets.quiet import QuietSpell
from complaints_tui.widgets.safe import clean
from complaints_tui.widgets.triage import TriagePanel, describe_result

if TYPE_CHECKING:
    from complaints_tui.services.intake.types import CallRecorded
    from complaints_tui.services.people.types import ResidentFlags, ServiceAreaInfo
    from complaints_tui.services.session import Store


class CaptureScreen(CaptureForm, AppScreen[None]):
    SCOPE = Scope.CAPTURE
    HELP_SCOPES = (Scope.CAPTURE, Scope.TRIAGE)
    HELP_TITLE = "the call capture"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.CAPTURE))
    DEFAULT_CSS = """
    CaptureScreen {
        #rep-fields, #new-rep-fields { height: auto; }
        #triage-verdict { display: none; }  /* shown in the verdict bar, always in view */
        #date-problem { color: $warning; height: auto; }
        #verdict-bar {
            height: auto;
            max-height: 9;
            border-top: solid $primary;
            padding: 0 1;
            overflow-y: auto;
        }
        #verdict-bar.-excluded { border-top: heavy $warning; }
        #time-warning { color: $warning; height: auto; margin: 0; }
        #verdict { height: auto; }
    }
    """

    def __init__(
        self, session: AppSession, resident_id: int | None, draft: Draft | None = None
    ) -> None:
        super().__init__(session)
        self.resident_id = resident_id
        self.restored = draft
        if draft is not None:
            self.resident_label = draft.resident_label
        else:
            self.resident_label = "anonymous caller" if resident_id is None else "a resident"
        self.flags: ResidentFlags | None = None
        self.areas: list[ServiceAreaInfo] = []
        self.result: TriageResult | None = None
        self.quick_fix_text: dict[str, str] = {}
        self._loading = True
        self._sending = False
        self._draft_soon = QuietSpell(self, self.save_draft)
        self._warned_unanswered = False  # a warning that goes when its cause does

    @classmethod
    def from_draft(cls, session: AppSession, draft: Draft) -> CaptureScreen:
        return cls(session, draft.resident_id, draft)

    @property
    def is_ready(self) -> bool:
        """The resident's flags and the service areas are in, and any draft is restored."""
        return not self._loading

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        profile = self.session.profile
        assert profile is not None, "the capture opens only after sign-in"
        yield AppHeader()
        with Horizontal(id="capture-body"):
            yield FlagsPanel(id="flags")
            with VerticalScroll(id="capture-form", classes="form"):
                with Horizontal(classes="row"):
                    with Vertical():
                        yield field_label("Channel")
                        yield Select(
                            [(channel.label, channel.value) for channel in Channel],
                            value=Channel.PHONE.value,
                            allow_blank=False,
                            id="channel",
                        )
                    with Vertical(id="caller-field"):
                        yield field_label("Who is calling")
                        yield Select(
                            [("The resident", "resident"), ("A representative", "representative")],
                            value="resident",
                            allow_blank=False,
                            id="caller",
                        )
                with Vertical(id="rep-fields", classes="hidden"):
                    yield field_label("Representative")
                    yield Select(
                        [("Someone new", NEW_REP)], value=NEW_REP, allow_blank=False, id="rep"
                    )
                    with Vertical(id="new-rep-fields"):
                        # Labels as well as placeholders: a placeholder is gone once typed over.
                        with Horizontal(classes="row"):
                            with Vertical():
                                yield field_label("Their name")
                                yield Input(placeholder="e.g. Carol Jones", id="rep_name")
                            with Vertical():
                                yield field_label("Relation")
                                yield Input(
                                    placeholder="daughter, advocate, MP…", id="rep_relation"
                                )
                        yield field_label("How authority was confirmed")
                        yield Input(placeholder="signed form, call to the resident…", id="rep_how")
                        yield Checkbox("Authority to act is confirmed", id="rep_confirmed")
                yield field_label("What happened (in the caller's words)")
                yield DescriptionArea(id="description", soft_wrap=True, tab_behavior="focus")
                yield field_label("When did the resident first know about it? (day/month/year)")
                yield Input(placeholder="e.g. 3/2/2026", id="issue_known_on")
                yield Static(id="date-problem", classes="hidden")
                yield Input(
                    placeholder="Exceptional circumstances: why accept it late (F8)",
                    id="exceptional",
                    classes="hidden",
                )
                yield field_label("What outcome do they want?")
                yield Input(placeholder="e.g. fix the leak and repaint", id="desired")
                yield field_label("Service area and category")
                yield Select([], prompt="Pick (type to search)", id="category")
                yield TriagePanel(profile, id="triage")
                yield Checkbox(
                    "I offered the choice of making a complaint", id="offered", classes="hidden"
                )
        with Vertical(id="verdict-bar"):
            yield Static(id="time-warning", classes="hidden")
            yield Static(Text(VERDICT_HINT), id="verdict")
        yield AppFooter()

    def on_mount(self) -> None:
        for widget in self.query("#capture-form Input, #capture-form Select"):
            widget.compact = True  # type: ignore[attr-defined]
        self.set_context(f"Call · {clean(self.resident_label)}")
        self.query_one("#description", TextArea).focus()
        if self.resident_id is None:
            self.query_one(FlagsPanel).show_anonymous()
            # No resident record to attach a representative to: the caller is just "anonymous".
            self.query_one("#caller-field").add_class("hidden")
        self.load()

    def on_resize(self) -> None:
        self.query_one(FlagsPanel).compact = self.size.width < 110 or self.size.height < 30

    def load(self) -> None:
        from complaints_tui.services.people.residents import resident_flags
        from complaints_tui.services.people.users import list_service_areas

        resident_id = self.resident_id

        def read(store: Store) -> tuple[list[ServiceAreaInfo], ResidentFlags | None]:
            flags = resident_flags(store, resident_id) if resident_id is not None else None
            return list_service_areas(store), flags

        self.run_service(read, self._loaded, group="capture-load", exclusive=True)

    def _loaded(self, loaded: tuple[list[ServiceAreaInfo], ResidentFlags | None]) -> None:
        areas, flags = loaded
        self.areas = areas
        self.query_one("#category", Select).set_options(category_options(areas))
        if flags is not None:
            self.flags = flags
            self.resident_label = f"{flags.resident.name}, {flags.resident.address}"
            self.set_context(f"Call · {clean(flags.resident.name)}")
            self.query_one(FlagsPanel).show_flags(flags, self.session.today())
            self.query_one("#rep", Select).set_options(
                [
                    *(
                        (f"{clean(rep.name)} ({clean(rep.relation)})", str(rep.id))
                        for rep in flags.representatives
                    ),
                    ("Someone new", NEW_REP),
                ]
            )
            if flags.representatives:
                self.query_one("#rep", Select).value = str(flags.representatives[0].id)
        if self.restored is not None:
            self.apply_fields(self.restored.fields)
        self._loading = False
        self.retriage()

    # -- the form as data (drafts) -------------------------------------------------------

    def save_draft(self) -> None:
        user = self.session.user
        if user is None or self._loading:
            return
        self.session.drafts.save(
            Draft(
                user_id=user.id,
                resident_id=self.resident_id,
                resident_label=self.resident_label,
                fields=self.fields(),
                anonymous=self.resident_id is None,
            )
        )

    # Typing costs the same at the first key and the 5,000th. The description only goes to the
    # draft, saved once typing pauses; a short box that changes the verdict (the date, the
    # override reason, a new representative) re-triages at once, which costs the same whatever
    # else has been typed; a choice (a tick, a list) re-triages and saves at once.

    @on(TextArea.Changed)
    def _described(self) -> None:
        if not self._loading:
            self._draft_soon.poke()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if self._loading:
            return
        if event.input.id in TRIAGE_INPUTS:
            self.retriage()
        self._draft_soon.poke()

    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(TriagePanel.Changed)
    def _chosen(self) -> None:
        if self._loading:
            return
        caller = self.query_one("#caller", Select).value
        self.query_one("#rep-fields").set_class(caller != "representative", "hidden")
        new_rep = self.query_one("#rep", Select).value == NEW_REP
        self.query_one("#new-rep-fields").set_class(not new_rep, "hidden")
        self.retriage()
        self._draft_soon.cancel()
        self.save_draft()

    def settle(self) -> None:
        """Save what typing left waiting for a pause (before the form is sent or left)."""
        self._draft_soon.flush()

    # -- triage --------------------------------------------------------------------------

    def retriage(self) -> None:
        profile = self.session.profile
        panel = self.query_one(TriagePanel)
        chosen = panel.answers()
        problem = self.date_problem()
        note = self.query_one("#date-problem", Static)
        note.update(Text(f"⚠ {problem}" if problem else ""))
        note.set_class(problem is None, "hidden")
        if profile is None or not chosen:
            self.result = None
            panel.show(None, complaint_checks=False)
            self._show_verdict(None)
            return
        self.result = triage(profile, self.answers())
        if self._warned_unanswered:
            self._warned_unanswered = False
            self.app.clear_notifications()
        panel.show(self.result, complaint_checks=self.result.kind is ContactKind.COMPLAINT)
        self.query_one("#offered").set_class(not self.result.offer_complaint, "hidden")
        self._show_verdict(self.result)

    def _show_verdict(self, result: TriageResult | None) -> None:
        """The verdict and the sentence to read, in the bar under the form (never scrolled off)."""
        bar = self.query_one("#verdict-bar")
        verdict = self.query_one("#verdict", Static)
        if result is None:
            verdict.update(Text(VERDICT_HINT))
            bar.set_class(False, "-excluded")
        else:
            verdict.update(describe_result(result))
            bar.set_class(not result.accepted, "-excluded")
        self._show_time_limit(result)
        self.keys_depend_on(result is not None and result.out_of_time, self._exceptional_given())

    def _show_time_limit(self, result: TriageResult | None) -> None:
        warning = self.query_one("#time-warning", Static)
        reason = self.query_one("#exceptional", Input)
        late = result is not None and result.out_of_time
        warning.set_class(not late, "hidden")
        reason.set_class(not late and not reason.value, "hidden")
        if result is not None and late:
            profile = self.session.profile
            months = profile.time_limit.months if profile else 0
            warning.update(
                Text(
                    f"⚠ Out of time: the {months}-month limit ended "
                    f"{show_day(result.time_limit_ends)}. F8 to record exceptional "
                    "circumstances, or F7 to log it as not accepted.",
                    style="bold",
                )
            )

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F5 only where the policy has a quick fix; F8 only for a contact out of time."""
        if action == "quick_fix":
            profile = self.session.profile
            return profile is None or profile.quick_fix.enabled
        if action == "override_time":
            late = self.result is not None and self.result.out_of_time
            return late or self._exceptional_given()
        return True

    def _exceptional_given(self) -> bool:
        return bool(self.query_one("#exceptional", Input).value)

    def action_show_flags(self) -> None:
        if self.flags is None:
            message = (
                "An anonymous caller has no flags."
                if self.resident_id is None
                else "The resident's flags are still loading."
            )
            self.notify(message, markup=False)
            return
        from complaints_tui.screens.flags import FlagsScreen

        self.app.push_screen(FlagsScreen(self.flags, self.session.today()))

    def _check_ready(self) -> TriageResult | None:
        self.settle()
        if not self.query_one("#description", TextArea).text.strip():
            self.notify("Write down what happened first.", severity="warning", markup=False)
            self.query_one("#description", TextArea).focus()
            return None
        problem = self.date_problem()
        if problem is not None:
            self.notify(problem, severity="warning", markup=False)
            self.query_one("#issue_known_on", Input).focus()
            return None
        if (
            self.query_one("#caller", Select).value == "representative"
            and self.query_one("#rep", Select).value == NEW_REP
        ):
            from complaints_tui.screens.new_resident import too_long
            from complaints_tui.services.people.residents import representative_field_limits

            held = representative_field_limits()
            limits = {box: held[field] for box, field in REP_FIELDS.items() if field in held}
            values = {name: self.query_one(f"#{name}", Input).value.strip() for name in limits}
            problem = too_long(values, limits, REP_TITLES)
            if problem is not None:
                self.notify(problem, severity="warning", markup=False)
                return None
        if self.result is None:
            self._warned_unanswered = True
            self.notify(
                "Answer the triage questions (1 if unhappy).", severity="warning", markup=False
            )
            self.query_one("#kind-questions").focus()
            return None
        return self.result

    def action_override_time(self) -> None:
        reason = self.query_one("#exceptional", Input)
        reason.remove_class("hidden")
        reason.focus()

    def action_quick_fix(self) -> None:
        result = self._check_ready()
        if result is None:
            return
        profile = self.session.profile
        if profile is None or not profile.quick_fix.enabled:
            name = profile.name if profile else "This policy"
            self.notify(
                f"{name} has no quick fix: a first-time issue fixed at once is logged as a "
                "service request (F7); any other dissatisfaction goes to stage 1 (F6).",
                severity="warning",
                markup=False,
            )
            return
        if not (result.kind is ContactKind.COMPLAINT and result.accepted):
            self.notify(
                "A quick fix is for an accepted complaint: F7 logs this contact.",
                severity="warning",
                markup=False,
            )
            return
        from complaints_tui.screens.quick_fix import QuickFixScreen

        self.app.push_screen(
            QuickFixScreen(self.quick_fix_text, self._quick_fix_typed), self._quick_fix_entered
        )

    def _quick_fix_typed(self, text: dict[str, str]) -> None:
        self.quick_fix_text = text
        self.save_draft()

    def _quick_fix_entered(self, text: dict[str, str] | None) -> None:
        if text is not None:
            self.submit("quick_fix", text)

    def action_open_stage1(self) -> None:
        result = self._check_ready()
        if result is None:
            return
        if not (result.kind is ContactKind.COMPLAINT and result.accepted):
            self.notify(
                "Only an accepted complaint opens stage 1: F7 logs this contact.",
                severity="warning",
                markup=False,
            )
            return
        self.submit("stage1", {})

    def action_log_contact(self) -> None:
        if self._check_ready() is not None:
            self.submit("log", {})

    def action_discard_call(self) -> None:
        self.confirm_leave(lambda: self.post_message(CallFinished()))

    def confirm_leave(self, then: Callable[[], object], question: str | None = None) -> None:
        """Ask before the call is thrown away (only when something would be lost); on yes,
        drop the draft and run `then`."""
        from complaints_tui.screens.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            user = self.session.user
            if discard and user is not None:
                self._draft_soon.cancel()
                self.session.drafts.discard(user.id)
                then()

        if not self.has_content():
            answered(True)
            return
        self.app.push_screen(
            ConfirmScreen(question or "Throw this call away? What you typed will be lost."),
            answered,
        )

    def submit(self, how: str, quick_fix: dict[str, str]) -> None:
        """Save the call in one transaction; on failure nothing is saved and the form stays."""
        from complaints_tui.services.intake.calls import record_call
        from complaints_tui.services.intake.types import CallOutcome

        if self._sending:  # a second F6 while the first is saving would log the contact twice
            self.notify("Saving the contact…", markup=False)
            return
        self._sending = True
        call, outcome = self.capture_data(quick_fix), CallOutcome(how)
        actor, now = self.session.actor(), self.session.now()
        self.run_service(
            lambda store: record_call(store, actor, call, outcome, now=now),
            self._submitted,
            failed=self._not_sent,
            group="capture-submit",
        )

    def _not_sent(self, error: BaseException) -> None:
        self._sending = False
        self.report(error)

    def _submitted(self, recorded: CallRecorded) -> None:
        from complaints_tui.screens.readout import ReadoutScreen, readout_for

        self._draft_soon.cancel()  # the call is saved: no draft may be written after this
        user = self.session.user
        if user is not None:
            self.session.drafts.discard(user.id)
        readout = ReadoutScreen(self.session, readout_for(recorded))
        self.app.switch_screen(readout)
        # Warnings about the form are stale on the read-out; cleared once it is up (clearing
        # while the form was being replaced raced Textual's header update).
        readout.call_after_refresh(self.app.clear_notifications)
