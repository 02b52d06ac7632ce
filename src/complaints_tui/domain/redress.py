"""Redress calculator (SPEC §6): financial loss, a time-and-trouble band, missed appointments.

Derby Homes' rules; the figures (bands, failure types, £10 a missed appointment, the 08:00 and
12:00 notice times) come from the profile's `[redress]` table.

Money is integer pence. Arithmetic uses `Decimal`; every step is rounded to the penny with
ROUND_HALF_UP and the next step starts from the rounded figure, so the steps shown to the
resident can be checked with a calculator and always add up to the total.

Depreciation of a possession (Derby Homes: "market value, age and condition"):

1. Age: straight line over the item's expected life. Value = price × (life − age) / life, but
   never below a floor of 20 % of the price: an old item that still worked had a use the
   resident has lost. An item at or past its expected life is worth the floor. Without an
   expected life the item is assumed to last `DEFAULT_EXPECTED_LIFE_MONTHS` (shown in the steps).
2. Condition: the age step already allows for ordinary wear, so new and good condition keep
   the value (×1); fair ×0.8; poor ×0.5.

A direct cost (a cleaning bill, extra utilities, takeaway meals) is paid as spent. Every loss
item's category must be one of the profile's `loss_categories` (SPEC §6 lists Derby Homes').

A band's note is part of the reasoning: the £1,000+ band carries "Consider a legal or insurance
route." (SPEC §6; seed 003: "whether the matter would be best directed via a legal or insurance
route"), so it is printed under the band line.

Missed appointments: £10 each when we did not attend and did not tell the resident by 08:00
that day (morning slot) or 12:00 (afternoon slot), UK time. "By 08:00" means at or before
08:00:00: notice is judged to the second, as a clock shows the time (fractions of a second are
dropped), so a call logged at 08:00:00 is in time and one at 08:00:01 is late. (Until this was
settled, notice was judged to the minute and 08:00:59 counted as "by 08:00"; that favoured us,
not the resident, over a cut-off the policy states as a time.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from zoneinfo import ZoneInfo

from complaints_tui.domain.policy import PolicyProfile, RedressBand

UK_TIME = ZoneInfo("Europe/London")
DEFAULT_EXPECTED_LIFE_MONTHS = 60
DEPRECIATION_FLOOR = Decimal("0.20")


class Condition(StrEnum):
    NEW = "new"
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"

    @property
    def factor(self) -> Decimal:
        return _CONDITION_FACTORS[self]


_CONDITION_FACTORS = {
    Condition.NEW: Decimal(1),
    Condition.GOOD: Decimal(1),
    Condition.FAIR: Decimal("0.8"),
    Condition.POOR: Decimal("0.5"),
}


class Slot(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"


class RedressError(ValueError):
    """Redress the profile's rules do not allow; the message is a sentence."""


class BandError(RedressError):
    """A band award that the profile's rules do not allow; the message is a sentence."""


class LossCategoryError(RedressError):
    """A loss item whose category is not one of the profile's loss categories."""


def format_pence(pence: int) -> str:
    """2 → "£0.02", 123456 → "£1,234.56", -500 → "-£5.00"."""
    sign = "-" if pence < 0 else ""
    pounds, pennies = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{pennies:02d}"


