"""The calculator's inputs saved with a redress (SPEC §6, issue 10): kept beside the parts, read
back as they were, and the total worked out again under the case's profile before it is kept."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from complaints_tui import services as s
from complaints_tui.domain.redress import UK_TIME, Appointment, Condition, LossItem, Slot
from complaints_tui.domain.redress_inputs import BandChoice, CalculatorInputs, calculate_inputs
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, last_action, use_profile
from tests.services.test_stage1 import acknowledged

DAMP = CalculatorInputs(
    (LossItem("Carpet", "carpet / flooring", 60_000, 36, Condition.FAIR),),
    BandChoice(
        "Serious failure, no permanent impact",
        25_000,
        ("unreasonable delay", "missed appointments"),
        "Damp left for months",
    ),
    (
        Appointment(
            date(2026, 1, 12), Slot.MORNING, False, datetime(2026, 1, 12, 7, 30, tzinfo=UK_TIME)
        ),
        Appointment(date(2026, 1, 19), Slot.MORNING, False),
    ),
)


def test_inputs_round_trip_through_json() -> None:
    assert CalculatorInputs.from_json(DAMP.to_json()) == DAMP
    with pytest.raises(ValueError, match="cannot be read"):
        CalculatorInputs.from_json({"loss_items": [{"category": "x"}]})


def test_the_inputs_are_kept_and_the_total_must_be_theirs(store: Store, staff: Staff) -> None:
    use_profile(store, staff, "derby-homes")
    case = acknowledged(store, staff)
    calculation = calculate_inputs(s.case_profile(case.profile_id), DAMP)
    assert calculation.total_pence == 45_200
    parts = tuple(s.RedressPart(p.heading, p.amount_pence) for p in calculation.parts)
    breakdown = "\n".join(calculation.breakdown())
    wrong = s.RedressInput(45_300, (*parts[:-1], s.RedressPart(parts[-1].label, 1_100)), "", {})
    with pytest.raises(s.RuleViolation, match=r"give £452\.00, not £453\.00"):
        s.record_redress(
            store,
            staff.manager,
            case.id,
            case.version,
            s.RedressInput(wrong.total_pence, wrong.parts, breakdown, DAMP.to_json()),
            now=at(2026, 1, 20),
        )
    saved = s.record_redress(
        store,
        staff.manager,
        case.id,
        case.version,
        s.RedressInput(45_200, parts, breakdown, DAMP.to_json()),
        now=at(2026, 1, 20),
    )
    assert saved.redress is not None and saved.redress.total_pence == 45_200
    assert saved.redress.inputs is not None
    assert CalculatorInputs.from_json(saved.redress.inputs) == DAMP
    assert last_action(store, case.id) == "redress_recorded"
    fetched = s.get_case(store, case.id)
    assert fetched.redress is not None and fetched.redress.parts == parts
