"""A report's independent sections read at once, each worker on its own read session.

A year's annual report is a dozen GROUP BYs over the same million-case database; one after the
other they took about four seconds, and most of that is the database working (SQLite and psycopg
release the GIL while a statement runs), so two workers finish in little more than the longest
chain of sections. The sections are handed out longest first, so the last one to finish is short.

Each worker reads in its own transaction: a case saved while a report runs may be counted by one
section and not yet by another, exactly as if the report had been started a moment earlier or
later for that section (reports are of past periods; the CLI and the screen say "as of" the run).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.orm import Session

from complaints_tui.services.reports.access import Steps
from complaints_tui.store.engine import Store

Section = tuple[str, Callable[[Session], Any]]  # (what the progress bar says, the reading)

WORKERS = 2


def read_sections(
    store: Store, sections: Sequence[Section], step: Steps, workers: int = WORKERS
) -> list[Any]:
    """Each section's result, in the order given; sections are taken in that order, so put the
    longest first. An error in any section is raised here once the others have stopped."""
    results: list[Any] = [None] * len(sections)
    taken = iter(range(len(sections)))
    lock = threading.Lock()

    def next_index() -> int | None:
        with lock:
            return next(taken, None)

    def work() -> None:
        with store.reading() as session:
            while (index := next_index()) is not None:
                what, read = sections[index]
                step(what)
                results[index] = read(session)

    count = max(1, min(workers, len(sections)))
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="report") as pool:
        futures = [pool.submit(work) for _ in range(count)]
    for future in futures:
        future.result()  # the first failure, as raised in its worker
    return results
