"""The capture form as data: read into a draft or the intake service's `CallCapture`, filled
back from a draft, and asked whether leaving would lose anything. Mixed into `CaptureScreen`."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Checkbox, Input, Select, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from complaints_tui.domain.kinds import Channel
from complaints_tui.domain.triage import Representative, TriageAnswers
from complaints_tui.widgets.dates import DateUnreadable, parse_day, show_day
from complaints_tui.widgets.safe import clean
from complaints_tui.widgets.triage import TriagePanel

if TYPE_CHECKING:
    from complaints_tui.screens.base import AppScreen
    from complaints_tui.services.intake.types import CallCapture
    from complaints_tui.services.people.types import ResidentFlags, ServiceAreaInfo

    _Screen = AppScreen[None]
else:
    _Screen = object  # a plain mixin (see SessionScreen)

NEW_REP = "new"
REP_FIELDS = {"rep_name": "name", "rep_relation": "relation"}  # box: representative's field
REP_TITLES = {"rep_name": "The representative's name", "rep_relation": "Their relation"}
TEXT_FIELDS = ("rep_name", "rep_relation", "rep_how", "issue_known_on", "exceptional", "desired")
# Typed boxes whose words change the triage's verdict (the description and outcome do not).
TRIAGE_INPUTS = frozenset(TEXT_FIELDS) - {"desired"}


def category_options(areas: list[ServiceAreaInfo]) -> list[tuple[Text, str]]:
    """ "Area › Category" choices (and each area on its own); the value is "area:category"."""
    options: list[tuple[Text, str]] = []
    for area in areas:
        options.append((Text(clean(area.name)), f"{area.id}:"))
        options.extend(
            (Text(f"{clean(area.name)} › {clean(name)}"), f"{area.id}:{category_id}")
            for category_id, name in area.categories
        )
    return options


def split_category(value: object) -> tuple[int | None, int | None]:
    if not isinstance(value, str) or ":" not in value:
        return None, None
    area, _, category = value.partition(":")
    return (int(area) if area else None), (int(category) if category else None)


def field_label(text: str) -> Static:
    return Static(Text(text), classes="field-label")


class DescriptionArea(TextArea, inherit_bindings=False):
    """The description box without TextArea's F6/F7 selection keys (the capture's Stage 1 and
    Log win anyway, as priority keys, but the box's own made the footer list F6 before F5)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding
        for binding in TextArea.BINDINGS
        if not (isinstance(binding, Binding) and binding.key in {"f6", "f7"})
    ]


VERDICT_HINT = "Triage: answer the questions (1 if the resident is unhappy, 2 if they want action)."


