"""What a redress calculation was made from, kept with the figures so it can be opened again.

The calculator's inputs (loss items, the band chosen with its amount, failure types and reason,
and the appointments) as plain JSON (`to_json` / `from_json`), saved beside the parts in the
redress record. The band is kept by its label, not as a `RedressBand`: the profile's bands are
looked up again when the figures are worked out (`calculate_inputs`), so a saved total can be
checked against the rules it claims to follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from complaints_tui.domain.policy import PolicyProfile
from complaints_tui.domain.redress import (
    Appointment,
    Condition,
    LossItem,
    RedressCalculation,
    Slot,
    calculate,
    choose_band,
)

INPUTS_VERSION = 1


@dataclass(frozen=True)
class BandChoice:
    """The band as the handler chose it: a label of the profile's bands, not yet checked."""

    label: str
    amount_pence: int
    failure_types: tuple[str, ...]
    reason: str = ""


@dataclass(frozen=True)
class CalculatorInputs:
    loss_items: tuple[LossItem, ...] = ()
    band: BandChoice | None = None
    appointments: tuple[Appointment, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.loss_items and self.band is None and not self.appointments

    def to_json(self) -> dict[str, Any]:
        return {
            "version": INPUTS_VERSION,
            "loss_items": [_item_json(item) for item in self.loss_items],
            "band": None if self.band is None else _band_json(self.band),
            "appointments": [_appointment_json(a) for a in self.appointments],
        }

    @classmethod
    def from_json(cls, data: object) -> CalculatorInputs:
        """The inputs saved by `to_json`; `ValueError` for anything else."""
        if not isinstance(data, dict):
            raise ValueError("The saved redress inputs are not a record.")
        try:
            band = data.get("band")
            return cls(
                tuple(_item(raw) for raw in data.get("loss_items", [])),
                None if band is None else _band(band),
                tuple(_appointment(raw) for raw in data.get("appointments", [])),
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"The saved redress inputs cannot be read ({error}).") from error


def calculate_inputs(profile: PolicyProfile, inputs: CalculatorInputs) -> RedressCalculation:
    """The figures under the profile's rules; `RedressError` (a sentence) where they refuse."""
    award = None
    if inputs.band is not None:
        band = inputs.band
        award = choose_band(profile, band.label, band.amount_pence, band.failure_types, band.reason)
    return calculate(profile, inputs.loss_items, award, inputs.appointments)


def _item_json(item: LossItem) -> dict[str, Any]:
    return {
        "description": item.description,
        "category": item.category,
        "price_pence": item.price_pence,
        "age_months": item.age_months,
        "condition": item.condition.value,
        "expected_life_months": item.expected_life_months,
        "direct_cost": item.direct_cost,
    }


def _item(raw: dict[str, Any]) -> LossItem:
    life = raw.get("expected_life_months")
    return LossItem(
        str(raw["description"]),
        str(raw["category"]),
        _int(raw["price_pence"]),
        _int(raw.get("age_months", 0)),
        Condition(raw.get("condition", Condition.NEW.value)),
        None if life is None else _int(life),
        bool(raw.get("direct_cost", False)),
    )


def _band_json(band: BandChoice) -> dict[str, Any]:
    return {
        "label": band.label,
        "amount_pence": band.amount_pence,
        "failure_types": list(band.failure_types),
        "reason": band.reason,
    }


def _band(raw: dict[str, Any]) -> BandChoice:
    return BandChoice(
        str(raw["label"]),
        _int(raw["amount_pence"]),
        tuple(str(name) for name in raw.get("failure_types", [])),
        str(raw.get("reason", "")),
    )


def _appointment_json(appointment: Appointment) -> dict[str, Any]:
    told = appointment.told_at
    return {
        "day": appointment.day.isoformat(),
        "slot": appointment.slot.value,
        "attended": appointment.attended,
        "told_at": None if told is None else told.isoformat(),
    }


def _appointment(raw: dict[str, Any]) -> Appointment:
    told = raw.get("told_at")
    return Appointment(
        date.fromisoformat(str(raw["day"])),
        Slot(raw["slot"]),
        bool(raw.get("attended", False)),
        None if told is None else datetime.fromisoformat(str(told)),
    )


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{value!r} is not a whole number")
    return value
