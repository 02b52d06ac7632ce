"""`complaints calendar …` and `complaints config …` through typer's CliRunner with `--db`, and the
key map check the app and `config set keys.<id>` share: the closure day moves a Derby-like
stage 1 complaint's acknowledgement over Christmas 2026 (or, under the Code, says why not); the
office's settings and a terminal's round trip; refusals are one sentence on stderr, exit 2."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from complaints_tui import services as s
from complaints_tui.app import checked_keymap, load_keymap
from complaints_tui.cli import app
from complaints_tui.keymap import keymap_problems, usable_keymap
from complaints_tui.services.closures import CODE_WARNING
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, events, use_profile
from tests.services.test_closure_days import SHUT_DOWN, due, stage1


@pytest.fixture(autouse=True)
def terminal_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "terminal"
    monkeypatch.setenv("COMPLAINTS_CONFIG", str(folder))
    monkeypatch.setenv("COMPLAINTS_HOME", str(tmp_path / "home"))
    return folder


def run(store: Store, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", store.url, *args])


def refused(result: Result) -> str:
    """One sentence on stderr, nothing on stdout, exit 2, no traceback."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, repr(result.stderr)
    return result.stderr.strip()


def test_closing_christmas_eve_from_the_command_line_moves_a_derby_like_case(
    store: Store, staff: Staff, shutdown_profile: str
) -> None:
    use_profile(store, staff, shutdown_profile)
    case = stage1(store, staff)
    closed = run(store, "calendar", "close", "2026-12-24", "--reason", SHUT_DOWN)
    assert closed.exit_code == 0, closed.output
    assert closed.stdout.splitlines() == [
        f"Thursday 24 December 2026 is recorded as an office closure day ({SHUT_DOWN}).",
        "Deadlines recomputed on 1 open case.",
    ]
    assert due(s.get_case(store, case.id), "acknowledge") == date(2026, 12, 31)
    recomputed = [e for e in events(store, case.id) if e.action == "deadlines_recomputed"]
    assert [e.actor_id for e in recomputed] == [staff.admin.id]  # the first administrator

    listed = run(store, "calendar", "list", "--json")
    assert json.loads(listed.stdout)["closures"][0]["day"] == "2026-12-24"
    assert run(store, "calendar", "list").stdout.startswith("Thursday 24 December 2026: ")

    reopened = run(store, "calendar", "reopen", "2026-12-24")
    assert reopened.stdout.splitlines()[-1] == "Deadlines recomputed on 1 open case."
    assert due(s.get_case(store, case.id), "acknowledge") == date(2026, 12, 30)


def test_under_the_code_the_command_prints_the_warning(store: Store, staff: Staff) -> None:
    case = stage1(store, staff)
    closed = run(store, "calendar", "close", "2026-12-24", "--reason", SHUT_DOWN)
    assert closed.exit_code == 0 and closed.stdout.splitlines()[1] == CODE_WARNING
    assert due(s.get_case(store, case.id), "acknowledge") == date(2026, 12, 30)


def test_calendar_refusals_are_one_sentence(store: Store, staff: Staff) -> None:
    close = ("calendar", "close")
    assert "Boxing Day (substitute day)" in refused(
        run(store, *close, "2026-12-28", "--reason", SHUT_DOWN)
    )
    assert "no month 13" in refused(run(store, *close, "2026-13-01", "--reason", "x"))
    assert refused(run(store, *close, "2026-12-24", "--reason", "x", "--as", "Lee Lead")) == (
        "Only an administrator can record an office closure day; you are signed in as a "
        "complaints team lead."
    )
    assert refused(run(store, *close, "2026-12-24", "--reason", "x", "--as", "Nobody")) == (
        "There is no active user called 'Nobody'."
    )
    assert "is not recorded" in refused(run(store, "calendar", "reopen", "2026-12-31"))
    assert run(store, "calendar", "list").stdout == "No office closure days are recorded.\n"


