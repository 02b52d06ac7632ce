"""One soak writer process: `python -m tests.soak.writer --db URL --worker N --count K`.

It signs the seeded call handler in (no one types anything), then K times: logs a complaint
through `services.log_contact`, opens stage 1 on every other one through `services.open_stage1`,
and saves a draft through `DraftStore`. Each line it prints is flushed, and printed only after
the call it reports returned, so a harness that kills it knows what was committed:

    COMMITTED <reference> <case_id>     log_contact committed the case
    OPENED <reference> <case_id>        open_stage1 committed stage 1 on it
    DRAFT <key> <n>                     draft number n of this worker is saved under key
    LOCKED after <s> s: <sentence>      a "database is locked"/busy error reached the caller
    ERROR after <s> s: <sentence>       any other error reached the caller
    READY                               signed in (with --wait-go: waits for "GO" on stdin)
    DONE <seconds> <slowest>            done: time in all, and the slowest contact (its wait)

A killed writer is started again with `--start` after the last number it reported, so draft
numbers only go up.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

from complaints_tui import services as s
from complaints_tui.domain.kinds import Channel
from complaints_tui.domain.triage import TriageAnswers
from complaints_tui.services._core import uk_date, utc_now
from complaints_tui.services.drafts import Draft, DraftStore
from complaints_tui.store.engine import StoreBusy, StoreError, open_store
from tests.soak.seed import Seeded, seeded

DRAFT_USER_BASE = 100_000  # a draft key per worker, clear of any real user id
DRAFT_FILLER = 4_000  # lines of text in each draft: big enough that a kill can land mid-write


def emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def is_lock_error(error: BaseException) -> bool:
    """A busy / locked / lost-race error, in whatever shape it reached the caller."""
    text = str(error).lower()
    return isinstance(error, StoreBusy) or "locked" in text or "busy" in text


def _refused(error: BaseException, seconds: float, prefix: str = "") -> str:
    """The LOCKED / ERROR line: how long the call took (a lock given up after the busy timeout
    takes seconds; a stale snapshot SQLite refuses at once takes none) and the sentence."""
    word = "LOCKED" if is_lock_error(error) else "ERROR"
    sentence = (str(error).splitlines() or [""])[0]
    return f"{word} after {seconds:.2f} s: {prefix}{sentence}"


def _capture(seed: Seeded, worker: int, number: int) -> s.ContactCapture:
    today = uk_date(utc_now())  # log_contact sets it again from the moment it is received
    answers = TriageAnswers(
        contacted_on=today,
        dissatisfied=True,
        wants_response_or_action=True,
        issue_known_on=today,
    )
    return s.ContactCapture(
        channel=Channel.PHONE,
        answers=answers,
        description=f"Soak writer {worker}, contact {number}: the leak is back",
        resident_id=seed.resident_ids[(worker + number) % len(seed.resident_ids)],
        service_area_id=seed.area_id,
        complaint_offered=True,
    )


def _draft(seed: Seeded, worker: int, number: int) -> Draft:
    filler = [f"line {line} of draft {number} from worker {worker}" for line in range(DRAFT_FILLER)]
    return Draft(
        user_id=DRAFT_USER_BASE + worker,
        resident_id=seed.resident_ids[0],
        resident_label=f"Soak worker {worker}",
        fields={"n": number, "notes": filler},
    )


def run(
    url: str,
    worker: int,
    count: int,
    start: int,
    *,
    stage1: bool,
    drafts: Path | None,
    wait_go: bool,
) -> int:
    """Write `count` contacts; the number of errors that reached the caller."""
    store = open_store(url)
    seed = seeded(store)
    draft_store = DraftStore(drafts) if drafts is not None else None
    emit("READY")
    if wait_go:
        sys.stdin.readline()
    started = time.perf_counter()
    errors = 0
    slowest = 0.0
    for number in range(start, start + count):
        began = time.perf_counter()
        try:
            logged = s.log_contact(store, seed.handler, _capture(seed, worker, number))
            emit(f"COMMITTED {logged.case.reference} {logged.case.id}")
            if stage1 and number % 2 == 0:
                opened = s.open_stage1(store, seed.handler, logged.case.id, logged.case.version)
                emit(f"OPENED {opened.reference} {opened.id}")
        except (StoreError, s.ServiceError) as error:
            errors += 1
            emit(_refused(error, time.perf_counter() - began))
        except Exception as error:  # a traceback would reach a user: count it, keep going
            errors += 1
            traceback.print_exc()
            emit(_refused(error, time.perf_counter() - began, type(error).__name__ + ": "))
        slowest = max(slowest, time.perf_counter() - began)
        if draft_store is not None:
            draft_store.save(_draft(seed, worker, number))
            emit(f"DRAFT {DRAFT_USER_BASE + worker} {number}")
    emit(f"DONE {time.perf_counter() - started:.3f} {slowest:.3f}")
    store.close()
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database URL (already seeded)")
    parser.add_argument("--worker", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--start", type=int, default=0, help="first contact / draft number")
    parser.add_argument("--stage1", action="store_true", help="open stage 1 on every other one")
    parser.add_argument("--drafts", type=Path, help="folder for drafts (none: no drafts)")
    parser.add_argument("--wait-go", action="store_true", help="wait for a line on stdin first")
    args = parser.parse_args(argv)
    errors = run(
        args.db,
        args.worker,
        args.count,
        args.start,
        stage1=args.stage1,
        drafts=args.drafts,
        wait_go=args.wait_go,
    )
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
