"""`complaints policy list|show|check` through Typer's CliRunner."""

from __future__ import annotations

import ast
from pathlib import Path

from typer.testing import CliRunner, Result

from complaints_tui.commands import policy as policy_module
from complaints_tui.commands.policy import policy_app
from complaints_tui.locations import policies_dir

WIDE = {"COLUMNS": "400", "NO_COLOR": "1", "FORCE_COLOR": None}


def run(*args: str, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(policy_app, list(args), env={**WIDE, **(env or {})})


def test_list_shows_every_profile() -> None:
    result = run("list")
    assert result.exit_code == 0, result.output
    for profile_id in ("hos-code", "derby-homes", "derive", "derwent-living"):
        assert profile_id in result.stdout
    derwent = next(line for line in result.stdout.splitlines() if "derwent-living" in line)
    assert "Derwent Living" in derwent and " 3 " in derwent and "no" in derwent


def test_show_prints_every_rule_exclusion_say_band_and_ombudsman() -> None:
    result = run("show", "derby-homes")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "12 months from the issue happening" in out
    assert "10 working days from acknowledgement" in out
    assert "up to 20 more working days" in out
    assert "Personal injury claims are dealt with through our insurers" in out
    assert "legal_action_by_resident" in out
    assert "£600.00" in out and "£1,000.00" in out and "no upper limit" in out
    assert "Missed appointment: £10.00 unless told by 08:00 (morning) / 12:00 (afternoon)" in out
    assert "Local Government and Social Care Ombudsman" in out


def test_check_warns_derwent_living_about_three_stages_and_the_quick_fix() -> None:
    result = run("check", "derwent-living")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stdout.splitlines() if line.startswith("WARNING ")]
    assert len(warnings) == 9
    assert any("Exactly two stages" in line and "3 stage(s)" in line for line in warnings)
    assert any("No informal stage" in line and "quick-fix" in line for line in warnings)
    assert "derwent-living: 9 departures from the Code." in result.stdout
    assert "NOTE stages[0].respond" in result.stdout


def test_check_strict_exits_1_on_departures_only() -> None:
    assert run("check", "--strict", "derwent-living").exit_code == 1
    assert run("check", "--strict", "hos-code").exit_code == 0


def test_check_hos_code_has_no_departures() -> None:
    result = run("check", "hos-code")
    assert result.exit_code == 0
    assert "WARNING" not in result.stdout
    assert result.stdout.strip() == "hos-code: no departures from the Code."


def test_check_warning_is_yellow_on_a_colour_terminal() -> None:
    result = run("check", "derive", env={"NO_COLOR": None, "FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert "\x1b[1;33mWARNING" in result.stdout


def test_unknown_profile_is_one_line_on_stderr_and_exit_2() -> None:
    for command in ("show", "check"):
        result = run(command, "nope")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith("nope: no such policy profile")


def test_broken_file_names_file_and_key(tmp_path: Path) -> None:
    text = (
        (policies_dir() / "hos-code.toml").read_text("utf-8").replace("months = 12", 'months = "x"')
    )
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"{path}: time_limit.months: ")


def test_list_reports_a_broken_file_and_still_lists_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "hos-code.toml").write_text(
        (policies_dir() / "hos-code.toml").read_text("utf-8"), encoding="utf-8"
    )
    (folder / "bad.toml").write_text("id = 'bad", encoding="utf-8")
    result = run("list", env={"COMPLAINTS_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 2
    assert "hos-code" in result.stdout
    assert "bad.toml: not valid TOML" in result.stderr


MARKUP = ["Bob [/]", "[bold]x", "[@click=app.quit]x[/]"]


def test_profile_text_is_never_read_as_markup(tmp_path: Path) -> None:
    text = (policies_dir() / "hos-code.toml").read_text("utf-8")
    text = text.replace(
        'name = "Housing Ombudsman Complaint Handling Code (2024)"', f'name = "{MARKUP[0]}"'
    )
    text = text.replace('label = "Older than 12 months"', f'label = "{MARKUP[1]}"')
    text = text.replace('when = "after the stage 2', f'when = "{MARKUP[2]} after the stage 2')
    path = tmp_path / "markup.toml"
    path.write_text(text, encoding="utf-8")
    result = run("show", str(path))
    assert result.exit_code == 0, result.output
    for untrusted in MARKUP:
        assert untrusted in result.stdout


def test_the_command_module_never_imports_click() -> None:
    tree = ast.parse(Path(policy_module.__file__).read_text("utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name == "click" or name.startswith("click.") for name in imported)


def test_policy_is_wired_into_the_main_cli() -> None:
    from complaints_tui.cli import app

    result = CliRunner().invoke(app, ["policy", "check", "hos-code"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "no departures" in result.stdout