class CaptureForm(_Screen):
    resident_id: int | None
    flags: ResidentFlags | None
    quick_fix_text: dict[str, str]

    def fields(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            name: self.query_one(f"#{name}", Input).value for name in TEXT_FIELDS
        }
        for name in ("channel", "caller", "rep", "category"):
            value = self.query_one(f"#{name}", Select).value
            values[name] = None if value is Select.NULL else value
        values["rep_confirmed"] = self.query_one("#rep_confirmed", Checkbox).value
        values["offered"] = self.query_one("#offered", Checkbox).value
        values["description"] = self.query_one("#description", TextArea).text
        values["answers"] = self.query_one(TriagePanel).answers()
        values["quick_fix"] = dict(self.quick_fix_text)
        description = self.query_one("#description", TextArea)
        values["cursor"] = list(description.cursor_location)
        values["focus"] = self.focused.id if self.focused is not None else None
        return values

    def apply_fields(self, values: dict[str, Any]) -> None:
        for name in TEXT_FIELDS:
            if isinstance(values.get(name), str):
                self.query_one(f"#{name}", Input).value = values[name]
        for name in ("channel", "caller", "rep", "category"):
            select = self.query_one(f"#{name}", Select)
            value = values.get(name)
            if value is not None:
                with contextlib.suppress(InvalidSelectValueError):
                    select.value = value
        self.query_one("#rep_confirmed", Checkbox).value = bool(values.get("rep_confirmed"))
        self.query_one("#offered", Checkbox).value = bool(values.get("offered"))
        self.query_one("#description", TextArea).load_text(str(values.get("description", "")))
        answers = values.get("answers")
        if isinstance(answers, dict):
            self.query_one(TriagePanel).set_answers(answers)
        quick_fix = values.get("quick_fix")
        if isinstance(quick_fix, dict):
            self.quick_fix_text = {str(k): str(v) for k, v in quick_fix.items()}
        self._put_cursor_back(values)

    def _put_cursor_back(self, values: dict[str, Any]) -> None:
        """Focus and cursor where the handler stopped (the end of the description in a draft
        saved before they were kept), so the next key goes on from there."""
        description = self.query_one("#description", TextArea)
        cursor = values.get("cursor")
        if (
            isinstance(cursor, list)
            and len(cursor) == 2
            and all(isinstance(n, int) for n in cursor)
        ):
            description.move_cursor((cursor[0], cursor[1]))
        else:
            description.move_cursor(description.document.end)
        focus = values.get("focus")
        if isinstance(focus, str) and focus in (*TEXT_FIELDS, "description"):
            box = self.query_one(f"#{focus}")
            box.focus()
            if isinstance(box, Input):
                box.cursor_position = len(box.value)

    def issue_known_on(self) -> date | None:
        try:
            known = parse_day(self.query_one("#issue_known_on", Input).value, self.session.today())
        except DateUnreadable:
            return None
        return known if known is None or known <= self.session.today() else None

    def date_problem(self) -> str | None:
        """What is wrong with the date typed, in a sentence (None when it is fine or empty)."""
        today = self.session.today()
        try:
            known = parse_day(self.query_one("#issue_known_on", Input).value, today)
        except DateUnreadable as error:
            return str(error)
        if known is not None and known > today:
            return f"{show_day(known)} is in the future: today is {show_day(today)}."
        return None

    def representative(self) -> Representative | None:
        if self.query_one("#caller", Select).value != "representative":
            return None
        rep_id = self.query_one("#rep", Select).value
        if self.flags is not None and rep_id != NEW_REP:
            for rep in self.flags.representatives:
                if str(rep.id) == rep_id:
                    return Representative(
                        rep.name,
                        rep.relation,
                        rep.authority_confirmed_on is not None
                        or self.query_one("#rep_confirmed", Checkbox).value,
                        rep.authority_how,
                    )
        return Representative(
            self.query_one("#rep_name", Input).value.strip(),
            self.query_one("#rep_relation", Input).value.strip(),
            self.query_one("#rep_confirmed", Checkbox).value,
            self.query_one("#rep_how", Input).value.strip(),
        )

    def answers(self) -> TriageAnswers:
        chosen = self.query_one(TriagePanel).answers()
        reason = self.query_one("#exceptional", Input).value.strip()
        return TriageAnswers(
            contacted_on=self.session.today(),
            issue_known_on=self.issue_known_on(),
            representative=self.representative(),
            anonymous=self.resident_id is None,
            exceptional_circumstances=reason or None,
            **chosen,
        )

    def has_content(self) -> bool:
        """Whether leaving would lose anything the handler typed, ticked or chose."""
        values = self.fields()
        typed = [values[name] for name in (*TEXT_FIELDS, "description")]
        return (
            any(str(value).strip() for value in typed)
            or bool(values["answers"])
            or any(value.strip() for value in self.quick_fix_text.values())
            or values["rep_confirmed"]
            or values["offered"]
            or values["category"] is not None
            or values["caller"] != "resident"
            or values["channel"] != Channel.PHONE.value
        )

    def capture_data(self, quick_fix: dict[str, str]) -> CallCapture:
        """The form as the intake service wants it (gathered here, on the UI thread)."""
        from complaints_tui.services.intake.types import CallCapture, RepresentativeOnCall

        rep_id: int | None = None
        new_rep: RepresentativeOnCall | None = None
        if self.query_one("#caller", Select).value == "representative":
            chosen = self.query_one("#rep", Select).value
            if isinstance(chosen, str) and chosen != NEW_REP:
                rep_id = int(chosen)
            else:
                new_rep = RepresentativeOnCall(
                    self.query_one("#rep_name", Input).value.strip(),
                    self.query_one("#rep_relation", Input).value.strip(),
                    self.query_one("#rep_how", Input).value.strip(),
                    self.query_one("#rep_confirmed", Checkbox).value,
                )
        area_id, category_id = split_category(self.query_one("#category", Select).value)
        return CallCapture(
            channel=Channel(str(self.query_one("#channel", Select).value)),
            answers=self.answers(),
            description=self.query_one("#description", TextArea).text,
            desired_outcome=self.query_one("#desired", Input).value,
            resident_id=self.resident_id,
            representative_id=rep_id,
            new_representative=new_rep,
            service_area_id=area_id,
            category_id=category_id,
            complaint_offered=self.query_one("#offered", Checkbox).value,
            agreed_fix=quick_fix.get("agreed", ""),
            follow_up=quick_fix.get("follow_up", ""),
        )
