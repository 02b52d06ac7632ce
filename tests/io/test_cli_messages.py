"""What the import and export commands say when given bad input (issue 18, points 4, 11, 12, 14
and 15): one clear sentence that points the right way, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from complaints_tui.cli import app
from complaints_tui.services.io.imports import import_residents
from complaints_tui.store.engine import open_store

COMPLAINTS = str(Path(sys.executable).parent / "complaints")
HEADER = "reference,name,address,postcode,phone,email,tenure\n"


@pytest.fixture
def url(tmp_path: Path, sqlite_template: Path) -> str:
    shutil.copyfile(sqlite_template, tmp_path / "c.sqlite3")
    return f"sqlite:///{tmp_path / 'c.sqlite3'}"


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", url, *args])


def refused(result: Result) -> list[str]:
    """The problems an import listed, after its first line; checked to be no traceback."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert lines and lines[0].strip(), "no blank line before the message"
    return [line.strip() for line in lines[1:]]


@pytest.mark.parametrize("what", ["residents", "cases"])
def test_json_nested_two_thousand_deep_is_one_sentence(url: str, tmp_path: Path, what: str) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 2000 + "]" * 2000, encoding="utf-8")
    assert path.stat().st_size == 4000
    assert refused(run(url, "import", what, str(path))) == [
        "nests lists or objects too deeply to read: each row must be one flat object"
    ]


def test_a_closed_pipe_ends_quietly(url: str, tmp_path: Path) -> None:
    rows = "".join(f"R{n},Resident {n},{n} Mill Lane,DE1 2AB,,,LCRA\n" for n in range(5000))
    (tmp_path / "r.csv").write_text(HEADER + rows, encoding="utf-8")
    store = open_store(url)
    import_residents(store, tmp_path / "r.csv")
    store.close()
    # As `complaints export residents | head -1`: read one line, then close the pipe.
    export = subprocess.Popen(
        [COMPLAINTS, "--db", url, "export", "residents", "--format", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert export.stdout is not None and export.stderr is not None
    assert export.stdout.readline().startswith(b"reference,name")
    export.stdout.close()
    assert export.wait(timeout=60) == 0
    assert export.stderr.read() == b""


def test_a_missing_output_folder_is_named(url: str, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "x.json"
    result = run(url, "export", "cases", "--format", "json", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == (f"Nothing was exported: the folder {target.parent} does not exist.\n")
    assert not target.parent.exists()


def test_json_items_are_told_one_by_one_with_their_place(url: str, tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text("[1,2,3]", encoding="utf-8")
    assert refused(run(url, "import", "residents", str(path))) == [
        f"line 1, item {n}: is the number {n}, not an object of column names and values"
        for n in (1, 2, 3)
    ]
    path.write_text(
        '[{"reference": "R1", "name": 5, "address": null, "postcode": null, "phone": null,'
        ' "email": null, "tenure": ["LCRA"]}]',
        encoding="utf-8",
    )
    assert refused(run(url, "import", "residents", str(path))) == [
        "line 1, item 1: name must be text or null, not 5; "
        "tenure must be text or null, not a list; name is empty; "
        "tenure is empty; it must be one of LCRA, LCHO"
    ]
    path.write_bytes('[{"name": "Zo\xeb"}]'.encode("latin-1"))
    assert refused(run(url, "import", "residents", str(path))) == [
        "line 1: is not UTF-8 text (save it as UTF-8 JSON)"
    ]


def test_smaller_things(url: str, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(HEADER.strip() + ",anonymised_on\nR1,,,,,,council,2026-02-30\n", "utf-8")
    assert refused(run(url, "import", "residents", str(path))) == [
        "line 2: anonymised_on '2026-02-30' is not a real date: February 2026 has 28 days; "
        "name is empty; tenure is 'council'; it must be one of LCRA, LCHO"
    ]
    path.write_text(HEADER + 'R1,"Ann Lee,1 Road,DE1 2AB,,,LCRA\nR2,Bob,2 Road,,,,LCRA\n', "utf-8")
    assert refused(run(url, "import", "residents", str(path))) == [
        'line 2: a quoted field is never closed: a " opens it on this line and none ends it'
    ]
    path.write_text(HEADER + "R1,Ann Lee,1 Road,DE1 2AB,,,LCRA\n", "utf-8")
    result = run(url, "import", "residents", str(path))
    assert result.stdout == "Imported 1 resident.\n"
    result = run(url, "export", "residents", "-o", str(tmp_path / "out.csv"))
    assert result.stdout == f"Exported 1 resident to {tmp_path / 'out.csv'}.\n"


def test_the_report_says_why_a_figure_is_not_available(url: str) -> None:
    args = ["report", "tsm", "--from", "2025-04-01", "--to", "2026-03-31", "--homes-lcra", "0"]
    result = run(url, *args)
    assert result.exit_code == 0, result.output
    assert (
        "  stage 1 LCRA:      n/a  (0 received; no rate per 1,000 homes: the number of LCRA "
        "homes is 0)"
    ) in result.stdout
    assert "no share: no responses were sent in the period" in result.stdout
    result = run(url, *args[:2], "--from", "2026-02-30", *args[4:])
    assert result.exit_code == 2 and "is not a real date" in result.output


def test_old_text_is_exported_as_escapes(url: str) -> None:
    """A name stored before the text rule: CSV shows its escapes, JSON writes JSON's own (which
    read back as the same characters); neither prints them raw."""
    from complaints_tui.domain.text import refused_character
    from complaints_tui.store import models as m
    from tests.conftest_store import at

    name = "\x1b[2JBob\u202e\x07"
    store = open_store(url)
    with store.transaction() as session:  # as an import before the text rule left it
        session.add(m.Resident(reference="R1", name=name, created_at=at(2026, 1, 5)))
    store.close()
    csv_out = run(url, "export", "residents", "--format", "csv").stdout
    json_out = run(url, "export", "residents", "--format", "json").stdout
    assert "R1,\\x1b[2JBob\\u202e\\x07," in csv_out
    assert "\\u001b[2JBob\\u202e\\u0007" in json_out
    assert json.loads(json_out)[0]["name"] == name
    for text in (csv_out, json_out):
        assert refused_character(text, multiline=True) is None
