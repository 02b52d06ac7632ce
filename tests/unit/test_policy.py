"""Policy profiles: every shipped one loads; a broken file gives one clear PolicyError."""

from __future__ import annotations

from pathlib import Path

import pytest

from complaints_tui.domain.policy import (
    DEFAULT_PROFILE,
    ClockStart,
    DayUnit,
    ExclusionCode,
    HandlerRule,
    Period,
    PolicyError,
    PolicyProfile,
    StageRule,
    load_profile,
    profile_names,
)
from complaints_tui.locations import policies_dir

SHIPPED = ["derby-homes", "derive", "derwent-living", "hos-code"]


def _profile(name: str) -> PolicyProfile:
    return load_profile(name, policies_dir())


def test_the_four_profiles_are_shipped() -> None:
    assert profile_names(policies_dir()) == SHIPPED
    assert DEFAULT_PROFILE in SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_profile_loads(name: str) -> None:
    profile = _profile(name)
    assert profile.id == name
    assert profile.stage(1).number == 1
    assert profile.exclusion(ExclusionCode.OUT_OF_TIME) is not None
    for exclusion in profile.exclusions:
        assert exclusion.say.strip(), f"{name}: {exclusion.code} has nothing to say"


def test_shipped_figures_match_the_seeds() -> None:
    """A few facts from SPEC §4 and the seeds, so an edit that breaks one is noticed."""
    derby, derive, derwent, code = (_profile(n) for n in SHIPPED)
    assert (code.time_limit.months, derby.time_limit.months) == (12, 12)
    assert (derive.time_limit.months, derwent.time_limit.months) == (6, 6)
    assert derwent.time_limit.unless_raised_before
    assert not derwent.time_limit.exceptions_allowed  # seed 004 names no discretion
    assert derive.time_limit.exceptions_allowed  # "exceptional circumstances"
    assert not derby.allows_anonymous
    assert derby.stage(1).respond.clock_start is ClockStart.ACKNOWLEDGEMENT
    assert derive.stage(1).respond.clock_start is ClockStart.RECEIPT
    assert derby.stage(2).respond.days == 20
    assert derby.stage(2).handler is HandlerRule.NOT_PREVIOUS_HANDLER
    assert len(derwent.stages) == 3 and derwent.last_stage == 3
    assert derwent.stage(2).may_decline
    window = derive.stage(1).escalation_window
    assert window is not None and (window.days, window.unit) == (10, DayUnit.CALENDAR)
    assert [b.min_pence for b in derby.redress.bands] == [5000, 10000, 60000, 100000]
    assert derby.redress.bands[-1].max_pence is None
    assert derby.redress.missed_appointment_pence == 1000


def test_load_by_path_as_well_as_by_name(tmp_path: Path) -> None:
    copy = tmp_path / "mine.toml"
    copy.write_text((policies_dir() / "derive.toml").read_text(encoding="utf-8"), "utf-8")
    assert load_profile(str(copy), policies_dir()).id == "derive"


def test_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(PolicyError) as caught:
        load_profile("nope", policies_dir())
    assert "nope" in str(caught.value)
    assert "hos-code" in str(caught.value)


BASE = (Path(__file__).parents[2] / "data" / "policies" / "hos-code.toml").read_text("utf-8")


def _broken(old: str, new: str) -> str:
    assert old in BASE, f"test fixture out of date: {old!r} not in hos-code.toml"
    return BASE.replace(old, new, 1)


