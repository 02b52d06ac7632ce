"""The triage questions of the landlord's profile, answered with a key each.

The kind questions come first, the commonest at the top, so a complaint is "1 2": unhappy, and
wants a response or action. The exclusion checks the profile uses appear once the answers make
it a complaint. Digits 1–9 toggle the numbered question of the list with focus; Space or Enter
toggles the highlighted one. A long question wraps, so it is read in full at 80 columns.

Where the profile excludes legal action only once a claim is filed at court (the Code), a
follow-up question appears below the legal-action choice when legal action is chosen, and only
then: the other flows keep exactly the questions and numbers they had.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Select, Static
from textual.widgets.option_list import Option

from complaints_tui.domain.policy import PolicyProfile
from complaints_tui.domain.triage import (
    AnswerType,
    LegalAction,
    QuestionGroup,
    TriageQuestion,
    TriageResult,
    questions_for,
)
from complaints_tui.ui_commands import Scope, bindings_for

# Kind questions in the order a call handler meets them (the domain lists them in rule order).
KIND_ORDER = (
    "dissatisfied",
    "wants_response_or_action",
    "first_time_reported",
    "is_question",
    "is_praise",
    "is_suggestion",
    "from_mp_or_councillor",
    "about_neighbour_behaviour",
    "about_handling_of_asb_report",
)
# Answered elsewhere on the form (who is calling, the dates, the override reason).
FORM_KEYS = {"representative", "anonymous", "issue_known_on", "exceptional_circumstances"}
# Asked below the legal-action choice, only once legal action is chosen.
COURT_KEY = "legal_claim_filed_at_court"


class Question(Option):
    """One numbered yes/no question; `value` is its answer key."""

    def __init__(self, number: int, key: str, prompt: str) -> None:
        self.number, self.value, self.text, self.ticked = number, key, prompt, False
        super().__init__(self._render(), id=key)

    def _render(self) -> Table:
        # A grid, so a question too long for the line wraps under its own words (a hanging
        # indent) and is read in full at 80 columns; the tick is a symbol, not only a colour.
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        mark = Text("[x]" if self.ticked else "[ ]", style="bold" if self.ticked else "")
        grid.add_row(mark, Text.assemble((f"{self.number} ", "bold"), self.text))
        return grid

    def set_ticked(self, ticked: bool) -> None:
        self.ticked = ticked
        self._set_prompt(self._render())


class NumberedList(OptionList):
    """Yes/no questions; a digit ticks or unticks the question with that number, Space or
    Enter the highlighted one. Posts `Changed` when an answer changes."""

    SCOPE = Scope.TRIAGE
    BINDINGS: ClassVar[list[BindingType]] = list(bindings_for(Scope.TRIAGE))

    class Changed(Message):
        """A question was ticked or unticked."""

    def __init__(
        self, questions: Iterable[TriageQuestion], *, id: str | None = None, classes: str = ""
    ) -> None:
        super().__init__(
            *(Question(n, q.key, q.prompt) for n, q in enumerate(questions, start=1)),
            id=id,
            classes=classes,
        )

    def get_option_at_index(self, index: int) -> Question:
        option = super().get_option_at_index(index)
        assert isinstance(option, Question)
        return option

    @property
    def selected(self) -> list[str]:
        return [q.value for q in self._questions() if q.ticked]

    def _questions(self) -> list[Question]:
        return [self.get_option_at_index(i) for i in range(self.option_count)]

    def set_ticked(self, key: str, ticked: bool, *, quietly: bool = False) -> None:
        for index, question in enumerate(self._questions()):
            if question.value == key and question.ticked != ticked:
                question.set_ticked(ticked)
                self.replace_option_prompt_at_index(index, question.prompt)
                if not quietly:
                    self.post_message(self.Changed())

    def toggle(self, key: str) -> None:
        question = next(q for q in self._questions() if q.value == key)
        self.set_ticked(key, not question.ticked)

    def action_toggle_number(self, number: int) -> None:
        if number <= self.option_count:
            self.highlighted = number - 1
            self.toggle(self.get_option_at_index(number - 1).value)

    def action_toggle_highlighted(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.get_option_at_index(self.highlighted).value)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter (or a click) on a question ticks it, as Space does
        self.toggle(self.get_option_at_index(event.option_index).value)


class TriagePanel(Vertical):
    """Kind questions, then (for a complaint) the profile's exclusion checks, then the verdict."""

    class Changed(Message):
        """An answer changed; the screen re-triages and saves the draft."""

    def __init__(self, profile: PolicyProfile, *, id: str | None = None) -> None:
        super().__init__(id=id)
        questions = [q for q in questions_for(profile) if q.applies]
        by_key = {q.key: q for q in questions}
        self.kind_questions = [by_key[key] for key in KIND_ORDER if key in by_key]
        self.check_questions = [
            q
            for q in questions
            if q.group is not QuestionGroup.KIND
            and q.answer_type is AnswerType.YES_NO
            and q.key not in FORM_KEYS
            and q.key != COURT_KEY
        ]
        self.legal_question = by_key.get("legal_action")
        court = by_key.get(COURT_KEY)
        self.court_question = court if self.legal_question is not None else None
        self.border_title = "Triage: what is this contact?"

    def compose(self) -> ComposeResult:
        yield NumberedList(self.kind_questions, id="kind-questions")
        with Vertical(id="complaint-checks", classes="hidden"):
            yield Static(
                Text("Complaint checks (press a digit for each that applies)"),
                classes="field-label",
            )
            yield NumberedList(self.check_questions, id="check-questions")
            if self.legal_question is not None:
                yield Static(Text(self.legal_question.prompt), classes="field-label")
                yield Select(
                    [(label, value) for value, label in self.legal_question.choices],
                    value=LegalAction.NONE.value,
                    allow_blank=False,
                    id="legal-action",
                )
                if self.court_question is not None:
                    yield NumberedList([self.court_question], id="court-question", classes="hidden")
        yield Static(Text("Answer the questions above."), id="triage-verdict")

    # -- answers -------------------------------------------------------------------------

    def answers(self) -> dict[str, Any]:
        """The yes answers (and the legal action) as TriageAnswers keyword arguments."""
        chosen: dict[str, Any] = {
            key: True for key in self.query_one("#kind-questions", NumberedList).selected
        }
        chosen.update(
            {key: True for key in self.query_one("#check-questions", NumberedList).selected}
        )
        if self.legal_question is not None and self._legal_action_chosen():
            chosen["legal_action"] = self.query_one("#legal-action", Select).value
            if self.court_question is not None:
                court = self.query_one("#court-question", NumberedList)
                if COURT_KEY in court.selected:
                    chosen[COURT_KEY] = True
        return chosen

    def _legal_action_chosen(self) -> bool:
        value = self.query_one("#legal-action", Select).value
        return isinstance(value, str) and value != LegalAction.NONE.value

    def _show_court_question(self) -> None:
        if self.court_question is not None:
            court = self.query_one("#court-question", NumberedList)
            court.set_class(not self._legal_action_chosen(), "hidden")

    def set_answers(self, answers: Mapping[str, Any]) -> None:
        with self.prevent(Select.Changed):
            list_ids = ["#kind-questions", "#check-questions"]
            if self.court_question is not None:
                list_ids.append("#court-question")
            for list_id in list_ids:
                widget = self.query_one(list_id, NumberedList)
                for index in range(widget.option_count):
                    key = widget.get_option_at_index(index).value
                    widget.set_ticked(key, answers.get(key) is True, quietly=True)
            legal = answers.get("legal_action")
            if self.legal_question is not None and isinstance(legal, str):
                self.query_one("#legal-action", Select).value = legal
        self._show_court_question()

    @on(NumberedList.Changed)
    @on(Select.Changed, "#legal-action")
    def _answered(self, event: Message) -> None:
        event.stop()
        self._show_court_question()
        self.post_message(self.Changed())

    # -- verdict -------------------------------------------------------------------------

    def show(self, result: TriageResult | None, *, complaint_checks: bool) -> None:
        has_checks = bool(self.check_questions) or self.legal_question is not None
        self.query_one("#complaint-checks").set_class(
            not (complaint_checks and has_checks), "hidden"
        )
        verdict = self.query_one("#triage-verdict", Static)
        if result is None:
            verdict.update(Text("Answer the questions above: 1 if the resident is unhappy."))
            verdict.set_class(False, "-excluded")
            return
        verdict.set_class(not result.accepted, "-excluded")
        verdict.update(describe_result(result))


def describe_result(result: TriageResult) -> Text:
    """The verdict in words: the kind, accepted or why not, the sentence to read, warnings."""
    line = Text()
    line.append(f"{result.kind.label}", style="bold")
    if result.accepted:
        line.append(" · accepted as a complaint")
        if result.override_applied:
            line.append(" (out of time: exceptional circumstances)")
        if result.held_for_authority:
            line.append(" · held until authority is confirmed")
    elif result.exclusion is not None:
        line.append(" · not accepted: ")
        line.append(result.exclusion.label)
    elif result.kind.value == "complaint":
        line.append(" · not accepted")
    else:
        line.append(" · not a complaint")
    line.append("\nSay: ", style="bold")
    line.append(f"“{result.say}”", style="italic")
    for warning in result.warnings:
        line.append("\n⚠ ", style="bold")
        line.append(warning)
    return line
