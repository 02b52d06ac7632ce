"""Redress properties (Hypothesis): whatever the inputs, money stays whole pence and adds up.

- the total is integer pence and never negative;
- the total is the sum of the parts, and of the amounts printed in the breakdown;
- depreciation never raises an item's value as it ages, and never lifts it above its price;
- a missed appointment costs 0 or exactly the profile's fixed amount.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from complaints_tui.domain.policy import PolicyProfile, load_profile
from complaints_tui.domain.redress import (
    Appointment,
    BandAward,
    Condition,
    LossItem,
    Slot,
    calculate,
    check_appointment,
    value_item,
)
from complaints_tui.locations import policies_dir

PROFILES = [load_profile(name, policies_dir()) for name in ("derby-homes", "hos-code")]
DERBY = PROFILES[0]
CATEGORIES = DERBY.redress.loss_categories
FAILURES = DERBY.redress.failure_types

prices = st.integers(min_value=0, max_value=10_000_000)  # up to £100,000
ages = st.integers(min_value=0, max_value=1200)
lives = st.none() | st.integers(min_value=1, max_value=600)
conditions = st.sampled_from(list(Condition))

possessions = st.builds(
    LossItem,
    description=st.just("Item"),
    category=st.sampled_from(CATEGORIES),
    price_pence=prices,
    age_months=ages,
    condition=conditions,
    expected_life_months=lives,
)
direct_costs = st.builds(
    LossItem.cost, st.just("Cost"), st.sampled_from(CATEGORIES), st.integers(0, 1_000_000)
)
items = st.lists(possessions | direct_costs, max_size=8)


@st.composite
def band_awards(draw: st.DrawFn) -> BandAward | None:
    if draw(st.booleans()):
        return None
    band = draw(st.sampled_from(DERBY.redress.bands))
    top = band.max_pence if band.max_pence is not None else band.min_pence * 50
    amount = draw(st.integers(band.min_pence, top))
    failures = draw(st.lists(st.sampled_from(FAILURES), min_size=1, max_size=3, unique=True))
    return BandAward(band, amount, tuple(failures))


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def appointments(draw: st.DrawFn) -> Appointment:
    day = draw(days)
    told: datetime | None = None
    if draw(st.booleans()):
        start = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(days=1)
        told = start + timedelta(seconds=draw(st.integers(0, 3 * 24 * 3600)))
    return Appointment(day, draw(st.sampled_from(list(Slot))), draw(st.booleans()), told)


PART_HEADING = re.compile(r"^(?P<heading>[^ ].*): -?£(?P<amount>[0-9,]+\.[0-9]{2})$")


def _pence(text: str) -> int:
    pounds, pennies = text.replace(",", "").split(".")
    return int(pounds) * 100 + int(pennies)


@settings(max_examples=300)
@given(items, band_awards(), st.lists(appointments(), max_size=6))
def test_the_total_is_whole_pence_never_negative_and_adds_up(
    losses: list[LossItem], award: BandAward | None, visits: list[Appointment]
) -> None:
    result = calculate(DERBY, losses, award, visits)
    total = result.total_pence
    assert type(total) is int and total >= 0
    assert all(type(part.amount_pence) is int for part in result.parts)
    assert total == sum(part.amount_pence for part in result.parts)
    # Each part is the sum of its own pieces.
    expected = [
        sum(v.value_pence for v in result.losses),
        award.amount_pence if award is not None else 0,
        sum(check.amount_pence for check in result.appointments),
    ]
    assert sum(expected) == total
    # The breakdown as printed: the part headings add up to the printed total.
    lines = result.breakdown()
    headings = [PART_HEADING.match(line) for line in lines[:-1] if not line.startswith("  ")]
    assert all(match is not None for match in headings)
    printed = [_pence(match["amount"]) for match in headings if match is not None]
    assert printed == [part.amount_pence for part in result.parts]
    last = PART_HEADING.match(lines[-1])
    assert last is not None and last["heading"] == "Total"
    assert _pence(last["amount"]) == sum(printed) == total


@given(
    prices,
    ages,
    st.integers(min_value=1, max_value=600),
    lives,
    conditions,
)
def test_depreciation_never_increases_value_with_age(
    price: int, age: int, more: int, life: int | None, condition: Condition
) -> None:
    younger = LossItem("Item", CATEGORIES[0], price, age, condition, life)
    older = LossItem("Item", CATEGORIES[0], price, age + more, condition, life)
    young_value = value_item(younger).value_pence
    old_value = value_item(older).value_pence
    assert 0 <= old_value <= young_value <= price


@given(prices, ages, lives)
def test_a_worse_condition_never_raises_the_value(price: int, age: int, life: int | None) -> None:
    values = [
        value_item(LossItem("Item", CATEGORIES[0], price, age, condition, life)).value_pence
        for condition in (Condition.NEW, Condition.GOOD, Condition.FAIR, Condition.POOR)
    ]
    assert values == sorted(values, reverse=True)


@given(appointments(), st.sampled_from(PROFILES), st.integers(0, 100_000))
def test_a_missed_appointment_costs_nothing_or_the_fixed_amount(
    visit: Appointment, base: PolicyProfile, fixed: int
) -> None:
    profile = base.model_copy(
        update={"redress": base.redress.model_copy(update={"missed_appointment_pence": fixed})}
    )
    check = check_appointment(profile, visit)
    assert check.amount_pence in (0, fixed)
    if visit.attended:
        assert check.amount_pence == 0
    elif visit.told_at is None:
        assert check.amount_pence == fixed
