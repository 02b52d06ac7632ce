"""`complaints deadlines`: JSON and table output, and one-line errors with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from complaints_tui.commands.deadlines import register


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """A group, so the command is called by name as in the real CLI."""

    register(app)
    return app


def run(app: typer.Typer, *args: str) -> Any:
    return CliRunner().invoke(app, ["deadlines", *args])


def run_json(app: typer.Typer, *args: str) -> dict[str, Any]:
    result = run(app, *args, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_spec_example_unacknowledged_is_projected(app: typer.Typer) -> None:
    data = run_json(app, "--received", "2025-12-18")
    assert data["acknowledge_by"] == "2025-12-29"
    # Projected from Mon 29 Dec: 30, 31, (1 Jan off), 2, 5, 6, 7, 8, 9, 12, 13 -> Tue 13 Jan.
    assert data["respond_by"] == "2026-01-13"
    assert data["projected"] is True
    assert "projected" in data["note"]
    # 10 more WD from Tue 13 Jan 2026: Tue 27 Jan.
    assert data["extended_respond_by"] == "2026-01-27"
    assert data["escalate_by"] is None
    assert {"date": "2025-12-25", "reason": "Christmas Day"} in data["skipped"]
    assert {"date": "2026-01-01", "reason": "New Year's Day"} in data["skipped"]
    assert data["skipped"][-1] == {"date": "2026-01-25", "reason": "Sunday"}


def test_spec_example_acknowledged(app: typer.Typer) -> None:
    data = run_json(app, "--received", "2025-12-29", "--acknowledged", "2026-01-05")
    assert data["respond_by"] == "2026-01-19"
    assert data["extended_respond_by"] == "2026-02-02"
    assert data["projected"] is False
    assert data["note"] is None


def test_weekend_receipt_before_bank_holiday(app: typer.Typer) -> None:
    data = run_json(app, "--received", "2025-08-23", "--policy", "hos-code")
    assert data["effective_receipt"] == "2025-08-26"
    assert data["acknowledge_by"] == "2025-09-02"
    # The receipt day itself was skipped too: it counts as received on Tuesday 26th.
    assert data["skipped"][:3] == [
        {"date": "2025-08-23", "reason": "Saturday"},
        {"date": "2025-08-24", "reason": "Sunday"},
        {"date": "2025-08-25", "reason": "Late Summer Bank Holiday"},
    ]


def test_derive_escalation_in_calendar_days(app: typer.Typer) -> None:
    data = run_json(
        app, "--policy", "derive", "--received", "2026-04-02", "--responded", "2026-04-22"
    )
    assert data["acknowledge_by"] == "2026-04-08"
    assert data["respond_by"] == "2026-04-20"
    assert data["escalate_by"] == "2026-05-02"  # a Saturday: calendar days are not moved
    assert data["extended_respond_by"] is None
    assert data["skipped"][-1] == {"date": "2026-05-02", "reason": "Saturday"}


def test_derwent_final_stage_has_no_acknowledgement(app: typer.Typer) -> None:
    data = run_json(app, "--policy", "derwent-living", "--stage", "3", "--received", "2027-03-24")
    assert data["acknowledge_by"] is None
    assert data["respond_by"] == "2027-04-09"


def test_derby_stage2_around_christmas_2026(app: typer.Typer) -> None:
    data = run_json(
        app,
        "--policy",
        "derby-homes",
        "--stage",
        "2",
        "--received",
        "2026-12-24",
        "--acknowledged",
        "2026-12-30",
    )
    # 5 WD from Thu 24 Dec: 29, 30, 31, (1 Jan), 4, 5 -> Tue 5 Jan 2027.
    assert data["acknowledge_by"] == "2027-01-05"
    # 20 WD from Wed 30 Dec: 31 Dec, then 4-8, 11-15, 18-22 and 25-28 January -> Thu 28 Jan.
    assert data["respond_by"] == "2027-01-28"
    assert {"date": "2026-12-28", "reason": "Boxing Day (substitute day)"} in data["skipped"]
    assert {"date": "2026-12-26", "reason": "Saturday (Boxing Day)"} in data["skipped"]


def test_escalate_needs_responded(app: typer.Typer) -> None:
    data = run_json(app, "--policy", "derwent-living", "--received", "2026-12-24")
    assert data["escalate_by"] is None
    data = run_json(
        app, "--policy", "derwent-living", "--received", "2026-12-24", "--responded", "2027-01-12"
    )
    assert data["escalate_by"] == "2027-02-09"


def test_table_output(app: typer.Typer) -> None:
    result = run(app, "--received", "2025-12-18")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for column in ("deadline", "clock start", "length", "due", "note"):
        assert column in out
    assert "Mon 29 Dec 2025" in out
    assert "Christmas Day" in out
    assert "projected" in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--received", "2025-13-01"], "--received: '2025-13-01' is not a real date"),
        (["--received", "yesterday"], "is not a date"),
        (["--received", "2025-12-18", "--acknowledged", "18/12/2025"], "--acknowledged"),
        (["--received", "2025-12-18", "--policy", "nope"], "no such policy profile"),
        (["--received", "2025-12-18", "--stage", "3"], "has no stage 3"),
        (["--received", "2025-12-18", "--responded", "2025-12-01"], "before --received"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(app: typer.Typer, args: list[str], says: str) -> None:
    result = run(app, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert says in lines[0]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        # Impossible dates.
        (["--received", "2026-02-30"], "--received: '2026-02-30' is not a real date"),
        (["--received", "2027-02-29"], "February 2027 has 28 days"),  # not a leap year
        (["--received", ""], "--received: '' is not a date"),
        (["--received", "2026-01-05", "--responded", "2026-04-31"], "--responded"),
        # Outside the years the working-day calendar is built for (1990-2080).
        (["--received", "1850-01-01"], "--received: 1850-01-01 is outside"),
        (["--received", "2999-01-01"], "--received: 2999-01-01 is outside"),
        (["--received", "1989-12-31"], "1990-01-01 to 2080-12-31"),
        (["--received", "2081-01-01"], "working-day calendar"),
        (["--received", "2026-01-05", "--acknowledged", "2999-01-01"], "--acknowledged: 2999"),
        (["--received", "2026-01-05", "--responded", "9999-12-31"], "--responded: 9999"),
        # Order: acknowledged and responded not before received, responded not before acknowledged.
        (["--received", "2026-01-05", "--acknowledged", "2026-01-02"], "before --received"),
        (
            [
                "--received",
                "2026-01-05",
                "--acknowledged",
                "2026-01-08",
                "--responded",
                "2026-01-07",
            ],
            "--responded: 2026-01-07 is before --acknowledged 2026-01-08",
        ),
        # Stage: not a number, or one the profile lacks.
        (["--received", "2026-01-05", "--stage", "two"], "--stage: 'two' is not a stage number"),
        (["--received", "2026-01-05", "--stage", "0"], "has no stage 0"),
        (["--received", "2026-01-05", "--stage", "-1"], "has no stage -1"),
        (["--received", "2026-01-05", "--policy", "derwent-living", "--stage", "4"], "no stage 4"),
        # Profile: unknown name, a missing file.
        (["--received", "2026-01-05", "--policy", ""], "no such policy profile"),
        (["--received", "2026-01-05", "--policy", "missing.toml"], "no such policy profile"),
        # --received is required.
        ([], "--received is required"),
    ],
)
def test_more_bad_input_is_one_line_and_exit_2(
    app: typer.Typer, args: list[str], says: str
) -> None:
    result = run(app, *args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0]
    assert "Traceback" not in result.stderr


def test_an_unreadable_or_invalid_profile_file_is_one_line(
    app: typer.Typer, tmp_path: Path
) -> None:
    (tmp_path / "folder.toml").mkdir()
    (tmp_path / "broken.toml").write_text('id = "x"\n[[stages]\n', encoding="utf-8")
    (tmp_path / "latin1.toml").write_bytes("name = 'Dérive'".encode("latin-1"))
    for name, says in (
        ("folder.toml", "cannot be read"),
        ("broken.toml", "not valid TOML"),
        ("latin1.toml", "not UTF-8"),
    ):
        result = run(app, "--received", "2026-01-05", "--policy", str(tmp_path / name))
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and says in lines[0], result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--received", "1990-01-01"],
        ["--received", "2080-12-31"],
        # The deadlines of a late-2080 case run into 2081: the calendar grows to cover them.
        ["--policy", "derwent-living", "--received", "2080-12-20", "--responded", "2080-12-31"],
        ["--received", "2026-01-05", "--acknowledged", "2026-01-05", "--responded", "2026-01-05"],
    ],
)
def test_dates_at_the_edges_of_the_range_are_accepted(app: typer.Typer, args: list[str]) -> None:
    result = run(app, *args, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["respond_by"]


def test_wired_into_the_real_cli() -> None:
    from complaints_tui.cli import app as real_app

    result = CliRunner().invoke(real_app, ["deadlines", "--received", "2025-12-18", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["acknowledge_by"] == "2025-12-29"
