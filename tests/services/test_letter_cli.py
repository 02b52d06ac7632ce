"""`complaints letter REF KIND`: the letter the services compose, as text on stdout or in a file,
or as a PDF; read-only; a letter not reached, an unknown reference or a bad date is exit 2 with
one sentence, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from complaints_tui import services as s
from complaints_tui.cli import app
from complaints_tui.domain.letters import LetterKind
from complaints_tui.services.letters.compose import compose_letter
from complaints_tui.services.letters.landlord import set_letter_settings
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, count
from tests.services.test_letter_pdf import letter_words
from tests.services.test_letters import MARKUP, acknowledged

COMPLAINTS = str(Path(sys.executable).parent / "complaints")
TODAY = "2026-03-02"


@pytest.fixture
def case(store: Store, staff: Staff) -> s.CaseDetail:
    """A hos-code complaint at stage 1, acknowledged; the resident is `Bob [/] … {{ 7*7 }}`."""
    return acknowledged(store, staff, "hos-code")


def run(store: Store, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", store.url, "letter", *args])


def no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def refused(result: Result, code: int = 2) -> str:
    """The refusal: exit `code`, nothing on stdout, exactly one line on stderr."""
    no_traceback(result)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, repr(result.stderr)
    return result.stderr.rstrip("\n")


def expected(store: Store, case: s.CaseDetail, kind: LetterKind) -> str:
    return compose_letter(store, case.id, kind, today=date.fromisoformat(TODAY)).as_text()


def test_text_goes_to_stdout_and_the_database_is_not_written(
    store: Store, case: s.CaseDetail
) -> None:
    events = count(store, m.Event)
    result = run(store, case.reference, "acknowledgement", "--today", TODAY)

    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected(store, case, LetterKind.ACKNOWLEDGEMENT)
    assert f"Dear {MARKUP}," in result.stdout.splitlines()
    assert "Date: Monday 2 March 2026" in result.stdout and "49" not in result.stdout
    assert result.stderr == ""
    assert count(store, m.Event) == events  # a printed letter is not a sent one


def test_the_kind_and_reference_are_read_as_typed(store: Store, case: s.CaseDetail) -> None:
    result = run(store, f" {case.reference} ", "ACKNOWLEDGEMENT", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected(store, case, LetterKind.ACKNOWLEDGEMENT)


def test_text_to_a_file(store: Store, case: s.CaseDetail, tmp_path: Path) -> None:
    target = tmp_path / "ack.txt"
    result = run(store, case.reference, "acknowledgement", "-o", str(target), "--today", TODAY)

    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == expected(store, case, LetterKind.ACKNOWLEDGEMENT)
    assert result.stdout == ""
    assert result.stderr == (
        f"Wrote the acknowledgement letter for {case.reference} to {target}.\n"
    )


def test_pdf_to_a_file_says_the_words_of_the_text(
    store: Store, case: s.CaseDetail, tmp_path: Path
) -> None:
    target = tmp_path / "ack.pdf"
    result = run(
        store, case.reference, "acknowledgement", "--format", "pdf", "-o", str(target),
        "--today", TODAY,
    )  # fmt: skip

    no_traceback(result)
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and result.stdout == ""
    letter = compose_letter(store, case.id, LetterKind.ACKNOWLEDGEMENT, today=date(2026, 3, 2))
    assert letter_words(data, case.reference) == letter.words()


def test_pdf_to_a_pipe(store: Store, case: s.CaseDetail) -> None:
    result = run(store, case.reference, "acknowledgement", "--format", "pdf", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"%PDF-") and result.stderr == ""


def test_a_kind_not_reached_is_one_sentence(store: Store, case: s.CaseDetail) -> None:
    said = refused(run(store, case.reference, "final-response", "--today", TODAY))
    assert said == (
        f"{case.reference} is at stage 1, not the last stage: its answer is a stage response "
        "(response). Letters it has reached: acknowledgement, response."
    )


def test_a_kind_not_reached_from_the_real_command(store: Store, case: s.CaseDetail) -> None:
    done = subprocess.run(
        [COMPLAINTS, "--db", store.url, "letter", case.reference, "extension"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        f"Stage 1 of {case.reference} has not been extended. "
        "Letters it has reached: acknowledgement, response.\n"
    )


def test_an_unknown_reference_is_one_sentence(store: Store, case: s.CaseDetail) -> None:
    said = refused(run(store, "CMP-1999-000009", "acknowledgement"))
    assert said == "There is no case with reference CMP-1999-000009."


@pytest.mark.parametrize(
    ("today", "why"),
    [
        ("2026-02-30", "'2026-02-30' is not a real date: February 2026 has 28 days"),
        ("02/03/2026", "'02/03/2026' is not a date in the form YYYY-MM-DD"),
    ],
)
def test_a_bad_today_is_exit_2(store: Store, case: s.CaseDetail, today: str, why: str) -> None:
    result = run(store, case.reference, "acknowledgement", "--today", today)
    no_traceback(result)
    assert result.exit_code == 2 and result.stdout == ""
    flat = " ".join(result.stderr.replace("│", " ").split())
    assert "--today" in flat and why in flat


def test_a_bad_today_is_one_sentence_as_demo_says_it(store: Store, case: s.CaseDetail) -> None:
    said = refused(run(store, case.reference, "acknowledgement", "--today", "2026-02-30"))
    assert said == "--today: '2026-02-30' is not a real date: February 2026 has 28 days"
    said = refused(run(store, case.reference, "acknowledgement", "--today", "1900-01-01"))
    assert said.startswith("--today: 1900-01-01 is outside 1990-01-01 to")


def test_a_letter_is_never_dated_before_the_case_was_received(
    store: Store, case: s.CaseDetail
) -> None:
    day = case.summary.received_on.replace(year=case.summary.received_on.year - 1)
    said = refused(run(store, case.reference, "acknowledgement", "--today", day.isoformat()))
    assert "cannot be dated" in said and "before it was received" in said


def test_an_unknown_kind_is_exit_2(store: Store, case: s.CaseDetail) -> None:
    result = run(store, case.reference, "apology")
    no_traceback(result)
    assert result.exit_code == 2 and result.stdout == ""
    assert "'apology' is not one of" in result.stderr


def test_a_broken_landlord_template_is_one_sentence(
    store: Store, staff: Staff, case: s.CaseDetail, tmp_path: Path
) -> None:
    path = tmp_path / "acknowledgement.txt.j2"
    path.write_text("Subject: x\n\n{% if %}\n", encoding="utf-8")
    set_letter_settings(store, staff.lead, letters_folder=str(tmp_path), now=at(2026, 1, 6))

    said = refused(run(store, case.reference, "acknowledgement", "--today", TODAY), code=1)
    assert str(path) in said and "at line 3:" in said
    # The other kinds still print from the shipped templates.
    assert run(store, case.reference, "response", "--today", TODAY).exit_code == 0
