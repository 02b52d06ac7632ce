"""Departures from the Complaint Handling Code, on the shipped profiles and on edited copies."""

from __future__ import annotations

from typing import Any

import pytest

from complaints_tui.domain.code_check import (
    code_notes,
    departures_from_code,
    shortest_calendar_span,
)
from complaints_tui.domain.policy import (
    ClockStart,
    DayUnit,
    ExtensionRule,
    HandlerRule,
    Period,
    PolicyProfile,
    load_profile,
)
from complaints_tui.locations import policies_dir

CODE = load_profile("hos-code", policies_dir())


def keys(profile: PolicyProfile) -> set[str]:
    return {departure.key for departure in departures_from_code(profile)}


def with_stage(profile: PolicyProfile, number: int, **changes: Any) -> PolicyProfile:
    stages = tuple(
        stage.model_copy(update=changes) if stage.number == number else stage
        for stage in profile.stages
    )
    return profile.model_copy(update={"stages": stages})


def test_the_code_itself_has_no_departures_and_no_notes() -> None:
    assert departures_from_code(CODE) == []
    assert code_notes(CODE) == []


def test_derby_homes_follows_the_code() -> None:
    assert departures_from_code(load_profile("derby-homes", policies_dir())) == []


def test_derwent_living_departs_with_three_stages_and_a_quick_fix() -> None:
    derwent = load_profile("derwent-living", policies_dir())
    assert keys(derwent) == {
        "quick_fix.enabled",
        "stages",
        "time_limit.months",
        "time_limit.exceptions_allowed",
        "stages[0].extension",
        "stages[0].escalation_window",
        "stages[1].extension",
        "stages[1].escalation_window",
        "stages[1].may_decline",
    }
    stages = next(d for d in departures_from_code(derwent) if d.key == "stages")
    assert stages.requirement == "Exactly two stages; stage 2 is final."
    assert "3 stage(s)" in stages.finding and "chief executive" in stages.finding
    assert {note.key for note in code_notes(derwent)} == {"stages[0].respond", "stages[1].respond"}


def test_derive_departs_on_quick_fix_time_limit_window_and_ombudsman() -> None:
    derive = load_profile("derive", policies_dir())
    assert keys(derive) == {
        "quick_fix.enabled",
        "time_limit.months",
        "stages[0].escalation_window",
        "ombudsman",
    }
    window = next(d for d in departures_from_code(derive) if d.key == "stages[0].escalation_window")
    assert window.finding == (
        "Stage 1: the next stage must be asked for within 10 calendar days (may be extended)."
    )


@pytest.mark.parametrize(
    ("working_days", "calendar_days"), [(0, 0), (4, 4), (5, 7), (6, 8), (10, 14), (20, 28)]
)
def testshortest_calendar_span_of_working_days(working_days: int, calendar_days: int) -> None:
    assert shortest_calendar_span(working_days) == calendar_days


@pytest.mark.parametrize(
    ("acknowledge", "departs"),
    [
        (Period(days=5), False),
        (Period(days=2), False),
        (Period(days=6), True),
        (Period(days=7, unit=DayUnit.CALENDAR), False),  # 7 calendar days never pass 5 WD
        (Period(days=8, unit=DayUnit.CALENDAR), True),
        (Period(days=3, clock_start=ClockStart.ACKNOWLEDGEMENT), True),
        (None, True),
    ],
)
def test_acknowledgement_within_five_working_days(
    acknowledge: Period | None, departs: bool
) -> None:
    for number in (1, 2):
        profile = with_stage(CODE, number, acknowledge=acknowledge)
        assert (f"stages[{number - 1}].acknowledge" in keys(profile)) is departs


@pytest.mark.parametrize(
    ("number", "respond", "departs", "noted"),
    [
        (1, Period(days=10, clock_start=ClockStart.ACKNOWLEDGEMENT), False, False),
        (1, Period(days=11, clock_start=ClockStart.ACKNOWLEDGEMENT), True, False),
        (1, Period(days=10, clock_start=ClockStart.RECEIPT), False, True),  # stricter
        (1, Period(days=11, clock_start=ClockStart.RECEIPT), True, False),
        (1, Period(days=10, clock_start=ClockStart.RESPONSE), True, False),
        (
            1,
            Period(days=14, unit=DayUnit.CALENDAR, clock_start=ClockStart.ACKNOWLEDGEMENT),
            False,
            False,
        ),
        (
            1,
            Period(days=15, unit=DayUnit.CALENDAR, clock_start=ClockStart.ACKNOWLEDGEMENT),
            True,
            False,
        ),
        (2, Period(days=20, clock_start=ClockStart.ACKNOWLEDGEMENT), False, False),
        (2, Period(days=21, clock_start=ClockStart.ACKNOWLEDGEMENT), True, False),
        (2, Period(days=10, clock_start=ClockStart.RECEIPT), False, True),
    ],
)
def test_response_time_from_acknowledgement(
    number: int, respond: Period, departs: bool, noted: bool
) -> None:
    profile = with_stage(CODE, number, respond=respond)
    key = f"stages[{number - 1}].respond"
    assert (key in keys(profile)) is departs
    assert (key in {note.key for note in code_notes(profile)}) is noted


@pytest.mark.parametrize(
    ("number", "extension", "departs"),
    [
        (1, ExtensionRule(max_days=10), False),
        (1, ExtensionRule(max_days=11), True),
        (1, ExtensionRule(max_days=None), True),  # no stated cap
        (1, None, False),  # no extension at all is stricter
        (2, ExtensionRule(max_days=20), False),
        (2, ExtensionRule(max_days=21), True),
        (2, ExtensionRule(max_days=28, unit=DayUnit.CALENDAR), False),
        (2, ExtensionRule(max_days=29, unit=DayUnit.CALENDAR), True),
    ],
)
def test_extension_caps(number: int, extension: ExtensionRule | None, departs: bool) -> None:
    profile = with_stage(CODE, number, extension=extension)
    assert (f"stages[{number - 1}].extension" in keys(profile)) is departs


def test_stage_two_handler_must_not_be_the_stage_one_handler() -> None:
    assert "stages[1].handler" in keys(with_stage(CODE, 2, handler=HandlerRule.ANY))
    for rule in (HandlerRule.LINE_MANAGER_OF_PREVIOUS, HandlerRule.SENIOR_NOT_INVOLVED):
        assert "stages[1].handler" not in keys(with_stage(CODE, 2, handler=rule))


@pytest.mark.parametrize(("months", "departs"), [(11, True), (12, False), (24, False)])
def test_time_limit_at_least_twelve_months(months: int, departs: bool) -> None:
    limit = CODE.time_limit.model_copy(update={"months": months})
    profile = CODE.model_copy(update={"time_limit": limit})
    assert ("time_limit.months" in keys(profile)) is departs


def test_the_rest_of_the_whole_profile_rules() -> None:
    assert keys(CODE.model_copy(update={"ombudsman": ()})) == {"ombudsman"}
    assert keys(CODE.model_copy(update={"closure_days_stop_clock": True})) == {
        "closure_days_stop_clock"
    }
    assert keys(CODE.model_copy(update={"stages": CODE.stages[:1]})) == {"stages"}
    no_discretion = CODE.time_limit.model_copy(update={"exceptions_allowed": False})
    assert keys(CODE.model_copy(update={"time_limit": no_discretion})) == {
        "time_limit.exceptions_allowed"
    }
    anonymous_excluded = CODE.model_copy(update={"allows_anonymous": False})
    assert keys(anonymous_excluded) == set()  # excluding anonymous complaints is fine
