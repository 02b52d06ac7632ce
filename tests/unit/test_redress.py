"""Redress (SPEC §6): notice times to the minute, band bounds, depreciation, exact totals."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from complaints_tui.domain.policy import PolicyProfile, RedressBand, load_profile
from complaints_tui.domain.redress import (
    UK_TIME,
    Appointment,
    BandAward,
    BandError,
    Condition,
    LossCategoryError,
    LossItem,
    RedressError,
    Slot,
    calculate,
    check_appointment,
    check_loss_item,
    choose_band,
    format_pence,
    value_item,
)
from complaints_tui.locations import policies_dir

DERBY: PolicyProfile = load_profile("derby-homes", policies_dir())
DAY = date(2025, 12, 2)  # a Tuesday in winter: UK time is UTC


def uk(day: date, hour: int, minute: int, second: int = 0, micro: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=UK_TIME)


@pytest.mark.parametrize(
    ("pence", "text"),
    [
        (0, "£0.00"),
        (5, "£0.05"),
        (1000, "£10.00"),
        (123456, "£1,234.56"),
        (100_000_000, "£1,000,000.00"),
        (-500, "-£5.00"),
    ],
)
def test_format_pence(pence: int, text: str) -> None:
    assert format_pence(pence) == text


# Missed appointments ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slot", "told", "pay"),
    [
        (Slot.MORNING, uk(DAY, 7, 59), 0),
        (Slot.MORNING, uk(DAY, 7, 59, 59), 0),
        (Slot.MORNING, uk(DAY, 8, 0), 0),  # "by 08:00" means at or before 08:00:00
        (Slot.MORNING, uk(DAY, 8, 0, 0, 999_999), 0),  # a clock still shows 08:00:00
        (Slot.MORNING, uk(DAY, 8, 0, 1), 1000),  # judged to the second: late
        (Slot.MORNING, uk(DAY, 8, 0, 40), 1000),  # was "08:00" when judged to the minute
        (Slot.MORNING, uk(DAY, 8, 1), 1000),
        (Slot.MORNING, uk(DAY - timedelta(days=1), 17, 30), 0),  # the day before
        (Slot.MORNING, uk(DAY + timedelta(days=1), 7, 0), 1000),  # the day after
        (Slot.MORNING, None, 1000),
        (Slot.AFTERNOON, uk(DAY, 11, 59), 0),
        (Slot.AFTERNOON, uk(DAY, 11, 59, 59), 0),
        (Slot.AFTERNOON, uk(DAY, 12, 0), 0),
        (Slot.AFTERNOON, uk(DAY, 12, 0, 1), 1000),
        (Slot.AFTERNOON, uk(DAY, 12, 1), 1000),
        (Slot.MORNING, uk(DAY, 11, 59), 1000),  # in time for an afternoon slot, not a morning one
        (Slot.AFTERNOON, uk(DAY, 9, 0), 0),  # after the morning cut-off is fine for afternoon
        (Slot.AFTERNOON, None, 1000),
    ],
)
def test_missed_appointment_notice(slot: Slot, told: datetime | None, pay: int) -> None:
    check = check_appointment(DERBY, Appointment(DAY, slot, attended=False, told_at=told))
    assert check.amount_pence == pay
    assert check.payable is (pay > 0)


def test_the_reason_shows_the_seconds_that_made_notice_late() -> None:
    late = check_appointment(DERBY, Appointment(DAY, Slot.MORNING, False, uk(DAY, 8, 0, 1)))
    assert late.reason == (
        "The morning appointment on Tue 02 Dec 2025 was missed and the resident was told only "
        "at 08:00:01 on Tue 02 Dec, after 08:00 that day: £10.00."
    )
    on_time = check_appointment(DERBY, Appointment(DAY, Slot.AFTERNOON, False, uk(DAY, 12, 0)))
    assert on_time.reason == (
        "The afternoon appointment on Tue 02 Dec 2025 was missed, but the resident was told at "
        "12:00 on Tue 02 Dec, by 12:00 that day: no payment."
    )


def test_an_attended_appointment_is_never_paid() -> None:
    check = check_appointment(DERBY, Appointment(DAY, Slot.MORNING, attended=True))
    assert check.amount_pence == 0
    assert "attended" in check.reason


def test_notice_is_judged_in_uk_time_in_summer() -> None:
    summer = date(2025, 7, 1)  # BST: 07:30 UTC is 08:30 in the UK
    late = Appointment(summer, Slot.MORNING, False, datetime(2025, 7, 1, 7, 30, tzinfo=UTC))
    in_time = Appointment(summer, Slot.MORNING, False, datetime(2025, 7, 1, 6, 59, tzinfo=UTC))
    assert check_appointment(DERBY, late).amount_pence == 1000
    assert check_appointment(DERBY, in_time).amount_pence == 0
    winter = Appointment(DAY, Slot.MORNING, False, datetime(2025, 12, 2, 7, 59, tzinfo=UTC))
    assert check_appointment(DERBY, winter).amount_pence == 0
    # 07:00:00 UTC is 08:00:00 BST: in time; a second later is not.
    edge = Appointment(summer, Slot.MORNING, False, datetime(2025, 7, 1, 7, 0, 0, tzinfo=UTC))
    assert check_appointment(DERBY, edge).amount_pence == 0
    second_late = datetime(2025, 7, 1, 7, 0, 1, tzinfo=UTC)
    assert check_appointment(DERBY, replace(edge, told_at=second_late)).amount_pence == 1000


def test_a_naive_told_at_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Appointment(DAY, Slot.MORNING, False, datetime(2025, 12, 2, 7, 0))


def test_amount_and_cut_off_come_from_the_profile() -> None:
    redress = DERBY.redress.model_copy(
        update={"missed_appointment_pence": 1500, "morning_notice_by": "09:00"}
    )
    other = DERBY.model_copy(update={"redress": redress})
    at_830 = Appointment(DAY, Slot.MORNING, False, uk(DAY, 8, 30))
    assert check_appointment(DERBY, at_830).amount_pence == 1000
    assert check_appointment(other, at_830).amount_pence == 0
    assert check_appointment(other, Appointment(DAY, Slot.MORNING, False)).amount_pence == 1500


# Bands -----------------------------------------------------------------------------------------

FAILURE = ("unreasonable delay",)
CLOSED_BANDS = [band for band in DERBY.redress.bands if band.max_pence is not None]


@pytest.mark.parametrize("band", CLOSED_BANDS, ids=[b.label for b in CLOSED_BANDS])
def test_band_bounds_are_inclusive_and_a_penny_outside_is_refused(band: RedressBand) -> None:
    assert band.max_pence is not None
    assert choose_band(DERBY, band, band.min_pence, FAILURE).amount_pence == band.min_pence
    assert choose_band(DERBY, band.label, band.max_pence, FAILURE).amount_pence == band.max_pence
    assert choose_band(DERBY, band, band.min_pence + 1, FAILURE).amount_pence == band.min_pence + 1
    assert choose_band(DERBY, band, band.max_pence - 1, FAILURE).amount_pence == band.max_pence - 1
    with pytest.raises(BandError, match="is below the band"):
        choose_band(DERBY, band, band.min_pence - 1, FAILURE)
    with pytest.raises(BandError, match="is above the band"):
        choose_band(DERBY, band, band.max_pence + 1, FAILURE)


@pytest.mark.parametrize(
    ("label", "low", "high"),
    [
        ("Distress, inconvenience, delay", 5000, 10000),
        ("Serious failure, no permanent impact", 10000, 60000),
        ("Significant impact or prolonged failure", 60000, 100000),
    ],
)
def test_each_bands_figures_a_penny_either_side(label: str, low: int, high: int) -> None:
    # The figures typed from SPEC §6, not read back from the profile.
    for amount in (low, low + 1, high - 1, high):
        assert choose_band(DERBY, label, amount, FAILURE).amount_pence == amount
    for amount in (low - 1, high + 1):
        with pytest.raises(BandError):
            choose_band(DERBY, label, amount, FAILURE)


def test_a_shared_bound_belongs_to_both_bands() -> None:
    low, middle, high, top = DERBY.redress.bands
    assert choose_band(DERBY, low, 10000, FAILURE).band == low
    assert choose_band(DERBY, middle, 10000, FAILURE).band == middle
    assert choose_band(DERBY, high, 100000, FAILURE).band == high
    assert choose_band(DERBY, top, 100000, FAILURE).band == top


def test_the_refusal_is_a_sentence_with_the_amounts() -> None:
    with pytest.raises(BandError) as caught:
        choose_band(DERBY, DERBY.redress.bands[0], 10001, FAILURE)
    assert str(caught.value) == (
        "£100.01 is above the band “Distress, inconvenience, delay” (£50.00 to £100.00)."
    )


def test_the_top_band_is_open_ended() -> None:
    top = DERBY.redress.bands[-1]
    assert top.max_pence is None
    assert choose_band(DERBY, top, 100000, FAILURE).amount_pence == 100000
    assert choose_band(DERBY, top, 100001, FAILURE).amount_pence == 100001
    assert choose_band(DERBY, top, 2_500_000, FAILURE).amount_pence == 2_500_000
    with pytest.raises(BandError, match=r"£999\.99 is below .*£1,000\.00 or more"):
        choose_band(DERBY, top, 99999, FAILURE)


def test_failure_types_are_required_and_must_be_the_profiles() -> None:
    band = DERBY.redress.bands[1]
    with pytest.raises(BandError, match="at least one failure type"):
        choose_band(DERBY, band, 20000, [])
    with pytest.raises(BandError, match="“bad vibes” is not a failure type"):
        choose_band(DERBY, band, 20000, ["missed appointments", "bad vibes"])
    award = choose_band(DERBY, band, 20000, ["missed appointments", "poor complaint handling"])
    assert award.failure_types == ("missed appointments", "poor complaint handling")


def test_an_unknown_band_is_refused() -> None:
    with pytest.raises(BandError, match="not one of the Derby Homes redress bands"):
        choose_band(DERBY, "Mild annoyance", 5000, FAILURE)


def test_calculate_rechecks_an_award_built_by_hand() -> None:
    award = BandAward(DERBY.redress.bands[0], 20000, FAILURE)
    with pytest.raises(BandError, match="above the band"):
        calculate(DERBY, [], award, [])


# Depreciation ----------------------------------------------------------------------------------


def test_the_worked_example_from_the_docstring() -> None:
    sofa = LossItem("Sofa", "damage to property or possessions", 40000, 36, Condition.FAIR, 96)
    valuation = value_item(sofa)
    assert valuation.value_pence == 20000
    assert valuation.steps == (
        "Sofa bought for £400.00, 36 months old of an expected 96 → 62.5% of life left = £250.00",
        "condition fair (×0.8) → £200.00",
    )


@pytest.mark.parametrize(
    ("age", "condition", "value"),
    [
        (0, Condition.NEW, 40000),
        (48, Condition.GOOD, 20000),
        (48, Condition.POOR, 10000),
        (76, Condition.GOOD, 8333),  # 20/96 left = 20.83 %: just above the floor
        (80, Condition.GOOD, 8000),  # 16.7 % left: the floor of 20 %
        (96, Condition.GOOD, 8000),  # at the end of its life
        (240, Condition.GOOD, 8000),  # long past it
        (240, Condition.POOR, 4000),  # the condition still applies to the floor
    ],
)
def test_straight_line_depreciation_with_a_floor(
    age: int, condition: Condition, value: int
) -> None:
    item = LossItem("Wardrobe", "damage to property or possessions", 40000, age, condition, 96)
    assert value_item(item).value_pence == value


def test_an_item_past_its_expected_life_says_so() -> None:
    old = LossItem("Carpet", "carpet / flooring", 60000, 150, Condition.FAIR, 120)
    valuation = value_item(old)
    assert valuation.value_pence == 9600  # £600 × 20 % = £120, × 0.8
    assert "past its expected life of 120 months → floor of 20% = £120.00" in valuation.steps[0]


def test_without_an_expected_life_the_default_is_assumed_and_shown() -> None:
    item = LossItem("Kettle", "damage to property or possessions", 3000, 30)
    valuation = value_item(item)
    assert valuation.value_pence == 1500
    assert "of an expected 60 (assumed)" in valuation.steps[0]


def test_rounding_is_half_up_to_the_penny_at_each_step() -> None:
    # 333p × 1/2 = 166.5p → 167p (banker's rounding would give 166p); × 0.8 = 133.6p → 134p.
    item = LossItem("Lamp", "damage to property or possessions", 333, 1, Condition.FAIR, 2)
    valuation = value_item(item)
    assert valuation.value_pence == 134
    assert valuation.steps[0].endswith("= £1.67")


def test_a_direct_cost_is_paid_as_spent() -> None:
    bill = LossItem.cost("Cleaning bill", "cleaning", 8550)
    assert value_item(bill).value_pence == 8550
    assert value_item(bill).steps == ("Cleaning bill: £85.50 spent, paid in full",)


@pytest.mark.parametrize(
    ("price", "age", "life", "problem"),
    [(-1, 1, None, "price"), (100, -1, None, "age"), (100, 1, 0, "expected life")],
)
def test_impossible_items_are_refused(price: int, age: int, life: int | None, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        LossItem("Chair", "damage", price, age, Condition.GOOD, life)


# The whole calculation -------------------------------------------------------------------------


def test_totals_are_exact_and_the_breakdown_reads_in_plain_english() -> None:
    items = [
        LossItem("Sofa", "damage to property or possessions", 40000, 36, Condition.FAIR, 96),
        LossItem.cost("Takeaway meals, 9 days", "takeaway / ready meals", 12345),
        LossItem.cost("Extra electricity for heaters", "utilities", 3333),
    ]
    award = choose_band(DERBY, DERBY.redress.bands[1], 25001, ["loss of a facility"], "No oven.")
    visits = [
        Appointment(DAY, Slot.MORNING, False, uk(DAY, 8, 1)),
        Appointment(DAY, Slot.AFTERNOON, False, uk(DAY, 12, 0)),
        Appointment(DAY + timedelta(days=1), Slot.AFTERNOON, False),
    ]
    result = calculate(DERBY, items, award, visits)
    assert [part.amount_pence for part in result.parts] == [35678, 25001, 2000]
    assert result.total_pence == 62679
    lines = result.breakdown()
    assert lines[0] == "Financial loss: £356.78"
    assert lines[1].startswith("  Sofa bought for £400.00")
    assert lines[1].endswith("condition fair (×0.8) → £200.00.")
    assert "Time, trouble and inconvenience: £250.01" in lines
    assert "  No oven." in lines
    assert "Missed appointments: £20.00" in lines
    assert any("told only at 08:01" in line for line in lines)
    assert lines[-1] == "Total: £626.79"


def test_an_empty_calculation_is_zero() -> None:
    result = calculate(DERBY, [], None, [])
    assert result.parts == ()
    assert result.total_pence == 0
    assert result.breakdown() == ["Total: £0.00"]


def test_the_top_band_tells_the_handler_to_consider_a_legal_or_insurance_route() -> None:
    top = DERBY.redress.bands[-1]
    award = choose_band(DERBY, top, 150000, ["loss of a facility"], "Ten months without heating.")
    lines = calculate(DERBY, [], award, []).breakdown()
    assert lines == [
        "Time, trouble and inconvenience: £1,500.00",
        "  Band “Seriously detrimental impact” (£1,000.00 or more) for loss of a facility.",
        "  Consider a legal or insurance route.",
        "  Ten months without heating.",
        "Total: £1,500.00",
    ]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_lower_bands_carry_no_legal_route_note(index: int) -> None:
    band = DERBY.redress.bands[index]
    award = choose_band(DERBY, band, band.min_pence, FAILURE)
    lines = calculate(DERBY, [], award, []).breakdown()
    assert not any("legal or insurance" in line for line in lines)
    assert len(lines) == 3  # heading, band line, total


# Loss categories -------------------------------------------------------------------------------


def test_a_loss_outside_the_profiles_categories_is_refused() -> None:
    items = [
        LossItem.cost("Cleaning bill", "cleaning", 8550),
        LossItem.cost("Taxi to work", "travel", 2000),
    ]
    with pytest.raises(LossCategoryError) as caught:
        calculate(DERBY, items, None, [])
    assert str(caught.value) == (
        "Taxi to work: “travel” is not a category of financial loss in the Derby Homes policy "
        "(its categories: cleaning; carpet / flooring; utilities; takeaway / ready meals; "
        "damage to property or possessions)."
    )
    assert isinstance(caught.value, RedressError)


def test_categories_are_matched_exactly() -> None:
    with pytest.raises(LossCategoryError, match="“Cleaning”"):
        check_loss_item(DERBY, LossItem.cost("Cleaning bill", "Cleaning", 100))
    for category in DERBY.redress.loss_categories:
        check_loss_item(DERBY, LossItem.cost("Anything", category, 100))


def test_a_profile_with_no_loss_categories_refuses_every_loss() -> None:
    none = DERBY.model_copy(
        update={"redress": DERBY.redress.model_copy(update={"loss_categories": ()})}
    )
    with pytest.raises(LossCategoryError, match="lists no categories of financial loss"):
        calculate(none, [LossItem.cost("Cleaning bill", "cleaning", 100)], None, [])


# An old item -----------------------------------------------------------------------------------


def test_an_old_item_is_worth_the_floor_and_the_steps_say_why() -> None:
    # A washing machine bought 15 years ago for £450, expected to last 10 years, still working.
    machine = LossItem(
        "Washing machine", "damage to property or possessions", 45000, 180, Condition.GOOD, 120
    )
    valuation = value_item(machine)
    assert valuation.value_pence == 9000  # £450 × 20 %
    assert valuation.steps == (
        "Washing machine bought for £450.00, 180 months old: past its expected life of 120 "
        "months → floor of 20% = £90.00",
        "condition good (no reduction) → £90.00",
    )
    older = replace(machine, age_months=600)
    assert value_item(older).value_pence == 9000  # never below the floor, however old
