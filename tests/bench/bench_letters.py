"""Letters benchmark: a letter's PDF and its text form (the preview), and composing a letter from
the database.

Timed: the PDF of a typical two-page stage response built by hand (`letter_pdf`, the shipped
layout and fonts: Typst lays it out and writes the bytes), its text form (`Letter.as_text`, what
the preview shows), and composing a stage response for a case on a small demo database
(`compose_letter`: the case read once, the template run) followed by its text form, which is
the whole preview. The first PDF of the process is printed on its own (Typst loaded then).

`WARMUP` untimed calls, then `RUNS` timed; the median is judged, the 95th percentile printed
beside it. Targets (issue 10): a PDF < 300 ms, the preview < 100 ms.
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable
from datetime import date

from pypdf import PdfReader

from complaints_tui.domain.letters import Landlord, Letter, LetterKind
from complaints_tui.services.letters.pdf import letter_pdf
from tests.bench.bench_store import TODAY, Row, Timing, _database

WARMUP = 3
RUNS = 50
PDF_TARGET_MS = 300
PREVIEW_TARGET_MS = 100
DEMO_CASES = 300  # a small demo database is enough to compose one letter


def typical_letter() -> Letter:
    """A stage response of the usual length: findings, remedies, redress, what next."""
    findings = tuple(
        f"Part {n} of your complaint: you told us the repair to the {place} was not done when "
        "we said it would be. We looked at the repair records, spoke to the contractor and to "
        "the surveyor who inspected the property. We found that the appointment was missed and "
        "that nobody called you to rearrange it. We uphold this part of your complaint."
        for n, place in enumerate(("bathroom extractor fan", "kitchen window", "loft hatch",
                                   "front door seal", "hall ceiling", "boiler flue"), start=1)
    )  # fmt: skip
    return Letter(
        kind=LetterKind.RESPONSE,
        reference="CMP-2026-01234",
        dated=date(2026, 3, 2),
        landlord=Landlord(
            "Riverside Homes",
            ("Riverside House", "1 High Street", "Leeds", "LS1 1AA"),
            "0113 496 0000",
            "complaints@riverside.example",
            "Customer Relations Team",
        ),
        addressee=("Łukasz Wróblewski", "Flat 4, Beck House", "12 Mill Lane", "Leeds", "LS2 2BB"),
        salutation="Dear Łukasz Wróblewski,",
        subject="Our stage 1 response to your complaint CMP-2026-01234",
        body=(
            "Thank you for raising your complaint with us on Monday 2 February 2026. This letter "
            "is our stage 1 response.",
            "Your complaint was about: damp and mould in the bathroom and bedroom, repairs "
            "reported three times since October and not done, and not being kept informed.",
            *findings,
            "We are sorry for the distress and inconvenience this has caused you.",
            "To put things right we will:\n- treat the mould in the bathroom by 16 March 2026\n"
            "- refit the extractor fan by 16 March 2026\n- call you each week until both are done",
            "We have offered you £250.00:\n- £150.00 for the time and trouble\n"
            "- £100.00 for the delay in repairs",
            "What we have learned: repair appointments that are missed will now be rearranged "
            "by the contractor within one working day, and the resident told the same day.",
            "If you are not happy with this response, you can ask for your complaint to be "
            "considered at stage 2 within 20 working days of this letter, by Monday 30 March "
            "2026. Write to us, email or phone quoting CMP-2026-01234, and tell us why you are "
            "not happy; you do not have to give reasons.",
            "You can also contact the Housing Ombudsman Service at any time: 0300 111 3000, "
            "info@housing-ombudsman.org.uk, PO Box 1484, Unit D, Preston, PR2 0ET.",
        ),
        signer="Sam Patel",
        signer_role="Complaints Manager",
        stage=1,
    )


def _time(call: Callable[[], object], runs: int = RUNS, warmup: int = WARMUP) -> Timing:
    for _ in range(warmup):
        call()
    seconds: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return Timing.of(seconds)


def _row(what: str, timing: Timing, target_ms: float) -> Row:
    verdict = "PASS" if timing.median_ms < target_ms else "OVER"
    figure = (
        f"{timing.median_ms:.2f} ms (p95 {timing.p95_ms:.2f}) over {timing.runs} runs; "
        f"target < {target_ms:.0f} ms: {verdict}"
    )
    print(f"{what}: {figure}", flush=True)
    return what, figure


def _bench_pdf() -> list[Row]:
    letter = typical_letter()
    loaded = "typst" in sys.modules
    started = time.perf_counter()
    pdf = letter_pdf(letter)
    first_ms = (time.perf_counter() - started) * 1000
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    if pages != 2:
        raise AssertionError(f"the typical letter should fill 2 pages, not {pages}")
    first = f"{first_ms:.1f} ms ({'Typst already loaded' if loaded else 'Typst loaded by it'})"
    print(f"first PDF of the process: {first}", flush=True)
    what = f"PDF of a typical letter (letter_pdf: {pages} pages, {len(pdf) // 1024} KiB)"
    return [
        ("first PDF of the process", first),
        _row(what, _time(lambda: letter_pdf(letter)), PDF_TARGET_MS),
        _row("text form of the same letter (as_text)", _time(letter.as_text), PREVIEW_TARGET_MS),
    ]


def _bench_compose() -> list[Row]:
    try:
        from complaints_tui.services.letters.compose import compose_letter, letter_choices
    except ImportError as error:
        return [("compose: not measured yet", f"TODO: compose_letter cannot be imported ({error})")]
    from complaints_tui.store.engine import open_store

    path, _ = _database(DEMO_CASES)
    store = open_store(f"sqlite:///{path}", create=False)
    try:
        with store.engine.connect() as connection:
            candidates = [row[0] for row in connection.exec_driver_sql(
                "SELECT id FROM cases WHERE status = 'open' AND stage = 1 ORDER BY id LIMIT 200"
            )]  # fmt: skip
        case_id = next(
            (
                case_id
                for case_id in candidates
                if any(
                    choice.kind is LetterKind.RESPONSE and choice.available
                    for choice in letter_choices(store, case_id, today=TODAY)
                )
            ),
            None,
        )
        if case_id is None:
            return [("compose: not measured yet", "TODO: no open stage 1 case has a response")]

        def preview() -> str:
            return compose_letter(store, case_id, LetterKind.RESPONSE, today=TODAY).as_text()

        words = len(preview().split())
        what = (
            f"preview of a stage response: compose_letter + as_text "
            f"({DEMO_CASES:,}-case demo database, case {case_id}, {words} words)"
        )
        return [_row(what, _time(preview), PREVIEW_TARGET_MS)]
    finally:
        store.engine.dispose()


def run() -> list[Row]:
    rows: list[Row] = [("method", f"median of {RUNS} after {WARMUP} warm-ups; p95 beside it")]
    rows += _bench_pdf()
    rows += _bench_compose()
    return rows


if __name__ == "__main__":
    from tests.bench.run_all import main

    raise SystemExit(main(["bench_letters"]))
