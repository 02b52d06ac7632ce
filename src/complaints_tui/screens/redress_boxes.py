"""The redress calculator's item and visit boxes: what a loss item or a missed appointment puts
in them, and what was typed in them read back as the domain's `LossItem` and `Appointment`,
each refusal a `ValueError` with the sentence to show beside the box. No widgets here: the
screen (`screens.redress`) reads its boxes into a dict and hands it over."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time

from textual.widgets import Select

from complaints_tui.domain.policy import PolicyProfile
from complaints_tui.domain.redress import (
    UK_TIME,
    Appointment,
    Condition,
    LossItem,
    Slot,
    check_loss_item,
    format_pence,
    parse_pounds,
)
from complaints_tui.widgets.dates import DateUnreadable, parse_day

ITEM_BOXES = ("item-description", "item-category", "item-price", "item-age", "item-condition",
              "item-life", "item-direct")  # fmt: skip
VISIT_BOXES = ("visit-day", "visit-slot", "visit-attended", "visit-told")
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$")


def _months(text: str, label: str, *, required: bool) -> int | None:
    typed = text.strip()
    if not typed:
        if required:
            raise ValueError(f"{label}: give it in whole months, e.g. 36.")
        return None
    try:
        months = int(typed)
    except ValueError:
        raise ValueError(f"{label}: {typed} is not a whole number of months, e.g. 36.") from None
    if months < 0:
        raise ValueError(f"{label} cannot be negative.")
    return months


def parse_told(text: str, day: date, today: date) -> datetime | None:
    """When the resident was told, UK time: "07:30" (on the appointment's day) or
    "12/1/2026 07:30"; None when blank; `ValueError` with the sentence to show."""
    words = text.split()
    if not words:
        return None
    example = "e.g. 07:30 (that day) or 11/1/2026 16:00"
    clock = _CLOCK.match(words[-1])
    if len(words) > 2 or clock is None:
        raise ValueError(f"Told at: type the time, {example}.")
    try:
        told_on = parse_day(words[0], today) if len(words) == 2 else day
        at = time(int(clock[1]), int(clock[2]), int(clock[3] or 0))
    except DateUnreadable as error:
        raise ValueError(f"Told at: {error}") from error
    except ValueError:
        raise ValueError(f"Told at: {words[-1]} is not a time of day, {example}.") from None
    return datetime.combine(told_on or day, at, tzinfo=UK_TIME)


def item_boxes(item: LossItem | None) -> dict[str, object]:
    """What the item boxes hold for `item` (None: empty boxes for a new one)."""
    if item is None:
        return {
            "item-description": "", "item-category": Select.NULL, "item-price": "",
            "item-age": "", "item-condition": Condition.GOOD.value, "item-life": "",
            "item-direct": False,
        }  # fmt: skip
    life = item.expected_life_months
    return {
        "item-description": item.description,
        "item-category": item.category,
        "item-price": format_pence(item.price_pence).removeprefix("£"),
        "item-age": "" if item.direct_cost else str(item.age_months),
        "item-condition": item.condition.value,
        "item-life": "" if life is None else str(life),
        "item-direct": item.direct_cost,
    }


def visit_boxes(visit: Appointment | None) -> dict[str, object]:
    """What the visit boxes hold for `visit` (None: empty boxes for a new one)."""
    if visit is None:
        return {"visit-day": "", "visit-slot": Slot.MORNING.value, "visit-attended": False,
                "visit-told": ""}  # fmt: skip
    told = visit.told_at.astimezone(UK_TIME) if visit.told_at is not None else None
    told_text = ""
    if told is not None:
        clock = f"{told:%H:%M}" + (f":{told:%S}" if told.second else "")
        same_day = told.date() == visit.day
        told_text = clock if same_day else f"{told:%d/%m/%Y} {clock}"
    return {
        "visit-day": f"{visit.day:%d/%m/%Y}",
        "visit-slot": visit.slot.value,
        "visit-attended": visit.attended,
        "visit-told": told_text,
    }


def item_from(boxes: Mapping[str, object], profile: PolicyProfile) -> LossItem:
    """The loss item typed in the boxes; `ValueError` with the sentence to show."""
    description = str(boxes["item-description"]).strip()
    if not description:
        raise ValueError("Description: say what was lost or paid for, e.g. Carpet.")
    category = boxes["item-category"]
    if not isinstance(category, str):
        raise ValueError("Category: pick the kind of loss.")
    typed_price = str(boxes["item-price"])
    if typed_price.strip().startswith("-"):
        raise ValueError("Price cannot be negative: give what it cost, e.g. 600.00.")
    try:
        price = parse_pounds(typed_price)
    except ValueError as error:
        raise ValueError(f"Price: {error}") from None
    direct = bool(boxes["item-direct"])
    if direct:
        item = LossItem.cost(description, category, price)
    else:
        age = _months(str(boxes["item-age"]), "Age", required=True) or 0
        life = _months(str(boxes["item-life"]), "Life", required=False)
        if life == 0:
            raise ValueError("Life: an expected life is at least a month (or leave it blank).")
        condition = Condition(str(boxes["item-condition"]))
        item = LossItem(description, category, price, age, condition, life)
    check_loss_item(profile, item)
    return item


def visit_from(boxes: Mapping[str, object], today: date) -> Appointment:
    """The missed appointment typed in the boxes; `ValueError` with the sentence to show."""
    typed = str(boxes["visit-day"])
    if not typed.strip():
        raise ValueError("Date: type the appointment's date, e.g. 12/01/2026.")
    try:
        day = parse_day(typed, today)
    except DateUnreadable as error:
        raise ValueError(f"Date: {error}") from None
    assert day is not None
    told = parse_told(str(boxes["visit-told"]), day, today)
    return Appointment(day, Slot(str(boxes["visit-slot"])), bool(boxes["visit-attended"]), told)
