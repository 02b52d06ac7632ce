"""`complaints users …` and `complaints areas …` through typer's CliRunner with `--db`: a round
trip from an empty database to routed cases, refusals as one sentence on stderr with exit 2,
and markup-like names stored and printed as typed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from complaints_tui import services as s
from complaints_tui.cli import app
from complaints_tui.store.engine import Store, open_store


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", url, *args])


def ok(result: Result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert result.stderr == ""
    return result.stdout


def refused(result: Result) -> str:
    """Exit 2, nothing on stdout, one line on stderr, no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result.stderr.rstrip("\n")


def _new_database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    store = open_store(url)
    store.upgrade()
    store.close()
    return url


def test_a_round_trip_from_an_empty_database(tmp_path: Path) -> None:
    url = _new_database(tmp_path)
    assert "first user" in ok(run(url, "users", "add", "Ada Admin", "--role", "admin"))
    ok(run(url, "users", "add", "Dee Director", "--role", "service director"))
    ok(
        run(
            url,
            "users",
            "add",
            "Mo Manager",
            "--role",
            "investigating_manager",
            "--team",
            "Repairs",
            "--job-title",
            "Surveyor",
            "--line-manager",
            "dee director",
        )
    )
    ok(run(url, "users", "add", "Bob [/]", "--role", "investigating_manager"))
    ok(run(url, "users", "add", "Cal Handler", "--role", "call_handler"))
    ok(run(url, "users", "edit", "bob [/]", "--out-of-office"))
    ok(
        run(
            url,
            "areas",
            "add",
            "Repairs",
            "--manager",
            "Bob [/]",
            "--manager",
            "Mo Manager",
            "--reviewer",
            "Dee Director",
            "--category",
            "Damp",
            "--category",
            "Leaks",
        )
    )
    ok(
        run(
            url,
            "areas",
            "edit",
            "repairs",
            "--add-category",
            "Lifts",
            "--retire-category",
            "leaks",
            "--rename-category",
            "Damp=Damp and mould",
        )
    )

    users = json.loads(ok(run(url, "users", "list", "--json")))
    mo = next(u for u in users if u["name"] == "Mo Manager")
    assert mo | {"id": 0} == {
        "id": 0,
        "name": "Mo Manager",
        "role": "investigating_manager",
        "team": "Repairs",
        "job_title": "Surveyor",
        "line_manager": "Dee Director",
        "active": True,
        "out_of_office": False,
    }
    assert next(u for u in users if u["name"] == "Bob [/]")["out_of_office"] is True
    text = ok(run(url, "users", "list"))
    assert "Bob [/]" in text and "out of office" in text
    [area] = json.loads(ok(run(url, "areas", "list", "--json")))
    assert area == {
        "id": area["id"],
        "name": "Repairs",
        "managers": ["Bob [/]", "Mo Manager"],
        "reviewers": ["Dee Director"],
        "categories": ["Damp and mould", "Lifts"],
        "retired_categories": ["Leaks"],
    }
    assert "  managers:   Bob [/], Mo Manager" in ok(run(url, "areas", "list"))

    # What the CLI set up routes: Bob is away, so a new stage 1 case goes to Mo.
    store = open_store(url)
    try:
        _routed_to_mo(store)
    finally:
        store.close()
    said = ok(run(url, "users", "deactivate", "Mo Manager"))
    assert said.startswith("Deactivated Mo Manager; 1 open case to re-assign: CMP-")
    assert "Mo Manager" not in {
        u["name"] for u in json.loads(ok(run(url, "users", "list", "--json")))
    }
    everyone = json.loads(ok(run(url, "users", "list", "--all", "--json")))
    assert {u["name"]: u["active"] for u in everyone if u["name"] == "Mo Manager"} == {
        "Mo Manager": False
    }


def _routed_to_mo(store: Store) -> None:
    from complaints_tui.domain.kinds import Channel
    from tests.conftest_store import at, complaint_answers

    users = {u.name: u for u in s.list_users(store)}
    [area] = s.list_service_areas(store)
    when = at(2026, 1, 5)
    capture = s.ContactCapture(
        channel=Channel.PHONE,
        answers=complaint_answers(when.date()),
        description="Mould",
        service_area_id=area.id,
        caller_name="Ann Caller",
    )
    logged = s.log_contact(store, users["Cal Handler"], capture, now=when)
    case = s.open_stage1(store, users["Cal Handler"], logged.case.id, logged.case.version, now=when)
    assert case.summary.handler_name == "Mo Manager"
    assert "Bob [/] is out of office" in case.routing


def test_refusals_are_one_sentence_and_exit_2(tmp_path: Path) -> None:
    url = _new_database(tmp_path)
    first = refused(run(url, "users", "add", "Cal", "--role", "call_handler"))
    assert "no users yet" in first
    ok(run(url, "users", "add", "Ada Admin", "--role", "admin"))
    ok(run(url, "users", "add", "Lee Lead", "--role", "team_lead"))
    assert "no role 'boss'" in refused(run(url, "users", "add", "X", "--role", "boss"))
    assert "Record the user's name" in refused(run(url, "users", "add", "  ", "--role", "admin"))
    assert "already an active user called 'Lee Lead'" in refused(
        run(url, "users", "add", "LEE LEAD", "--role", "team_lead")
    )
    assert "no active user called 'Nobody'" in refused(
        run(url, "users", "add", "Pat", "--role", "team_lead", "--line-manager", "Nobody")
    )
    assert "own line manager" in refused(
        run(url, "users", "edit", "Lee Lead", "--line-manager", "Lee Lead")
    )
    assert "last active administrator" in refused(run(url, "users", "deactivate", "Ada Admin"))
    assert "Only an administrator" in refused(
        run(url, "users", "add", "Pat", "--role", "team_lead", "--as", "Lee Lead")
    )
    assert "no service area called 'Nowhere'" in refused(
        run(url, "areas", "edit", "Nowhere", "--rename", "X")
    )
    ok(run(url, "areas", "add", "Repairs", "--manager", "Lee Lead"))
    assert "already a service area" in refused(run(url, "areas", "add", "repairs"))
    assert "OLD=NEW" in refused(run(url, "areas", "edit", "Repairs", "--rename-category", "x"))
    assert "no category of Repairs called 'Gas'" in refused(
        run(url, "areas", "edit", "Repairs", "--retire-category", "Gas")
    )
    assert "named twice" in refused(
        run(url, "areas", "edit", "Repairs", "--manager", "Lee Lead", "--manager", "lee lead")
    )


def test_an_in_memory_database_is_refused_for_writing() -> None:
    result = run("sqlite://", "users", "add", "Ada", "--role", "admin")
    assert result.exit_code == 1 and "in-memory" in result.stderr