BROKEN = {
    # name: (toml text, the key named in the message, a word of the problem)
    "bad_toml": (BASE.replace('id = "hos-code"', 'id = "hos-code'), "", "not valid TOML"),
    "missing_key": (
        _broken("[time_limit]\nmonths = 12\n", "[time_limit]\n"),
        "time_limit.months",
        "required",
    ),
    "renamed_key": (
        _broken('name = "Housing', 'name_typo = "Housing'),
        "name",
        "required",
    ),
    "wrong_type": (_broken("months = 12", 'months = "twelve"'), "time_limit.months", "integer"),
    "negative_days": (
        _broken("respond = { days = 10,", "respond = { days = -10,"),
        "stages[0].respond.days",
        "greater than or equal to 0",
    ),
    "unknown_exclusion_code": (
        _broken('code = "out_of_time"', 'code = "too_grumpy"'),
        "exclusions[0].code",
        "out_of_time",
    ),
    "unknown_key": (
        _broken("allows_anonymous = true", "allow_anonymous = true"),
        "allow_anonymous",
        "not permitted",
    ),
    "band_upside_down": (
        _broken("min_pence = 5000, max_pence = 10000", "min_pence = 5000, max_pence = 1000"),
        "redress.bands[0].max_pence",
        "max_pence (£10.00) is below or equal to min_pence (£50.00)",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_file_gives_one_error_naming_file_and_key(case: str, tmp_path: Path) -> None:
    text, key, problem = BROKEN[case]
    path = tmp_path / f"{case}.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_profile(str(path), tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert caught.value.key == key
    assert problem in message


def test_stage_numbering_gap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gap.toml"
    path.write_text(_broken("number = 2", "number = 3"), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_profile(str(path), tmp_path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert "stages must be numbered 1, 2" in message


def test_an_exclusion_listed_twice_is_refused(tmp_path: Path) -> None:
    twice = '[[exclusions]]\ncode = "out_of_time"\nlabel = "again"\nsay = "again"\n'
    path = tmp_path / "twice.toml"
    path.write_text(BASE + "\n" + twice, encoding="utf-8")
    with pytest.raises(PolicyError, match="listed twice"):
        load_profile(str(path), tmp_path)


def test_a_shipped_name_whose_id_differs_is_refused(tmp_path: Path) -> None:
    (tmp_path / "other.toml").write_text(BASE, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_profile("other", tmp_path)
    assert caught.value.key == "id"
    assert "other" in str(caught.value)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(BASE.replace("Housing", "Caf\xe9").encode("latin-1"))
    with pytest.raises(PolicyError, match="not UTF-8"):
        load_profile(str(path), tmp_path)


# Every SPEC §4 figure, per profile, typed by hand from SPEC §4 and the seeds --------------------

W, C = DayUnit.WORKING, DayUnit.CALENDAR
RECEIPT, ACK, RESPONSE = ClockStart.RECEIPT, ClockStart.ACKNOWLEDGEMENT, ClockStart.RESPONSE
UNCAPPED = None  # an extension rule with no stated limit ("agreed by phone")

# stage: (acknowledge, respond, extension (max days, unit), escalation window (days, unit,
# extendable), handler, may decline); None where the stage has no such step.
Figures = dict[str, object]
FIGURES: dict[str, Figures] = {
    "hos-code": {
        "time_limit": (12, True, False),  # months, exceptions allowed, unless raised before
        "quick_fix": (False, None, None),
        "allows_anonymous": True,
        "closure_days_stop_clock": False,
        "stages": [
            ((5, W, RECEIPT), (10, W, ACK), (10, W), None, HandlerRule.ANY, False),
            ((5, W, RECEIPT), (20, W, ACK), (20, W), None, HandlerRule.NOT_PREVIOUS_HANDLER, False),
        ],
    },
    "derby-homes": {
        "time_limit": (12, True, False),
        "quick_fix": (False, None, None),
        "allows_anonymous": False,
        "closure_days_stop_clock": False,
        "stages": [
            ((5, W, RECEIPT), (10, W, ACK), (10, W), None, HandlerRule.ANY, False),
            ((5, W, RECEIPT), (20, W, ACK), (20, W), None, HandlerRule.NOT_PREVIOUS_HANDLER, False),
        ],
    },
    "derive": {
        "time_limit": (6, True, False),
        "quick_fix": (True, (0, W, RECEIPT), None),  # at the point of call
        "allows_anonymous": True,
        "closure_days_stop_clock": False,
        "stages": [
            ((2, W, RECEIPT), (10, W, RECEIPT), None, (10, C, True), HandlerRule.ANY, False),
            (
                (2, W, RECEIPT),
                (10, W, RECEIPT),
                None,
                None,
                HandlerRule.LINE_MANAGER_OF_PREVIOUS,
                False,
            ),
        ],
    },
    "derwent-living": {
        "time_limit": (6, False, True),
        "quick_fix": (True, (1, W, RECEIPT), (5, W, RESPONSE)),
        "allows_anonymous": True,
        "closure_days_stop_clock": False,
        "stages": [
            (
                (2, W, RECEIPT),
                (10, W, RECEIPT),
                (UNCAPPED, W),
                (20, W, False),
                HandlerRule.ANY,
                False,
            ),
            (
                (2, W, RECEIPT),
                (10, W, RECEIPT),
                (UNCAPPED, W),
                (20, W, False),
                HandlerRule.SENIOR_NOT_INVOLVED,
                True,
            ),
            (None, (10, W, RECEIPT), None, None, HandlerRule.CHIEF_EXECUTIVE_PANEL, True),
        ],
    },
}


def _period(period: Period | None) -> tuple[int, DayUnit, ClockStart] | None:
    return None if period is None else (period.days, period.unit, period.clock_start)


def _figures(profile: PolicyProfile) -> Figures:
    def stage(rule: StageRule) -> tuple[object, ...]:
        extension = rule.extension
        window = rule.escalation_window
        return (
            _period(rule.acknowledge),
            _period(rule.respond),
            None if extension is None else (extension.max_days, extension.unit),
            None if window is None else (window.days, window.unit, window.extendable),
            rule.handler,
            rule.may_decline,
        )

    limit = profile.time_limit
    quick = profile.quick_fix
    return {
        "time_limit": (limit.months, limit.exceptions_allowed, limit.unless_raised_before),
        "quick_fix": (quick.enabled, _period(quick.resolve_within), _period(quick.escalate_within)),
        "allows_anonymous": profile.allows_anonymous,
        "closure_days_stop_clock": profile.closure_days_stop_clock,
        "stages": [stage(rule) for rule in profile.stages],
    }


def test_the_figure_table_covers_every_shipped_profile() -> None:
    assert sorted(FIGURES) == SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_every_spec_figure_of_the_profile(name: str) -> None:
    assert _figures(_profile(name)) == FIGURES[name]


@pytest.mark.parametrize("name", SHIPPED)
def test_redress_figures_of_the_profile(name: str) -> None:
    redress = _profile(name).redress
    assert redress.missed_appointment_pence == 1000
    assert (redress.morning_notice_by, redress.afternoon_notice_by) == ("08:00", "12:00")
    assert [(b.min_pence, b.max_pence) for b in redress.bands] == [
        (5000, 10000),
        (10000, 60000),
        (60000, 100000),
        (100000, None),
    ]
    assert redress.bands[-1].note == "Consider a legal or insurance route."
    assert redress.loss_categories == (
        "cleaning",
        "carpet / flooring",
        "utilities",
        "takeaway / ready meals",
        "damage to property or possessions",
    )
    assert len(redress.failure_types) == 9
