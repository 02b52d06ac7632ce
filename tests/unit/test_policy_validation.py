"""Profile validation: times of day, where each clock may start, redress bands that ascend and
touch, legal-action flags. Each broken profile gives ONE message naming the file, the exact key
and the problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from complaints_tui.domain.policy import PolicyError, load_profile
from complaints_tui.locations import policies_dir

CODE_TEXT = (policies_dir() / "hos-code.toml").read_text("utf-8")
DERWENT_TEXT = (policies_dir() / "derwent-living.toml").read_text("utf-8")

BANDS = re.compile(r"^bands = \[\n.*?^\]", re.DOTALL | re.MULTILINE)


def _edit(base: str, old: str, new: str) -> str:
    assert base.count(old) >= 1, f"fixture out of date: {old!r} is not in the profile"
    return base.replace(old, new, 1)


def _bands(*rows: str) -> str:
    text, count = BANDS.subn(lambda _: "bands = [\n" + ",\n".join(rows) + ",\n]", CODE_TEXT)
    assert count == 1, "fixture out of date: hos-code has no bands table"
    return text


def _band(label: str, low: int, high: int | None) -> str:
    top = "" if high is None else f", max_pence = {high}"
    return f'  {{ label = "{label}", min_pence = {low}{top} }}'


ACK_1 = 'acknowledge = { days = 5, unit = "working", clock_start = "receipt" }'
RESPOND_1 = 'respond = { days = 10, unit = "working", clock_start = "acknowledgement" }'

# name: (profile text, the key the message names, words of the problem)
BROKEN: dict[str, tuple[str, str, str]] = {
    # HH:MM times of day
    "hour_25": (
        _edit(CODE_TEXT, 'morning_notice_by = "08:00"', 'morning_notice_by = "25:00"'),
        "redress.morning_notice_by",
        "'25:00' is not a time of day as HH:MM (00:00 to 23:59)",
    ),
    "minute_60": (
        _edit(CODE_TEXT, 'afternoon_notice_by = "12:00"', 'afternoon_notice_by = "12:60"'),
        "redress.afternoon_notice_by",
        "'12:60' is not a time of day",
    ),
    "one_digit_hour": (
        _edit(CODE_TEXT, 'morning_notice_by = "08:00"', 'morning_notice_by = "8:00"'),
        "redress.morning_notice_by",
        "'8:00' is not a time of day as HH:MM",
    ),
    "words_for_a_time": (
        _edit(CODE_TEXT, 'afternoon_notice_by = "12:00"', 'afternoon_notice_by = "noon"'),
        "redress.afternoon_notice_by",
        "'noon' is not a time of day",
    ),
    "seconds_in_a_time": (
        _edit(CODE_TEXT, 'morning_notice_by = "08:00"', 'morning_notice_by = "08:00:00"'),
        "redress.morning_notice_by",
        "'08:00:00' is not a time of day as HH:MM",
    ),
    # Where a clock may start
    "acknowledge_from_acknowledgement": (
        _edit(CODE_TEXT, ACK_1, ACK_1.replace('"receipt"', '"acknowledgement"')),
        "stages[0].acknowledge.clock_start",
        "acknowledge must count from 'receipt', not 'acknowledgement'",
    ),
    "acknowledge_from_response": (
        _edit(CODE_TEXT, ACK_1, ACK_1.replace('"receipt"', '"response"')),
        "stages[0].acknowledge.clock_start",
        "acknowledge must count from 'receipt', not 'response'",
    ),
    "respond_from_response": (
        _edit(CODE_TEXT, RESPOND_1, RESPOND_1.replace('"acknowledgement"', '"response"')),
        "stages[0].respond.clock_start",
        "respond must count from 'receipt' or 'acknowledgement', not 'response'",
    ),
    "respond_from_an_acknowledgement_the_stage_lacks": (
        _edit(
            DERWENT_TEXT,
            'name = "Final stage - chief executive and two board members"\n'
            'respond = { days = 10, unit = "working", clock_start = "receipt" }',
            'name = "Final stage - chief executive and two board members"\n'
            'respond = { days = 10, unit = "working", clock_start = "acknowledgement" }',
        ),
        "stages[2].respond.clock_start",
        "the stage has no acknowledge period",
    ),
    "quick_fix_resolved_from_acknowledgement": (
        _edit(
            DERWENT_TEXT,
            'resolve_within = { days = 1, unit = "working", clock_start = "receipt" }',
            'resolve_within = { days = 1, unit = "working", clock_start = "acknowledgement" }',
        ),
        "quick_fix.resolve_within.clock_start",
        "resolve_within must count from 'receipt', not 'acknowledgement'",
    ),
    "quick_fix_escalation_from_receipt": (
        _edit(
            DERWENT_TEXT,
            'escalate_within = { days = 5, unit = "working", clock_start = "response" }',
            'escalate_within = { days = 5, unit = "working", clock_start = "receipt" }',
        ),
        "quick_fix.escalate_within.clock_start",
        "escalate_within must count from 'response', not 'receipt'",
    ),
    "unknown_clock_start": (
        _edit(CODE_TEXT, ACK_1, ACK_1.replace('"receipt"', '"whenever"')),
        "stages[0].acknowledge.clock_start",
        "'receipt', 'acknowledgement' or 'response'",
    ),
    # Redress bands: ascending and touching
    "band_gap": (
        _bands(
            _band("Low", 5000, 10000),
            _band("Middle", 10001, 60000),
            _band("High", 60000, None),
        ),
        "redress.bands[1].min_pence",
        "a gap between bands: 'Low' ends at £100.00 but 'Middle' starts at £100.01",
    ),
    "band_overlap": (
        _bands(
            _band("Low", 5000, 10000),
            _band("Middle", 9999, 60000),
            _band("High", 60000, None),
        ),
        "redress.bands[1].min_pence",
        "an overlap between bands: 'Low' ends at £100.00 but 'Middle' starts at £99.99",
    ),
    "bands_descending": (
        _bands(_band("High", 60000, 100000), _band("Low", 5000, 10000)),
        "redress.bands[1].min_pence",
        "an overlap between bands: 'High' ends at £1,000.00 but 'Low' starts at £50.00",
    ),
    "band_empty": (
        _bands(_band("Low", 5000, 5000), _band("High", 5000, None)),
        "redress.bands[0].max_pence",
        "band 'Low': max_pence (£50.00) is below or equal to min_pence (£50.00)",
    ),
    "open_band_not_last": (
        _bands(_band("Low", 5000, None), _band("High", 10000, 20000)),
        "redress.bands[0].max_pence",
        "band 'Low' is open-ended but is not the last band",
    ),
    "band_label_twice": (
        _bands(_band("Low", 5000, 10000), _band("Low", 10000, None)),
        "redress.bands[1].label",
        "'Low' names two bands",
    ),
    # Legal-action flags on the wrong exclusion
    "filed_at_court_on_another_exclusion": (
        _edit(
            CODE_TEXT,
            'label = "Older than 12 months"',
            'label = "Older than 12 months"\nrequires_claim_filed_at_court = true',
        ),
        "exclusions[0].requires_claim_filed_at_court",
        "applies only to the legal action exclusions, not 'out_of_time'",
    ),
    "disrepair_on_the_landlords_legal_action": (
        _edit(
            CODE_TEXT,
            'code = "legal_action_by_landlord"\n',
            'code = "legal_action_by_landlord"\ndisrepair_claims_excepted = true\n',
        ),
        "exclusions[2].disrepair_claims_excepted",
        "applies only to 'legal_action_by_resident', not 'legal_action_by_landlord'",
    ),
    # Structure
    "stage_numbered_twice": (
        _edit(CODE_TEXT, "number = 2", "number = 1"),
        "stages[1].number",
        "stages must be numbered 1, 2, … in order",
    ),
    "exclusion_listed_twice": (
        CODE_TEXT + '\n[[exclusions]]\ncode = "out_of_time"\nlabel = "again"\nsay = "again"\n',
        "exclusions[5].code",
        "the exclusion 'out_of_time' is listed twice",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_profile_gives_one_message_naming_file_key_and_problem(
    case: str, tmp_path: Path
) -> None:
    text, key, problem = BROKEN[case]
    path = tmp_path / f"{case}.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_profile(str(path), tmp_path)
    error = caught.value
    assert error.file == str(path)
    assert error.key == key
    assert problem in error.problem
    assert str(error) == f"{path}: {key}: {error.problem}"
    assert "\n" not in str(error)
    assert "Value error" not in str(error)  # our sentence, not pydantic's wrapper


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('morning_notice_by = "08:00"', 'morning_notice_by = "00:00"'),
        ('afternoon_notice_by = "12:00"', 'afternoon_notice_by = "23:59"'),
        (ACK_1, ACK_1),  # stage 1 acknowledged from receipt
        (RESPOND_1, RESPOND_1.replace('"acknowledgement"', '"receipt"')),
    ],
)
def test_the_edges_of_what_is_allowed_still_load(old: str, new: str, tmp_path: Path) -> None:
    path = tmp_path / "fine.toml"
    path.write_text(_edit(CODE_TEXT, old, new), encoding="utf-8")
    assert load_profile(str(path), tmp_path).id == "hos-code"


def test_two_bands_that_touch_and_an_open_top_load(tmp_path: Path) -> None:
    path = tmp_path / "two.toml"
    path.write_text(_bands(_band("Low", 0, 1), _band("High", 1, None)), encoding="utf-8")
    bands = load_profile(str(path), tmp_path).redress.bands
    assert [(b.min_pence, b.max_pence) for b in bands] == [(0, 1), (1, None)]


def test_every_shipped_profile_passes_the_new_checks() -> None:
    for name in ("derby-homes", "derive", "derwent-living", "hos-code"):
        bands = load_profile(name, policies_dir()).redress.bands
        assert [(b.min_pence, b.max_pence) for b in bands] == [
            (5000, 10000),
            (10000, 60000),
            (60000, 100000),
            (100000, None),
        ]