def test_config_show_and_set_round_trip(store: Store, staff: Staff, terminal_folder: Path) -> None:
    shown = json.loads(run(store, "config", "show", "--json").stdout)
    values = {entry["key"]: entry for entry in shown["settings"]}
    assert values["landlord_profile"]["value"] == "hos-code"
    assert values["deadlines.due_soon_days"] == {
        "key": "deadlines.due_soon_days",
        "value": "3",
        "default": True,
        "where": "database",
        "about": values["deadlines.due_soon_days"]["about"],
    }
    assert values["theme"]["where"] == str(terminal_folder / "terminal.toml")

    assert run(store, "config", "set", "deadlines.due_soon_days", "5").exit_code == 0
    assert s.due_soon_days(store) == 5
    changed = [e for e in events(store) if e.action == "setting_changed"]
    assert changed[-1].actor_id == staff.admin.id
    as_lead = run(store, "config", "set", "landlord.name", "Derby Homes", "--as", "lee lead")
    assert as_lead.exit_code == 0, as_lead.output
    address = run(store, "config", "set", "landlord.address", "1 High St | Derby|DE1 1AA")
    assert address.exit_code == 0
    assert run(store, "config", "set", "landlord_profile", "derby-homes").exit_code == 0
    assert run(store, "config", "set", "theme", "High-Contrast").exit_code == 0
    moved = run(store, "config", "set", "keys.capture.quick_fix", "Ctrl+Y")
    assert moved.exit_code == 0, moved.output

    shown = json.loads(run(store, "config", "show", "--json").stdout)
    values = {entry["key"]: entry["value"] for entry in shown["settings"]}
    assert values["deadlines.due_soon_days"] == "5"
    assert values["landlord.name"] == "Derby Homes"
    assert values["landlord.address"] == "1 High St | Derby | DE1 1AA"
    assert values["landlord_profile"] == "derby-homes"
    assert values["theme"] == "high-contrast"
    assert values["keys.capture.quick_fix"] == "ctrl+y"
    assert shown["keymap_problem"] is None
    assert load_keymap() == {"capture.quick_fix": "ctrl+y"}
    text = run(store, "config", "show").stdout
    assert "  keys.capture.quick_fix = ctrl+y" in text and "[database]" not in text

    back = run(store, "config", "set", "keys.capture.quick_fix", "default")
    assert back.exit_code == 0 and load_keymap() == {}


def test_config_refusals_are_one_sentence(store: Store, staff: Staff) -> None:
    def set_(*args: str) -> str:
        return refused(run(store, "config", "set", *args))

    assert set_("colour", "red").startswith("There is no setting 'colour'; the settings are ")
    assert set_("deadlines.due_soon_days", "lots") == (
        "Due soon is a number of working days, 0 to 20, not 'lots'."
    )
    assert "0 to 20" in set_("deadlines.due_soon_days", "21")
    assert "no such policy profile" in set_("landlord_profile", "nope")
    assert set_("landlord_profile", "derby-homes", "--as", "Lee Lead").startswith(
        "Only an administrator can change the landlord's policy profile"
    )
    assert set_("landlord.name", "X", "--as", "Cal Handler").startswith(
        "Only an administrator or complaints team lead"
    )
    assert "There is no folder" in set_("letters.folder", "/no/such/folder")
    assert set_("theme", "pink") == "There is no theme 'pink'; choose high-contrast or standard."
    assert set_("keys.capture.quik_fix", "f11") == (
        "The key map names 'capture.quik_fix', which is not an action of the app (did you mean "
        "'capture.quick_fix'?); nothing was changed."
    )
    assert set_("keys.capture.quick_fix", "f2") == (
        "The key map puts 'app.new_call' and 'capture.quick_fix' on the same key f2 on the "
        "capture screen: give one of them another key; nothing was changed."
    )
    assert "not a key name" in set_("keys.capture.quick_fix", "page down")
    assert s.due_soon_days(store) == 3 and load_keymap() == {}


def test_the_key_map_check_never_crashes_and_names_the_problem(terminal_folder: Path) -> None:
    assert keymap_problems({}) == []
    # Moving two commands of one screen onto one key, or one onto an app-wide key, clashes.
    clash = {"capture.quick_fix": "f7"}  # F7 logs the contact on the capture screen
    kept, problem = usable_keymap(clash)
    assert kept == {} and problem == (
        "The key map puts 'capture.log_contact' and 'capture.quick_fix' on the same key f7 on "
        "the capture screen: give one of them another key; those keys are left as shipped."
    )
    # A swap is no clash; the help screen's own F1 is the shipped design, not a clash.
    swap = {"capture.quick_fix": "f7", "capture.log_contact": "f5"}
    assert usable_keymap(swap) == (swap, None)
    # So is a key an app-wide command holds: F11 signs out on every screen.
    assert "'app.switch_user' and 'capture.quick_fix'" in str(
        usable_keymap({"capture.quick_fix": "f11"})[1]
    )
    # The same key on two different screens is fine.
    assert usable_keymap({"queue.refresh": "f5"})[1] is None
    # An unknown id is dropped with a hint; the good entries stay.
    kept, problem = usable_keymap({"capture.quik_fix": "f11", "app.help": "F1"})
    assert kept == {"app.help": "f1"}
    assert problem is not None and "did you mean 'capture.quick_fix'?" in problem
    # A broken file is an empty key map, and the app's check reads the terminal's file.
    terminal_folder.mkdir(parents=True)
    (terminal_folder / "keys.toml").write_text('"capture.quick_fix" = "f7"\nnot toml [', "utf-8")
    assert load_keymap() == {} and checked_keymap() == ({}, None)
    (terminal_folder / "keys.toml").write_text(
        '"capture.quick_fix" = "f7"\n"lookup.nothing" = "x"\n', "utf-8"
    )
    kept, problem = checked_keymap()
    assert kept == {} and problem is not None
    assert problem.endswith("(1 more problem in the key map.)")
