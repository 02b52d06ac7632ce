"""The one text rule (domain.text) and reading typed dates (domain.dates), as pure functions."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from complaints_tui.domain.dates import date_problem, read_date
from complaints_tui.domain.text import json_escaped, refused_character, text_fault, visible

# Text a spreadsheet may hold: any character, with the terminal's controls made likely.
TRICKS = ["\x1b[2J", "\x1b]0;title\x07", "\x00", "\x07", "\x08", "\x7f", "\x9b", "\r"]
TRICKS += ["\n", "\t", "\u202e", "\u2066", "\u200f", "\u2028", "\ud800", "👩🏽‍🔧", "Zoë", "شادي"]
TEXT = st.lists(st.sampled_from(TRICKS) | st.characters(), max_size=12).map("".join)


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("\x1b[31mRepairs", "an escape character (\\x1b) at character 1"),
        ("Leak\x07", "a bell character (\\x07) at character 5"),
        ("a\x00b", "a NUL character (\\x00)"),
        ("ab\x08", "a backspace (\\x08)"),
        ("x\u202ey", "a text-direction control (\\u202e)"),
        ("x\ny", "a line break (\\n)"),
    ],
)
def test_a_refused_character_is_named_with_where_it_is(value: str, named: str) -> None:
    fault = text_fault(value)
    assert fault is not None
    assert str(fault).startswith("contains ") and str(fault).endswith(": take it out")
    assert named in str(fault)


def test_several_lines_only_where_a_field_takes_them() -> None:
    assert text_fault("1 Mill Lane\r\nDerby\tDE1", multiline=True) is None
    assert text_fault("1 Mill Lane\rDerby", multiline=True) is not None  # a lone \r overwrites
    assert text_fault("1 Mill Lane\nDerby") is not None


def test_printable_text_in_any_script_and_direction_marks_are_kept() -> None:
    for value in ("Zoë O'Neill", "شادي\u200f", "\u200eabc", "👩🏽‍🔧", "Bob [/]"):
        assert text_fault(value) is None, value


def test_length_is_told_after_characters() -> None:
    assert str(text_fault("x" * 5, limit=3)) == "is too long: 5 characters, and at most 3 fit"
    assert "escape" in str(text_fault("\x1b" * 5, limit=3))


@given(TEXT)
def test_visible_text_holds_nothing_the_rule_refuses(value: str) -> None:
    shown = visible(value)
    assert refused_character(shown, multiline=True) is None
    assert visible(shown) == shown
    assert (text_fault(value, multiline=True) is None) == (shown == value)
    assert "\x1b" not in shown and "\u202e" not in shown


@given(TEXT)
def test_json_escaped_reads_back_the_same_and_prints_safely(value: str) -> None:
    text = json_escaped(json.dumps({"name": value}, ensure_ascii=False))
    assert json.loads(text) == {"name": value}
    assert refused_character(text, multiline=True) is None


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2026-02-30", "is not a real date: February 2026 has 28 days"),
        ("2027-02-29", "is not a real date: February 2027 has 28 days"),
        ("2026-13-01", "is not a real date: there is no month 13"),
        ("2026-2-3", "is not a date in the form YYYY-MM-DD"),
        ("02/03/2026", "is not a date in the form YYYY-MM-DD"),
        ("2024-02-29", None),
    ],
)
def test_dates_in_the_form_but_not_on_the_calendar_are_told_apart(
    value: str, problem: str | None
) -> None:
    assert date_problem(value) == problem


@given(st.dates())
def test_every_real_date_reads_back(day: date) -> None:
    assert read_date(day.isoformat()) == day