def parse_pounds(text: str) -> int:
    """ "£1,234.56", "1234.5" or "250" as exact pence; `ValueError` with the sentence to show for
    anything that is not an amount of pounds and pence."""
    cleaned = text.strip().replace("£", "").replace(",", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(f"{text.strip()} is not an amount of money, e.g. 250.00.") from error
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError("Give the amount in pounds and pence, e.g. 250.00.")
    return int(amount * 100)


def _to_penny(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _percent(fraction: Decimal) -> str:
    text = f"{(fraction * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}"
    return text.removesuffix(".0") + "%"


@dataclass(frozen=True)
class LossItem:
    """A possession to replace (depreciated), or a direct cost (`direct_cost=True`)."""

    description: str
    category: str
    price_pence: int  # replacement price, or the amount spent for a direct cost
    age_months: int = 0
    condition: Condition = Condition.NEW
    expected_life_months: int | None = None
    direct_cost: bool = False

    def __post_init__(self) -> None:
        if self.price_pence < 0:
            raise ValueError(f"{self.description}: the price cannot be negative")
        if self.age_months < 0:
            raise ValueError(f"{self.description}: the age cannot be negative")
        if self.expected_life_months is not None and self.expected_life_months <= 0:
            raise ValueError(f"{self.description}: the expected life must be at least a month")

    @classmethod
    def cost(cls, description: str, category: str, amount_pence: int) -> LossItem:
        """A direct cost: paid as spent, no depreciation."""
        return cls(description, category, amount_pence, direct_cost=True)


def check_loss_item(profile: PolicyProfile, item: LossItem) -> None:
    """Raise `LossCategoryError` unless the item's category is one of the profile's."""
    categories = profile.redress.loss_categories
    if item.category in categories:
        return
    if not categories:
        raise LossCategoryError(f"The {profile.name} policy lists no categories of financial loss.")
    known = "; ".join(categories)
    raise LossCategoryError(
        f"{item.description}: “{item.category}” is not a category of financial loss in the "
        f"{profile.name} policy (its categories: {known})."
    )


@dataclass(frozen=True)
class ItemValuation:
    item: LossItem
    value_pence: int
    steps: tuple[str, ...]


def value_item(item: LossItem) -> ItemValuation:
    """The item's value and the plain-English steps that reached it."""
    price = format_pence(item.price_pence)
    if item.direct_cost:
        return ItemValuation(
            item, item.price_pence, (f"{item.description}: {price} spent, paid in full",)
        )
    life = item.expected_life_months
    assumed = "" if life is not None else " (assumed)"
    life = life if life is not None else DEFAULT_EXPECTED_LIFE_MONTHS
    left = Decimal(life - item.age_months) / Decimal(life)
    if left <= DEPRECIATION_FLOOR:
        aged = _to_penny(item.price_pence * DEPRECIATION_FLOOR)
        where = (
            f"past its expected life of {life} months{assumed}"
            if left <= 0
            else f"{_percent(left)} of an expected {life}{assumed} left"
        )
        age_step = (
            f"{item.description} bought for {price}, {item.age_months} months old: {where} "
            f"→ floor of {_percent(DEPRECIATION_FLOOR)} = {format_pence(aged)}"
        )
    else:
        aged = _to_penny(item.price_pence * left)
        age_step = (
            f"{item.description} bought for {price}, {item.age_months} months old of an expected "
            f"{life}{assumed} → {_percent(left)} of life left = {format_pence(aged)}"
        )
    factor = item.condition.factor
    if factor == 1:
        value = aged
        condition_step = f"condition {item.condition.value} (no reduction) → {format_pence(value)}"
    else:
        value = _to_penny(aged * factor)
        condition_step = f"condition {item.condition.value} (×{factor}) → {format_pence(value)}"
    return ItemValuation(item, value, (age_step, condition_step))


@dataclass(frozen=True)
class BandAward:
    """Time, trouble and inconvenience: a band of the profile, an amount in it, and why."""

    band: RedressBand
    amount_pence: int
    failure_types: tuple[str, ...]
    reason: str = ""


def band_range(band: RedressBand, *, compact: bool = False) -> str:
    """The band's amounts: "£50.00 to £100.00" in a sentence, "£50.00–£100.00" in a list."""
    low = format_pence(band.min_pence)
    if band.max_pence is None:
        return f"{low}+" if compact else f"{low} or more"
    high = format_pence(band.max_pence)
    return f"{low}–{high}" if compact else f"{low} to {high}"


def check_band_award(profile: PolicyProfile, award: BandAward) -> None:
    """Raise `BandError` unless the award fits the profile's bands and failure types."""
    rules = profile.redress
    if award.band not in rules.bands:
        raise BandError(f"“{award.band.label}” is not one of the {profile.name} redress bands.")
    where = f"the band “{award.band.label}” ({band_range(award.band)})"
    amount = format_pence(award.amount_pence)
    if award.amount_pence < award.band.min_pence:
        raise BandError(f"{amount} is below {where}.")
    if award.band.max_pence is not None and award.amount_pence > award.band.max_pence:
        raise BandError(f"{amount} is above {where}.")
    if not award.failure_types:
        raise BandError("Choose at least one failure type that justifies the award.")
    unknown = [name for name in award.failure_types if name not in rules.failure_types]
    if unknown:
        raise BandError(f"“{unknown[0]}” is not a failure type in the {profile.name} policy.")


def choose_band(
    profile: PolicyProfile,
    band: RedressBand | str,
    amount_pence: int,
    failure_types: tuple[str, ...] | list[str],
    reason: str = "",
) -> BandAward:
    """A checked band award; `band` is a band of the profile or its label."""
    if isinstance(band, str):
        found = next((b for b in profile.redress.bands if b.label == band), None)
        if found is None:
            raise BandError(f"“{band}” is not one of the {profile.name} redress bands.")
        band = found
    award = BandAward(band, amount_pence, tuple(failure_types), reason)
    check_band_award(profile, award)
    return award


@dataclass(frozen=True)
class Appointment:
    day: date
    slot: Slot
    attended: bool
    told_at: datetime | None = None  # when we told the resident we would not come (tz-aware)

    def __post_init__(self) -> None:
        if self.told_at is not None and self.told_at.utcoffset() is None:
            raise ValueError("told_at must be timezone-aware")


@dataclass(frozen=True)
class AppointmentCheck:
    appointment: Appointment
    amount_pence: int
    reason: str

    @property
    def payable(self) -> bool:
        return self.amount_pence > 0


def _notice_deadline(profile: PolicyProfile, appointment: Appointment) -> datetime:
    rules = profile.redress
    text = (
        rules.morning_notice_by if appointment.slot is Slot.MORNING else rules.afternoon_notice_by
    )
    return datetime.combine(appointment.day, time.fromisoformat(text), tzinfo=UK_TIME)


def check_appointment(profile: PolicyProfile, appointment: Appointment) -> AppointmentCheck:
    """Whether a missed-appointment payment is due, and the sentence saying why."""
    when = f"{appointment.slot.value} appointment on {appointment.day:%a %d %b %Y}"
    if appointment.attended:
        return AppointmentCheck(appointment, 0, f"The {when} was attended.")
    deadline = _notice_deadline(profile, appointment)
    pay = profile.redress.missed_appointment_pence
    if appointment.told_at is None:
        return AppointmentCheck(
            appointment,
            pay,
            f"The {when} was missed and the resident was not told: {format_pence(pay)}.",
        )
    # Judged to the second, as a clock shows it: 08:00:00 is "by 08:00", 08:00:01 is not.
    told = appointment.told_at.astimezone(UK_TIME).replace(microsecond=0)
    clock = "%H:%M" if told.second == 0 else "%H:%M:%S"
    told_text = f"{told.strftime(clock)} on {told:%a %d %b}"
    if told <= deadline:
        return AppointmentCheck(
            appointment,
            0,
            f"The {when} was missed, but the resident was told at {told_text}, "
            f"by {deadline:%H:%M} that day: no payment.",
        )
    return AppointmentCheck(
        appointment,
        pay,
        f"The {when} was missed and the resident was told only at {told_text}, "
        f"after {deadline:%H:%M} that day: {format_pence(pay)}.",
    )


@dataclass(frozen=True)
class RedressPart:
    heading: str
    amount_pence: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class RedressCalculation:
    profile_id: str
    losses: tuple[ItemValuation, ...]
    band_award: BandAward | None
    appointments: tuple[AppointmentCheck, ...]
    parts: tuple[RedressPart, ...]

    @property
    def total_pence(self) -> int:
        return sum(part.amount_pence for part in self.parts)

    def breakdown(self) -> list[str]:
        """The reasoning in plain English, part by part, ending with the total."""
        lines: list[str] = []
        for part in self.parts:
            lines.append(f"{part.heading}: {format_pence(part.amount_pence)}")
            lines.extend(f"  {line}" for line in part.lines)
        lines.append(f"Total: {format_pence(self.total_pence)}")
        return lines


def calculate(
    profile: PolicyProfile,
    loss_items: list[LossItem] | tuple[LossItem, ...],
    band_award: BandAward | None,
    appointments: list[Appointment] | tuple[Appointment, ...],
) -> RedressCalculation:
    """Value every part under the profile's rules; a part with nothing in it is left out."""
    for item in loss_items:
        check_loss_item(profile, item)
    losses = tuple(value_item(item) for item in loss_items)
    checks = tuple(check_appointment(profile, appointment) for appointment in appointments)
    parts: list[RedressPart] = []
    if losses:
        lines = tuple("; ".join(valuation.steps) + "." for valuation in losses)
        parts.append(RedressPart("Financial loss", sum(v.value_pence for v in losses), lines))
    if band_award is not None:
        check_band_award(profile, band_award)
        line = (
            f"Band “{band_award.band.label}” ({band_range(band_award.band)}) for "
            f"{', '.join(band_award.failure_types)}."
        )
        note = band_award.band.note.strip()
        reason = band_award.reason.strip()
        lines = (line, *((note,) if note else ()), *((reason,) if reason else ()))
        parts.append(RedressPart("Time, trouble and inconvenience", band_award.amount_pence, lines))
    if checks:
        parts.append(
            RedressPart(
                "Missed appointments",
                sum(check.amount_pence for check in checks),
                tuple(check.reason for check in checks),
            )
        )
    return RedressCalculation(profile.id, losses, band_award, checks, tuple(parts))
